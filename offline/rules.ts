import { containsUnknown, Recording, RecordedResource } from "./recorder";

/**
 * The project's rule set: checks over a recorded resource graph that mirror the cdk-nag
 * (AwsSolutions), Security Hub FSBP and Checkov rules none of those tools can run on a Pulumi
 * program. The same rules serve the tests, the offline plan and, later, a CrossGuard policy pack:
 * each reads only resource types, inputs and the links between resources.
 */

export type Severity = "high" | "medium" | "low";

const SEVERITY_ORDER: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** True when `severity` is `threshold` or worse. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold];
}

/** A resource at fault, as a finding names it. */
export interface FindingResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

export interface Finding {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly resource: FindingResource;
    /** The input at fault, as a path (`settings.cacheDataEncrypted`, `policy.Statement[2].Resource`). */
    readonly property: string;
    readonly message: string;
    /** The cdk-nag / FSBP / Checkov rule ids this rule mirrors. */
    readonly mirrors: readonly string[];
}

/** What a check reports: a violation, or one the rule itself knows to be deliberate (with why). */
export interface Violation {
    readonly resource: RecordedResource;
    readonly property: string;
    readonly message: string;
    /** Set when the rule recognises a deliberate pattern: the finding is listed as excepted with this reason. */
    readonly exception?: string;
}

export interface Rule {
    readonly id: string;
    readonly severity: Severity;
    readonly title: string;
    /** Why the rule exists, in a sentence. */
    readonly rationale: string;
    readonly mirrors: readonly string[];
    check(graph: Graph): Violation[];
}

/**
 * A deliberate exception declared by the stack's owners (the plan reads them from
 * `plan-exceptions.yaml`). It needs a reason; one that matches nothing is reported as unused.
 */
export interface RuleException {
    readonly rule: string;
    /** The logical name of the resource at fault. */
    readonly resource: string;
    /** Only this property (a prefix of the finding's property path). */
    readonly property?: string;
    readonly reason: string;
    /** Only in these stacks; every stack when absent. */
    readonly stacks?: readonly string[];
}

export interface ExceptedFinding {
    readonly finding: Finding;
    readonly reason: string;
    /** `rule` when the rule recognises the pattern itself, `declared` for an exception of the stack's owners. */
    readonly source: "rule" | "declared";
}

export interface RuleReport {
    readonly findings: Finding[];
    readonly excepted: ExceptedFinding[];
    /** Declared exceptions that matched no finding: stale, and worth removing. */
    readonly unusedExceptions: RuleException[];
    /** The rules evaluated, for the report's legend. */
    readonly rules: { id: string; severity: Severity; title: string; mirrors: readonly string[] }[];
}

// ---------------------------------------------------------------------------------------------
// The graph: the recording with the lookups the rules share.

type Statement = { Sid?: string; Effect?: string; Principal?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown; Condition?: Record<string, Record<string, unknown>> };

/** An identity policy statement, with where it came from. */
export interface PolicyStatement {
    readonly statement: Statement;
    /** The resource that holds the policy (a role, a role policy or a managed policy). */
    readonly holder: RecordedResource;
    readonly property: string;
}

/** A method of a REST API, with the path it serves. */
export interface ApiRoute {
    readonly method: RecordedResource;
    readonly httpMethod: string;
    readonly path: string;
    readonly integration?: RecordedResource;
    readonly restApi?: RecordedResource;
    /** The component that declared it, when it came from an AuthorizedApi. */
    readonly component?: RecordedResource;
}

const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === "string");

function parseDocument(value: unknown): { Statement?: unknown } | undefined {
    if (value === undefined || value === null || containsUnknown(value)) return undefined;
    try {
        const doc = typeof value === "string" ? JSON.parse(value) : value;
        return doc && typeof doc === "object" ? doc : undefined;
    } catch {
        return undefined;
    }
}

export class Graph {
    private readonly urns: Map<string, RecordedResource>;

    constructor(readonly recording: Recording) {
        this.urns = new Map(recording.resources.map((r) => [r.urn, r]));
    }

    all(type: string): RecordedResource[] {
        return this.recording.all(type);
    }

    /** The resource a reference input names: by id, physical name, ARN or URN. */
    resolve(type: string, reference: unknown): RecordedResource | undefined {
        if (typeof reference !== "string") return undefined;
        return this.urns.get(reference) ?? this.all(type).find((r) => r.id === reference || r.outputs.arn === reference || r.outputs.name === reference || r.outputs.bucket === reference);
    }

    /** The sub-resources of a bucket (`aws:s3/bucketVersioning:BucketVersioning`, ...), by their `bucket` input. */
    bucketPart(type: string, bucket: RecordedResource): RecordedResource | undefined {
        return this.all(type).find((r) => r.inputs.bucket === bucket.id || r.inputs.bucket === bucket.outputs.bucket);
    }

    /** The component a resource belongs to (its nearest component ancestor). */
    component(resource: RecordedResource): RecordedResource | undefined {
        for (let r = this.recording.parentOf(resource); r; r = this.recording.parentOf(r)) {
            if (!r.custom && r.type !== "pulumi:pulumi:Stack") return r;
        }
        return undefined;
    }

    /** Every statement of every identity policy on a role, by any mechanism Pulumi offers. */
    roleStatements(role: RecordedResource): PolicyStatement[] {
        const names = new Set([role.id, role.outputs.name, role.outputs.arn].filter((v) => typeof v === "string"));
        const out: PolicyStatement[] = [];
        const add = (holder: RecordedResource, property: string, policy: unknown) => {
            asArray(parseDocument(policy)?.Statement).forEach((statement, i) => {
                if (statement && typeof statement === "object") out.push({ holder, property: `${property}.Statement[${i}]`, statement: statement as Statement });
            });
        };
        asArray(role.inputs.inlinePolicies).forEach((p: any, i) => add(role, `inlinePolicies[${i}].policy`, p?.policy));
        for (const rp of this.all("aws:iam/rolePolicy:RolePolicy")) if (names.has(rp.inputs.role)) add(rp, "policy", rp.inputs.policy);
        for (const { arn } of this.attachedPolicyArns(role)) {
            const policy = this.resolve("aws:iam/policy:Policy", arn);
            if (policy) add(policy, "policy", policy.inputs.policy);
        }
        return out;
    }

    attachedPolicyArns(role: RecordedResource): { arn: string; holder: RecordedResource; property: string }[] {
        const names = new Set([role.id, role.outputs.name, role.outputs.arn].filter((v) => typeof v === "string"));
        return [
            ...strings(role.inputs.managedPolicyArns).map((arn, i) => ({ arn, holder: role, property: `managedPolicyArns[${i}]` })),
            ...this.all("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => names.has(a.inputs.role))
                .map((a) => ({ arn: String(a.inputs.policyArn), holder: a, property: "policyArn" })),
        ];
    }

    /** The trust policy statements that let Cognito identity pool identities assume the role. */
    webIdentityTrust(role: RecordedResource): Statement[] {
        return asArray(parseDocument(role.inputs.assumeRolePolicy)?.Statement).filter(
            (s: any) => s?.Effect === "Allow" && strings((s.Principal as any)?.Federated).includes("cognito-identity.amazonaws.com"),
        ) as Statement[];
    }

    /** Roles an identity pool hands to guests: attached as `unauthenticated`, or trusting that `amr`. */
    guestRoles(): RecordedResource[] {
        const attached = new Set(this.all("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment").map((a) => a.inputs.roles?.unauthenticated).filter(Boolean));
        return this.all("aws:iam/role:Role").filter(
            (role) => attached.has(role.outputs.arn) || this.webIdentityTrust(role).some((s) => JSON.stringify(s.Condition ?? {}).includes('"unauthenticated"')),
        );
    }

    /** Roles that identity pool users (signed in or guests) receive. */
    webIdentityRoles(): RecordedResource[] {
        return this.all("aws:iam/role:Role").filter((role) => this.webIdentityTrust(role).length > 0);
    }

    private routeList?: ApiRoute[];

    /** Every method of every REST API, with its path and integration (worked out once per graph). */
    routes(): ApiRoute[] {
        this.routeList ??= this.findRoutes();
        return this.routeList;
    }

    private findRoutes(): ApiRoute[] {
        const resources = this.all("aws:apigateway/resource:Resource");
        const byId = new Map(resources.map((r) => [String(r.id), r]));
        const apis = this.all("aws:apigateway/restApi:RestApi");
        const pathOf = (id: string, depth = 0): string => {
            const r = byId.get(id);
            if (!r || depth > 64) return "/";
            const parent = pathOf(String(r.inputs.parentId), depth + 1);
            return `${parent === "/" ? "" : parent}/${r.inputs.pathPart}`;
        };
        const integrations = this.all("aws:apigateway/integration:Integration");
        return this.all("aws:apigateway/method:Method").map((method) => {
            const restApi = apis.find((a) => a.id === method.inputs.restApi);
            const root = apis.some((a) => a.outputs.rootResourceId === method.inputs.resourceId);
            const component = this.component(method);
            return {
                method,
                httpMethod: String(method.inputs.httpMethod),
                path: root ? "/" : pathOf(String(method.inputs.resourceId)),
                integration: integrations.find((i) => i.inputs.restApi === method.inputs.restApi && i.inputs.resourceId === method.inputs.resourceId && i.inputs.httpMethod === method.inputs.httpMethod),
                restApi,
                component: component?.type === "user-backend:index:AuthorizedApi" ? component : undefined,
            };
        });
    }

    /** The stage-wide (`*` / `*`) method settings entry of a stage. */
    stageWideSettings(stage: RecordedResource): RecordedResource | undefined {
        return this.all("aws:apigateway/methodSettings:MethodSettings").find((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName && s.inputs.methodPath === "*/*");
    }

    /** The method settings of a stage in effect for one method: its own entry over the `*` / `*` entry. */
    methodSettings(stage: RecordedResource, route: ApiRoute): { settings: Record<string, any>; holder?: RecordedResource } {
        const all = this.all("aws:apigateway/methodSettings:MethodSettings").filter((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName);
        const own = all.find((s) => s.inputs.methodPath === `${route.path.replace(/\//g, "~1")}/${route.httpMethod}`);
        const stageWide = all.find((s) => s.inputs.methodPath === "*/*");
        return { settings: { ...(stageWide?.inputs.settings ?? {}), ...(own?.inputs.settings ?? {}) }, holder: own ?? stageWide };
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers for the IAM rules.

/** The owner variables that make an ARN per-user: the identity id or a session tag. */
const OWNER_VARIABLE = /\$\{(cognito-identity\.amazonaws\.com:sub|aws:PrincipalTag\/[^}]+)\}/;

/**
 * Actions that support no resource-level permissions, where `"*"` is the only resource IAM accepts:
 * X-Ray's, and the CloudWatch Logs log-delivery actions that Step Functions (and other vended logs)
 * need to write execution logs.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
const ACTIONS_WITHOUT_RESOURCES = new Set([
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
]);

/** Actions that change data, which guests may take only under their own identity. */
const WRITE_ACTIONS = [
    "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:ReplicateObject",
    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
    "sqs:SendMessage", "sns:Publish", "states:StartExecution", "states:StartSyncExecution", "lambda:InvokeFunction", "kinesis:PutRecord", "kinesis:PutRecords", "firehose:PutRecord",
];
/** Actions that step outside the policy model (ACLs, bucket policies) or reach other identities. */
const USER_FORBIDDEN_ACTIONS = [
    "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock",
    "cognito-identity:GetId", "cognito-identity:GetCredentialsForIdentity", "cognito-identity:LookupDeveloperIdentity", "cognito-identity:DescribeIdentity", "cognito-identity:ListIdentities", "cognito-identity:DeleteIdentities", "cognito-identity:MergeDeveloperIdentities", "cognito-identity:UnlinkIdentity",
    "cognito-sync:ListRecords", "cognito-sync:UpdateRecords", "cognito-sync:DescribeDataset", "cognito-sync:DeleteDataset",
];

/** True when an IAM action pattern (`s3:Put*`, `*`, `S3:ListBucket`) covers the action: IAM matches case-insensitively with `*` and `?`. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return regex.test(action);
}

/** The actions of `candidates` that a statement's Action patterns cover. */
function coveredActions(statement: Statement, candidates: readonly string[]): string[] {
    const patterns = strings(statement.Action);
    return candidates.filter((action) => patterns.some((p) => actionMatches(p, action)));
}

function allows(statement: Statement): boolean {
    return statement.Effect === "Allow";
}

/** True when a condition block constrains `key` (with any operator). */
function conditionValues(statement: Statement, key: string): string[] | undefined {
    const out: string[] = [];
    let found = false;
    for (const operator of Object.values(statement.Condition ?? {})) {
        for (const [k, v] of Object.entries(operator ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) {
                found = true;
                out.push(...strings(v));
            }
        }
    }
    return found ? out : undefined;
}

function at(s: PolicyStatement, field: string): { resource: RecordedResource; property: string } {
    return { resource: s.holder, property: `${s.property}.${field}` };
}

/** Resources of a statement that are wildcards, and whether each is a per-user pattern (documented). */
function wildcardResources(statement: Statement): { resource: string; perUser: boolean }[] {
    return strings(statement.Resource)
        .filter((r) => r.includes("*"))
        .map((r) => {
            const owner = OWNER_VARIABLE.exec(r);
            // Per-user: the only wildcards come after the owner variable (`.../private/${owner}/*`).
            return { resource: r, perUser: !!owner && !r.slice(0, owner.index).includes("*") };
        });
}

/**
 * Why a wildcard on an S3 prefix is deliberate when a component of this package wrote it: the shared
 * protected/ and public/ levels of a SecureUserBucket grant, and an AuthorizedApi S3 route role,
 * which API Gateway assumes for every caller while the integration fills in the caller's own prefix.
 * `pattern` is a resource ARN (`.../protected/*`) or an s3:prefix value (`protected/`, `protected/*`).
 */
function componentWildcardReason(graph: Graph, holder: RecordedResource, pattern: string): string | undefined {
    const component = graph.component(holder);
    if (!component) return undefined;
    const matches = (bucket: RecordedResource, level: "private" | "protected" | "public") => {
        const prefix = bucket.registeredOutputs.prefixes?.[level];
        const arn = bucket.registeredOutputs.bucketArn;
        return typeof prefix === "string" && [`${arn}/${prefix}*`, prefix, `${prefix}*`].includes(pattern);
    };
    if (component.type === "user-backend:index:SecureUserBucket") {
        if (matches(component, "protected")) return `the protected/ level of SecureUserBucket ${component.name}: every granted role reads it, only each owner writes under it`;
        if (matches(component, "public")) return `the public/ level of SecureUserBucket ${component.name}: shared by every granted role by design`;
    }
    if (component.type === "user-backend:index:AuthorizedApi") {
        const bucket = graph.all("user-backend:index:SecureUserBucket").find((b) => matches(b, "private"));
        if (bucket) {
            return `an S3 route role of AuthorizedApi ${component.name}: API Gateway assumes it for every caller, and the integration builds the key from the authorizer's caller id (private/<owner>/...), which no request parameter can change`;
        }
    }
    return undefined;
}

// ---------------------------------------------------------------------------------------------
// The rules.

const BUCKET = "aws:s3/bucket:Bucket";
const ROLE = "aws:iam/role:Role";
const STAGE = "aws:apigateway/stage:Stage";

/** One violation at most per resource of a type: `check` returns what is wrong with it, or nothing. */
function forEach(graph: Graph, type: string, check: (resource: RecordedResource) => (Omit<Violation, "resource"> & { resource?: RecordedResource }) | undefined): Violation[] {
    const out: Violation[] = [];
    for (const resource of graph.all(type)) {
        const v = check(resource);
        if (v) out.push({ resource: v.resource ?? resource, property: v.property, message: v.message, exception: v.exception });
    }
    return out;
}

const forBuckets = (graph: Graph, check: Parameters<typeof forEach>[2]) => forEach(graph, BUCKET, check);

function bucketPolicy(graph: Graph, bucket: RecordedResource): { holder?: RecordedResource; statements: Statement[] } {
    const holder = graph.bucketPart("aws:s3/bucketPolicy:BucketPolicy", bucket);
    const inline = holder ? holder.inputs.policy : bucket.inputs.policy;
    return { holder, statements: asArray(parseDocument(inline)?.Statement) as Statement[] };
}

const isEveryone = (principal: unknown): boolean => principal === "*" || strings((principal as any)?.AWS).includes("*");

export const rules: readonly Rule[] = [
    {
        id: "UB-S3-PUBLIC-ACCESS-BLOCK",
        severity: "high",
        title: "S3 bucket blocks all public access",
        rationale: "Without all four public access block flags, one ACL or policy change makes user files public.",
        mirrors: ["AS-S2", "FSBP S3.8", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const block = graph.bucketPart("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket);
                if (!block) return { property: "(no BucketPublicAccessBlock)", message: `bucket ${bucket.name} has no public access block` };
                const off = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].filter((k) => block.inputs[k] !== true);
                return off.length ? { resource: block, property: off.join(", "), message: `public access block of ${bucket.name} leaves ${off.join(", ")} off` } : undefined;
            }),
    },
    {
        id: "UB-S3-PUBLIC-POLICY",
        severity: "high",
        title: "S3 bucket policy grants nothing to everyone",
        rationale: "An Allow to Principal \"*\" without a condition that narrows the caller opens the bucket to the internet.",
        mirrors: ["FSBP S3.2", "FSBP S3.3", "CKV_AWS_70"],
        check: (graph) => {
            const out: Violation[] = [];
            for (const bucket of graph.all(BUCKET)) {
                const { holder, statements } = bucketPolicy(graph, bucket);
                statements.forEach((s, i) => {
                    // A condition narrows the caller only with a value that is not itself a wildcard.
                    const narrowed = ["aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceVpce", "aws:PrincipalAccount", "aws:PrincipalArn"].some((k) => (conditionValues(s, k) ?? []).some((v) => v !== "*" && v !== ""));
                    if (allows(s) && isEveryone(s.Principal) && !narrowed) {
                        out.push({ resource: holder ?? bucket, property: `policy.Statement[${i}].Principal`, message: `bucket ${bucket.name} allows ${strings(s.Action).join(", ") || "actions"} to everyone` });
                    }
                });
            }
            return out;
        },
    },
    {
        id: "UB-S3-TLS",
        severity: "high",
        title: "S3 bucket policy denies requests without TLS",
        rationale: "A deny on aws:SecureTransport false keeps every request to the bucket encrypted in transit; S3.5 checkers want Resource as an array of the bucket and its objects.",
        mirrors: ["AS-S10", "FSBP S3.5"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const { holder, statements } = bucketPolicy(graph, bucket);
                const arn = String(bucket.outputs.arn ?? "");
                const ok = statements.some((s) => {
                    const resources = Array.isArray(s.Resource) ? strings(s.Resource) : [];
                    return (
                        s.Effect === "Deny" &&
                        isEveryone(s.Principal) &&
                        strings(s.Action).some((a) => a === "s3:*" || a === "*") &&
                        (conditionValues(s, "aws:SecureTransport") ?? []).includes("false") &&
                        resources.includes(arn) &&
                        resources.includes(`${arn}/*`)
                    );
                });
                return ok ? undefined : { resource: holder ?? bucket, property: "policy", message: `bucket ${bucket.name} has no policy that denies s3:* without TLS on [bucket ARN, bucket ARN/*]` };
            }),
    },
    {
        id: "UB-S3-ENCRYPTION",
        severity: "medium",
        title: "S3 bucket has default encryption",
        rationale: "Default encryption (SSE-S3, or SSE-KMS with a customer key) states how objects are encrypted at rest rather than leaving it to AWS defaults.",
        mirrors: ["CKV_AWS_145", "CKV_AWS_19"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const config = graph.bucketPart("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
                const algorithm = config?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm;
                return ["AES256", "aws:kms", "aws:kms:dsse"].includes(algorithm) ? undefined : { resource: config ?? bucket, property: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", message: `bucket ${bucket.name} declares no default encryption` };
            }),
    },
    {
        id: "UB-S3-OWNERSHIP",
        severity: "medium",
        title: "S3 bucket disables ACLs (BucketOwnerEnforced)",
        rationale: "With ACLs off, access is decided by policies only, which the access simulation can prove.",
        mirrors: ["FSBP S3.12", "CKV2_AWS_65"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const controls = graph.bucketPart("aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket);
                return controls?.inputs.rule?.objectOwnership === "BucketOwnerEnforced" ? undefined : { resource: controls ?? bucket, property: "rule.objectOwnership", message: `bucket ${bucket.name} does not enforce bucket-owner ownership (ACLs stay on)` };
            }),
    },
    {
        id: "UB-S3-VERSIONING",
        severity: "medium",
        title: "S3 bucket keeps versions",
        rationale: "Versioning keeps an overwritten or deleted user file recoverable.",
        mirrors: ["CKV_AWS_21"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const versioning = graph.bucketPart("aws:s3/bucketVersioning:BucketVersioning", bucket);
                return versioning?.inputs.versioningConfiguration?.status === "Enabled" ? undefined : { resource: versioning ?? bucket, property: "versioningConfiguration.status", message: `bucket ${bucket.name} does not keep versions` };
            }),
    },
    {
        id: "UB-S3-ACCESS-LOGS",
        severity: "medium",
        title: "S3 bucket writes server access logs",
        rationale: "Access logs record who read or wrote which key, for audits and incident response.",
        mirrors: ["AS-S1", "FSBP S3.9", "CKV_AWS_18"],
        check: (graph) => {
            const targets = new Set(graph.all("aws:s3/bucketLogging:BucketLogging").map((l) => l.inputs.targetBucket));
            return forBuckets(graph, (bucket) => {
                if (graph.bucketPart("aws:s3/bucketLogging:BucketLogging", bucket)) return undefined;
                const isTarget = targets.has(bucket.id) || targets.has(bucket.outputs.bucket);
                return {
                    property: "(no BucketLogging)",
                    message: `bucket ${bucket.name} writes no server access logs`,
                    exception: isTarget ? "it is the access log bucket of another bucket: logging it to itself would loop, and a further log bucket would need logs of its own" : undefined,
                };
            });
        },
    },
    {
        id: "UB-S3-LIFECYCLE",
        severity: "low",
        title: "S3 bucket aborts stale multipart uploads and expires old versions",
        rationale: "Unfinished uploads and noncurrent versions otherwise cost storage forever.",
        mirrors: ["FSBP S3.13", "CKV_AWS_300"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const lifecycle = graph.bucketPart("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket);
                const enabled = asArray(lifecycle?.inputs.rules).filter((r: any) => r?.status === "Enabled") as any[];
                const missing = [
                    enabled.some((r) => r.abortIncompleteMultipartUpload?.daysAfterInitiation) ? undefined : "abortIncompleteMultipartUpload",
                    enabled.some((r) => r.noncurrentVersionExpiration?.noncurrentDays) ? undefined : "noncurrentVersionExpiration",
                ].filter(Boolean);
                return missing.length ? { resource: lifecycle ?? bucket, property: `rules (${missing.join(", ")})`, message: `bucket ${bucket.name} has no enabled lifecycle rule for ${missing.join(" and ")}` } : undefined;
            }),
    },
    {
        id: "UB-S3-FORCE-DESTROY",
        severity: "medium",
        title: "S3 bucket is not force-destroyed",
        rationale: "forceDestroy lets `pulumi destroy` delete every object in the bucket with it.",
        mirrors: ["data safety"],
        check: (graph) => forBuckets(graph, (bucket) => (bucket.inputs.forceDestroy === true ? { property: "forceDestroy", message: `bucket ${bucket.name} is deleted with its objects by pulumi destroy` } : undefined)),
    },
    {
        id: "UB-KMS-ROTATION",
        severity: "medium",
        title: "KMS key rotates",
        rationale: "Yearly rotation limits what one leaked key version can decrypt.",
        mirrors: ["AS-KMS5", "CKV_AWS_7"],
        check: (graph) => forEach(graph, "aws:kms/key:Key", (k) => (k.inputs.enableKeyRotation !== true && (k.inputs.customerMasterKeySpec ?? k.inputs.keySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" ? { property: "enableKeyRotation", message: `key ${k.name} does not rotate` } : undefined)),
    },
    {
        id: "UB-COG-PASSWORD",
        severity: "medium",
        title: "User pool password policy is strong",
        rationale: "At least 8 characters with lower, upper, numbers and symbols, and temporary passwords valid at most 7 days.",
        mirrors: ["AS-COG1", "FSBP Cognito.3"],
        check: (graph) =>
            graph.all("aws:cognito/userPool:UserPool").flatMap((pool) => {
                // Without a password policy Cognito applies its default: 8 characters, all four classes, 7 days.
                if (!pool.inputs.passwordPolicy) return [];
                const p = pool.inputs.passwordPolicy;
                const weak = [
                    (p.minimumLength ?? 8) < 8 ? `minimumLength ${p.minimumLength}` : undefined,
                    ...["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"].filter((k) => p[k] !== true),
                    (p.temporaryPasswordValidityDays ?? 7) > 7 ? `temporaryPasswordValidityDays ${p.temporaryPasswordValidityDays}` : undefined,
                ].filter(Boolean);
                return weak.length ? [{ resource: pool, property: "passwordPolicy", message: `user pool ${pool.name} password policy is weak: ${weak.join(", ")}` }] : [];
            }),
    },
    {
        id: "UB-COG-MFA",
        severity: "high",
        title: "User pool offers MFA with an app or a device",
        rationale: "Without MFA (OFF, or OPTIONAL with no factor enabled) one leaked password is a taken account.",
        mirrors: ["AS-COG2", "FSBP Cognito.5"],
        check: (graph) =>
            graph.all("aws:cognito/userPool:UserPool").flatMap((pool) => {
                const mfa = pool.inputs.mfaConfiguration ?? "OFF";
                const factor = pool.inputs.softwareTokenMfaConfiguration?.enabled === true || !!pool.inputs.smsConfiguration || pool.inputs.emailMfaConfiguration !== undefined;
                if (mfa === "OFF") return [{ resource: pool, property: "mfaConfiguration", message: `user pool ${pool.name} has MFA OFF` }];
                return factor ? [] : [{ resource: pool, property: "softwareTokenMfaConfiguration", message: `user pool ${pool.name} has MFA ${mfa} with no factor enabled` }];
            }),
    },
    {
        id: "UB-COG-MFA-REQUIRED",
        severity: "low",
        title: "User pool requires MFA",
        rationale: "AwsSolutions-COG2 wants MFA ON; OPTIONAL leaves it to each user.",
        mirrors: ["AS-COG2"],
        check: (graph) => forEach(graph, "aws:cognito/userPool:UserPool", (pool) => (pool.inputs.mfaConfiguration === "OPTIONAL" ? { property: "mfaConfiguration", message: `user pool ${pool.name} has MFA OPTIONAL, not ON` } : undefined)),
    },
    {
        id: "UB-COG-THREAT-PROTECTION",
        severity: "low",
        title: "User pool enforces threat protection",
        rationale: "Threat protection blocks sign-ins with leaked credentials and risky sign-ins; it needs the PLUS tier, which costs more per user.",
        mirrors: ["AS-COG8", "FSBP Cognito.1", "FSBP Cognito.4"],
        check: (graph) => forEach(graph, "aws:cognito/userPool:UserPool", (pool) => (pool.inputs.userPoolAddOns?.advancedSecurityMode !== "ENFORCED" ? { property: "userPoolAddOns.advancedSecurityMode", message: `user pool ${pool.name} threat protection is ${pool.inputs.userPoolAddOns?.advancedSecurityMode ?? "OFF"}, not ENFORCED` } : undefined)),
    },
    {
        id: "UB-COG-DELETION-PROTECTION",
        severity: "medium",
        title: "User pool has deletion protection",
        rationale: "Deleting a user pool deletes every user; there is no undo.",
        mirrors: ["FSBP Cognito.6"],
        check: (graph) => forEach(graph, "aws:cognito/userPool:UserPool", (pool) => (pool.inputs.deletionProtection !== "ACTIVE" ? { property: "deletionProtection", message: `user pool ${pool.name} deletion protection is ${pool.inputs.deletionProtection ?? "INACTIVE"}` } : undefined)),
    },
    {
        id: "UB-COG-GUESTS",
        severity: "medium",
        title: "Identity pool gives no credentials to guests",
        rationale: "Unauthenticated identities let anyone on the internet get AWS credentials for the guest role.",
        mirrors: ["AS-COG7", "FSBP Cognito.2", "CKV_AWS_366"],
        check: (graph) => forEach(graph, "aws:cognito/identityPool:IdentityPool", (pool) => (pool.inputs.allowUnauthenticatedIdentities === true ? { property: "allowUnauthenticatedIdentities", message: `identity pool ${pool.name} hands out guest credentials` } : undefined)),
    },
    {
        id: "UB-COG-CLASSIC-FLOW",
        severity: "high",
        title: "Identity pool has the classic (basic) flow off",
        rationale: "The classic flow lets a client call AssumeRoleWithWebIdentity for any role the pool's trust allows, bypassing role mapping.",
        mirrors: ["AWS identity pool best practices"],
        check: (graph) => forEach(graph, "aws:cognito/identityPool:IdentityPool", (pool) => (pool.inputs.allowClassicFlow === true ? { property: "allowClassicFlow", message: `identity pool ${pool.name} allows the classic flow` } : undefined)),
    },
    {
        id: "UB-COG-ROLE-TRUST",
        severity: "high",
        title: "Identity pool roles trust one pool and one kind of identity",
        rationale: "A role trusting cognito-identity.amazonaws.com needs aud (this pool) and amr (authenticated or unauthenticated, never both), or any pool's users can assume it.",
        mirrors: ["AWS identity pool best practices"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph.webIdentityTrust(role).flatMap((s, i) => {
                    const aud = s.Condition?.StringEquals?.["cognito-identity.amazonaws.com:aud"];
                    const amr = strings(s.Condition?.["ForAnyValue:StringLike"]?.["cognito-identity.amazonaws.com:amr"]);
                    const faults = [
                        typeof aud === "string" || (Array.isArray(aud) && aud.length === 1) ? undefined : "StringEquals cognito-identity.amazonaws.com:aud is not one pool",
                        amr.length === 1 && ["authenticated", "unauthenticated"].includes(amr[0]) ? undefined : `amr is ${JSON.stringify(amr)}, not exactly one of authenticated or unauthenticated`,
                    ].filter(Boolean);
                    return faults.length ? [{ resource: role, property: `assumeRolePolicy.Statement[${i}].Condition`, message: `role ${role.name}: ${faults.join("; ")}` }] : [];
                }),
            ),
    },
    {
        id: "UB-COG-CLIENT",
        severity: "medium",
        title: "App clients use the code flow, hide user existence, revoke tokens and redirect to real URLs",
        rationale: "The implicit flow leaks tokens in URLs; existence errors let anyone enumerate users; placeholder or plain-http redirects hand codes to someone else.",
        mirrors: ["common client mistakes"],
        check: (graph) =>
            graph.all("aws:cognito/userPoolClient:UserPoolClient").flatMap((client) => {
                const out: Violation[] = [];
                const add = (property: string, message: string) => out.push({ resource: client, property, message: `client ${client.name} ${message}` });
                if (strings(client.inputs.allowedOauthFlows).includes("implicit")) add("allowedOauthFlows", "allows the implicit flow");
                if (client.inputs.preventUserExistenceErrors !== "ENABLED") add("preventUserExistenceErrors", "reveals whether a user exists");
                if (client.inputs.enableTokenRevocation === false) add("enableTokenRevocation", "cannot revoke refresh tokens");
                for (const field of ["callbackUrls", "logoutUrls"]) {
                    strings(client.inputs[field]).forEach((url, i) => {
                        const bad = /^https?:\/\/([^/]*\.)?example\.(com|org|net)(\/|:|$)/i.test(url) ? "is a placeholder" : !/^https:\/\//.test(url) && !/^http:\/\/localhost(:\d+)?(\/|$)/.test(url) ? "is not https" : undefined;
                        if (bad) add(`${field}[${i}]`, `redirect ${url} ${bad}`);
                    });
                }
                return out;
            }),
    },
    {
        id: "UB-COG-GUEST-WRITE",
        severity: "high",
        title: "Guests write only under their own identity",
        rationale: "A guest role is open to anyone on the internet; writes it allows outside the guest's own prefix let strangers overwrite or plant data.",
        mirrors: ["AS-COG7", "least privilege"],
        check: (graph) =>
            graph.guestRoles().flatMap((role) =>
                graph
                    .roleStatements(role)
                    .filter((s) => allows(s.statement) && coveredActions(s.statement, WRITE_ACTIONS).length > 0)
                    .filter((s) => strings(s.statement.Resource).some((r) => !OWNER_VARIABLE.test(r)))
                    .map((s) => ({ ...at(s, "Resource"), message: `guest role ${role.name} may ${strings(s.statement.Action).join(", ")} on ${strings(s.statement.Resource).filter((r) => !OWNER_VARIABLE.test(r)).join(", ")}, not only under its own identity` })),
            ),
    },
    {
        id: "UB-IAM-MANAGED-POLICY",
        severity: "medium",
        title: "Roles use no AWS managed policies",
        rationale: "AWS managed policies grant far more than a component needs and change without notice.",
        mirrors: ["AS-IAM4"],
        check: (graph) =>
            graph.all(ROLE).flatMap((role) =>
                graph
                    .attachedPolicyArns(role)
                    .filter((a) => /^arn:[^:]+:iam::aws:policy\//.test(a.arn))
                    .map((a) => ({ resource: a.holder, property: a.property, message: `role ${role.name} has the AWS managed policy ${a.arn}` })),
            ),
    },
    {
        id: "UB-IAM-WILDCARD",
        severity: "medium",
        title: "Policies name actions and resources, not wildcards",
        rationale: "`*` or `service:*` actions and wildcard resources grant more than the code uses. Per-user object ARNs always end in `*` after the owner variable: that is the isolation, not a hole.",
        mirrors: ["AS-IAM5", "FSBP IAM.1", "FSBP IAM.21"],
        check: (graph) =>
            graph.all(ROLE).flatMap((role) =>
                graph.roleStatements(role).flatMap((s) => {
                    if (!allows(s.statement)) return [];
                    const out: Violation[] = [];
                    const actions = strings(s.statement.Action);
                    const wildActions = actions.filter((a) => a === "*" || /:\*$/.test(a));
                    if (wildActions.length || s.statement.NotAction) out.push({ ...at(s, "Action"), message: `role ${role.name} allows ${wildActions.join(", ") || "NotAction"}` });
                    for (const { resource, perUser } of wildcardResources(s.statement)) {
                        const exception =
                            perUser
                                ? "a per-user ARN: the wildcard follows the owner variable, so it covers only the caller's own prefix"
                                : componentWildcardReason(graph, s.holder, resource) ??
                                  (resource === "*" && actions.length > 0 && actions.every((a) => ACTIONS_WITHOUT_RESOURCES.has(a))
                                  ? `${actions.join(", ")} support no resource-level permissions; "*" is the only resource IAM accepts`
                                  : /:log-group:[^*:]+:\*$/.test(resource) && actions.every((a) => /^logs:(CreateLogStream|PutLogEvents)$/.test(a))
                                    ? "the log streams of one log group, created at run time"
                                    : undefined);
                        out.push({ ...at(s, "Resource"), message: `role ${role.name} allows ${actions.join(", ")} on ${resource}`, exception });
                    }
                    return out;
                }),
            ),
    },
    {
        id: "UB-IAM-LIST-PREFIX",
        severity: "high",
        title: "Users list only their own prefix",
        rationale: "s3:ListBucket without an s3:prefix condition lets any signed-in user list every user's keys; `private/<id>*` without the slash also matches ids that share a prefix.",
        mirrors: ["known mistake 1"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph
                    .roleStatements(role)
                    .filter((s) => allows(s.statement) && coveredActions(s.statement, ["s3:ListBucket"]).length > 0)
                    .flatMap((s) => {
                        const prefixes = conditionValues(s.statement, "s3:prefix");
                        if (!prefixes) return [{ ...at(s, "Condition"), message: `role ${role.name} may list buckets without an s3:prefix condition` }];
                        const loose = prefixes.filter((p) => {
                            const owner = OWNER_VARIABLE.exec(p);
                            return !owner || !p.slice(owner.index + owner[0].length).startsWith("/") || p.slice(0, owner.index).includes("*");
                        });
                        if (!loose.length) return [];
                        const reasons = loose.map((p) => componentWildcardReason(graph, s.holder, p));
                        return [{ ...at(s, "Condition"), message: `role ${role.name} may list prefixes ${loose.join(", ")}, not only its own (<owner>/)`, exception: reasons.every(Boolean) ? reasons[0] : undefined }];
                    }),
            ),
    },
    {
        id: "UB-IAM-OWNER-VARIABLE",
        severity: "high",
        title: "Per-user ARNs use an owner variable that is set, with no wildcard before it",
        rationale: "`${aws:username}` is never set for federated sessions, and a wildcard before the owner (`bucket/*/<id>/*`) reaches every top-level prefix.",
        mirrors: ["known mistakes 3 and 7"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph.roleStatements(role).flatMap((s) =>
                    strings(s.statement.Resource)
                        .filter((r) => r.includes("${aws:username}") || r.includes("${aws:userid}") || (OWNER_VARIABLE.test(r) && r.slice(0, OWNER_VARIABLE.exec(r)!.index).includes("*")))
                        .map((r) => ({ ...at(s, "Resource"), message: `role ${role.name} resource ${r} ${r.includes("${aws:username}") ? "uses ${aws:username}, which federated sessions never set" : r.includes("${aws:userid}") ? "uses ${aws:userid}, which is the same for every user of a web identity role" : "has a wildcard before the owner"}` })),
                ),
            ),
    },
    {
        id: "UB-IAM-USER-ACL",
        severity: "high",
        title: "Users get no ACL, bucket policy or Cognito identity actions",
        rationale: "s3:PutObjectAcl lets a user make a file public past the policy model; cognito-identity:* and cognito-sync:* reach other identities.",
        mirrors: ["known mistake 6"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph
                    .roleStatements(role)
                    .filter((s) => allows(s.statement) && coveredActions(s.statement, USER_FORBIDDEN_ACTIONS).length > 0)
                    .map((s) => {
                        const patterns = strings(s.statement.Action).filter((p) => USER_FORBIDDEN_ACTIONS.some((a) => actionMatches(p, a)));
                        const covered = coveredActions(s.statement, USER_FORBIDDEN_ACTIONS);
                        const exact = covered.length === patterns.length && patterns.every((p) => covered.includes(p));
                        return { ...at(s, "Action"), message: `role ${role.name} allows ${patterns.join(", ")}${exact ? "" : `, which covers ${covered.join(", ")}`}` };
                    }),
            ),
    },
    {
        id: "UB-APIG-AUTHORIZATION",
        severity: "medium",
        title: "API methods have an authorizer",
        rationale: "A method without Cognito, IAM or Lambda authorization is open to the internet; public routes should be a declared choice.",
        mirrors: ["AS-APIG4", "AS-COG4", "CKV_AWS_59"],
        check: (graph) =>
            graph
                .routes()
                .filter((r) => r.httpMethod !== "OPTIONS" && (r.method.inputs.authorization ?? "NONE") === "NONE" && r.method.inputs.apiKeyRequired !== true)
                .map((r) => ({
                    resource: r.method,
                    property: "authorization",
                    message: `${r.httpMethod} ${r.path} needs no credentials`,
                    exception: strings(r.component?.registeredOutputs.publicRoutes).includes(`${r.httpMethod} ${r.path}`) ? `declared public (authorization: "none") in AuthorizedApi ${r.component!.name}` : undefined,
                })),
    },
    {
        id: "UB-APIG-VALIDATION",
        severity: "low",
        title: "API methods with a model or required parameters validate requests",
        rationale: "Without a request validator API Gateway passes malformed requests to the backend. Path parameters are left out: routing already requires them.",
        mirrors: ["AS-APIG2", "CKV2_AWS_53"],
        check: (graph) => {
            const validators = graph.all("aws:apigateway/requestValidator:RequestValidator");
            return graph.routes().flatMap((r) => {
                const needsBody = Object.keys(r.method.inputs.requestModels ?? {}).length > 0;
                const needsParams = Object.entries<boolean>(r.method.inputs.requestParameters ?? {}).some(([k, required]) => required && !k.startsWith("method.request.path."));
                if (!needsBody && !needsParams) return [];
                const validator = validators.find((v) => v.id === r.method.inputs.requestValidatorId);
                const missing = [needsBody && validator?.inputs.validateRequestBody !== true ? "body" : undefined, needsParams && validator?.inputs.validateRequestParameters !== true ? "parameters" : undefined].filter(Boolean);
                return missing.length ? [{ resource: r.method, property: "requestValidatorId", message: `${r.httpMethod} ${r.path} does not validate its request ${missing.join(" and ")}` }] : [];
            });
        },
    },
    {
        id: "UB-APIG-ACCESS-LOGS",
        severity: "medium",
        title: "API stage writes JSON access logs to a log group with retention",
        rationale: "Access logs say who called what and with which result; JSON keeps them queryable, retention keeps them from growing forever.",
        mirrors: ["AS-APIG1", "CKV_AWS_76"],
        check: (graph) =>
            graph.all(STAGE).flatMap((stage) => {
                const settings = stage.inputs.accessLogSettings;
                if (!settings?.destinationArn) return [{ resource: stage, property: "accessLogSettings", message: `stage ${stage.name} writes no access logs` }];
                let json = false;
                try {
                    const parsed = JSON.parse(String(settings.format));
                    json = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
                } catch {
                    json = false;
                }
                const out: Violation[] = json ? [] : [{ resource: stage, property: "accessLogSettings.format", message: `stage ${stage.name} access log format is not JSON` }];
                const group = graph.all("aws:cloudwatch/logGroup:LogGroup").find((g) => g.outputs.arn === settings.destinationArn || `${g.outputs.arn}:*` === settings.destinationArn);
                if (group && !group.inputs.retentionInDays) out.push({ resource: group, property: "retentionInDays", message: `access log group ${group.name} keeps logs forever` });
                return out;
            }),
    },
    {
        id: "UB-APIG-EXECUTION-LOGS",
        severity: "medium",
        title: "API stage writes execution logs with metrics",
        rationale: "ERROR (or INFO) execution logs on every method explain failed requests; metrics feed alarms.",
        mirrors: ["AS-APIG6", "FSBP APIGateway.1", "CKV2_AWS_4"],
        check: (graph) =>
            forEach(graph, STAGE, (stage) => {
                const entry = graph.stageWideSettings(stage);
                const s = entry?.inputs.settings ?? {};
                const logging = ["ERROR", "INFO"].includes(s.loggingLevel);
                const faults = [logging ? undefined : `loggingLevel ${s.loggingLevel ?? "OFF"}`, s.metricsEnabled === true ? undefined : "metrics off"].filter(Boolean);
                return faults.length ? { resource: entry ?? stage, property: logging ? "settings.metricsEnabled" : "settings.loggingLevel", message: `stage ${stage.name} on */*: ${faults.join(", ")}` } : undefined;
            }),
    },
    {
        id: "UB-APIG-XRAY",
        severity: "low",
        title: "API stage traces with X-Ray",
        rationale: "Traces follow a request through the authorizer and the integration.",
        mirrors: ["FSBP APIGateway.3", "CKV_AWS_73"],
        check: (graph) => forEach(graph, STAGE, (stage) => (stage.inputs.xrayTracingEnabled !== true ? { property: "xrayTracingEnabled", message: `stage ${stage.name} does not trace with X-Ray` } : undefined)),
    },
    {
        id: "UB-APIG-THROTTLE",
        severity: "medium",
        title: "API stage throttles every method",
        rationale: "Without a stage limit, one client can spend the account's API Gateway quota and the backends' capacity.",
        mirrors: ["serverless default throttling"],
        check: (graph) =>
            forEach(graph, STAGE, (stage) => {
                const entry = graph.stageWideSettings(stage);
                const s = entry?.inputs.settings ?? {};
                return s.throttlingRateLimit > 0 && s.throttlingBurstLimit > 0 ? undefined : { resource: entry ?? stage, property: "settings.throttlingRateLimit", message: `stage ${stage.name} has no rate and burst limit on */*` };
            }),
    },
    {
        id: "UB-APIG-CACHE-ENCRYPTION",
        severity: "medium",
        title: "Cached API responses are encrypted and cache control needs authorization",
        rationale: "Cached responses hold user data; an unauthorized Cache-Control: max-age=0 would let anyone flush or bypass the cache.",
        mirrors: ["FSBP APIGateway.5", "CKV_AWS_308"],
        check: (graph) =>
            graph.all(STAGE).flatMap((stage) => {
                const all = graph.all("aws:apigateway/methodSettings:MethodSettings").filter((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName);
                const cached = stage.inputs.cacheClusterEnabled === true || all.some((s) => s.inputs.settings?.cachingEnabled === true);
                if (!cached) return [];
                const entries = all.filter((s) => s.inputs.methodPath === "*/*" || s.inputs.settings?.cachingEnabled === true);
                if (entries.length === 0) return [{ resource: stage, property: "cacheClusterEnabled", message: `stage ${stage.name} caches with no method settings that encrypt the cache` }];
                return entries.flatMap((entry) => {
                    const s = entry.inputs.settings ?? {};
                    const faults = [
                        s.cacheDataEncrypted === true ? undefined : "cacheDataEncrypted",
                        s.requireAuthorizationForCacheControl === true ? undefined : "requireAuthorizationForCacheControl",
                        s.unauthorizedCacheControlHeaderStrategy === "FAIL_WITH_403" ? undefined : "unauthorizedCacheControlHeaderStrategy FAIL_WITH_403",
                    ].filter(Boolean);
                    return faults.length ? [{ resource: entry, property: "settings", message: `stage ${stage.name} ${entry.inputs.methodPath}: missing ${faults.join(", ")}` }] : [];
                });
            }),
    },
    {
        id: "UB-APIG-CACHE-KEY",
        severity: "high",
        title: "Cached authorized routes key the cache by the caller",
        rationale: "API Gateway keys cached responses by path and declared cache key parameters only: unless the caller's identity is part of the key, user A's response is served to user B. SigV4 (IAM) requests carry no stable caller parameter, so they cannot be cached safely.",
        mirrors: ["known mistake 8", "FSBP APIGateway.5"],
        check: (graph) => {
            const authorizers = graph.all("aws:apigateway/authorizer:Authorizer");
            const out: Violation[] = [];
            for (const stage of graph.all(STAGE)) {
                if (stage.inputs.cacheClusterEnabled !== true) continue;
                for (const route of graph.routes().filter((r) => r.method.inputs.restApi === stage.inputs.restApi)) {
                    const { settings, holder } = graph.methodSettings(stage, route);
                    // Stage-wide caching applies to GET methods; a method's own entry turns it on for any method.
                    const ownPath = holder?.inputs.methodPath !== "*/*";
                    if (settings.cachingEnabled !== true || (!ownPath && route.httpMethod !== "GET")) continue;
                    const kind = route.method.inputs.authorization ?? "NONE";
                    if (kind === "NONE") continue;
                    const key = strings(route.integration?.inputs.cacheKeyParameters);
                    const authorizer = authorizers.find((a) => a.id === route.method.inputs.authorizerId);
                    const identity = kind === "AWS_IAM" ? [] : String(authorizer?.inputs.identitySource ?? "method.request.header.Authorization").split(",").map((s) => s.trim()).filter((s) => /^method\.request\.(header|querystring)\./.test(s));
                    const missing = identity.filter((s) => !key.includes(s));
                    if (kind === "AWS_IAM" || identity.length === 0 || missing.length > 0) {
                        out.push({
                            resource: route.integration ?? route.method,
                            property: "cacheKeyParameters",
                            message: `${route.httpMethod} ${route.path} is cached behind ${kind} authorization ${kind === "AWS_IAM" ? "(SigV4 requests have no stable caller key)" : `without ${missing.join(", ") || "a caller identity source"} in its cache key`}`,
                        });
                    }
                }
            }
            return out;
        },
    },
    {
        id: "UB-APIG-WAF",
        severity: "low",
        title: "API stage is behind a WAF web ACL",
        rationale: "A web ACL filters common exploits and floods before they reach the authorizer and the backends.",
        mirrors: ["AS-APIG3", "FSBP APIGateway.4"],
        check: (graph) => {
            const associated = new Set(graph.all("aws:wafv2/webAclAssociation:WebAclAssociation").map((a) => a.inputs.resourceArn));
            return forEach(graph, STAGE, (stage) => (associated.has(stage.outputs.arn) ? undefined : { property: "(no WebAclAssociation)", message: `stage ${stage.name} has no WAF web ACL` }));
        },
    },
    {
        id: "UB-APIG-DEPLOYMENT",
        severity: "medium",
        title: "API deployments follow the API definition",
        rationale: "A deployment without triggers is not replaced when routes change, so the stage keeps serving the old API; one that does not wait for every method may deploy half an API.",
        mirrors: ["known mistake 9"],
        check: (graph) =>
            graph.all("aws:apigateway/deployment:Deployment").flatMap((deployment) => {
                const out: Violation[] = [];
                if (Object.keys(deployment.inputs.triggers ?? {}).length === 0) out.push({ resource: deployment, property: "triggers", message: `deployment ${deployment.name} has no triggers: route changes do not redeploy` });
                const parts = [...graph.all("aws:apigateway/method:Method"), ...graph.all("aws:apigateway/integration:Integration")].filter((m) => m.inputs.restApi === deployment.inputs.restApi);
                const waiting = parts.filter((p) => !deployment.dependencies.includes(p.urn));
                if (waiting.length) out.push({ resource: deployment, property: "dependsOn", message: `deployment ${deployment.name} does not wait for ${waiting.map((w) => w.name).join(", ")}` });
                return out;
            }),
    },
    {
        id: "UB-LOGS-RETENTION",
        severity: "low",
        title: "Log groups have a retention period",
        rationale: "Logs kept forever cost more every month and keep personal data longer than anyone needs.",
        mirrors: ["CKV_AWS_66"],
        check: (graph) => forEach(graph, "aws:cloudwatch/logGroup:LogGroup", (g) => (!(g.inputs.retentionInDays > 0) ? { property: "retentionInDays", message: `log group ${g.name} keeps logs forever` } : undefined)),
    },
];

const RULE_IDS = new Set(rules.map((r) => r.id));

/** True when the id names a rule of this set. */
export function isRuleId(id: string): boolean {
    return RULE_IDS.has(id);
}

/**
 * Runs every rule over a recording (made without preview: rules read resolved policies). Findings
 * that the rule itself recognises as deliberate, or that a declared exception covers, are listed
 * as excepted with their reason; they are never dropped.
 */
export function evaluateRules(recording: Recording, options: { exceptions?: readonly RuleException[]; stack?: string } = {}): RuleReport {
    const graph = new Graph(recording);
    // An exception limited to some stacks applies only where the stack is known to be one of them.
    const declared = (options.exceptions ?? []).filter((e) => !e.stacks || (options.stack !== undefined && e.stacks.includes(options.stack)));
    const used = new Set<RuleException>();
    const findings: Finding[] = [];
    const excepted: ExceptedFinding[] = [];
    for (const rule of rules) {
        for (const v of rule.check(graph)) {
            const finding: Finding = {
                ruleId: rule.id,
                severity: rule.severity,
                resource: { urn: v.resource.urn, type: v.resource.type, name: v.resource.name },
                property: v.property,
                message: v.message,
                mirrors: rule.mirrors,
            };
            if (v.exception) {
                excepted.push({ finding, reason: v.exception, source: "rule" });
                continue;
            }
            const match = declared.find((e) => e.rule === rule.id && e.resource === v.resource.name && (!e.property || v.property.startsWith(e.property)));
            if (match) {
                used.add(match);
                excepted.push({ finding, reason: match.reason, source: "declared" });
            } else {
                findings.push(finding);
            }
        }
    }
    findings.sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
    return {
        findings,
        excepted,
        unusedExceptions: declared.filter((e) => !used.has(e)),
        rules: rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, mirrors: r.mirrors })),
    };
}
