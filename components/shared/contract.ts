// The facts the components decide and `offline/` reads back: type tokens, default prefixes, the
// policy variables that key a user's storage, the MethodSettings path encoding, the patterns the
// validators share, and default TTLs. Each is defined here once; a component and the plan import the
// same constant, so a change in one cannot silently desynchronise the other.
//
// This module imports nothing else of the project (tests/shape checks there is no import circle).
// Internal: the public names that carry these facts (`identityIdVariable`, `principalTagVariable`,
// `methodSettingsPath`) keep their old homes and re-export from here.

/** The `<package>:<module>:<Type>` token of each component (Pulumi docs, "Component resources"). */
export const COMPONENT_TYPES = {
    CognitoAuth: "user-backend:index:CognitoAuth",
    SecureUserBucket: "user-backend:index:SecureUserBucket",
    AuthorizedApi: "user-backend:index:AuthorizedApi",
    ApiGatewayAccountLogging: "user-backend:index:ApiGatewayAccountLogging",
} as const;

/** What every component type token starts with. */
export const COMPONENT_TYPE_PREFIX = "user-backend:index:";

/** The key prefixes a SecureUserBucket grants by level, unless `prefixes` overrides one. */
export const DEFAULT_PREFIXES = { private: "private/", protected: "protected/", public: "public/" } as const;

/**
 * The identity pool identity id of the caller, resolved by AWS in the policies of a Cognito role
 * session (Amazon Cognito Developer Guide, "IAM roles": `cognito-identity.amazonaws.com:sub`).
 */
export const identityIdVariable = "${cognito-identity.amazonaws.com:sub}";

/**
 * The policy variable for a session tag, which an identity pool can map from a token claim
 * (IAM User Guide, "IAM policy elements: Variables and tags": `aws:PrincipalTag/<key>`).
 */
export function principalTagVariable(tag: string): string {
    return `\${aws:PrincipalTag/${tag}}`;
}

/**
 * The stage method setting path of a route: the resource path with every `/` written `~1` (the
 * leading one too), then the method. `/photos/{id}` GET is `~1photos~1{id}/GET`. API Gateway
 * reference "PatchOperation": a "/" inside a patch path segment is escaped as "~1".
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html (the `methodPath` notation of UpdateStage patch paths)
 */
export function methodSettingsPath(method: string, path: string): string {
    return `${path.replace(/\//g, "~1")}/${method}`;
}

/** The resource path written in a method setting path, `~1` read back as `/` (the inverse of `methodSettingsPath`). */
export function decodeMethodSettingsResource(encoded: string): string {
    return encoded.replace(/~1/g, "/");
}

/**
 * An unqualified or qualified (version or alias) Lambda function ARN. Function names are 1-64
 * letters, digits, `-` and `_` (Lambda API reference, "CreateFunction": FunctionName).
 */
export const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;

/**
 * A key of a map in the args (a route authorizer, a grant, a client, a trigger) that becomes part of
 * a child's logical name: 1-40 letters, digits, `-` and `_`, starting with a letter or digit, so the
 * name stays short and stable.
 */
export const RESOURCE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** Seconds a stage cache keeps a response when `cache.ttlSeconds` is not given (API Gateway's own default, "Enable API caching"). */
export const DEFAULT_CACHE_TTL_SECONDS = 300;

/** Seconds API Gateway caches a Lambda authorizer's decision when `resultTtlSeconds` is not given (API Gateway's default, "Use API Gateway Lambda authorizers"). */
export const DEFAULT_AUTHORIZER_RESULT_TTL_SECONDS = 300;
