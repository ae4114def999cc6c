import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../offline/cli";
import { PlanReport, runPlan } from "../../offline/plan";
import { SimulatorUnavailableError } from "../../offline";

const root = path.resolve(__dirname, "../..");

/** Runs the command line and captures what it prints and its exit code. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(argv, { write: (s) => (out += s), error: (s) => (err += s) });
    return { code, out, err };
}

/** A throwaway Pulumi project with the given files. */
function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

describe("offline plan", () => {
    describe("of the reference stack (dev)", () => {
        let report: PlanReport;
        before(async () => {
            report = await runPlan({ cwd: root, stack: "dev" });
        });

        it("1. lists the resource tree, component by component, with counts per type", () => {
            const components = report.resources.tree.filter((n) => n.type.startsWith("user-backend:index:")).map((n) => n.name).sort();
            assert.deepEqual(components, ["api", "auth", "photos"]);
            const auth = report.resources.tree.find((n) => n.name === "auth")!;
            assert.ok(auth.children.some((c) => c.name === "auth-pool" && c.type === "aws:cognito/userPool:UserPool"));
            assert.equal(report.resources.counts["aws:s3/bucket:Bucket"], 2);
            assert.equal(report.resources.total, Object.values(report.resources.counts).reduce((a, b) => a + b, 0));
        });

        it("shows computed outputs as unknown, as a preview does", () => {
            assert.equal(report.outputs.apiUrl, "(known after apply)");
        });

        it("2. states each component's posture, and each route's authorization, caching and throttling", () => {
            const bucket = report.posture.find((c) => c.component === "SecureUserBucket")!;
            const value = (c: typeof bucket, check: string) => c.items.find((i) => i.check === check)!;
            assert.equal(value(bucket, "encryption").value, "SSE-S3");
            assert.equal(value(bucket, "public access").ok, true);
            assert.equal(value(bucket, "TLS").ok, true);
            assert.equal(value(bucket, "force destroy").ok, false, "dev deletes buckets with their objects");
            const auth = report.posture.find((c) => c.component === "CognitoAuth")!;
            assert.equal(value(auth, "MFA").value, "OPTIONAL (TOTP)");
            assert.equal(value(auth, "guest access").value, "off");
            assert.equal(value(auth, "classic flow").value, "off");
            const api = report.posture.find((c) => c.component === "AuthorizedApi")!;
            assert.equal(value(api, "stage throttle").value, "20 rps, burst 40");
            const routes = Object.fromEntries(api.routes!.map((r) => [r.route, r]));
            assert.equal(routes["GET /health"].authorization, "none (public)");
            assert.equal(routes["GET /photos"].authorization, "cognito");
            assert.equal(routes["GET /photos"].integration, "lambda");
            assert.match(routes["PUT /uploads/{key+}"].integration, /^s3 photos-bucket-\w+\/private\/\{owner\}\/\{key\}$/);
            assert.equal(routes["POST /thumbnails"].integration, "states StartExecution");
            assert.equal(routes["GET /photos"].caching, "off");
        });

        it("3. computes the per-user access matrix with the simulator: owners reach their own prefix and nobody else's", () => {
            const row = (principal: string, level: string) => report.access.rows.find((r) => r.principal === principal && r.level === level)!;
            assert.deepEqual(pick(row("owner (signed in)", "own private/")), { get: true, list: true, put: true, delete: true });
            assert.deepEqual(pick(row("owner (signed in)", "another user's private/")), { get: false, list: false, put: false, delete: false });
            assert.deepEqual(pick(row("group member", "own private/")), { get: true, list: true, put: true, delete: true });
            assert.deepEqual(pick(row("owner (signed in)", "another user's protected/")), { get: true, list: true, put: false, delete: false });
            assert.deepEqual(pick(row("anonymous", "public/")), { get: false, list: false, put: false, delete: false });
            assert.deepEqual(report.access.publicRoutes, ["GET /health"]);
        });

        it("4. reports findings with rule ids and severities: in dev, the deliberate ones", () => {
            assert.ok(report.findings.findings.length > 0);
            for (const f of report.findings.findings) assert.ok(["high", "medium", "low"].includes(f.severity) && /^UB-/.test(f.ruleId), JSON.stringify(f));
            assert.ok(!report.findings.findings.some((f) => f.severity === "high"), JSON.stringify(report.findings.findings));
        });
    });

    it("prints the four sections, and --out writes <stack>.json and <stack>.md with a Mermaid diagram", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
        const { code, out: text } = await cli("plan", "--stack", "prod", "--cwd", root, "--out", out);
        assert.equal(code, 0);
        for (const heading of ["1. Resources", "2. Security posture", "3. Per-user access", "4. Findings"]) assert.ok(text.includes(heading), heading);
        const json = JSON.parse(fs.readFileSync(path.join(out, "prod.json"), "utf8"));
        assert.equal(json.stack, "prod");
        const markdown = fs.readFileSync(path.join(out, "prod.md"), "utf8");
        assert.match(markdown, /```mermaid\ngraph LR/);
        assert.match(markdown, /auth -- "per-user grants" --> photos/);
        fs.rmSync(out, { recursive: true, force: true });
    });

    it("--format json prints the report as JSON", async () => {
        const { code, out } = await cli("plan", "--stack", "dev", "--cwd", root, "--format", "json");
        assert.equal(code, 0);
        const report = JSON.parse(out) as PlanReport;
        assert.deepEqual(Object.keys(report).sort(), ["access", "findings", "outputs", "posture", "project", "resources", "stack"]);
        assert.equal(report.project, "user-backend-reference");
    });

    it("without the simulator, says how to install it and goes on", async () => {
        const report = await runPlan({
            cwd: root,
            stack: "dev",
            loadSimulator: () => {
                throw new SimulatorUnavailableError("@cloud-copilot/iam-simulate", new Error("missing"));
            },
        });
        assert.match(report.access.unavailable!, /npm install --save-dev @cloud-copilot\/iam-simulate/);
        assert.ok(report.findings.findings.length > 0, "the other sections are still there");
    });

    describe("bad input: one clear line and exit code 2", () => {
        const oneLine = (err: string) => {
            assert.equal(err.trimEnd().split("\n").length, 1, err);
            assert.doesNotMatch(err, /\n\s+at /);
        };

        it("no Pulumi.yaml", async () => {
            const dir = project({});
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /no Pulumi\.yaml in .*: run the plan in a Pulumi project folder/);
        });

        it("an unknown stack", async () => {
            const { code, err } = await cli("plan", "--stack", "qa", "--cwd", root);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /unknown stack "qa": no Pulumi\.qa\.yaml in .* \(stacks there: dev, prod, staging\)/);
        });

        it("a config value of the wrong type", async () => {
            const dir = project({
                "Pulumi.yaml": "name: typed\nruntime: nodejs\nconfig:\n  limit:\n    type: integer\n    default: 5\n",
                "Pulumi.dev.yaml": "config:\n  typed:limit: fast\n",
                "index.js": "module.exports = {};\n",
            });
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /config typed:limit must be an integer \(received: "fast"\) in Pulumi\.dev\.yaml/);
        });

        it("a program that throws: its message and where", async () => {
            const dir = project({
                "Pulumi.yaml": "name: throws\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": "const x = 1;\nthrow new Error('bucket name missing');\n",
            });
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /the program failed: bucket name missing \(at index\.js:2\)/);
            const verbose = await cli("plan", "--stack", "dev", "--cwd", dir, "--verbose");
            assert.match(verbose.err, /\n\s+at /, "--verbose adds the stack trace");
        });

        it("a program that never finishes", async () => {
            const dir = project({
                "Pulumi.yaml": "name: hangs\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": "module.exports = new Promise(() => {});\n",
            });
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir, "--timeout", "1");
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /the program did not finish within 1 s/);
        });

        it("bad options", async () => {
            for (const [argv, message] of [
                [["plan"], /--stack is required/],
                [["deploy"], /unknown command "deploy"/],
                [["plan", "--stack", "dev", "--fail-on", "critical"], /--fail-on must be high, medium or low \(received: critical\)/],
                [["plan", "--stack", "dev", "--format", "yaml"], /--format must be text or json/],
            ] as const) {
                const { code, err } = await cli(...argv);
                assert.equal(code, 2, argv.join(" "));
                assert.match(err, message);
            }
        });
    });
});

function pick(row: { get: boolean; list: boolean; put: boolean; delete: boolean }) {
    return { get: row.get, list: row.list, put: row.put, delete: row.delete };
}
