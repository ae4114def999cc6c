import type { OpenApiIntegration } from "../openapi-types";
import { RoutePlan, sha } from "../routes";

/**
 * The cache key of a cached route's integration. The namespace is one per resource path, as API
 * Gateway's own default (the resource id) would be, but stable across an overwrite of the API.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html ("Use method or integration parameters as cache keys")
 */
export function cacheSettings(plan: RoutePlan): Pick<OpenApiIntegration, "cacheKeyParameters" | "cacheNamespace"> {
    return plan.cacheKey.length > 0 ? { cacheKeyParameters: plan.cacheKey, cacheNamespace: `p${sha(plan.path, 10)}` } : {};
}
