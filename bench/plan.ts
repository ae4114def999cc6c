/**
 * Benchmark of the package and its offline plan, each measurement beside a baseline taken in the
 * same run:
 *
 *   1. cold import of the package (a fresh node process) against `@pulumi/aws`, `@pulumi/pulumi`
 *      and an empty process;
 *   2. `runPlan` of the reference stack (dev, prod) against a single `record()` of its program;
 *   3. `runPlan` of a generated stack with N Lambda routes, against `record()` of the same program;
 *   4. the access simulator's time per check, with and without the trust policy, and raw iam-simulate;
 *   5. the plan against `synth` of the equivalent AWS CDK app with cdk-nag (bench/peers/cdk), with the
 *      CDK's built-in CloudFormation validation on (its default) and off, at the reference size and
 *      at each `--routes` size.
 *
 * Usage: npm run bench -- [--routes 10,100,1000] [--repeat 5]
 *        [--plan-repeat 3] [--checks 200] [--peer-repeat 3] [--no-peers | --peers-only]
 *
 * Every plan and record runs in its own child process, so that one measurement's modules, JIT state
 * and heap do not leak into the next, and so that the RSS high-water mark belongs to that run alone.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import type { RecordOptions, record } from "../offline/recorder";
import type { Recording } from "../offline/recording";
import type { RuleException } from "../offline/rules";
import type { AccessSimulator, RoleSessionPrincipal } from "../offline/simulator";

const ROOT = path.resolve(__dirname, "..");
const RESULT_MARK = "BENCH_RESULT ";
/** How the repository runs its TypeScript: ts-node transpiling with SWC (scripts/ts-node-swc.js). */
const TS_NODE = ["-r", path.join(ROOT, "scripts", "ts-node-swc.js")];
/** Generous: the point is to measure a slow run, not to cut it off. */
const PROGRAM_TIMEOUT_SECONDS = 1800;
/** A run slower than this is called out in the output, as the brief for this bench asks. */
const SLOW_PLAN_MS = 180_000;
/** The record child's variant without source-mapped stack traces. */
const PLAIN_STACKS = "plain-stacks";

interface Options {
    routes: number[];
    repeat: number;
    planRepeat: number;
    checks: number;
    /** Rounds of the CDK comparison (section 5); each round runs all three at every size. */
    peerRepeat: number;
    /** Sections 1 to 4, and section 5. */
    own: boolean;
    peers: boolean;
}

const USAGE =
    "usage: npm run bench -- [--routes 10,100,1000] [--repeat 5] [--plan-repeat 3] [--checks 200] [--peer-repeat 3] [--no-peers | --peers-only]";

function parseOptions(argv: string[]): Options {
    const options: Options = { routes: [10, 100, 1000], repeat: 5, planRepeat: 3, checks: 200, peerRepeat: 3, own: true, peers: true };
    const positive = (flag: string, value: string | undefined): number => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number above 0 (received: ${value})\n${USAGE}`);
        return n;
    };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        if (flag === "--help" || flag === "-h") {
            console.log(USAGE);
            process.exit(0);
        }
        if (flag === "--no-peers" || flag === "--peers-only") {
            if (flag === "--no-peers") options.peers = false;
            else options.own = false;
            if (!options.own && !options.peers) throw new Error(`--no-peers and --peers-only leave nothing to run\n${USAGE}`);
            continue;
        }
        const value = argv[++i];
        if (flag === "--routes") options.routes = (value ?? "").split(",").map((v) => positive(flag, v.trim()));
        else if (flag === "--repeat") options.repeat = positive(flag, value);
        else if (flag === "--plan-repeat") options.planRepeat = positive(flag, value);
        else if (flag === "--checks") options.checks = positive(flag, value);
        else if (flag === "--peer-repeat") options.peerRepeat = positive(flag, value);
        else throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
    return options;
}

// ---------------------------------------------------------------------------------------------
// Statistics and formatting

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function ms(value: number): string {
    if (!Number.isFinite(value)) return "n/a";
    if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
    if (Math.abs(value) >= 100) return `${value.toFixed(0)} ms`;
    if (Math.abs(value) >= 1) return `${value.toFixed(1)} ms`;
    return `${value.toFixed(3)} ms`;
}

const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const ratio = (value: number, baseline: number) => (baseline > 0 && Number.isFinite(value / baseline) ? `${(value / baseline).toFixed(2)}×` : "—");

interface Row {
    measurement: string;
    value: string;
    baseline: string;
    baselineValue: string;
    ratio: string;
}

function row(measurement: string, value: string, baseline = "—", baselineValue = "—", r = "—"): Row {
    return { measurement, value, baseline, baselineValue, ratio: r };
}

function markdownTable(rows: Row[]): string {
    const header = ["measurement", "value", "baseline", "baseline value", "ratio"];
    return markdownGrid(header, rows.map((r) => [r.measurement, r.value, r.baseline, r.baselineValue, r.ratio]), [0, 2]);
}

/** A Markdown table; the columns in `textColumns` are left-aligned, the others (numbers) right-aligned. */
function markdownGrid(header: string[], rows: string[][], textColumns: number[]): string {
    const cells = rows.map((r) => r.map((c) => c.replace(/\|/g, "\\|")));
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const text = (i: number) => textColumns.includes(i);
    const line = (c: string[]) => `| ${c.map((v, i) => (text(i) ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(" | ")} |`;
    const rule = `|${widths.map((w, i) => (text(i) ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
    return [line(header), rule, ...cells.map(line)].join("\n");
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// ---------------------------------------------------------------------------------------------
// Child processes

interface ChildResult<T> {
    /** From spawn to the process's exit, as the parent sees it. */
    readonly wallMs: number;
    /** What the child reported on its result line. */
    readonly result: T;
}

/**
 * Runs node with these arguments in the repository root and returns its result line, parsed.
 * `env` replaces the child's environment (the parent's by default).
 */
function runNode<T>(args: string[], timeoutMs = PROGRAM_TIMEOUT_SECONDS * 1000 + 60_000, env: NodeJS.ProcessEnv = process.env): Promise<ChildResult<T>> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        let exitedAt = 0;
        const started = performance.now();
        const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        // The exit time, not the close time: closing the pipes afterwards is the parent's business.
        child.on("exit", () => (exitedAt = performance.now()));
        child.on("error", reject);
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARK));
            if (code !== 0 || !line) {
                const why = signal ? `was killed (${signal})` : `exited with ${code}`;
                // Minified packages (aws-cdk-lib) print a whole source line above an error: cut long lines.
                const tail = stderr.trim().split("\n").slice(-15).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
                reject(new Error(`node ${args.join(" ").slice(0, 200)} ${why}:\n${tail.join("\n")}`));
                return;
            }
            resolve({ wallMs: (exitedAt || performance.now()) - started, result: JSON.parse(line.slice(RESULT_MARK.length)) as T });
        });
    });
}

/** Runs this file as a child in one of the modes below. */
function runSelf<T>(mode: string, ...args: string[]): Promise<ChildResult<T>> {
    return runNode<T>([...TS_NODE, __filename, "--child", mode, ...args]);
}

function report(result: object): void {
    process.stdout.write(`\n${RESULT_MARK}${JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

// ---------------------------------------------------------------------------------------------
// 1. Cold imports

interface ImportResult {
    maxRssKb: number;
    modules: number;
    awsModules: number;
}

interface ImportCase {
    readonly key: "empty" | "tsnode" | "pulumi" | "aws" | "package" | "dist";
    readonly args: string[];
}

async function measureImports(repeat: number): Promise<Map<ImportCase["key"], { wall: number; rssKb: number; modules: number; awsModules: number }>> {
    const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json", { paths: [ROOT] })) + path.sep;
    // The same probe ends every case, the empty one included, so it cancels out of the differences.
    // It reports how many modules the import loaded, which tells eager from lazy loading.
    const probe =
        `const c=Object.keys(require.cache);` +
        `process.stdout.write(${JSON.stringify(RESULT_MARK)}+JSON.stringify({maxRssKb:process.resourceUsage().maxRSS,modules:c.length,awsModules:c.filter(f=>f.startsWith(${JSON.stringify(awsDir)})).length}))`;
    const load = (file: string) => `require(${JSON.stringify(file)});${probe}`;
    const dist = path.join(ROOT, "dist", "components", "index.js");
    const cases: ImportCase[] = [
        { key: "empty", args: ["-e", probe] },
        { key: "tsnode", args: [...TS_NODE, "-e", probe] },
        { key: "pulumi", args: ["-e", load("@pulumi/pulumi")] },
        { key: "aws", args: ["-e", load("@pulumi/aws")] },
        { key: "package", args: [...TS_NODE, "-e", load(path.join(ROOT, "components", "index.ts"))] },
        ...(fs.existsSync(dist) ? [{ key: "dist" as const, args: ["-e", load(dist)] }] : []),
    ];
    const walls = new Map<ImportCase["key"], number[]>(cases.map((c) => [c.key, []]));
    const last = new Map<ImportCase["key"], ImportResult>();
    // One untimed round first: "cold" here means a fresh process, not a cold disk cache.
    // Rounds interleave the cases so that drift on a busy machine spreads over all of them.
    for (let round = 0; round <= repeat; round++) {
        for (const c of cases) {
            const run = await runNode<ImportResult>(c.args, 120_000);
            if (round > 0) walls.get(c.key)!.push(run.wallMs);
            last.set(c.key, run.result);
        }
    }
    return new Map(cases.map((c) => [c.key, { wall: median(walls.get(c.key)!), rssKb: last.get(c.key)!.maxRssKb, modules: last.get(c.key)!.modules, awsModules: last.get(c.key)!.awsModules }]));
}

/** True when some component source is newer than the compiled dist/ entry point. */
function distIsStale(): boolean {
    const dist = path.join(ROOT, "dist", "components", "index.js");
    if (!fs.existsSync(dist)) return false;
    const built = fs.statSync(dist).mtimeMs;
    return fs.readdirSync(path.join(ROOT, "components")).some((f) => f.endsWith(".ts") && fs.statSync(path.join(ROOT, "components", f)).mtimeMs > built);
}

function importRows(m: Awaited<ReturnType<typeof measureImports>>, repeat: number): Row[] {
    const get = (k: ImportCase["key"]) => m.get(k)!;
    const empty = get("empty");
    const tsnode = get("tsnode");
    const aws = get("aws");
    const pkg = get("package");
    const pulumi = get("pulumi");
    const net = (k: ImportCase["key"], floor = empty) => get(k).wall - floor.wall;
    const rows: Row[] = [
        row(`empty node process, the floor (median of ${repeat})`, ms(empty.wall)),
        row("ts-node transpile-only register, no import", ms(tsnode.wall), "empty node process", ms(empty.wall), ratio(tsnode.wall, empty.wall)),
        row("cold import: package via ts-node (spawn to exit)", ms(pkg.wall), 'require("@pulumi/aws") (spawn to exit)', ms(aws.wall), ratio(pkg.wall, aws.wall)),
        row("cold import: package via ts-node, minus empty node", ms(net("package")), 'require("@pulumi/aws"), minus empty node', ms(net("aws")), ratio(net("package"), net("aws"))),
        row("cold import: package, minus ts-node register", ms(net("package", tsnode)), 'require("@pulumi/aws"), minus empty node', ms(net("aws")), ratio(net("package", tsnode), net("aws"))),
    ];
    const dist = m.get("dist");
    if (dist) {
        const label = `cold import: package from dist/ (plain JS${distIsStale() ? ", dist/ older than sources" : ""}), minus empty node`;
        rows.push(row(label, ms(dist.wall - empty.wall), 'require("@pulumi/aws"), minus empty node', ms(net("aws")), ratio(dist.wall - empty.wall, net("aws"))));
    }
    rows.push(
        row('cold import: require("@pulumi/pulumi"), minus empty node', ms(net("pulumi")), 'require("@pulumi/aws"), minus empty node', ms(net("aws")), ratio(net("pulumi"), net("aws"))),
        row("@pulumi/aws files loaded by importing the package", String(pkg.awsModules), 'by require("@pulumi/aws")', String(aws.awsModules), ratio(pkg.awsModules, aws.awsModules)),
        row("modules loaded in all, package via ts-node", String(pkg.modules), 'require("@pulumi/aws")', String(aws.modules), ratio(pkg.modules, aws.modules)),
        row("peak RSS, package via ts-node", mib(pkg.rssKb), 'require("@pulumi/aws")', mib(aws.rssKb), ratio(pkg.rssKb, aws.rssKb)),
        row('peak RSS, require("@pulumi/pulumi")', mib(pulumi.rssKb), "empty node process", mib(empty.rssKb), ratio(pulumi.rssKb, empty.rssKb)),
    );
    return rows;
}

// ---------------------------------------------------------------------------------------------
// 2 and 3. Plans and recordings

interface PlanResult {
    maxRssKb: number;
    /** `runPlan` alone, in the child: the program run, posture, access matrix and rules. */
    planMs: number;
    /** From `runPlan`'s start until it loads the simulator: the program run, resource tree and posture. */
    programsMs: number;
    /** The plan's one program run (it also loads the program's modules). */
    runMs: number;
    /** From loading the simulator to the end: the access matrix, then the rules. */
    accessAndRulesMs: number;
    checks: number;
    resources: number;
    findings: number;
}

interface RecordResult {
    maxRssKb: number;
    /** One `record()` (full run, not preview) of the program. */
    recordMs: number;
    /** `evaluateRules` on that recording, timed after the RSS reading so it does not count there. */
    rulesMs: number;
    rssBeforeRulesKb: number;
    resources: number;
}

/** Medians over repeated runs of one kind: the parent's wall time and each number the child reported. */
function summarize<T extends object>(runs: ChildResult<T>[]): T & { wallMs: number } {
    const out: Record<string, number> = { wallMs: median(runs.map((r) => r.wallMs)) };
    for (const [key, value] of Object.entries(runs[0].result)) {
        if (typeof value === "number") out[key] = median(runs.map((r) => (r.result as Record<string, number>)[key]));
    }
    return out as T & { wallMs: number };
}

interface StackMeasurement {
    readonly plan: PlanResult & { wallMs: number };
    readonly rec: RecordResult & { wallMs: number };
    /** The same record() with V8's plain stack traces instead of ts-node's source-mapped ones (once). */
    readonly plainRec: RecordResult & { wallMs: number };
}

async function measureStack(cwd: string, stack: string, times: number): Promise<StackMeasurement> {
    const plans: ChildResult<PlanResult>[] = [];
    const recs: ChildResult<RecordResult>[] = [];
    // Alternate plan and record so that both see the same machine conditions.
    for (let i = 0; i < times; i++) {
        plans.push(await runSelf<PlanResult>("plan", cwd, stack));
        recs.push(await runSelf<RecordResult>("record", cwd, stack));
    }
    const plainRec = summarize([await runSelf<RecordResult>("record", cwd, stack, PLAIN_STACKS)]);
    return { plan: summarize(plans), rec: summarize(recs), plainRec };
}

function stackRows(label: string, { plan, rec, plainRec }: StackMeasurement): Row[] {
    return [
        row(`plan ${label}: runPlan time`, ms(plan.planMs), `record() once, ${label}`, ms(rec.recordMs), ratio(plan.planMs, rec.recordMs)),
        ...phaseRows(label, plan, rec),
        sourceMapRow(label, rec, plainRec),
        row(`plan ${label}: child process, spawn to exit`, ms(plan.wallMs), "record() child, spawn to exit", ms(rec.wallMs), ratio(plan.wallMs, rec.wallMs)),
        row(`plan ${label}: peak RSS`, mib(plan.maxRssKb), `record() once, ${label}`, mib(rec.rssBeforeRulesKb), ratio(plan.maxRssKb, rec.rssBeforeRulesKb)),
        row(`plan ${label}: resources`, String(plan.resources), `record() once, ${label}`, String(rec.resources), ratio(plan.resources, rec.resources)),
    ];
}

/** What ts-node's source-mapped stack traces cost a program run (the SDK takes a stack per promise). */
function sourceMapRow(label: string, rec: RecordResult, plainRec: RecordResult): Row {
    return row(`record() once, ${label}, ts-node as is`, ms(rec.recordMs), "same, Error.prepareStackTrace reset", ms(plainRec.recordMs), ratio(rec.recordMs, plainRec.recordMs));
}

/** Where a plan's time goes, each part beside what it corresponds to in the baseline. */
function phaseRows(label: string, plan: PlanResult, rec: RecordResult): Row[] {
    const rest = plan.programsMs - plan.runMs;
    return [
        row(`plan ${label}: of which the program run (loads the program)`, ms(plan.runMs), `record() once, ${label}`, ms(rec.recordMs), ratio(plan.runMs, rec.recordMs)),
        row(`plan ${label}: of which loading, resource tree, posture`, ms(rest), `runPlan time, ${label}`, ms(plan.planMs), ratio(rest, plan.planMs)),
        row(`plan ${label}: of which access matrix (${plan.checks} checks) + rules`, ms(plan.accessAndRulesMs), `evaluateRules alone, ${label}`, ms(rec.rulesMs), ratio(plan.accessAndRulesMs, rec.rulesMs)),
    ];
}

/** A throwaway Pulumi project: auth, a user bucket, one Lambda and an API with `routes` Lambda routes. */
function writeSyntheticProject(dir: string, routes: number): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: bench-routes-${routes}\nruntime: nodejs\nmain: index.js\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), "config: {}\n");
    // Absolute paths: the folder is outside the repository, so bare names would not resolve, and
    // @pulumi/pulumi must be the very module instance the recorder drives (its runtime is global).
    const resolve = (name: string) => JSON.stringify(require.resolve(name, { paths: [ROOT] }));
    const program = `"use strict";
// Generated by bench/plan.ts; deleted when the bench ends.
const pulumi = require(${resolve("@pulumi/pulumi")});
const aws = require(${resolve("@pulumi/aws")});
const { AuthorizedApi, CognitoAuth, SecureUserBucket } = require(${JSON.stringify(path.join(ROOT, "components", "index.ts"))});

const auth = new CognitoAuth("auth", { principalTags: { sub: "sub" } });
const files = new SecureUserBucket("files", { ownerPrincipalTag: "sub" });
files.grantUserAccess("users", { identities: auth });

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const fn = new aws.lambda.Function("fn", {
    role: role.arn,
    runtime: "nodejs22.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: '{}' });") }),
});

const routes = {};
for (let i = 0; i < ${routes}; i++) routes[\`GET /items\${i}/{id}\`] = { lambda: { functionArn: fn.arn } };
const api = new AuthorizedApi("api", { userPoolArn: auth.userPoolArn, defaultAuthorization: "cognito", routes });

module.exports = { apiUrl: api.url, bucketName: files.bucketName };
`;
    fs.writeFileSync(path.join(dir, "index.js"), program);
}

interface SyntheticRun extends StackMeasurement {
    readonly routes: number;
}

function syntheticRows(runs: SyntheticRun[]): { rows: Row[]; notes: string[] } {
    const rows: Row[] = [];
    const notes: string[] = [];
    let previous: SyntheticRun | undefined;
    for (const run of runs) {
        const { plan, rec, routes } = run;
        const label = `${routes} routes`;
        rows.push(
            row(`plan ${label}: runPlan time`, ms(plan.planMs), `record() once, ${label}`, ms(rec.recordMs), ratio(plan.planMs, rec.recordMs)),
            ...phaseRows(label, plan, rec),
            sourceMapRow(label, rec, run.plainRec),
            row(`plan ${label}: peak RSS`, mib(plan.maxRssKb), `record() once, ${label}`, mib(rec.rssBeforeRulesKb), ratio(plan.maxRssKb, rec.rssBeforeRulesKb)),
            row(`plan ${label}: resources`, String(plan.resources), `record() once, ${label}`, String(rec.resources), ratio(plan.resources, rec.resources)),
            row(`plan ${label}: time per route (total / routes)`, ms(plan.planMs / routes), `record() once, ${label}`, ms(rec.recordMs / routes), ratio(plan.planMs, rec.recordMs)),
        );
        if (previous) {
            // The slope between two sizes: what one more route costs, without the fixed part.
            const added = routes - previous.routes;
            const planSlope = (plan.planMs - previous.plan.planMs) / added;
            const recSlope = (rec.recordMs - previous.rec.recordMs) / added;
            rows.push(row(`plan ${previous.routes} → ${routes} routes: time per added route`, ms(planSlope), "record() once, same sizes", ms(recSlope), ratio(planSlope, recSlope)));
        }
        if (plan.planMs > SLOW_PLAN_MS) notes.push(`plan of ${label} took ${ms(plan.planMs)}, more than ${SLOW_PLAN_MS / 60_000} minutes.`);
        previous = run;
    }
    return { rows, notes };
}

// ---------------------------------------------------------------------------------------------
// 4. Simulator

interface Stats {
    mean: number;
    p95: number;
    allowed: number;
}

interface SimResult {
    maxRssKb: number;
    checks: number;
    loadMs: number;
    firstCheckMs: number;
    withTrust: Stats;
    withoutTrust: Stats;
    raw: Stats;
}

function simRows(r: SimResult): Row[] {
    const n = r.checks;
    const allowed = (s: Stats) => (s.allowed === n ? "" : `, only ${s.allowed}/${n} allowed`);
    return [
        row(`sim.can, signed-in user, own prefix: mean of ${n}${allowed(r.withTrust)}`, ms(r.withTrust.mean), `same, without webIdentity (no trust policy)${allowed(r.withoutTrust)}`, ms(r.withoutTrust.mean), ratio(r.withTrust.mean, r.withoutTrust.mean)),
        row("sim.can, signed-in user, own prefix: p95", ms(r.withTrust.p95), "same, without webIdentity: p95", ms(r.withoutTrust.p95), ratio(r.withTrust.p95, r.withoutTrust.p95)),
        row("sim.can without webIdentity: mean", ms(r.withoutTrust.mean), `raw runSimulation, one-statement policy: mean${allowed(r.raw)}`, ms(r.raw.mean), ratio(r.withoutTrust.mean, r.raw.mean)),
        row("sim.can without webIdentity: p95", ms(r.withoutTrust.p95), "raw runSimulation: p95", ms(r.raw.p95), ratio(r.withoutTrust.p95, r.raw.p95)),
        row("sim.can, first check in the process (cold)", ms(r.firstCheckMs), "sim.can warm mean", ms(r.withTrust.mean), ratio(r.firstCheckMs, r.withTrust.mean)),
        row("AccessSimulator.load (loads iam-simulate)", ms(r.loadMs)),
    ];
}

// ---------------------------------------------------------------------------------------------
// 5. Peer: the same backend as an AWS CDK app with cdk-nag, synthesized

const CDK_PEER = path.join(ROOT, "bench", "peers", "cdk");
/** A peak RSS above this at 1000 routes misses the target of issue 11. */
const TARGET_RSS_KB = 500 * 1024;

interface CdkResult {
    maxRssKb: number;
    /** `new App()` to `app.synth()` returning, inside the child, without loading aws-cdk-lib. */
    appMs: number;
    resources: number;
    nagErrors: number;
    nagWarnings: number;
    /** 1 when a validation error made synth fail after doing all its work (the run still counts). */
    validationFailed: number;
    /** The validation report's errors, as "plugin rule: description". */
    validationErrors: string[];
}

interface PeerInstall {
    readonly ok: boolean;
    /** What the report prints about the install: versions, or why the comparison is skipped. */
    readonly line: string;
}

/** The versions package-lock.json pins for the peer's direct dependencies, and whether node_modules has them. */
function peerInstalled(): { pinned: Record<string, string>; installed: boolean } {
    const lock = JSON.parse(fs.readFileSync(path.join(CDK_PEER, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    const pinned: Record<string, string> = {};
    for (const name of Object.keys(lock.packages[""]?.dependencies ?? {})) pinned[name] = lock.packages[`node_modules/${name}`]?.version ?? "?";
    const installed = Object.entries(pinned).every(([name, version]) => {
        const file = path.join(CDK_PEER, "node_modules", name, "package.json");
        return fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).version === version;
    });
    return { pinned, installed };
}

function folderSizeBytes(dir: string): number {
    let total = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
    }
    return total;
}

/**
 * Installs the peer from its lock file on first use (`npm ci` in bench/peers/cdk), so that the root
 * `npm ci`, and so CI, never downloads the CDK. A failed install (no network) skips the comparison.
 */
function ensurePeerInstalled(): PeerInstall {
    let { pinned, installed } = peerInstalled();
    let how = "already installed";
    if (!installed) {
        progress("5/5 installing the CDK peer: npm ci in bench/peers/cdk (first use only)");
        const started = performance.now();
        const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: CDK_PEER, encoding: "utf8", timeout: 600_000 });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        ({ installed } = peerInstalled());
        if (npm.status !== 0 || !installed) {
            // npm's first two error lines say what failed (e.g. "code ECONNREFUSED", then the request).
            const errors = (npm.stderr || npm.stdout || "").split("\n").filter((l) => l.startsWith("npm error ")).map((l) => l.slice("npm error ".length).trim());
            const why = npm.error?.message ?? (errors.filter((l) => l).slice(0, 2).join("; ") || "no message");
            return { ok: false, line: `The CDK peer could not be installed (npm ci in bench/peers/cdk ${npm.status === null ? "did not finish" : `exited with ${npm.status}`} after ${seconds} s: ${why}), so the comparison with the CDK is skipped.` };
        }
        how = `installed by this run in ${seconds} s`;
    }
    const versions = Object.entries(pinned).map(([name, version]) => `${name} ${version}`).join(", ");
    const size = `${(folderSizeBytes(path.join(CDK_PEER, "node_modules")) / 2 ** 20).toFixed(0)} MiB`;
    return { ok: true, line: `CDK peer: ${versions} (bench/peers/cdk/node_modules ${size}, ${how}).` };
}

interface PeerSize {
    /** "reference" or a route count. */
    readonly size: "reference" | number;
    readonly cdkDefault?: CdkResult & { wallMs: number };
    readonly cdkOff?: CdkResult & { wallMs: number };
    readonly plan?: PlanResult & { wallMs: number };
    /** Validation errors of the CDK default's and the validation-off runs, from their first round. */
    readonly validationErrors?: { default: string[]; off: string[] };
    readonly error?: string;
}

/** One synth of the CDK peer in a fresh process, into a fresh output folder that is removed afterwards. */
async function runCdk(tmp: string, size: PeerSize["size"], validation: boolean): Promise<ChildResult<CdkResult>> {
    const outdir = fs.mkdtempSync(path.join(tmp, "cdk-out-"));
    // The default is whatever aws-cdk-lib does with CDK_VALIDATION unset, whatever the caller's shell has.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CDK_VALIDATION;
    // aws-cdk-lib 2.276, core/lib/private/synthesis-validation.js: `defaultValidationEnabled(app)` is
    // `app._builtinCloudFormationValidation && process.env.CDK_VALIDATION !== "false"`; it adds only the
    // built-in CloudFormation validation plugin, so cdk-nag and the annotations report still run.
    if (!validation) env.CDK_VALIDATION = "false";
    const shape = size === "reference" ? ["--shape", "reference"] : ["--shape", "routes", "--routes", String(size)];
    try {
        return await runNode<CdkResult>([path.join(CDK_PEER, "app.js"), ...shape, "--outdir", outdir], PROGRAM_TIMEOUT_SECONDS * 1000, env);
    } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
    }
}

/**
 * At each size, `rounds` rounds of CDK default, CDK with validation off and the plan, in that order,
 * each in its own process, so that a busy moment on the machine falls on all three alike.
 */
async function measurePeers(tmp: string, routes: number[], rounds: number): Promise<PeerSize[]> {
    const out: PeerSize[] = [];
    for (const size of ["reference" as const, ...routes]) {
        let cwd = ROOT;
        let stack = "dev";
        if (size !== "reference") {
            cwd = path.join(tmp, `routes-${size}`);
            stack = "bench";
            writeSyntheticProject(cwd, size);
        }
        const runs = { cdkDefault: [] as ChildResult<CdkResult>[], cdkOff: [] as ChildResult<CdkResult>[], plan: [] as ChildResult<PlanResult>[] };
        try {
            for (let round = 1; round <= rounds; round++) {
                progress(`5/5 ${size === "reference" ? "reference size (stack dev)" : `${size} routes`}, round ${round}/${rounds}: CDK default, CDK validation off, plan`);
                runs.cdkDefault.push(await runCdk(tmp, size, true));
                runs.cdkOff.push(await runCdk(tmp, size, false));
                runs.plan.push(await runSelf<PlanResult>("plan", cwd, stack));
                const [d, o, p] = [runs.cdkDefault, runs.cdkOff, runs.plan].map((r) => ms(r[r.length - 1].wallMs));
                progress(`    ${d}, ${o}, ${p}`);
            }
            out.push({
                size,
                cdkDefault: summarize(runs.cdkDefault),
                cdkOff: summarize(runs.cdkOff),
                plan: summarize(runs.plan),
                validationErrors: { default: runs.cdkDefault[0].result.validationErrors ?? [], off: runs.cdkOff[0].result.validationErrors ?? [] },
            });
        } catch (e) {
            // One size failing (a synth error, a crash) is reported and the others still run. The
            // first line says which child; of the rest, the lines that say what went wrong.
            const lines = (e instanceof Error ? e.message : String(e)).split("\n");
            const why = lines.slice(1).filter((l) => /«|Error|error/.test(l)).slice(0, 3);
            out.push({ size, error: [lines[0], ...why].map((l) => l.trim()).join(" ") });
        }
    }
    return out;
}

/** cdk-nag's unacknowledged errors and warnings, and whether the synth failed its validation. */
function findings(r: CdkResult): string {
    return `${r.nagErrors} + ${r.nagWarnings}${r.validationFailed ? ", validation failed" : ""}`;
}

function peerTable(sizes: PeerSize[], rounds: number): string {
    const header = ["size", "measurement", "CDK default", "CDK, validation off", "plan", "plan / CDK default", "plan / CDK, validation off"];
    const rows: string[][] = [];
    for (const s of sizes) {
        const label = s.size === "reference" ? "reference (dev)" : `${s.size} routes`;
        if (!s.cdkDefault || !s.cdkOff || !s.plan) {
            rows.push([label, "failed, see the note below", "—", "—", "—", "—", "—"]);
            continue;
        }
        const { cdkDefault: d, cdkOff: o, plan: p } = s;
        rows.push(
            [label, `spawn to exit (median of ${rounds})`, ms(d.wallMs), ms(o.wallMs), ms(p.wallMs), ratio(p.wallMs, d.wallMs), ratio(p.wallMs, o.wallMs)],
            [label, "peak RSS", mib(d.maxRssKb), mib(o.maxRssKb), mib(p.maxRssKb), ratio(p.maxRssKb, d.maxRssKb), ratio(p.maxRssKb, o.maxRssKb)],
            [label, "in the process: app.synth() / runPlan", ms(d.appMs), ms(o.appMs), ms(p.planMs), ratio(p.planMs, d.appMs), ratio(p.planMs, o.appMs)],
            [label, "resources (CloudFormation / Pulumi)", String(d.resources), String(o.resources), String(p.resources), "—", "—"],
            [label, "findings (cdk-nag errors + warnings / plan)", findings(d), findings(o), String(p.findings), "—", "—"],
        );
    }
    return markdownGrid(header, rows, [0, 1]);
}

/** Failed sizes, and synths that failed their validation (timed all the same: the work was done). */
function peerNotes(sizes: PeerSize[]): string[] {
    const notes: string[] = [];
    for (const s of sizes) {
        const where = s.size === "reference" ? "the reference size" : `${s.size} routes`;
        if (s.error) notes.push(`the comparison at ${where} failed: ${s.error}`);
        for (const [config, errors] of [["CDK default", s.validationErrors?.default], ["CDK with validation off", s.validationErrors?.off]] as const) {
            if (errors && errors.length > 0) notes.push(`at ${where}, the ${config} synth failed its validation after writing the assembly (${errors.slice(0, 3).join("; ")}); its time still counts.`);
        }
    }
    return notes;
}

/** The targets of issue 11, each with the numbers it was judged on. */
function peerTargets(sizes: PeerSize[]): string[] {
    const at = (size: PeerSize["size"]) => sizes.find((s) => s.size === size && s.plan && s.cdkDefault && s.cdkOff);
    const verdict = (met: boolean) => (met ? "met" : "NOT met");
    const missing = (what: string, size: PeerSize["size"]) =>
        `Target: ${what}: not measured (${sizes.some((s) => s.size === size) ? `the run at ${size === "reference" ? "the reference size" : `${size} routes`} failed` : `add ${size} to --routes`}).`;
    const lines: string[] = [];
    for (const size of ["reference", 1000] as const) {
        const what = `${size === "reference" ? "at the reference size" : "at 1000 routes"}, plan faster than CDK with validation off`;
        const s = at(size);
        lines.push(s ? `Target: ${what}: ${verdict(s.plan!.wallMs < s.cdkOff!.wallMs)} (${ms(s.plan!.wallMs)} against ${ms(s.cdkOff!.wallMs)}).` : missing(what, size));
    }
    const big = at(1000);
    lines.push(
        big
            ? `Target: at 1000 routes, plan at most 0.3× CDK default: ${verdict(big.plan!.wallMs <= 0.3 * big.cdkDefault!.wallMs)} (${ratio(big.plan!.wallMs, big.cdkDefault!.wallMs)}).`
            : missing("at 1000 routes, plan at most 0.3× CDK default", 1000),
        big ? `Target: at 1000 routes, plan under 500 MiB peak RSS: ${verdict(big.plan!.maxRssKb < TARGET_RSS_KB)} (${mib(big.plan!.maxRssKb)}).` : missing("at 1000 routes, plan under 500 MiB peak RSS", 1000),
    );
    const small = at(10);
    const growth = "plan at 1000 routes within 3× plan at 10 routes";
    if (big && small) lines.push(`Target: ${growth}: ${verdict(big.plan!.wallMs <= 3 * small.plan!.wallMs)} (${ms(big.plan!.wallMs)} / ${ms(small.plan!.wallMs)} = ${ratio(big.plan!.wallMs, small.plan!.wallMs)}).`);
    else lines.push(missing(growth, big ? 10 : 1000));
    return lines;
}

// ---------------------------------------------------------------------------------------------
// Child modes. Each loads what it needs before starting its clock and reports one result line.

async function childPlan(cwd: string, stack: string): Promise<void> {
    const { runPlan } = await import("../offline/plan");
    const { AccessSimulator } = await import("../offline/simulator");
    // runPlan takes the recorder as an option, so the bench times its one program run; if the plan
    // ran the program more than once, the split would be reported as n/a rather than guessed.
    const { record: original } = await import("../offline/recorder");
    const runs: number[] = [];
    const timedRecord = function timedRecord<T>(program: () => T | Promise<T>, options?: RecordOptions) {
        const started = performance.now();
        return original(program, options).finally(() => runs.push(performance.now() - started));
    } as typeof record;
    let simulatorLoadedAt = Number.NaN;
    let checks = 0;
    // runPlan loads the simulator after the program run and the posture, then builds the matrix
    // and evaluates the rules: the moment it asks for the simulator splits the plan in two.
    const loadSimulator = (rec: Recording): AccessSimulator => {
        simulatorLoadedAt = performance.now();
        const sim = AccessSimulator.load(rec);
        const can = sim.can.bind(sim);
        sim.can = (...args: Parameters<AccessSimulator["can"]>) => {
            checks++;
            return can(...args);
        };
        return sim;
    };
    const started = performance.now();
    const plan = await runPlan({ cwd, stack, timeoutSeconds: PROGRAM_TIMEOUT_SECONDS, loadSimulator, record: timedRecord });
    const ended = performance.now();
    if (plan.access.unavailable) throw new Error(`the access matrix was not computed: ${plan.access.unavailable}`);
    report({
        planMs: ended - started,
        programsMs: simulatorLoadedAt - started,
        runMs: runs.length === 1 ? runs[0] : Number.NaN,
        accessAndRulesMs: ended - simulatorLoadedAt,
        checks,
        resources: plan.resources.total,
        findings: plan.findings.findings.length,
    });
}

async function recordOnce(cwd: string, stack: string): Promise<{ rec: Recording; ms: number; exceptions: RuleException[] }> {
    const { loadStack } = await import("../offline/project");
    const { record } = await import("../offline/recorder");
    const loaded = loadStack(path.resolve(cwd), stack);
    const started = performance.now();
    // The same call runPlan makes for its full run, once.
    const rec = await record(() => require(loaded.program), {
        project: loaded.project,
        stack: loaded.stack,
        config: loaded.config,
        secretConfigKeys: loaded.secretKeys,
        preview: false,
        timeoutSeconds: PROGRAM_TIMEOUT_SECONDS,
    });
    return { rec, ms: performance.now() - started, exceptions: loaded.exceptions };
}

async function childRecord(cwd: string, stack: string, variant?: string): Promise<void> {
    // ts-node installs source-map-support, whose Error.prepareStackTrace maps every frame of every
    // stack trace; the Pulumi SDK reads `new Error().stack` for each promise it tracks. Resetting it
    // before anything loads shows what that costs.
    if (variant === PLAIN_STACKS) (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    const { evaluateRules } = await import("../offline/rules");
    const { rec, ms: recordMs, exceptions } = await recordOnce(cwd, stack);
    const rssBeforeRulesKb = process.resourceUsage().maxRSS;
    const started = performance.now();
    evaluateRules(rec, { exceptions, stack });
    const rulesMs = performance.now() - started;
    report({ recordMs, rulesMs, rssBeforeRulesKb, resources: rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length });
}

async function childSimulator(checks: number): Promise<void> {
    const { AccessSimulator } = await import("../offline/simulator");
    const { rec } = await recordOnce(ROOT, "dev");
    const loadStarted = performance.now();
    const sim = AccessSimulator.load(rec);
    const loadMs = performance.now() - loadStarted;
    // Imported only now, so that the load above includes loading iam-simulate, as in a plan.
    const iam = await import("@cloud-copilot/iam-simulate");

    // The signed-in owner as the plan's access matrix builds it: the authenticated role's session,
    // with the identity id, the `sub` session tag and the identity pool's web identity.
    const auth = rec.resources.find((r) => r.type === "user-backend:index:CognitoAuth");
    const bucket = rec.resources.find((r) => r.type === "user-backend:index:SecureUserBucket");
    if (!auth || !bucket) throw new Error("the reference stack has no CognitoAuth or SecureUserBucket");
    const out = auth.registeredOutputs;
    const role = String(rec.findByOutput("aws:iam/role:Role", "arn", out.authenticatedRoleArn)?.outputs.name ?? "");
    const owner = { identityId: "us-east-1:00000001-0000-4000-8000-000000000001", sub: "00000001-5b5b-4000-8000-000000000001" };
    const withTrust: RoleSessionPrincipal = {
        role,
        identityId: owner.identityId,
        principalTags: { sub: owner.sub },
        webIdentity: { identityPoolId: String(out.identityPoolId), amr: "authenticated", provider: String(out.providerName) },
    };
    const withoutTrust: RoleSessionPrincipal = { role, identityId: owner.identityId, principalTags: { sub: owner.sub } };
    const bucketName = String(bucket.registeredOutputs.bucketName);
    const byTag = String(bucket.registeredOutputs.ownerVariable ?? "").includes("PrincipalTag");
    const prefix = `${bucket.registeredOutputs.prefixes?.private ?? "private/"}${byTag ? owner.sub : owner.identityId}/`;
    const object = `arn:aws:s3:::${bucketName}/${prefix}photo.jpg`;
    // The four operations the matrix asks for, in turn.
    const requests: [string, string, Record<string, string> | undefined][] = [
        ["s3:GetObject", object, undefined],
        ["s3:ListBucket", `arn:aws:s3:::${bucketName}`, { "s3:prefix": prefix }],
        ["s3:PutObject", object, undefined],
        ["s3:DeleteObject", object, undefined],
    ];
    const rawSimulation = {
        request: { principal: "arn:aws:iam::123456789012:role/bench", action: "s3:GetObject", resource: { resource: "arn:aws:s3:::bench/key", accountId: "123456789012" }, contextVariables: {} },
        identityPolicies: [{ name: "bench", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bench/*" }] } }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
    };

    const timed = async (fn: () => Promise<boolean>): Promise<[number, boolean]> => {
        const started = performance.now();
        const ok = await fn();
        return [performance.now() - started, ok];
    };
    const simCheck = (p: RoleSessionPrincipal, i: number) => () => sim.can(p, ...requests[i % requests.length]);
    const rawCheck = () => iam.runSimulation(rawSimulation, {}).then((r) => r.resultType !== "error" && r.overallResult === "Allowed");

    const [firstCheckMs] = await timed(simCheck(withTrust, 0));
    for (let i = 0; i < 20; i++) {
        // Warm-up, so the mean is of steady state; the cold cost is the first check above.
        await simCheck(withTrust, i)();
        await simCheck(withoutTrust, i)();
        await rawCheck();
    }
    const samples = { withTrust: [] as [number, boolean][], withoutTrust: [] as [number, boolean][], raw: [] as [number, boolean][] };
    // Interleaved, so that JIT warm-up and garbage collection fall on all three alike.
    for (let i = 0; i < checks; i++) {
        samples.withTrust.push(await timed(simCheck(withTrust, i)));
        samples.withoutTrust.push(await timed(simCheck(withoutTrust, i)));
        samples.raw.push(await timed(rawCheck));
    }
    const stats = (s: [number, boolean][]): Stats => ({ mean: mean(s.map((x) => x[0])), p95: percentile(s.map((x) => x[0]), 95), allowed: s.filter((x) => x[1]).length });
    report({ checks, loadMs, firstCheckMs, withTrust: stats(samples.withTrust), withoutTrust: stats(samples.withoutTrust), raw: stats(samples.raw) });
}

async function child(mode: string, args: string[]): Promise<void> {
    if (mode === "plan") return childPlan(args[0], args[1]);
    if (mode === "record") return childRecord(args[0], args[1], args[2]);
    if (mode === "sim") return childSimulator(Number(args[0]));
    throw new Error(`unknown child mode ${mode}`);
}

// ---------------------------------------------------------------------------------------------

function packageVersion(name: string): string {
    // Read the file: some packages do not export ./package.json.
    let dir = path.dirname(require.resolve(name, { paths: [ROOT] }));
    while (!fs.existsSync(path.join(dir, "package.json")) || JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).name !== name) {
        const up = path.dirname(dir);
        if (up === dir) return "?";
        dir = up;
    }
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    if (argv[0] === "--child") return child(argv[1], argv.slice(2));
    const options = parseOptions(argv);
    const started = performance.now();
    const cpus = os.cpus();
    const rows: Row[] = [];
    const notes: string[] = [];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "user-backend-bench-"));
    const cleanUp = () => fs.rmSync(tmp, { recursive: true, force: true });
    process.once("SIGINT", () => {
        cleanUp();
        process.exit(130);
    });
    const of = options.peers ? 5 : 4;
    let peers: { install: PeerInstall; sizes: PeerSize[] } | undefined;
    try {
        if (options.own) await measureOwn(options, of, tmp, rows, notes);
        if (options.peers) {
            const install = ensurePeerInstalled();
            if (!install.ok) progress(install.line);
            peers = { install, sizes: install.ok ? await measurePeers(tmp, options.routes, options.peerRepeat) : [] };
        }
    } finally {
        cleanUp();
    }

    console.log(`Machine: node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
    console.log(`Packages: @pulumi/pulumi ${packageVersion("@pulumi/pulumi")}, @pulumi/aws ${packageVersion("@pulumi/aws")}, @cloud-copilot/iam-simulate ${packageVersion("@cloud-copilot/iam-simulate")}, ts-node ${packageVersion("ts-node")}, typescript ${packageVersion("typescript")}`);
    const sections = options.own ? (options.peers ? "" : " --no-peers") : " --peers-only";
    console.log(`Options: --routes ${options.routes.join(",")} --repeat ${options.repeat} --plan-repeat ${options.planRepeat} --checks ${options.checks} --peer-repeat ${options.peerRepeat}${sections}`);
    if (options.own) {
        console.log("");
        console.log(markdownTable(rows));
        console.log("");
        for (const note of notes) console.log(`Note: ${note}`);
    }
    if (peers) {
        console.log("");
        console.log(`## Plan against AWS CDK synth with cdk-nag (AwsSolutions)`);
        console.log("");
        console.log(peers.install.line);
        if (peers.sizes.length > 0) {
            console.log("");
            console.log(peerTable(peers.sizes, options.peerRepeat));
            console.log("");
            for (const line of peerTargets(peers.sizes)) console.log(line);
            for (const note of peerNotes(peers.sizes)) console.log(`Note: ${note}`);
        }
    }
    console.log(`Bench took ${ms(performance.now() - started)}.`);
}

/** Sections 1 to 4: the package and its plan, each against a baseline of its own. */
async function measureOwn(options: Options, of: number, tmp: string, rows: Row[], notes: string[]): Promise<void> {
    progress(`1/${of} cold imports, ${options.repeat} rounds (+1 warm-up) of ${fs.existsSync(path.join(ROOT, "dist")) ? 6 : 5} child processes`);
    rows.push(...importRows(await measureImports(options.repeat), options.repeat));

    for (const stack of ["dev", "prod"]) {
        progress(`2/${of} reference stack ${stack}: ${options.planRepeat} × (plan child + record child), 1 record child without source maps`);
        rows.push(...stackRows(`reference ${stack}`, await measureStack(ROOT, stack, options.planRepeat)));
    }

    const synthetic: SyntheticRun[] = [];
    for (const routes of options.routes) {
        progress(`3/${of} synthetic stack, ${routes} routes: plan child + record child + record child without source maps`);
        const dir = path.join(tmp, `routes-${routes}`);
        writeSyntheticProject(dir, routes);
        const plan = await runSelf<PlanResult>("plan", dir, "bench");
        progress(`    plan took ${ms(plan.result.planMs)}`);
        const rec = await runSelf<RecordResult>("record", dir, "bench");
        const plainRec = await runSelf<RecordResult>("record", dir, "bench", PLAIN_STACKS);
        synthetic.push({ routes, plan: summarize([plan]), rec: summarize([rec]), plainRec: summarize([plainRec]) });
    }
    const s = syntheticRows(synthetic);
    rows.push(...s.rows);
    notes.push(...s.notes);

    progress(`4/${of} simulator: ${options.checks} checks of each kind`);
    rows.push(...simRows((await runSelf<SimResult>("sim", String(options.checks))).result));
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
