import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { Transform } from "../shared/transform";
import type { AccountLogRoleMode, ApiEndpointType, CacheControlStrategy, CacheSize, DefaultAuthorization, DynamoDbOperation, ExecutionLogLevel, LambdaAuthorizerType, MockStatusCode, QuotaPeriod, RouteAuthorization, S3RouteOperation } from "./enums";

export * from "./enums";

// The arguments of AuthorizedApi: types only, so that validation and the OpenAPI builder import no
// implementation. The allowed values of a field are enums.ts, re-exported here.
//
// The package schema that other languages use is inferred from these types (plugin/analyzer-adapter.ts),
// so they keep to what the analyzer can say: every set of allowed values is a named `as const` enum
// (the const first, then the type of the same name), and every nested object a named interface.
// TypeScript callers still write the string literals (`authorization: "none"`).

/** Requests per second and the burst above it. */
export interface Throttle {
    /** Steady-state requests per second; more than 0. */
    readonly rateLimit: number;
    /** Requests that may arrive at once; a whole number, at least 1. */
    readonly burstLimit: number;
}

/** A bucket an S3 route reads or writes: a `SecureUserBucket` fits as is. */
export interface S3RouteBucket {
    readonly bucketName: pulumi.Input<string>;
    readonly bucketArn: pulumi.Input<string>;
    /**
     * The bucket's customer managed key, if any: the route's role then gets key use through S3.
     * @default undefined - the bucket uses an AWS managed key, and the role gets no KMS permission
     */
    readonly kmsKeyArn?: pulumi.Input<string | undefined>;
    /**
     * Set when the bucket keys user prefixes by a session tag mapped from the user pool `sub`.
     * @default undefined - the bucket keys prefixes by the identity pool identity id, which only IAM routes carry
     */
    readonly ownerPrincipalTag?: string;
    /** @default { private: "private/" } */
    readonly prefixes?: S3RoutePrefixes;
    /**
     * The claim the owner tag is mapped from, once a grant with identities has said (a SecureUserBucket sets it).
     * @default undefined - no grant has mapped the owner tag yet
     */
    readonly ownerClaim?: string;
    /** Records that a route keys objects by this claim, so a later grant cannot map another (a SecureUserBucket has it). */
    requireOwnerClaim?(claim: string, requiredBy: string): void;
}

/** The prefixes of an S3 route's bucket: a `SecureUserBucket`'s fit as they are. */
export interface S3RoutePrefixes {
    /** The prefix under which each user has their own `<owner>/` folder, such as `private/`. */
    readonly private: string;
}

/**
 * An S3 object proxy into the caller's own prefix. The key is `<private prefix><owner>/<key>`, where
 * `<owner>` comes from the authorized identity (never from the request): the user pool `sub` with
 * a Cognito authorizer, or the identity pool identity id with IAM. The route path must end in
 * `{key}` or `{key+}` for get, put and delete.
 */
export interface S3Route {
    readonly bucket: S3RouteBucket;
    readonly operation: S3RouteOperation;
}

/**
 * Starts a state machine. Its input is `{"body": <the request body>, "caller": {"type", "id"}}`: the
 * caller comes from the authorizer (the user pool `sub`, the identity pool identity id, or the Lambda
 * authorizer's principal id), never from the request, so the workflow can check ownership. A public
 * route's caller is `null`.
 */
export interface StepFunctionsRoute {
    readonly stateMachineArn: pulumi.Input<string>;
    /** An express machine: wait for the result (StartSyncExecution) instead of starting it. @default false */
    readonly express?: boolean;
}

/**
 * Sends the request body as one message, with the caller in the message attributes `callerType` and
 * `callerId` (from the authorizer, never from the request; none on a public route).
 */
export interface SqsRoute {
    readonly queueArn: pulumi.Input<string>;
}

/** Runs one DynamoDB operation built by a mapping template. */
export interface DynamoDbRoute {
    readonly tableArn: pulumi.Input<string>;
    readonly operation: DynamoDbOperation;
    /**
     * The request mapping template (VTL) producing the operation's JSON input, including `TableName`.
     * The component sets `$callerId` (and `$callerType`) from the authorizer before it, so key items
     * by `"$callerId"`; a `PutItem` behind an authorizer must use it (or the authorizer's own context
     * variable), so that no request can write another user's item.
     */
    readonly requestTemplate: string;
    /** The response mapping template. @default the DynamoDB response as is */
    readonly responseTemplate?: string;
    /**
     * With `Query` on an index: allow the route's role to query this index.
     * @default undefined - the role may query the table only
     */
    readonly indexName?: string;
}

/** Per-route caching. Needs the stage `cache`. */
export interface RouteCache {
    /** Seconds a response is kept: 0 to 3600. @default the stage's `cache.ttlSeconds` */
    readonly ttlSeconds?: number;
    /**
     * Request parameters that vary the response, such as `method.request.path.id` or
     * `method.request.querystring.page`. On an authorized route the caller's identity is always
     * added (the `Authorization` header, or the Lambda authorizer's identity sources), so one user's
     * cached response is never served to another.
     * @default [] (the path, and the caller's identity on an authorized route)
     */
    readonly keyParameters?: string[];
    /**
     * The answer to a `Cache-Control: max-age=0` from a caller without `execute-api:InvalidateCache`.
     * Browsers and crawlers send it on a reload, so a public route serves its cached response and
     * ignores the header; an authorized route refuses it with 403.
     * @default "SUCCEED_WITHOUT_RESPONSE_HEADER" on a public route, "FAIL_WITH_403" otherwise
     */
    readonly unauthorizedCacheControl?: CacheControlStrategy;
}

/** A Lambda proxy integration. */
export interface LambdaIntegration {
    /** The function, which may be invoked only by this API's stage on this route. */
    readonly functionArn: pulumi.Input<string>;
}

/** An HTTP proxy integration. */
export interface HttpIntegration {
    /** The backend URL (https), which must place every path parameter of the route, such as `https://backend.acme.dev/items/{id}`. */
    readonly url: string;
    /**
     * How long API Gateway waits for the backend: 50 to 29000.
     * @default API Gateway's own, 29000 (terraform-provider-aws docs, api_gateway_integration `timeout_milliseconds`)
     */
    readonly timeoutMilliseconds?: number;
}

/** A fixed JSON answer from API Gateway itself. */
export interface MockIntegration {
    /** The answer's status. @default 200 */
    readonly statusCode?: MockStatusCode;
    /**
     * The answer's body: a JSON object (a free-form JSON value in the package schema).
     * @example { status: "ok" }
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON value: the schema says free-form (Any), and every TypeScript object fits
    readonly body: Record<string, any>;
}

/** A route: one integration, one authorization, and optional overrides. */
export interface Route {
    /**
     * Lambda proxy integration. The function may be invoked only by this API's stage on this route.
     * @default undefined - another integration (each route names exactly one)
     */
    readonly lambda?: LambdaIntegration;
    /**
     * HTTP proxy integration to this URL (https).
     * @default undefined - another integration (each route names exactly one)
     */
    readonly http?: HttpIntegration;
    /** An S3 object proxy into the caller's own prefix. @default undefined - another integration (each route names exactly one) */
    readonly s3?: S3Route;
    /** Start a Step Functions state machine. @default undefined - another integration (each route names exactly one) */
    readonly stepFunctions?: StepFunctionsRoute;
    /** Send the body to an SQS queue. @default undefined - another integration (each route names exactly one) */
    readonly sqs?: SqsRoute;
    /** Run one DynamoDB operation. @default undefined - another integration (each route names exactly one) */
    readonly dynamodb?: DynamoDbRoute;
    /**
     * A fixed JSON answer from API Gateway itself, with no backend: health checks and stubs.
     * @default undefined - another integration (each route names exactly one)
     */
    readonly mock?: MockIntegration;
    /**
     * Who may call the route. `none` makes it public and must be written out.
     * @default the API's `defaultAuthorization`
     */
    readonly authorization?: RouteAuthorization;
    /**
     * The Lambda authorizer, by its key in `lambdaAuthorizers`, with `authorization: "lambda"`.
     * @default undefined - required with `authorization: "lambda"`, refused otherwise
     */
    readonly authorizer?: string;
    /**
     * OAuth scopes the access token must carry, with `authorization: "cognito"`.
     * @default undefined - no scope is required
     */
    readonly scopes?: string[];
    /** Require an API key of a usage plan. @default false */
    readonly apiKeyRequired?: boolean;
    /** Cache this route's responses. Only GET routes can be cached. @default undefined (not cached; with a stage cache, written `cachingEnabled: false`) */
    readonly cache?: RouteCache;
    /** Throttle this route below (or above) the stage default. @default the stage's `throttle` */
    readonly throttle?: Throttle;
    /**
     * A JSON schema (draft 4) the request body must match; API Gateway validates it. A JSON object
     * (a free-form JSON value in the package schema).
     * @default undefined (the body is not validated)
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON value: the schema says free-form (Any), and every TypeScript object fits
    readonly requestSchema?: Record<string, any>;
    /**
     * Query strings and headers, as `method.request.querystring.<name>` / `method.request.header.<name>`, and whether each is required.
     * @default {} (only the path parameters are declared)
     */
    readonly requestParameters?: Readonly<Record<string, boolean>>;
}

/** A Lambda authorizer. */
export interface LambdaAuthorizer {
    readonly functionArn: pulumi.Input<string>;
    /** `token`: one header carries a bearer token. `request`: the function sees headers, query strings and context. */
    readonly type: LambdaAuthorizerType;
    /**
     * Where the identity comes from: for `token` one header (`method.request.header.Authorization`),
     * for `request` a list of sources. They also key the authorizer's result cache.
     * @default ["method.request.header.Authorization"]
     */
    readonly identitySources?: string[];
    /** Seconds API Gateway caches the authorizer's decision: 0 to 3600. @default 300 */
    readonly resultTtlSeconds?: number;
}

/** Requests each API key of a usage plan may make per period. */
export interface UsagePlanQuota {
    /** Requests per period; a whole number above 0. */
    readonly limit: number;
    readonly period: QuotaPeriod;
}

/** A usage plan: API keys with a throttle and a quota. */
export interface UsagePlan {
    /** The plan's throttle for each key. @default none (the stage and route throttles apply) */
    readonly throttle?: Throttle;
    /** Requests each key may make per period. @default none */
    readonly quota?: UsagePlanQuota;
    /** Names of API keys to create for this plan. Their values are secret outputs. */
    readonly apiKeys: string[];
}

/**
 * A stage cache cluster. Cached data is encrypted, and only callers allowed
 * `execute-api:InvalidateCache` may bypass it.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
export interface ApiCache {
    readonly size: CacheSize;
    /** Seconds a cached response is kept, unless a route says otherwise: 0 to 3600. @default 300 (`DEFAULT_CACHE_TTL_SECONDS`) */
    readonly ttlSeconds?: number;
}

/**
 * A custom domain of the API.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html
 */
export interface ApiDomain {
    /** A lowercase DNS name, such as `api.acme.dev`. */
    readonly domainName: string;
    /**
     * The ACM certificate of the name: in us-east-1 for EDGE, in the API's region otherwise. With
     * `hostedZoneId` as well, this certificate is used and only the alias records are created.
     * @default undefined - required unless `hostedZoneId` is set (the API then creates and validates one)
     */
    readonly certificateArn?: pulumi.Input<string>;
    /**
     * A Route 53 public hosted zone of the name (`Z...`). The API then creates the DNS-validated ACM
     * certificate (in us-east-1 through a provider of its own for EDGE), and the alias A and AAAA records.
     * @default undefined (bring your own certificate; point the name at the `domainTarget` output)
     * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-regional-api-custom-domain-create.html
     */
    readonly hostedZoneId?: pulumi.Input<string>;
    /** The path under the domain the stage is mapped to, such as `v1`. @default undefined (the domain's root) */
    readonly basePath?: string;
}

export interface AuthorizedApiArgs {
    /**
     * Routes keyed by `"<METHOD> <path>"`, for example `"GET /photos/{key+}"`. Each names exactly one
     * integration (`lambda`, `http`, `s3`, `stepFunctions`, `sqs`, `dynamodb` or `mock`).
     */
    readonly routes: Readonly<Record<string, RouteArgs>>;
    /**
     * The authorization of routes that do not set one. There is no public default (`none` is per
     * route), and Lambda routes name their authorizer themselves.
     * @default undefined (every route must then set `authorization`)
     */
    readonly defaultAuthorization?: DefaultAuthorization;
    /**
     * The user pool whose tokens the Cognito authorizer accepts (`CognitoAuth.userPoolArn`).
     * @default undefined - no Cognito authorizer; cognito routes are refused
     */
    readonly userPoolArn?: pulumi.Input<string>;
    /** Lambda authorizers, keyed by a stable name. @default {} */
    readonly lambdaAuthorizers?: Readonly<Record<string, LambdaAuthorizerArgs>>;
    /**
     * Browser origins allowed to call the API. They drive the OPTIONS preflight of every path, the
     * CORS header of AWS-service and mock responses, and, with one origin, of gateway error
     * responses (4XX/5XX, authorizer 401/403 included). Gateway responses cannot choose among
     * several origins, so with more than one they carry no `Access-Control-Allow-Origin`: no origin,
     * listed or not, reads them.
     * @default [] (no CORS)
     */
    readonly corsOrigins?: string[];
    /** @default "REGIONAL" */
    readonly endpointType?: ApiEndpointType;
    /**
     * VPC endpoints (execute-api) a PRIVATE API accepts calls from; required for PRIVATE.
     * @default undefined - required with `endpointType: "PRIVATE"`, refused otherwise
     */
    readonly vpcEndpointIds?: pulumi.Input<string>[];
    /** @default "api" */
    readonly stageName?: string;
    /**
     * Content types passed through as bytes rather than text, such as `["image/*"]` for S3 routes
     * that move images. Lambda proxy routes then receive such bodies base64-encoded.
     * @default []
     */
    readonly binaryMediaTypes?: string[];
    /** Stage throttle on every method of every path. @default { rateLimit: 100, burstLimit: 200 } */
    readonly throttle?: Throttle;
    /**
     * A stage cache cluster. Cached data is encrypted, and only callers allowed
     * `execute-api:InvalidateCache` may bypass it. Routes opt in with `cache`; every other GET route
     * is written `cachingEnabled: false`, because AWS caches GET methods by default once a stage has
     * a cache.
     * @default undefined (no cache cluster)
     */
    readonly cache?: ApiCache;
    /** Days to keep access logs and execution logs. @default 365 */
    readonly accessLogRetentionDays?: number;
    /**
     * A customer managed KMS key that encrypts the access and execution log groups (CKV_AWS_158). Its
     * key policy must let CloudWatch Logs (`logs.<region>.amazonaws.com`) use it for these groups.
     * @default undefined (CloudWatch Logs' own encryption)
     * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
     */
    readonly logsKmsKeyArn?: pulumi.Input<string>;
    /** Execution log level on every method. @default "ERROR" */
    readonly executionLogLevel?: ExecutionLogLevel;
    /** X-Ray tracing. @default true */
    readonly tracing?: boolean;
    /**
     * Who sets the account's API Gateway CloudWatch Logs role. JSON access logs and execution logs
     * both need it, and it is one setting per account and region:
     * - `"baseline"`: the account baseline program (`baseline/`, `ApiGatewayAccountLogging`) has set
     *   it once for the account and region; run that first on a fresh account.
     * - `"managed"`: this API sets it (for an account with one stack that logs). The setting is
     *   retained when the API is deleted, because deleting it would reset the region for every API.
     * - `"none"`: no role: access logs and execution logs stay off (metrics stay on).
     * @default "baseline"
     */
    readonly accountLogRole?: AccountLogRoleMode;
    /**
     * @deprecated use `accountLogRole: "managed"`.
     * @default false
     */
    readonly manageAccountLogRole?: boolean;
    /** Usage plans keyed by a stable name. @default {} */
    readonly usagePlans?: Readonly<Record<string, UsagePlanArgs>>;
    /**
     * A custom domain with an ACM certificate (in us-east-1 for EDGE, in the API's region otherwise).
     * @default undefined (the API answers on its execute-api URL only)
     */
    readonly domain?: ApiDomain;
    /** A WAFv2 web ACL (REGIONAL scope) to associate with the stage. @default undefined (no web ACL) */
    readonly webAclArn?: pulumi.Input<string>;
    /** Tags on every taggable child. @default {} */
    readonly tags?: Record<string, string>;
    /**
     * Typed escape hatches: change a child's arguments right before it is created. The logical
     * names stay outside, so URNs never move; the offline rules judge whatever a transform produced.
     * @default undefined (every child as the component builds it)
     */
    readonly transform?: AuthorizedApiTransform;
}

/**
 * A transform per kind of child of an AuthorizedApi. A function transform also receives the child's
 * logical name, which tells apart the children of one kind (the roles, method settings and Lambda
 * permissions of each route).
 */
export interface AuthorizedApiTransform {
    /**
     * The RestApi. Its `body` is the OpenAPI document the component built from `routes` (an Output
     * of JSON text): a transform that replaces it replaces the API itself (its routes, authorizers
     * and policy), and what it returns is what is imported, what `openApiDocument` reports, and what
     * the deployment trigger hashes. The component's validation no longer vouches for a replaced
     * body; the offline rules still read it. A transform that leaves no `body` is refused.
     * @default undefined
     */
    readonly restApi?: Transform<aws.apigateway.RestApiArgs>;
    /** The Deployment, which redeploys when its `triggers` change. @default undefined */
    readonly deployment?: Transform<aws.apigateway.DeploymentArgs>;
    /** The Stage. @default undefined */
    readonly stage?: Transform<aws.apigateway.StageArgs>;
    /** The stage-wide MethodSettings, on every method of every path. @default undefined */
    readonly stageSettings?: Transform<aws.apigateway.MethodSettingsArgs>;
    /** The MethodSettings of each route that overrides the stage's caching or throttle. @default undefined */
    readonly routeSettings?: Transform<aws.apigateway.MethodSettingsArgs>;
    /** The access log group. @default undefined */
    readonly accessLogGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    /** The execution log group, when the stage logs. @default undefined */
    readonly executionLogGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    /** The role of each AWS-service route. @default undefined */
    readonly integrationRole?: Transform<aws.iam.RoleArgs>;
    /** The inline policy of each AWS-service route's role. @default undefined */
    readonly integrationRolePolicy?: Transform<aws.iam.RolePolicyArgs>;
    /** The Lambda permission of each Lambda route and Lambda authorizer. @default undefined */
    readonly lambdaPermission?: Transform<aws.lambda.PermissionArgs>;
    /** Each usage plan. @default undefined */
    readonly usagePlan?: Transform<aws.apigateway.UsagePlanArgs>;
    /** Each API key. @default undefined */
    readonly apiKey?: Transform<aws.apigateway.ApiKeyArgs>;
    /** The custom domain name. @default undefined */
    readonly domainName?: Transform<aws.apigateway.DomainNameArgs>;
    /** The base path mapping of the custom domain. @default undefined */
    readonly basePathMapping?: Transform<aws.apigateway.BasePathMappingArgs>;
    /** The web ACL association. @default undefined */
    readonly webAclAssociation?: Transform<aws.wafv2.WebAclAssociationArgs>;
}

// The earlier TypeScript names of the types above, from before the package schema named them as
// other languages' SDKs do (their SDKs add `Args` to input types themselves). Both names stay.
/** The same type as `Route`. */
export type RouteArgs = Route;
/** The same type as `LambdaAuthorizer`. */
export type LambdaAuthorizerArgs = LambdaAuthorizer;
/** The same type as `UsagePlan`. */
export type UsagePlanArgs = UsagePlan;
