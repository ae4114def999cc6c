import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
// The component's own modules rather than the package index, which also loads (and transpiles) every other component.
import { AuthorizedApi, AuthorizedApiArgs, LambdaAuthorizerArgs, RouteArgs } from "../../components/authorized-api";
import { validateAuthorizedApiArgs } from "../../components/authorized-api/validation";
import { UserBackendInputError } from "../../components/validation";
import { SecureUserBucket } from "../../components/secure-user-bucket";
import { record } from "../../offline";

/** Builds the component and returns the message of the input error it raises (before any resource exists). */
function errorOf(args: AuthorizedApiArgs, name = "api"): string {
    try {
        new AuthorizedApi(name, args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected the arguments to be rejected");
}

function rejects(args: AuthorizedApiArgs, expected: string, name = "api"): void {
    assert.equal(errorOf(args, name), expected);
}

/** The pure validator, so accepted inputs can be checked without creating resources. */
function accepts(args: AuthorizedApiArgs, name = "api"): void {
    assert.doesNotThrow(() => validateAuthorizedApiArgs(name, args));
}

const P = `AuthorizedApi "api":`;
const POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example1";
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:notes";
const AUTHORIZER_FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:authorizer";
const MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
const QUEUE = "arn:aws:sqs:us-east-1:123456789012:events";
const TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/notes";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const EU_CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const VPCE = "vpce-0123456789abcdef0";
const APP = "https://app.acme.dev";
const ADMIN = "https://admin.acme.dev";
const SCOPE = "https://api.acme.dev/notes.read";
const GET_TEMPLATE = `{"TableName": "notes", "Key": {"owner": {"S": "$context.authorizer.claims.sub"}}}`;

/** A bucket keyed by identity id (IAM routes), and one keyed by the `sub` session tag (Cognito routes). */
const bucket = { bucketName: "photos-bucket", bucketArn: "arn:aws:s3:::photos-bucket" };
const subBucket = { ...bucket, ownerPrincipalTag: "sub" };

const lambda: RouteArgs = { lambda: { functionArn: FUNCTION } };
const tokenAuthorizer: LambdaAuthorizerArgs = { functionArn: AUTHORIZER_FUNCTION, type: "token" };

/** A valid API with Cognito by default, these routes, and some fields added or replaced. */
function api(routes: Record<string, RouteArgs>, extra: Partial<Record<keyof AuthorizedApiArgs, unknown>> = {}): AuthorizedApiArgs {
    return { userPoolArn: POOL, defaultAuthorization: "cognito", routes, ...extra } as AuthorizedApiArgs;
}

/** A valid API with one route, `GET /notes` unless another key is given. */
function one(route: RouteArgs, extra: Partial<Record<keyof AuthorizedApiArgs, unknown>> = {}, key = "GET /notes"): AuthorizedApiArgs {
    return api({ [key]: route }, extra);
}

/** A Lambda-authorized route on `authorizer`, defined in `lambdaAuthorizers`. */
function lambdaAuthorized(authorizer: LambdaAuthorizerArgs, route: RouteArgs = {}, key = "GET /notes"): AuthorizedApiArgs {
    return one({ ...lambda, authorization: "lambda", authorizer: "auth", ...route }, { lambdaAuthorizers: { auth: authorizer } }, key);
}

describe("AuthorizedApi validation", () => {
    describe("name", () => {
        it("must be 1-35 letters, digits, '-' or '_' so IAM role names fit in 64 characters", () => {
            const long = "a".repeat(36);
            rejects(
                one(lambda),
                `AuthorizedApi "${long}": name must be 1-35 letters, digits, '-' or '_', starting with a letter or digit (it prefixes IAM role names) (received: "${long}")`,
                long,
            );
            assert.match(errorOf(one(lambda), "my api"), /name must be 1-35 letters.*\(received: "my api"\)/);
            assert.match(errorOf(one(lambda), "-api"), /name must be 1-35 letters.*\(received: "-api"\)/);
            assert.match(errorOf(one(lambda), ""), /name must be 1-35 letters.*\(received: ""\)/);
            accepts(one(lambda), "a".repeat(35));
            accepts(one(lambda), "Notes_api-2");
        });
    });

    describe("routes and paths", () => {
        it("must define at least one route", () => {
            rejects(api({}), `${P} routes must define at least one route (received: {})`);
            assert.match(errorOf(api(undefined as any)), /routes must define at least one route \(received: undefined\)/);
        });

        it("keys must be \"<METHOD> <path>\" with a known method", () => {
            rejects(
                one(lambda, {}, "FETCH /notes"),
                `${P} routes keys must be "<METHOD> <path>" with METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY, such as "GET /photos/{id}" (received: "FETCH /notes")`,
            );
            assert.match(errorOf(one(lambda, {}, "get /notes")), /routes keys must be .*\(received: "get \/notes"\)/);
            assert.match(errorOf(one(lambda, {}, "GET notes")), /routes keys must be .*\(received: "GET notes"\)/);
            assert.match(errorOf(one(lambda, {}, "GET  /notes")), /routes keys must be .*\(received: "GET  \/notes"\)/);
            assert.match(errorOf(one(lambda, {}, "/notes")), /routes keys must be .*\(received: "\/notes"\)/);
        });

        it("a path must not end with \"/\"", () => {
            rejects(one(lambda, {}, "GET /notes/"), `${P} routes["GET /notes/"] path must not end with "/" (received: "/notes/")`);
            accepts(one(lambda, {}, "GET /"));
        });

        it("a greedy parameter ({name+}) only as the last segment", () => {
            rejects(one(lambda, {}, "GET /files/{key+}/meta"), `${P} routes["GET /files/{key+}/meta"] path may have a greedy parameter ({name+}) only as its last segment (received: "/files/{key+}/meta")`);
            accepts(one(lambda, {}, "GET /files/{key+}"));
        });

        it("a path must not repeat a parameter", () => {
            rejects(one(lambda, {}, "GET /a/{id}/b/{id}"), `${P} routes["GET /a/{id}/b/{id}"] path must not repeat the parameter {id} (received: "/a/{id}/b/{id}")`);
            accepts(one(lambda, {}, "GET /a/{id}/b/{bid}"));
        });

        it("segments must be letters, digits, . _ - : or a whole {parameter}", () => {
            rejects(
                one(lambda, {}, "GET /notes/{id}.json"),
                `${P} routes["GET /notes/{id}.json"] path segments must be letters, digits, . _ - : or a {parameter} (received: "/notes/{id}.json")`,
            );
            assert.match(errorOf(one(lambda, {}, "GET /a//b")), /path segments must be .*\(received: "\/a\/\/b"\)/);
            assert.match(errorOf(one(lambda, {}, "GET /notes/{1id}")), /path segments must be .*\(received: "\/notes\/\{1id\}"\)/);
            assert.match(errorOf(one(lambda, {}, "GET /notes/a*b")), /path segments must be .*\(received: "\/notes\/a\*b"\)/);
            accepts(one(lambda, {}, "GET /v1.0/items:search/{item_id}/x-y_z"));
        });
    });

    describe("duplicates", () => {
        it("the same route twice: the same method and path with differently named parameters", () => {
            rejects(
                api({ "GET /a/{id}": lambda, "GET /a/{key}": lambda }),
                [
                    `${P} 2 invalid inputs:`,
                    `  - routes declares the same route twice ("GET /a/{id}" and "GET /a/{key}") (received: "GET /a/{key}")`,
                    `  - routes name the parameter after /a differently ({id} and {key}); API Gateway allows one parameter per position (received: "GET /a/{key}")`,
                ].join("\n"),
            );
            assert.match(errorOf(api({ "GET /a/{key}": lambda, "GET /a/{key+}": lambda })), /routes declares the same route twice \("GET \/a\/\{key\}" and "GET \/a\/\{key\+\}"\)/);
            accepts(api({ "GET /a/{id}": lambda, "DELETE /a/{id}": lambda, "GET /a/new": lambda, "GET /b/{key}": lambda }));
        });

        it("one parameter name per position, across methods", () => {
            rejects(
                api({ "GET /a/{id}": lambda, "DELETE /a/{key}": lambda }),
                `${P} routes name the parameter after /a differently ({id} and {key}); API Gateway allows one parameter per position (received: "DELETE /a/{key}")`,
            );
            assert.match(
                errorOf(api({ "GET /{tenant}/notes": lambda, "GET /{org}/files": lambda })),
                /routes name the parameter after \/ differently \(\{tenant\} and \{org\}\).*\(received: "GET \/\{org\}\/files"\)/,
            );
            assert.match(errorOf(api({ "GET /files/{key+}": lambda, "GET /files/{key}/meta": lambda })), /routes name the parameter after \/files differently \(\{key\+\} and \{key\}\)/);
        });
    });

    describe("integrations", () => {
        it("a route must have exactly one integration", () => {
            rejects(one({}), `${P} routes["GET /notes"] must have exactly one integration: lambda, http, s3, stepFunctions, sqs, dynamodb, mock (received: [])`);
            assert.match(
                errorOf(one({ ...lambda, http: { url: "https://backend.acme.dev/notes" } })),
                /routes\["GET \/notes"\] must have exactly one integration: .*\(received: \["lambda","http"\]\)/,
            );
        });

        it("lambda.functionArn must be a Lambda function ARN", () => {
            rejects(one({ lambda: { functionArn: "notes" } }), `${P} routes["GET /notes"].lambda.functionArn must be a Lambda function ARN (received: "notes")`);
            assert.match(errorOf(one({ lambda: { functionArn: MACHINE } })), /lambda\.functionArn must be a Lambda function ARN/);
            assert.match(errorOf(one({ lambda: { functionArn: `${FUNCTION}x${"y".repeat(64)}` } })), /lambda\.functionArn must be a Lambda function ARN/);
            accepts(one({ lambda: { functionArn: `${FUNCTION}:live` } }));
            accepts(one({ lambda: { functionArn: `${FUNCTION}:$LATEST` } }));
            accepts(one({ lambda: { functionArn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:notes:7" } }));
        });
    });

    describe("authorization", () => {
        it("a public route without the explicit choice: no authorization and no defaultAuthorization", () => {
            rejects(
                { routes: { "GET /notes": lambda } },
                `${P} routes["GET /notes"].authorization must be set (cognito, iam or lambda), or "none" to make the route public on purpose; there is no public default (received: undefined)`,
            );
            accepts({ routes: { "GET /notes": { ...lambda, authorization: "none" } } });
        });

        it("a route's authorization must be cognito, iam, lambda or none", () => {
            rejects(one({ ...lambda, authorization: "public" as any }), `${P} routes["GET /notes"].authorization must be one of cognito, iam, lambda, none (received: "public")`);
        });

        it("cognito needs userPoolArn", () => {
            rejects({ defaultAuthorization: "cognito", routes: { "GET /notes": lambda } }, `${P} routes["GET /notes"].authorization "cognito" needs userPoolArn (received: "cognito")`);
            accepts({ routes: { "GET /notes": { ...lambda, authorization: "iam" } } });
        });

        it("defaultAuthorization must be cognito or iam: a public route says none itself, a Lambda route names its authorizer", () => {
            rejects(
                api({ "GET /notes": { ...lambda, authorization: "iam" } }, { defaultAuthorization: "none" }),
                `${P} defaultAuthorization must be cognito or iam: a public route must say authorization: "none" itself, and a Lambda route names its authorizer (received: "none")`,
            );
            assert.match(
                errorOf(api({ "GET /notes": { ...lambda, authorizer: "auth" } }, { defaultAuthorization: "lambda", lambdaAuthorizers: { auth: tokenAuthorizer } })),
                /defaultAuthorization must be cognito or iam.*\(received: "lambda"\)/,
            );
        });

        it("userPoolArn must be a user pool ARN", () => {
            rejects(
                one(lambda, { userPoolArn: "us-east-1_Example1" }),
                `${P} userPoolArn must be a user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>) (received: "us-east-1_Example1")`,
            );
        });

        it("a Lambda-authorized route must name its authorizer", () => {
            rejects(
                one({ ...lambda, authorization: "lambda" }, { lambdaAuthorizers: { auth: tokenAuthorizer } }),
                `${P} routes["GET /notes"].authorizer must name one of lambdaAuthorizers for authorization "lambda" (received: undefined)`,
            );
        });

        it("the authorizer must be one of lambdaAuthorizers", () => {
            rejects(
                one({ ...lambda, authorization: "lambda", authorizer: "jwt" }, { lambdaAuthorizers: { auth: tokenAuthorizer, partner: tokenAuthorizer } }),
                `${P} routes["GET /notes"].authorizer must name one of lambdaAuthorizers (auth, partner) (received: "jwt")`,
            );
            assert.match(errorOf(one({ ...lambda, authorization: "lambda", authorizer: "jwt" })), /authorizer must name one of lambdaAuthorizers \(none defined\) \(received: "jwt"\)/);
            accepts(lambdaAuthorized(tokenAuthorizer));
        });

        it("authorizer applies only with authorization lambda", () => {
            rejects(
                one({ ...lambda, authorizer: "auth" }, { lambdaAuthorizers: { auth: tokenAuthorizer } }),
                `${P} routes["GET /notes"].authorizer applies only with authorization "lambda" (received: "auth")`,
            );
        });

        it("apiKeyRequired needs a usage plan", () => {
            rejects(one({ ...lambda, apiKeyRequired: true }), `${P} routes["GET /notes"].apiKeyRequired needs a usage plan with API keys (usagePlans) (received: true)`);
            accepts(one({ ...lambda, apiKeyRequired: false }));
        });
    });

    describe("scopes", () => {
        it("scopes on a non-Cognito route", () => {
            rejects(
                one({ ...lambda, authorization: "iam", scopes: [SCOPE] }),
                `${P} routes["GET /notes"].scopes apply only to Cognito routes (this route's authorization is "iam") (received: ["${SCOPE}"])`,
            );
            assert.match(errorOf(one({ ...lambda, authorization: "none", scopes: [SCOPE] })), /scopes apply only to Cognito routes \(this route's authorization is "none"\)/);
            assert.match(errorOf(lambdaAuthorized(tokenAuthorizer, { scopes: [SCOPE] })), /scopes apply only to Cognito routes \(this route's authorization is "lambda"\)/);
            accepts(one({ ...lambda, scopes: [SCOPE, "notes/read"] }));
        });

        it("scopes must list scope names", () => {
            rejects(one({ ...lambda, scopes: [] }), `${P} routes["GET /notes"].scopes must list scope names such as https://api.acme.dev/photos.read (received: [])`);
            assert.match(errorOf(one({ ...lambda, scopes: ["read notes"] })), /scopes must list scope names .*\(received: \["read notes"\]\)/);
            assert.match(errorOf(one({ ...lambda, scopes: [""] })), /scopes must list scope names .*\(received: \[""\]\)/);
            assert.match(errorOf(one({ ...lambda, scopes: SCOPE as any })), /scopes must list scope names .*\(received: "https:\/\/api.acme.dev\/notes.read"\)/);
        });
    });

    describe("caching: stage", () => {
        it("unknown cache sizes", () => {
            rejects(one(lambda, { cache: { size: "1" } }), `${P} cache.size must be one of the sizes API Gateway offers (GB): 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 (received: "1")`);
            assert.match(errorOf(one(lambda, { cache: { size: 0.5 } })), /cache.size must be one of the sizes .*\(received: 0.5\)/);
            for (const size of ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]) accepts(one(lambda, { cache: { size } }));
        });

        it("cache.ttlSeconds must be a whole number from 0 to 3600", () => {
            rejects(one(lambda, { cache: { size: "0.5", ttlSeconds: 3601 } }), `${P} cache.ttlSeconds must be a whole number of seconds from 0 to 3600 (received: 3601)`);
            assert.match(errorOf(one(lambda, { cache: { size: "0.5", ttlSeconds: -1 } })), /cache.ttlSeconds must be .*\(received: -1\)/);
            assert.match(errorOf(one(lambda, { cache: { size: "0.5", ttlSeconds: 1.5 } })), /cache.ttlSeconds must be .*\(received: 1.5\)/);
            accepts(one(lambda, { cache: { size: "0.5", ttlSeconds: 0 } }));
            accepts(one(lambda, { cache: { size: "0.5", ttlSeconds: 3600 } }));
        });
    });

    describe("caching: route", () => {
        const stageCache = { cache: { size: "0.5" } };

        it("a route cache needs the stage cache", () => {
            rejects(one({ ...lambda, cache: {} }), `${P} routes["GET /notes"].cache needs the stage cache (cache: { size }) (received: {})`);
        });

        it("only GET routes can be cached", () => {
            rejects(one({ ...lambda, cache: {} }, stageCache, "POST /notes"), `${P} routes["POST /notes"].cache applies only to GET routes (received: "POST")`);
            assert.match(errorOf(one({ ...lambda, cache: {} }, stageCache, "ANY /notes")), /cache applies only to GET routes \(received: "ANY"\)/);
        });

        it("cache.ttlSeconds must be a whole number from 0 to 3600", () => {
            rejects(one({ ...lambda, cache: { ttlSeconds: 4000 } }, stageCache), `${P} routes["GET /notes"].cache.ttlSeconds must be a whole number of seconds from 0 to 3600 (received: 4000)`);
            assert.match(errorOf(one({ ...lambda, cache: { ttlSeconds: 2.5 } }, stageCache)), /cache.ttlSeconds must be .*\(received: 2.5\)/);
        });

        it("keyParameters must be method request parameters", () => {
            rejects(
                one({ ...lambda, cache: { keyParameters: ["method.request.querystring.page", "page"] } }, stageCache),
                `${P} routes["GET /notes"].cache.keyParameters[1] must be method.request.path.<name>, method.request.querystring.<name> or method.request.header.<name> (received: "page")`,
            );
            assert.match(errorOf(one({ ...lambda, cache: { keyParameters: ["method.request.body.id"] } }, stageCache)), /cache.keyParameters\[0\] must be method.request.path/);
        });

        it("unauthorizedCacheControl must be one of API Gateway's strategies", () => {
            rejects(
                one({ ...lambda, cache: { unauthorizedCacheControl: "IGNORE" as any } }, stageCache),
                `${P} routes["GET /notes"].cache.unauthorizedCacheControl must be one of FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER, SUCCEED_WITHOUT_RESPONSE_HEADER (received: "IGNORE")`,
            );
            accepts(one({ ...lambda, cache: { unauthorizedCacheControl: "SUCCEED_WITH_RESPONSE_HEADER" } }, stageCache));
        });

        it("keyParameters: a path parameter that is not in the path", () => {
            rejects(
                one({ ...lambda, cache: { keyParameters: ["method.request.path.key"] } }, stageCache, "GET /notes/{id}"),
                `${P} routes["GET /notes/{id}"].cache.keyParameters[0] names a path parameter that is not in the path /notes/{id} (received: "method.request.path.key")`,
            );
            accepts(one({ ...lambda, cache: { keyParameters: ["method.request.path.key"] } }, stageCache, "GET /files/{key+}"));
        });

        it("a cached authorized route without an identity cache key: an IAM route", () => {
            rejects(
                one({ ...lambda, authorization: "iam", cache: { ttlSeconds: 60 } }, stageCache),
                `${P} routes["GET /notes"].cache cannot cache an IAM route: SigV4 callers have no request parameter that names them, so one caller's response would be served to another (received: {"ttlSeconds":60})`,
            );
        });

        it("a cached authorized route without an identity cache key: a Lambda authorizer with only context sources", () => {
            rejects(
                { ...lambdaAuthorized({ functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["context.sourceIp"] }, { cache: {} }), ...stageCache } as AuthorizedApiArgs,
                `${P} routes["GET /notes"].cache cannot cache a route whose authorizer auth has no header or query string identity source to put in the cache key: one caller's response would be served to another (received: ["context.sourceIp"])`,
            );
            assert.match(
                errorOf({ ...lambdaAuthorized({ functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["stageVariables.tenant", "context.identity.sourceIp"] }, { cache: {} }), ...stageCache } as AuthorizedApiArgs),
                /cannot cache a route whose authorizer auth has no header or query string identity source/,
            );
            accepts({ ...lambdaAuthorized({ functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["context.sourceIp", "method.request.querystring.token"] }, { cache: {} }), ...stageCache } as AuthorizedApiArgs);
        });
    });

    describe("throttling", () => {
        it("negative or zero rates: stage throttle", () => {
            rejects(one(lambda, { throttle: { rateLimit: 0, burstLimit: 10 } }), `${P} throttle.rateLimit must be a number of requests per second above 0 (received: 0)`);
            assert.match(errorOf(one(lambda, { throttle: { rateLimit: -5, burstLimit: 10 } })), /throttle.rateLimit must be a number .*\(received: -5\)/);
            assert.match(errorOf(one(lambda, { throttle: { rateLimit: Infinity, burstLimit: 10 } })), /throttle.rateLimit must be a number .*\(received: null\)/);
            assert.match(errorOf(one(lambda, { throttle: { rateLimit: "10", burstLimit: 10 } })), /throttle.rateLimit must be a number .*\(received: "10"\)/);
            accepts(one(lambda, { throttle: { rateLimit: 0.5, burstLimit: 1 } }));
        });

        it("stage burstLimit must be a whole number, at least 1", () => {
            rejects(one(lambda, { throttle: { rateLimit: 10, burstLimit: 0 } }), `${P} throttle.burstLimit must be a whole number of requests, at least 1 (received: 0)`);
            assert.match(errorOf(one(lambda, { throttle: { rateLimit: 10, burstLimit: 1.5 } })), /throttle.burstLimit must be .*\(received: 1.5\)/);
        });

        it("negative or zero rates: route throttle", () => {
            rejects(
                one({ ...lambda, throttle: { rateLimit: -1, burstLimit: 5 } }),
                `${P} routes["GET /notes"].throttle.rateLimit must be a number of requests per second above 0 (received: -1)`,
            );
            assert.match(errorOf(one({ ...lambda, throttle: { rateLimit: 0, burstLimit: 5 } })), /routes\["GET \/notes"\]\.throttle\.rateLimit must be .*\(received: 0\)/);
        });

        it("route burstLimit must be a whole number, at least 1", () => {
            rejects(
                one({ ...lambda, throttle: { rateLimit: 5, burstLimit: -2 } }),
                `${P} routes["GET /notes"].throttle.burstLimit must be a whole number of requests, at least 1 (received: -2)`,
            );
        });

        it("negative or zero rates: usage plan throttle", () => {
            rejects(
                one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], throttle: { rateLimit: 0, burstLimit: 5 } } } }),
                `${P} usagePlans.basic.throttle.rateLimit must be a number of requests per second above 0 (received: 0)`,
            );
            assert.match(
                errorOf(one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], throttle: { rateLimit: -10, burstLimit: 5 } } } })),
                /usagePlans.basic.throttle.rateLimit must be .*\(received: -10\)/,
            );
        });

        it("usage plan burstLimit must be a whole number, at least 1", () => {
            rejects(
                one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], throttle: { rateLimit: 5, burstLimit: 0 } } } }),
                `${P} usagePlans.basic.throttle.burstLimit must be a whole number of requests, at least 1 (received: 0)`,
            );
        });
    });

    describe("request validation", () => {
        it("requestParameters must be method request parameters", () => {
            rejects(
                one({ ...lambda, requestParameters: { "querystring.page": false } }),
                `${P} routes["GET /notes"].requestParameters must be method.request.path.<name>, method.request.querystring.<name> or method.request.header.<name> (received: "querystring.page")`,
            );
            accepts(one({ ...lambda, requestParameters: { "method.request.querystring.page": false, "method.request.header.X-Tenant": true } }));
        });

        it("requestParameters: a path parameter that is not in the path", () => {
            rejects(
                one({ ...lambda, requestParameters: { "method.request.path.noteId": true } }, {}, "GET /notes/{id}"),
                `${P} routes["GET /notes/{id}"].requestParameters names a path parameter that is not in the path /notes/{id} (received: "method.request.path.noteId")`,
            );
            accepts(one({ ...lambda, requestParameters: { "method.request.path.id": true } }, {}, "GET /notes/{id}"));
        });

        it("requestSchema must be a JSON schema object", () => {
            rejects(one({ ...lambda, requestSchema: [] as any }, {}, "POST /notes"), `${P} routes["POST /notes"].requestSchema must be a JSON schema object (received: [])`);
            assert.match(errorOf(one({ ...lambda, requestSchema: null as any }, {}, "POST /notes")), /requestSchema must be a JSON schema object \(received: null\)/);
            assert.match(errorOf(one({ ...lambda, requestSchema: "{}" as any }, {}, "POST /notes")), /requestSchema must be a JSON schema object \(received: "\{\}"\)/);
            accepts(one({ ...lambda, requestSchema: { type: "object", required: ["title"] } }, {}, "POST /notes"));
        });

        it("requestSchema does not apply to methods without a body", () => {
            rejects(one({ ...lambda, requestSchema: { type: "object" } }), `${P} routes["GET /notes"].requestSchema does not apply to GET, which has no body (received: "GET")`);
            assert.match(errorOf(one({ ...lambda, requestSchema: { type: "object" } }, {}, "DELETE /notes")), /requestSchema does not apply to DELETE/);
        });
    });

    describe("S3 routes and owner keying", () => {
        const s3 = (operation: string, b: object = subBucket): RouteArgs => ({ s3: { bucket: b, operation } as any });

        it("operation must be get, put, delete or list", () => {
            rejects(one(s3("head"), {}, "GET /files/{key+}"), `${P} routes["GET /files/{key+}"].s3.operation must be one of get, put, delete, list (received: "head")`);
        });

        it("the operation must match the method", () => {
            rejects(one(s3("put"), {}, "POST /files/{key+}"), `${P} routes["POST /files/{key+}"].s3.operation "put" needs method PUT (received: "POST")`);
            assert.match(errorOf(one(s3("list"), {}, "POST /files")), /s3.operation "list" needs method GET \(received: "POST"\)/);
            assert.match(errorOf(one(s3("delete"), {}, "GET /files/{key}")), /s3.operation "delete" needs method DELETE \(received: "GET"\)/);
            assert.match(errorOf(one(s3("get"), {}, "ANY /files/{key}")), /s3.operation "get" needs method GET \(received: "ANY"\)/);
        });

        it("get, put and delete need a path ending in {key} or {key+}", () => {
            rejects(
                one(s3("get"), {}, "GET /files/{id}"),
                `${P} routes["GET /files/{id}"] s3 "get" needs a path ending in {key} or {key+}, the object key under the caller's prefix (received: "/files/{id}")`,
            );
            assert.match(errorOf(one(s3("put"), {}, "PUT /files")), /s3 "put" needs a path ending in \{key\} or \{key\+\}.*\(received: "\/files"\)/);
            assert.match(errorOf(one(s3("delete"), {}, "DELETE /files/{key}/meta")), /s3 "delete" needs a path ending in \{key\}/);
            accepts(api({ "GET /files/{key}": s3("get"), "PUT /files/{key}": s3("put"), "DELETE /files/{key}": s3("delete") }));
        });

        it("list takes no {key}", () => {
            rejects(one(s3("list"), {}, "GET /files/{key}"), `${P} routes["GET /files/{key}"] s3 "list" lists the caller's whole prefix and takes no {key} (received: "/files/{key}")`);
            assert.match(errorOf(one(s3("list"), {}, "GET /files/{key+}")), /s3 "list" lists the caller's whole prefix and takes no \{key\}/);
            accepts(one(s3("list"), {}, "GET /files"));
        });

        it("a Cognito route on a bucket without ownerPrincipalTag", () => {
            rejects(
                one(s3("get", bucket), {}, "GET /files/{key+}"),
                `${P} routes["GET /files/{key+}"].s3 with a Cognito authorizer keys objects by the user pool sub, but the bucket (no ownerPrincipalTag) keys prefixes by the identity pool identity id: use authorization "iam", or a bucket with ownerPrincipalTag mapped from sub (received: undefined)`,
            );
            accepts(one(s3("get", subBucket), {}, "GET /files/{key+}"));
        });

        it("an IAM route on a bucket with ownerPrincipalTag", () => {
            rejects(
                one({ ...s3("get", subBucket), authorization: "iam" }, {}, "GET /files/{key+}"),
                `${P} routes["GET /files/{key+}"].s3 with IAM authorization keys objects by the identity pool identity id, but the bucket keys prefixes by the session tag "sub": use authorization "cognito" (received: "sub")`,
            );
            accepts(one({ ...s3("get", bucket), authorization: "iam" }, {}, "GET /files/{key+}"));
        });

        it("a public or Lambda-authorized S3 route", () => {
            rejects(
                one({ ...s3("get", bucket), authorization: "none" }, {}, "GET /files/{key+}"),
                `${P} routes["GET /files/{key+}"].s3 needs authorization "cognito" or "iam": the object key is built from the caller's identity (received: "none")`,
            );
            assert.match(errorOf(lambdaAuthorized(tokenAuthorizer, { lambda: undefined, ...s3("get", subBucket) }, "GET /files/{key+}")), /\.s3 needs authorization "cognito" or "iam".*\(received: "lambda"\)/);
            assert.match(errorOf(lambdaAuthorized(tokenAuthorizer, { lambda: undefined, ...s3("list", bucket) }, "GET /files")), /\.s3 needs authorization "cognito" or "iam".*\(received: "lambda"\)/);
        });

        it("a get route with two CORS origins", () => {
            rejects(
                one(s3("get"), { corsOrigins: [APP, ADMIN] }, "GET /files/{key+}"),
                `${P} routes["GET /files/{key+}"].s3 "get" works with one corsOrigins entry only: choosing among several needs a response template, which would rewrite the downloaded bytes (received: ["${APP}","${ADMIN}"])`,
            );
            accepts(one(s3("get"), { corsOrigins: [APP] }, "GET /files/{key+}"));
            accepts(one(s3("put"), { corsOrigins: [APP, ADMIN] }, "PUT /files/{key+}"));
        });
    });

    describe("mock routes", () => {
        it("answer with 200, 201, 202 or 204 and a JSON object", () => {
            rejects(one({ mock: { statusCode: 500 as any, body: {} } }), `${P} routes["GET /notes"].mock.statusCode must be 200, 201, 202 or 204 (received: 500)`);
            rejects(one({ mock: { body: "ok" as any } }), `${P} routes["GET /notes"].mock.body must be a JSON object (received: "ok")`);
            accepts(one({ mock: { body: { status: "ok" } }, authorization: "none" }));
        });
    });

    describe("Step Functions, SQS and DynamoDB", () => {
        it("ARNs of state machines, queues and tables are checked when written out", () => {
            rejects(
                one({ stepFunctions: { stateMachineArn: "orders" } }, {}, "POST /orders"),
                `${P} routes["POST /orders"].stepFunctions.stateMachineArn must be a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>) (received: "orders")`,
            );
            rejects(
                one({ sqs: { queueArn: "https://sqs.us-east-1.amazonaws.com/123456789012/events" } }, {}, "POST /events"),
                `${P} routes["POST /events"].sqs.queueArn must be a queue ARN (arn:aws:sqs:<region>:<account>:<name>) (received: "https://sqs.us-east-1.amazonaws.com/123456789012/events")`,
            );
            rejects(
                one({ dynamodb: { tableArn: "notes", operation: "GetItem", requestTemplate: GET_TEMPLATE } }),
                `${P} routes["GET /notes"].dynamodb.tableArn must be a table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>) (received: "notes")`,
            );
            accepts(one({ sqs: { queueArn: `${QUEUE}.fifo` } }, {}, "POST /events"));
        });

        it("a Step Functions route needs POST", () => {
            rejects(one({ stepFunctions: { stateMachineArn: MACHINE } }, {}, "PUT /orders"), `${P} routes["PUT /orders"].stepFunctions needs method POST (received: "PUT")`);
            accepts(one({ stepFunctions: { stateMachineArn: MACHINE, express: true } }, {}, "POST /orders"));
        });

        it("an SQS route needs POST", () => {
            rejects(one({ sqs: { queueArn: QUEUE } }, {}, "GET /events"), `${P} routes["GET /events"].sqs needs method POST (received: "GET")`);
            accepts(one({ sqs: { queueArn: QUEUE } }, {}, "POST /events"));
        });

        it("a DynamoDB operation must be GetItem, Query or PutItem", () => {
            rejects(
                one({ dynamodb: { tableArn: TABLE, operation: "Scan" as any, requestTemplate: GET_TEMPLATE } }),
                `${P} routes["GET /notes"].dynamodb.operation must be one of GetItem, Query, PutItem (received: "Scan")`,
            );
        });

        it("a DynamoDB route needs a request template", () => {
            rejects(
                one({ dynamodb: { tableArn: TABLE, operation: "GetItem", requestTemplate: "  " } }),
                `${P} routes["GET /notes"].dynamodb.requestTemplate must be a mapping template that names the table and the key (received: "  ")`,
            );
            assert.match(errorOf(one({ dynamodb: { tableArn: TABLE, operation: "GetItem" } as any })), /dynamodb.requestTemplate must be a mapping template .*\(received: undefined\)/);
        });

        it("indexName applies only to Query", () => {
            rejects(
                one({ dynamodb: { tableArn: TABLE, operation: "GetItem", requestTemplate: GET_TEMPLATE, indexName: "byOwner" } }),
                `${P} routes["GET /notes"].dynamodb.indexName applies only to Query (received: "byOwner")`,
            );
            accepts(one({ dynamodb: { tableArn: TABLE, operation: "Query", requestTemplate: GET_TEMPLATE, indexName: "byOwner" } }));
        });

        it("a PutItem behind an authorizer keys its item by the caller", () => {
            const anyone = `{"TableName": "notes", "Item": {"owner": {"S": "$input.path('$.owner')"}}}`;
            rejects(
                one({ dynamodb: { tableArn: TABLE, operation: "PutItem", requestTemplate: anyone } }, {}, "PUT /notes"),
                `${P} routes["PUT /notes"].dynamodb.requestTemplate must key a PutItem by the caller: use "$callerId" (set from the authorizer, never from the request), so that no request can write another user's item (received: ${JSON.stringify(anyone)})`,
            );
            accepts(one({ dynamodb: { tableArn: TABLE, operation: "PutItem", requestTemplate: `{"TableName": "notes", "Item": {"owner": {"S": "$callerId"}}}` } }, {}, "PUT /notes"));
            accepts(one({ dynamodb: { tableArn: TABLE, operation: "PutItem", requestTemplate: GET_TEMPLATE } }, {}, "PUT /notes"));
            // A claim the user can change is not an owner.
            assert.match(errorOf(one({ dynamodb: { tableArn: TABLE, operation: "PutItem", requestTemplate: '{"Item": {"owner": {"S": "$context.authorizer.claims.email"}}}' } }, {}, "PUT /notes")), /must key a PutItem by the caller/);
            // A public guest book has no caller to key by.
            accepts(one({ dynamodb: { tableArn: TABLE, operation: "PutItem", requestTemplate: anyone }, authorization: "none" }, {}, "PUT /notes"));
        });
    });

    describe("HTTP", () => {
        it("the URL must be https://", () => {
            rejects(one({ http: { url: "http://backend.acme.dev/notes" } }), `${P} routes["GET /notes"].http.url must be an https:// URL (received: "http://backend.acme.dev/notes")`);
            assert.match(errorOf(one({ http: { url: "https://" } })), /http.url must be an https:\/\/ URL \(received: "https:\/\/"\)/);
            assert.match(errorOf(one({ http: { url: "https://backend.acme.dev/a b" } })), /http.url must be an https:\/\/ URL/);
            accepts(one({ http: { url: "https://backend.acme.dev" } }));
        });

        it("timeoutMilliseconds must be a whole number from 50 to 29000", () => {
            rejects(
                one({ http: { url: "https://backend.acme.dev/notes", timeoutMilliseconds: 29001 } }),
                `${P} routes["GET /notes"].http.timeoutMilliseconds must be a whole number from 50 to 29000 (received: 29001)`,
            );
            assert.match(errorOf(one({ http: { url: "https://backend.acme.dev/notes", timeoutMilliseconds: 49 } })), /timeoutMilliseconds must be .*\(received: 49\)/);
            assert.match(errorOf(one({ http: { url: "https://backend.acme.dev/notes", timeoutMilliseconds: 100.5 } })), /timeoutMilliseconds must be .*\(received: 100.5\)/);
            accepts(one({ http: { url: "https://backend.acme.dev/notes", timeoutMilliseconds: 50 } }));
            accepts(one({ http: { url: "https://backend.acme.dev/notes", timeoutMilliseconds: 29000 } }));
        });

        it("the URL must place every path parameter", () => {
            rejects(
                one({ http: { url: "https://backend.acme.dev/notes" } }, {}, "GET /notes/{id}"),
                `${P} routes["GET /notes/{id}"].http.url must place the path parameter {id}, or it is lost (received: "https://backend.acme.dev/notes")`,
            );
            accepts(one({ http: { url: "https://backend.acme.dev/notes/{id}" } }, {}, "GET /notes/{id}"));
            accepts(one({ http: { url: "https://backend.acme.dev/files/{key}" } }, {}, "GET /files/{key+}"));
        });
    });

    describe("Lambda authorizers", () => {
        it("keys must be 1-40 letters, digits, '-' or '_'", () => {
            rejects(
                one(lambda, { lambdaAuthorizers: { "my authorizer": tokenAuthorizer } }),
                `${P} lambdaAuthorizers keys must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "my authorizer")`,
            );
            assert.match(errorOf(one(lambda, { lambdaAuthorizers: { ["a".repeat(41)]: tokenAuthorizer } })), /lambdaAuthorizers keys must be 1-40/);
            accepts(one(lambda, { lambdaAuthorizers: { ["a".repeat(40)]: tokenAuthorizer } }));
        });

        it("type must be token or request", () => {
            rejects(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, type: "jwt" } } }), `${P} lambdaAuthorizers.auth.type must be token or request (received: "jwt")`);
        });

        it("identitySources must list at least one source", () => {
            rejects(
                one(lambda, { lambdaAuthorizers: { auth: { functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: [] } } }),
                `${P} lambdaAuthorizers.auth.identitySources must list at least one source (received: [])`,
            );
        });

        it("a token authorizer takes exactly one header", () => {
            rejects(
                one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, identitySources: ["method.request.header.Authorization", "method.request.header.X-Tenant"] } } }),
                `${P} lambdaAuthorizers.auth.identitySources must be exactly one method.request.header.<name> for a token authorizer (received: ["method.request.header.Authorization","method.request.header.X-Tenant"])`,
            );
            assert.match(
                errorOf(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, identitySources: ["method.request.querystring.token"] } } })),
                /identitySources must be exactly one method.request.header.<name> for a token authorizer \(received: \["method.request.querystring.token"\]\)/,
            );
            accepts(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, identitySources: ["method.request.header.X-Api-Token"] } } }));
            accepts(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, identitySources: ["method.request.header.x_partner_token"] } } }));
        });

        it("identity sources must be header, query string, context or stage variable sources", () => {
            rejects(
                one(lambda, { lambdaAuthorizers: { auth: { functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["method.request.header.X-Tenant", "header.Authorization"] } } }),
                `${P} lambdaAuthorizers.auth.identitySources entries must be method.request.header.<name>, method.request.querystring.<name>, context.<variable> or stageVariables.<name> (received: "header.Authorization")`,
            );
            accepts(
                one(lambda, {
                    lambdaAuthorizers: {
                        auth: { functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["method.request.header.X-Tenant", "method.request.querystring.token", "context.sourceIp", "stageVariables.tenant"] },
                    },
                }),
            );
        });

        it("resultTtlSeconds must be a whole number from 0 to 3600", () => {
            rejects(
                one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, resultTtlSeconds: 3601 } } }),
                `${P} lambdaAuthorizers.auth.resultTtlSeconds must be a whole number of seconds from 0 to 3600 (received: 3601)`,
            );
            assert.match(errorOf(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, resultTtlSeconds: -1 } } })), /resultTtlSeconds must be .*\(received: -1\)/);
            accepts(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, resultTtlSeconds: 0 } } }));
        });

        it("functionArn must be a Lambda function ARN", () => {
            const arn = "arn:aws:lambda:us-east-1:123456789012:layer:authorizer";
            rejects(one(lambda, { lambdaAuthorizers: { auth: { ...tokenAuthorizer, functionArn: arn } } }), `${P} lambdaAuthorizers.auth.functionArn must be a Lambda function ARN (received: "${arn}")`);
        });
    });

    describe("CORS", () => {
        it("origins must be browser origins", () => {
            rejects(one(lambda, { corsOrigins: [`${APP}/`] }), `${P} corsOrigins[0] must be an origin like https://app.example.com, with no path, query or trailing slash (received: "${APP}/")`);
            assert.match(errorOf(one(lambda, { corsOrigins: [APP, "http://app.acme.dev"] })), /corsOrigins\[1\] must be an https:\/\/ origin \(http:\/\/ is accepted only for localhost\)/);
            assert.match(errorOf(one(lambda, { corsOrigins: [""] })), /corsOrigins\[0\] must be a non-empty origin string \(received: ""\)/);
            assert.match(errorOf(one(lambda, { corsOrigins: ["https://-acme.dev"] })), /corsOrigins\[0\] must have a valid host name/);
            accepts(one(lambda, { corsOrigins: [APP, "http://localhost:5173", "https://app.acme.dev:8443"] }));
        });

        it("origins must be exact: no wildcard", () => {
            rejects(one(lambda, { corsOrigins: ["https://*.acme.dev"] }), `${P} corsOrigins[0] must be an exact origin: the preflight compares origins literally (received: "https://*.acme.dev")`);
        });

        it("must not list an origin twice", () => {
            rejects(one(lambda, { corsOrigins: [APP, APP] }), `${P} corsOrigins must not list an origin twice (received: ["${APP}","${APP}"])`);
        });

        it("an OPTIONS route cannot be declared with corsOrigins", () => {
            rejects(
                one(lambda, { corsOrigins: [APP] }, "OPTIONS /notes"),
                `${P} routes["OPTIONS /notes"] cannot be declared while corsOrigins is set: the component answers OPTIONS preflights itself (received: "OPTIONS /notes")`,
            );
            accepts(one(lambda, {}, "OPTIONS /notes"));
            accepts(one(lambda, { corsOrigins: [] }, "OPTIONS /notes"));
        });
    });

    describe("endpoint type and private APIs", () => {
        it("endpointType must be REGIONAL, EDGE or PRIVATE", () => {
            rejects(one(lambda, { endpointType: "GLOBAL" }), `${P} endpointType must be REGIONAL, EDGE or PRIVATE (received: "GLOBAL")`);
            accepts(one(lambda, { endpointType: "EDGE" }));
        });

        it("PRIVATE without VPC endpoints", () => {
            rejects(one(lambda, { endpointType: "PRIVATE" }), `${P} vpcEndpointIds must list the VPC endpoints a PRIVATE API is called through (received: undefined)`);
            assert.match(errorOf(one(lambda, { endpointType: "PRIVATE", vpcEndpointIds: [] })), /vpcEndpointIds must list the VPC endpoints a PRIVATE API is called through \(received: \[\]\)/);
        });

        it("vpcEndpointIds apply only to PRIVATE", () => {
            rejects(one(lambda, { vpcEndpointIds: [VPCE] }), `${P} vpcEndpointIds applies only to endpointType PRIVATE (this API is REGIONAL) (received: ["${VPCE}"])`);
            assert.match(errorOf(one(lambda, { endpointType: "EDGE", vpcEndpointIds: [VPCE] })), /vpcEndpointIds applies only to endpointType PRIVATE \(this API is EDGE\)/);
        });

        it("VPC endpoint ids must be vpce-...", () => {
            rejects(
                one(lambda, { endpointType: "PRIVATE", vpcEndpointIds: [VPCE, "vpc-0123456789abcdef0"] }),
                `${P} vpcEndpointIds[1] must be a VPC endpoint id (vpce-...) (received: "vpc-0123456789abcdef0")`,
            );
            assert.match(errorOf(one(lambda, { endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789ABCDEF0"] })), /vpcEndpointIds\[0\] must be a VPC endpoint id/);
            accepts(one(lambda, { endpointType: "PRIVATE", vpcEndpointIds: ["vpce-01234567"] }));
        });
    });

    describe("stage and logs", () => {
        it("stageName must be 1-128 letters, digits, '-' or '_'", () => {
            rejects(one(lambda, { stageName: "prod/v1" }), `${P} stageName must be 1-128 letters, digits, '-' or '_' (received: "prod/v1")`);
            assert.match(errorOf(one(lambda, { stageName: "" })), /stageName must be .*\(received: ""\)/);
            assert.match(errorOf(one(lambda, { stageName: "a".repeat(129) })), /stageName must be 1-128/);
            accepts(one(lambda, { stageName: "prod_v1-2" }));
        });

        it("accessLogRetentionDays must be a period CloudWatch Logs offers", () => {
            rejects(
                one(lambda, { accessLogRetentionDays: 10 }),
                `${P} accessLogRetentionDays must be one of the retention periods CloudWatch Logs offers: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (received: 10)`,
            );
            assert.match(errorOf(one(lambda, { accessLogRetentionDays: 0 })), /accessLogRetentionDays must be one of .*\(received: 0\)/);
            accepts(one(lambda, { accessLogRetentionDays: 3653 }));
        });

        it("accountLogRole must be baseline, managed or none, and agree with the deprecated manageAccountLogRole", () => {
            rejects(one(lambda, { accountLogRole: "account" }), `${P} accountLogRole must be one of baseline, managed, none (received: "account")`);
            rejects(
                one(lambda, { accountLogRole: "baseline", manageAccountLogRole: true }),
                `${P} manageAccountLogRole contradicts accountLogRole "baseline": set accountLogRole alone (manageAccountLogRole is deprecated) (received: true)`,
            );
            rejects(
                one(lambda, { accountLogRole: "managed", manageAccountLogRole: false }),
                `${P} manageAccountLogRole contradicts accountLogRole "managed": set accountLogRole alone (manageAccountLogRole is deprecated) (received: false)`,
            );
            accepts(one(lambda, { accountLogRole: "managed", manageAccountLogRole: true }));
            accepts(one(lambda, { accountLogRole: "none" }));
            accepts(one(lambda, { manageAccountLogRole: false }));
        });

        it("executionLogLevel must be ERROR or INFO", () => {
            rejects(one(lambda, { executionLogLevel: "OFF" }), `${P} executionLogLevel must be ERROR or INFO (AwsSolutions-APIG6 wants execution logs) (received: "OFF")`);
            accepts(one(lambda, { executionLogLevel: "INFO" }));
        });
    });

    describe("usage plans and API keys", () => {
        it("plan keys must be 1-40 letters, digits, '-' or '_'", () => {
            rejects(
                one(lambda, { usagePlans: { "basic plan": { apiKeys: ["partner"] } } }),
                `${P} usagePlans keys must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "basic plan")`,
            );
        });

        it("quota.limit must be a whole number above 0", () => {
            rejects(
                one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], quota: { limit: 0, period: "DAY" } } } }),
                `${P} usagePlans.basic.quota.limit must be a whole number of requests above 0 (received: 0)`,
            );
            assert.match(errorOf(one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], quota: { limit: 10.5, period: "DAY" } } } })), /quota.limit must be .*\(received: 10.5\)/);
        });

        it("quota.period must be DAY, WEEK or MONTH", () => {
            rejects(
                one(lambda, { usagePlans: { basic: { apiKeys: ["partner"], quota: { limit: 1000, period: "YEAR" } } } }),
                `${P} usagePlans.basic.quota.period must be DAY, WEEK or MONTH (received: "YEAR")`,
            );
        });

        it("a plan must name at least one API key", () => {
            rejects(one(lambda, { usagePlans: { basic: { apiKeys: [] } } }), `${P} usagePlans.basic.apiKeys must name at least one API key (received: [])`);
            assert.match(errorOf(one(lambda, { usagePlans: { basic: {} } })), /usagePlans.basic.apiKeys must name at least one API key \(received: undefined\)/);
        });

        it("API key names must be 1-40 letters, digits, '-' or '_'", () => {
            rejects(
                one(lambda, { usagePlans: { basic: { apiKeys: ["partner key"] } } }),
                `${P} usagePlans.basic.apiKeys entries must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "partner key")`,
            );
        });

        it("API key names must be unique, within a plan and across plans", () => {
            rejects(
                one(lambda, { usagePlans: { basic: { apiKeys: ["partner"] }, premium: { apiKeys: ["gold", "partner"] } } }),
                `${P} usagePlans.premium.apiKeys entries must be unique, within a plan and across plans (received: "partner")`,
            );
            assert.match(errorOf(one(lambda, { usagePlans: { basic: { apiKeys: ["partner", "partner"] } } })), /usagePlans.basic.apiKeys entries must be unique/);
        });
    });

    describe("custom domain", () => {
        const domain = { domainName: "api.acme.dev", certificateArn: CERT };

        it("domainName must be a lowercase DNS name", () => {
            rejects(one(lambda, { domain: { ...domain, domainName: "API.acme.dev" } }), `${P} domain.domainName must be a lowercase DNS name such as api.acme.dev (received: "API.acme.dev")`);
            assert.match(errorOf(one(lambda, { domain: { ...domain, domainName: "https://api.acme.dev" } })), /domain.domainName must be a lowercase DNS name/);
            assert.match(errorOf(one(lambda, { domain: { ...domain, domainName: "localhost" } })), /domain.domainName must be a lowercase DNS name/);
            assert.match(errorOf(one(lambda, { domain: { ...domain, domainName: "api.acme.xn--p1ai-" } })), /domain.domainName must be a lowercase DNS name/);
            // Internationalised top-level domains are written in punycode.
            accepts(one(lambda, { domain: { ...domain, domainName: "api.acme.xn--p1ai" } }));
        });

        it("certificateArn must be an ACM certificate ARN", () => {
            rejects(one(lambda, { domain: { ...domain, certificateArn: "cert" } }), `${P} domain.certificateArn must be an ACM certificate ARN (received: "cert")`);
        });

        it("an EDGE API needs a certificate in us-east-1", () => {
            rejects(
                one(lambda, { endpointType: "EDGE", domain: { ...domain, certificateArn: EU_CERT } }),
                `${P} domain.certificateArn must be in us-east-1 for an EDGE API (CloudFront serves it) (received: "${EU_CERT}")`,
            );
            accepts(one(lambda, { endpointType: "EDGE", domain }));
        });

        it("a PRIVATE API takes no custom domain here", () => {
            rejects(one(lambda, { endpointType: "PRIVATE", vpcEndpointIds: [VPCE], domain }), `${P} domain is not supported here for a PRIVATE API (received: "api.acme.dev")`);
        });

        it("a multi-segment basePath needs a REGIONAL API", () => {
            rejects(
                one(lambda, { endpointType: "EDGE", domain: { ...domain, basePath: "v1/notes" } }),
                `${P} domain.basePath may have several segments only on a REGIONAL API (received: "v1/notes")`,
            );
            accepts(one(lambda, { domain: { ...domain, basePath: "v1/notes" } }));
        });

        it("basePath must be path segments without leading or trailing '/'", () => {
            rejects(
                one(lambda, { domain: { ...domain, basePath: "/v1" } }),
                `${P} domain.basePath must be path segments of letters, digits, . _ - without leading or trailing '/' (received: "/v1")`,
            );
            assert.match(errorOf(one(lambda, { domain: { ...domain, basePath: "v1/" } })), /domain.basePath must be .*\(received: "v1\/"\)/);
            accepts(one(lambda, { domain: { ...domain, basePath: "notes.v1" } }));
        });
    });

    describe("WAF", () => {
        it("webAclArn must be a REGIONAL WAFv2 web ACL ARN", () => {
            const global = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/api-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
            rejects(one(lambda, { webAclArn: global }), `${P} webAclArn must be a REGIONAL WAFv2 web ACL ARN (received: "${global}")`);
            accepts(one(lambda, { webAclArn: WEB_ACL }));
        });
    });

    describe("values of the wrong type (JavaScript callers, config files): refused by name, never a TypeError", () => {
        it("arguments that are not an object", () => {
            rejects(null as never, `${P} args must be an object of AuthorizedApi arguments (received: null)`);
            rejects(undefined as never, `${P} args must be an object of AuthorizedApi arguments (received: undefined)`);
        });

        it("containers the rules read inside, with every one at fault named at once", () => {
            rejects(one(lambda, { corsOrigins: -1 }), `${P} corsOrigins must be a list (received: -1)`);
            rejects(one(lambda, { cache: null }), `${P} cache must be an object (received: null)`);
            rejects(one(lambda, { throttle: "fast" }), `${P} throttle must be an object (received: "fast")`);
            rejects(one({ ...lambda, throttle: null as never }), `${P} routes["GET /notes"].throttle must be an object (received: null)`);
            rejects(one({ ...lambda, cache: { keyParameters: "x" as never } }, { cache: { size: "0.5" } }), `${P} routes["GET /notes"].cache.keyParameters must be a list (received: "x")`);
            rejects({ routes: "GET /notes" } as never, `${P} routes must be an object (received: "GET /notes")`);
            rejects(one("route" as never), `${P} routes["GET /notes"] must be an object (received: "route")`);
            assert.match(errorOf(one(lambda, { vpcEndpointIds: "vpce-1", binaryMediaTypes: "image/*" })), /2 invalid inputs:\n  - vpcEndpointIds must be a list .*\n  - binaryMediaTypes must be a list/);
        });

        it("binaryMediaTypes entries must be media types", () => {
            rejects(one(lambda, { binaryMediaTypes: ["image"] }), `${P} binaryMediaTypes[0] must be a media type such as image/* or application/octet-stream (received: "image")`);
            accepts(one(lambda, { binaryMediaTypes: ["image/*", "application/octet-stream", "*/*"] }));
        });
    });

    describe("several problems", () => {
        it("are reported together, with their count", () => {
            const args = api({ "GET /notes": {} }, { stageName: "prod v1", cache: { size: "2" } });
            rejects(
                args,
                [
                    `${P} 3 invalid inputs:`,
                    `  - routes["GET /notes"] must have exactly one integration: lambda, http, s3, stepFunctions, sqs, dynamodb, mock (received: [])`,
                    `  - stageName must be 1-128 letters, digits, '-' or '_' (received: "prod v1")`,
                    `  - cache.size must be one of the sizes API Gateway offers (GB): 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 (received: "2")`,
                ].join("\n"),
            );
            try {
                validateAuthorizedApiArgs("api", args);
                assert.fail("expected the arguments to be rejected");
            } catch (e) {
                assert.ok(e instanceof UserBackendInputError);
                assert.deepEqual(
                    e.issues.map((i) => i.field),
                    ['routes["GET /notes"]', "stageName", "cache.size"],
                );
            }
        });
    });

    describe("accepts", () => {
        it("a full configuration using every integration kind", () => {
            accepts({
                userPoolArn: POOL,
                defaultAuthorization: "cognito",
                lambdaAuthorizers: {
                    token: { functionArn: AUTHORIZER_FUNCTION, type: "token", resultTtlSeconds: 60 },
                    partner: { functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["method.request.header.X-Partner", "context.sourceIp"] },
                },
                corsOrigins: [APP],
                cache: { size: "0.5", ttlSeconds: 120 },
                throttle: { rateLimit: 50, burstLimit: 100 },
                stageName: "prod",
                accessLogRetentionDays: 30,
                executionLogLevel: "INFO",
                binaryMediaTypes: ["image/*"],
                usagePlans: { partners: { apiKeys: ["acme-partner"], quota: { limit: 10000, period: "MONTH" }, throttle: { rateLimit: 5, burstLimit: 10 } } },
                domain: { domainName: "api.acme.dev", certificateArn: CERT, basePath: "v1" },
                webAclArn: WEB_ACL,
                routes: {
                    "GET /notes": { ...lambda, cache: { keyParameters: ["method.request.querystring.page"] }, scopes: [SCOPE] },
                    "GET /notes/{id}": { ...lambda, cache: { ttlSeconds: 30, keyParameters: ["method.request.path.id"] }, requestParameters: { "method.request.path.id": true } },
                    "POST /notes": { ...lambda, requestSchema: { type: "object", required: ["title"] }, throttle: { rateLimit: 1, burstLimit: 2 } },
                    "GET /catalogue/{item}": { http: { url: "https://catalogue.acme.dev/items/{item}", timeoutMilliseconds: 5000 }, authorization: "none", cache: {} },
                    "GET /files/{key+}": { s3: { bucket: subBucket, operation: "get" } },
                    "PUT /files/{key+}": { s3: { bucket: subBucket, operation: "put" } },
                    "DELETE /files/{key+}": { s3: { bucket: subBucket, operation: "delete" } },
                    "GET /files": { s3: { bucket: subBucket, operation: "list" } },
                    "GET /shared/{key}": { s3: { bucket, operation: "get" }, authorization: "iam" },
                    "POST /orders": { stepFunctions: { stateMachineArn: MACHINE }, authorization: "iam" },
                    "POST /events": { sqs: { queueArn: QUEUE }, authorization: "lambda", authorizer: "token", apiKeyRequired: true },
                    "GET /items/{owner}": {
                        dynamodb: { tableArn: TABLE, operation: "Query", requestTemplate: GET_TEMPLATE, indexName: "byOwner", responseTemplate: "$input.body" },
                        authorization: "lambda",
                        authorizer: "partner",
                        cache: {},
                    },
                    "PUT /items": { dynamodb: { tableArn: TABLE, operation: "PutItem", requestTemplate: GET_TEMPLATE } },
                },
            });
        });

        it("a Lambda token authorizer and a request authorizer with a header source", () => {
            accepts(
                api(
                    { "GET /a": { ...lambda, authorization: "lambda", authorizer: "token" }, "GET /b": { ...lambda, authorization: "lambda", authorizer: "request" } },
                    {
                        lambdaAuthorizers: {
                            token: { functionArn: AUTHORIZER_FUNCTION, type: "token", identitySources: ["method.request.header.Authorization"] },
                            request: { functionArn: AUTHORIZER_FUNCTION, type: "request", identitySources: ["method.request.header.X-Session"] },
                        },
                    },
                ),
            );
        });

        it("a cached Cognito route with keyParameters", () => {
            accepts(one({ ...lambda, cache: { ttlSeconds: 60, keyParameters: ["method.request.path.id", "method.request.header.Accept-Language"] } }, { cache: { size: "0.5" } }, "GET /notes/{id}"));
        });

        it("a cached Lambda-token route", () => {
            accepts({ ...lambdaAuthorized(tokenAuthorizer, { cache: { ttlSeconds: 60 } }), cache: { size: "1.6" } });
        });

        it("an explicit public route", () => {
            accepts({ routes: { "GET /health": { ...lambda, authorization: "none" } } });
        });

        it("a PRIVATE API with a VPC endpoint", () => {
            accepts(one(lambda, { endpointType: "PRIVATE", vpcEndpointIds: [VPCE] }));
        });

        it("usage plans with quotas and keys", () => {
            accepts(
                one(
                    { ...lambda, apiKeyRequired: true },
                    {
                        usagePlans: {
                            basic: { apiKeys: ["partner-a", "partner_b"], quota: { limit: 1000, period: "DAY" } },
                            premium: { apiKeys: ["gold"], quota: { limit: 50000, period: "WEEK" }, throttle: { rateLimit: 100, burstLimit: 200 } },
                        },
                    },
                ),
            );
        });

        it("a regional custom domain, with a certificate in the API's region", () => {
            accepts(one(lambda, { domain: { domainName: "api.eu.acme.dev", certificateArn: EU_CERT } }));
            accepts(one(lambda, { endpointType: "REGIONAL", domain: { domainName: "api.acme.dev", certificateArn: CERT, basePath: "v1" } }));
        });

        it("Output values, which the plain-value format checks leave to deployment", () => {
            // Each of these would be rejected as a plain value: the Output hides the value until deployment.
            const bad = "not-an-arn";
            const plain: AuthorizedApiArgs = api(
                { "GET /notes": { lambda: { functionArn: bad } } },
                {
                    lambdaAuthorizers: { auth: { functionArn: bad, type: "token" } },
                    endpointType: "PRIVATE",
                    vpcEndpointIds: [bad],
                    webAclArn: bad,
                },
            );
            assert.match(errorOf(plain), /4 invalid inputs/);
            const plainCert = one(lambda, { domain: { domainName: "api.acme.dev", certificateArn: bad } });
            assert.match(errorOf(plainCert), /domain.certificateArn must be an ACM certificate ARN/);

            accepts(
                api(
                    {
                        "GET /notes": { lambda: { functionArn: pulumi.output(bad) } },
                        "GET /files/{key+}": { s3: { bucket: { bucketName: pulumi.output("photos-bucket"), bucketArn: pulumi.output(bucket.bucketArn), ownerPrincipalTag: "sub" }, operation: "get" } },
                        "POST /orders": { stepFunctions: { stateMachineArn: pulumi.output(MACHINE) } },
                        "POST /events": { sqs: { queueArn: pulumi.output(QUEUE) } },
                        "PUT /items": { dynamodb: { tableArn: pulumi.output(TABLE), operation: "PutItem", requestTemplate: GET_TEMPLATE } },
                    },
                    {
                        userPoolArn: pulumi.output(POOL),
                        lambdaAuthorizers: { auth: { functionArn: pulumi.output(bad), type: "token" } },
                        endpointType: "PRIVATE",
                        vpcEndpointIds: [pulumi.output(bad)],
                        webAclArn: pulumi.output(bad),
                    },
                ),
            );
            accepts(one(lambda, { endpointType: "EDGE", domain: { domainName: "api.acme.dev", certificateArn: pulumi.output(EU_CERT) } }));
            accepts(one(lambda, { domain: { domainName: "api.acme.dev", certificateArn: pulumi.output(bad) } }));
        });
    });
});

/**
 * A Cognito S3 route keys objects by `$context.authorizer.claims.sub`, so the bucket's owner tag
 * must be mapped from `sub` too, or the API path and the direct path reach different prefixes
 * (SECURITY.md, known mistake 11). A grant with identities tells the bucket its owner claim; the
 * check holds whichever of the grant and the API comes first.
 */
describe("AuthorizedApi S3 routes and the bucket's owner claim", () => {
    const employeeIdentities = {
        signedInRoles: { authenticated: "app-authenticated" },
        principalTagKeys: ["owner"],
        principalTagClaims: { owner: "custom:employee_id" },
    };
    const subIdentities = { ...employeeIdentities, principalTagClaims: { owner: "sub" } };
    const routes = (photos: SecureUserBucket, authorization?: "iam"): AuthorizedApiArgs =>
        api({ "GET /files/{key+}": { s3: { bucket: photos, operation: "get" }, ...(authorization ? { authorization } : {}) } });

    /** Runs the program; returns the input error it raised, or "". */
    async function errorIn(program: () => void): Promise<string> {
        let message = "";
        await record(() => {
            try {
                program();
            } catch (e) {
                assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
                message = e.message;
            }
        });
        return message;
    }

    it("refuses a Cognito S3 route on a bucket whose owner tag a grant mapped from another claim (grant first)", async () => {
        const message = await errorIn(() => {
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "owner" });
            photos.grantUserAccess("users", { identities: employeeIdentities });
            new AuthorizedApi("api", routes(photos));
        });
        assert.equal(
            message,
            `${P} routes["GET /files/{key+}"].s3.bucket keys prefixes by the owner tag "owner" mapped from the claim "custom:employee_id", but a Cognito route keys objects by the user pool sub ($context.authorizer.claims.sub): map the owner tag from "sub" (received: "custom:employee_id")`,
        );
    });

    it("refuses the grant when the Cognito S3 route came first (API first)", async () => {
        const message = await errorIn(() => {
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "owner" });
            new AuthorizedApi("api", routes(photos));
            photos.grantUserAccess("users", { identities: employeeIdentities });
        });
        assert.equal(
            message,
            `SecureUserBucket "photos": users.identities maps the owner tag "owner" from the claim "custom:employee_id", but AuthorizedApi "api" route "GET /files/{key+}" keys objects by "sub": the same user would reach two different prefixes; map the owner tag from "sub" (received: "custom:employee_id")`,
        );
    });

    it("accepts an owner tag mapped from sub, in either order", async () => {
        assert.equal(
            await errorIn(() => {
                const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "owner" });
                photos.grantUserAccess("users", { identities: subIdentities });
                new AuthorizedApi("api", routes(photos));
            }),
            "",
        );
        assert.equal(
            await errorIn(() => {
                const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "owner" });
                new AuthorizedApi("api", routes(photos));
                photos.grantUserAccess("users", { identities: subIdentities });
            }),
            "",
        );
    });

    it("leaves a bucket whose owner claim no grant has stated to the ownerPrincipalTag rule alone", () => {
        // A plain S3RouteBucket (no ownerClaim, no requireOwnerClaim) as before.
        accepts(api({ "GET /files/{key+}": { s3: { bucket: subBucket, operation: "get" } } }));
    });
});
