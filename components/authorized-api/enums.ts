// The allowed values of AuthorizedApi's arguments, each a named `as const` enum (the const first, then
// the type of the same name), which is how the package schema's analyzer infers an enum
// (plugin/analyzer-adapter.ts). TypeScript callers still write the string literals. args.ts
// re-exports every one of them.

/** HTTP methods a route may use (the `<METHOD>` of a route key). */
export const HttpMethod = {
    Get: "GET",
    Post: "POST",
    Put: "PUT",
    Patch: "PATCH",
    Delete: "DELETE",
    Head: "HEAD",
    Options: "OPTIONS",
    /** Every method, with one integration. */
    Any: "ANY",
} as const;
export type HttpMethod = (typeof HttpMethod)[keyof typeof HttpMethod];

/**
 * Cache memory sizes (GB) API Gateway accepts for a stage cache cluster.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
export const CacheSize = {
    Gb0_5: "0.5",
    Gb1_6: "1.6",
    Gb6_1: "6.1",
    Gb13_5: "13.5",
    Gb28_4: "28.4",
    Gb58_2: "58.2",
    Gb118: "118",
    Gb237: "237",
} as const;
export type CacheSize = (typeof CacheSize)[keyof typeof CacheSize];
/** The values of `CacheSize`, smallest first, for a config reader that refuses a bad size first. */
export const CACHE_SIZES: readonly CacheSize[] = Object.freeze(Object.values(CacheSize));

/** Retention periods (days) CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * What API Gateway does with a `Cache-Control: max-age=0` from a caller who may not invalidate the
 * cache (`execute-api:InvalidateCache`). None of them lets that caller bypass or flush the cache.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
export const CacheControlStrategy = {
    /** Refuse the request with 403. */
    FailWith403: "FAIL_WITH_403",
    /** Serve the cached response, with a header saying the `Cache-Control` was ignored. */
    SucceedWithResponseHeader: "SUCCEED_WITH_RESPONSE_HEADER",
    /** Serve the cached response and ignore the header silently. */
    SucceedWithoutResponseHeader: "SUCCEED_WITHOUT_RESPONSE_HEADER",
} as const;
export type CacheControlStrategy = (typeof CacheControlStrategy)[keyof typeof CacheControlStrategy];
/** The values of `CacheControlStrategy`. */
export const CACHE_CONTROL_STRATEGIES: readonly CacheControlStrategy[] = Object.freeze(Object.values(CacheControlStrategy));

/** Who sets the account's API Gateway CloudWatch Logs role, which access and execution logs need. */
export const AccountLogRoleMode = {
    /** The account baseline program (`ApiGatewayAccountLogging`) has set it for the account and region. */
    Baseline: "baseline",
    /** This API sets it, and the setting is retained when the API is deleted. */
    Managed: "managed",
    /** No role: access logs and execution logs stay off. */
    None: "none",
} as const;
export type AccountLogRoleMode = (typeof AccountLogRoleMode)[keyof typeof AccountLogRoleMode];
/** The values of `AccountLogRoleMode`. */
export const ACCOUNT_LOG_ROLE_MODES: readonly AccountLogRoleMode[] = Object.freeze(Object.values(AccountLogRoleMode));

/**
 * Who may call a route. `none` makes it public, and a route must write it out.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
 */
export const RouteAuthorization = {
    /** An access or ID token of the user pool (`userPoolArn`). */
    Cognito: "cognito",
    /** SigV4-signed requests, such as the identity pool's credentials. */
    Iam: "iam",
    /** A Lambda authorizer of `lambdaAuthorizers`, named by the route's `authorizer`. */
    Lambda: "lambda",
    /** Public: anyone may call the route. */
    None: "none",
} as const;
export type RouteAuthorization = (typeof RouteAuthorization)[keyof typeof RouteAuthorization];

/** The authorizations an API may give the routes that set none: never public, and never a Lambda authorizer, which a route names itself. */
export const DefaultAuthorization = {
    Cognito: "cognito",
    Iam: "iam",
} as const;
export type DefaultAuthorization = (typeof DefaultAuthorization)[keyof typeof DefaultAuthorization];

/** What an S3 route does with the caller's own objects. */
export const S3RouteOperation = {
    /** GET an object under the caller's prefix. */
    Get: "get",
    /** PUT an object under the caller's prefix. */
    Put: "put",
    /** DELETE an object under the caller's prefix. */
    Delete: "delete",
    /** GET the list of the caller's objects. */
    List: "list",
} as const;
export type S3RouteOperation = (typeof S3RouteOperation)[keyof typeof S3RouteOperation];

/** The DynamoDB operations a route may run. */
export const DynamoDbOperation = {
    GetItem: "GetItem",
    Query: "Query",
    PutItem: "PutItem",
} as const;
export type DynamoDbOperation = (typeof DynamoDbOperation)[keyof typeof DynamoDbOperation];

/** The status codes a mock route may answer with. */
export const MockStatusCode = {
    Ok: 200,
    Created: 201,
    Accepted: 202,
    NoContent: 204,
} as const;
export type MockStatusCode = (typeof MockStatusCode)[keyof typeof MockStatusCode];

/**
 * How a Lambda authorizer receives the request.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 */
export const LambdaAuthorizerType = {
    /** One header carries a bearer token. */
    Token: "token",
    /** The function sees headers, query strings and context. */
    Request: "request",
} as const;
export type LambdaAuthorizerType = (typeof LambdaAuthorizerType)[keyof typeof LambdaAuthorizerType];

/**
 * Where the API is reachable from.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-endpoint-types.html
 */
export const ApiEndpointType = {
    /** In the API's region. */
    Regional: "REGIONAL",
    /** Through CloudFront's edge locations. */
    Edge: "EDGE",
    /** Only through VPC endpoints (`vpcEndpointIds`). */
    Private: "PRIVATE",
} as const;
export type ApiEndpointType = (typeof ApiEndpointType)[keyof typeof ApiEndpointType];

/** The execution log levels a stage may log at. There is no "off": AwsSolutions-APIG6 wants execution logs. */
export const ExecutionLogLevel = {
    Error: "ERROR",
    Info: "INFO",
} as const;
export type ExecutionLogLevel = (typeof ExecutionLogLevel)[keyof typeof ExecutionLogLevel];

/** The period a usage plan's quota counts requests over. */
export const QuotaPeriod = {
    Day: "DAY",
    Week: "WEEK",
    Month: "MONTH",
} as const;
export type QuotaPeriod = (typeof QuotaPeriod)[keyof typeof QuotaPeriod];
