import { strict as assert } from "assert";
import * as fc from "fast-check";
import { ApiGatewayAccountLogging, validateApiGatewayAccountLoggingArgs } from "../../components/api-gateway-account";
import { AuthorizedApi, validateAuthorizedApiArgs } from "../../components/authorized-api";
import { CognitoAuth } from "../../components/cognito-auth";
import { validateCognitoAuthArgs } from "../../components/cognito-auth/validation";
import { SecureUserBucket } from "../../components/secure-user-bucket";
import { validateSecureUserBucketArgs } from "../../components/secure-user-bucket/validation";
import { functionArn, queueArn, stateMachineArn, tableArn, userPoolArn } from "../support/api";
import { argumentSets, Field, fuzz, fuzzComponent, FuzzStats, hostile, optionalFields, output, plainObjects } from "../support/fuzz";

/**
 * No argument set may crash a component (issue 12): each of FUZZ_RUNS sets, drawn from the typed args
 * (valid, near-valid and hostile values), is refused with UserBackendInputError naming a field, or is
 * accepted; a sample of the accepted ones records a graph with no high finding. Replay a failure with
 * the seed it prints: FUZZ_SEED=<seed> npx mocha tests/fuzz/components.test.ts
 */

// Shared pieces of valid arguments.
const componentName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const tags = fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:/=+@-]{0,20}$/), fc.string({ maxLength: 30 }), { maxKeys: 4, ...plainObjects });
const days = fc.integer({ min: 1, max: 400 });
const origin = fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9]{0,10}\.example\.com$/).map((h) => `https://${h}`),
    fc.constantFrom("http://localhost:3000", "https://app.acme.dev"),
);
const nearOrigin = fc.constantFrom("http://example.com", "https://example.com/", "https://*.example.com", "ftp://x", "https://exämple.com", "https://a b");
const prefix = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}\/$/);
const nearPrefix = fc.constantFrom("private", "/private/", "private//", "../", "pri*vate/", "${aws:username}/", "./", "a".repeat(300) + "/");
const nameWith = <A>(f: Field, args: fc.Arbitrary<A>) => fc.tuple(f(componentName, fc.constantFrom("", "Name With Spaces", "a".repeat(80), "-x", "日本")) as fc.Arbitrary<string>, args);

function summary(stats: FuzzStats): string {
    const top = [...stats.fields].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, n]) => `${f} ${n}`).join(", ");
    return `${stats.runs} sets: ${stats.refused} refused (${top}), ${stats.accepted} accepted, ${stats.recorded} recorded (${stats.refusedAtRecord} refused once known)`;
}

/** The mix must exercise both paths, or the property proves nothing. */
function assertMix(stats: FuzzStats): void {
    assert.ok(stats.refused >= stats.runs / 20, `too few refused sets: ${summary(stats)}`);
    assert.ok(stats.accepted >= stats.runs / 20, `too few accepted sets: ${summary(stats)}`);
    assert.ok(stats.recorded >= 1, `no accepted set was recorded: ${summary(stats)}`);
}

describe(`fuzzing the components (seed ${fuzz.seed}, ${fuzz.runs} sets each)`, function () {
    this.timeout(60_000);

    it("ApiGatewayAccountLogging: every argument set is refused by name or records a clean graph", async () => {
        const stats = await fuzzComponent<any>({
            component: "ApiGatewayAccountLogging",
            sets: argumentSets((f) => nameWith(f, f(optionalFields({ tags: f(tags, fc.constant({ "aws:x": "y" }), fc.constant({ k: 7 }), fc.constant(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`t${i}`, "v"])))) })))),
            validate: validateApiGatewayAccountLoggingArgs,
            program: (name, args) => void new ApiGatewayAccountLogging(name, args),
        });
        assertMix(stats);
    });

    it("SecureUserBucket: every argument set is refused by name or records a clean graph", async () => {
        const args = (f: Field) =>
            optionalFields({
            bucketName: f(fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}[a-z0-9]$/), fc.constantFrom("UPPER", "ab", "a..b", "192.168.0.1", "xn--abc", "a".repeat(70)), fc.constant(output("from-output"))),
            createKmsKey: f(fc.boolean()),
            kmsKeyArn: f(fc.constant(undefined), fc.constant("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), fc.constantFrom("alias/x", "arn:aws:kms:us-east-1:123:key/x")),
            ownerPrincipalTag: f(fc.constantFrom("sub", "owner"), fc.constantFrom("aws:sub", "has space", "")),
            prefixes: f(optionalFields({ private: f(prefix, nearPrefix), protected: f(prefix, nearPrefix), public: f(prefix, nearPrefix) }), fc.constant({ private: "same/", protected: "same/", public: "public/" })),
            corsOrigins: f(fc.uniqueArray(origin, { maxLength: 3 }), fc.array(nearOrigin, { minLength: 1, maxLength: 2 })),
            noncurrentVersionExpirationDays: f(days, fc.constantFrom(0, 1.5, -3)),
            abortIncompleteMultipartUploadDays: f(days, fc.constantFrom(0, 2.5)),
            accessLogging: f(fc.boolean()),
            accessLogBucketName: f(fc.constant(undefined), fc.constant("central-logs-bucket"), fc.constant("Bad_Name")),
            accessLogPrefix: f(fc.constantFrom("photos/", "logs/photos/"), fc.constantFrom("/x", "x")),
            accessLogRetentionDays: f(days, fc.constant(0)),
            forceDestroy: f(fc.boolean()),
            retainOnDelete: f(fc.boolean()),
            tags: f(tags, fc.constant({ "aws:team": "x" })),
            grants: f(fc.array(grant(f), { maxLength: 2 }), fc.constantFrom("users", { name: "users" }, [null], [7])),
        });
        // A grant as other languages write it; `name` and `roleNames` are required, so leaving one out is a near miss too.
        const operations = (f: Field) => f(fc.subarray(["read", "get", "list", "write", "delete"] as const), fc.constantFrom(["admin"], "read", [7]));
        const grant = (f: Field) =>
            fc.record(
                {
                    name: f(fc.constantFrom("users", "devices"), fc.constantFrom("", "has space", 7)),
                    roleNames: f(fc.constant({ authenticated: "auth-authenticated-role" }), fc.constantFrom({}, "auth-role", { authenticated: 7 })),
                    identities: f(
                        fc.constant({ principalTagKeys: ["sub", "owner"], principalTagClaims: { sub: "sub", owner: "sub" } }),
                        fc.constantFrom({ principalTagKeys: ["owner"], principalTagClaims: { owner: "email" } }, { principalTagKeys: "sub" }, { principalTagClaims: { sub: "sub" } }),
                    ),
                    private: operations(f),
                    protected: operations(f),
                    public: operations(f),
                },
                { requiredKeys: ["name", "roleNames"] },
            );
        const stats = await fuzzComponent<any>({
            component: "SecureUserBucket",
            sets: argumentSets((f) => nameWith(f, args(f))),
            validate: validateSecureUserBucketArgs,
            program: (name, a) => void new SecureUserBucket(name, a),
        });
        assertMix(stats);
    });

    it("CognitoAuth: every argument set is refused by name or records a clean graph", async () => {
        const group = (f: Field) =>
            optionalFields({ description: f(fc.string({ maxLength: 20 })), precedence: f(fc.nat(100), fc.constant(-1)), role: f(fc.boolean()) });
        const client = (f: Field) =>
            optionalFields({
            confidential: f(fc.boolean()),
            oauth: f(optionalFields({ callbackUrls: f(fc.constant(["https://app.acme.dev/callback"]), fc.constant(["http://example.com/cb"]), fc.constant(["https://example.com"])), logoutUrls: f(fc.constant(["https://app.acme.dev/"]), fc.constant([])), flows: f(fc.constant(["code"] as const)), scopes: f(fc.constant(["openid", "email"])) })),
            extraAuthFlows: f(fc.subarray(["userPassword", "adminUserPassword", "custom", "userAuth"] as const), fc.constant(["implicit"])),
            tokenValidity: f(optionalFields({ accessTokenMinutes: f(fc.integer({ min: 5, max: 1440 })), refreshTokenDays: f(fc.integer({ min: 1, max: 3650 })) })),
            identityPool: f(fc.boolean()),
        });
        const args = (f: Field) =>
            optionalFields({
            userPoolName: f(fc.stringMatching(/^[a-z][a-z0-9 _-]{0,20}$/), fc.constantFrom("", "bad/name", "ü")),
            signIn: f(fc.constantFrom({ email: true }, { username: true, preferredUsername: true }, { email: true, username: true }), optionalFields({ email: f(fc.boolean()), phone: f(fc.boolean()), username: f(fc.boolean()), preferredUsername: f(fc.boolean()) })),
            selfSignUp: f(fc.boolean()),
            passwordPolicy: f(optionalFields({ minimumLength: f(fc.integer({ min: 8, max: 99 }), fc.constantFrom(6, 100)), requireSymbols: f(fc.boolean()), temporaryPasswordValidityDays: f(fc.integer({ min: 1, max: 7 }), fc.constant(30)) })),
            mfa: f(fc.constantFrom("OPTIONAL", "ON"), fc.constantFrom("OFF", "optional", "REQUIRED")),
            mfaFactors: f(fc.constant({ totp: true }), optionalFields({ totp: f(fc.boolean()), sms: f(fc.boolean()), email: f(fc.boolean()) })),
            accountRecovery: f(fc.subarray(["email", "phone"] as const), fc.constant(["email", "email"]), fc.constant(["carrier pigeon"])),
            verificationMessages: f(fc.constantFrom({ emailStyle: "code", emailMessage: "Your code is {####}", emailSubject: "Your code" }, { emailStyle: "link", emailMessage: "Click {##here##}" }), optionalFields({ emailStyle: f(fc.constantFrom("code", "link")), emailSubject: f(fc.string({ minLength: 1, maxLength: 30 })), emailMessage: f(fc.constantFrom("Your code is {####}", "Click {##here##}"), fc.constant("no placeholder")), smsMessage: f(fc.constant("Code {####}")) })),
            invitationMessages: f(optionalFields({ emailMessage: f(fc.constant("Hi {username}, use {####}")), smsMessage: f(fc.constant("{username} {####}")) })),
            requiredAttributes: f(fc.subarray(["email", "name", "birthdate", "updated_at"] as const), fc.constant(["custom:x"]), fc.constant(["email", "email"])),
            customAttributes: f(
                fc.dictionary(
                    fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/),
                    f(
                        fc.oneof(fc.constant({ type: "String", mutable: true, maxLength: 64 }), fc.constant({ type: "Number", min: 0, max: 100 }), fc.constant({ type: "Boolean", mutable: false })),
                        optionalFields({ type: fc.constantFrom("String", "Number", "Boolean", "DateTime") as fc.Arbitrary<unknown>, mutable: f(fc.boolean()), userWritable: f(fc.boolean()), min: f(fc.integer({ min: 0, max: 10 })), max: f(fc.integer({ min: 10, max: 100 })) }),
                    ),
                    { maxKeys: 3, ...plainObjects },
                ),
            ),
            featureTier: f(fc.constantFrom("ESSENTIALS", "PLUS"), fc.constant("LITE"), fc.constant("FREE")),
            threatProtection: f(fc.constant(undefined), fc.constantFrom("AUDIT", "ENFORCED"), fc.constant("BLOCK")),
            deletionProtection: f(fc.boolean()),
            clients: f(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), client(f), { minKeys: 1, maxKeys: 2, ...plainObjects }), fc.constant({})),
            groups: f(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), group(f), { maxKeys: 2, ...plainObjects }), fc.constant({ ["g".repeat(45)]: { role: true } })),
            allowGuests: f(fc.boolean()),
            principalTags: f(fc.constantFrom({ sub: "sub" }, { owner: "sub" }), fc.constantFrom({ owner: "preferred_username" }, { "aws:x": "sub" }, { sub: "" })),
            domain: f(fc.constant(undefined), optionalFields({ prefix: f(fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/), fc.constantFrom("aws-x", "cognito", "UPPER")) })),
            tags: f(tags),
        });
        const stats = await fuzzComponent<any>({
            component: "CognitoAuth",
            sets: argumentSets((f) => nameWith(f, args(f))),
            validate: validateCognitoAuthArgs,
            program: (name, a) => void new CognitoAuth(name, a),
        });
        assertMix(stats);
    });

    it("AuthorizedApi: every argument set is refused by name or records a clean graph", async () => {
        const bucket = { bucketName: "photos-bucket-1234567", bucketArn: "arn:aws:s3:::photos-bucket-1234567", ownerPrincipalTag: "sub" };
        const integration = fc.oneof(
            fc.constant({ lambda: { functionArn: functionArn() } }),
            fc.constant({ http: { url: "https://backend.acme.dev/x" } }),
            fc.constant({ mock: { body: { ok: true } } }),
            fc.constantFrom("get", "put", "delete", "list").map((operation) => ({ s3: { bucket, operation } })),
            fc.constant({ stepFunctions: { stateMachineArn: stateMachineArn() } }),
            fc.constant({ sqs: { queueArn: queueArn() } }),
            fc.constant({ dynamodb: { tableArn: tableArn(), operation: "GetItem", requestTemplate: '{"TableName": "notes", "Key": {"pk": {"S": "$callerId"}}}' } }),
        );
        const nearIntegration = fc.constantFrom<unknown>(
            {},
            { lambda: { functionArn: "not-an-arn" } },
            { http: { url: "http://insecure.example.com" } },
            { lambda: { functionArn: functionArn() }, mock: { body: {} } },
            { s3: { bucket: { ...bucket, prefixes: { private: "../" } }, operation: "get" } },
            { s3: { bucket, operation: "copy" } },
            { dynamodb: { tableArn: tableArn(), operation: "PutItem", requestTemplate: '{"TableName": "notes", "Item": {"pk": {"S": "$input.path(\'$.owner\')"}}}' } },
        );
        const route = (f: Field) =>
            fc.tuple(integration, optionalFields({ authorization: f(fc.constantFrom("cognito", "iam"), fc.constantFrom("none", "lambda", "public")), throttle: f(fc.constant({ rateLimit: 10, burstLimit: 20 }), fc.constant({ rateLimit: 0, burstLimit: 0.5 })) })).map(([i, rest]) => ({ ...i, ...rest }));
        // A valid route: each integration on a method and path it accepts.
        const validRoute = fc.tuple(
            fc.stringMatching(/^[a-z]{1,8}$/),
            fc.constantFrom<[string, string, object]>(
                ["GET", "", { lambda: { functionArn: functionArn() } }],
                ["POST", "", { http: { url: "https://backend.acme.dev/x" } }],
                ["GET", "", { mock: { body: { ok: true } } }],
                ["GET", "/{key+}", { s3: { bucket, operation: "get" } }],
                ["PUT", "/{key+}", { s3: { bucket, operation: "put" } }],
                ["DELETE", "/{key+}", { s3: { bucket, operation: "delete" } }],
                ["GET", "", { s3: { bucket, operation: "list" } }],
                ["POST", "", { stepFunctions: { stateMachineArn: stateMachineArn() } }],
                ["POST", "", { sqs: { queueArn: queueArn() } }],
                ["POST", "", { dynamodb: { tableArn: tableArn(), operation: "GetItem", requestTemplate: '{"TableName": "notes", "Key": {"pk": {"S": "$callerId"}}}' } }],
            ),
        ).map(([segment, [method, suffix, route]]) => [`${method} /${segment}${suffix}`, route] as const);
        const validRoutes = fc.uniqueArray(validRoute, { minLength: 1, maxLength: 4, selector: ([key]) => key.split(" ")[1].split("/")[1] }).map((entries) => Object.fromEntries(entries));
        const validRouteKey = fc.oneof(
            fc.tuple(fc.constantFrom("GET", "POST", "PUT", "DELETE"), fc.stringMatching(/^\/[a-z]{1,8}$/)).map(([m, p]) => `${m} ${p}`),
            fc.tuple(fc.constantFrom("GET", "PUT", "DELETE"), fc.stringMatching(/^\/[a-z]{1,8}$/)).map(([m, p]) => `${m} ${p}/{key+}`),
        );
        const routeKey = fc.oneof(
            fc.tuple(fc.constantFrom("GET", "POST", "PUT", "DELETE"), fc.stringMatching(/^\/[a-z]{1,8}$/)).map(([m, p]) => `${m} ${p}`),
            fc.tuple(fc.constantFrom("GET", "PUT", "DELETE"), fc.stringMatching(/^\/[a-z]{1,8}$/)).map(([m, p]) => `${m} ${p}/{key+}`),
            fc.constantFrom("get /x", "GET x", "GET /a//b", "FETCH /x", "GET /{a}/{b+}/c", "GET /x/{key+}/{y}", "GET /ünï", "GET /x?y=1", " GET /x"),
        );
        const args = (f: Field) =>
            fc
            .tuple(
                f(validRoutes, fc.dictionary(validRouteKey, route(f), { minKeys: 1, maxKeys: 4, ...plainObjects }), fc.dictionary(routeKey, f(route(f), nearIntegration), { minKeys: 1, maxKeys: 4, ...plainObjects }), fc.constant({})),
                optionalFields({
                    defaultAuthorization: f(fc.constantFrom("cognito", "iam"), fc.constant("none")),
                    corsOrigins: f(fc.uniqueArray(origin, { maxLength: 2 }), fc.array(nearOrigin, { minLength: 1, maxLength: 2 })),
                    endpointType: f(fc.constantFrom("REGIONAL", "EDGE"), fc.constant("PRIVATE")),
                    stageName: f(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), fc.constantFrom("", "a b", "$default")),
                    throttle: f(fc.record({ rateLimit: fc.integer({ min: 1, max: 1000 }), burstLimit: fc.integer({ min: 1, max: 2000 }) }, plainObjects), fc.constant({ rateLimit: -1, burstLimit: 1 })),
                    cache: f(fc.record({ size: fc.constantFrom("0.5", "1.6") }, plainObjects), fc.constant({ size: "2" })),
                    accessLogRetentionDays: f(fc.constantFrom(7, 30, 365), fc.constant(8)),
                    executionLogLevel: f(fc.constantFrom("ERROR", "INFO"), fc.constant("DEBUG")),
                    tracing: f(fc.boolean()),
                    accountLogRole: f(fc.constantFrom("baseline", "managed"), fc.constant("none"), fc.constant("mine")),
                    binaryMediaTypes: f(fc.constant(["image/*"])),
                    webAclArn: f(fc.constant("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/1234"), fc.constant("acl")),
                    tags: f(tags),
                }),
                f(fc.constant(userPoolArn), fc.constantFrom("arn:aws:cognito-idp:us-east-1:1:userpool/x", ""), fc.constant(output(userPoolArn))),
            )
            .map(([routes, rest, pool]) => ({ routes, userPoolArn: pool, ...rest }));
        const stats = await fuzzComponent<any>({
            component: "AuthorizedApi",
            sets: argumentSets((f) => nameWith(f, args(f))),
            validate: validateAuthorizedApiArgs,
            program: (name, a) => void new AuthorizedApi(name, a),
        });
        assertMix(stats);
    });

    it("the arguments themselves may be anything: refused by name, never read as an object", async () => {
        const targets: [string, (name: string, args: any) => void][] = [
            ["ApiGatewayAccountLogging", validateApiGatewayAccountLoggingArgs],
            ["SecureUserBucket", validateSecureUserBucketArgs],
            ["CognitoAuth", validateCognitoAuthArgs],
            ["AuthorizedApi", validateAuthorizedApiArgs],
        ];
        const problems: string[] = [];
        for (const [component, validate] of targets) {
            try {
                await fuzzComponent<any>({ component, sets: fc.tuple(fc.constant("fuzz"), hostile), validate, program: () => undefined }, Math.min(fuzz.runs, 300));
            } catch (e) {
                problems.push((e as Error).message);
            }
        }
        assert.deepEqual(problems, []);
    });
});
