import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { tsFiles } from "../shape/shape";
import { PluginHost, REPOSITORY_ROOT, TestEngine } from "../support/plugin-host";
import { constructSpecs } from "./construct";
import { anyTypedPaths, deliberateAny, schemaRefs } from "./schema-walk";

// The component package, as another language's program reaches it (issue 15): the host is started the
// way Pulumi's Node.js language host starts a plugin, and these specs talk to it over gRPC only.

const manifest = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { name: string; version: string };
const committed = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "schema.json"), "utf8"));
const COMPONENTS = ["CognitoAuth", "SecureUserBucket", "AuthorizedApi"] as const;
const token = (component: string) => `user-backend:index:${component}`;

/** The TypeScript view of the components: each class's args interface and public fields, from the compiler. */
function typescriptSurface(): { checker: ts.TypeChecker; args: Map<string, ts.Type>; fields: Map<string, string[]> } {
    // The components' own files and the standard library only: @pulumi/* stay unresolved (error types),
    // which is all this walk needs, since it stops at their types, and takes a second instead of ten.
    const program = ts.createProgram(tsFiles("components"), { strict: true, noResolve: true, lib: ["lib.es2022.d.ts"], types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 });
    const checker = program.getTypeChecker();
    const entry = checker.getSymbolAtLocation(program.getSourceFile(path.join(REPOSITORY_ROOT, "components/index.ts"))!)!;
    const exports = new Map(checker.getExportsOfModule(entry).map((s) => [s.getName(), s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s]));
    const args = new Map<string, ts.Type>();
    const fields = new Map<string, string[]>();
    for (const name of COMPONENTS) {
        const declaration = exports.get(name)!.valueDeclaration as ts.ClassDeclaration;
        const constructor = declaration.members.find(ts.isConstructorDeclaration)!;
        args.set(name, checker.getTypeAtLocation(constructor.parameters[1].type!));
        const isPublicField = (m: ts.ClassElement) =>
            ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && !(ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected | ts.ModifierFlags.Static));
        fields.set(name, declaration.members.filter(isPublicField).map((m) => (m.name as ts.Identifier).text).sort());
    }
    return { checker, args, fields };
}

/** Every property path of a TypeScript args type, following named interfaces, arrays and maps, as the schema names them. */
function typescriptPaths(checker: ts.TypeChecker, type: ts.Type, prefix: string, seen = new Set<ts.Type>()): string[] {
    const out: string[] = [];
    if (seen.has(type)) return out;
    seen.add(type);
    for (const property of checker.getPropertiesOfType(type)) {
        if (!(property.flags & ts.SymbolFlags.Property)) continue;
        const here = `${prefix}.${property.getName()}`;
        out.push(here);
        let inner = checker.getNonNullableType(checker.getTypeOfSymbol(property));
        // Unwrap Input<T> (T | Promise<T> | OutputInstance<T>) to T, arrays to their element, maps to their value.
        for (let step = 0; step < 4; step++) {
            if (inner.isUnion()) {
                const plain = inner.types.filter((t) => !/^(Promise|OutputInstance|Output)$/.test(t.getSymbol()?.getName() ?? ""));
                if (plain.length === 1) inner = plain[0];
            }
            const element = checker.isArrayType(inner) ? checker.getTypeArguments(inner as ts.TypeReference)[0] : checker.getIndexInfoOfType(inner, ts.IndexKind.String)?.type;
            if (!element) break;
            inner = checker.getNonNullableType(element);
        }
        const named = inner.getSymbol()?.getName();
        if (inner.isClassOrInterface() && named && !["Resource", "CustomResource"].includes(named) && !inner.getSymbol()!.declarations?.some((d) => d.getSourceFile().fileName.includes("node_modules"))) {
            out.push(...typescriptPaths(checker, inner, `${here}>${named}`, seen));
        }
    }
    return out;
}

/** Every property path of a schema resource's inputs, following `#/types` references, named as typescriptPaths names them. */
function schemaPaths(schema: any, properties: Record<string, any>, prefix: string, seen = new Set<string>()): string[] {
    const out: string[] = [];
    for (const [name, definition] of Object.entries(properties ?? {})) {
        const here = `${prefix}.${name}`;
        out.push(here);
        let inner: any = definition;
        while (inner.items || inner.additionalProperties) inner = inner.items ?? inner.additionalProperties;
        const ref = inner.$ref?.startsWith("#/types/") ? inner.$ref.slice("#/types/".length) : undefined;
        const type = ref && schema.types[ref];
        if (type?.properties && !seen.has(ref)) {
            seen.add(ref);
            out.push(...schemaPaths(schema, type.properties, `${here}>${ref.split(":").pop()}`, seen));
        }
    }
    return out;
}

describe("the component package over gRPC (GetSchema, Construct)", function () {
    this.timeout(150_000);
    let engine: TestEngine;
    let host: PluginHost;
    let served: any;

    before(async () => {
        engine = await new TestEngine().start();
        host = await PluginHost.start(REPOSITORY_ROOT, engine.address);
        served = await host.getSchema();
    });

    after(async () => {
        host?.stop();
        await engine?.stop();
    });

    describe("GetSchema", () => {
        it("serves the committed schema.json (run `npm run schema` after changing an argument or output type)", () => {
            assert.deepEqual(served, committed, "schema.json is stale: run `npm run schema` and commit it");
        });

        it("names the package and its version from package.json, and keeps the resource tokens user-backend:index:*", () => {
            assert.equal(served.name, "user-backend");
            assert.equal(served.version, manifest.version);
            assert.deepEqual(Object.keys(served.resources).sort(), COMPONENTS.map(token).sort());
            for (const component of COMPONENTS) assert.equal(served.resources[token(component)].isComponent, true, component);
        });

        it("has every argument of every component, nested ones included, and every public field as an output", () => {
            const { checker, args, fields } = typescriptSurface();
            for (const component of COMPONENTS) {
                const resource = served.resources[token(component)];
                const expected = typescriptPaths(checker, args.get(component)!, component).sort();
                const actual = schemaPaths(served, resource.inputProperties, component).sort();
                assert.deepEqual(actual, expected, `${component}: the schema's inputs differ from the TypeScript args`);
                assert.deepEqual(Object.keys(resource.properties).sort(), fields.get(component), `${component}: the schema's outputs differ from the public fields`);
            }
        });

        it("gives users of other languages the bucket's grants as an input, since they cannot call grantUserAccess", () => {
            const grants = served.resources[token("SecureUserBucket")].inputProperties.grants;
            assert.equal(grants.type, "array");
            const grant = served.types[grants.items.$ref.slice("#/types/".length)];
            assert.ok(grant.properties.roleNames && grant.properties.name, JSON.stringify(grant));
            assert.ok(grant.required.includes("roleNames") && grant.required.includes("name"));
        });

        it("types nothing as Any except the deliberate free-form values", () => {
            const transforms = deliberateAny(served).filter((p) => /Transforms?\./.test(p));
            assert.ok(transforms.length >= 35, `only ${transforms.length} transform entries`);
            assert.deepEqual(anyTypedPaths(served).sort(), deliberateAny(served).sort());
        });

        it("resolves every type reference, and every enum lists its values", () => {
            for (const ref of schemaRefs(served)) {
                if (ref.startsWith("#/types/")) assert.ok(served.types[ref.slice("#/types/".length)], `dangling ${ref}`);
                else assert.match(ref, /^(pulumi\.json#\/(Any|Asset|Archive)|\/aws\/v[0-9.]+\/schema\.json#\/resources\/aws:)/, ref);
            }
            for (const [name, type] of Object.entries<any>(served.types)) {
                if (type.enum) assert.ok(type.enum.length > 1 && type.enum.every((e: any) => e.value !== undefined && e.name), name);
            }
        });
    });

    describe("Construct", () => {
        for (const spec of constructSpecs) {
            it(spec.title, async () => {
                await spec.run(host);
            });
        }
    });
});
