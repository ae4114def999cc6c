import { strict as assert } from "assert";
// The component's own modules rather than the package index, which also loads (and transpiles) every other component.
import {
    ACCOUNT_LOG_ROLE_MODES,
    AccountLogRoleMode,
    ApiEndpointType,
    AuthorizedApiArgs,
    CACHE_CONTROL_STRATEGIES,
    CACHE_SIZES,
    CacheControlStrategy,
    CacheSize,
    DefaultAuthorization,
    DynamoDbOperation,
    ExecutionLogLevel,
    HttpMethod,
    LambdaAuthorizerType,
    MockStatusCode,
    QuotaPeriod,
    RouteArgs,
    RouteAuthorization,
    S3RouteOperation,
} from "../../components/authorized-api";
import { validateAuthorizedApiArgs } from "../../components/authorized-api/validation";
import { UserBackendInputError } from "../../components/validation";

// The package schema types each set of allowed values as a named enum (components/authorized-api/args.ts).
// These specify that each enum offers exactly what validation accepts: every value of the enum passes
// in a configuration where it makes sense, and a value outside it is refused with the field's message.

const P = `AuthorizedApi "api":`;
const POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example1";
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:notes";
const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/notes";
const VPCE = "vpce-0123456789abcdef0";
const lambda: RouteArgs = { lambda: { functionArn: FUNCTION } };
const subBucket = { bucketName: "photos-bucket", bucketArn: "arn:aws:s3:::photos-bucket", ownerPrincipalTag: "sub" };

/** A valid API with Cognito by default, one route (`GET /notes` unless another key is given), and some fields added or replaced. */
function one(route: RouteArgs, extra: Partial<Record<keyof AuthorizedApiArgs, unknown>> = {}, key = "GET /notes"): AuthorizedApiArgs {
    return { userPoolArn: POOL, defaultAuthorization: "cognito", routes: { [key]: route }, ...extra } as AuthorizedApiArgs;
}

function accepts(args: AuthorizedApiArgs): void {
    assert.doesNotThrow(() => validateAuthorizedApiArgs("api", args));
}

function rejects(args: AuthorizedApiArgs, expected: string): void {
    try {
        validateAuthorizedApiArgs("api", args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        assert.equal(e.message, expected);
        return;
    }
    assert.fail("expected the arguments to be rejected");
}

/** One enum: its values, a valid configuration for each, and a value outside it with the message it gets. */
interface EnumCase {
    readonly values: readonly (string | number)[];
    readonly expected: readonly (string | number)[];
    readonly args: (value: never) => AuthorizedApiArgs;
    readonly outside: string | number;
    readonly message: string;
}

const stageCache = { cache: { size: "0.5" } };
const cases: Record<string, EnumCase> = {
    HttpMethod: {
        values: Object.values(HttpMethod),
        expected: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"],
        args: (method: HttpMethod) => one(lambda, {}, `${method} /notes`),
        outside: "TRACE",
        message: `${P} routes keys must be "<METHOD> <path>" with METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, such as "GET /photos/{id}" (received: "TRACE /notes")`,
    },
    RouteAuthorization: {
        values: Object.values(RouteAuthorization),
        expected: ["cognito", "iam", "lambda", "none"],
        args: (authorization: RouteAuthorization) =>
            one({ ...lambda, authorization, ...(authorization === "lambda" ? { authorizer: "auth" } : {}) }, { lambdaAuthorizers: { auth: { functionArn: FUNCTION, type: "token" } } }),
        outside: "public",
        message: `${P} routes["GET /notes"].authorization must be one of cognito, iam, lambda, none (received: "public")`,
    },
    DefaultAuthorization: {
        values: Object.values(DefaultAuthorization),
        expected: ["cognito", "iam"],
        args: (defaultAuthorization: DefaultAuthorization) => one(lambda, { defaultAuthorization }),
        outside: "none",
        message: `${P} defaultAuthorization must be cognito or iam: a public route must say authorization: "none" itself, and a Lambda route names its authorizer (received: "none")`,
    },
    S3RouteOperation: {
        values: Object.values(S3RouteOperation),
        expected: ["get", "put", "delete", "list"],
        args: (operation: S3RouteOperation) => {
            // Each operation has its method, and list takes no {key}; a value outside the enum gets a GET route.
            const keys: Record<string, string> = { put: "PUT /files/{key+}", delete: "DELETE /files/{key+}", list: "GET /files" };
            const key = keys[operation] ?? "GET /files/{key+}";
            return one({ s3: { bucket: subBucket, operation } }, {}, key);
        },
        outside: "head",
        message: `${P} routes["GET /files/{key+}"].s3.operation must be one of get, put, delete, list (received: "head")`,
    },
    DynamoDbOperation: {
        values: Object.values(DynamoDbOperation),
        expected: ["GetItem", "Query", "PutItem"],
        args: (operation: DynamoDbOperation) =>
            one({ dynamodb: { tableArn: TABLE, operation, requestTemplate: `{"TableName": "notes", "Key": {"owner": {"S": "$callerId"}}}` } }, {}, operation === "PutItem" ? "PUT /notes" : "GET /notes"),
        outside: "Scan",
        message: `${P} routes["GET /notes"].dynamodb.operation must be one of GetItem, Query, PutItem (received: "Scan")`,
    },
    MockStatusCode: {
        values: Object.values(MockStatusCode),
        expected: [200, 201, 202, 204],
        args: (statusCode: MockStatusCode) => one({ mock: { statusCode, body: { status: "ok" } }, authorization: "none" }),
        outside: 500,
        message: `${P} routes["GET /notes"].mock.statusCode must be 200, 201, 202 or 204 (received: 500)`,
    },
    LambdaAuthorizerType: {
        values: Object.values(LambdaAuthorizerType),
        expected: ["token", "request"],
        args: (type: LambdaAuthorizerType) => one(lambda, { lambdaAuthorizers: { auth: { functionArn: FUNCTION, type } } }),
        outside: "jwt",
        message: `${P} lambdaAuthorizers.auth.type must be token or request (received: "jwt")`,
    },
    ApiEndpointType: {
        values: Object.values(ApiEndpointType),
        expected: ["REGIONAL", "EDGE", "PRIVATE"],
        args: (endpointType: ApiEndpointType) => one(lambda, { endpointType, ...(endpointType === "PRIVATE" ? { vpcEndpointIds: [VPCE] } : {}) }),
        outside: "GLOBAL",
        message: `${P} endpointType must be REGIONAL, EDGE or PRIVATE (received: "GLOBAL")`,
    },
    ExecutionLogLevel: {
        values: Object.values(ExecutionLogLevel),
        expected: ["ERROR", "INFO"],
        args: (executionLogLevel: ExecutionLogLevel) => one(lambda, { executionLogLevel }),
        outside: "OFF",
        message: `${P} executionLogLevel must be ERROR or INFO (AwsSolutions-APIG6 wants execution logs) (received: "OFF")`,
    },
    QuotaPeriod: {
        values: Object.values(QuotaPeriod),
        expected: ["DAY", "WEEK", "MONTH"],
        args: (period: QuotaPeriod) => one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], quota: { limit: 1000, period } } } }),
        outside: "YEAR",
        message: `${P} usagePlans.basic.quota.period must be DAY, WEEK or MONTH (received: "YEAR")`,
    },
    CacheSize: {
        values: Object.values(CacheSize),
        expected: ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"],
        args: (size: CacheSize) => one(lambda, { cache: { size } }),
        outside: "2",
        message: `${P} cache.size must be one of the sizes API Gateway offers (GB): 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 (received: "2")`,
    },
    CacheControlStrategy: {
        values: Object.values(CacheControlStrategy),
        expected: ["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"],
        args: (unauthorizedCacheControl: CacheControlStrategy) => one({ ...lambda, cache: { unauthorizedCacheControl } }, stageCache),
        outside: "IGNORE",
        message: `${P} routes["GET /notes"].cache.unauthorizedCacheControl must be one of FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER, SUCCEED_WITHOUT_RESPONSE_HEADER (received: "IGNORE")`,
    },
    AccountLogRoleMode: {
        values: Object.values(AccountLogRoleMode),
        expected: ["baseline", "managed", "none"],
        args: (accountLogRole: AccountLogRoleMode) => one(lambda, { accountLogRole }),
        outside: "auto",
        message: `${P} accountLogRole must be one of baseline, managed, none (received: "auto")`,
    },
};

describe("AuthorizedApi schema types", () => {
    describe("each enum lists exactly the values validation accepts", () => {
        for (const [name, c] of Object.entries(cases)) {
            it(name, () => {
                assert.deepEqual(c.values, c.expected);
                for (const value of c.values) accepts(c.args(value as never));
                rejects(c.args(c.outside as never), c.message);
            });
        }
    });

    it("the exported lists of allowed values are the enums' values, frozen", () => {
        assert.deepEqual(CACHE_SIZES, Object.values(CacheSize));
        assert.deepEqual(CACHE_CONTROL_STRATEGIES, Object.values(CacheControlStrategy));
        assert.deepEqual(ACCOUNT_LOG_ROLE_MODES, Object.values(AccountLogRoleMode));
        for (const list of [CACHE_SIZES, CACHE_CONTROL_STRATEGIES, ACCOUNT_LOG_ROLE_MODES]) assert.ok(Object.isFrozen(list));
    });

    it("string and number literals still type-check, as do the enum members", () => {
        // Compiling this file is the assertion (npx tsc --noEmit -p .): literals, as TypeScript programs
        // wrote them before the enums, and the enum members, as the other languages' SDKs name them.
        const literals: AuthorizedApiArgs = {
            userPoolArn: POOL,
            defaultAuthorization: "iam",
            endpointType: "EDGE",
            executionLogLevel: "INFO",
            accountLogRole: "none",
            cache: { size: "0.5" },
            lambdaAuthorizers: { auth: { functionArn: FUNCTION, type: "request" } },
            usagePlans: { basic: { apiKeys: ["partner"], quota: { limit: 1000, period: "MONTH" } } },
            routes: {
                "GET /health": { mock: { statusCode: 204, body: { status: "ok", checks: [1, 2] } }, authorization: "none", cache: { unauthorizedCacheControl: "SUCCEED_WITHOUT_RESPONSE_HEADER" } },
                "GET /files/{key+}": { s3: { bucket: { bucketName: "b", bucketArn: "arn:aws:s3:::b" }, operation: "get" } },
                "GET /notes": { dynamodb: { tableArn: TABLE, operation: "Query", requestTemplate: `{"TableName": "notes"}` }, authorization: "lambda", authorizer: "auth" },
                "POST /notes": { lambda: { functionArn: FUNCTION }, requestSchema: { type: "object", required: ["title"] } },
            },
        };
        const members: AuthorizedApiArgs = {
            ...literals,
            defaultAuthorization: DefaultAuthorization.Iam,
            endpointType: ApiEndpointType.Edge,
            executionLogLevel: ExecutionLogLevel.Info,
            accountLogRole: AccountLogRoleMode.None,
            cache: { size: CacheSize.Gb0_5 },
            routes: { "GET /health": { mock: { statusCode: MockStatusCode.NoContent, body: {} }, authorization: RouteAuthorization.None } },
        };
        accepts(literals);
        accepts(members);
    });
});
