import {
    ACCOUNT_LOG_ROLE_MODES,
    ApiEndpointType,
    CACHE_CONTROL_STRATEGIES,
    CACHE_SIZES,
    DefaultAuthorization,
    DynamoDbOperation,
    ExecutionLogLevel,
    HttpMethod,
    LambdaAuthorizerType,
    LOG_RETENTION_DAYS,
    MockStatusCode,
    QuotaPeriod,
    RouteAuthorization,
    S3RouteOperation,
} from "./args";
import type { AuthorizedApiArgs, RouteArgs, Throttle } from "./args";
import { checkShapes, isPlain, isRecord, Issues, originProblem, Shape } from "../validation";
import { CALLER_REFERENCES } from "./caller";
import { LAMBDA_FUNCTION_ARN, RESOURCE_KEY } from "../shared/contract";

const COMPONENT = "AuthorizedApi";
// The allowed values of each enum-typed field, from the enums themselves, so that what the schema
// offers and what validation accepts cannot drift apart.
const METHODS: readonly HttpMethod[] = Object.values(HttpMethod);
const AUTHORIZATIONS: readonly string[] = Object.values(RouteAuthorization);
const DEFAULT_AUTHORIZATIONS: readonly string[] = Object.values(DefaultAuthorization);
const S3_OPERATIONS: readonly string[] = Object.values(S3RouteOperation);
const DYNAMODB_OPERATIONS: readonly string[] = Object.values(DynamoDbOperation);
const MOCK_STATUS_CODES: readonly number[] = Object.values(MockStatusCode);
const AUTHORIZER_TYPES: readonly string[] = Object.values(LambdaAuthorizerType);
const ENDPOINT_TYPES: readonly string[] = Object.values(ApiEndpointType);
const LOG_LEVELS: readonly string[] = Object.values(ExecutionLogLevel);
const QUOTA_PERIODS: readonly string[] = Object.values(QuotaPeriod);

/** `a, b or c`, as the messages list allowed values. */
function oneOf(values: readonly (string | number)[]): string {
    return values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}
const KEY = RESOURCE_KEY;
const KEY_RULE = "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit";
const INTEGRATIONS = ["lambda", "http", "s3", "stepFunctions", "sqs", "dynamodb", "mock"] as const;
const S3_METHODS = { get: "GET", put: "PUT", delete: "DELETE", list: "GET" } as const satisfies Record<S3RouteOperation, HttpMethod>;

/** `"GET /photos/{id}"` as method and path, or undefined when the key is not of that form. Internal. */
export function parseRouteKey(key: string): { method: HttpMethod; path: string } | undefined {
    const match = /^([A-Z]+) (\/\S*)$/.exec(key);
    if (!match || !METHODS.includes(match[1] as HttpMethod)) return undefined;
    return { method: match[1] as HttpMethod, path: match[2] };
}

/** What is wrong with a resource path, if anything. */
function pathProblem(path: string): string | undefined {
    if (path === "/") return undefined;
    if (path.endsWith("/")) return "must not end with \"/\"";
    const segments = path.slice(1).split("/");
    const names = new Set<string>();
    for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        const param = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/.exec(segment);
        if (param) {
            if (param[2] && i !== segments.length - 1) return "may have a greedy parameter ({name+}) only as its last segment";
            if (names.has(param[1])) return `must not repeat the parameter {${param[1]}}`;
            names.add(param[1]);
        } else if (!/^[A-Za-z0-9._:-]+$/.test(segment)) {
            return "segments must be letters, digits, . _ - : or a {parameter}";
        }
    }
    return undefined;
}

function pathParameters(path: string): string[] {
    return [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]);
}

function checkThrottle(issues: Issues, field: string, throttle: Throttle | undefined): void {
    if (throttle === undefined) return;
    if (!(typeof throttle.rateLimit === "number" && Number.isFinite(throttle.rateLimit) && throttle.rateLimit > 0)) {
        issues.add(`${field}.rateLimit`, "must be a number of requests per second above 0", throttle.rateLimit);
    }
    if (!(Number.isInteger(throttle.burstLimit) && throttle.burstLimit >= 1)) {
        issues.add(`${field}.burstLimit`, "must be a whole number of requests, at least 1", throttle.burstLimit);
    }
}

function checkParameterName(issues: Issues, field: string, parameter: string, path: string): void {
    const match = /^method\.request\.(path|querystring|header)\.([A-Za-z0-9._-]+)$/.exec(parameter);
    if (!match) {
        issues.add(field, "must be method.request.path.<name>, method.request.querystring.<name> or method.request.header.<name>", parameter);
    } else if (match[1] === "path" && !pathParameters(path).includes(match[2])) {
        issues.add(field, `names a path parameter that is not in the path ${path}`, parameter);
    }
}

function checkRoute(issues: Issues, key: string, route: RouteArgs, args: AuthorizedApiArgs): void {
    const at = `routes["${key}"]`;
    const parsed = parseRouteKey(key);
    if (!parsed) {
        issues.add("routes", `keys must be "<METHOD> <path>" with METHOD one of ${METHODS.join(", ")}, such as "GET /photos/{id}"`, key);
        return;
    }
    const problem = pathProblem(parsed.path);
    if (problem) issues.add(at, `path ${problem}`, parsed.path);
    const { method, path } = parsed;
    if (method === "OPTIONS" && (args.corsOrigins ?? []).length > 0) {
        issues.add(at, "cannot be declared while corsOrigins is set: the component answers OPTIONS preflights itself", key);
    }

    const chosen = INTEGRATIONS.filter((i) => route?.[i] !== undefined);
    if (chosen.length !== 1) {
        issues.add(at, `must have exactly one integration: ${INTEGRATIONS.join(", ")}`, chosen);
    }

    const authorization = route.authorization ?? args.defaultAuthorization;
    if (authorization === undefined) {
        issues.add(`${at}.authorization`, "must be set (cognito, iam or lambda), or \"none\" to make the route public on purpose; there is no public default", undefined);
    } else if (!AUTHORIZATIONS.includes(authorization)) {
        issues.add(`${at}.authorization`, `must be one of ${AUTHORIZATIONS.join(", ")}`, authorization);
    }
    if (authorization === "cognito" && args.userPoolArn === undefined) issues.add(`${at}.authorization`, "\"cognito\" needs userPoolArn", authorization);
    if (authorization === "lambda") {
        if (route.authorizer === undefined) issues.add(`${at}.authorizer`, "must name one of lambdaAuthorizers for authorization \"lambda\"", undefined);
        else if (!(route.authorizer in (args.lambdaAuthorizers ?? {}))) {
            issues.add(`${at}.authorizer`, `must name one of lambdaAuthorizers (${Object.keys(args.lambdaAuthorizers ?? {}).join(", ") || "none defined"})`, route.authorizer);
        }
    } else if (route.authorizer !== undefined) {
        issues.add(`${at}.authorizer`, "applies only with authorization \"lambda\"", route.authorizer);
    }
    if (route.scopes !== undefined) {
        if (authorization !== "cognito") issues.add(`${at}.scopes`, `apply only to Cognito routes (this route's authorization is ${JSON.stringify(authorization)})`, route.scopes);
        else if (!Array.isArray(route.scopes) || route.scopes.length === 0 || route.scopes.some((s) => typeof s !== "string" || !/^\S{1,256}$/.test(s))) {
            issues.add(`${at}.scopes`, "must list scope names such as https://api.acme.dev/photos.read", route.scopes);
        }
    }
    if (route.apiKeyRequired && Object.keys(args.usagePlans ?? {}).length === 0) {
        issues.add(`${at}.apiKeyRequired`, "needs a usage plan with API keys (usagePlans)", true);
    }

    if (route.cache !== undefined) {
        if (args.cache === undefined) issues.add(`${at}.cache`, "needs the stage cache (cache: { size })", route.cache);
        if (method !== "GET") issues.add(`${at}.cache`, "applies only to GET routes", method);
        const ttl = route.cache.ttlSeconds;
        if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 0 && ttl <= 3600)) issues.add(`${at}.cache.ttlSeconds`, "must be a whole number of seconds from 0 to 3600", ttl);
        (route.cache.keyParameters ?? []).forEach((p, i) => checkParameterName(issues, `${at}.cache.keyParameters[${i}]`, p, path));
        const strategy = route.cache.unauthorizedCacheControl;
        if (strategy !== undefined && !(CACHE_CONTROL_STRATEGIES as readonly string[]).includes(strategy)) {
            issues.add(`${at}.cache.unauthorizedCacheControl`, `must be one of ${CACHE_CONTROL_STRATEGIES.join(", ")}`, strategy);
        }
        // The per-user cache rule: an authorized route caches per caller, or not at all.
        if (authorization === "iam") {
            issues.add(
                `${at}.cache`,
                "cannot cache an IAM route: SigV4 callers have no request parameter that names them, so one caller's response would be served to another",
                route.cache,
            );
        } else if (authorization === "lambda" && route.authorizer && args.lambdaAuthorizers?.[route.authorizer]) {
            const sources = args.lambdaAuthorizers[route.authorizer].identitySources ?? ["method.request.header.Authorization"];
            if (!sources.some((s) => /^method\.request\.(header|querystring)\./.test(s))) {
                issues.add(
                    `${at}.cache`,
                    `cannot cache a route whose authorizer ${route.authorizer} has no header or query string identity source to put in the cache key: one caller's response would be served to another`,
                    sources,
                );
            }
        }
    }
    checkThrottle(issues, `${at}.throttle`, route.throttle);
    for (const parameter of Object.keys(route.requestParameters ?? {})) checkParameterName(issues, `${at}.requestParameters`, parameter, path);
    if (route.requestSchema !== undefined && (typeof route.requestSchema !== "object" || route.requestSchema === null || Array.isArray(route.requestSchema))) {
        issues.add(`${at}.requestSchema`, "must be a JSON schema object", route.requestSchema);
    } else if (route.requestSchema !== undefined && ["GET", "HEAD", "DELETE", "OPTIONS"].includes(method)) {
        issues.add(`${at}.requestSchema`, `does not apply to ${method}, which has no body`, method);
    }

    if (route.lambda && isPlain(route.lambda.functionArn) && !LAMBDA_FUNCTION_ARN.test(route.lambda.functionArn)) {
        issues.add(`${at}.lambda.functionArn`, "must be a Lambda function ARN", route.lambda.functionArn);
    }
    if (route.http) {
        if (typeof route.http.url !== "string" || !/^https:\/\/[^\s/]+(\/\S*)?$/.test(route.http.url)) issues.add(`${at}.http.url`, "must be an https:// URL", route.http.url);
        const timeout = route.http.timeoutMilliseconds;
        if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 50 && timeout <= 29000)) issues.add(`${at}.http.timeoutMilliseconds`, "must be a whole number from 50 to 29000", timeout);
        for (const p of pathParameters(path)) {
            if (!route.http.url?.includes(`{${p}}`)) issues.add(`${at}.http.url`, `must place the path parameter {${p}}, or it is lost`, route.http.url);
        }
    }
    if (route.s3) {
        const { operation, bucket } = route.s3;
        if (!S3_OPERATIONS.includes(operation)) {
            issues.add(`${at}.s3.operation`, `must be one of ${S3_OPERATIONS.join(", ")}`, operation);
        } else {
            if (method !== S3_METHODS[operation]) issues.add(`${at}.s3.operation`, `"${operation}" needs method ${S3_METHODS[operation]}`, method);
            const last = path.split("/").pop();
            if (operation === "list" && pathParameters(path).includes("key")) issues.add(at, "s3 \"list\" lists the caller's whole prefix and takes no {key}", path);
            if (operation !== "list" && last !== "{key}" && last !== "{key+}") issues.add(at, `s3 "${operation}" needs a path ending in {key} or {key+}, the object key under the caller's prefix`, path);
        }
        // The owner segment of the key must line up with how the bucket keys user prefixes.
        if (authorization === "cognito" && bucket?.ownerPrincipalTag === undefined) {
            issues.add(
                `${at}.s3`,
                "with a Cognito authorizer keys objects by the user pool sub, but the bucket (no ownerPrincipalTag) keys prefixes by the identity pool identity id: use authorization \"iam\", or a bucket with ownerPrincipalTag mapped from sub",
                bucket?.ownerPrincipalTag,
            );
        } else if (authorization === "iam" && bucket?.ownerPrincipalTag !== undefined) {
            issues.add(
                `${at}.s3`,
                `with IAM authorization keys objects by the identity pool identity id, but the bucket keys prefixes by the session tag "${bucket.ownerPrincipalTag}": use authorization "cognito"`,
                bucket.ownerPrincipalTag,
            );
        } else if (authorization !== undefined && authorization !== "cognito" && authorization !== "iam") {
            issues.add(`${at}.s3`, "needs authorization \"cognito\" or \"iam\": the object key is built from the caller's identity", authorization);
        }
        // The owner tag must come from the claim this route keys objects by (SECURITY.md, known
        // mistake 11). A grant with identities tells the bucket which claim that is; a later grant
        // is told this route's claim by `requireOwnerClaims` below.
        if (authorization === "cognito" && bucket?.ownerPrincipalTag !== undefined && bucket.ownerClaim !== undefined && bucket.ownerClaim !== "sub") {
            issues.add(
                `${at}.s3.bucket`,
                `keys prefixes by the owner tag "${bucket.ownerPrincipalTag}" mapped from the claim "${bucket.ownerClaim}", but a Cognito route keys objects by the user pool sub ($context.authorizer.claims.sub): map the owner tag from "sub"`,
                bucket.ownerClaim,
            );
        }
        if (operation === "get" && (args.corsOrigins ?? []).length > 1) {
            issues.add(`${at}.s3`, "\"get\" works with one corsOrigins entry only: choosing among several needs a response template, which would rewrite the downloaded bytes", args.corsOrigins);
        }
    }
    if (route.mock) {
        if (route.mock.statusCode !== undefined && !MOCK_STATUS_CODES.includes(route.mock.statusCode)) issues.add(`${at}.mock.statusCode`, `must be ${oneOf(MOCK_STATUS_CODES)}`, route.mock.statusCode);
        if (typeof route.mock.body !== "object" || route.mock.body === null || Array.isArray(route.mock.body)) issues.add(`${at}.mock.body`, "must be a JSON object", route.mock.body);
    }
    if (route.stepFunctions && method !== "POST") issues.add(`${at}.stepFunctions`, "needs method POST", method);
    if (route.stepFunctions && isPlain(route.stepFunctions.stateMachineArn) && !/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/.test(route.stepFunctions.stateMachineArn)) {
        issues.add(`${at}.stepFunctions.stateMachineArn`, "must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>)", route.stepFunctions.stateMachineArn);
    }
    if (route.sqs && method !== "POST") issues.add(`${at}.sqs`, "needs method POST", method);
    if (route.sqs && isPlain(route.sqs.queueArn) && !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(route.sqs.queueArn)) {
        issues.add(`${at}.sqs.queueArn`, "must be a queue ARN (arn:aws:sqs:<region>:<account>:<name>)", route.sqs.queueArn);
    }
    if (route.dynamodb && isPlain(route.dynamodb.tableArn) && !/^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/.test(route.dynamodb.tableArn)) {
        issues.add(`${at}.dynamodb.tableArn`, "must be a table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>)", route.dynamodb.tableArn);
    }
    if (route.dynamodb) {
        if (!DYNAMODB_OPERATIONS.includes(route.dynamodb.operation)) issues.add(`${at}.dynamodb.operation`, `must be one of ${DYNAMODB_OPERATIONS.join(", ")}`, route.dynamodb.operation);
        if (typeof route.dynamodb.requestTemplate !== "string" || route.dynamodb.requestTemplate.trim() === "") {
            issues.add(`${at}.dynamodb.requestTemplate`, "must be a mapping template that names the table and the key", route.dynamodb.requestTemplate);
        }
        if (route.dynamodb.indexName !== undefined && route.dynamodb.operation !== "Query") issues.add(`${at}.dynamodb.indexName`, "applies only to Query", route.dynamodb.indexName);
        // A write behind an authorizer is keyed by the caller, or any user could write any user's item.
        if (
            route.dynamodb.operation === "PutItem" &&
            authorization !== "none" &&
            typeof route.dynamodb.requestTemplate === "string" &&
            !CALLER_REFERENCES.some((reference) => route.dynamodb!.requestTemplate.includes(reference))
        ) {
            issues.add(
                `${at}.dynamodb.requestTemplate`,
                "must key a PutItem by the caller: use \"$callerId\" (set from the authorizer, never from the request), so that no request can write another user's item",
                route.dynamodb.requestTemplate.length > 80 ? `${route.dynamodb.requestTemplate.slice(0, 80)}...` : route.dynamodb.requestTemplate,
            );
        }
    }
}

/**
 * The containers the rules read inside (objects and lists) must be what they claim, or the rules
 * would fail with a TypeError: a wrong one is refused by name first, with everything else wrong
 * with the shapes.
 */
function checkArgumentShapes(issues: Issues, args: AuthorizedApiArgs): void {
    if (!isRecord(args as unknown)) {
        issues.add("args", "must be an object of AuthorizedApi arguments", args);
        issues.throwIfAny();
    }
    const shapes: [string, unknown, Shape][] = [
        ["routes", args.routes, "object"],
        ["lambdaAuthorizers", args.lambdaAuthorizers, "object"],
        ["usagePlans", args.usagePlans, "object"],
        ["cache", args.cache, "object"],
        ["throttle", args.throttle, "object"],
        ["domain", args.domain, "object"],
        ["tags", args.tags, "object"],
        ["corsOrigins", args.corsOrigins, "list"],
        ["vpcEndpointIds", args.vpcEndpointIds, "list"],
        ["binaryMediaTypes", args.binaryMediaTypes, "list"],
    ];
    for (const [key, route] of isRecord(args.routes) ? Object.entries(args.routes) : []) {
        const at = `routes["${key}"]`;
        shapes.push([at, route, "object"]);
        if (!isRecord(route)) continue;
        for (const field of ["lambda", "http", "s3", "stepFunctions", "sqs", "dynamodb", "mock", "cache", "throttle", "requestParameters"] as const) shapes.push([`${at}.${field}`, route[field], "object"]);
        if (isRecord(route.cache)) shapes.push([`${at}.cache.keyParameters`, route.cache.keyParameters, "list"]);
        if (isRecord(route.s3)) shapes.push([`${at}.s3.bucket`, route.s3.bucket, "object"]);
    }
    for (const [key, authorizer] of isRecord(args.lambdaAuthorizers) ? Object.entries(args.lambdaAuthorizers) : []) shapes.push([`lambdaAuthorizers.${key}`, authorizer, "object"]);
    for (const [key, plan] of isRecord(args.usagePlans) ? Object.entries(args.usagePlans) : []) {
        shapes.push([`usagePlans.${key}`, plan, "object"]);
        if (isRecord(plan)) shapes.push([`usagePlans.${key}.throttle`, plan.throttle, "object"], [`usagePlans.${key}.quota`, plan.quota, "object"]);
    }
    if (!checkShapes(issues, shapes)) issues.throwIfAny();
}

/** Internal. Exported for testing: the rules the component's arguments must meet, checked before anything is created. */
export function validateAuthorizedApiArgs(name: string, args: AuthorizedApiArgs): void {
    const issues = new Issues(COMPONENT, name);
    checkArgumentShapes(issues, args);
    // Child role names are `<name>-account-log-role-<7>` and `<name>-role-<8>-<7>`, at most 64 characters.
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,34}$/.test(name)) {
        issues.add("name", "must be 1-35 letters, digits, '-' or '_', starting with a letter or digit (it prefixes IAM role names)", name);
    }
    const routes = args?.routes ?? {};
    if (isPlain(args.userPoolArn) && !/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/.test(args.userPoolArn)) {
        issues.add("userPoolArn", "must be a user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>)", args.userPoolArn);
    }
    if (Object.keys(routes).length === 0) issues.add("routes", "must define at least one route", args?.routes);
    if (args.defaultAuthorization !== undefined && !DEFAULT_AUTHORIZATIONS.includes(args.defaultAuthorization)) {
        issues.add(
            "defaultAuthorization",
            `must be ${oneOf(DEFAULT_AUTHORIZATIONS)}: a public route must say authorization: "none" itself, and a Lambda route names its authorizer`,
            args.defaultAuthorization,
        );
    }

    // Duplicates: the same method on the same resource, where parameters count by position, not name.
    const seen = new Map<string, string>();
    const parameterAt = new Map<string, string>();
    for (const key of Object.keys(routes)) {
        const parsed = parseRouteKey(key);
        if (!parsed) continue;
        const shape = parsed.path.replace(/\{[^}]+\}/g, "{}");
        const id = `${parsed.method} ${shape}`;
        if (seen.has(id)) issues.add("routes", `declares the same route twice ("${seen.get(id)}" and "${key}")`, key);
        else seen.set(id, key);
        const segments = parsed.path.split("/").filter(Boolean);
        segments.forEach((segment, i) => {
            if (!segment.startsWith("{")) return;
            const position = `/${segments.slice(0, i).join("/")}`;
            const other = parameterAt.get(position);
            if (other !== undefined && other !== segment) {
                issues.add("routes", `name the parameter after ${position} differently (${other} and ${segment}); API Gateway allows one parameter per position`, key);
            }
            parameterAt.set(position, segment);
        });
    }
    for (const [key, route] of Object.entries(routes)) checkRoute(issues, key, route ?? {}, args);

    for (const [key, authorizer] of Object.entries(args.lambdaAuthorizers ?? {})) {
        const at = `lambdaAuthorizers.${key}`;
        if (!KEY.test(key)) issues.add("lambdaAuthorizers", `keys ${KEY_RULE}`, key);
        if (!AUTHORIZER_TYPES.includes(authorizer.type)) issues.add(`${at}.type`, `must be ${oneOf(AUTHORIZER_TYPES)}`, authorizer.type);
        const sources = authorizer.identitySources ?? ["method.request.header.Authorization"];
        if (!Array.isArray(sources) || sources.length === 0) {
            issues.add(`${at}.identitySources`, "must list at least one source", sources);
        } else {
            if (authorizer.type === "token" && (sources.length !== 1 || !/^method\.request\.header\.[A-Za-z0-9_-]+$/.test(sources[0]))) {
                issues.add(`${at}.identitySources`, "must be exactly one method.request.header.<name> for a token authorizer", sources);
            }
            for (const source of sources) {
                if (!/^(method\.request\.(header|querystring)\.[A-Za-z0-9._-]+|context\.[A-Za-z0-9.]+|stageVariables\.[A-Za-z0-9_]+)$/.test(source)) {
                    issues.add(`${at}.identitySources`, "entries must be method.request.header.<name>, method.request.querystring.<name>, context.<variable> or stageVariables.<name>", source);
                }
            }
        }
        const ttl = authorizer.resultTtlSeconds;
        if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 0 && ttl <= 3600)) issues.add(`${at}.resultTtlSeconds`, "must be a whole number of seconds from 0 to 3600", ttl);
        if (isPlain(authorizer.functionArn) && !LAMBDA_FUNCTION_ARN.test(authorizer.functionArn)) {
            issues.add(`${at}.functionArn`, "must be a Lambda function ARN", authorizer.functionArn);
        }
    }

    const origins = args.corsOrigins ?? [];
    origins.forEach((origin, i) => {
        const problem = originProblem(origin);
        if (problem) issues.add(`corsOrigins[${i}]`, problem, origin);
        else if (origin.includes("*")) issues.add(`corsOrigins[${i}]`, "must be an exact origin: the preflight compares origins literally", origin);
    });
    if (new Set(origins).size !== origins.length) issues.add("corsOrigins", "must not list an origin twice", origins);
    (args.binaryMediaTypes ?? []).forEach((type, i) => {
        // API Gateway matches binary media types against Content-Type and Accept, `*` as a wildcard.
        if (typeof type !== "string" || !/^[A-Za-z0-9*!#$&^_.+-]+\/[A-Za-z0-9*!#$&^_.+-]+$/.test(type)) issues.add(`binaryMediaTypes[${i}]`, "must be a media type such as image/* or application/octet-stream", type);
    });

    const endpointType = args.endpointType ?? "REGIONAL";
    if (!ENDPOINT_TYPES.includes(endpointType)) issues.add("endpointType", `must be ${oneOf(ENDPOINT_TYPES)}`, endpointType);
    if (endpointType === "PRIVATE" && (args.vpcEndpointIds === undefined || args.vpcEndpointIds.length === 0)) {
        issues.add("vpcEndpointIds", "must list the VPC endpoints a PRIVATE API is called through", args.vpcEndpointIds);
    }
    if (endpointType !== "PRIVATE" && args.vpcEndpointIds !== undefined) issues.add("vpcEndpointIds", `applies only to endpointType PRIVATE (this API is ${endpointType})`, args.vpcEndpointIds);
    (args.vpcEndpointIds ?? []).forEach((id, i) => {
        if (isPlain(id) && !/^vpce-[0-9a-f]{8,17}$/.test(id)) issues.add(`vpcEndpointIds[${i}]`, "must be a VPC endpoint id (vpce-...)", id);
    });

    if (args.stageName !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(args.stageName)) issues.add("stageName", "must be 1-128 letters, digits, '-' or '_'", args.stageName);
    checkThrottle(issues, "throttle", args.throttle);
    if (args.cache !== undefined) {
        if (!(CACHE_SIZES as readonly string[]).includes(args.cache.size)) issues.add("cache.size", `must be one of the sizes API Gateway offers (GB): ${CACHE_SIZES.join(", ")}`, args.cache.size);
        const ttl = args.cache.ttlSeconds;
        if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 0 && ttl <= 3600)) issues.add("cache.ttlSeconds", "must be a whole number of seconds from 0 to 3600", ttl);
    }
    if (args.accessLogRetentionDays !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(args.accessLogRetentionDays)) {
        issues.add("accessLogRetentionDays", `must be one of the retention periods CloudWatch Logs offers: ${LOG_RETENTION_DAYS.join(", ")}`, args.accessLogRetentionDays);
    }
    if (isPlain(args.logsKmsKeyArn) && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(args.logsKmsKeyArn)) {
        issues.add("logsKmsKeyArn", "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>); CloudWatch Logs does not take an alias", args.logsKmsKeyArn);
    }
    if (args.accountLogRole !== undefined && !(ACCOUNT_LOG_ROLE_MODES as readonly string[]).includes(args.accountLogRole)) {
        issues.add("accountLogRole", `must be one of ${ACCOUNT_LOG_ROLE_MODES.join(", ")}`, args.accountLogRole);
    } else if (args.manageAccountLogRole !== undefined && args.accountLogRole !== undefined && args.manageAccountLogRole !== (args.accountLogRole === "managed")) {
        issues.add("manageAccountLogRole", `contradicts accountLogRole "${args.accountLogRole}": set accountLogRole alone (manageAccountLogRole is deprecated)`, args.manageAccountLogRole);
    }
    if (args.executionLogLevel !== undefined && !LOG_LEVELS.includes(args.executionLogLevel)) {
        issues.add("executionLogLevel", `must be ${oneOf(LOG_LEVELS)} (AwsSolutions-APIG6 wants execution logs)`, args.executionLogLevel);
    }

    const keyNames = new Set<string>();
    for (const [planName, plan] of Object.entries(args.usagePlans ?? {})) {
        const at = `usagePlans.${planName}`;
        if (!KEY.test(planName)) issues.add("usagePlans", `keys ${KEY_RULE}`, planName);
        checkThrottle(issues, `${at}.throttle`, plan.throttle);
        if (plan.quota !== undefined) {
            if (!(Number.isInteger(plan.quota.limit) && plan.quota.limit > 0)) issues.add(`${at}.quota.limit`, "must be a whole number of requests above 0", plan.quota.limit);
            if (!QUOTA_PERIODS.includes(plan.quota.period)) issues.add(`${at}.quota.period`, `must be ${oneOf(QUOTA_PERIODS)}`, plan.quota.period);
        }
        if (!Array.isArray(plan.apiKeys) || plan.apiKeys.length === 0) issues.add(`${at}.apiKeys`, "must name at least one API key", plan.apiKeys);
        for (const keyName of plan.apiKeys ?? []) {
            if (!KEY.test(keyName)) issues.add(`${at}.apiKeys`, `entries ${KEY_RULE}`, keyName);
            else if (keyNames.has(keyName)) issues.add(`${at}.apiKeys`, "entries must be unique, within a plan and across plans", keyName);
            keyNames.add(keyName);
        }
    }

    if (args.domain !== undefined) {
        if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$/.test(args.domain.domainName)) issues.add("domain.domainName", "must be a lowercase DNS name such as api.acme.dev", args.domain.domainName);
        if (isPlain(args.domain.certificateArn)) {
            const match = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(args.domain.certificateArn);
            if (!match) issues.add("domain.certificateArn", "must be an ACM certificate ARN", args.domain.certificateArn);
            else if (endpointType === "EDGE" && match[1] !== "us-east-1") issues.add("domain.certificateArn", "must be in us-east-1 for an EDGE API (CloudFront serves it)", args.domain.certificateArn);
        }
        if (endpointType === "PRIVATE") issues.add("domain", "is not supported here for a PRIVATE API", args.domain.domainName);
        if (args.domain.basePath !== undefined && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(args.domain.basePath)) {
            issues.add("domain.basePath", "must be path segments of letters, digits, . _ - without leading or trailing '/'", args.domain.basePath);
        } else if (args.domain.basePath?.includes("/") && endpointType === "EDGE") {
            issues.add("domain.basePath", "may have several segments only on a REGIONAL API", args.domain.basePath);
        }
    }
    if (isPlain(args.webAclArn) && !/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/.+$/.test(args.webAclArn)) {
        issues.add("webAclArn", "must be a REGIONAL WAFv2 web ACL ARN", args.webAclArn);
    }
    issues.throwIfAny();
}

/**
 * Tells each bucket of a Cognito S3 route that this route keys objects by the user pool `sub`, so
 * that a grant made after the API cannot map the owner tag from another claim. Not pure: it records
 * the requirement on the buckets. Runs after `validateAuthorizedApiArgs`, before anything is created.
 */
export function requireOwnerClaims(name: string, args: AuthorizedApiArgs): void {
    const issues = new Issues(COMPONENT, name);
    for (const [key, route] of Object.entries(args.routes)) {
        const bucket = route.s3?.bucket;
        if ((route.authorization ?? args.defaultAuthorization) !== "cognito" || bucket?.ownerPrincipalTag === undefined || !bucket.requireOwnerClaim) continue;
        try {
            bucket.requireOwnerClaim("sub", `AuthorizedApi "${name}" route "${key}"`);
        } catch (e) {
            issues.add(`routes["${key}"].s3.bucket`, e instanceof Error ? e.message : String(e), bucket.ownerPrincipalTag);
        }
    }
    issues.throwIfAny();
}
