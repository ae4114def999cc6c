/**
 * Benchmark of the package and its offline plan, each measurement beside a baseline taken in the
 * same run:
 *
 *   1. cold import of the package (a fresh node process) against `@pulumi/aws`, `@pulumi/pulumi`
 *      and an empty process;
 *   2. `runPlan` of the reference stack (dev, prod) against a single `record()` of its program;
 *   3. `runPlan` of a generated stack with N Lambda routes, against `record()` of the same program;
 *   4. the access simulator's time per check, with and without the trust policy, and raw iam-simulate.
 *
 * Usage: node -r ts-node/register/transpile-only bench/plan.ts [--routes 10,100,1000] [--repeat 5]
 *        [--plan-repeat 3] [--checks 200]
 *
 * Every plan and record runs in its own child process, so that one measurement's modules, JIT state
 * and heap do not leak into the next, and so that the RSS high-water mark belongs to that run alone.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import type { Recording, RecordOptions, record } from "../offline/recorder";
import type { RuleException } from "../offline/rules";
import type { AccessSimulator, RoleSessionPrincipal } from "../offline/simulator";

const ROOT = path.resolve(__dirname, "..");
const RESULT_MARK = "BENCH_RESULT ";
const TS_NODE = ["-r", "ts-node/register/transpile-only"];
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
}

const USAGE = "usage: node -r ts-node/register/transpile-only bench/plan.ts [--routes 10,100,1000] [--repeat 5] [--plan-repeat 3] [--checks 200]";

function parseOptions(argv: string[]): Options {
    const options: Options = { routes: [10, 100, 1000], repeat: 5, planRepeat: 3, checks: 200 };
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
        const value = argv[++i];
        if (flag === "--routes") options.routes = (value ?? "").split(",").map((v) => positive(flag, v.trim()));
        else if (flag === "--repeat") options.repeat = positive(flag, value);
        else if (flag === "--plan-repeat") options.planRepeat = positive(flag, value);
        else if (flag === "--checks") options.checks = positive(flag, value);
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
    const cells = rows.map((r) => [r.measurement, r.value, r.baseline, r.baselineValue, r.ratio].map((c) => c.replace(/\|/g, "\\|")));
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: string[]) => `| ${c.map((v, i) => (i === 0 || i === 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(" | ")} |`;
    const rule = `|${widths.map((w, i) => (i === 0 || i === 2 ? `:${"-".repeat(w + 1)}` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
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

/** Runs node with these arguments in the repository root and returns its result line, parsed. */
function runNode<T>(args: string[], timeoutMs = PROGRAM_TIMEOUT_SECONDS * 1000 + 60_000): Promise<ChildResult<T>> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        let exitedAt = 0;
        const started = performance.now();
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
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
                reject(new Error(`node ${args.join(" ").slice(0, 200)} ${why}:\n${stderr.trim().split("\n").slice(-15).join("\n")}`));
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
    /** `runPlan` alone, in the child: both program runs, posture, access matrix and rules. */
    planMs: number;
    /** From `runPlan`'s start until it loads the simulator: both program runs, resource tree and posture. */
    programsMs: number;
    /** The preview run (the first, so it also loads the program's modules) and the full run. */
    previewMs: number;
    fullMs: number;
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
    const rest = plan.programsMs - plan.previewMs - plan.fullMs;
    return [
        row(`plan ${label}: of which preview run (first, loads the program)`, ms(plan.previewMs), `record() once, ${label}`, ms(rec.recordMs), ratio(plan.previewMs, rec.recordMs)),
        row(`plan ${label}: of which full run (program already loaded)`, ms(plan.fullMs), `record() once, ${label}`, ms(rec.recordMs), ratio(plan.fullMs, rec.recordMs)),
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
// Child modes. Each loads what it needs before starting its clock and reports one result line.

async function childPlan(cwd: string, stack: string): Promise<void> {
    const { runPlan } = await import("../offline/plan");
    const { AccessSimulator } = await import("../offline/simulator");
    // runPlan calls the recorder's exported `record` through the module object (CommonJS), so a
    // wrapper installed here times its preview run and its full run apart. If a change to how the
    // modules are built bypasses it, the split is reported as n/a rather than guessed.
    const recorder: { record: typeof record } = require("../offline/recorder");
    const original = recorder.record;
    const runs: number[] = [];
    recorder.record = function timedRecord<T>(program: () => T | Promise<T>, options?: RecordOptions) {
        const started = performance.now();
        return original(program, options).finally(() => runs.push(performance.now() - started));
    };
    let simulatorLoadedAt = Number.NaN;
    let checks = 0;
    // runPlan loads the simulator after both program runs and the posture, then builds the matrix
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
    const plan = await runPlan({ cwd, stack, timeoutSeconds: PROGRAM_TIMEOUT_SECONDS, loadSimulator });
    const ended = performance.now();
    if (plan.access.unavailable) throw new Error(`the access matrix was not computed: ${plan.access.unavailable}`);
    report({
        planMs: ended - started,
        programsMs: simulatorLoadedAt - started,
        previewMs: runs.length === 2 ? runs[0] : Number.NaN,
        fullMs: runs.length === 2 ? runs[1] : Number.NaN,
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
    try {
        progress(`1/4 cold imports, ${options.repeat} rounds (+1 warm-up) of ${fs.existsSync(path.join(ROOT, "dist")) ? 6 : 5} child processes`);
        rows.push(...importRows(await measureImports(options.repeat), options.repeat));

        for (const stack of ["dev", "prod"]) {
            progress(`2/4 reference stack ${stack}: ${options.planRepeat} × (plan child + record child), 1 record child without source maps`);
            rows.push(...stackRows(`reference ${stack}`, await measureStack(ROOT, stack, options.planRepeat)));
        }

        const synthetic: SyntheticRun[] = [];
        for (const routes of options.routes) {
            progress(`3/4 synthetic stack, ${routes} routes: plan child + record child + record child without source maps`);
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

        progress(`4/4 simulator: ${options.checks} checks of each kind`);
        rows.push(...simRows((await runSelf<SimResult>("sim", String(options.checks))).result));
    } finally {
        cleanUp();
    }

    console.log(`Machine: node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
    console.log(`Packages: @pulumi/pulumi ${packageVersion("@pulumi/pulumi")}, @pulumi/aws ${packageVersion("@pulumi/aws")}, @cloud-copilot/iam-simulate ${packageVersion("@cloud-copilot/iam-simulate")}, ts-node ${packageVersion("ts-node")}, typescript ${packageVersion("typescript")}`);
    console.log(`Options: --routes ${options.routes.join(",")} --repeat ${options.repeat} --plan-repeat ${options.planRepeat} --checks ${options.checks}`);
    console.log("");
    console.log(markdownTable(rows));
    console.log("");
    for (const note of notes) console.log(`Note: ${note}`);
    console.log(`Bench took ${ms(performance.now() - started)}.`);
}

main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
