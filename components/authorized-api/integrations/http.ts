import type { HttpIntegration } from "../args";
import type { OpenApiIntegration } from "../openapi-types";
import type { RoutePlan } from "../routes";
import { cacheSettings } from "./cache";

/** An HTTP proxy integration: the request goes to the URL as is, path parameters under the same names. */
export function httpIntegration(plan: RoutePlan, http: HttpIntegration): OpenApiIntegration {
    const forwardPath = Object.fromEntries(plan.pathParameters.map((p) => [`integration.request.path.${p}`, `method.request.path.${p}`]));
    return {
        type: "http_proxy",
        httpMethod: plan.method,
        uri: http.url,
        passthroughBehavior: "when_no_match",
        ...(Object.keys(forwardPath).length > 0 ? { requestParameters: forwardPath } : {}),
        ...(http.timeoutMilliseconds !== undefined ? { timeoutInMillis: http.timeoutMilliseconds } : {}),
        ...cacheSettings(plan),
    };
}
