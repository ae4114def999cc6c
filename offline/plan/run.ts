// The plan command's first stage and its driver: load the stack, run its program once under the
// recorder, then hand one Graph of that run to the rules, the posture, the links and the access matrix.
import * as path from "path";
import { loadStack, LoadedStack, PlanInputError } from "../project";
import { OfflineTimeoutError, record } from "../recorder";
import { isUnknown, Recording, RecordedResource } from "../recording";
import { AccessSimulator } from "../simulator";
import { Graph } from "../graph";
import { evaluateRules } from "../rules";
import { accessMatrix } from "./access-matrix";
import { links } from "./links";
import { posture } from "./posture";
import type { PlanOptions, PlanReport, TreeNode } from "./types";

/** Runs a stack's program offline and answers what it creates, how secure it is and who can access what. */
export async function runPlan(options: PlanOptions): Promise<PlanReport> {
    const loaded = loadStack(path.resolve(options.cwd), options.stack, options.exceptionsFile);
    // A YAML program is a function already (offline/yaml-program.ts): nothing to transpile.
    if (!loaded.evaluate) prepareTypeScript(loaded.program, loaded.projectDir);
    // One full run: its realistic values let the rules and the simulator read every policy, and its
    // outputs read as a preview shows them (computed values unknown), which the report prints.
    const full = await runProgram(loaded, options.timeoutSeconds ?? 60, options.record ?? record);
    // One view of the graph for the rules, the posture, the diagram and the matrix (routes and API
    // documents are worked out once).
    const graph = new Graph(full);
    const findings = evaluateRules(graph, { exceptions: loaded.exceptions, stack: loaded.stack });
    return {
        project: loaded.project,
        stack: loaded.stack,
        resources: resourceTree(full),
        outputs: previewOutputs(full.result as Record<string, unknown>),
        posture: posture(graph, findings),
        links: links(graph),
        access: await accessMatrix(graph, options.loadSimulator ?? ((rec) => AccessSimulator.load(rec))),
        findings,
        openApiDocuments: openApiDocuments(graph),
        exceptionsFile: loaded.exceptionsFile ? path.basename(loaded.exceptionsFile) : undefined,
        environments: loaded.environments,
    };
}

async function runProgram(loaded: LoadedStack, timeoutSeconds: number, run: typeof record): Promise<Recording> {
    try {
        // `record(path)` loads the program fresh each run (a YAML program is evaluated afresh); ARNs and identity ids come out in the
        // stack's `aws:region`, as the provider would build them. A program may create nothing.
        const options = {
            project: loaded.project,
            stack: loaded.stack,
            config: loaded.config,
            secretConfigKeys: loaded.secretKeys,
            previewOutputs: true,
            maskSecrets: true,
            timeoutSeconds,
            allowEmpty: true,
        };
        return loaded.evaluate ? await run(loaded.evaluate, options) : await run(loaded.program, options);
    } catch (e) {
        if (e instanceof OfflineTimeoutError) {
            throw new PlanInputError(`the program did not finish within ${timeoutSeconds} s (a promise that never settles?); raise the limit with --timeout`);
        }
        if (e instanceof PlanInputError) throw e;
        const error = e as Error;
        const frame = (error.stack ?? "")
            .split("\n")
            .map((line) => /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?$/.exec(line.trim()))
            .find((m) => m && m[1].startsWith(loaded.projectDir) && !m[1].includes("node_modules"));
        const where = frame ? `at ${path.relative(loaded.projectDir, frame[1])}:${frame[2]}` : "";
        const first = error.message.split("\n")[0];
        // A message that introduces a list (`... 2 invalid inputs:`) keeps its colon last: the list follows.
        const failure = new PlanInputError(
            first.endsWith(":") && where ? `the program failed (${where}): ${first}` : `the program failed: ${first}${where ? ` (${where})` : ""}`,
        );
        (failure as any).cause = e;
        throw failure;
    }
}

/**
 * Lets a TypeScript program load, as the Pulumi CLI does with ts-node: the project's own ts-node
 * (a peer of @pulumi/pulumi, so Pulumi TypeScript projects have it), transpiling only.
 */
function prepareTypeScript(program: string, projectDir: string): void {
    if (!program.endsWith(".ts")) return;
    if ((process as any)[Symbol.for("ts-node.register.instance")] || require.extensions[".ts"]) return;
    let tsNode: { register(options: object): unknown };
    try {
        tsNode = require(require.resolve("ts-node", { paths: [projectDir, __dirname] }));
    } catch {
        throw new PlanInputError(`the program ${path.basename(program)} is TypeScript and ts-node is not installed in ${projectDir}: npm install --save-dev ts-node`);
    }
    // With @swc/core in the project, ts-node transpiles with it: the TypeScript compiler was most of a
    // small plan's time (see bench/). ts-node looks the transpiler up from the project.
    // @see ts-node's "swc" option (https://typestrong.org/ts-node/docs/swc/)
    tsNode.register({ transpileOnly: true, swc: resolvable("@swc/core", projectDir), compilerOptions: { module: "commonjs" } });
}

function resolvable(request: string, from: string): boolean {
    try {
        require.resolve(request, { paths: [from] });
        return true;
    } catch {
        return false;
    }
}

function resourceTree(rec: Recording): PlanReport["resources"] {
    const node = (r: RecordedResource): TreeNode => ({ type: r.type, name: r.name, children: rec.children(r).map(node) });
    const stack = rec.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const top = rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && (!r.parent || r.parent === stack?.urn));
    const counts: Record<string, number> = {};
    for (const r of rec.resources) if (r.type !== "pulumi:pulumi:Stack") counts[r.type] = (counts[r.type] ?? 0) + 1;
    return { tree: top.map(node), counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

function previewOutputs(result: Record<string, unknown>): Record<string, unknown> {
    const show = (value: unknown): unknown => {
        if (isUnknown(value)) return value.toString();
        if (Array.isArray(value)) return value.map(show);
        if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]));
        return value;
    };
    return Object.fromEntries(Object.entries(result ?? {}).map(([k, v]) => [k, show(v)]));
}

/** The parsed OpenAPI body of every RestApi that has one, by logical name (`--out` writes `<stack>.<name>.openapi.json`). */
export function openApiDocuments(graph: Graph): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const api of graph.all("aws:apigateway/restApi:RestApi")) {
        const doc = graph.openApiDocument(api);
        if (doc) out[api.name] = doc;
    }
    return out;
}
