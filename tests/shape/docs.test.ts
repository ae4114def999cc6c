import { strict as assert } from "assert";
import * as path from "path";
import * as ts from "typescript";
import { componentsWithoutExample, programOf, root, tsFiles, undocumentedDefaults } from "./shape";

// Argument docs (STYLE.md points 3 and 16, issue 14): every optional property of an exported
// `*Args` interface, and of the interfaces and object types it nests, says its default with
// `@default`; every component class doc shows an `@example`.

const entry = path.join(root, "components/index.ts");
// Nested types are followed into components/, except the IAM policy grammar of policy.ts: an absent
// `Sid`, `Condition` or `Principal` of a statement means what the IAM JSON policy reference says, not a
// default a component chose.
const ours = (file: string): boolean => {
    const relative = path.relative(root, file);
    return relative.startsWith("components/") && relative !== "components/policy.ts";
};

/** A program over in-memory files, for proving the checks fail where they should. */
function fixture(files: Record<string, string>): { program: ts.Program; entry: string } {
    const names = Object.keys(files).map((f) => path.join("/fixture", f));
    const host = ts.createCompilerHost({});
    const read = (name: string) => files[path.relative("/fixture", name)];
    host.getSourceFile = (name, version) => (read(name) === undefined ? undefined : ts.createSourceFile(name, read(name), version, true));
    host.fileExists = (name) => read(name) !== undefined;
    host.readFile = read;
    host.directoryExists = (name) => name === "/fixture" || name === "/";
    return { program: programOf(names, host), entry: names[0] };
}

describe("argument docs", () => {
    let program: ts.Program;
    before(function () {
        this.timeout(60_000);
        program = programOf(tsFiles("components"));
    });

    it("documents the default of every optional argument of every exported *Args interface, nested ones included", () => {
        const missing = undocumentedDefaults(program, entry, ours);
        assert.deepEqual(missing, [], `optional arguments without @default (interface.property):\n  ${missing.join("\n  ")}`);
    });

    it("gives every component class an @example", () => {
        const missing = componentsWithoutExample(program, entry);
        assert.deepEqual(missing, [], `component classes whose doc has no @example: ${missing.join(", ")}`);
    });

    describe("the checks themselves", () => {
        const { program: p, entry: e } = fixture({
            "index.ts": 'export type { WidgetArgs, Helper } from "./widget";\nexport { Widget, Gadget } from "./widget";\n',
            "widget.ts": [
                "export interface WidgetArgs {",
                "    /** Required: no default needed. */",
                "    readonly name: string;",
                "    /** @default 3 */",
                "    readonly count?: number;",
                "    /** Undocumented default. */",
                "    readonly colour?: string;",
                "    /** @default undefined */",
                "    readonly cache?: { readonly size: string; readonly ttlSeconds?: number };",
                "    /** @default {} */",
                "    readonly parts?: Record<string, PartArgs>;",
                "}",
                "interface PartArgs {",
                "    readonly weight?: number;",
                "    /** @default false */",
                "    readonly fragile?: boolean;",
                "}",
                "/** Not an Args interface: not checked. */",
                "export interface Helper { readonly loose?: string }",
                "/**",
                " * A widget.",
                " * @example new Widget(\"w\", { name: \"w\" })",
                " */",
                "export class Widget extends pulumi.ComponentResource {}",
                "/** A gadget, without an example. */",
                "export class Gadget extends pulumi.ComponentResource {}",
            ].join("\n"),
        });

        it("names each optional property without @default, in nested interfaces and inline object types too", () => {
            assert.deepEqual(undocumentedDefaults(p, e, () => true), ["PartArgs.weight", "WidgetArgs.cache.ttlSeconds", "WidgetArgs.colour"]);
        });

        it("names each component class without @example", () => {
            assert.deepEqual(componentsWithoutExample(p, e), ["Gadget"]);
        });
    });
});
