// Stage 2 of the plan: each component's security posture, with `ok` taken from the rule findings.
import { COMPONENT_TYPE_PREFIX, DEFAULT_CACHE_TTL_SECONDS } from "../../components/shared/contract";
import type { Recording, RecordedResource } from "../recording";
import type { Graph, RouteIntegration } from "../graph";
import type { RuleReport } from "../rules";
import type { ComponentPosture, PostureItem, RoutePosture } from "./types";
import { privateApiReach } from "./private-reach";
import { DOMAIN_RULE_IDS, domainPosture } from "./domain-posture";

function child(rec: Recording, component: RecordedResource, type: string, name: string): RecordedResource | undefined {
    return rec.descendants(component).find((r) => r.type === type && r.name === name);
}

/**
 * Each component's posture: what it is set to, with `ok` taken from the rule set (no finding of the
 * named rules on the component's own resources), so the posture and the findings never disagree.
 */
export function posture(graph: Graph, report: RuleReport): ComponentPosture[] {
    const rec = graph.recording;
    const out: ComponentPosture[] = [];
    for (const component of rec.resources.filter((r) => r.type.startsWith(COMPONENT_TYPE_PREFIX))) {
        const kind = component.type.slice(COMPONENT_TYPE_PREFIX.length);
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
            const hostedUi = domainPosture(rec, component, kind);
            if (hostedUi) item("custom domain", DOMAIN_RULE_IDS, hostedUi);
        } else if (kind === "AuthorizedApi") {
            const api = child(rec, component, "aws:apigateway/restApi:RestApi", `${name}-api`);
            const stage = child(rec, component, "aws:apigateway/stage:Stage", `${name}-stage`);
            const settings: Record<string, any> = (stage && graph.stageWideSettings(stage)?.inputs.settings) ?? {};
            item("endpoint", [], String(api?.inputs.endpointConfiguration?.types ?? "EDGE"));
            const reach = api ? privateApiReach(graph, api) : undefined;
            if (reach) items.push({ check: "reachable through", ...reach });
            item("authorization", ["UB-APIG-AUTHORIZATION", "UB-APIG-VALIDATION"], "every route, or declared public");
            item("access logs", ["UB-APIG-ACCESS-LOGS"], stage?.inputs.accessLogSettings ? "JSON" : "off");
            item("execution logs", ["UB-APIG-EXECUTION-LOGS"], `${settings.loggingLevel ?? "off"}${settings.metricsEnabled ? " + metrics" : ""}`);
            item("X-Ray", ["UB-APIG-XRAY"], stage?.inputs.xrayTracingEnabled ? "on" : "off");
            item("stage throttle", ["UB-APIG-THROTTLE"], `${settings.throttlingRateLimit ?? "-"} rps, burst ${settings.throttlingBurstLimit ?? "-"}`);
            const cache = stage?.inputs.cacheClusterEnabled === true;
            item("cache", ["UB-APIG-CACHE-ENCRYPTION", "UB-APIG-CACHE-KEY"], cache ? `${stage?.inputs.cacheClusterSize} GB, encrypted: ${settings.cacheDataEncrypted === true}` : "off");
            const waf = rec.descendants(component).find((r) => r.type === "aws:wafv2/webAclAssociation:WebAclAssociation");
            item("WAF", ["UB-APIG-WAF"], waf ? `web ACL ${String(waf.inputs.webAclArn).split("/").slice(-2, -1)[0] || waf.inputs.webAclArn}` : "none");
            const apiDomain = domainPosture(rec, component, kind);
            if (apiDomain) item("custom domain", DOMAIN_RULE_IDS, apiDomain);
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
                caching: settings.cachingEnabled === true && stage?.inputs.cacheClusterEnabled === true ? `${settings.cacheTtlInSeconds ?? DEFAULT_CACHE_TTL_SECONDS} s, key: ${key.join(", ") || "path only"}` : "off",
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
