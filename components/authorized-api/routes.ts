import { createHash } from "crypto";
import type { AuthorizedApiArgs, CacheControlStrategy, HttpMethod, LambdaAuthorizerArgs, RouteArgs } from "./args";
import { parseRouteKey } from "./validation";

export type Authorization = "cognito" | "iam" | "lambda" | "none";

/** A route, parsed and with its defaults, as the component builds it. Internal. */
export interface RoutePlan {
    readonly key: string;
    readonly method: HttpMethod;
    readonly path: string;
    /** A readable, stable name part for the route's children. */
    readonly slug: string;
    readonly args: RouteArgs;
    readonly authorization: Authorization;
    /** Path parameter names, in order. */
    readonly pathParameters: string[];
    /** The request parameters that key the cache: the caller's identity, then the route's own. Empty when not cached. */
    readonly cacheKey: string[];
    /** Every request parameter the method declares, and whether it is required. */
    readonly requestParameters: Record<string, boolean>;
    /** With a route cache: what an unauthorized `Cache-Control: max-age=0` gets. */
    readonly cacheControl?: CacheControlStrategy;
}

export function sha(value: string, length = 8): string {
    return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/** A name part for a route or path that is readable, stable and unique (the hash of the exact key). */
export function slugOf(key: string): string {
    const readable = key.toLowerCase().replace(/[{}+]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 32);
    return `${readable || "root"}-${sha(key, 6)}`;
}

// The `~1` encoding is read back by the offline rules: one definition, in the contract.
export { methodSettingsPath } from "../shared/contract";

/** The request parameters that identify the caller, which a cached authorized route must key by. */
export function identityCacheKey(authorization: Authorization, authorizer?: LambdaAuthorizerArgs): string[] {
    if (authorization === "cognito") return ["method.request.header.Authorization"];
    if (authorization === "lambda") {
        // Only header and query string sources are request parameters a cache key can name.
        return (authorizer?.identitySources ?? ["method.request.header.Authorization"]).filter((s) => /^method\.request\.(header|querystring)\./.test(s));
    }
    return [];
}

/** The path parameter names of a resource path (`{key+}` is `key`). */
export function pathParametersOf(path: string): string[] {
    return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
}

/**
 * The caller as API Gateway's authorizer established it, as a mapping template expression and a
 * type name; none on a public route. These are context variables, which no request can set.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ($context.authorizer.claims, $context.identity.cognitoIdentityId, $context.authorizer.principalId)
 */
export function callerOf(authorization: Authorization): { type: string; expression: string; parameter: string } | undefined {
    switch (authorization) {
        case "cognito":
            return { type: "cognito-sub", expression: "$context.authorizer.claims.sub", parameter: "context.authorizer.claims.sub" };
        case "iam":
            return { type: "identity-id", expression: "$context.identity.cognitoIdentityId", parameter: "context.identity.cognitoIdentityId" };
        case "lambda":
            return { type: "lambda-principal", expression: "$context.authorizer.principalId", parameter: "context.authorizer.principalId" };
        default:
            return undefined;
    }
}

/** Every route of validated args, parsed, with its defaults resolved. */
export function planRoutes(args: AuthorizedApiArgs): RoutePlan[] {
    const lambdaAuthorizers = args.lambdaAuthorizers ?? {};
    return Object.entries(args.routes).map(([key, route]): RoutePlan => {
        const { method, path } = parseRouteKey(key)!;
        const authorization: Authorization = route.authorization ?? args.defaultAuthorization!;
        const identityKey = identityCacheKey(authorization, route.authorizer ? lambdaAuthorizers[route.authorizer] : undefined);
        const pathParameters = pathParametersOf(path);
        const cacheKey = route.cache ? [...new Set([...identityKey, ...(route.cache.keyParameters ?? [])])] : [];
        const requestParameters: Record<string, boolean> = {
            ...Object.fromEntries(pathParameters.map((p) => [`method.request.path.${p}`, true])),
            ...route.requestParameters,
            // An upload forwards its Content-Type, which a mapping can read only once declared.
            ...(route.s3?.operation === "put" ? { "method.request.header.Content-Type": false } : {}),
            // A cache key can only name declared parameters.
            ...Object.fromEntries(cacheKey.filter((k) => !(k in (route.requestParameters ?? {})) && !k.startsWith("method.request.path.")).map((k) => [k, false])),
        };
        return {
            key,
            method,
            path,
            slug: slugOf(key),
            args: route,
            authorization,
            pathParameters,
            cacheKey,
            requestParameters,
            cacheControl: route.cache ? (route.cache.unauthorizedCacheControl ?? (authorization === "none" ? "SUCCEED_WITHOUT_RESPONSE_HEADER" : "FAIL_WITH_403")) : undefined,
        };
    });
}
