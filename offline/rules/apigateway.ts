import { CACHE_CONTROL_STRATEGIES } from "../../components/authorized-api/args";
import { objectAt, REST_API, strings } from "../graph";
import { forEach, STAGE } from "./support";
import type { Rule, Violation } from "./types";

// API Gateway REST APIs: authorization, validation, logs, tracing, throttling, caching, WAF and deployments.

export const apigatewayRules: readonly Rule[] = [
    {
        id: "UB-APIG-AUTHORIZATION",
        severity: "medium",
        title: "API methods have an authorizer",
        rationale: "A method without Cognito, IAM or Lambda authorization is open to the internet; public routes should be a declared choice.",
        mirrors: ["AS-APIG4", "AS-COG4", "CKV_AWS_59"],
        check: (graph) =>
            graph
                .publicRoutes()
                .map((r) => ({
                    ...r.sites.authorization,
                    message: `${r.httpMethod} ${r.path} needs no credentials`,
                    exception: strings(r.component?.registeredOutputs.publicRoutes).includes(`${r.httpMethod} ${r.path}`) ? `declared public (authorization: "none") in AuthorizedApi ${r.component!.name}` : undefined,
                })),
    },
    {
        id: "UB-APIG-VALIDATION",
        severity: "low",
        title: "API methods with a model or required parameters validate requests",
        rationale: "Without a request validator API Gateway passes malformed requests to the backend. Path parameters are left out: routing already requires them.",
        // CKV2_AWS_53 wants a validator on every method; this rule only where a model or a required non-path parameter needs one.
        mirrors: ["AS-APIG2", "related: CKV2_AWS_53"],
        check: (graph) =>
            graph.routes().flatMap((r) => {
                const needsBody = Object.keys(r.requestModels).length > 0;
                const needsParams = Object.entries(r.requestParameters).some(([k, required]) => required && !k.startsWith("method.request.path."));
                if (!needsBody && !needsParams) return [];
                const missing = [needsBody && r.validator?.body !== true ? "body" : undefined, needsParams && r.validator?.parameters !== true ? "parameters" : undefined].filter(Boolean);
                return missing.length ? [{ ...r.sites.validation, message: `${r.httpMethod} ${r.path} does not validate its request ${missing.join(" and ")}` }] : [];
            }),
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
        title: "Cached API responses are encrypted, cache control needs authorization, and the stage says what it caches",
        rationale:
            "Cached responses hold user data; an unauthorized Cache-Control: max-age=0 would let anyone flush or bypass the cache unless requireAuthorizationForCacheControl is on with an explicit strategy (FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER and SUCCEED_WITHOUT_RESPONSE_HEADER all ignore the header for such callers). A cached stage whose */* entry does not set cachingEnabled leaves AWS's default: every GET method cached.",
        mirrors: ["FSBP APIGateway.5", "CKV_AWS_308"],
        check: (graph) =>
            graph.all(STAGE).flatMap((stage) => {
                const all = graph.all("aws:apigateway/methodSettings:MethodSettings").filter((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName);
                const cached = stage.inputs.cacheClusterEnabled === true || all.some((s) => s.inputs.settings?.cachingEnabled === true);
                if (!cached) return [];
                const entries = all.filter((s) => s.inputs.methodPath === "*/*" || s.inputs.settings?.cachingEnabled === true);
                if (entries.length === 0) return [{ resource: stage, property: "cacheClusterEnabled", message: `stage ${stage.name} caches with no method settings that encrypt the cache` }];
                const out: Violation[] = entries.flatMap((entry) => {
                    const s = entry.inputs.settings ?? {};
                    const faults = [
                        s.cacheDataEncrypted === true ? undefined : "cacheDataEncrypted",
                        s.requireAuthorizationForCacheControl === true ? undefined : "requireAuthorizationForCacheControl",
                        // Each strategy keeps an unauthorized caller from flushing or bypassing the cache; only how it
                        // answers differs (AWS doc "Enabling API caching ...", "Invalidate an API Gateway cache entry").
                        CACHE_CONTROL_STRATEGIES.includes(s.unauthorizedCacheControlHeaderStrategy) ? undefined : "an explicit unauthorizedCacheControlHeaderStrategy",
                    ].filter(Boolean);
                    return faults.length ? [{ resource: entry, property: "settings", message: `stage ${stage.name} ${entry.inputs.methodPath}: missing ${faults.join(", ")}` }] : [];
                });
                // "When you enable caching for a stage, only GET methods have caching enabled by default" (AWS doc
                // "Cache settings for REST APIs in API Gateway"); the provider writes caching/enabled only when it is
                // set (terraform-provider-aws internal/service/apigateway/method_settings.go), so an unset flag keeps that default.
                if (stage.inputs.cacheClusterEnabled === true) {
                    const stageWide = all.find((s) => s.inputs.methodPath === "*/*");
                    if (typeof stageWide?.inputs.settings?.cachingEnabled !== "boolean") {
                        out.push(
                            stageWide
                                ? { resource: stageWide, property: "settings.cachingEnabled", message: `stage ${stage.name} */*: cachingEnabled is not set, so AWS's default caches every GET method` }
                                : { resource: stage, property: "(no */* MethodSettings)", message: `stage ${stage.name} has a cache and no */* method settings, so AWS's default caches every GET method` },
                        );
                    }
                }
                return out;
            }),
    },
    {
        id: "UB-APIG-CACHE-KEY",
        severity: "high",
        title: "Cached authorized routes key the cache by the caller",
        rationale: "API Gateway keys cached responses by path and declared cache key parameters only: unless the caller's identity is part of the key, user A's response is served to user B. SigV4 (IAM) requests carry no stable caller parameter, so they cannot be cached safely.",
        mirrors: ["known mistake 8", "FSBP APIGateway.5"],
        check: (graph) => {
            const out: Violation[] = [];
            for (const stage of graph.all(STAGE)) {
                if (stage.inputs.cacheClusterEnabled !== true) continue;
                for (const route of graph.routes().filter((r) => r.restApiId !== undefined && r.restApiId === stage.inputs.restApi)) {
                    const { settings, holder } = graph.methodSettings(stage, route);
                    // Stage-wide caching applies to GET methods; a method's own entry turns it on for any method.
                    const ownPath = holder?.inputs.methodPath !== "*/*";
                    if (settings.cachingEnabled !== true || (!ownPath && route.httpMethod !== "GET")) continue;
                    const kind = route.authorization;
                    if (kind === "NONE") continue;
                    const key = route.integration?.cacheKeyParameters ?? [];
                    const sources = route.authorizer?.identitySources ?? ["method.request.header.Authorization"];
                    const identity = kind === "AWS_IAM" ? [] : sources.filter((s) => /^method\.request\.(header|querystring)\./.test(s));
                    const missing = identity.filter((s) => !key.includes(s));
                    if (kind === "AWS_IAM" || identity.length === 0 || missing.length > 0) {
                        out.push({
                            ...route.sites.cacheKey,
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
        rationale:
            "A deployment without triggers is not replaced when routes change, so the stage keeps serving the old API; one that does not wait for every method may deploy half an API. An API defined by one OpenAPI body needs the deployment to wait for the RestApi and a trigger that changes with the body. A per-resource REST API also keeps a removed route live for one deployment: the new deployment is created before the old Method is deleted (known mistake 12, pulumi-aws #3289 and #3683); a body avoids it.",
        mirrors: ["known mistake 9", "known mistake 12"],
        check: (graph) =>
            graph.all("aws:apigateway/deployment:Deployment").flatMap((deployment) => {
                const out: Violation[] = [];
                if (!Object.values(objectAt(deployment.inputs.triggers)).some((v) => v !== undefined && v !== null && v !== "")) {
                    out.push({ resource: deployment, property: "triggers", message: `deployment ${deployment.name} has no triggers: route changes do not redeploy` });
                }
                const restApi = graph.all(REST_API).find((a) => a.id === deployment.inputs.restApi);
                if (restApi && graph.hasBody(restApi)) {
                    // The body is the whole definition: waiting for the RestApi's update is waiting for every route.
                    if (!deployment.dependencies.includes(restApi.urn)) out.push({ resource: deployment, property: "dependsOn", message: `deployment ${deployment.name} does not wait for ${restApi.name}, whose body defines the API` });
                    return out;
                }
                const parts = [...graph.all("aws:apigateway/method:Method"), ...graph.all("aws:apigateway/integration:Integration")].filter((m) => m.inputs.restApi === deployment.inputs.restApi);
                const waiting = parts.filter((p) => !deployment.dependencies.includes(p.urn));
                if (waiting.length) out.push({ resource: deployment, property: "dependsOn", message: `deployment ${deployment.name} does not wait for ${waiting.map((w) => w.name).join(", ")}` });
                return out;
            }),
    },
];
