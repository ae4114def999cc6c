import * as path from "path";
import { loadStack, LoadedStack, PlanInputError } from "./project";
import { isUnknown, OfflineTimeoutError, record, Recording, RecordedResource } from "./recorder";
import { AccessSimulator, RoleSessionPrincipal, SimulatorUnavailableError } from "./simulator";
import { evaluateRules, RuleReport } from "./rules";

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

export interface AccessMatrix {
    readonly rows: AccessRow[];
    /** Routes anyone may call without credentials. */
    readonly publicRoutes: string[];
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
    readonly access: AccessMatrix;
    readonly findings: RuleReport;
}

const COMPONENT_PREFIX = "user-backend:index:";
const UNKNOWN = "(known after apply)";

/** Runs a stack's program offline and answers what it creates, how secure it is and who can access what. */
export async function runPlan(options: PlanOptions): Promise<PlanReport> {
    const loaded = loadStack(path.resolve(options.cwd), options.stack, options.exceptionsFile);
    prepareTypeScript(loaded.program);
    const timeoutSeconds = options.timeoutSeconds ?? 60;
    // A preview for what is shown (computed values unknown), and a full run whose realistic values
    // let the rules and the simulator read every policy.
    const preview = await runProgram(loaded, true, timeoutSeconds);
    const full = await runProgram(loaded, false, timeoutSeconds);
    return {
        project: loaded.project,
        stack: loaded.stack,
        resources: resourceTree(full),
        outputs: previewOutputs(preview.result as Record<string, unknown>, loaded),
        posture: posture(full),
        access: await accessMatrix(full, options.loadSimulator ?? ((rec) => AccessSimulator.load(rec))),
        findings: evaluateRules(full, { exceptions: loaded.exceptions, stack: loaded.stack }),
    };
}

async function runProgram(loaded: LoadedStack, preview: boolean, timeoutSeconds: number): Promise<Recording> {
    const programDir = path.dirname(loaded.program);
    try {
        return await record(
            () => {
                // Fresh modules each run: the program registers its resources when it is loaded.
                for (const file of Object.keys(require.cache)) if (file.startsWith(programDir + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[file];
                return require(loaded.program);
            },
            { project: loaded.project, stack: loaded.stack, config: loaded.config, secretConfigKeys: loaded.secretKeys, preview, timeoutSeconds },
        );
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
        const where = frame ? ` (at ${path.relative(loaded.projectDir, frame[1])}:${frame[2]})` : "";
        const failure = new PlanInputError(`the program failed: ${error.message.split("\n")[0]}${where}`);
        (failure as any).cause = e;
        throw failure;
    }
}

/** Lets a TypeScript program load, as the Pulumi CLI does with ts-node. */
function prepareTypeScript(program: string): void {
    if (!program.endsWith(".ts")) return;
    if ((process as any)[Symbol.for("ts-node.register.instance")] || require.extensions[".ts"]) return;
    try {
        require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
    } catch {
        throw new PlanInputError("the program is TypeScript and ts-node is not installed: npm install --save-dev ts-node");
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

function previewOutputs(result: Record<string, unknown>, loaded: LoadedStack): Record<string, unknown> {
    const show = (value: unknown): unknown => {
        if (isUnknown(value)) return UNKNOWN;
        if (typeof value === "string" && loaded.secretKeys.length > 0 && value === "[secret]") return "[secret]";
        if (Array.isArray(value)) return value.map(show);
        if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]));
        return value;
    };
    return Object.fromEntries(Object.entries(result ?? {}).map(([k, v]) => [k, show(v)]));
}

const yes = (ok: boolean, good: string, bad: string): PostureItem["value"] => (ok ? good : bad);

function child(rec: Recording, component: RecordedResource, type: string, name: string): RecordedResource | undefined {
    return rec.descendants(component).find((r) => r.type === type && r.name === name);
}

function posture(rec: Recording): ComponentPosture[] {
    const out: ComponentPosture[] = [];
    for (const component of rec.resources.filter((r) => r.type.startsWith(COMPONENT_PREFIX))) {
        const kind = component.type.slice(COMPONENT_PREFIX.length);
        const name = component.name;
        const items: PostureItem[] = [];
        const item = (check: string, ok: boolean, value: string) => items.push({ check, ok, value });
        if (kind === "SecureUserBucket") {
            const bucket = child(rec, component, "aws:s3/bucket:Bucket", `${name}-bucket`);
            const encryption = child(rec, component, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", `${name}-encryption`);
            const sse = encryption?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm;
            item("encryption", !!sse, sse === "aws:kms" ? "SSE-KMS (customer key, bucket key)" : sse === "AES256" ? "SSE-S3" : "none");
            const block = child(rec, component, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-public-access-block`)?.inputs ?? {};
            const blocked = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].every((k) => block[k] === true);
            item("public access", blocked, yes(blocked, "blocked (all four flags)", "not fully blocked"));
            const policy = child(rec, component, "aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`)?.inputs.policy;
            const tls = typeof policy === "string" && policy.includes('"aws:SecureTransport":"false"');
            item("TLS", tls, yes(tls, "required (1.2+)", "not enforced"));
            const logging = child(rec, component, "aws:s3/bucketLogging:BucketLogging", `${name}-logging`);
            item("access logging", !!logging, logging ? `to ${logging.inputs.targetBucket}` : "off");
            const versioning = child(rec, component, "aws:s3/bucketVersioning:BucketVersioning", `${name}-versioning`)?.inputs.versioningConfiguration?.status;
            item("versioning", versioning === "Enabled", versioning ?? "off");
            item("force destroy", bucket?.inputs.forceDestroy !== true, bucket?.inputs.forceDestroy ? "on (objects deleted with the bucket)" : "off");
            item("retain on delete", true, bucket?.retainOnDelete ? "yes" : "no");
            item("owner key", true, String(component.registeredOutputs.ownerVariable ?? "?"));
        } else if (kind === "CognitoAuth") {
            const pool = child(rec, component, "aws:cognito/userPool:UserPool", `${name}-pool`);
            const identityPool = child(rec, component, "aws:cognito/identityPool:IdentityPool", `${name}-identity-pool`);
            const protectedPool = pool?.inputs.deletionProtection === "ACTIVE";
            item("deletion protection", protectedPool, `${pool?.inputs.deletionProtection ?? "?"}${pool?.protect ? ", protect" : ""}`);
            const mfa = pool?.inputs.mfaConfiguration ?? "OFF";
            item("MFA", mfa !== "OFF", `${mfa}${pool?.inputs.softwareTokenMfaConfiguration?.enabled ? " (TOTP)" : ""}${pool?.inputs.smsConfiguration ? " (SMS)" : ""}`);
            const length = pool?.inputs.passwordPolicy?.minimumLength;
            item("password length", (length ?? 0) >= 8, `>= ${length ?? "?"}`);
            const guests = identityPool?.inputs.allowUnauthenticatedIdentities === true;
            item("guest access", true, guests ? "on (guest role)" : "off");
            item("classic flow", identityPool?.inputs.allowClassicFlow !== true, identityPool?.inputs.allowClassicFlow ? "on" : "off");
            const flows = rec.descendants(component).filter((r) => r.type === "aws:cognito/userPoolClient:UserPoolClient").flatMap((c) => c.inputs.allowedOauthFlows ?? []);
            item("OAuth flows", !flows.includes("implicit"), flows.length ? [...new Set(flows)].join(", ") : "none (API sign-in only)");
        } else if (kind === "AuthorizedApi") {
            const api = child(rec, component, "aws:apigateway/restApi:RestApi", `${name}-api`);
            const stage = child(rec, component, "aws:apigateway/stage:Stage", `${name}-stage`);
            const settings = child(rec, component, "aws:apigateway/methodSettings:MethodSettings", `${name}-settings`)?.inputs.settings ?? {};
            item("endpoint", true, String(api?.inputs.endpointConfiguration?.types ?? "EDGE"));
            item("access logs", !!stage?.inputs.accessLogSettings, stage?.inputs.accessLogSettings ? "JSON" : "off");
            item("execution logs", !!settings.loggingLevel, `${settings.loggingLevel ?? "off"}${settings.metricsEnabled ? " + metrics" : ""}`);
            item("X-Ray", stage?.inputs.xrayTracingEnabled === true, stage?.inputs.xrayTracingEnabled ? "on" : "off");
            item("stage throttle", settings.throttlingRateLimit !== undefined, `${settings.throttlingRateLimit ?? "-"} rps, burst ${settings.throttlingBurstLimit ?? "-"}`);
            const cache = stage?.inputs.cacheClusterEnabled === true;
            item("cache", !cache || settings.cacheDataEncrypted === true, cache ? `${stage?.inputs.cacheClusterSize} GB, encrypted: ${settings.cacheDataEncrypted === true}` : "off");
            out.push({ component: kind, name, items, routes: routes(rec, component, settings) });
            continue;
        } else {
            continue;
        }
        out.push({ component: kind, name, items });
    }
    return out;
}

/** The routes of an AuthorizedApi, from its methods, resources, integrations and method settings. */
function routes(rec: Recording, component: RecordedResource, stageSettings: Record<string, any>): RoutePosture[] {
    const all = rec.descendants(component);
    const api = all.find((r) => r.type === "aws:apigateway/restApi:RestApi");
    const resources = new Map(all.filter((r) => r.type === "aws:apigateway/resource:Resource").map((r) => [String(r.id), r]));
    const pathOf = (id: string): string => {
        if (id === api?.outputs.rootResourceId) return "/";
        const r = resources.get(id);
        if (!r) return "?";
        const parent = pathOf(String(r.inputs.parentId));
        return `${parent === "/" ? "" : parent}/${r.inputs.pathPart}`;
    };
    const settingsByPath = new Map(
        all.filter((r) => r.type === "aws:apigateway/methodSettings:MethodSettings").map((r) => [String(r.inputs.methodPath), r.inputs.settings]),
    );
    return all
        .filter((r) => r.type === "aws:apigateway/method:Method" && r.inputs.httpMethod !== "OPTIONS")
        .map((method) => {
            const path = pathOf(String(method.inputs.resourceId));
            const integration = all.find((r) => r.type === "aws:apigateway/integration:Integration" && r.inputs.resourceId === method.inputs.resourceId && r.inputs.httpMethod === method.inputs.httpMethod);
            const settings = settingsByPath.get(`${path.replace(/\//g, "~1")}/${method.inputs.httpMethod}`) ?? {};
            const scopes = method.inputs.authorizationScopes?.length ? ` (scopes: ${method.inputs.authorizationScopes.join(" ")})` : "";
            const authorization = { COGNITO_USER_POOLS: "cognito", AWS_IAM: "iam", CUSTOM: "lambda", NONE: "none (public)" }[String(method.inputs.authorization)] ?? method.inputs.authorization;
            const cached = settings.cachingEnabled === true;
            const key: string[] = integration?.inputs.cacheKeyParameters ?? [];
            return {
                route: `${method.inputs.httpMethod} ${path}`,
                integration: describeIntegration(integration),
                authorization: `${authorization}${scopes}`,
                caching: cached ? `${settings.cacheTtlInSeconds ?? 300} s, key: ${key.join(", ") || "path only"}` : "off",
                throttling: settings.throttlingRateLimit !== undefined ? `${settings.throttlingRateLimit} rps, burst ${settings.throttlingBurstLimit}` : `stage (${stageSettings.throttlingRateLimit ?? "-"} rps)`,
            };
        })
        .sort((a, b) => a.route.localeCompare(b.route));
}

function describeIntegration(integration: RecordedResource | undefined): string {
    if (!integration) return "?";
    const type = integration.inputs.type;
    const uri = String(integration.inputs.uri ?? "");
    if (type === "AWS_PROXY") return "lambda";
    if (type === "HTTP_PROXY") return `http ${uri}`;
    if (type === "MOCK") return "mock";
    const service = /:apigateway:[^:]+:([^:]+):(?:path|action)\/(.*)$/.exec(uri);
    return service ? `${service[1]} ${service[2]}` : String(type);
}

/** Who may do what on each per-user bucket, by simulation over the stack's real roles and policies. */
async function accessMatrix(rec: Recording, load: (rec: Recording) => AccessSimulator): Promise<AccessMatrix> {
    const publicRoutes = posture(rec).flatMap((c) => (c.routes ?? []).filter((r) => r.authorization.startsWith("none")).map((r) => r.route));
    let sim: AccessSimulator;
    try {
        sim = load(rec);
    } catch (e) {
        if (e instanceof SimulatorUnavailableError) return { rows: [], publicRoutes, unavailable: e.message };
        throw e;
    }
    const auth = rec.resources.find((r) => r.type === `${COMPONENT_PREFIX}CognitoAuth`);
    const buckets = rec.resources.filter((r) => r.type === `${COMPONENT_PREFIX}SecureUserBucket`);
    const rows: AccessRow[] = [];
    if (!auth) return { rows, publicRoutes };
    const outputs = auth.registeredOutputs;
    const roleName = (arn: unknown) => (typeof arn === "string" ? String(rec.findByOutput("aws:iam/role:Role", "arn", arn)?.outputs.name ?? "") : "");
    const tagged = (outputs.principalTagKeys ?? []).includes("sub");
    const person = (n: number) => ({ identityId: `${"us-east-1"}:0000000${n}-0000-4000-8000-00000000000${n}`, sub: `0000000${n}-5b5b-4000-8000-00000000000${n}` });
    const owner = person(1);
    const other = person(2);
    const member = person(3);
    const device = person(4);
    const session = (who: { identityId: string; sub: string }, role: string, amr: "authenticated" | "unauthenticated"): RoleSessionPrincipal => ({
        role,
        identityId: who.identityId,
        principalTags: amr === "authenticated" && tagged ? { sub: who.sub } : undefined,
        webIdentity: { identityPoolId: String(outputs.identityPoolId), amr, provider: amr === "authenticated" ? String(outputs.providerName) : undefined },
    });
    const groupRole = Object.values<string>(outputs.groupRoleArns ?? {})[0];
    const principals: { label: string; principal: any; self: { identityId: string; sub: string } }[] = [
        { label: "owner (signed in)", principal: session(owner, roleName(outputs.authenticatedRoleArn), "authenticated"), self: owner },
        { label: "other user", principal: session(other, roleName(outputs.authenticatedRoleArn), "authenticated"), self: other },
        ...(groupRole ? [{ label: "group member", principal: session(member, roleName(groupRole), "authenticated"), self: member }] : []),
        ...(outputs.guestRoleArn ? [{ label: "guest", principal: session(device, roleName(outputs.guestRoleArn), "unauthenticated"), self: device }] : []),
        { label: "anonymous", principal: { anonymous: true }, self: other },
    ];
    for (const bucketComponent of buckets) {
        const bucket = String(bucketComponent.registeredOutputs.bucketName);
        const prefixes = bucketComponent.registeredOutputs.prefixes ?? { private: "private/", protected: "protected/", public: "public/" };
        const byTag = String(bucketComponent.registeredOutputs.ownerVariable ?? "").includes("PrincipalTag");
        const keyOf = (who: { identityId: string; sub: string }) => (byTag ? who.sub : who.identityId);
        for (const { label, principal, self } of principals) {
            // Levels as the principal sees them: its own prefixes, the owner's (someone else's), and public.
            const owned = label === "owner (signed in)" ? owner : self;
            const levels: [string, string][] = [
                ["own private/", `${prefixes.private}${keyOf(owned)}/`],
                ["another user's private/", `${prefixes.private}${keyOf(owned === owner ? other : owner)}/`],
                ["own protected/", `${prefixes.protected}${keyOf(owned)}/`],
                ["another user's protected/", `${prefixes.protected}${keyOf(owned === owner ? other : owner)}/`],
                ["public/", prefixes.public],
            ];
            for (const [level, prefix] of levels) {
                if (label === "anonymous" && level.startsWith("own")) continue;
                const object = `arn:aws:s3:::${bucket}/${prefix}photo.jpg`;
                const [get, list, put, remove] = await Promise.all([
                    sim.can(principal, "s3:GetObject", object),
                    sim.can(principal, "s3:ListBucket", `arn:aws:s3:::${bucket}`, { "s3:prefix": prefix }),
                    sim.can(principal, "s3:PutObject", object),
                    sim.can(principal, "s3:DeleteObject", object),
                ]);
                rows.push({ bucket: bucketComponent.name, principal: label, level, get, list, put, delete: remove });
            }
        }
    }
    return { rows, publicRoutes };
}
