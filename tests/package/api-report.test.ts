import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { tsFiles } from "../shape/shape";

/**
 * The API report: the names and kinds each entry point exports, pinned in a committed file, so that
 * a change to the public surface is made on purpose and shows in review. The names come from the
 * TypeScript checker over the sources (`components/`, `offline/`), with module resolution off: the
 * index files' re-exports resolve among those files, and nothing from `@pulumi/*` is loaded.
 *
 * To change the surface on purpose: API_REPORT=update npx mocha tests/package/api-report.test.ts,
 * then commit the report files with the reason.
 */
const root = path.resolve(__dirname, "../..");
const entryPoints = [
    { name: "pulumi-user-backend", index: "components/index.ts", report: "tests/package/api-report/pulumi-user-backend.txt" },
    { name: "pulumi-user-backend/offline", index: "offline/index.ts", report: "tests/package/api-report/pulumi-user-backend-offline.txt" },
];
const updateCommand = "API_REPORT=update npx mocha tests/package/api-report.test.ts";

/** Kinds in the order the report lists them. */
const KINDS = ["class", "function", "const", "let", "enum", "namespace", "interface", "type"] as const;

function kindsOf(symbol: ts.Symbol): string[] {
    const f = symbol.flags;
    const kinds: string[] = [];
    if (f & ts.SymbolFlags.Class) kinds.push("class");
    if (f & ts.SymbolFlags.Function) kinds.push("function");
    if (f & ts.SymbolFlags.Variable) {
        const constant = (symbol.declarations ?? []).every((d) => ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const);
        kinds.push(constant ? "const" : "let");
    }
    if (f & ts.SymbolFlags.Enum) kinds.push("enum");
    if (f & ts.SymbolFlags.ValueModule) kinds.push("namespace");
    if (f & ts.SymbolFlags.Interface && !(f & ts.SymbolFlags.Class)) kinds.push("interface");
    if (f & ts.SymbolFlags.TypeAlias) kinds.push("type");
    return kinds;
}

interface Surface {
    /** `<kind> <name>`, one per export, in report order. */
    readonly exports: string[];
    /** Exports the checker could not follow to a declaration (a missing module or name). */
    readonly unresolved: string[];
    /** `unexported <Type> (named by <export>)`: types public declarations name that users cannot import. */
    readonly unexported: string[];
}

function surfaces(): Map<string, Surface> {
    // noResolve: only the listed files are in the program; imports of @pulumi/* stay unresolved,
    // which declarations of our own names do not need. About half a second for both entry points.
    const program = ts.createProgram(tsFiles("components", "offline"), {
        noResolve: true,
        noLib: true,
        types: [],
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        // As tsconfig.json resolves: "./authorized-api" is the folder's index.ts.
        moduleResolution: ts.ModuleResolutionKind.Node10,
    });
    const checker = program.getTypeChecker();
    const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const ours = (node: ts.Node): boolean => {
        const file = path.relative(root, node.getSourceFile().fileName);
        return file.startsWith("components/") || file.startsWith("offline/");
    };
    const out = new Map<string, Surface>();
    for (const entry of entryPoints) {
        const file = program.getSourceFile(path.join(root, entry.index));
        assert.ok(file, `${entry.index} is missing`);
        const moduleSymbol = checker.getSymbolAtLocation(file);
        assert.ok(moduleSymbol, `${entry.index} exports nothing`);
        const exported = new Map<ts.Symbol, string>();
        const rows: { kind: string; name: string }[] = [];
        const unresolved: string[] = [];
        for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
            const target = resolve(symbol);
            const kinds = kindsOf(target);
            if (kinds.length === 0 || !target.declarations?.length) {
                unresolved.push(symbol.name);
                continue;
            }
            exported.set(target, symbol.name);
            rows.push({ kind: kinds.join("+"), name: symbol.name });
        }
        const order = (kind: string) => KINDS.indexOf(kind.split("+")[0] as (typeof KINDS)[number]);
        rows.sort((a, b) => order(a.kind) - order(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

        // Types that a public declaration names (parameters, return types, properties, heritage),
        // declared in this package but not exported by this entry point. Bodies, initializers and
        // private members are not part of the surface and are skipped.
        const unexported = new Set<string>();
        for (const [target, name] of exported) {
            const visit = (node: ts.Node): void => {
                if (ts.isBlock(node)) return;
                if ((ts.isClassElement(node) || ts.isParameter(node)) && (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Private || (node.name && ts.isPrivateIdentifier(node.name)))) return;
                if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node)) && node.initializer) {
                    if (node.type) visit(node.type);
                    return;
                }
                const reference = ts.isTypeReferenceNode(node) ? node.typeName : ts.isExpressionWithTypeArguments(node) ? node.expression : ts.isTypeQueryNode(node) ? node.exprName : undefined;
                const referenced = reference && checker.getSymbolAtLocation(reference);
                if (referenced) {
                    const declared = resolve(referenced);
                    if (!(declared.flags & ts.SymbolFlags.TypeParameter) && !exported.has(declared) && (declared.declarations ?? []).some(ours)) {
                        unexported.add(`unexported ${declared.name} (named by ${name})`);
                    }
                }
                ts.forEachChild(node, visit);
            };
            for (const declaration of target.declarations ?? []) visit(declaration);
        }
        out.set(entry.name, { exports: rows.map((r) => `${r.kind} ${r.name}`), unresolved, unexported: [...unexported].sort() });
    }
    return out;
}

function render(entry: (typeof entryPoints)[number], surface: Surface): string {
    return [
        `# The public surface of "${entry.name}" (${entry.index}), pinned by tests/package/api-report.test.ts.`,
        `# A change here is a change users see. To make one on purpose: ${updateCommand}`,
        ...surface.exports,
        "",
        "# Types that public declarations name but this entry point does not export (users cannot import them by name):",
        ...surface.unexported,
        "",
    ].join("\n");
}

/** The report's export lines and unexported lines, comments and blank lines dropped. */
function linesOf(text: string): string[] {
    return text.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

describe("the API report", () => {
    const update = process.env.API_REPORT === "update";
    let current: Map<string, Surface>;

    before(function () {
        this.timeout(60_000);
        current = surfaces();
    });

    for (const entry of entryPoints) {
        it(`pins what "${entry.name}" exports, with each name's kind`, () => {
            const surface = current.get(entry.name)!;
            assert.deepEqual(surface.unresolved, [], `${entry.index} re-exports names that resolve to nothing: ${surface.unresolved.join(", ")}`);
            const file = path.join(root, entry.report);
            const expected = render(entry, surface);
            if (update) {
                fs.mkdirSync(path.dirname(file), { recursive: true });
                fs.writeFileSync(file, expected);
                return;
            }
            assert.ok(fs.existsSync(file), `no API report ${entry.report}: create it with ${updateCommand}`);
            const committed = linesOf(fs.readFileSync(file, "utf8"));
            const now = linesOf(expected);
            const added = now.filter((line) => !committed.includes(line));
            const removed = committed.filter((line) => !now.includes(line));
            if (added.length || removed.length) {
                assert.fail(
                    [
                        `the public surface of "${entry.name}" differs from ${entry.report}:`,
                        ...added.map((line) => `  + ${line}`),
                        ...removed.map((line) => `  - ${line}`),
                        `If the change is deliberate, run ${updateCommand} and commit the report with the reason;`,
                        `otherwise restore the export in ${entry.index}, or import the helper from its module file.`,
                    ].join("\n"),
                );
            }
        });
    }

    it("keeps internal helpers out of both entry points", () => {
        // Named in issue 13 as helpers that must not be public; each lives in its module file.
        const all = [...current.values()].flatMap((s) => s.exports.map((line) => line.split(" ")[1]));
        for (const internal of ["resolveCognitoDefaults", "validateUserAccessGrant", "slugOf", "identityCacheKey", "methodSettingsPath", "identityPoolTrust", "loadIamSimulate", "autoName"]) {
            assert.ok(!all.includes(internal), `${internal} is exported from an entry point`);
        }
    });
});
