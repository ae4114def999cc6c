import * as path from "path";
import { loadStack, LoadedStack, PlanInputError } from "./project";
import { isUnknown, OfflineTimeoutError, record, Recording, RecordedResource } from "./recorder";
import { AccessSimulator, RoleSessionPrincipal, SimulatedPrincipal, SimulatorUnavailableError } from "./simulator";
import { evaluateRules, Graph, RouteIntegration, RuleReport } from "./rules";

export { PlanInputError } from "./project";

export interface PlanOptions {
    /** The Pulumi project folder. */
    readonly cwd: string;
    readonly stack: string;
    /** @default 60 */
    readonly timeoutSeconds?: number;
    /** Declared rule exceptions. @default `plan-exceptions.yaml` beside Pulumi.yaml, when there is one */
    readonly exceptionsFile?: string;
    /** Loads the access simulator; tests replace it to check the unavailable path. */
    readonly loadSimulator?: (rec: Recording) => AccessSimulator;
    /** Runs the program; the benchmark wraps it to time the run. @default `record` */
    readonly record?: typeof record;
}

export interface TreeNode {
    readonly type: string;
    readonly name: string;
    readonly children: TreeNode[];
}

export interface PostureItem {
    readonly check: string;
    readonly value: string;
    readonly ok: boolean;
}

export interface ComponentPosture {
    readonly component: string;
    readonly name: string;
    readonly items: PostureItem[];
    /** For an AuthorizedApi, one row per route. */
    readonly routes?: RoutePosture[];
}

export interface RoutePosture {
    readonly route: string;
    readonly integration: string;
    readonly authorization: string;
    readonly caching: string;
    readonly throttling: string;
}

export interface AccessRow {
    readonly bucket: string;
    readonly principal: string;
    readonly level: string;
    readonly get: boolean;
    readonly list: boolean;
    readonly put: boolean;
    readonly delete: boolean;
}

/**
 * A role that is not an identity pool role and reaches every user's private prefix: a function or an
 * API route acting for all users. It is correct only while the code that uses it takes the owner from
 * the caller's verified token, never from the request (shared/SECURITY.md, mistake 14); the plan lists
 * it so a reviewer sees that trust boundary.
 */
export interface ServiceRoleReach {
    /** The role's logical name. */
    readonly role: string;
    /** Who acts with it: `Lambda <function>`, or the API routes whose integration passes it. */
    readonly usedBy: string;
    /** The bucket, as the access rows name it. */
    readonly bucket: string;
    /** The S3 actions it is allowed on every user's private prefix (a list when `s3:prefix` spans all users). */
    readonly actions: string[];
    readonly note: string;
}

/** What the plan says of every role in `serviceRoles`. */
export const SERVICE_ROLE_NOTE = "reaches every user's prefix; the owner is taken from the token";

export interface AccessMatrix {
    readonly rows: AccessRow[];
    /** Roles, other than identity pool roles, allowed on every user's private prefix. */
    readonly serviceRoles: ServiceRoleReach[];
    /** Routes anyone may call without credentials. */
    readonly publicRoutes: string[];
    /** What the matrix leaves out and why (no guests, no identity pool). */
    readonly notes: string[];
    /** Why the matrix could not be computed, if it could not. */
    readonly unavailable?: string;
}

export interface PlanReport {
    readonly project: string;
    readonly stack: string;
    readonly resources: { readonly tree: TreeNode[]; readonly counts: Record<string, number>; readonly total: number };
    /** Stack outputs as a preview shows them: computed values unknown, secrets hidden. */
    readonly outputs: Record<string, unknown>;
    readonly posture: ComponentPosture[];
    /** How the components and the resources they reach are linked, for the diagram. */
    readonly links: Link[];
    readonly access: AccessMatrix;
    readonly findings: RuleReport;
    /**
     * The OpenAPI document of every RestApi defined by a `body` that parses, by the RestApi's logical
     * name: what teams generate clients and docs from (`plan --out` writes each beside the report).
     */
    readonly openApiDocuments: Record<string, unknown>;
    /** The file the declared exceptions came from (its name), when there was one. */
    readonly exceptionsFile?: string;
    /** The Pulumi ESC environments the stack file imports, which the plan cannot read. */
    readonly environments: readonly string[];
}

/** One edge of the diagram: `from` uses `to`, both logical names of components or top-level resources. */
export interface Link {
    readonly from: string;
    readonly to: string;
    readonly label: string;
}

const COMPONENT_PREFIX = "user-backend:index:";

/** Runs a stack's program offline and answers what it creates, how secure it is and who can access what. */
export async function runPlan(options: PlanOptions): Promise<PlanReport> {
    const loaded = loadStack(path.resolve(options.cwd), options.stack, options.exceptionsFile);
    prepareTypeScript(loaded.program, loaded.projectDir);
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
        // `record(path)` loads the program fresh each run; ARNs and identity ids come out in the
        // stack's `aws:region`, as the provider would build them. A program may create nothing.
        return await run(loaded.program, {
            project: loaded.project,
            stack: loaded.stack,
            config: loaded.config,
            secretConfigKeys: loaded.secretKeys,
            previewOutputs: true,
            maskSecrets: true,
            timeoutSeconds,
            allowEmpty: true,
        });
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

function child(rec: Recording, component: RecordedResource, type: string, name: string): RecordedResource | undefined {
    return rec.descendants(component).find((r) => r.type === type && r.name === name);
}

/**
 * Each component's posture: what it is set to, with `ok` taken from the rule set (no finding of the
 * named rules on the component's own resources), so the posture and the findings never disagree.
 */
function posture(graph: Graph, report: RuleReport): ComponentPosture[] {
    const rec = graph.recording;
    const out: ComponentPosture[] = [];
    for (const component of rec.resources.filter((r) => r.type.startsWith(COMPONENT_PREFIX))) {
        const kind = component.type.slice(COMPONENT_PREFIX.length);
        const name = component.name;
        const mine = new Set([component.urn, ...rec.descendants(component).map((r) => r.urn)]);
        const items: PostureItem[] = [];
        const item = (check: string, ruleIds: string[], value: string) =>
            items.push({ check, value, ok: !report.findings.some((f) => ruleIds.includes(f.ruleId) && mine.has(f.resource.urn)) });
        if (kind === "SecureUserBucket") {
            const bucket = child(rec, component, "aws:s3/bucket:Bucket", `${name}-bucket`);
            const sse = child(rec, component, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${name}-encryption`)?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm;
            item("encryption", ["UB-S3-ENCRYPTION", "UB-KMS-ROTATION"], sse === "aws:kms" ? "SSE-KMS (customer key, bucket key)" : sse === "AES256" ? "SSE-S3" : "none");
            item("public access", ["UB-S3-PUBLIC-ACCESS-BLOCK", "UB-S3-PUBLIC-POLICY"], "blocked (all four flags), no public policy");
            const policy = String(child(rec, component, "aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`)?.inputs.policy ?? "");
            item("TLS", ["UB-S3-TLS"], policy.includes('"s3:TlsVersion"') ? "required, 1.2 or later" : "required");
            const logging = child(rec, component, "aws:s3/bucketLogging:BucketLogging", `${name}-logging`);
            item("access logging", ["UB-S3-ACCESS-LOGS"], logging ? `to ${logging.inputs.targetBucket}` : "off");
            const versioning = child(rec, component, "aws:s3/bucketVersioning:BucketVersioning", `${name}-versioning`)?.inputs.versioningConfiguration?.status;
            item("versioning", ["UB-S3-VERSIONING", "UB-S3-LIFECYCLE"], versioning ?? "off");
            item("force destroy", ["UB-S3-FORCE-DESTROY"], bucket?.inputs.forceDestroy ? "on (objects deleted with the bucket)" : "off");
            item("retain on delete", [], bucket?.retainOnDelete ? "yes" : "no");
            item("owner key", [], String(component.registeredOutputs.ownerVariable ?? "?"));
            item("user grants", ["UB-IAM-WILDCARD", "UB-IAM-LIST-PREFIX", "UB-IAM-OWNER-VARIABLE", "UB-IAM-USER-ACL"], `${rec.descendants(component).filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy").length} role policies`);
        } else if (kind === "CognitoAuth") {
            const pool = child(rec, component, "aws:cognito/userPool:UserPool", `${name}-pool`);
            const identityPool = child(rec, component, "aws:cognito/identityPool:IdentityPool", `${name}-identity-pool`);
            item("deletion protection", ["UB-COG-DELETION-PROTECTION"], `${pool?.inputs.deletionProtection ?? "?"}${pool?.protect ? ", protect" : ""}`);
            const mfa = pool?.inputs.mfaConfiguration ?? "OFF";
            const factors = [pool?.inputs.softwareTokenMfaConfiguration?.enabled ? "TOTP" : "", pool?.inputs.smsConfiguration ? "SMS" : "", pool?.inputs.emailMfaConfiguration ? "email" : ""].filter(Boolean);
            item("MFA", ["UB-COG-MFA", "UB-COG-MFA-REQUIRED"], `${mfa}${factors.length ? ` (${factors.join(", ")})` : ""}`);
            const threat = pool?.inputs.userPoolAddOns?.advancedSecurityMode;
            item("threat protection", ["UB-COG-THREAT-PROTECTION"], `${threat ?? "off"} (${pool?.inputs.userPoolTier ?? "ESSENTIALS"} tier)`);
            item("password length", ["UB-COG-PASSWORD"], `>= ${pool?.inputs.passwordPolicy?.minimumLength ?? "?"}`);
            item("guest access", ["UB-COG-GUESTS", "UB-COG-GUEST-WRITE"], identityPool?.inputs.allowUnauthenticatedIdentities === true ? "on (guest role)" : "off");
            item("classic flow", ["UB-COG-CLASSIC-FLOW", "UB-COG-ROLE-TRUST"], identityPool?.inputs.allowClassicFlow ? "on" : "off");
            const flows = rec.descendants(component).filter((r) => r.type === "aws:cognito/userPoolClient:UserPoolClient").flatMap((c) => c.inputs.allowedOauthFlows ?? []);
            item("OAuth flows", ["UB-COG-CLIENT"], flows.length ? [...new Set(flows)].join(", ") : "none (API sign-in only)");
        } else if (kind === "AuthorizedApi") {
            const api = child(rec, component, "aws:apigateway/restApi:RestApi", `${name}-api`);
            const stage = child(rec, component, "aws:apigateway/stage:Stage", `${name}-stage`);
            const settings: Record<string, any> = (stage && graph.stageWideSettings(stage)?.inputs.settings) ?? {};
            item("endpoint", [], String(api?.inputs.endpointConfiguration?.types ?? "EDGE"));
            item("authorization", ["UB-APIG-AUTHORIZATION", "UB-APIG-VALIDATION"], "every route, or declared public");
            item("access logs", ["UB-APIG-ACCESS-LOGS"], stage?.inputs.accessLogSettings ? "JSON" : "off");
            item("execution logs", ["UB-APIG-EXECUTION-LOGS"], `${settings.loggingLevel ?? "off"}${settings.metricsEnabled ? " + metrics" : ""}`);
            item("X-Ray", ["UB-APIG-XRAY"], stage?.inputs.xrayTracingEnabled ? "on" : "off");
            item("stage throttle", ["UB-APIG-THROTTLE"], `${settings.throttlingRateLimit ?? "-"} rps, burst ${settings.throttlingBurstLimit ?? "-"}`);
            const cache = stage?.inputs.cacheClusterEnabled === true;
            item("cache", ["UB-APIG-CACHE-ENCRYPTION", "UB-APIG-CACHE-KEY"], cache ? `${stage?.inputs.cacheClusterSize} GB, encrypted: ${settings.cacheDataEncrypted === true}` : "off");
            const waf = rec.descendants(component).find((r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation");
            item("WAF", ["UB-APIG-WAF"], waf ? `web ACL ${String(waf.inputs.webAclArn).split("/").slice(-2, -1)[0] || waf.inputs.webAclArn}` : "none");
            item("deployment", ["UB-APIG-DEPLOYMENT"], api && graph.hasBody(api) ? "OpenAPI body, redeployed when its hash changes" : "per-route resources");
            const logRole = component.registeredOutputs.accountLogRole;
            item(
                "account log role",
                ["UB-APIG-ACCESS-LOGS", "UB-APIG-EXECUTION-LOGS"],
                logRole === "baseline"
                    ? "set once per account and region by the baseline program (baseline/)"
                    : logRole === "managed"
                      ? "set by this stack (retained on delete)"
                      : logRole === "none"
                        ? "none: access and execution logs off"
                        : `not stated by the component (${logRole === undefined ? "no accountLogRole output" : JSON.stringify(logRole)})`,
            );
            // API Gateway writes execution logs to a group it names itself (AWS doc "Set up CloudWatch logging for REST APIs in API Gateway").
            const executionLogs = rec.descendants(component).find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && String(r.inputs.name ?? "").startsWith("API-Gateway-Execution-Logs_"));
            item("execution log group", ["UB-LOGS-RETENTION"], executionLogs ? (executionLogs.inputs.retentionInDays > 0 ? `${executionLogs.inputs.retentionInDays} days retention` : "kept forever") : "not managed");
            out.push({ component: kind, name, items, routes: routes(graph, component, stage) });
            continue;
        } else {
            continue;
        }
        out.push({ component: kind, name, items });
    }
    return out;
}

/**
 * The links the diagram draws, read from the graph rather than assumed: an API's authorizer names a
 * user pool, its integrations and route roles name functions, buckets, state machines, queues and
 * tables; a role policy granting a bucket links the role's owner (a component, or the function that
 * runs as it) to the bucket.
 */
function links(graph: Graph): Link[] {
    const rec = graph.recording;
    const stack = rec.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const apis = graph.all("aws:apigateway/restApi:RestApi");
    // The node a resource is drawn as: its outermost component, or itself at the top level (a part
    // of a REST API made without a component is drawn as its API).
    const nodeOf = (r: RecordedResource | undefined): string | undefined => {
        let top = r;
        while (top?.parent && top.parent !== stack?.urn) top = rec.parentOf(top);
        const api = top && top.custom && top.inputs.restApi !== undefined ? apis.find((a) => a.id === top!.inputs.restApi) : undefined;
        return (api ?? top)?.name;
    };
    const targets: { type: string; route: string; access: string; key: (r: RecordedResource) => unknown[] }[] = [
        { type: "aws:s3/bucket:Bucket", route: "S3 routes", access: "S3 access", key: (r) => [r.outputs.arn, r.id] },
        { type: "aws:lambda/function:Function", route: "Lambda routes", access: "invokes", key: (r) => [r.outputs.arn] },
        { type: "aws:sfn/stateMachine:StateMachine", route: "Step Functions routes", access: "starts", key: (r) => [r.outputs.arn] },
        { type: "aws:sqs/queue:Queue", route: "SQS routes", access: "sends to", key: (r) => [r.outputs.arn] },
        { type: "aws:dynamodb/table:Table", route: "DynamoDB routes", access: "DynamoDB access", key: (r) => [r.outputs.arn] },
    ];
    const named = targets.flatMap((t) => graph.all(t.type).map((r) => ({ resource: r, ...t, keys: t.key(r).filter((k): k is string => typeof k === "string" && k !== "") })));
    const mentions = (text: string) => named.filter((n) => n.keys.some((k) => text.includes(k)));
    // One edge per pair: the first reason found (authorizer, then routes, then role policies) names it.
    const out = new Map<string, Link>();
    const add = (from: string | undefined, to: string | undefined, label: string) => {
        if (from && to && from !== to && !out.has(`${from}|${to}`)) out.set(`${from}|${to}`, { from, to, label });
    };
    // Routes in either shape: a Method resource or a RestApi body operation is drawn as its API (or component).
    const routes = graph.routes();
    for (const route of routes) {
        for (const arn of route.authorizer?.providerArns ?? []) add(nodeOf(route.sites.operation.resource), nodeOf(graph.resolve("aws:cognito/userPool:UserPool", arn)), "Cognito authorizer");
    }
    for (const route of routes) {
        const integration = route.integration;
        if (!integration) continue;
        for (const n of mentions(`${integration.uri ?? ""} ${integration.credentials ?? ""} ${JSON.stringify(integration.requestTemplates)}`)) add(nodeOf(route.sites.operation.resource), nodeOf(n.resource), n.route);
    }
    for (const role of graph.all("aws:iam/role:Role")) {
        // Who acts with this role: a function running as it, or else the role's own node.
        const fn = graph.all("aws:lambda/function:Function").find((f) => f.inputs.role === role.outputs.arn);
        const actor = nodeOf(fn ?? role);
        for (const { statement, holder } of graph.roleStatements(role)) {
            if (statement.Effect !== "Allow") continue;
            for (const n of mentions(JSON.stringify(statement.Resource ?? ""))) {
                const grantedBy = nodeOf(holder);
                // A bucket's grant to another component's roles reads as that component's users reaching the bucket.
                if (n.resource.type === "aws:s3/bucket:Bucket" && grantedBy === nodeOf(n.resource) && graph.webIdentityRoles().includes(role)) add(actor, grantedBy, "per-user grants");
                else add(actor, nodeOf(n.resource), n.access);
            }
        }
    }
    return [...out.values()];
}

/** The routes of an AuthorizedApi: its methods with their integration and the stage settings in effect for each. */
function routes(graph: Graph, component: RecordedResource, stage: RecordedResource | undefined): RoutePosture[] {
    const mine = new Set(graph.recording.descendants(component).map((r) => r.urn));
    const stageWide: Record<string, any> = (stage && graph.stageWideSettings(stage)?.inputs.settings) ?? {};
    return graph
        .routes()
        .filter((r) => mine.has(r.sites.operation.resource.urn) && r.httpMethod !== "OPTIONS")
        .map((route) => {
            const { settings, holder } = stage ? graph.methodSettings(stage, route) : { settings: {}, holder: undefined };
            const scopes = route.scopes.length ? ` (scopes: ${route.scopes.join(" ")})` : "";
            const authorization = { COGNITO_USER_POOLS: "cognito", AWS_IAM: "iam", CUSTOM: "lambda", NONE: "none (public)" }[route.authorization] ?? route.authorization;
            const key = route.integration?.cacheKeyParameters ?? [];
            const own = holder !== undefined && holder.inputs.methodPath !== "*/*";
            return {
                route: `${route.httpMethod} ${route.path}`,
                integration: describeIntegration(route.integration),
                authorization: `${authorization}${scopes}`,
                caching: settings.cachingEnabled === true && stage?.inputs.cacheClusterEnabled === true ? `${settings.cacheTtlInSeconds ?? 300} s, key: ${key.join(", ") || "path only"}` : "off",
                throttling:
                    own && (settings.throttlingRateLimit !== stageWide.throttlingRateLimit || settings.throttlingBurstLimit !== stageWide.throttlingBurstLimit)
                        ? `${settings.throttlingRateLimit} rps, burst ${settings.throttlingBurstLimit}`
                        : `stage (${stageWide.throttlingRateLimit ?? "-"} rps, burst ${stageWide.throttlingBurstLimit ?? "-"})`,
            };
        })
        .sort((a, b) => a.route.localeCompare(b.route));
}

function describeIntegration(integration: RouteIntegration | undefined): string {
    if (!integration) return "?";
    const type = integration.type;
    const uri = integration.uri ?? "";
    if (type === "AWS_PROXY") return "lambda";
    if (type === "HTTP_PROXY") return `http ${uri}`;
    if (type === "MOCK") return "mock";
    const service = /:apigateway:[^:]+:([^:]+):(?:path|action)\/(.*)$/.exec(uri);
    return service ? `${service[1]} ${service[2]}` : String(type);
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

/** A simulated user: an identity pool identity id and a user pool sub. */
interface Person {
    readonly identityId: string;
    readonly sub: string;
}

/**
 * Who may do what on each bucket users reach, by simulation over the stack's real roles and policies:
 * for every identity pool that hands out roles, an owner, another user, a member of a group with a
 * role, a guest (when the pool has guests) and an unauthenticated caller, on each access level.
 */
async function accessMatrix(graph: Graph, load: (rec: Recording) => AccessSimulator): Promise<AccessMatrix> {
    const rec = graph.recording;
    const publicRoutes = graph
        .publicRoutes()
        .map((r) => `${r.httpMethod} ${r.path}`)
        .sort();
    // Read from the policies, not simulated: it needs no simulator.
    const serviceRoles = serviceRolesReachingEveryUser(graph);
    let sim: AccessSimulator;
    try {
        sim = load(rec);
    } catch (e) {
        if (e instanceof SimulatorUnavailableError) return { rows: [], serviceRoles, publicRoutes, notes: [], unavailable: e.message };
        throw e;
    }
    const rows: AccessRow[] = [];
    const notes: string[] = [];
    const attachments = rec.all("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment");
    if (attachments.length === 0) notes.push("no identity pool hands out roles, so no user reaches storage with AWS credentials");
    const region = rec.environment.region;
    const person = (n: number): Person => ({ identityId: `${region}:0000000${n}-0000-4000-8000-00000000000${n}`, sub: `0000000${n}-5b5b-4000-8000-00000000000${n}` });
    const [owner, other, member, guest] = [person(1), person(2), person(3), person(4)];
    const roleName = (arn: unknown) => graph.resolve("aws:iam/role:Role", arn)?.outputs.name as string | undefined;

    for (const attachment of attachments) {
        const identityPoolId = String(attachment.inputs.identityPoolId);
        const pool = graph.resolve("aws:cognito/identityPool:IdentityPool", identityPoolId);
        const provider = pool?.inputs.cognitoIdentityProviders?.[0]?.providerName as string | undefined;
        // Session tags the pool maps from token claims (tag -> claim); guests carry none.
        const tagClaims: Record<string, string> = rec.all("aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag").find((t) => t.inputs.identityPoolId === identityPoolId)?.inputs.principalTags ?? {};
        const tagsOf = (who: Person) => Object.fromEntries(Object.entries(tagClaims).map(([tag, claim]) => [tag, claim === "sub" ? who.sub : `${claim}-of-${who.sub.slice(0, 8)}`]));
        const signedIn = (who: Person, role: string): RoleSessionPrincipal => ({
            role,
            identityId: who.identityId,
            principalTags: Object.keys(tagClaims).length ? tagsOf(who) : undefined,
            webIdentity: { identityPoolId, amr: "authenticated", provider },
        });
        const authenticatedRole = roleName(attachment.inputs.roles?.authenticated);
        const guestRole = roleName(attachment.inputs.roles?.unauthenticated);
        // A group role is what role mapping hands its members; one group shows whether owner access survives it.
        const group = rec.all("aws:cognito/userGroup:UserGroup").find((g) => roleName(g.inputs.roleArn));
        const principals: { label: string; principal: SimulatedPrincipal; self?: Person }[] = [];
        if (authenticatedRole) {
            principals.push({ label: "owner", principal: signedIn(owner, authenticatedRole), self: owner });
            principals.push({ label: "other user", principal: signedIn(other, authenticatedRole), self: other });
        }
        if (group) principals.push({ label: `group member (${group.inputs.name ?? group.name})`, principal: signedIn(member, roleName(group.inputs.roleArn)!), self: member });
        if (guestRole && pool?.inputs.allowUnauthenticatedIdentities === true) {
            principals.push({ label: "guest", principal: { role: guestRole, identityId: guest.identityId, webIdentity: { identityPoolId, amr: "unauthenticated" } }, self: guest });
        } else {
            notes.push(`guests: identity pool ${pool?.name ?? identityPoolId} gives unauthenticated identities no credentials`);
        }
        principals.push({ label: "unauthenticated caller", principal: { anonymous: true } });

        for (const target of userBuckets(graph)) {
            const byTag = /\$\{aws:PrincipalTag\/([^}]+)\}/.exec(target.ownerVariable);
            const keyOf = (who: Person) => (byTag ? (tagsOf(who)[byTag[1]] ?? who.sub) : who.identityId);
            for (const { label, principal, self } of principals) {
                // Each principal's own prefixes, another user's (the owner's, or the other user's for the owner), and public/.
                const someoneElse = self === owner ? other : owner;
                const levels: [string, string][] = [
                    ...(self ? ([["own private/", `${target.prefixes.private}${keyOf(self)}/`]] as [string, string][]) : []),
                    ["another user's private/", `${target.prefixes.private}${keyOf(someoneElse)}/`],
                    ...(self ? ([["own protected/", `${target.prefixes.protected}${keyOf(self)}/`]] as [string, string][]) : []),
                    ["another user's protected/", `${target.prefixes.protected}${keyOf(someoneElse)}/`],
                    ["public/", target.prefixes.public],
                ];
                for (const [level, prefix] of levels) {
                    const object = `arn:${rec.environment.partition}:s3:::${target.bucket}/${prefix}photo.jpg`;
                    const [get, list, put, remove] = await Promise.all([
                        sim.can(principal, "s3:GetObject", object),
                        sim.can(principal, "s3:ListBucket", `arn:${rec.environment.partition}:s3:::${target.bucket}`, { "s3:prefix": prefix }),
                        sim.can(principal, "s3:PutObject", object),
                        sim.can(principal, "s3:DeleteObject", object),
                    ]);
                    rows.push({ bucket: target.label, principal: label, level, get, list, put, delete: remove });
                }
            }
        }
    }
    return { rows, serviceRoles, publicRoutes, notes };
}

/** IAM's wildcard match, case-sensitive: `*` any run of characters, `?` exactly one. */
function wildcardMatches(pattern: string, value: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`, "s").test(value);
}

/** IAM action names are case-insensitive ("IAM JSON policy elements: Action"). */
const actionMatches = (pattern: string, action: string) => wildcardMatches(pattern.toLowerCase(), action.toLowerCase());

const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

/**
 * Roles that reach every user's private prefix: not an identity pool role, with an Allow on object
 * keys under two different users' prefixes (`<bucket>/<private prefix>*`, or wider), or `s3:ListBucket`
 * on the bucket with no `s3:prefix` condition or one that spans users (`private/*`). A resource with a
 * policy variable is per-user and does not count. Two made-up owners stand for "every user": a pattern
 * that matches both matches any.
 */
function serviceRolesReachingEveryUser(graph: Graph): ServiceRoleReach[] {
    const rec = graph.recording;
    const partition = rec.environment.partition;
    const perUser = new Set(graph.webIdentityRoles().map((r) => r.urn));
    const owners = ["00000001-aaaa-4000-8000-000000000001", "00000002-bbbb-4000-8000-000000000002"];
    const out: ServiceRoleReach[] = [];
    for (const role of graph.all("aws:iam/role:Role")) {
        if (perUser.has(role.urn)) continue;
        const allows = graph.roleStatements(role).map((s) => s.statement).filter((s) => s.Effect === "Allow");
        for (const target of userBuckets(graph)) {
            const bucketArn = `arn:${partition}:s3:::${target.bucket}`;
            const objects = owners.map((o) => `${bucketArn}/${target.prefixes.private}${o}/photo.jpg`);
            const prefixes = owners.map((o) => `${target.prefixes.private}${o}/`);
            const actions = new Set<string>();
            for (const statement of allows) {
                const statementActions = asStrings(statement.Action);
                const resources = asStrings(statement.Resource).filter((r) => !r.includes("${"));
                for (const action of OBJECT_ACTIONS) {
                    if (statementActions.some((a) => actionMatches(a, action)) && objects.every((o) => resources.some((r) => wildcardMatches(r, o)))) actions.add(action);
                }
                if (statementActions.some((a) => actionMatches(a, "s3:ListBucket")) && resources.some((r) => wildcardMatches(r, bucketArn))) {
                    const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
                    const prefixPatterns = Object.entries(conditions)
                        .filter(([operator]) => /^(StringLike|StringEquals)$/.test(operator))
                        .flatMap(([, block]) => Object.entries(block ?? {}).filter(([key]) => key.toLowerCase() === "s3:prefix").flatMap(([, v]) => asStrings(v)));
                    const constrained = Object.values(conditions).some((block) => Object.keys(block ?? {}).some((key) => key.toLowerCase() === "s3:prefix"));
                    if (!constrained || prefixes.every((p) => prefixPatterns.some((pattern) => !pattern.includes("${") && wildcardMatches(pattern, p)))) actions.add("s3:ListBucket");
                }
            }
            if (actions.size) out.push({ role: role.name, usedBy: usedBy(graph, role), bucket: target.label, actions: [...actions].sort(), note: SERVICE_ROLE_NOTE });
        }
    }
    return out.sort((a, b) => a.role.localeCompare(b.role) || a.bucket.localeCompare(b.bucket));
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");

/** Who acts with a role: the functions that run as it, the API routes whose integrations pass it, or else its component. */
function usedBy(graph: Graph, role: RecordedResource): string {
    const arn = role.outputs.arn;
    const functions = graph.all("aws:lambda/function:Function").filter((f) => f.inputs.role === arn).map((f) => `Lambda ${f.name}`);
    const routes = graph
        .routes()
        .filter((r) => r.integration?.credentials === arn)
        .map((r) => `${r.component ? `${r.component.name} ` : ""}${r.httpMethod} ${r.path}`);
    const users = [...functions, ...routes];
    if (users.length) return users.join(", ");
    return graph.component(role)?.name ?? role.name;
}

/**
 * The buckets users reach: each SecureUserBucket with its prefixes and owner key, and any other bucket
 * (not an access log target) with the same default layout keyed by identity id.
 */
function userBuckets(graph: Graph): { label: string; bucket: string; prefixes: { private: string; protected: string; public: string }; ownerVariable: string }[] {
    const defaults = { private: "private/", protected: "protected/", public: "public/" };
    const components = graph.all(`${COMPONENT_PREFIX}SecureUserBucket`);
    const owned = new Set(components.flatMap((c) => graph.recording.descendants(c)).map((r) => r.urn));
    const logTargets = new Set(graph.all("aws:s3/bucketLogging:BucketLogging").map((l) => l.inputs.targetBucket));
    return [
        ...components.map((c) => ({
            label: c.name,
            bucket: String(c.registeredOutputs.bucketName),
            prefixes: c.registeredOutputs.prefixes ?? defaults,
            ownerVariable: String(c.registeredOutputs.ownerVariable ?? "${cognito-identity.amazonaws.com:sub}"),
        })),
        ...graph
            .all("aws:s3/bucket:Bucket")
            .filter((b) => !owned.has(b.urn) && !logTargets.has(b.id))
            .map((b) => ({ label: b.name, bucket: String(b.id), prefixes: defaults, ownerVariable: "${cognito-identity.amazonaws.com:sub}" })),
    ];
}
