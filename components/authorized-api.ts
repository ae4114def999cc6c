import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, policyJson, PolicyStatement } from "./policy";
import { parseRouteKey, validateAuthorizedApiArgs } from "./authorized-api-validation";

/** HTTP methods a route may use. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ANY";

/** Cache memory sizes (GB) API Gateway accepts for a stage cache cluster. */
export const CACHE_SIZES = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"] as const;
export type CacheSize = (typeof CACHE_SIZES)[number];

/** Retention periods (days) CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

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
    /** The bucket's customer managed key, if any: the route's role then gets key use through S3. */
    readonly kmsKeyArn?: pulumi.Input<string | undefined>;
    /** Set when the bucket keys user prefixes by a session tag mapped from the user pool `sub`. */
    readonly ownerPrincipalTag?: string;
    /** @default { private: "private/" } */
    readonly prefixes?: { readonly private: string };
}

/**
 * An S3 object proxy into the caller's own prefix. The key is `<private prefix><owner>/<key>`, where
 * `<owner>` comes from the authorized identity (never from the request): the user pool `sub` with
 * a Cognito authorizer, or the identity pool identity id with IAM. The route path must end in
 * `{key}` or `{key+}` for get, put and delete.
 */
export interface S3Route {
    readonly bucket: S3RouteBucket;
    readonly operation: "get" | "put" | "delete" | "list";
}

/** Starts a state machine with the request body as input. */
export interface StepFunctionsRoute {
    readonly stateMachineArn: pulumi.Input<string>;
    /** An express machine: wait for the result (StartSyncExecution) instead of starting it. @default false */
    readonly express?: boolean;
}

/** Sends the request body as one message. */
export interface SqsRoute {
    readonly queueArn: pulumi.Input<string>;
}

/** Runs one DynamoDB operation built by a mapping template. */
export interface DynamoDbRoute {
    readonly tableArn: pulumi.Input<string>;
    readonly operation: "GetItem" | "Query" | "PutItem";
    /**
     * The request mapping template (VTL) producing the operation's JSON input, including `TableName`.
     * Use `$context.authorizer.claims.sub` or `$context.identity.cognitoIdentityId` to key items by caller.
     */
    readonly requestTemplate: string;
    /** The response mapping template. @default the DynamoDB response as is */
    readonly responseTemplate?: string;
    /** With `Query` on an index: allow the route's role to query this index. */
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
     */
    readonly keyParameters?: string[];
}

/** A route: one integration, one authorization, and optional overrides. */
export interface RouteArgs {
    /** Lambda proxy integration. The function may be invoked only by this API's stage on this route. */
    readonly lambda?: { readonly functionArn: pulumi.Input<string> };
    /** HTTP proxy integration to this URL (https). */
    readonly http?: { readonly url: string; readonly timeoutMilliseconds?: number };
    readonly s3?: S3Route;
    readonly stepFunctions?: StepFunctionsRoute;
    readonly sqs?: SqsRoute;
    readonly dynamodb?: DynamoDbRoute;
    /** A fixed JSON answer from API Gateway itself, with no backend: health checks and stubs. */
    readonly mock?: { readonly statusCode?: 200 | 201 | 202 | 204; readonly body: Record<string, unknown> };
    /**
     * Who may call the route. `none` makes it public and must be written out.
     * @default the API's `defaultAuthorization`
     */
    readonly authorization?: "cognito" | "iam" | "lambda" | "none";
    /** The Lambda authorizer, by its key in `lambdaAuthorizers`, with `authorization: "lambda"`. */
    readonly authorizer?: string;
    /** OAuth scopes the access token must carry, with `authorization: "cognito"`. */
    readonly scopes?: string[];
    /** Require an API key of a usage plan. @default false */
    readonly apiKeyRequired?: boolean;
    /** Cache this route's responses. Only GET routes can be cached. */
    readonly cache?: RouteCache;
    /** Throttle this route below (or above) the stage default. */
    readonly throttle?: Throttle;
    /** A JSON schema (draft 4) the request body must match; API Gateway validates it. */
    readonly requestSchema?: Record<string, unknown>;
    /** Query strings and headers, as `method.request.querystring.<name>` / `method.request.header.<name>`, and whether each is required. */
    readonly requestParameters?: Readonly<Record<string, boolean>>;
}

/** A Lambda authorizer. */
export interface LambdaAuthorizerArgs {
    readonly functionArn: pulumi.Input<string>;
    /** `token`: one header carries a bearer token. `request`: the function sees headers, query strings and context. */
    readonly type: "token" | "request";
    /**
     * Where the identity comes from: for `token` one header (`method.request.header.Authorization`),
     * for `request` a list of sources. They also key the authorizer's result cache.
     * @default ["method.request.header.Authorization"]
     */
    readonly identitySources?: string[];
    /** Seconds API Gateway caches the authorizer's decision: 0 to 3600. @default 300 */
    readonly resultTtlSeconds?: number;
}

/** A usage plan: API keys with a throttle and a quota. */
export interface UsagePlanArgs {
    readonly throttle?: Throttle;
    readonly quota?: { readonly limit: number; readonly period: "DAY" | "WEEK" | "MONTH" };
    /** Names of API keys to create for this plan. Their values are secret outputs. */
    readonly apiKeys: string[];
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
     */
    readonly defaultAuthorization?: "cognito" | "iam";
    /** The user pool whose tokens the Cognito authorizer accepts (`CognitoAuth.userPoolArn`). */
    readonly userPoolArn?: pulumi.Input<string>;
    /** Lambda authorizers, keyed by a stable name. */
    readonly lambdaAuthorizers?: Readonly<Record<string, LambdaAuthorizerArgs>>;
    /**
     * Browser origins allowed to call the API: they drive the OPTIONS preflight of every path and the
     * CORS headers of gateway error responses (4XX/5XX, authorizer 401/403 included).
     * @default [] (no CORS)
     */
    readonly corsOrigins?: string[];
    /** @default "REGIONAL" */
    readonly endpointType?: "REGIONAL" | "EDGE" | "PRIVATE";
    /** VPC endpoints (execute-api) a PRIVATE API accepts calls from; required for PRIVATE. */
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
     * A stage cache cluster. Cached data is encrypted, clients need `execute-api:InvalidateCache` to
     * bypass it, and unauthorized attempts fail with 403. Routes opt in with `cache`.
     * @default undefined (no cache cluster)
     */
    readonly cache?: { readonly size: CacheSize; readonly ttlSeconds?: number };
    /** @default 365 */
    readonly accessLogRetentionDays?: number;
    /** Execution log level on every method. @default "ERROR" */
    readonly executionLogLevel?: "ERROR" | "INFO";
    /** X-Ray tracing. @default true */
    readonly tracing?: boolean;
    /**
     * Set the account's API Gateway CloudWatch Logs role (needed for execution logs). It is one
     * setting per account and region: turn it on in exactly one stack, or several stacks fight over it.
     * @default false
     */
    readonly manageAccountLogRole?: boolean;
    readonly usagePlans?: Readonly<Record<string, UsagePlanArgs>>;
    /** A custom domain with an ACM certificate (in us-east-1 for EDGE, in the API's region otherwise). */
    readonly domain?: { readonly domainName: string; readonly certificateArn: pulumi.Input<string>; readonly basePath?: string };
    /** A WAFv2 web ACL (REGIONAL scope) to associate with the stage. */
    readonly webAclArn?: pulumi.Input<string>;
    readonly tags?: Record<string, string>;
}

/** A route, parsed and with its defaults, as the component builds it. Internal. */
interface RoutePlan {
    key: string;
    method: HttpMethod;
    path: string;
    slug: string;
    args: RouteArgs;
    authorization: "cognito" | "iam" | "lambda" | "none";
    identityKey: string[];
}

function sha(value: string, length = 8): string {
    return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/** A name part for a route or path that is readable, stable and unique (the hash of the exact key). */
export function slugOf(key: string): string {
    const readable = key.toLowerCase().replace(/[{}+]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 32);
    return `${readable || "root"}-${sha(key, 6)}`;
}

/**
 * The stage method setting path of a route: the resource path with every `/` written `~1` (the
 * leading one too), then the method. `/photos/{id}` GET is `~1photos~1{id}/GET`.
 */
export function methodSettingsPath(method: string, path: string): string {
    return `${path.replace(/\//g, "~1")}/${method}`;
}

/** The request parameters that identify the caller, which a cached authorized route must key by. */
export function identityCacheKey(authorization: RoutePlan["authorization"], authorizer?: LambdaAuthorizerArgs): string[] {
    if (authorization === "cognito") return ["method.request.header.Authorization"];
    if (authorization === "lambda") {
        // Only header and query string sources are request parameters a cache key can name.
        return (authorizer?.identitySources ?? ["method.request.header.Authorization"]).filter((s) => /^method\.request\.(header|querystring)\./.test(s));
    }
    return [];
}

/**
 * An API Gateway REST API whose routes are declared as data: each reaches Lambda, an HTTP backend,
 * S3, Step Functions, SQS or DynamoDB behind a Cognito, IAM or Lambda authorizer, on a stage with
 * JSON access logs, execution logs, X-Ray, throttling and per-user-safe caching.
 *
 * Minimal:
 * ```ts
 * const api = new AuthorizedApi("api", {
 *     userPoolArn: auth.userPoolArn,
 *     defaultAuthorization: "cognito",
 *     routes: { "GET /notes": { lambda: { functionArn: notes.arn } } },
 * });
 * ```
 *
 * Common: per-user files through S3, a workflow, and a cached catalogue.
 * ```ts
 * const api = new AuthorizedApi("api", {
 *     userPoolArn: auth.userPoolArn,
 *     defaultAuthorization: "cognito",
 *     corsOrigins: ["https://app.acme.dev"],
 *     cache: { size: "0.5" },
 *     routes: {
 *         "GET /files/{key+}": { s3: { bucket: photos, operation: "get" } },
 *         "PUT /files/{key+}": { s3: { bucket: photos, operation: "put" } },
 *         "POST /orders": { stepFunctions: { stateMachineArn: orders.arn }, scopes: ["https://api.acme.dev/orders.write"] },
 *         "GET /catalogue": { http: { url: "https://catalogue.acme.dev/items" }, cache: { ttlSeconds: 60 } },
 *     },
 * });
 * ```
 */
export class AuthorizedApi extends pulumi.ComponentResource {
    /** `https://<api id>.execute-api.<region>.amazonaws.com/<stage>`. */
    readonly url: pulumi.Output<string>;
    readonly apiId: pulumi.Output<string>;
    readonly stageName: pulumi.Output<string>;
    /** The stage's execution ARN, `arn:aws:execute-api:<region>:<account>:<api id>/<stage>`. */
    readonly executionArn: pulumi.Output<string>;
    /** With a custom domain: the host name its DNS alias must point to. */
    readonly domainTarget?: pulumi.Output<string>;
    /** API key values by name (secret). */
    readonly apiKeyValues: Readonly<Record<string, pulumi.Output<string>>>;
    /** The hash of the API definition that decides when a new deployment is made. */
    readonly definitionHash: pulumi.Output<string>;

    /** Escape hatches to the children. */
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly deployment: aws.apigateway.Deployment;
    readonly accessLogGroup: aws.cloudwatch.LogGroup;
    readonly methods: Readonly<Record<string, aws.apigateway.Method>>;
    readonly integrations: Readonly<Record<string, aws.apigateway.Integration>>;
    /** The role of each AWS-service route (S3, Step Functions, SQS, DynamoDB), by route key. */
    readonly integrationRoles: Readonly<Record<string, aws.iam.Role>>;

    constructor(name: string, args: AuthorizedApiArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAuthorizedApiArgs(name, args);
        super("user-backend:index:AuthorizedApi", name, {}, opts);
        const parent = { parent: this };

        // Every default in one place.
        const stageName = args.stageName ?? "api";
        const endpointType = args.endpointType ?? "REGIONAL";
        const throttle = args.throttle ?? { rateLimit: 100, burstLimit: 200 };
        const retentionDays = args.accessLogRetentionDays ?? 365;
        const logLevel = args.executionLogLevel ?? "ERROR";
        const tracing = args.tracing ?? true;
        const corsOrigins = args.corsOrigins ?? [];
        const cacheTtl = args.cache?.ttlSeconds ?? 300;
        const lambdaAuthorizers = args.lambdaAuthorizers ?? {};

        const region = aws.getRegionOutput({}, parent).region;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const partition = aws.getPartitionOutput({}, parent).partition;

        const plans: RoutePlan[] = Object.entries(args.routes).map(([key, route]) => {
            const { method, path } = parseRouteKey(key)!;
            const authorization = route.authorization ?? args.defaultAuthorization!;
            return {
                key,
                method,
                path,
                slug: slugOf(key),
                args: route,
                authorization,
                identityKey: identityCacheKey(authorization, route.authorizer ? lambdaAuthorizers[route.authorizer] : undefined),
            };
        });

        this.restApi = new aws.apigateway.RestApi(
            `${name}-api`,
            {
                description: `AuthorizedApi ${name}`,
                binaryMediaTypes: args.binaryMediaTypes,
                endpointConfiguration: { types: endpointType, vpcEndpointIds: endpointType === "PRIVATE" ? args.vpcEndpointIds : undefined },
                // A private API is reachable only through the listed VPC endpoints.
                policy: endpointType === "PRIVATE" ? privateApiPolicy(args.vpcEndpointIds ?? []) : undefined,
                tags: args.tags,
            },
            parent,
        );
        const restApi = this.restApi;
        const definition: pulumi.Input<unknown>[] = [{ endpointType, corsOrigins, stageName, binaryMediaTypes: args.binaryMediaTypes ?? [] }];
        const deploymentInputs: pulumi.Resource[] = [];

        // One resource per path segment, shared by the routes below it.
        const pathResources = new Map<string, pulumi.Output<string>>([["/", restApi.rootResourceId]]);
        const resourceFor = (path: string): pulumi.Output<string> => {
            const known = pathResources.get(path);
            if (known) return known;
            const cut = path.lastIndexOf("/");
            const parentPath = cut === 0 ? "/" : path.slice(0, cut);
            const resource = new aws.apigateway.Resource(
                `${name}-path-${slugOf(path)}`,
                { restApi: restApi.id, parentId: resourceFor(parentPath), pathPart: path.slice(cut + 1) },
                parent,
            );
            pathResources.set(path, resource.id);
            return resource.id;
        };

        let cognitoAuthorizer: aws.apigateway.Authorizer | undefined;
        if (args.userPoolArn !== undefined) {
            cognitoAuthorizer = new aws.apigateway.Authorizer(
                `${name}-cognito-authorizer`,
                { restApi: restApi.id, name: "cognito", type: "COGNITO_USER_POOLS", providerArns: [args.userPoolArn], identitySource: "method.request.header.Authorization" },
                parent,
            );
            definition.push({ cognitoAuthorizer: args.userPoolArn });
        }
        const lambdaAuthorizerResources: Record<string, aws.apigateway.Authorizer> = {};
        for (const [key, authorizer] of Object.entries(lambdaAuthorizers)) {
            const sources = authorizer.identitySources ?? ["method.request.header.Authorization"];
            lambdaAuthorizerResources[key] = new aws.apigateway.Authorizer(
                `${name}-authorizer-${key}`,
                {
                    restApi: restApi.id,
                    name: key,
                    type: authorizer.type === "token" ? "TOKEN" : "REQUEST",
                    authorizerUri: lambdaInvokeUri(partition, region, authorizer.functionArn),
                    identitySource: sources.join(","),
                    authorizerResultTtlInSeconds: authorizer.resultTtlSeconds ?? 300,
                },
                parent,
            );
            new aws.lambda.Permission(
                `${name}-authorizer-${key}-invoke`,
                {
                    action: actions.lambdaInvoke,
                    function: authorizer.functionArn,
                    principal: "apigateway.amazonaws.com",
                    sourceArn: pulumi.interpolate`${restApi.executionArn}/authorizers/${lambdaAuthorizerResources[key].id}`,
                },
                parent,
            );
            definition.push({ lambdaAuthorizer: key, type: authorizer.type, functionArn: authorizer.functionArn, sources, ttl: authorizer.resultTtlSeconds ?? 300 });
        }

        let bodyValidator: aws.apigateway.RequestValidator | undefined;
        let paramsValidator: aws.apigateway.RequestValidator | undefined;
        const validatorFor = (body: boolean) => {
            if (body) {
                bodyValidator ??= new aws.apigateway.RequestValidator(`${name}-validate-body`, { restApi: restApi.id, name: "body-and-parameters", validateRequestBody: true, validateRequestParameters: true }, parent);
                return bodyValidator;
            }
            paramsValidator ??= new aws.apigateway.RequestValidator(`${name}-validate-parameters`, { restApi: restApi.id, name: "parameters", validateRequestBody: false, validateRequestParameters: true }, parent);
            return paramsValidator;
        };

        const methods: Record<string, aws.apigateway.Method> = {};
        const integrations: Record<string, aws.apigateway.Integration> = {};
        const integrationRoles: Record<string, aws.iam.Role> = {};
        for (const plan of plans) {
            const route = plan.args;
            const resourceId = resourceFor(plan.path);
            const pathParameters = [...plan.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
            const cacheKey = route.cache ? [...new Set([...plan.identityKey, ...(route.cache.keyParameters ?? [])])] : [];
            const requestParameters: Record<string, boolean> = {
                ...Object.fromEntries(pathParameters.map((p) => [`method.request.path.${p}`, true])),
                ...route.requestParameters,
                // An upload forwards its Content-Type, which a mapping can read only once declared.
                ...(route.s3?.operation === "put" ? { "method.request.header.Content-Type": false } : {}),
                // A cache key can only name declared parameters.
                ...Object.fromEntries(cacheKey.filter((k) => !(k in (route.requestParameters ?? {})) && !k.startsWith("method.request.path.")).map((k) => [k, false])),
            };
            let model: aws.apigateway.Model | undefined;
            if (route.requestSchema) {
                model = new aws.apigateway.Model(
                    `${name}-model-${plan.slug}`,
                    { restApi: restApi.id, name: `m${sha(plan.key, 12)}`, contentType: "application/json", schema: JSON.stringify(route.requestSchema) },
                    parent,
                );
            }
            const validator = route.requestSchema ? validatorFor(true) : route.requestParameters ? validatorFor(false) : undefined;
            const authorizerId =
                plan.authorization === "cognito" ? cognitoAuthorizer!.id : plan.authorization === "lambda" ? lambdaAuthorizerResources[route.authorizer!].id : undefined;
            const method = new aws.apigateway.Method(
                `${name}-method-${plan.slug}`,
                {
                    restApi: restApi.id,
                    resourceId,
                    httpMethod: plan.method,
                    authorization: { cognito: "COGNITO_USER_POOLS", iam: "AWS_IAM", lambda: "CUSTOM", none: "NONE" }[plan.authorization],
                    authorizerId,
                    authorizationScopes: route.scopes,
                    apiKeyRequired: route.apiKeyRequired ?? false,
                    requestParameters: Object.keys(requestParameters).length > 0 ? requestParameters : undefined,
                    requestModels: model ? { "application/json": model.name } : undefined,
                    requestValidatorId: validator?.id,
                },
                parent,
            );
            methods[plan.key] = method;

            const built = this.integrationFor(name, plan, {
                restApi,
                resourceId,
                method,
                partition,
                region,
                accountId,
                stageName,
                cacheKey,
                pathParameters,
                corsOrigins,
            });
            integrations[plan.key] = built.integration;
            if (built.role) integrationRoles[plan.key] = built.role;
            deploymentInputs.push(method, built.integration, ...built.extra);
            if (model) deploymentInputs.push(model);
            definition.push({
                route: plan.key,
                authorization: plan.authorization,
                authorizer: route.authorizer,
                scopes: route.scopes,
                apiKeyRequired: route.apiKeyRequired ?? false,
                requestParameters,
                requestSchema: route.requestSchema,
                cacheKey,
                integration: built.definition,
            });
        }
        this.methods = methods;
        this.integrations = integrations;
        this.integrationRoles = integrationRoles;

        if (corsOrigins.length > 0) {
            for (const path of [...new Set(plans.map((p) => p.path))]) {
                if (plans.some((p) => p.path === path && p.method === "OPTIONS")) continue;
                deploymentInputs.push(...preflight(name, restApi, resourceFor(path), path, plans.filter((p) => p.path === path).map((p) => p.method), corsOrigins, this));
            }
            for (const responseType of ["DEFAULT_4XX", "DEFAULT_5XX"]) {
                deploymentInputs.push(
                    new aws.apigateway.Response(
                        `${name}-response-${responseType.toLowerCase().replace("_", "-")}`,
                        { restApiId: restApi.id, responseType, responseParameters: corsResponseHeaders(corsOrigins, "gatewayresponse") },
                        parent,
                    ),
                );
            }
        }

        // A new deployment exactly when the definition changes: the trigger is a hash of everything
        // the deployment snapshots, so an unchanged program never redeploys.
        this.definitionHash = pulumi.output(definition).apply((d) => sha(JSON.stringify(d), 64));
        this.deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            { restApi: restApi.id, description: `AuthorizedApi ${name}`, triggers: { definition: this.definitionHash } },
            // A deployment snapshots the API: every method, integration and response must exist first.
            { parent: this, dependsOn: deploymentInputs },
        );

        this.accessLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-access-logs`,
            { retentionInDays: retentionDays, tags: args.tags },
            parent,
        );
        let account: aws.apigateway.Account | undefined;
        if (args.manageAccountLogRole) {
            const logRole = new aws.iam.Role(
                `${name}-account-log-role`,
                {
                    description: "Lets API Gateway write execution logs for this account and region",
                    assumeRolePolicy: policyJson([{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: [...actions.assumeRole], Condition: { StringEquals: { "aws:SourceAccount": accountId } } }]),
                    tags: args.tags,
                },
                parent,
            );
            const logPolicy = new aws.iam.RolePolicy(
                `${name}-account-log-policy`,
                {
                    role: logRole.name,
                    policy: policyJson([
                        {
                            Sid: "WriteExecutionLogs",
                            Effect: "Allow",
                            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            Resource: [pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:API-Gateway-Execution-Logs_*`],
                        },
                        // Listing log groups has no resource scope in IAM.
                        { Sid: "FindLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
                    ]),
                },
                parent,
            );
            account = new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: logRole.arn }, { parent: this, dependsOn: [logPolicy] });
        }

        this.stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: restApi.id,
                deployment: this.deployment.id,
                stageName,
                xrayTracingEnabled: tracing,
                cacheClusterEnabled: args.cache !== undefined,
                cacheClusterSize: args.cache?.size,
                accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: JSON.stringify(ACCESS_LOG_FORMAT) },
                tags: args.tags,
            },
            { parent: this, dependsOn: account ? [account] : [] },
        );

        // Stage defaults on every method, then per-route overrides (their path escapes `/` as `~1`).
        const stageSettings = new aws.apigateway.MethodSettings(
            `${name}-settings`,
            {
                restApi: restApi.id,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    metricsEnabled: true,
                    loggingLevel: logLevel,
                    dataTraceEnabled: false,
                    throttlingRateLimit: throttle.rateLimit,
                    throttlingBurstLimit: throttle.burstLimit,
                    ...(args.cache ? cacheProtection : {}),
                },
            },
            { parent: this, dependsOn: account ? [account] : [] },
        );
        for (const plan of plans) {
            const route = plan.args;
            if (!route.cache && !route.throttle) continue;
            new aws.apigateway.MethodSettings(
                `${name}-settings-${plan.slug}`,
                {
                    restApi: restApi.id,
                    stageName: this.stage.stageName,
                    methodPath: methodSettingsPath(plan.method, plan.path),
                    settings: {
                        metricsEnabled: true,
                        loggingLevel: logLevel,
                        throttlingRateLimit: route.throttle?.rateLimit ?? throttle.rateLimit,
                        throttlingBurstLimit: route.throttle?.burstLimit ?? throttle.burstLimit,
                        ...(route.cache ? { ...cacheProtection, cachingEnabled: true, cacheTtlInSeconds: route.cache.ttlSeconds ?? cacheTtl } : args.cache ? cacheProtection : {}),
                    },
                },
                // Overrides after the stage-wide settings, which they refine.
                { parent: this, dependsOn: [stageSettings] },
            );
        }

        const apiKeyValues: Record<string, pulumi.Output<string>> = {};
        for (const [planName, plan] of Object.entries(args.usagePlans ?? {})) {
            const usagePlan = new aws.apigateway.UsagePlan(
                `${name}-plan-${planName}`,
                {
                    apiStages: [{ apiId: restApi.id, stage: this.stage.stageName }],
                    throttleSettings: plan.throttle && { rateLimit: plan.throttle.rateLimit, burstLimit: plan.throttle.burstLimit },
                    quotaSettings: plan.quota && { limit: plan.quota.limit, period: plan.quota.period },
                    tags: args.tags,
                },
                parent,
            );
            for (const keyName of plan.apiKeys) {
                const key = new aws.apigateway.ApiKey(`${name}-key-${keyName}`, { enabled: true, tags: args.tags }, parent);
                new aws.apigateway.UsagePlanKey(`${name}-plan-${planName}-key-${keyName}`, { keyId: key.id, keyType: "API_KEY", usagePlanId: usagePlan.id }, parent);
                apiKeyValues[keyName] = pulumi.secret(key.value);
            }
        }
        this.apiKeyValues = apiKeyValues;

        if (args.domain) {
            const regional = endpointType !== "EDGE";
            const domain = new aws.apigateway.DomainName(
                `${name}-domain`,
                {
                    domainName: args.domain.domainName,
                    endpointConfiguration: { types: regional ? "REGIONAL" : "EDGE" },
                    regionalCertificateArn: regional ? args.domain.certificateArn : undefined,
                    certificateArn: regional ? undefined : args.domain.certificateArn,
                    securityPolicy: "TLS_1_2",
                    tags: args.tags,
                },
                parent,
            );
            new aws.apigateway.BasePathMapping(
                `${name}-base-path`,
                { restApi: restApi.id, stageName: this.stage.stageName, domainName: domain.domainName, basePath: args.domain.basePath },
                parent,
            );
            this.domainTarget = regional ? domain.regionalDomainName : domain.cloudfrontDomainName;
        }
        if (args.webAclArn !== undefined) {
            new aws.wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: this.stage.arn, webAclArn: args.webAclArn }, parent);
        }

        this.url = this.stage.invokeUrl;
        this.apiId = restApi.id;
        this.stageName = this.stage.stageName;
        this.executionArn = this.stage.executionArn;
        this.registerOutputs({
            url: this.url,
            apiId: this.apiId,
            stageName: this.stageName,
            executionArn: this.executionArn,
            domainTarget: this.domainTarget,
            // The routes declared `authorization: "none"`: the offline rules treat them as public by choice.
            publicRoutes: plans.filter((p) => p.authorization === "none").map((p) => `${p.method} ${p.path}`),
        });
    }

    /** The integration of one route, with its role, responses and permission. */
    private integrationFor(
        name: string,
        plan: RoutePlan,
        ctx: {
            restApi: aws.apigateway.RestApi;
            resourceId: pulumi.Output<string>;
            method: aws.apigateway.Method;
            partition: pulumi.Output<string>;
            region: pulumi.Output<string>;
            accountId: pulumi.Output<string>;
            stageName: string;
            cacheKey: string[];
            pathParameters: string[];
            corsOrigins: string[];
        },
    ): { integration: aws.apigateway.Integration; role?: aws.iam.Role; extra: pulumi.Resource[]; definition: pulumi.Input<unknown> } {
        const route = plan.args;
        const parent = { parent: this };
        const base = {
            restApi: ctx.restApi.id,
            resourceId: ctx.resourceId,
            httpMethod: ctx.method.httpMethod,
            cacheKeyParameters: ctx.cacheKey.length > 0 ? ctx.cacheKey : undefined,
            cacheNamespace: ctx.cacheKey.length > 0 ? ctx.resourceId : undefined,
        };
        const logical = `${name}-integration-${plan.slug}`;
        // Path parameters reach the backend under the same names.
        const forwardPath = Object.fromEntries(ctx.pathParameters.map((p) => [`integration.request.path.${p}`, `method.request.path.${p}`]));

        if (route.lambda) {
            const integration = new aws.apigateway.Integration(
                logical,
                { ...base, type: "AWS_PROXY", integrationHttpMethod: "POST", uri: lambdaInvokeUri(ctx.partition, ctx.region, route.lambda.functionArn) },
                parent,
            );
            // Only this stage, this method and this path may invoke the function.
            const arnPath = plan.path.replace(/\{[^}]+\}/g, "*");
            new aws.lambda.Permission(
                `${name}-invoke-${plan.slug}`,
                {
                    action: actions.lambdaInvoke,
                    function: route.lambda.functionArn,
                    principal: "apigateway.amazonaws.com",
                    sourceArn: pulumi.interpolate`${ctx.restApi.executionArn}/${ctx.stageName}/${plan.method === "ANY" ? "*" : plan.method}${arnPath}`,
                },
                parent,
            );
            return { integration, extra: [], definition: { lambda: route.lambda.functionArn } };
        }
        if (route.http) {
            const integration = new aws.apigateway.Integration(
                logical,
                {
                    ...base,
                    type: "HTTP_PROXY",
                    integrationHttpMethod: plan.method,
                    uri: route.http.url,
                    requestParameters: Object.keys(forwardPath).length > 0 ? forwardPath : undefined,
                    timeoutMilliseconds: route.http.timeoutMilliseconds,
                },
                parent,
            );
            return { integration, extra: [], definition: { http: route.http.url, timeout: route.http.timeoutMilliseconds } };
        }

        if (route.mock) {
            const statusCode = String(route.mock.statusCode ?? 200);
            const integration = new aws.apigateway.Integration(
                logical,
                { ...base, type: "MOCK", requestTemplates: { "application/json": `{"statusCode": ${statusCode}}` } },
                parent,
            );
            const methodResponse = new aws.apigateway.MethodResponse(
                `${name}-response-${plan.slug}-${statusCode}`,
                {
                    restApi: ctx.restApi.id,
                    resourceId: ctx.resourceId,
                    httpMethod: ctx.method.httpMethod,
                    statusCode,
                    responseParameters: ctx.corsOrigins.length > 0 ? { "method.response.header.Access-Control-Allow-Origin": false } : undefined,
                },
                parent,
            );
            const corsTemplate = ctx.corsOrigins.length > 1 ? `${allowListedOrigin(ctx.corsOrigins)}\n` : "";
            const response = new aws.apigateway.IntegrationResponse(
                `${name}-integration-response-${plan.slug}-${statusCode}`,
                {
                    restApi: ctx.restApi.id,
                    resourceId: ctx.resourceId,
                    httpMethod: ctx.method.httpMethod,
                    statusCode,
                    responseParameters: corsResponseHeaders(ctx.corsOrigins, "method"),
                    responseTemplates: { "application/json": `${corsTemplate}${JSON.stringify(route.mock.body)}` },
                },
                { parent: this, dependsOn: [methodResponse, integration] },
            );
            return { integration, extra: [methodResponse, response], definition: { mock: route.mock } };
        }

        // AWS-service integrations: a role of their own, allowed exactly the route's action on its resource.
        const service = awsServiceIntegration(plan, ctx.partition, ctx.region, ctx.accountId);
        // Role names are limited to 64 characters: the route is named by a hash here, and in full in the description.
        const role = new aws.iam.Role(
            `${name}-role-${sha(plan.key)}`,
            {
                description: `API Gateway route ${plan.key} of ${name}`,
                assumeRolePolicy: policyJson([{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: [...actions.assumeRole] }]),
            },
            parent,
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-${sha(plan.key)}-policy`,
            { role: role.name, policy: pulumi.output(service.statements).apply((statements) => policyJson(statements)) },
            parent,
        );
        const integration = new aws.apigateway.Integration(
            logical,
            {
                ...base,
                type: "AWS",
                integrationHttpMethod: service.httpMethod,
                uri: service.uri,
                credentials: role.arn,
                passthroughBehavior: service.requestTemplates ? "NEVER" : "WHEN_NO_TEMPLATES",
                // Service URIs name no path parameters (S3 maps its own); templates read them with $input.params().
                requestParameters: service.requestParameters,
                requestTemplates: service.requestTemplates,
            },
            // API Gateway checks that it may pass the role; the policy must be in place for the first call.
            { parent: this, dependsOn: [rolePolicy] },
        );
        const extra: pulumi.Resource[] = [];
        const corsHeader = corsResponseHeaders(ctx.corsOrigins, "method");
        // With several origins the response picks the caller's origin from the list in a template
        // (validation keeps S3 downloads, whose bodies a template would rewrite, to one origin).
        const corsTemplate = ctx.corsOrigins.length > 1 ? `${allowListedOrigin(ctx.corsOrigins)}\n` : "";
        for (const [statusCode, selectionPattern] of [["200", undefined], ["400", "4\\d{2}"], ["500", "5\\d{2}"]] as const) {
            const methodResponse = new aws.apigateway.MethodResponse(
                `${name}-response-${plan.slug}-${statusCode}`,
                {
                    restApi: ctx.restApi.id,
                    resourceId: ctx.resourceId,
                    httpMethod: ctx.method.httpMethod,
                    statusCode,
                    responseParameters: ctx.corsOrigins.length > 0 ? { "method.response.header.Access-Control-Allow-Origin": false } : undefined,
                },
                parent,
            );
            extra.push(
                methodResponse,
                new aws.apigateway.IntegrationResponse(
                    `${name}-integration-response-${plan.slug}-${statusCode}`,
                    {
                        restApi: ctx.restApi.id,
                        resourceId: ctx.resourceId,
                        httpMethod: ctx.method.httpMethod,
                        statusCode,
                        selectionPattern,
                        responseParameters: corsHeader,
                        responseTemplates: corsTemplate
                            ? { "application/json": `${corsTemplate}${(statusCode === "200" && service.responseTemplates?.["application/json"]) || "$input.body"}` }
                            : statusCode === "200"
                              ? service.responseTemplates
                              : undefined,
                    },
                    { parent: this, dependsOn: [methodResponse, integration] },
                ),
            );
        }
        return { integration, role, extra, definition: service.definition };
    }
}

/** What an AWS-service route calls, and the one permission its role needs. Internal. */
function awsServiceIntegration(
    plan: RoutePlan,
    partition: pulumi.Output<string>,
    region: pulumi.Output<string>,
    accountId: pulumi.Output<string>,
): {
    uri: pulumi.Output<string>;
    httpMethod: string;
    statements: pulumi.Input<PolicyStatement[]>;
    requestParameters?: Record<string, string>;
    requestTemplates?: Record<string, pulumi.Input<string>>;
    responseTemplates?: Record<string, string>;
    definition: pulumi.Input<unknown>;
} {
    const route = plan.args;
    const service = (svc: string, rest: pulumi.Input<string>) => pulumi.interpolate`arn:${partition}:apigateway:${region}:${svc}:${rest}`;
    if (route.s3) {
        const { bucket, operation } = route.s3;
        const prefix = bucket.prefixes?.private ?? "private/";
        // The owner segment comes from the authorizer, never from the request.
        const owner = plan.authorization === "cognito" ? "context.authorizer.claims.sub" : "context.identity.cognitoIdentityId";
        const ownerTemplate = plan.authorization === "cognito" ? "$context.authorizer.claims.sub" : "$context.identity.cognitoIdentityId";
        const objects = pulumi.interpolate`${bucket.bucketArn}/${prefix}*`;
        const statements: PolicyStatement[] =
            operation === "list"
                ? [{ Sid: "ListUserPrefixes", Effect: "Allow", Action: [...actions.apiS3.list], Resource: [bucket.bucketArn], Condition: { StringLike: { "s3:prefix": [`${prefix}*`] } } }]
                : [{ Sid: `${operation[0].toUpperCase()}${operation.slice(1)}UserObjects`, Effect: "Allow", Action: [...actions.apiS3[operation]], Resource: [objects] }];
        // A SecureUserBucket always has the output, undefined without a customer key: decide on its value.
        const withKey = pulumi.output(bucket.kmsKeyArn).apply((keyArn): PolicyStatement[] =>
            keyArn
                ? [
                      ...statements,
                      {
                          Sid: "UseBucketKeyThroughS3",
                          Effect: "Allow",
                          Action: operation === "put" ? [...actions.kmsEncrypt] : [...actions.kmsDecrypt],
                          Resource: [keyArn],
                          Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` } },
                      },
                  ]
                : statements,
        );
        if (operation === "list") {
            return {
                uri: service("s3", pulumi.interpolate`path/${bucket.bucketName}`),
                httpMethod: "GET",
                statements: withKey,
                // Parameter mappings cannot concatenate, so a template override builds the prefix.
                requestTemplates: { "application/json": `#set($context.requestOverride.querystring.prefix = "${prefix}${ownerTemplate}/")\n{}` },
                definition: { s3: bucket.bucketName, operation, prefix, owner },
            };
        }
        return {
            uri: service("s3", pulumi.interpolate`path/${bucket.bucketName}/${prefix}{owner}/{key}`),
            httpMethod: { get: "GET", put: "PUT", delete: "DELETE" }[operation],
            statements: withKey,
            requestParameters: {
                "integration.request.path.owner": owner,
                "integration.request.path.key": "method.request.path.key",
                ...(operation === "put" ? { "integration.request.header.Content-Type": "method.request.header.Content-Type" } : {}),
            },
            definition: { s3: bucket.bucketName, operation, prefix, owner },
        };
    }
    if (route.stepFunctions) {
        const sync = route.stepFunctions.express ?? false;
        const arn = route.stepFunctions.stateMachineArn;
        return {
            uri: service(sync ? "sync-states" : "states", `action/${sync ? "StartSyncExecution" : "StartExecution"}`),
            httpMethod: "POST",
            statements: [{ Sid: "StartThisMachine", Effect: "Allow", Action: [...(sync ? actions.startSyncExecution : actions.startExecution)], Resource: [arn] }],
            // escapeJavaScript also escapes apostrophes, which JSON does not allow: undo that one.
            requestTemplates: { "application/json": pulumi.interpolate`{"stateMachineArn": "${arn}", "input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'", "'")"}` },
            definition: { stepFunctions: arn, sync },
        };
    }
    if (route.sqs) {
        const queueArn = route.sqs.queueArn;
        const path = pulumi.output(queueArn).apply((a) => {
            const [, , , , account, queue] = a.split(":");
            return `path/${account}/${queue}`;
        });
        return {
            uri: service("sqs", path),
            httpMethod: "POST",
            statements: [{ Sid: "SendToThisQueue", Effect: "Allow", Action: [...actions.sqsSend], Resource: [queueArn] }],
            requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" },
            requestTemplates: { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)" },
            definition: { sqs: queueArn, account: accountId },
        };
    }
    const table = route.dynamodb!;
    const resources: pulumi.Input<string>[] = [table.tableArn];
    if (table.operation === "Query" && table.indexName) resources.push(pulumi.interpolate`${table.tableArn}/index/${table.indexName}`);
    return {
        uri: service("dynamodb", `action/${table.operation}`),
        httpMethod: "POST",
        statements: [{ Sid: `${table.operation}OnThisTable`, Effect: "Allow", Action: [...actions.apiDynamoDb[table.operation]], Resource: resources }],
        requestTemplates: { "application/json": table.requestTemplate },
        responseTemplates: table.responseTemplate ? { "application/json": table.responseTemplate } : undefined,
        definition: { dynamodb: table.tableArn, operation: table.operation, template: table.requestTemplate, response: table.responseTemplate, index: table.indexName },
    };
}

/** The URI API Gateway invokes a Lambda function by. */
function lambdaInvokeUri(partition: pulumi.Output<string>, region: pulumi.Output<string>, functionArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** Settings every cached method gets (FSBP APIGateway.5, CKV_AWS_308). */
const cacheProtection = {
    cacheDataEncrypted: true,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403",
};

/** The JSON access log line: who called what, from where, with which result and how fast. */
const ACCESS_LOG_FORMAT = {
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    path: "$context.path",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integrationLatency",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    userSub: "$context.authorizer.claims.sub",
    principalId: "$context.authorizer.principalId",
    cognitoIdentityId: "$context.identity.cognitoIdentityId",
    caller: "$context.identity.caller",
    apiKeyId: "$context.identity.apiKeyId",
    errorMessage: "$context.error.message",
    errorType: "$context.error.responseType",
    authorizerError: "$context.authorizer.error",
    integrationError: "$context.integration.error",
    xrayTraceId: "$context.xrayTraceId",
};

/**
 * CORS headers for a response. One origin is sent as is; with several, the request's `Origin` is
 * echoed (with `Vary: Origin`) only where a response cannot choose among them: gateway error
 * responses, whose bodies hold no user data. Preflights check the origin against the list.
 */
function corsResponseHeaders(origins: string[], kind: "gatewayresponse" | "method"): Record<string, string> | undefined {
    if (origins.length === 0) return undefined;
    const prefix = kind === "gatewayresponse" ? "gatewayresponse.header" : "method.response.header";
    if (origins.length === 1) return { [`${prefix}.Access-Control-Allow-Origin`]: `'${origins[0]}'` };
    if (kind === "gatewayresponse") return { [`${prefix}.Access-Control-Allow-Origin`]: "method.request.header.Origin", [`${prefix}.Vary`]: "'Origin'" };
    return undefined;
}

/** The OPTIONS route of a path: a mock integration that answers allowed origins only. */
function preflight(
    name: string,
    restApi: aws.apigateway.RestApi,
    resourceId: pulumi.Output<string>,
    path: string,
    methods: HttpMethod[],
    origins: string[],
    parent: pulumi.Resource,
): pulumi.Resource[] {
    const slug = slugOf(`OPTIONS ${path}`);
    const opts = { parent };
    const method = new aws.apigateway.Method(`${name}-method-${slug}`, { restApi: restApi.id, resourceId, httpMethod: "OPTIONS", authorization: "NONE" }, opts);
    const integration = new aws.apigateway.Integration(
        `${name}-integration-${slug}`,
        { restApi: restApi.id, resourceId, httpMethod: method.httpMethod, type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } },
        opts,
    );
    const allowMethods = methods.includes("ANY") ? "GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS" : [...new Set([...methods, "OPTIONS"])].join(",");
    const headers = {
        "method.response.header.Access-Control-Allow-Headers": "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key'",
        "method.response.header.Access-Control-Allow-Methods": `'${allowMethods}'`,
        "method.response.header.Access-Control-Max-Age": "'600'",
        "method.response.header.Vary": "'Origin'",
    };
    const methodResponse = new aws.apigateway.MethodResponse(
        `${name}-response-${slug}-200`,
        {
            restApi: restApi.id,
            resourceId,
            httpMethod: method.httpMethod,
            statusCode: "200",
            responseParameters: { ...Object.fromEntries(Object.keys(headers).map((k) => [k, false])), "method.response.header.Access-Control-Allow-Origin": false },
        },
        opts,
    );
    const template = allowListedOrigin(origins);
    const integrationResponse = new aws.apigateway.IntegrationResponse(
        `${name}-integration-response-${slug}-200`,
        { restApi: restApi.id, resourceId, httpMethod: method.httpMethod, statusCode: "200", responseParameters: headers, responseTemplates: { "application/json": template } },
        { parent, dependsOn: [methodResponse, integration] },
    );
    return [method, integration, methodResponse, integrationResponse];
}

/** A template fragment that echoes the caller's `Origin` only when it is on the list; any other origin gets no CORS header. */
function allowListedOrigin(origins: string[]): string {
    return [
        '#set($origin = $input.params().header.get("Origin"))',
        `#if(${origins.map((o) => `$origin == "${o}"`).join(" || ")})`,
        "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
        "#end",
    ].join("\n");
}

/** The resource policy of a PRIVATE API: calls only through the listed VPC endpoints. */
function privateApiPolicy(vpcEndpointIds: pulumi.Input<string>[]): pulumi.Output<string> {
    return policyJson([
        { Sid: "InvokeThroughTheseEndpoints", Effect: "Allow", Principal: "*", Action: ["execute-api:Invoke"], Resource: ["execute-api:/*"] },
        {
            Sid: "NothingElse",
            Effect: "Deny",
            Principal: "*",
            Action: ["execute-api:Invoke"],
            Resource: ["execute-api:/*"],
            Condition: { StringNotEquals: { "aws:SourceVpce": vpcEndpointIds } },
        },
    ]);
}
