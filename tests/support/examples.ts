// The two specs every TypeScript example shares: it meets the plan's rules, and it is a standalone
// project whose Pulumi.yaml declares exactly the config the program reads and whose package.json
// depends on the library's peers and the library itself.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { evaluateRules, Recording } from "../../offline";

const root = path.resolve(__dirname, "../..");

export interface ExampleSpecOptions {
    /** Medium or high findings the example keeps by design (`<rule id> <resource name>`), with the reason in the caller. @default [] */
    readonly findings?: readonly string[];
    /** Config keys that must have no default (a placeholder would be deployed). @default [] */
    readonly withoutDefault?: readonly string[];
    /** Development dependencies of the library the example also depends on. @default [] */
    readonly devDependencies?: readonly string[];
}

/** Declares the shared specs in the calling `describe`; `recording` returns what its `before` recorded. */
export function exampleProjectSpecs(dir: string, recording: () => Recording, options: ExampleSpecOptions = {}): void {
    const program = path.join(dir, "index.ts");
    type ConfigDeclaration = { type?: string; description?: string; default?: unknown };
    const projectFile = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { runtime: unknown; config: Record<string, ConfigDeclaration> };
    const withoutDefault = new Set(options.withoutDefault ?? []);

    it("meets the offline plan's rules: no high or medium finding", () => {
        const { findings } = evaluateRules(recording());
        assert.deepEqual(findings.filter((f) => f.severity !== "low").map((f) => `${f.ruleId} ${f.resource.name}`), [...(options.findings ?? [])]);
    });

    it("is a standalone project whose Pulumi.yaml declares, with a type and a description, exactly the config the program reads", () => {
        assert.deepEqual(projectFile.runtime, { name: "nodejs", options: { typescript: true } });
        const read = [...fs.readFileSync(program, "utf8").matchAll(/config\.\w+(?:<[^>]*>)?\("([^"]+)"\)/g)].map((m) => m[1]);
        assert.deepEqual([...new Set(read)].sort(), Object.keys(projectFile.config).sort());
        for (const [key, d] of Object.entries(projectFile.config)) {
            assert.ok(d.type && d.description, key);
            assert.equal(d.default === undefined, withoutDefault.has(key), `${key}: ${withoutDefault.has(key) ? "no default expected" : "a default expected"}`);
        }
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        const library = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        assert.equal(pkg.private, true);
        const expected: Record<string, string> = {
            "@pulumi/aws": library.peerDependencies["@pulumi/aws"],
            "@pulumi/pulumi": library.peerDependencies["@pulumi/pulumi"],
            "pulumi-user-backend": `^${library.version}`,
        };
        for (const dev of options.devDependencies ?? []) expected[dev] = library.devDependencies[dev];
        assert.deepEqual(Object.fromEntries(Object.entries(pkg.dependencies as Record<string, string>).sort()), Object.fromEntries(Object.entries(expected).sort()));
    });
}
