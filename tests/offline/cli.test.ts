import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { cli, root, scratchProject, tempDir } from "../support/scratch";



/**
 * Runs a command as a child with stdout to a pipe that is read slowly: paused after every chunk and
 * resumed 30 ms later, so the child's writes outrun the reader, as with `| less` or a CI log.
 */
function slowPipe(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
        const chunks: Buffer[] = [];
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
            child.stdout.pause();
            setTimeout(() => child.stdout.resume(), 30);
        });
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        // "close" waits for stdout to end, not only for the process to exit.
        child.on("close", (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
    });
}

/** The bin as it ships, with `../dist/offline/cli.js` standing for the TypeScript source (no build needed). */
function binUnderTest(): string {
    const dir = tempDir("cli-bin-");
    fs.mkdirSync(path.join(dir, "bin"));
    fs.mkdirSync(path.join(dir, "dist/offline"), { recursive: true });
    fs.copyFileSync(path.join(root, "bin/pulumi-user-backend.js"), path.join(dir, "bin/pulumi-user-backend.js"));
    fs.writeFileSync(
        path.join(dir, "dist/offline/cli.js"),
        [`require(${JSON.stringify(path.join(root, "scripts/ts-node-swc.js"))});`, `module.exports = require(${JSON.stringify(path.join(root, "offline/cli.ts"))});`, ""].join("\n"),
    );
    return path.join(dir, "bin/pulumi-user-backend.js");
}

describe("the plan command line", () => {
    describe("--help", () => {
        it("`--help`, `-h`, `help` and `plan --help` (with other options or not) print the usage to stdout and exit 0", async () => {
            for (const argv of [["--help"], ["-h"], ["help"], ["plan", "--help"], ["plan", "-h"], ["plan", "--stack", "dev", "--help"]]) {
                const { code, out, err } = await cli(...argv);
                assert.equal(code, 0, argv.join(" "));
                assert.equal(err, "", argv.join(" "));
                assert.match(out, /^usage: pulumi-user-backend plan --stack <name>/, argv.join(" "));
                for (const option of ["--stack", "--cwd", "--format", "--out", "--fail-on", "--exceptions", "--timeout", "--verbose", "--help"]) assert.ok(out.includes(`  ${option}`), `${argv.join(" ")}: ${option} is not explained`);
                assert.match(out, /Exit codes: 0 done, 1 a finding reached --fail-on, 2 bad input/);
            }
        });

        it("no command at all is still a mistake: usage on stderr, exit 2", async () => {
            const { code, out, err } = await cli();
            assert.equal(code, 2);
            assert.equal(out, "");
            assert.match(err, /usage: pulumi-user-backend plan/);
        });
    });

    describe("a program whose component refuses several inputs", () => {
        const dir = () =>
            scratchProject({
                "Pulumi.yaml": "name: two-mistakes\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": [
                    'const { SecureUserBucket } = require("pulumi-user-backend");',
                    'new SecureUserBucket("photos", { corsOrigins: ["http://example.com"], noncurrentVersionExpirationDays: 0 });',
                    "",
                ].join("\n"),
            });

        it("prints every issue on its own line under the one-line error, without a stack trace, and exits 2", async () => {
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir());
            assert.equal(code, 2);
            const lines = err.trimEnd().split("\n");
            // The location comes before a message that introduces the list, so the list follows its colon.
            assert.match(lines[0], /^pulumi-user-backend plan: the program failed \(at index\.js:2\): SecureUserBucket "photos": 2 invalid inputs:$/);
            assert.deepEqual(lines.slice(1).map((l) => l.replace(/ \(received: .*\)$/, "")), [
                "  - corsOrigins[0] must be an https:// origin (http:// is accepted only for localhost)",
                "  - noncurrentVersionExpirationDays must be a positive whole number of days",
            ]);
            assert.match(lines[1], /\(received: "http:\/\/example\.com"\)$/);
            assert.match(lines[2], /\(received: 0\)$/);
            assert.doesNotMatch(err, /\n\s+at /);
        });

        it("--verbose prints the whole error with its stack instead, once", async () => {
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir(), "--verbose");
            assert.equal(code, 2);
            assert.match(err, /\n\s+at /);
            assert.equal(err.split("corsOrigins[0]").length - 1, 1, err);
        });
    });

    describe("through a slow pipe", function () {
        // Two child processes that each plan a 600-route API (about 2.5 s each on a quiet machine).
        this.timeout(60_000);
        // Its JSON report is about 840 KB: far more than the child's stdout (a socket pair under
        // Node's spawn, which took some 330 KB here) and this process's read buffer can hold while the
        // reader waits, so the child is still writing when the plan is done.
        let big: string;
        before(() => {
            big = scratchProject({
                "Pulumi.yaml": "name: many-routes\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
                "index.js": [
                    `const { AuthorizedApi, CognitoAuth } = require(${JSON.stringify(path.join(root, "components/index.ts"))});`,
                    'const auth = new CognitoAuth("auth", {});',
                    "const routes = {};",
                    'for (let i = 0; i < 600; i++) routes[`GET /items${i}/{id}`] = { mock: { statusCode: 200, body: { ok: true } } };',
                    'new AuthorizedApi("api", { userPoolArn: auth.userPoolArn, defaultAuthorization: "cognito", routes });',
                    "",
                ].join("\n"),
            });
        });

        for (const [label, command] of [
            ["offline/cli.ts", () => ["-r", path.join(root, "scripts/ts-node-swc.js"), path.join(root, "offline/cli.ts")]],
            ["bin/pulumi-user-backend.js", () => [binUnderTest()]],
        ] as const) {
            it(`${label}: a report larger than the 64 KiB a pipe holds arrives whole, and the process ends by itself`, async () => {
                const out = tempDir("cli-out-");
                const { code, stdout, stderr } = await slowPipe([...command(), "plan", "--stack", "dev", "--cwd", big, "--format", "json", "--out", out]);
                assert.equal(code, 0, stderr);
                const written = fs.readFileSync(path.join(out, "dev.json"));
                assert.ok(written.length > 600_000, `the report is only ${written.length} bytes: too small to fill the pipe and the reader's buffer`);
                assert.equal(stdout.length, written.length, "stdout holds as many bytes as the file written with it");
                assert.deepEqual(JSON.parse(stdout.toString("utf8")), JSON.parse(written.toString("utf8")));
            });
        }
    });
});
