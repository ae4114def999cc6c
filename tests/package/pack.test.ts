import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import { SourceMap } from "module";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { PluginHost, TestEngine } from "../support/plugin-host";

const root = path.resolve(__dirname, "../..");
const tsc = path.join(root, "node_modules/typescript/bin/tsc");

function run(command: string, args: string[], cwd: string): string {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
}

/** Every file under `dir`, relative to it, sorted. */
function filesUnder(dir: string): string[] {
    return run("find", [".", "-type", "f"], dir).split("\n").filter(Boolean).map((f) => f.slice(2)).sort();
}

/** The library's sources in this repository (what `tsconfig.build.json` compiles), as package paths: the components, offline/, and the component package's host. */
function librarySources(): string[] {
    const folders = ["components", "offline", "plugin"].flatMap((dir) => filesUnder(path.join(root, dir)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).map((f) => `${dir}/${f}`));
    return [...folders, "index.ts"].sort();
}

const consumerProgram = `
import * as aws from "@pulumi/aws";
import { SecureUserBucket, SecureUserBucketArgs, UserBackendInputError } from "pulumi-user-backend";

const authenticated = new aws.iam.Role("authenticated", { assumeRolePolicy: "{}" });
const args: SecureUserBucketArgs = { corsOrigins: ["https://app.example.com"], createKmsKey: true };
const photos = new SecureUserBucket("photos", args);
const grants: Record<string, aws.iam.RolePolicy> = photos.grantUserAccess("users", { roles: { authenticated: authenticated.name } });

export const bucketName = photos.bucketName;
export const grantCount = Object.keys(grants).length;
export const errorName: string = new UserBackendInputError("SecureUserBucket", "x", [{ field: "f", rule: "r" }]).name;
`;

const consumerCheck = `
import { record, AccessSimulator, Recording } from "pulumi-user-backend/offline";

async function main(): Promise<void> {
    const rec: Recording<{ bucketName: string }> = await record(() => require("./index"));
    const sim = AccessSimulator.load(rec);
    const role = rec.resources.find((r) => r.type === "aws:iam/role:Role")!.outputs.name as string;
    const own = await sim.can({ role, identityId: "us-east-1:me" }, "s3:PutObject", "arn:aws:s3:::" + rec.result.bucketName + "/private/us-east-1:me/a.jpg");
    const other = await sim.can({ role, identityId: "us-east-1:me" }, "s3:GetObject", "arn:aws:s3:::" + rec.result.bucketName + "/private/us-east-1:you/a.jpg");
    console.log(JSON.stringify({ resources: rec.resources.length, own, other }));
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

/**
 * The package as a consumer gets it: `npm pack`, installed into a fresh project, imported by its
 * package name and subpath, type-checked, and run.
 */
describe("the packed npm package", function () {
    this.timeout(180_000);
    let work: string;
    let consumer: string;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-user-backend-pack-"));
        run("npm", ["pack", "--silent", "--pack-destination", work], root);
        const tarball = fs.readdirSync(work).find((f) => f.endsWith(".tgz"));
        assert.ok(tarball, "npm pack produced no tarball");
        consumer = path.join(work, "consumer");
        fs.mkdirSync(consumer);
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
        // The package itself installs from the tarball, offline. Its one dependency (yaml) is the
        // locked copy of this repository's install, placed first so npm keeps it instead of asking
        // the registry; its peers (@pulumi/*, iam-simulate) are linked in. The test needs no registry.
        fs.mkdirSync(path.join(consumer, "node_modules/@cloud-copilot"), { recursive: true });
        fs.cpSync(path.join(root, "node_modules/yaml"), path.join(consumer, "node_modules/yaml"), { recursive: true });
        run("npm", ["install", "--offline", "--omit=peer", "--legacy-peer-deps", "--no-audit", "--no-fund", "--no-package-lock", path.join(work, tarball)], consumer);
        fs.symlinkSync(path.join(root, "node_modules/@pulumi"), path.join(consumer, "node_modules/@pulumi"), "dir");
        fs.symlinkSync(path.join(root, "node_modules/@cloud-copilot/iam-simulate"), path.join(consumer, "node_modules/@cloud-copilot/iam-simulate"), "dir");
        fs.writeFileSync(path.join(consumer, "index.ts"), consumerProgram);
        fs.writeFileSync(path.join(consumer, "check.ts"), consumerCheck);
    });

    after(() => {
        if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("ships the built code with its maps, the sources the maps point to, README and licence, and no tests", () => {
        const installed = path.join(consumer, "node_modules/pulumi-user-backend");
        const files = filesUnder(installed);
        for (const entry of ["components", "offline"]) {
            for (const expected of [`dist/${entry}/index.js`, `dist/${entry}/index.js.map`, `dist/${entry}/index.d.ts`, `dist/${entry}/index.d.ts.map`, `${entry}/index.ts`]) {
                assert.ok(files.includes(expected), `missing ${expected}`);
            }
        }
        for (const expected of ["LICENSE", "README.md", "package.json", "bin/pulumi-user-backend.js"]) assert.ok(files.includes(expected), `missing ${expected}`);
        // The component package: its manifest, entry points (compiled and source), the schema, and the
        // tsconfig.json the SDK's analyzer reads the sources with.
        for (const expected of ["PulumiPlugin.yaml", "index.js", "index.ts", "dist/index.js", "dist/plugin/host.js", "schema.json", "tsconfig.json"]) assert.ok(files.includes(expected), `missing ${expected}`);
        // The sources shipped are exactly the library's: components/ and offline/, which dist/ is
        // built from, and nothing of the tests, the reference stack, the examples or the tooling.
        assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), librarySources());
        assert.deepEqual(files.filter((f) => /^(dist\/)?(tests|stacks|examples|bench|scripts|baseline|policy)\//.test(f)), []);
        // Every compiled file has its source: a stale output of a module that was moved (tsc never
        // deletes one) would be shipped, and a stale dist/components/x.js shadows dist/components/x/index.js.
        const stale = files.filter((f) => f.startsWith("dist/") && f.endsWith(".js") && !files.includes(f.slice("dist/".length).replace(/\.js$/, ".ts")));
        assert.deepEqual(stale, [], "compiled files without a source in the package (rebuild from an empty dist/)");
    });

    it("maps its declarations and code to the shipped sources, so Go to Definition lands in the source", () => {
        const installed = path.join(consumer, "node_modules/pulumi-user-backend");
        const files = filesUnder(installed);
        const maps = files.filter((f) => f.endsWith(".d.ts.map") || f.endsWith(".js.map"));
        // A declaration map and a source map for every module of the library.
        for (const source of librarySources()) {
            for (const map of [`dist/${source.replace(/\.ts$/, ".js.map")}`, `dist/${source.replace(/\.ts$/, ".d.ts.map")}`]) assert.ok(files.includes(map), `missing ${map}`);
        }
        for (const map of maps) {
            const payload = JSON.parse(fs.readFileSync(path.join(installed, map), "utf8"));
            assert.equal(payload.sources.length, 1, `${map} has ${payload.sources.length} sources`);
            const source = path.relative(installed, path.resolve(installed, path.dirname(map), payload.sourceRoot ?? "", payload.sources[0]));
            assert.ok(files.includes(source), `${map} points at ${source}, which the package does not ship`);
            assert.equal(source, map.slice("dist/".length).replace(/\.d\.ts\.map$|\.js\.map$/, ".ts"), `${map} points at another module's source`);
        }
        // Go to Definition on an imported name: from its declaration to the line that defines it.
        const definitions: [string, RegExp, string, RegExp][] = [
            ["dist/components/secure-user-bucket/index.d.ts", /export declare class (SecureUserBucket)\b/, "SecureUserBucket", /^export class SecureUserBucket\b/],
            ["dist/offline/recorder.d.ts", /export declare function (record)</, "record", /^export function record</],
        ];
        for (const [declaration, declared, name, defined] of definitions) {
            const lines = fs.readFileSync(path.join(installed, declaration), "utf8").split("\n");
            const line = lines.findIndex((l) => declared.test(l));
            assert.ok(line >= 0, `${declaration} does not declare ${name}`);
            const map = new SourceMap(JSON.parse(fs.readFileSync(path.join(installed, `${declaration}.map`), "utf8")));
            const entry = map.findEntry(line, lines[line].indexOf(name)) as { originalSource?: string; originalLine: number; originalColumn: number };
            assert.ok(entry.originalSource, `${name} in ${declaration} maps to nothing`);
            const source = fs.readFileSync(path.resolve(installed, path.dirname(declaration), entry.originalSource), "utf8").split("\n");
            assert.match(source[entry.originalLine], defined, `${name} in ${declaration} maps to ${entry.originalSource}:${entry.originalLine + 1}`);
            assert.equal(source[entry.originalLine].indexOf(name), entry.originalColumn, `${name} maps to the wrong column`);
        }
    });

    it("its type declarations import nothing but its peers and themselves", () => {
        const dist = path.join(consumer, "node_modules/pulumi-user-backend/dist");
        const declarations = run("find", [".", "-name", "*.d.ts"], dist).split("\n").filter(Boolean);
        for (const file of declarations) {
            const text = fs.readFileSync(path.join(dist, file), "utf8");
            // The scanner TypeScript uses to find imports: it reads `import`, `export ... from`,
            // `import("...")` types and `/// <reference>`s, and skips comments (a doc comment's
            // example may name the package).
            const scanned = ts.preProcessFile(text, true, true);
            for (const spec of [...scanned.importedFiles, ...scanned.referencedFiles, ...scanned.typeReferenceDirectives].map((f) => f.fileName)) {
                assert.ok(spec.startsWith(".") || /^@pulumi\/(pulumi|aws)(\/|$)/.test(spec), `${file} imports ${spec}`);
            }
        }
    });

    it("ships the plan command as a bin that plans a consumer's TypeScript Pulumi project", () => {
        const bin = path.join(consumer, "node_modules/.bin/pulumi-user-backend");
        assert.ok(fs.existsSync(bin), "no node_modules/.bin/pulumi-user-backend");
        let failure: any;
        try {
            run(bin, ["plan", "--stack", "dev"], consumer);
        } catch (e) {
            failure = e;
        }
        // Before the consumer folder is a Pulumi project: a clear one-line error and exit code 2.
        assert.equal(failure?.status, 2);
        assert.match(String(failure.stderr), /^pulumi-user-backend plan: no Pulumi\.yaml in /);

        // A Pulumi TypeScript project has ts-node (a peer of @pulumi/pulumi); link this repository's in.
        for (const dep of ["ts-node", "typescript"]) {
            if (!fs.existsSync(path.join(consumer, "node_modules", dep))) fs.symlinkSync(path.join(root, "node_modules", dep), path.join(consumer, "node_modules", dep), "dir");
        }
        fs.writeFileSync(path.join(consumer, "Pulumi.yaml"), "name: consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n");
        fs.writeFileSync(path.join(consumer, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-central-1\n");
        const report = JSON.parse(run(bin, ["plan", "--stack", "dev", "--format", "json"], consumer));
        assert.equal(report.project, "consumer");
        assert.equal(report.resources.counts["aws:s3/bucket:Bucket"], 2);
        assert.equal(report.posture.find((c: { component: string }) => c.component === "SecureUserBucket").items.find((i: { check: string }) => i.check === "encryption").value, "SSE-KMS (customer key, bucket key)");
        assert.ok(report.findings.rules.length > 30);
    });

    for (const moduleResolution of ["node16", "node10"]) {
        it(`type-checks a consumer program under moduleResolution ${moduleResolution}`, () => {
            const tsconfig = {
                compilerOptions: {
                    strict: true,
                    target: "ES2022",
                    module: moduleResolution === "node16" ? "node16" : "commonjs",
                    moduleResolution,
                    skipLibCheck: true,
                    types: ["node"],
                    typeRoots: [path.join(root, "node_modules/@types")],
                    outDir: "out",
                },
                files: ["index.ts", "check.ts"],
            };
            fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify(tsconfig));
            try {
                run(process.execPath, [tsc, "-p", "."], consumer);
            } catch (e: any) {
                assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
            }
        });
    }

    it("runs the consumer program offline with the packaged recorder and simulator", () => {
        const output = run(process.execPath, ["out/check.js"], consumer);
        const result = JSON.parse(output.trim().split("\n").pop()!);
        assert.ok(result.resources > 15, `only ${result.resources} resources`);
        assert.equal(result.own, true);
        assert.equal(result.other, false);
    });

    it("runs as a component package from the installed copy: the host serves the committed schema", async () => {
        // The language host requires the folder; inside node_modules its entry runs the compiled host.
        const installed = path.join(consumer, "node_modules/pulumi-user-backend");
        const engine = await new TestEngine().start();
        const host = await PluginHost.start(installed, engine.address);
        try {
            assert.deepEqual(await host.getSchema(), JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8")));
        } finally {
            host.stop();
            await engine.stop();
        }
    });

    it("exposes only its entry points", () => {
        const probe = (spec: string) => {
            try {
                run(process.execPath, ["-e", `require(${JSON.stringify(spec)})`], consumer);
                return "ok";
            } catch {
                return "refused";
            }
        };
        assert.equal(probe("pulumi-user-backend"), "ok");
        assert.equal(probe("pulumi-user-backend/offline"), "ok");
        assert.equal(probe("pulumi-user-backend/dist/components/policy"), "refused");
        // The sources ship for the maps only; they are not a way around the entry points.
        assert.equal(probe("pulumi-user-backend/components/policy"), "refused");
        assert.equal(probe("pulumi-user-backend/components/policy.ts"), "refused");
    });
});
