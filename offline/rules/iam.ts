import { actions as componentActions } from "../../components/policy";
import { COMPONENT_TYPES } from "../../components/shared/contract";
import { asArray, Graph, parseDocument, strings } from "../graph";
import type { RecordedResource } from "../recording";
import { actionMatches, allows, at, conditionValues, coveredActions, OWNER_VARIABLE, ROLE, wildcardResources } from "./support";
import type { Rule, Violation } from "./types";

// IAM roles: managed policies, wildcards, and the per-user patterns of identity pool roles.

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


/** Actions that step outside the policy model (ACLs, bucket policies) or reach other identities. */
const USER_FORBIDDEN_ACTIONS = [
    "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock",
    "cognito-identity:GetId", "cognito-identity:GetCredentialsForIdentity", "cognito-identity:LookupDeveloperIdentity", "cognito-identity:DescribeIdentity", "cognito-identity:ListIdentities", "cognito-identity:DeleteIdentities", "cognito-identity:MergeDeveloperIdentities", "cognito-identity:UnlinkIdentity",
    "cognito-sync:ListRecords", "cognito-sync:UpdateRecords", "cognito-sync:DescribeDataset", "cognito-sync:DeleteDataset",
];

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
    if (component.type === COMPONENT_TYPES.SecureUserBucket) {
        if (matches(component, "protected")) return `the protected/ level of SecureUserBucket ${component.name}: every granted role reads it, only each owner writes under it`;
        if (matches(component, "public")) return `the public/ level of SecureUserBucket ${component.name}: shared by every granted role by design`;
    }
    if (component.type === COMPONENT_TYPES.AuthorizedApi) {
        const bucket = graph.all(COMPONENT_TYPES.SecureUserBucket).find((b) => matches(b, "private"));
        if (bucket) {
            return `an S3 route role of AuthorizedApi ${component.name}: API Gateway assumes it for every caller, and the integration builds the key from the authorizer's caller id (private/<owner>/...), which no request parameter can change`;
        }
    }
    return undefined;
}

/** What API Gateway's account-level CloudWatch role needs: create groups and streams, write events, find them (the component's own list). */
const ACCOUNT_LOG_ACTIONS = new Set<string>([...componentActions.apiGatewayAccountLogs.push, ...componentActions.apiGatewayAccountLogs.findLogGroups]);

/**
 * Why a wildcard is deliberate on the account's API Gateway CloudWatch role: recognised from the
 * graph, not from who created it. The role is trusted by apigateway.amazonaws.com, it is the
 * `cloudwatchRoleArn` of an `aws.apigateway.Account` in the program, and the statement only writes
 * and describes logs on every log group of an account and region (or `*`). API Gateway uses that one
 * role for the execution and access logs of every API in the region (AWS doc "Set up CloudWatch
 * logging for REST APIs in API Gateway"), so no narrower resource is possible.
 */
function accountLogRoleReason(graph: Graph, role: RecordedResource, actions: string[], resource: string): string | undefined {
    if (!/^(\*|arn:[^:]+:logs:[^:]+:[^:]+:log-group:\*(:\*)?)$/.test(resource)) return undefined;
    if (actions.length === 0 || !actions.every((a) => ACCOUNT_LOG_ACTIONS.has(a))) return undefined;
    const trusted = asArray(parseDocument(role.inputs.assumeRolePolicy)?.Statement).some((s: any) => s?.Effect === "Allow" && strings(s.Principal?.Service).includes("apigateway.amazonaws.com"));
    const registered = graph.all("aws:apigateway/account:Account").some((a) => typeof role.outputs.arn === "string" && a.inputs.cloudwatchRoleArn === role.outputs.arn);
    return trusted && registered ? "API Gateway writes execution and access logs for every API in the region under this one role, into groups named at run time" : undefined;
}

export const iamRules: readonly Rule[] = [
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
                                    : accountLogRoleReason(graph, role, actions, resource));
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
];
