import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { BlockDiagnostic, CodeBlock, extractBlocks, formatDiagnostic, readmeFiles, root, typeCheck } from "./blocks";
import { folders, preludes } from "./preludes";

const blocks = readmeFiles().flatMap((file) => extractBlocks(file, fs.readFileSync(path.join(root, file), "utf8")));
const keyOf = (block: CodeBlock) => `${block.file}#${block.heading}`;
const titleOf = (block: CodeBlock) => `${block.file}:${block.fence} (${block.heading})`;

// Checked in the same program as the READMEs, so that the checker is seen to fail and to place the
// failure on the README's line, the prelude's lines not counted.
const brokenFixture: CodeBlock = {
    file: "tests/readme/fixture.md",
    fence: 9,
    line: 10,
    heading: "Broken",
    code: ['import { SecureUserBucket } from "pulumi-user-backend";', "", 'new SecureUserBucket("photos", { corsOrigin: [origin] });'].join("\n"),
};
const fixturePrelude = "declare const origin: string;\ndeclare const unusedHere: number;";

describe("README TypeScript blocks", function () {
    // One TypeScript program for every block: about 5 s on this machine, most of it @pulumi/aws's types.
    this.timeout(120_000);
    let diagnostics: Map<CodeBlock, BlockDiagnostic[]>;
    before(() => {
        diagnostics = typeCheck(
            [...blocks, brokenFixture],
            (block) => (block === brokenFixture ? fixturePrelude : (preludes[keyOf(block)] ?? "")),
            (block) => folders[keyOf(block)] ?? path.dirname(block.file),
        );
    });

    it("are read from README.md and every example's README.md", () => {
        const files = readmeFiles();
        assert.ok(files.includes("README.md"));
        for (const dir of fs.readdirSync(path.join(root, "examples"), { withFileTypes: true })) {
            if (dir.isDirectory()) assert.ok(files.includes(`examples/${dir.name}/README.md`), `examples/${dir.name}/README.md is not read`);
        }
        // The component and testing sections each show TypeScript; losing one means the extraction broke.
        for (const heading of ["SecureUserBucket", "CognitoAuth", "AuthorizedApi", "Testing your own program offline"]) {
            assert.ok(blocks.some((b) => b.file === "README.md" && b.heading === heading), `no TypeScript block under "## ${heading}" in README.md`);
        }
    });

    it("every prelude and folder belongs to a block, and the block uses everything the prelude declares", () => {
        for (const [key, folder] of Object.entries(folders)) {
            assert.ok(blocks.some((b) => keyOf(b) === key), `folders["${key}"] names no TypeScript block`);
            assert.ok(fs.statSync(path.join(root, folder)).isDirectory(), `folders["${key}"]: ${folder} is not a folder`);
        }
        for (const [key, prelude] of Object.entries(preludes)) {
            const block = blocks.find((b) => keyOf(b) === key);
            assert.ok(block, `preludes["${key}"] names no TypeScript block (blocks: ${blocks.map(keyOf).join(", ")})`);
            const declared = [...prelude.matchAll(/declare\s+(?:const|let|function|class)\s+(\w+)/g)].map((m) => m[1]);
            assert.ok(declared.length > 0, `preludes["${key}"] declares nothing`);
            for (const name of declared) {
                assert.match(block.code, new RegExp(`\\b${name}\\b`), `preludes["${key}"] declares ${name}, which ${titleOf(block)} does not use`);
            }
        }
    });

    for (const block of blocks) {
        it(`${titleOf(block)} type-checks as written`, () => {
            const found = diagnostics.get(block) ?? [];
            if (found.length > 0) assert.fail(`${titleOf(block)} does not compile:\n${found.map(formatDiagnostic).join("\n")}`);
        });
    }

    it("a block that does not compile fails with the README's file, line and the diagnostic", () => {
        assert.deepEqual(diagnostics.get(brokenFixture)!.map(formatDiagnostic), [
            "tests/readme/fixture.md:12:34 TS2561 Object literal may only specify known properties, but 'corsOrigin' does not exist in type 'SecureUserBucketArgs'. Did you mean to write 'corsOrigins'?",
        ]);
    });
});

describe("extractBlocks", () => {
    it("reads ```ts and ```typescript blocks with their fence line, first code line and heading, and skips other languages", () => {
        const markdown = ["# Title", "", "```sh", "npm ci", "```", "## Use", "```ts", "const a = 1;", "```", "", "```typescript title", "const b = 2;", "```"].join("\n");
        assert.deepEqual(extractBlocks("x.md", markdown), [
            { file: "x.md", fence: 7, line: 8, heading: "Use", code: "const a = 1;" },
            { file: "x.md", fence: 11, line: 12, heading: "Use", code: "const b = 2;" },
        ]);
    });

    it("removes a list item's indentation and closes a fence only on one as long", () => {
        const markdown = ["- item:", "", "   ````ts", "   const s = `", "   ```", "   `;", "   ````", "after"].join("\n");
        assert.deepEqual(extractBlocks("x.md", markdown), [{ file: "x.md", fence: 3, line: 4, heading: "", code: "const s = `\n```\n`;" }]);
    });

    it("takes no heading from a # line inside a block", () => {
        const markdown = ["## Real", "```sh", "# a comment", "```", "```ts", "export {};", "```"].join("\n");
        assert.equal(extractBlocks("x.md", markdown)[0].heading, "Real");
    });
});

describe("README testing examples", function () {
    this.timeout(120_000);
    const heading = "Testing your own program offline";
    const specs = blocks.filter((b) => b.file === "README.md" && b.heading === heading && /\bdescribe\(/.test(b.code));

    it(`"## ${heading}" shows mocha specs`, () => {
        assert.ok(specs.length > 0, `no TypeScript block with describe() under "## ${heading}" in README.md`);
    });

    // Each in a process of its own: one spec records, the other sets the runtime's mocks for the whole process.
    for (const block of specs) {
        it(`${titleOf(block)} runs under mocha, as written, against the program it records, and passes`, async () => {
            const titles = [...block.code.matchAll(/\bit\(\s*"([^"]+)"/g)].map((m) => m[1]);
            assert.ok(titles.length > 0, `${titleOf(block)} has no it("...") to run`);
            const result = await runSpec(block.code, path.join(__dirname, "program", "index.ts"));
            assert.equal(result.stats.failures, 0, `${titleOf(block)} fails under mocha:\n${result.failed}`);
            assert.deepEqual(result.passed.sort(), [...titles].sort());
            assert.equal(result.stats.pending, 0);
        });
    }
});

/**
 * Runs `spec` with mocha in a scratch project, as index.test.ts beside `program` as index.ts, with
 * the package resolved to this repository's sources, and returns mocha's JSON report.
 */
async function runSpec(spec: string, program: string): Promise<{ stats: { passes: number; failures: number; pending: number }; passed: string[]; failed: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-spec-"));
    try {
        fs.writeFileSync(path.join(dir, "index.test.ts"), spec + "\n");
        fs.copyFileSync(program, path.join(dir, "index.ts"));
        // The module settings of `pulumi new aws-typescript` (pulumi/templates aws-typescript/tsconfig.json):
        // CommonJS, so `await import("./index")` is a require that ts-node resolves to index.ts.
        const tsconfig = { compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node" } };
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 4));
        const report = path.join(dir, "report.json");
        const args = [
            require.resolve("mocha/bin/mocha.js"),
            "--no-config",
            "--require", path.join(root, "scripts", "ts-node-swc.js"),
            // The package by its name, resolved to this repository's sources.
            "--require", path.join(root, "tests", "support", "self-reference.ts"),
            "--extension", "ts",
            "--timeout", "60000",
            "--reporter", "json",
            "--reporter-option", `output=${report}`,
            path.join(dir, "index.test.ts"),
        ];
        // The scratch folder has no node_modules: its imports resolve to this repository's.
        const env = { ...process.env, NODE_PATH: path.join(root, "node_modules") };
        const run: { code?: number; stderr?: string } = await promisify(execFile)(process.execPath, args, { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }).catch((e) => e);
        assert.ok(fs.existsSync(report), `mocha wrote no report (exit ${run.code ?? 0}):\n${run.stderr}`);
        const result = JSON.parse(fs.readFileSync(report, "utf8")) as {
            stats: { passes: number; failures: number; pending: number };
            failures: { fullTitle: string; err: { message: string } }[];
            passes: { title: string }[];
        };
        const failed = result.failures.map((f) => `${f.fullTitle}: ${f.err.message}`).join("\n") + (result.stats.failures > 0 ? `\n${run.stderr ?? ""}` : "");
        return { stats: result.stats, passed: result.passes.map((p) => p.title), failed };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
