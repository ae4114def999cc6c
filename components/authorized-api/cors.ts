// CORS for the API: preflights, the header on responses API Gateway builds itself, and gateway
// error responses.

/** Headers a browser may send on a call. */
export const CORS_ALLOW_HEADERS = "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key";

/**
 * A mapping template fragment that sets `Access-Control-Allow-Origin` to the caller's `Origin` only
 * when it is on the list; any other origin gets no CORS header, so its page cannot read the response.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html ($context.responseOverride.header)
 */
export function allowListedOrigin(origins: readonly string[]): string {
    return [
        '#set($origin = $input.params().header.get("Origin"))',
        `#if(${origins.map((o) => `$origin == "${o}"`).join(" || ")})`,
        "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
        "#end",
    ].join("\n");
}

/**
 * The `Access-Control-Allow-Origin` mapping of an integration response: with one origin, that
 * origin as a static value; with several, none here (the response template chooses, see
 * `allowListedOrigin`).
 */
export function integrationCorsParameters(origins: readonly string[]): Record<string, string> | undefined {
    return origins.length === 1 ? { "method.response.header.Access-Control-Allow-Origin": `'${origins[0]}'` } : undefined;
}

/**
 * The CORS parameters of gateway responses (4XX/5XX: authorizer 401/403, validation 400, throttling
 * 429, integration failures). Their parameter mappings take only static values, request parameters,
 * context and stage variables, with no condition, so they cannot pick among several origins:
 * echoing `method.request.header.Origin` would let any site read them. With one origin it is sent as
 * is; with several, no origin header at all (and `Vary: Origin`), so that no origin outside the list
 * can read an error.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html ("Parameter mapping for gateway responses")
 */
export function gatewayResponseCorsParameters(origins: readonly string[]): Record<string, string> | undefined {
    if (origins.length === 0) return undefined;
    if (origins.length === 1) return { "gatewayresponse.header.Access-Control-Allow-Origin": `'${origins[0]}'` };
    return { "gatewayresponse.header.Vary": "'Origin'" };
}

/** The `Access-Control-Allow-Methods` value of a path's preflight. */
export function allowedMethods(methods: readonly string[]): string {
    return methods.includes("ANY") ? "GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS" : [...new Set([...methods, "OPTIONS"])].join(",");
}
