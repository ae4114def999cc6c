import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "../../components";
import { record } from "../../offline/recorder";
import { Recording } from "../../offline/recording";
import { Graph } from "../../offline/graph";
import { evaluateRules, isRuleId, RuleException, RuleReport, rules, severityAtLeast } from "../../offline/rules";
import {
    ApiShape,
    ApiSpec,
    assertFinding,
    assertNoFinding,
    assertRuleException,
    denyWithoutTls,
    exceptedOf,
    findingsOf,
    hardenedBucket,
    identityPoolTrust,
    once,
    openApiDocument,
    policyDocument,
    restApi,
    serviceTrust,
    T,
    TOKEN_AUTHORIZER_URI,
    Uploader,
} from "../support/rules-fixtures";
import { senderKeyGaps } from "../support/sender-key-fixtures"; // UB-KMS-SENDER-KEY: tests/offline/sender-key-rule.test.ts
import { domainGaps } from "../support/domain-fixtures"; // UB-DOMAIN-CERT-REGION, UB-APIG-DOMAIN-TLS: tests/offline/domain-rules.test.ts
import { wideEventRoles } from "../support/event-rule-fixtures"; // UB-EVENTS-TARGET-ROLE: tests/offline/event-rule.test.ts

/**
 * The specification of the rule set (offline/rules/): for every rule, a small program of raw AWS
 * resources that breaks it and the finding it gets, and a compliant variant that gets none; the
 * patterns each rule knows to be deliberate; declared exceptions; and the components' own defaults.
 *
 * Programs that share a subject are recorded once (memoized) and read by several tests.
 */

/** Owner variables, written as IAM reads them (plain strings: no template interpolation). */
const TAG = "${aws:PrincipalTag/sub}";
const IDENTITY = "${cognito-identity.amazonaws.com:sub}";

const userPoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example1";
const strongPassword = { minimumLength: 12, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 7 };

const recorded = (program: () => void) => once(() => record(() => (program(), {})));

// ---------------------------------------------------------------------------------------------
// The programs.

/** A key policy that is not AWS's default: the account administers the key, and one role may use it through S3 only. */
const explicitKeyPolicy = () =>
    policyDocument([
        { Sid: "Administer", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
        { Sid: "UseThroughS3", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/uploader" }, Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
    ]);

/** S3 and KMS: a bucket with no protection at all, a bucket with each protection subtly wrong, an unrotated key. */
const insecureStorage = recorded(() => {
    hardenedBucket("open", { forceDestroy: true, publicAccessBlock: false, policy: false, encryption: false, ownership: false, versioning: false, lifecycle: false });
    const logs = hardenedBucket("leaky-logs");
    hardenedBucket("leaky", {
        publicAccessBlock: { blockPublicPolicy: false, restrictPublicBuckets: false },
        policy: (arn) => [
            { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${arn}/*` },
            // Everyone, but narrowed to one account: not public.
            { Sid: "PartnerDrop", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:PutObject", Resource: pulumi.interpolate`${arn}/inbox/*`, Condition: { StringEquals: { "aws:PrincipalAccount": "210987654321" } } },
            // Deny plain HTTP on the objects, and on the bucket, but in two statements: neither has the [bucket, bucket/*] shape.
            { Sid: "ObjectsOverTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [pulumi.interpolate`${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
            { Sid: "BucketOverTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn], Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ],
        encryption: "aws:kms",
        ownership: "ObjectWriter",
        versioning: "Suspended",
        lifecycle: [
            { id: "abort-uploads", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
            { id: "old-versions", status: "Disabled", filter: { prefix: "" }, noncurrentVersionExpiration: { noncurrentDays: 30 } },
        ],
        logTo: logs,
    });
    new aws.kms.Key("unrotated", { description: "never rotates" });
});

/** The compliant variant: every protection in place, a public-looking read narrowed to the organization, rotated keys. */
const secureStorage = recorded(() => {
    const logs = hardenedBucket("vault-logs");
    hardenedBucket("vault", {
        encryption: "aws:kms",
        logTo: logs,
        policy: (arn) => [
            denyWithoutTls(arn),
            { Sid: "OrganizationRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${arn}/shared/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
        ],
    });
    new aws.kms.Key("rotated", { enableKeyRotation: true, policy: explicitKeyPolicy() });
    // Asymmetric keys cannot rotate: nothing to ask of them.
    new aws.kms.Key("signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY", policy: explicitKeyPolicy() });
});

/** Cognito user pools, identity pools and app clients, each weak in its own way, next to strong ones. */
const cognito = recorded(() => {
    new aws.cognito.UserPool("weak", {
        passwordPolicy: { ...strongPassword, minimumLength: 6, requireSymbols: false, temporaryPasswordValidityDays: 30 },
        mfaConfiguration: "OFF",
        deletionProtection: "INACTIVE",
    });
    new aws.cognito.UserPool("optional", { passwordPolicy: strongPassword, mfaConfiguration: "OPTIONAL", userPoolAddOns: { advancedSecurityMode: "AUDIT" }, deletionProtection: "ACTIVE" });
    new aws.cognito.UserPool("totp-optional", {
        passwordPolicy: strongPassword,
        mfaConfiguration: "OPTIONAL",
        softwareTokenMfaConfiguration: { enabled: true },
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        deletionProtection: "ACTIVE",
    });
    const strong = new aws.cognito.UserPool("strong", {
        passwordPolicy: strongPassword,
        mfaConfiguration: "ON",
        softwareTokenMfaConfiguration: { enabled: true },
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        deletionProtection: "ACTIVE",
    });
    // Passkeys as the only first factor (UB-COG-PASSKEY-RECOVERY); otherwise as strong as "strong". tests/offline/passkey-rule.test.ts has the compliant side.
    new aws.cognito.UserPool("passkeys-only", {
        passwordPolicy: strongPassword,
        mfaConfiguration: "ON",
        softwareTokenMfaConfiguration: { enabled: true },
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        deletionProtection: "ACTIVE",
        signInPolicy: { allowedFirstAuthFactors: ["WEB_AUTHN"] },
    });
    const open = new aws.cognito.IdentityPool("open-ids", { identityPoolName: "open ids", allowUnauthenticatedIdentities: true, allowClassicFlow: true });
    const closed = new aws.cognito.IdentityPool("closed-ids", { identityPoolName: "closed ids", allowUnauthenticatedIdentities: false, allowClassicFlow: false });
    new aws.cognito.UserPoolClient("sloppy-client", {
        name: "sloppy",
        userPoolId: strong.id,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["implicit"],
        allowedOauthScopes: ["openid"],
        supportedIdentityProviders: ["COGNITO"],
        callbackUrls: ["https://app.example.com/callback", "http://app.acme.dev/callback", "http://localhost:3000/callback"],
        logoutUrls: ["https://app.acme.dev/"],
        preventUserExistenceErrors: "LEGACY",
        enableTokenRevocation: false,
    });
    new aws.cognito.UserPoolClient("tidy-client", {
        name: "tidy",
        userPoolId: strong.id,
        allowedOauthFlowsUserPoolClient: true,
        allowedOauthFlows: ["code"],
        allowedOauthScopes: ["openid"],
        supportedIdentityProviders: ["COGNITO"],
        callbackUrls: ["https://app.acme.dev/callback", "http://localhost:5173/callback"],
        logoutUrls: ["https://app.acme.dev/"],
        preventUserExistenceErrors: "ENABLED",
    });
    const webIdentity = (condition: Record<string, unknown>) =>
        policyDocument([{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }]);
    new aws.iam.Role("any-pool", { assumeRolePolicy: webIdentity({ "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": ["authenticated", "unauthenticated"] } }) });
    new aws.iam.Role("two-pools", {
        assumeRolePolicy: webIdentity({
            StringEquals: { "cognito-identity.amazonaws.com:aud": [open.id, closed.id] },
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
        }),
    });
    new aws.iam.Role("signed-in", { assumeRolePolicy: identityPoolTrust(closed.id) });
});

/** IAM: identity pool roles with per-user grants done right and wrong, a guest role, service roles, and a custom component. */
const iam = recorded(() => {
    const data = new aws.s3.Bucket("data");
    const ids = new aws.cognito.IdentityPool("ids", { identityPoolName: "ids", allowUnauthenticatedIdentities: true });
    const statements = (role: aws.iam.Role, name: string, list: unknown[]) => new aws.iam.RolePolicy(name, { role: role.name, policy: policyDocument(list) });

    const users = new aws.iam.Role("users", { assumeRolePolicy: identityPoolTrust(ids.id) });
    statements(users, "users-policy", [
        { Sid: "OwnObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: [pulumi.interpolate`${data.arn}/private/${TAG}/*`] },
        { Sid: "OwnKeys", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [data.arn], Condition: { StringLike: { "s3:prefix": [`private/${TAG}/`, `private/${TAG}/*`] } } },
        { Sid: "OwnIdentityObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${data.arn}/protected/${IDENTITY}/*`] },
    ]);

    const sloppy = new aws.iam.Role("sloppy", { assumeRolePolicy: identityPoolTrust(ids.id) });
    statements(sloppy, "sloppy-policy", [
        /* 0 */ { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${data.arn}/*/${TAG}/*`] },
        /* 1 */ { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [data.arn], Condition: { StringLike: { "s3:prefix": [`private/${TAG}*`] } } },
        /* 2 */ { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [data.arn] },
        /* 3 */ { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${data.arn}/home/\${aws:username}/*`] },
        /* 4 */ { Effect: "Allow", Action: ["s3:PutObjectAcl"], Resource: [pulumi.interpolate`${data.arn}/private/${TAG}/*`] },
        /* 5 */ { Effect: "Allow", Action: ["s3:PutObject"], Resource: [pulumi.interpolate`${data.arn}/public/*`] },
        /* 6 */ { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [data.arn], Condition: { StringLike: { "s3:prefix": [`*/${TAG}/`] } } },
    ]);

    const guest = new aws.iam.Role("guest", { assumeRolePolicy: identityPoolTrust(ids.id, "unauthenticated") });
    statements(guest, "guest-policy", [
        { Effect: "Allow", Action: ["s3:PutObject"], Resource: [pulumi.interpolate`${data.arn}/public/*`] },
        { Effect: "Allow", Action: ["s3:PutObject"], Resource: [pulumi.interpolate`${data.arn}/guests/${IDENTITY}/*`] },
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${data.arn}/public/*`] },
    ]);
    new aws.cognito.IdentityPoolRoleAttachment("ids-roles", { identityPoolId: ids.id, roles: { authenticated: users.arn, unauthenticated: guest.arn } });
    // A guest role by its trust alone, attached nowhere.
    const stray = new aws.iam.Role("stray-guest", { assumeRolePolicy: identityPoolTrust(ids.id, "unauthenticated") });
    statements(stray, "stray-guest-policy", [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws:sqs:us-east-1:123456789012:events"] }]);

    // Service roles: the identity pool rules do not apply to them.
    const indexer = new aws.iam.Role("indexer", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com") });
    statements(indexer, "indexer-policy", [
        { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [data.arn] },
        { Effect: "Allow", Action: ["s3:PutObjectAcl"], Resource: [pulumi.interpolate`${data.arn}/index.html`] },
    ]);
    const operator = new aws.iam.Role("operator", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com") });
    statements(operator, "operator-policy", [
        { Effect: "Allow", Action: ["s3:*"], Resource: [data.arn] },
        { Effect: "Allow", NotAction: ["iam:*"], Resource: [data.arn] },
    ]);
    const tracer = new aws.iam.Role("tracer", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com") });
    statements(tracer, "tracer-policy", [
        { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: ["*"] },
        { Effect: "Allow", Action: ["xray:PutTraceSegments", "s3:GetObject"], Resource: ["*"] },
    ]);
    const logger = new aws.iam.Role("logger", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com") });
    statements(logger, "logger-policy", [
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:/app/orders:*"] },
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: ["arn:aws:logs:us-east-1:123456789012:log-group:/app/*:*"] },
    ]);
    new aws.iam.Role("legacy", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com"), managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
    const worker = new aws.iam.Role("worker", { assumeRolePolicy: serviceTrust("lambda.amazonaws.com") });
    new aws.iam.RolePolicyAttachment("worker-admin", { role: worker.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    const own = new aws.iam.Policy("worker-own", { policy: policyDocument([{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"] }]) });
    new aws.iam.RolePolicyAttachment("worker-own-attachment", { role: worker.name, policyArn: own.arn });

    new Uploader("uploads", { identityPoolId: ids.id, bucketArn: data.arn });
    new Uploader("tidy-uploads", { identityPoolId: ids.id, bucketArn: data.arn, ownPrefixOnly: true });
});

/** API Gateway: one API with every stage, method and deployment setting missing or wrong, two stages on it. */
const insecureApi = recorded(() => {
    const api = new aws.apigateway.RestApi("open-api", {});
    const items = new aws.apigateway.Resource("open-items", { restApi: api.id, parentId: api.rootResourceId, pathPart: "items" });
    const item = new aws.apigateway.Resource("open-item", { restApi: api.id, parentId: items.id, pathPart: "{id}" });
    const authorizer = new aws.apigateway.Authorizer("open-authorizer", { restApi: api.id, type: "COGNITO_USER_POOLS", providerArns: [userPoolArn], identitySource: "method.request.header.Authorization" });
    const bodyOnly = new aws.apigateway.RequestValidator("body-only", { restApi: api.id, validateRequestBody: true, validateRequestParameters: false });
    const route = (name: string, resource: aws.apigateway.Resource, httpMethod: string, args: Partial<aws.apigateway.MethodArgs>) => {
        const method = new aws.apigateway.Method(`open-${name}`, { restApi: api.id, resourceId: resource.id, httpMethod, authorization: "NONE", ...args });
        new aws.apigateway.Integration(`open-${name}-integration`, { restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, type: "MOCK" });
    };
    route("list", items, "GET", {});
    route("options", items, "OPTIONS", {});
    route("create", items, "POST", { authorization: "COGNITO_USER_POOLS", authorizerId: authorizer.id, requestModels: { "application/json": "Empty" } });
    route("read", item, "GET", {
        authorization: "AWS_IAM",
        requestParameters: { "method.request.path.id": true, "method.request.querystring.fields": true },
        requestValidatorId: bodyOnly.id,
    });
    const deployment = new aws.apigateway.Deployment("open-deployment", { restApi: api.id });
    const stage = new aws.apigateway.Stage("open-stage", { restApi: api.id, deployment: deployment.id, stageName: "open", cacheClusterEnabled: true, cacheClusterSize: "0.5" });
    new aws.apigateway.MethodSettings("open-settings", { restApi: api.id, stageName: stage.stageName, methodPath: "*/*", settings: { loggingLevel: "OFF", metricsEnabled: false, cachingEnabled: true } });
    // Caching turned on for one POST method, with the cache itself set up properly.
    new aws.apigateway.MethodSettings("open-create-settings", {
        restApi: api.id,
        stageName: stage.stageName,
        methodPath: "~1items/POST",
        settings: { cachingEnabled: true, cacheDataEncrypted: true, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" },
    });
    const textLogs = new aws.cloudwatch.LogGroup("text-logs", {});
    new aws.apigateway.Stage("text-stage", {
        restApi: api.id,
        deployment: deployment.id,
        stageName: "text",
        xrayTracingEnabled: true,
        cacheClusterEnabled: true,
        cacheClusterSize: "0.5",
        accessLogSettings: { destinationArn: textLogs.arn, format: "$context.requestId $context.status" },
    });
});

/** The compliant variant: every method authorized (or keyed), validated and keyed by caller in the cache; the stage logged, traced, throttled and behind a WAF. */
const secureApi = recorded(() => {
    const api = new aws.apigateway.RestApi("safe-api", {});
    const items = new aws.apigateway.Resource("safe-items", { restApi: api.id, parentId: api.rootResourceId, pathPart: "items" });
    const item = new aws.apigateway.Resource("safe-item", { restApi: api.id, parentId: items.id, pathPart: "{id}" });
    const status = new aws.apigateway.Resource("safe-status", { restApi: api.id, parentId: api.rootResourceId, pathPart: "status" });
    const authorizer = new aws.apigateway.Authorizer("safe-authorizer", { restApi: api.id, type: "COGNITO_USER_POOLS", providerArns: [userPoolArn], identitySource: "method.request.header.Authorization" });
    const validator = new aws.apigateway.RequestValidator("safe-validator", { restApi: api.id, validateRequestBody: true, validateRequestParameters: true });
    const cognitoAuth = { authorization: "COGNITO_USER_POOLS", authorizerId: authorizer.id };
    const parts: pulumi.Resource[] = [];
    const route = (name: string, resource: aws.apigateway.Resource, httpMethod: string, args: Partial<aws.apigateway.MethodArgs>, cacheKeyParameters?: string[]) => {
        const method = new aws.apigateway.Method(`safe-${name}`, { restApi: api.id, resourceId: resource.id, httpMethod, authorization: "NONE", ...args });
        const integration = new aws.apigateway.Integration(`safe-${name}-integration`, { restApi: api.id, resourceId: resource.id, httpMethod: method.httpMethod, type: "MOCK", cacheKeyParameters });
        parts.push(method, integration);
    };
    route("list", items, "GET", { ...cognitoAuth, requestParameters: { "method.request.header.Authorization": true }, requestValidatorId: validator.id }, ["method.request.header.Authorization"]);
    route("options", items, "OPTIONS", {});
    // Stage-wide caching applies to GET only: this POST is not cached, so it needs no cache key.
    route("create", items, "POST", { ...cognitoAuth, requestModels: { "application/json": "Empty" }, requestValidatorId: validator.id });
    // Path parameters need no validator: routing already requires them.
    route("read", item, "GET", { ...cognitoAuth, requestParameters: { "method.request.path.id": true } }, ["method.request.header.Authorization", "method.request.path.id"]);
    // No credentials, but an API key.
    route("status", status, "GET", { apiKeyRequired: true });
    const deployment = new aws.apigateway.Deployment("safe-deployment", { restApi: api.id, triggers: { redeployment: "v1" } }, { dependsOn: parts });
    const logs = new aws.cloudwatch.LogGroup("safe-access-logs", { retentionInDays: 90 });
    const stage = new aws.apigateway.Stage("safe-stage", {
        restApi: api.id,
        deployment: deployment.id,
        stageName: "safe",
        xrayTracingEnabled: true,
        cacheClusterEnabled: true,
        cacheClusterSize: "0.5",
        accessLogSettings: { destinationArn: logs.arn, format: JSON.stringify({ requestId: "$context.requestId", status: "$context.status" }) },
    });
    new aws.apigateway.MethodSettings("safe-settings", {
        restApi: api.id,
        stageName: stage.stageName,
        methodPath: "*/*",
        settings: {
            loggingLevel: "ERROR",
            metricsEnabled: true,
            throttlingRateLimit: 20,
            throttlingBurstLimit: 40,
            cachingEnabled: true,
            cacheDataEncrypted: true,
            requireAuthorizationForCacheControl: true,
            unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403",
        },
    });
    new aws.wafv2.WebAclAssociation("safe-waf", { resourceArn: stage.arn, webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/0a1b2c3d-0000-4000-a000-000000000000" });
});

/** An AuthorizedApi with a declared public route and S3 routes: on a SecureUserBucket, and on a bucket the component knows nothing of. */
const authorizedApi = recorded(() => {
    const photos = new SecureUserBucket("photos", {});
    new AuthorizedApi("api", {
        defaultAuthorization: "iam",
        routes: {
            "GET /me/{key+}": { s3: { bucket: photos, operation: "get" } },
            "GET /shared/{key+}": { s3: { bucket: { bucketName: "shared-bucket", bucketArn: "arn:aws:s3:::shared-bucket" }, operation: "get" } },
            "GET /health": { mock: { body: { ok: true } }, authorization: "none" },
        },
    });
});

const components = {
    bucket: recorded(() => {
        new SecureUserBucket("photos", {});
        new SecureUserBucket("vault", { createKmsKey: true });
    }),
    auth: recorded(() => {
        const auth = new CognitoAuth("auth", { mfa: "ON", threatProtection: "ENFORCED" });
        new SecureUserBucket("photos", {}).grantUserAccess("users", { identities: auth });
    }),
};

/** The account root, as a key policy names it for the offline account. */
const ROOT = "arn:aws:iam::123456789012:root";

/** X-Ray's four tracing actions, which support no resource-level permissions. */
const XRAY = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"];

/**
 * Identity pool session tags used as the owner in a role's S3 grants: `owner` from
 * preferred_username, `team` from a custom attribute client `web` may write, `nick` from a standard
 * attribute that client `mobile` (no writeAttributes) may write, `uid` from sub; `spare` comes from
 * email but no policy uses it.
 */
function ownerTags(tags: Record<string, string>, clients: { name: string; writeAttributes?: string[] }[], uses: string[]): void {
    const pool = new aws.cognito.UserPool("members", {
        passwordPolicy: strongPassword,
        mfaConfiguration: "ON",
        softwareTokenMfaConfiguration: { enabled: true },
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        deletionProtection: "ACTIVE",
        schemas: [{ name: "team", attributeDataType: "String", mutable: true, stringAttributeConstraints: { minLength: "1", maxLength: "64" } }],
    });
    for (const c of clients) {
        new aws.cognito.UserPoolClient(c.name, { userPoolId: pool.id, preventUserExistenceErrors: "ENABLED", writeAttributes: c.writeAttributes, explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    }
    const ids = new aws.cognito.IdentityPool("member-ids", { identityPoolName: "member ids", allowUnauthenticatedIdentities: false, allowClassicFlow: false });
    new aws.cognito.IdentityPoolProviderPrincipalTag("member-tags", { identityPoolId: ids.id, identityProviderName: pool.endpoint, principalTags: tags, useDefaults: false });
    const bucket = "arn:aws:s3:::member-files";
    new aws.iam.Role("members-role", {
        assumeRolePolicy: identityPoolTrust(ids.id),
        inlinePolicies: [
            {
                name: "files",
                policy: policyDocument([
                    { Effect: "Allow", Action: ["s3:GetObject"], Resource: uses.map((tag) => `${bucket}/private/\${aws:PrincipalTag/${tag}}/*`) },
                    { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket], Condition: { StringLike: { "s3:prefix": uses.flatMap((tag) => [`private/\${aws:PrincipalTag/${tag}}/`, `private/\${aws:PrincipalTag/${tag}}/*`]) } } },
                ]),
            },
        ],
    });
}

/** Keys, log groups, state machines, web ACLs and owner tags, each missing what the newer rules ask. */
const serviceGaps = recorded(() => {
    new aws.kms.Key("defaulted", { enableKeyRotation: true });
    new aws.kms.Key("root-only", {
        enableKeyRotation: true,
        policy: policyDocument([{ Sid: "Root", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" }]),
    });
    new aws.cloudwatch.LogGroup("plain-logs", { retentionInDays: 30 });
    const role = new aws.iam.Role("flow-role", { assumeRolePolicy: serviceTrust("states.amazonaws.com") });
    // Two of the four X-Ray actions only.
    new aws.iam.RolePolicy("flow-role-policy", { role: role.name, policy: policyDocument([{ Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }]) });
    const definition = JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } });
    new aws.sfn.StateMachine("silent-flow", { roleArn: role.arn, definition, tracingConfiguration: { enabled: true } });
    const logs = new aws.cloudwatch.LogGroup("flow-logs", { retentionInDays: 30 });
    new aws.sfn.StateMachine("muted-flow", { roleArn: role.arn, definition, loggingConfiguration: { level: "OFF", logDestination: pulumi.interpolate`${logs.arn}:*` } });
    const acl = (name: string) => new aws.wafv2.WebAcl(name, { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true } });
    acl("silent-acl");
    const misnamed = acl("misnamed-acl");
    const wafLogs = new aws.cloudwatch.LogGroup("waf-logs", { name: "api-waf-logs", retentionInDays: 30 });
    new aws.wafv2.WebAclLoggingConfiguration("misnamed-acl-logging", { resourceArn: misnamed.arn, logDestinationConfigs: [wafLogs.arn] });
    ownerTags(
        { owner: "preferred_username", team: "custom:team", nick: "nickname", uid: "sub", spare: "email" },
        [{ name: "web", writeAttributes: ["custom:team", "given_name"] }, { name: "mobile" }],
        ["owner", "team", "nick", "uid"],
    );
});

/** The compliant variant: an explicit key policy, encrypted logs, a logged and permitted traced workflow, a logged web ACL, an owner tag from sub. */
const serviceGapsClosed = recorded(() => {
    const key = new aws.kms.Key("explicit", {
        enableKeyRotation: true,
        policy: policyDocument([
            // The account root keeps the key manageable: with other statements beside it, it is not the default policy.
            { Sid: "Administer", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" },
            { Sid: "LogsUse", Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*", Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:*" } } },
        ]),
    });
    const logs = new aws.cloudwatch.LogGroup("flow-logs", { retentionInDays: 30, kmsKeyId: key.arn });
    const role = new aws.iam.Role("flow-role", { assumeRolePolicy: serviceTrust("states.amazonaws.com") });
    new aws.iam.RolePolicy("flow-role-policy", { role: role.name, policy: policyDocument([{ Effect: "Allow", Action: XRAY, Resource: "*" }]) });
    new aws.sfn.StateMachine("traced-flow", {
        roleArn: role.arn,
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } }),
        tracingConfiguration: { enabled: true },
        loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: pulumi.interpolate`${logs.arn}:*` },
    });
    const acl = new aws.wafv2.WebAcl("logged-acl", { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "logged", sampledRequestsEnabled: true } });
    const wafLogs = new aws.cloudwatch.LogGroup("waf-logs", { name: "aws-waf-logs-api", retentionInDays: 30, kmsKeyId: key.arn });
    new aws.wafv2.WebAclLoggingConfiguration("logged-acl-logging", { resourceArn: acl.arn, logDestinationConfigs: [wafLogs.arn] });
    // email is written by client web, but only uid (from sub) is used as an owner.
    ownerTags({ uid: "sub", contact: "email" }, [{ name: "web", writeAttributes: ["email"] }], ["uid"]);
});

/** Evaluates a memoized recording in a before() hook of the enclosing describe. */
function reportOf(recording: () => Promise<Recording>, options?: Parameters<typeof evaluateRules>[1]): { report: RuleReport; recording: Recording } {
    const out = {} as { report: RuleReport; recording: Recording };
    before(async () => {
        out.recording = await recording();
        out.report = evaluateRules(out.recording, options);
    });
    return out;
}

const arnOf = (rec: Recording, name: string) => String(rec.one(aws.s3.Bucket, name).outputs.arn);

// ---------------------------------------------------------------------------------------------

describe("rule set", () => {
    describe("metadata", () => {
        it("every rule has a unique UB- id, a severity, a title, a rationale and at least one mirrored rule id", () => {
            assert.ok(rules.length > 0);
            assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, "ids are unique");
            for (const rule of rules) {
                assert.match(rule.id, /^UB-[A-Z0-9-]+$/);
                assert.ok(["high", "medium", "low"].includes(rule.severity), `${rule.id} severity ${rule.severity}`);
                assert.ok(rule.title.trim().length > 0, `${rule.id} has a title`);
                assert.ok(rule.rationale.trim().length > 0, `${rule.id} has a rationale`);
                assert.ok(rule.mirrors.length > 0 && rule.mirrors.every((m) => typeof m === "string" && m.trim().length > 0), `${rule.id} mirrors ${JSON.stringify(rule.mirrors)}`);
                assert.equal(typeof rule.check, "function");
                assert.ok(isRuleId(rule.id));
            }
            assert.equal(isRuleId("UB-NOPE"), false);
        });

        it('mirrors name a check plainly only when it tests the same property, and say "related:" where it tests something else', () => {
            const mirrors = (id: string) => rules.find((r) => r.id === id)!.mirrors;
            // CKV_AWS_145 requires SSE-KMS; CKV_AWS_18 passes log target buckets; CKV_AWS_300 tests abort-multipart only;
            // CKV2_AWS_53 wants a validator on every method; CKV2_AWS_64 passes any key policy; CKV_AWS_158 wants a key on every log group;
            // CKV_AWS_285 tests include_execution_data only.
            for (const [id, related] of [
                ["UB-S3-ENCRYPTION", "CKV_AWS_145"], ["UB-S3-ACCESS-LOGS", "CKV_AWS_18"], ["UB-S3-LIFECYCLE", "CKV_AWS_300"], ["UB-APIG-VALIDATION", "CKV2_AWS_53"],
                ["UB-KMS-KEY-POLICY", "CKV2_AWS_64"], ["UB-LOGS-ENCRYPTION", "CKV_AWS_158"], ["UB-SFN-LOGGING", "CKV_AWS_285"],
            ]) {
                assert.ok(mirrors(id).includes(`related: ${related}`), `${id} mirrors ${JSON.stringify(mirrors(id))}`);
                assert.ok(!mirrors(id).includes(related), `${id} does not claim ${related} plainly`);
            }
        });

        it("the report lists every rule for its legend, and severities order high > medium > low", async () => {
            const report = evaluateRules(await secureStorage());
            assert.deepEqual(report.rules, rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, mirrors: r.mirrors })));
            assert.ok(severityAtLeast("high", "medium") && severityAtLeast("medium", "medium") && severityAtLeast("low", "low"));
            assert.ok(!severityAtLeast("low", "medium") && !severityAtLeast("medium", "high"));
        });
    });

    describe("S3 and KMS", () => {
        const bad = reportOf(insecureStorage);
        const good = reportOf(secureStorage);

        it("the compliant storage program has no finding at all", () => {
            assert.deepEqual(good.report.findings, []);
        });

        it("UB-S3-PUBLIC-ACCESS-BLOCK: a bucket without a public access block, and a block that leaves flags off", () => {
            assertFinding(bad.report, { rule: "UB-S3-PUBLIC-ACCESS-BLOCK", severity: "high", type: T.bucket, resource: "open", property: "(no BucketPublicAccessBlock)", message: "bucket open has no public access block" });
            assertFinding(bad.report, {
                rule: "UB-S3-PUBLIC-ACCESS-BLOCK",
                severity: "high",
                type: T.publicAccessBlock,
                resource: "leaky-public-access-block",
                property: "blockPublicPolicy, restrictPublicBuckets",
                message: "public access block of leaky leaves blockPublicPolicy, restrictPublicBuckets off",
            });
            assert.equal(findingsOf(bad.report, "UB-S3-PUBLIC-ACCESS-BLOCK").length, 2, "the log bucket's block is complete");
            assertNoFinding(good.report, "UB-S3-PUBLIC-ACCESS-BLOCK");
        });

        it("UB-S3-PUBLIC-POLICY: an Allow to Principal * with no condition on the caller; one narrowed to an account or organization is fine", () => {
            assertFinding(bad.report, { rule: "UB-S3-PUBLIC-POLICY", severity: "high", type: T.bucketPolicy, resource: "leaky-policy", property: "policy.Statement[0].Principal", message: "bucket leaky allows s3:GetObject to everyone" });
            assert.equal(findingsOf(bad.report, "UB-S3-PUBLIC-POLICY").length, 1, "Statement[1] (aws:PrincipalAccount) is not public");
            assertNoFinding(good.report, "UB-S3-PUBLIC-POLICY");
        });

        it("UB-S3-TLS: no bucket policy, or a TLS deny whose Resource is not [bucket ARN, bucket ARN/*]", () => {
            const message = (b: string) => `bucket ${b} has no policy that denies s3:* without TLS on [bucket ARN, bucket ARN/*]`;
            assertFinding(bad.report, { rule: "UB-S3-TLS", severity: "high", type: T.bucket, resource: "open", property: "policy", message: message("open") });
            assertFinding(bad.report, { rule: "UB-S3-TLS", severity: "high", type: T.bucketPolicy, resource: "leaky-policy", property: "policy", message: message("leaky") });
            assertNoFinding(bad.report, "UB-S3-TLS", "leaky-logs-policy");
            assertNoFinding(good.report, "UB-S3-TLS");
        });

        it("UB-S3-ENCRYPTION: no default encryption configuration", () => {
            assertFinding(bad.report, { rule: "UB-S3-ENCRYPTION", severity: "medium", type: T.bucket, resource: "open", property: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", message: "bucket open declares no default encryption" });
            assert.equal(findingsOf(bad.report, "UB-S3-ENCRYPTION").length, 1, "SSE-KMS and SSE-S3 both count");
            assertNoFinding(good.report, "UB-S3-ENCRYPTION");
        });

        it("UB-S3-OWNERSHIP: no ownership controls, or ObjectWriter", () => {
            const message = (b: string) => `bucket ${b} does not enforce bucket-owner ownership (ACLs stay on)`;
            assertFinding(bad.report, { rule: "UB-S3-OWNERSHIP", severity: "medium", type: T.bucket, resource: "open", property: "rule.objectOwnership", message: message("open") });
            assertFinding(bad.report, { rule: "UB-S3-OWNERSHIP", severity: "medium", type: T.ownership, resource: "leaky-ownership", property: "rule.objectOwnership", message: message("leaky") });
            assertNoFinding(good.report, "UB-S3-OWNERSHIP");
        });

        it("UB-S3-VERSIONING: no versioning, or versioning Suspended", () => {
            assertFinding(bad.report, { rule: "UB-S3-VERSIONING", severity: "medium", type: T.bucket, resource: "open", property: "versioningConfiguration.status", message: "bucket open does not keep versions" });
            assertFinding(bad.report, { rule: "UB-S3-VERSIONING", severity: "medium", type: T.versioning, resource: "leaky-versioning", property: "versioningConfiguration.status", message: "bucket leaky does not keep versions" });
            assertNoFinding(good.report, "UB-S3-VERSIONING");
        });

        it("UB-S3-ACCESS-LOGS: a bucket without server access logs; the log target bucket itself is excepted by the rule", () => {
            assertFinding(bad.report, { rule: "UB-S3-ACCESS-LOGS", severity: "medium", type: T.bucket, resource: "open", property: "(no BucketLogging)", message: "bucket open writes no server access logs" });
            assertNoFinding(bad.report, "UB-S3-ACCESS-LOGS", "leaky");
            for (const [report, logs] of [[bad.report, "leaky-logs"], [good.report, "vault-logs"]] as const) {
                assertRuleException(report, {
                    rule: "UB-S3-ACCESS-LOGS",
                    resource: logs,
                    property: "(no BucketLogging)",
                    message: `bucket ${logs} writes no server access logs`,
                    reason: /^it is the access log bucket of another bucket/,
                });
            }
            assertNoFinding(good.report, "UB-S3-ACCESS-LOGS");
        });

        it("UB-S3-LIFECYCLE: no lifecycle rules, or the noncurrent-version rule not Enabled", () => {
            assertFinding(bad.report, {
                rule: "UB-S3-LIFECYCLE",
                severity: "low",
                type: T.bucket,
                resource: "open",
                property: "rules (abortIncompleteMultipartUpload, noncurrentVersionExpiration)",
                message: "bucket open has no enabled lifecycle rule for abortIncompleteMultipartUpload and noncurrentVersionExpiration",
            });
            assertFinding(bad.report, {
                rule: "UB-S3-LIFECYCLE",
                severity: "low",
                type: T.lifecycle,
                resource: "leaky-lifecycle",
                property: "rules (noncurrentVersionExpiration)",
                message: "bucket leaky has no enabled lifecycle rule for noncurrentVersionExpiration",
            });
            assertNoFinding(good.report, "UB-S3-LIFECYCLE");
        });

        it("UB-S3-FORCE-DESTROY: forceDestroy true", () => {
            assertFinding(bad.report, { rule: "UB-S3-FORCE-DESTROY", severity: "medium", type: T.bucket, resource: "open", property: "forceDestroy", message: "bucket open is deleted with its objects by pulumi destroy" });
            assert.equal(findingsOf(bad.report, "UB-S3-FORCE-DESTROY").length, 1);
            assertNoFinding(good.report, "UB-S3-FORCE-DESTROY");
        });

        it("UB-KMS-ROTATION: a symmetric key without rotation; rotated and asymmetric keys are fine", () => {
            assertFinding(bad.report, { rule: "UB-KMS-ROTATION", severity: "medium", type: T.kmsKey, resource: "unrotated", property: "enableKeyRotation", message: "key unrotated does not rotate" });
            assertNoFinding(good.report, "UB-KMS-ROTATION");
        });
    });

    describe("Cognito", () => {
        const r = reportOf(cognito);

        it("UB-COG-PASSWORD: short passwords, a missing character class, long-lived temporary passwords", () => {
            assertFinding(r.report, {
                rule: "UB-COG-PASSWORD",
                severity: "medium",
                type: T.userPool,
                resource: "weak",
                property: "passwordPolicy",
                message: "user pool weak password policy is weak: minimumLength 6, requireSymbols, temporaryPasswordValidityDays 30",
            });
            assert.deepEqual(findingsOf(r.report, "UB-COG-PASSWORD").map((f) => f.resource.name), ["weak"]);
        });

        it("UB-COG-MFA: MFA OFF, or OPTIONAL with no factor; OPTIONAL with TOTP and ON with TOTP are fine", () => {
            assertFinding(r.report, { rule: "UB-COG-MFA", severity: "high", type: T.userPool, resource: "weak", property: "mfaConfiguration", message: "user pool weak has MFA OFF" });
            assertFinding(r.report, { rule: "UB-COG-MFA", severity: "high", type: T.userPool, resource: "optional", property: "softwareTokenMfaConfiguration", message: "user pool optional has MFA OPTIONAL with no factor enabled" });
            assert.equal(findingsOf(r.report, "UB-COG-MFA").length, 2);
        });

        it("UB-COG-MFA-REQUIRED: MFA OPTIONAL, even with a factor; ON is fine (and OFF is UB-COG-MFA's)", () => {
            for (const pool of ["optional", "totp-optional"]) {
                assertFinding(r.report, { rule: "UB-COG-MFA-REQUIRED", severity: "low", type: T.userPool, resource: pool, property: "mfaConfiguration", message: `user pool ${pool} has MFA OPTIONAL, not ON` });
            }
            assert.equal(findingsOf(r.report, "UB-COG-MFA-REQUIRED").length, 2);
        });

        it("UB-COG-THREAT-PROTECTION: no add-ons (OFF) or AUDIT; ENFORCED is fine", () => {
            const property = "userPoolAddOns.advancedSecurityMode";
            assertFinding(r.report, { rule: "UB-COG-THREAT-PROTECTION", severity: "low", type: T.userPool, resource: "weak", property, message: "user pool weak threat protection is OFF, not ENFORCED" });
            assertFinding(r.report, { rule: "UB-COG-THREAT-PROTECTION", severity: "low", type: T.userPool, resource: "optional", property, message: "user pool optional threat protection is AUDIT, not ENFORCED" });
            assert.equal(findingsOf(r.report, "UB-COG-THREAT-PROTECTION").length, 2);
        });

        it("UB-COG-DELETION-PROTECTION: INACTIVE; ACTIVE is fine", () => {
            assertFinding(r.report, { rule: "UB-COG-DELETION-PROTECTION", severity: "medium", type: T.userPool, resource: "weak", property: "deletionProtection", message: "user pool weak deletion protection is INACTIVE" });
            assert.equal(findingsOf(r.report, "UB-COG-DELETION-PROTECTION").length, 1);
        });

        it("the strong user pool gets no user pool finding", () => {
            for (const rule of ["UB-COG-PASSWORD", "UB-COG-MFA", "UB-COG-MFA-REQUIRED", "UB-COG-THREAT-PROTECTION", "UB-COG-DELETION-PROTECTION"]) assertNoFinding(r.report, rule, "strong");
        });

        it("UB-COG-PASSKEY-RECOVERY: passkeys as the only first factor; pools without a sign-in policy are fine", () => {
            assertFinding(r.report, {
                rule: "UB-COG-PASSKEY-RECOVERY",
                severity: "high",
                type: T.userPool,
                resource: "passkeys-only",
                property: "signInPolicy.allowedFirstAuthFactors",
                message: "user pool passkeys-only signs in with passkeys only (WEB_AUTHN): no password or one-time code to register a passkey with or fall back to",
            });
            assert.equal(findingsOf(r.report, "UB-COG-PASSKEY-RECOVERY").length, 1);
        });

        it("UB-COG-GUESTS: an identity pool that allows unauthenticated identities", () => {
            assertFinding(r.report, { rule: "UB-COG-GUESTS", severity: "medium", type: T.identityPool, resource: "open-ids", property: "allowUnauthenticatedIdentities", message: "identity pool open-ids hands out guest credentials" });
            assertNoFinding(r.report, "UB-COG-GUESTS", "closed-ids");
        });

        it("UB-COG-CLASSIC-FLOW: an identity pool with the classic flow on", () => {
            assertFinding(r.report, { rule: "UB-COG-CLASSIC-FLOW", severity: "high", type: T.identityPool, resource: "open-ids", property: "allowClassicFlow", message: "identity pool open-ids allows the classic flow" });
            assertNoFinding(r.report, "UB-COG-CLASSIC-FLOW", "closed-ids");
        });

        it("UB-COG-ROLE-TRUST: a role trusting cognito-identity without one aud, or with both kinds of amr", () => {
            assertFinding(r.report, {
                rule: "UB-COG-ROLE-TRUST",
                severity: "high",
                type: T.role,
                resource: "any-pool",
                property: "assumeRolePolicy.Statement[0].Condition",
                message: 'role any-pool: StringEquals cognito-identity.amazonaws.com:aud is not one pool; amr is ["authenticated","unauthenticated"], not exactly one of authenticated or unauthenticated',
            });
            assertFinding(r.report, {
                rule: "UB-COG-ROLE-TRUST",
                severity: "high",
                type: T.role,
                resource: "two-pools",
                property: "assumeRolePolicy.Statement[0].Condition",
                message: "role two-pools: StringEquals cognito-identity.amazonaws.com:aud is not one pool",
            });
            assertNoFinding(r.report, "UB-COG-ROLE-TRUST", "signed-in");
        });

        it("UB-COG-CLIENT: the implicit flow, user existence errors, no token revocation, placeholder and plain-http redirects", () => {
            const client = (property: string, message: string) => assertFinding(r.report, { rule: "UB-COG-CLIENT", severity: "medium", type: T.client, resource: "sloppy-client", property, message: `client sloppy-client ${message}` });
            client("allowedOauthFlows", "allows the implicit flow");
            client("preventUserExistenceErrors", "reveals whether a user exists");
            client("enableTokenRevocation", "cannot revoke refresh tokens");
            client("callbackUrls[0]", "redirect https://app.example.com/callback is a placeholder");
            client("callbackUrls[1]", "redirect http://app.acme.dev/callback is not https");
            assert.equal(findingsOf(r.report, "UB-COG-CLIENT", "sloppy-client").length, 5, "http://localhost is allowed, and so is an https logout URL");
            assertNoFinding(r.report, "UB-COG-CLIENT", "tidy-client");
        });
    });

    describe("IAM", () => {
        const r = reportOf(iam);
        let data: string;
        before(() => {
            data = arnOf(r.recording, "data");
        });
        const perUser = /^a per-user ARN: the wildcard follows the owner variable/;

        it("UB-COG-GUEST-WRITE: a guest role (attached as unauthenticated, or trusting that amr) that writes outside its own identity", () => {
            assertFinding(r.report, {
                rule: "UB-COG-GUEST-WRITE",
                severity: "high",
                type: T.rolePolicy,
                resource: "guest-policy",
                property: "policy.Statement[0].Resource",
                message: `guest role guest may s3:PutObject on ${data}/public/*, not only under its own identity`,
            });
            assertFinding(r.report, {
                rule: "UB-COG-GUEST-WRITE",
                severity: "high",
                type: T.rolePolicy,
                resource: "stray-guest-policy",
                property: "policy.Statement[0].Resource",
                message: "guest role stray-guest may sqs:SendMessage on arn:aws:sqs:us-east-1:123456789012:events, not only under its own identity",
            });
            // Writes under the guest's own identity, reads, and signed-in roles' writes are not this rule's business.
            assert.deepEqual(findingsOf(r.report, "UB-COG-GUEST-WRITE").map((f) => f.property).sort(), ["policy.Statement[0].Resource", "policy.Statement[0].Resource"]);
            assertNoFinding(r.report, "UB-COG-GUEST-WRITE", "sloppy-policy");
        });

        it("UB-IAM-MANAGED-POLICY: an AWS managed policy by managedPolicyArns or by RolePolicyAttachment; a customer managed one is fine", () => {
            assertFinding(r.report, { rule: "UB-IAM-MANAGED-POLICY", severity: "medium", type: T.role, resource: "legacy", property: "managedPolicyArns[0]", message: "role legacy has the AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccess" });
            assertFinding(r.report, { rule: "UB-IAM-MANAGED-POLICY", severity: "medium", type: T.attachment, resource: "worker-admin", property: "policyArn", message: "role worker has the AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess" });
            assertNoFinding(r.report, "UB-IAM-MANAGED-POLICY", "worker-own-attachment");
            assert.equal(findingsOf(r.report, "UB-IAM-MANAGED-POLICY").length, 2);
        });

        it("UB-IAM-WILDCARD: service:* actions, NotAction, and wildcard resources", () => {
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "operator-policy", property: "policy.Statement[0].Action", message: "role operator allows s3:*" });
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "operator-policy", property: "policy.Statement[1].Action", message: "role operator allows NotAction" });
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "sloppy-policy", property: "policy.Statement[5].Resource", message: `role sloppy allows s3:PutObject on ${data}/public/*` });
            // Named actions on named resources: nothing.
            assertNoFinding(r.report, "UB-IAM-WILDCARD", "worker-own");
        });

        it("UB-IAM-WILDCARD excepts per-user ARNs (wildcard after the owner variable), but not a wildcard before it", () => {
            for (const [i, prefix] of [[0, `private/${TAG}`], [2, `protected/${IDENTITY}`]] as const) {
                assertRuleException(r.report, { rule: "UB-IAM-WILDCARD", resource: "users-policy", property: `policy.Statement[${i}].Resource`, message: new RegExp(`on ${data}/${prefix.replace(/[$/{}]/g, "\\$&")}/\\*$`), reason: perUser });
            }
            assertNoFinding(r.report, "UB-IAM-WILDCARD", "users-policy");
            assertRuleException(r.report, { rule: "UB-IAM-WILDCARD", resource: "sloppy-policy", property: "policy.Statement[4].Resource", reason: perUser });
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "sloppy-policy", property: "policy.Statement[0].Resource", message: `role sloppy allows s3:GetObject on ${data}/*/${TAG}/*` });
        });

        it("UB-IAM-WILDCARD excepts X-Ray actions on *, but not * for an action that has resources", () => {
            assertRuleException(r.report, {
                rule: "UB-IAM-WILDCARD",
                resource: "tracer-policy",
                property: "policy.Statement[0].Resource",
                message: "role tracer allows xray:PutTraceSegments, xray:PutTelemetryRecords on *",
                reason: 'xray:PutTraceSegments, xray:PutTelemetryRecords support no resource-level permissions; "*" is the only resource IAM accepts',
            });
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "tracer-policy", property: "policy.Statement[1].Resource", message: "role tracer allows xray:PutTraceSegments, s3:GetObject on *" });
        });

        it("UB-IAM-WILDCARD excepts the log streams of one log group (log-group:<name>:*), but not of a wildcard group", () => {
            assertRuleException(r.report, { rule: "UB-IAM-WILDCARD", resource: "logger-policy", property: "policy.Statement[0].Resource", reason: "the log streams of one log group, created at run time" });
            assertFinding(r.report, {
                rule: "UB-IAM-WILDCARD",
                severity: "medium",
                type: T.rolePolicy,
                resource: "logger-policy",
                property: "policy.Statement[1].Resource",
                message: "role logger allows logs:CreateLogStream, logs:PutLogEvents on arn:aws:logs:us-east-1:123456789012:log-group:/app/*:*",
            });
        });

        it("UB-IAM-LIST-PREFIX: an identity pool role that lists without s3:prefix, without the slash after the owner, or with a wildcard before it", () => {
            const list = (i: number, message: string) =>
                assertFinding(r.report, { rule: "UB-IAM-LIST-PREFIX", severity: "high", type: T.rolePolicy, resource: "sloppy-policy", property: `policy.Statement[${i}].Condition`, message: `role sloppy ${message}` });
            list(1, `may list prefixes private/${TAG}*, not only its own (<owner>/)`);
            list(2, "may list buckets without an s3:prefix condition");
            list(6, `may list prefixes */${TAG}/, not only its own (<owner>/)`);
            assert.equal(findingsOf(r.report, "UB-IAM-LIST-PREFIX", "sloppy-policy").length, 3);
            assert.equal(exceptedOf(r.report, "UB-IAM-LIST-PREFIX", "sloppy-policy").length, 0, "outside a SecureUserBucket nothing is excused");
            // The owner's own prefix with its slash is fine; so is a service role, which no user receives.
            assertNoFinding(r.report, "UB-IAM-LIST-PREFIX", "users-policy");
            assertNoFinding(r.report, "UB-IAM-LIST-PREFIX", "indexer-policy");
        });

        it("UB-IAM-OWNER-VARIABLE: ${aws:username}, and a wildcard before the owner variable", () => {
            assertFinding(r.report, {
                rule: "UB-IAM-OWNER-VARIABLE",
                severity: "high",
                type: T.rolePolicy,
                resource: "sloppy-policy",
                property: "policy.Statement[0].Resource",
                message: `role sloppy resource ${data}/*/${TAG}/* has a wildcard before the owner`,
            });
            assertFinding(r.report, {
                rule: "UB-IAM-OWNER-VARIABLE",
                severity: "high",
                type: T.rolePolicy,
                resource: "sloppy-policy",
                property: "policy.Statement[3].Resource",
                message: `role sloppy resource ${data}/home/\${aws:username}/* uses \${aws:username}, which federated sessions never set`,
            });
            assert.equal(findingsOf(r.report, "UB-IAM-OWNER-VARIABLE").length, 2);
        });

        it("UB-IAM-USER-ACL: an identity pool role allowed an ACL action; a service role is not this rule's business", () => {
            assertFinding(r.report, { rule: "UB-IAM-USER-ACL", severity: "high", type: T.rolePolicy, resource: "sloppy-policy", property: "policy.Statement[4].Action", message: "role sloppy allows s3:PutObjectAcl" });
            assert.equal(findingsOf(r.report, "UB-IAM-USER-ACL").length, 1);
            assertNoFinding(r.report, "UB-IAM-USER-ACL", "users-policy");
            assertNoFinding(r.report, "UB-IAM-USER-ACL", "indexer-policy");
        });

        describe("a custom component's roles are read through every policy mechanism", () => {
            const mechanisms = [
                { via: "inlinePolicies", resource: "inline", type: T.role, property: "inlinePolicies[0].policy" },
                { via: "aws.iam.RolePolicy", resource: "attached-policy", type: T.rolePolicy, property: "policy" },
                { via: "aws.iam.Policy + RolePolicyAttachment", resource: "managed-policy", type: T.policy, property: "policy" },
            ];
            for (const m of mechanisms) {
                it(`${m.via}: its findings, none on the compliant variant, and no SecureUserBucket excuse for protected/*`, () => {
                    const role = `uploads-${m.resource.replace(/-policy$/, "")}`;
                    assertFinding(r.report, { rule: "UB-IAM-LIST-PREFIX", severity: "high", type: m.type, resource: `uploads-${m.resource}`, property: `${m.property}.Statement[0].Condition`, message: `role ${role} may list buckets without an s3:prefix condition` });
                    assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: m.type, resource: `uploads-${m.resource}`, property: `${m.property}.Statement[1].Resource`, message: `role ${role} allows s3:GetObject on ${data}/protected/*` });
                    const tidy = `tidy-uploads-${m.resource}`;
                    assert.deepEqual(r.report.findings.filter((f) => f.resource.name === tidy), []);
                    assertRuleException(r.report, { rule: "UB-IAM-WILDCARD", resource: tidy, property: `${m.property}.Statement[1].Resource`, reason: perUser });
                });
            }
        });
    });

    describe("IAM action and condition patterns, as IAM reads them", () => {
        const patterns = once(() =>
            record(() => {
                const bucket = hardenedBucket("patterns");
                const pool = new aws.cognito.IdentityPool("pattern-ids", { identityPoolName: "pattern ids", allowUnauthenticatedIdentities: true });
                const user = new aws.iam.Role("pattern-user", { assumeRolePolicy: identityPoolTrust(pool.id) });
                const guest = new aws.iam.Role("pattern-guest", { assumeRolePolicy: identityPoolTrust(pool.id, "unauthenticated") });
                new aws.iam.RolePolicy("pattern-user-policy", {
                    role: user.name,
                    policy: policyDocument([
                        { Effect: "Allow", Action: ["s3:List*"], Resource: [bucket.arn] },
                        { Effect: "Allow", Action: ["S3:putobjectacl"], Resource: [pulumi.interpolate`${bucket.arn}/private/${TAG}/*`] },
                        { Effect: "Allow", Action: ["s3:*"], Resource: [pulumi.interpolate`${bucket.arn}/private/${TAG}/*`] },
                    ]),
                });
                new aws.iam.RolePolicy("pattern-guest-policy", {
                    role: guest.name,
                    policy: policyDocument([{ Effect: "Allow", Action: ["s3:Put*"], Resource: [pulumi.interpolate`${bucket.arn}/inbox/*`] }]),
                });
                new aws.cognito.IdentityPoolRoleAttachment("pattern-roles", { identityPoolId: pool.id, roles: { authenticated: user.arn, unauthenticated: guest.arn } });
                const open = new aws.s3.Bucket("pattern-open");
                new aws.s3.BucketPolicy("pattern-open-policy", {
                    bucket: open.id,
                    policy: policyDocument([{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: pulumi.interpolate`${open.arn}/*`, Condition: { StringLike: { "aws:PrincipalArn": "*" } } }]),
                });
                new aws.cognito.UserPool("default-password", {});
                return {};
            }),
        );
        let report: RuleReport;
        before(async () => {
            report = evaluateRules(await patterns());
        });

        it("wildcard and lower-case actions count: s3:List* is a ListBucket, S3:putobjectacl an ACL action, s3:* both", () => {
            assertFinding(report, { rule: "UB-IAM-LIST-PREFIX", severity: "high", type: T.rolePolicy, resource: "pattern-user-policy", property: "policy.Statement[0].Condition", message: "role pattern-user may list buckets without an s3:prefix condition" });
            assertFinding(report, { rule: "UB-IAM-USER-ACL", severity: "high", type: T.rolePolicy, resource: "pattern-user-policy", property: "policy.Statement[1].Action", message: "role pattern-user allows S3:putobjectacl, which covers s3:PutObjectAcl" });
            const star = findingsOf(report, "UB-IAM-USER-ACL").find((f) => f.property === "policy.Statement[2].Action");
            assert.match(star!.message, /^role pattern-user allows s3:\*, which covers s3:PutObjectAcl, s3:PutObjectVersionAcl, s3:PutBucketAcl, s3:PutBucketPolicy/);
        });

        it("a guest's s3:Put* outside its own identity is a guest write", () => {
            assertFinding(report, {
                rule: "UB-COG-GUEST-WRITE",
                severity: "high",
                type: T.rolePolicy,
                resource: "pattern-guest-policy",
                property: "policy.Statement[0].Resource",
                message: /^guest role pattern-guest may s3:Put\* on arn:aws:s3:::patterns-\w+\/inbox\/\*, not only under its own identity$/,
            });
        });

        it("a narrowing condition whose value is itself a wildcard narrows nothing", () => {
            assertFinding(report, { rule: "UB-S3-PUBLIC-POLICY", severity: "high", type: T.bucketPolicy, resource: "pattern-open-policy", property: "policy.Statement[0].Principal", message: "bucket pattern-open allows s3:GetObject to everyone" });
        });

        it("a user pool without a password policy has Cognito's strong default", () => {
            assertNoFinding(report, "UB-COG-PASSWORD", "default-password");
        });
    });

    describe("API Gateway and logs", () => {
        const bad = reportOf(insecureApi);
        const good = reportOf(secureApi);

        it("the compliant API has no finding at all", () => {
            assert.deepEqual(good.report.findings, []);
        });

        it("UB-APIG-AUTHORIZATION: a method with authorization NONE; OPTIONS and API-key methods are fine", () => {
            assertFinding(bad.report, { rule: "UB-APIG-AUTHORIZATION", severity: "medium", type: T.method, resource: "open-list", property: "authorization", message: "GET /items needs no credentials" });
            assert.equal(findingsOf(bad.report, "UB-APIG-AUTHORIZATION").length, 1, "OPTIONS /items is CORS preflight");
            assertNoFinding(good.report, "UB-APIG-AUTHORIZATION");
        });

        it("UB-APIG-VALIDATION: a request model or a required non-path parameter without a validator that checks it", () => {
            assertFinding(bad.report, { rule: "UB-APIG-VALIDATION", severity: "low", type: T.method, resource: "open-create", property: "requestValidatorId", message: "POST /items does not validate its request body" });
            assertFinding(bad.report, { rule: "UB-APIG-VALIDATION", severity: "low", type: T.method, resource: "open-read", property: "requestValidatorId", message: "GET /items/{id} does not validate its request parameters" });
            assertNoFinding(good.report, "UB-APIG-VALIDATION");
        });

        it("UB-APIG-ACCESS-LOGS: no access logs, a format that is not JSON, a destination log group without retention", () => {
            assertFinding(bad.report, { rule: "UB-APIG-ACCESS-LOGS", severity: "medium", type: T.stage, resource: "open-stage", property: "accessLogSettings", message: "stage open-stage writes no access logs" });
            assertFinding(bad.report, { rule: "UB-APIG-ACCESS-LOGS", severity: "medium", type: T.stage, resource: "text-stage", property: "accessLogSettings.format", message: "stage text-stage access log format is not JSON" });
            assertFinding(bad.report, { rule: "UB-APIG-ACCESS-LOGS", severity: "medium", type: T.logGroup, resource: "text-logs", property: "retentionInDays", message: "access log group text-logs keeps logs forever" });
            assertNoFinding(good.report, "UB-APIG-ACCESS-LOGS");
        });

        it("UB-APIG-EXECUTION-LOGS: logging OFF and metrics off on */*, or no method settings at all", () => {
            assertFinding(bad.report, { rule: "UB-APIG-EXECUTION-LOGS", severity: "medium", type: T.methodSettings, resource: "open-settings", property: "settings.loggingLevel", message: "stage open-stage on */*: loggingLevel OFF, metrics off" });
            assertFinding(bad.report, { rule: "UB-APIG-EXECUTION-LOGS", severity: "medium", type: T.stage, resource: "text-stage", property: "settings.loggingLevel", message: "stage text-stage on */*: loggingLevel OFF, metrics off" });
            assertNoFinding(good.report, "UB-APIG-EXECUTION-LOGS");
        });

        it("UB-APIG-XRAY: a stage without X-Ray tracing", () => {
            assertFinding(bad.report, { rule: "UB-APIG-XRAY", severity: "low", type: T.stage, resource: "open-stage", property: "xrayTracingEnabled", message: "stage open-stage does not trace with X-Ray" });
            assertNoFinding(bad.report, "UB-APIG-XRAY", "text-stage");
            assertNoFinding(good.report, "UB-APIG-XRAY");
        });

        it("UB-APIG-THROTTLE: no rate and burst limit on */*", () => {
            assertFinding(bad.report, { rule: "UB-APIG-THROTTLE", severity: "medium", type: T.methodSettings, resource: "open-settings", property: "settings.throttlingRateLimit", message: "stage open-stage has no rate and burst limit on */*" });
            assertFinding(bad.report, { rule: "UB-APIG-THROTTLE", severity: "medium", type: T.stage, resource: "text-stage", property: "settings.throttlingRateLimit", message: "stage text-stage has no rate and burst limit on */*" });
            assertNoFinding(good.report, "UB-APIG-THROTTLE");
        });

        it("UB-APIG-CACHE-ENCRYPTION: a cache without encryption and cache-control authorization, or with no method settings at all", () => {
            assertFinding(bad.report, {
                rule: "UB-APIG-CACHE-ENCRYPTION",
                severity: "medium",
                type: T.methodSettings,
                resource: "open-settings",
                property: "settings",
                message: "stage open-stage */*: missing cacheDataEncrypted, requireAuthorizationForCacheControl, an explicit unauthorizedCacheControlHeaderStrategy",
            });
            assertFinding(bad.report, { rule: "UB-APIG-CACHE-ENCRYPTION", severity: "medium", type: T.stage, resource: "text-stage", property: "cacheClusterEnabled", message: "stage text-stage caches with no method settings that encrypt the cache" });
            assertNoFinding(bad.report, "UB-APIG-CACHE-ENCRYPTION", "open-create-settings");
            assertNoFinding(good.report, "UB-APIG-CACHE-ENCRYPTION");
        });

        it("UB-APIG-CACHE-KEY: cached authorized methods whose cache key lacks the caller (stage-wide GET, or a method's own entry), and any cached IAM method", () => {
            assertFinding(bad.report, {
                rule: "UB-APIG-CACHE-KEY",
                severity: "high",
                type: T.integration,
                resource: "open-create-integration",
                property: "cacheKeyParameters",
                message: "POST /items is cached behind COGNITO_USER_POOLS authorization without method.request.header.Authorization in its cache key",
            });
            assertFinding(bad.report, {
                rule: "UB-APIG-CACHE-KEY",
                severity: "high",
                type: T.integration,
                resource: "open-read-integration",
                property: "cacheKeyParameters",
                message: "GET /items/{id} is cached behind AWS_IAM authorization (SigV4 requests have no stable caller key)",
            });
            assert.equal(findingsOf(bad.report, "UB-APIG-CACHE-KEY").length, 2, "unauthorized GET /items and uncached OPTIONS are fine");
            assertNoFinding(good.report, "UB-APIG-CACHE-KEY");
        });

        it("UB-APIG-WAF: a stage with no web ACL association", () => {
            for (const stage of ["open-stage", "text-stage"]) {
                assertFinding(bad.report, { rule: "UB-APIG-WAF", severity: "low", type: T.stage, resource: stage, property: "(no WebAclAssociation)", message: `stage ${stage} has no WAF web ACL` });
            }
            assertNoFinding(good.report, "UB-APIG-WAF");
        });

        it("UB-APIG-DEPLOYMENT: a deployment without triggers that waits for none of the methods and integrations", () => {
            assertFinding(bad.report, { rule: "UB-APIG-DEPLOYMENT", severity: "medium", type: T.deployment, resource: "open-deployment", property: "triggers", message: "deployment open-deployment has no triggers: route changes do not redeploy" });
            const parts = ["list", "options", "create", "read"];
            assertFinding(bad.report, {
                rule: "UB-APIG-DEPLOYMENT",
                severity: "medium",
                type: T.deployment,
                resource: "open-deployment",
                property: "dependsOn",
                message: `deployment open-deployment does not wait for ${[...parts.map((p) => `open-${p}`), ...parts.map((p) => `open-${p}-integration`)].join(", ")}`,
            });
            assertNoFinding(good.report, "UB-APIG-DEPLOYMENT");
        });

        it("UB-LOGS-RETENTION: a log group without retention", () => {
            assertFinding(bad.report, { rule: "UB-LOGS-RETENTION", severity: "low", type: T.logGroup, resource: "text-logs", property: "retentionInDays", message: "log group text-logs keeps logs forever" });
            assertNoFinding(good.report, "UB-LOGS-RETENTION");
        });
    });

    describe("REST APIs in both shapes: per-route resources and an OpenAPI body", () => {
        /** Every route rule's concern, once: public, API-key and preflight routes, validation, caching behind each kind of authorizer, ANY. */
        const items: ApiSpec = {
            stageCaching: true,
            routes: [
                { method: "GET", path: "/items", auth: "none" },
                { method: "OPTIONS", path: "/items", auth: "none" },
                { method: "GET", path: "/status", auth: "none", apiKey: true },
                { method: "POST", path: "/items", auth: "cognito", model: true },
                { method: "GET", path: "/items/{id}", auth: "iam", query: { fields: true }, validator: "body" },
                { method: "GET", path: "/me", auth: "cognito", scopes: ["items/read"] },
                { method: "GET", path: "/mine", auth: "cognito", cacheKey: ["method.request.header.Authorization"] },
                { method: "GET", path: "/reports", auth: "token" },
                { method: "PUT", path: "/items/{id}", auth: "cognito", model: true, validator: "all", cache: true, cacheKey: ["method.request.header.Authorization"] },
                { method: "DELETE", path: "/items/{id}", auth: "token", query: { force: false } },
                { method: "ANY", path: "/{proxy+}", auth: "none" },
            ],
        };
        const shapes: ApiShape[] = ["resources", "openapi3", "swagger2"];
        const programs = Object.fromEntries(shapes.map((shape) => [shape, recorded(() => restApi("items", shape, items))])) as Record<ApiShape, () => Promise<Recording>>;
        const reports = {} as Record<ApiShape, RuleReport>;
        const graphs = {} as Record<ApiShape, Graph>;
        before(async () => {
            for (const shape of shapes) {
                const rec = await programs[shape]();
                reports[shape] = evaluateRules(rec);
                graphs[shape] = new Graph(rec);
            }
        });
        const ROUTE_RULES = ["UB-APIG-AUTHORIZATION", "UB-APIG-VALIDATION", "UB-APIG-CACHE-KEY", "UB-APIG-CACHE-ENCRYPTION", "UB-APIG-DEPLOYMENT"];
        const verdicts = (report: RuleReport) => report.findings.map((f) => `${f.ruleId}: ${f.message}`).sort();

        it("every shape gives the same verdicts, and nothing else is found", () => {
            const expected = [
                "UB-APIG-AUTHORIZATION: ANY /{proxy+} needs no credentials",
                "UB-APIG-AUTHORIZATION: GET /items needs no credentials",
                "UB-APIG-CACHE-KEY: GET /items/{id} is cached behind AWS_IAM authorization (SigV4 requests have no stable caller key)",
                "UB-APIG-CACHE-KEY: GET /me is cached behind COGNITO_USER_POOLS authorization without method.request.header.Authorization in its cache key",
                "UB-APIG-CACHE-KEY: GET /reports is cached behind CUSTOM authorization without method.request.header.X-Token in its cache key",
                "UB-APIG-VALIDATION: GET /items/{id} does not validate its request parameters",
                "UB-APIG-VALIDATION: POST /items does not validate its request body",
            ];
            for (const shape of shapes) {
                assert.deepEqual(verdicts(reports[shape]), expected, shape);
                assert.deepEqual(reports[shape].excepted, [], shape);
                assert.ok(reports[shape].findings.every((f) => ROUTE_RULES.includes(f.ruleId)), shape);
            }
        });

        it("every shape reads the same normalised routes: method, path, authorizer, scopes, API key, models, parameters, validator, integration", () => {
            const facts = (graph: Graph) =>
                graph
                    .routes()
                    .map(({ shape, sites, restApi: api, component, restApiId, ...route }) => route)
                    .sort((a, b) => `${a.httpMethod} ${a.path}`.localeCompare(`${b.httpMethod} ${b.path}`));
            const reference = facts(graphs.resources);
            assert.equal(reference.length, items.routes.length);
            assert.deepEqual(reference.find((r) => r.httpMethod === "GET" && r.path === "/reports")!.authorizer, {
                type: "TOKEN",
                identitySources: ["method.request.header.X-Token"],
                providerArns: [],
                resultTtlInSeconds: 300,
                uri: TOKEN_AUTHORIZER_URI,
            });
            assert.deepEqual(reference.find((r) => r.httpMethod === "PUT")!.requestModels, { "application/json": "Item" });
            assert.deepEqual(reference.find((r) => r.httpMethod === "GET" && r.path === "/items/{id}")!.requestParameters, { "method.request.path.id": true, "method.request.querystring.fields": true });
            assert.deepEqual(reference.find((r) => r.path === "/me")!.scopes, ["items/read"]);
            assert.equal(reference.find((r) => r.path === "/status")!.apiKeyRequired, true);
            for (const shape of ["openapi3", "swagger2"] as const) assert.deepEqual(facts(graphs[shape]), reference, shape);
            assert.ok(graphs.openapi3.routes().every((r) => r.shape === "body" && r.restApi?.name === "items-api" && r.restApiId === r.restApi.id));
        });

        it("a body route's finding points into the RestApi's body; a resource route's at its Method or Integration", () => {
            const body = reports.openapi3;
            assertFinding(body, { rule: "UB-APIG-AUTHORIZATION", severity: "medium", type: T.restApi, resource: "items-api", property: 'body.paths["/items"].get.security', message: "GET /items needs no credentials" });
            assertFinding(body, {
                rule: "UB-APIG-AUTHORIZATION",
                severity: "medium",
                type: T.restApi,
                resource: "items-api",
                property: 'body.paths["/{proxy+}"]["x-amazon-apigateway-any-method"].security',
                message: "ANY /{proxy+} needs no credentials",
            });
            assertFinding(body, {
                rule: "UB-APIG-VALIDATION",
                severity: "low",
                type: T.restApi,
                resource: "items-api",
                property: 'body.paths["/items"].post["x-amazon-apigateway-request-validator"]',
                message: "POST /items does not validate its request body",
            });
            assertFinding(body, {
                rule: "UB-APIG-CACHE-KEY",
                severity: "high",
                type: T.restApi,
                resource: "items-api",
                property: 'body.paths["/me"].get["x-amazon-apigateway-integration"].cacheKeyParameters',
                message: "GET /me is cached behind COGNITO_USER_POOLS authorization without method.request.header.Authorization in its cache key",
            });
            assertFinding(reports.resources, { rule: "UB-APIG-AUTHORIZATION", severity: "medium", type: T.method, resource: "items-get-items", property: "authorization", message: "GET /items needs no credentials" });
            assertFinding(reports.resources, { rule: "UB-APIG-CACHE-KEY", severity: "high", type: T.integration, resource: "items-get-me-integration", property: "cacheKeyParameters", message: /^GET \/me is cached/ });
        });

        it("a declared exception on a body route names the RestApi and the operation's path", () => {
            const report = evaluateRules(graphs.openapi3.recording, {
                exceptions: [{ rule: "UB-APIG-AUTHORIZATION", resource: "items-api", property: 'body.paths["/items"].get', reason: "the public catalogue, read by anyone" }],
            });
            assert.deepEqual(exceptedOf(report, "UB-APIG-AUTHORIZATION", "items-api").map((e) => e.finding.message), ["GET /items needs no credentials"]);
            assert.deepEqual(findingsOf(report, "UB-APIG-AUTHORIZATION").map((f) => f.message), ["ANY /{proxy+} needs no credentials"]);
        });

        it("path-level parameters apply to every operation under the path; an operation's own override them", async () => {
            const doc = openApiDocument({ routes: [] }, "openapi3", userPoolArn) as any;
            doc.paths["/search"] = {
                parameters: [{ name: "q", in: "query", required: true, schema: { type: "string" } }],
                get: { "x-amazon-apigateway-integration": { type: "mock" }, security: [{ sigv4: [] }] },
                post: { parameters: [{ name: "q", in: "query", required: false }], "x-amazon-apigateway-integration": { type: "mock" }, security: [{ sigv4: [] }] },
            };
            const rec = await record(() => {
                new aws.apigateway.RestApi("search-api", { body: JSON.stringify(doc) });
                return {};
            });
            const routes = new Graph(rec).routes();
            assert.deepEqual(routes.map((r) => [r.httpMethod, r.requestParameters]), [["GET", { "method.request.querystring.q": true }], ["POST", { "method.request.querystring.q": false }]]);
            assert.deepEqual(findingsOf(evaluateRules(rec), "UB-APIG-VALIDATION").map((f) => f.message), ["GET /search does not validate its request parameters"]);
        });

        it("the document's top-level security applies where an operation says none; security: [] makes it public", async () => {
            const doc = openApiDocument({ routes: [] }, "openapi3", userPoolArn) as any;
            doc.security = [{ "cognito-user-pool": [] }];
            doc.paths["/a"] = { get: { "x-amazon-apigateway-integration": { type: "mock" } } };
            doc.paths["/b"] = { get: { security: [], "x-amazon-apigateway-integration": { type: "mock" } } };
            const rec = await record(() => {
                new aws.apigateway.RestApi("default-api", { body: JSON.stringify(doc) });
                return {};
            });
            assert.deepEqual(new Graph(rec).routes().map((r) => `${r.httpMethod} ${r.path} ${r.authorization}`), ["GET /a COGNITO_USER_POOLS", "GET /b NONE"]);
        });

        it("what API Gateway would not import is skipped, never guessed, and never stops the rules", async () => {
            const doc = openApiDocument({ routes: [{ method: "GET", path: "/ok", auth: "none" }] }, "openapi3", userPoolArn) as any;
            doc.paths["/ghost-scheme"] = { get: { security: [{ "no-such-scheme": [] }] } };
            doc.paths["/ghost-validator"] = { get: { "x-amazon-apigateway-request-validator": "no-such-validator" } };
            doc.paths["/text"] = { get: "not an operation", trace: { security: [] } };
            doc.paths["not-a-path"] = { get: {} };
            const rec = await record(() => {
                new aws.apigateway.RestApi("odd-api", { body: JSON.stringify(doc) });
                new aws.apigateway.RestApi("broken-json-api", { body: '{"openapi": "3.0.1", "paths": {' });
                new aws.apigateway.RestApi("no-paths-api", { body: JSON.stringify({ openapi: "3.0.1", paths: "none" }) });
                new aws.apigateway.RestApi("array-api", { body: "[1, 2]" });
                return {};
            });
            const graph = new Graph(rec);
            assert.deepEqual(graph.routes().map((r) => `${r.restApi!.name} ${r.httpMethod} ${r.path}`), ["odd-api GET /ok"]);
            for (const name of ["broken-json-api", "no-paths-api", "array-api"]) assert.equal(graph.openApiDocument(rec.one(aws.apigateway.RestApi, name)), undefined, name);
            assert.deepEqual(verdicts(evaluateRules(rec)).filter((v) => v.startsWith("UB-APIG-AUTHORIZATION")), ["UB-APIG-AUTHORIZATION: GET /ok needs no credentials"]);
        });

        it("a body that is not known yet (a preview, built from outputs) has no routes yet", async () => {
            const rec = await record(
                () => {
                    const fn = new aws.lambda.Function("fn", { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs20.x", handler: "index.handler", code: new pulumi.asset.AssetArchive({}) });
                    new aws.apigateway.RestApi("late-api", {
                        body: pulumi.jsonStringify({ openapi: "3.0.1", paths: { "/x": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: fn.invokeArn } } } } }),
                    });
                    return {};
                },
                { preview: true },
            );
            const graph = new Graph(rec);
            assert.deepEqual(graph.routes(), []);
            assert.equal(graph.hasBody(rec.one(aws.apigateway.RestApi, "late-api")), true);
            assert.doesNotThrow(() => evaluateRules(rec));
        });

        it("UB-APIG-DEPLOYMENT on a body API: the deployment waits for the RestApi and has a trigger that changes with the body", async () => {
            assertNoFinding(reports.openapi3, "UB-APIG-DEPLOYMENT");
            const rec = await record(() => {
                const api = new aws.apigateway.RestApi("bare-api", { body: JSON.stringify(openApiDocument({ routes: [] }, "openapi3", userPoolArn)) });
                new aws.apigateway.Deployment("bare-untriggered", { restApi: api.id });
                // Made from the id's plain value: the engine would not order it after the RestApi's update.
                api.id.apply((id) => new aws.apigateway.Deployment("bare-detached", { restApi: id, triggers: { definition: "abc" } }));
                return {};
            });
            const report = evaluateRules(rec);
            assertFinding(report, { rule: "UB-APIG-DEPLOYMENT", severity: "medium", type: T.deployment, resource: "bare-untriggered", property: "triggers", message: "deployment bare-untriggered has no triggers: route changes do not redeploy" });
            assert.deepEqual(findingsOf(report, "UB-APIG-DEPLOYMENT", "bare-untriggered").map((f) => f.property), ["triggers"], "waiting for the RestApi is enough: a body has no methods to wait for");
            assertFinding(report, { rule: "UB-APIG-DEPLOYMENT", severity: "medium", type: T.deployment, resource: "bare-detached", property: "dependsOn", message: "deployment bare-detached does not wait for bare-api, whose body defines the API" });
        });

        it("UB-APIG-DEPLOYMENT's rationale names known mistake 12: a per-resource API keeps a removed route live for one deployment", () => {
            const rule = rules.find((r) => r.id === "UB-APIG-DEPLOYMENT")!;
            assert.match(rule.rationale, /removed route live for one deployment/);
            assert.match(rule.rationale, /#3289 and #3683/);
            assert.ok(rule.mirrors.includes("known mistake 12"));
        });
    });

    describe("UB-APIG-CACHE-ENCRYPTION: cache control strategies and the stage-wide cachingEnabled", () => {
        const cachedStage = (name: string, settings: Record<string, unknown> | undefined) => {
            const api = new aws.apigateway.RestApi(`${name}-api`, { body: JSON.stringify(openApiDocument({ routes: [] }, "openapi3", userPoolArn)) });
            const deployment = new aws.apigateway.Deployment(`${name}-deployment`, { restApi: api.id, triggers: { definition: "v1" } });
            const stage = new aws.apigateway.Stage(`${name}-stage`, { restApi: api.id, deployment: deployment.id, stageName: "v1", cacheClusterEnabled: true, cacheClusterSize: "0.5" });
            if (settings) new aws.apigateway.MethodSettings(`${name}-settings`, { restApi: api.id, stageName: stage.stageName, methodPath: "*/*", settings });
            else new aws.apigateway.MethodSettings(`${name}-route-settings`, { restApi: api.id, stageName: stage.stageName, methodPath: "~1a/GET", settings: { cachingEnabled: true, cacheDataEncrypted: true, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" } });
        };
        const protectedCache = { cachingEnabled: false, cacheDataEncrypted: true, requireAuthorizationForCacheControl: true };
        const r = reportOf(
            recorded(() => {
                cachedStage("fail", { ...protectedCache, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" });
                cachedStage("header", { ...protectedCache, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER" });
                cachedStage("quiet", { ...protectedCache, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITHOUT_RESPONSE_HEADER" });
                cachedStage("unset", protectedCache);
                cachedStage("ignored", { ...protectedCache, requireAuthorizationForCacheControl: false, unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITHOUT_RESPONSE_HEADER" });
                cachedStage("default-get", { cacheDataEncrypted: true, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" });
                cachedStage("no-stage-wide", undefined);
            }),
        );

        it("FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER and SUCCEED_WITHOUT_RESPONSE_HEADER each comply, with requireAuthorizationForCacheControl", () => {
            for (const name of ["fail", "header", "quiet"]) assertNoFinding(r.report, "UB-APIG-CACHE-ENCRYPTION", `${name}-settings`);
        });

        it("a strategy left unset, or cache control that needs no authorization, is a finding", () => {
            assertFinding(r.report, { rule: "UB-APIG-CACHE-ENCRYPTION", severity: "medium", type: T.methodSettings, resource: "unset-settings", property: "settings", message: "stage unset-stage */*: missing an explicit unauthorizedCacheControlHeaderStrategy" });
            assertFinding(r.report, { rule: "UB-APIG-CACHE-ENCRYPTION", severity: "medium", type: T.methodSettings, resource: "ignored-settings", property: "settings", message: "stage ignored-stage */*: missing requireAuthorizationForCacheControl" });
        });

        it("a cached stage whose */* entry leaves cachingEnabled unset, or that has no */* entry, keeps AWS's GET default", () => {
            assertFinding(r.report, {
                rule: "UB-APIG-CACHE-ENCRYPTION",
                severity: "medium",
                type: T.methodSettings,
                resource: "default-get-settings",
                property: "settings.cachingEnabled",
                message: "stage default-get-stage */*: cachingEnabled is not set, so AWS's default caches every GET method",
            });
            assertFinding(r.report, {
                rule: "UB-APIG-CACHE-ENCRYPTION",
                severity: "medium",
                type: T.stage,
                resource: "no-stage-wide-stage",
                property: "(no */* MethodSettings)",
                message: "stage no-stage-wide-stage has a cache and no */* method settings, so AWS's default caches every GET method",
            });
            assertNoFinding(r.report, "UB-APIG-CACHE-ENCRYPTION", "no-stage-wide-route-settings");
        });
    });

    describe("UB-IAM-WILDCARD and the account's API Gateway CloudWatch role", () => {
        const logStatement = (resource: string, actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"]) => [{ Effect: "Allow", Action: actions, Resource: [resource] }];
        const logRole = (name: string, options: { service?: string; account?: boolean; statements: unknown[] }) => {
            const role = new aws.iam.Role(name, { assumeRolePolicy: serviceTrust(options.service ?? "apigateway.amazonaws.com") });
            new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: policyDocument(options.statements) });
            if (options.account !== false) new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: role.arn });
        };
        const r = reportOf(
            recorded(() => {
                logRole("region-logs", { statements: logStatement("arn:aws:logs:us-east-1:123456789012:log-group:*") });
                logRole("star-logs", { statements: logStatement("*") });
                logRole("unregistered-logs", { account: false, statements: logStatement("arn:aws:logs:us-east-1:123456789012:log-group:*") });
                logRole("lambda-logs", { service: "lambda.amazonaws.com", statements: logStatement("arn:aws:logs:us-east-1:123456789012:log-group:*") });
                logRole("reader-logs", { statements: logStatement("arn:aws:logs:us-east-1:123456789012:log-group:*", ["logs:PutLogEvents", "logs:GetLogEvents"]) });
                logRole("all-logs", { statements: logStatement("arn:aws:logs:us-east-1:123456789012:log-group:*", ["logs:*"]) });
            }),
        );
        const reason = "API Gateway writes execution and access logs for every API in the region under this one role, into groups named at run time";

        it("excepts the role an aws.apigateway.Account names, trusted by API Gateway, writing and describing logs on log-group:* or *", () => {
            assertRuleException(r.report, { rule: "UB-IAM-WILDCARD", resource: "region-logs-policy", property: "policy.Statement[0].Resource", reason });
            assertRuleException(r.report, { rule: "UB-IAM-WILDCARD", resource: "star-logs-policy", property: "policy.Statement[0].Resource", reason });
            assertNoFinding(r.report, "UB-IAM-WILDCARD", "region-logs-policy");
        });

        it("not a role no Account names, one API Gateway does not assume, one that also reads logs, or logs:*", () => {
            for (const name of ["unregistered-logs", "lambda-logs", "reader-logs"]) {
                assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: `${name}-policy`, property: "policy.Statement[0].Resource", message: new RegExp(`^role ${name} allows .* on arn:aws:logs:us-east-1:123456789012:log-group:\\*$`) });
            }
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "all-logs-policy", property: "policy.Statement[0].Action", message: "role all-logs allows logs:*" });
            assertFinding(r.report, { rule: "UB-IAM-WILDCARD", severity: "medium", type: T.rolePolicy, resource: "all-logs-policy", property: "policy.Statement[0].Resource", message: "role all-logs allows logs:* on arn:aws:logs:us-east-1:123456789012:log-group:*" });
        });
    });

    describe("AuthorizedApi patterns the rules know", () => {
        const r = reportOf(authorizedApi);

        it("UB-APIG-AUTHORIZATION excepts a public route declared with authorization \"none\", not a raw method with NONE", async () => {
            const health = r.report.excepted.filter((e) => e.finding.ruleId === "UB-APIG-AUTHORIZATION");
            assert.equal(health.length, 1, JSON.stringify(health));
            // The component defines its routes in the RestApi's OpenAPI body: the finding points into it.
            assertRuleException(r.report, {
                rule: "UB-APIG-AUTHORIZATION",
                resource: "api-api",
                property: 'body.paths["/health"].get.security',
                message: "GET /health needs no credentials",
                reason: 'declared public (authorization: "none") in AuthorizedApi api',
            });
            assertNoFinding(r.report, "UB-APIG-AUTHORIZATION");
            // The same NONE outside the component is a finding (see open-list above).
            assert.equal(exceptedOf(evaluateRules(await insecureApi()), "UB-APIG-AUTHORIZATION", "open-list").length, 0);
        });

        it("UB-IAM-WILDCARD excepts an S3 route role on a SecureUserBucket's private/*, not on a bucket it cannot vouch for", () => {
            const photos = String(r.recording.one(aws.s3.Bucket, "photos-bucket").outputs.arn);
            const route = r.report.excepted.filter((e) => e.finding.ruleId === "UB-IAM-WILDCARD");
            assert.equal(route.length, 1, JSON.stringify(route));
            assertRuleException(r.report, {
                rule: "UB-IAM-WILDCARD",
                resource: route[0].finding.resource.name,
                property: "policy.Statement[0].Resource",
                message: new RegExp(`^role api-role-\\w+ allows s3:GetObject on ${photos}/private/\\*$`),
                reason: /^an S3 route role of AuthorizedApi api: API Gateway assumes it for every caller/,
            });
            const [shared] = findingsOf(r.report, "UB-IAM-WILDCARD");
            assert.ok(shared, "the shared-bucket route is a finding");
            assert.match(shared.resource.name, /^api-role-\w+-policy$/);
            assertFinding(r.report, {
                rule: "UB-IAM-WILDCARD",
                severity: "medium",
                type: T.rolePolicy,
                resource: shared.resource.name,
                property: "policy.Statement[0].Resource",
                message: /^role api-role-\w+ allows s3:GetObject on arn:aws:s3:::shared-bucket\/private\/\*$/,
            });
        });
    });

    describe("the components' secure defaults", () => {
        const bucket = reportOf(components.bucket);
        const auth = reportOf(components.auth);

        it('SecureUserBucket("photos", {}) (and one with createKmsKey) meet every S3 and KMS rule', () => {
            const storage = bucket.report.findings.filter((f) => /^UB-(S3|KMS)-/.test(f.ruleId));
            assert.deepEqual(storage, []);
            assert.deepEqual(bucket.report.findings, []);
            // Only the log buckets' own access logs are excepted, by the rule itself.
            assert.deepEqual(
                bucket.report.excepted.map((e) => [e.finding.ruleId, e.finding.resource.name, e.source]),
                [["UB-S3-ACCESS-LOGS", "photos-logs", "rule"], ["UB-S3-ACCESS-LOGS", "vault-logs", "rule"]],
            );
        });

        it('CognitoAuth("auth", { mfa: "ON", threatProtection: "ENFORCED" }) meets every Cognito rule, and so does a grant of the bucket to its roles', () => {
            assert.deepEqual(auth.report.findings.filter((f) => f.ruleId.startsWith("UB-COG-")), []);
            assert.deepEqual(auth.report.findings, []);
        });

        it("the shared protected/ and public/ levels of a SecureUserBucket grant are excepted, with the level named", () => {
            const grant = "photos-users-authenticated";
            const reasons = (rule: string) => exceptedOf(auth.report, rule, grant).filter((e) => !/^a per-user ARN/.test(e.reason)).map((e) => e.reason);
            const expected = [/^the protected\/ level of SecureUserBucket photos: every granted role reads it/, /^the public\/ level of SecureUserBucket photos: shared by every granted role by design$/];
            for (const rule of ["UB-IAM-WILDCARD", "UB-IAM-LIST-PREFIX"]) {
                const got = reasons(rule);
                assert.equal(got.length, 2, `${rule}: ${JSON.stringify(got)}`);
                got.forEach((reason, i) => assert.match(reason, expected[i]));
                assert.ok(exceptedOf(auth.report, rule, grant).every((e) => e.source === "rule"));
            }
        });
    });

    describe("declared exceptions", () => {
        let rec: Recording;
        before(async () => {
            rec = await cognito();
        });
        const clientFindings = (report: RuleReport) => findingsOf(report, "UB-COG-CLIENT", "sloppy-client").map((f) => f.property);

        it("an exception for a rule and a resource moves its findings to excepted, with its reason and source declared", () => {
            const exception: RuleException = { rule: "UB-COG-MFA", resource: "weak", reason: "a throwaway pool for load tests" };
            const report = evaluateRules(rec, { exceptions: [exception] });
            assertNoFinding(report, "UB-COG-MFA", "weak");
            const [excepted] = exceptedOf(report, "UB-COG-MFA", "weak");
            assert.deepEqual({ source: excepted.source, reason: excepted.reason, message: excepted.finding.message }, { source: "declared", reason: "a throwaway pool for load tests", message: "user pool weak has MFA OFF" });
            assert.deepEqual(report.unusedExceptions, []);
            // Only that rule on that resource: the other findings stay.
            assert.equal(findingsOf(report, "UB-COG-MFA", "optional").length, 1);
            assert.equal(findingsOf(report, "UB-COG-PASSWORD", "weak").length, 1);
        });

        it("with a property, only findings whose property starts with it", () => {
            const report = evaluateRules(rec, { exceptions: [{ rule: "UB-COG-CLIENT", resource: "sloppy-client", property: "callbackUrls", reason: "legacy redirects, removed in Q3" }] });
            assert.deepEqual(clientFindings(report), ["allowedOauthFlows", "preventUserExistenceErrors", "enableTokenRevocation"]);
            assert.deepEqual(exceptedOf(report, "UB-COG-CLIENT", "sloppy-client").map((e) => [e.finding.property, e.source]), [["callbackUrls[0]", "declared"], ["callbackUrls[1]", "declared"]]);
            assert.deepEqual(report.unusedExceptions, []);
        });

        it("an exception that matches nothing (wrong rule, resource or property) is reported unused, and excepts nothing", () => {
            const stale: RuleException[] = [
                { rule: "UB-COG-MFA", resource: "strong", reason: "strong has MFA" },
                { rule: "UB-COG-GUESTS", resource: "weak", reason: "a user pool, not an identity pool" },
                { rule: "UB-COG-CLIENT", resource: "sloppy-client", property: "logoutUrls", reason: "the logout URL is fine" },
            ];
            const report = evaluateRules(rec, { exceptions: stale });
            assert.deepEqual(report.unusedExceptions, stale);
            assert.deepEqual(report.excepted.filter((e) => e.source === "declared"), []);
            assert.deepEqual(report.findings, evaluateRules(rec).findings);
        });

        it("stacks limits an exception to those stacks; elsewhere it neither applies nor counts as unused", () => {
            const exception: RuleException = { rule: "UB-COG-DELETION-PROTECTION", resource: "weak", reason: "dev pools are recreated nightly", stacks: ["dev"] };
            const dev = evaluateRules(rec, { exceptions: [exception], stack: "dev" });
            assert.equal(exceptedOf(dev, "UB-COG-DELETION-PROTECTION", "weak")[0]?.source, "declared");
            assertNoFinding(dev, "UB-COG-DELETION-PROTECTION");
            const prod = evaluateRules(rec, { exceptions: [exception], stack: "prod" });
            assert.equal(findingsOf(prod, "UB-COG-DELETION-PROTECTION", "weak").length, 1);
            assert.deepEqual(exceptedOf(prod, "UB-COG-DELETION-PROTECTION", "weak"), []);
            assert.deepEqual(prod.unusedExceptions, []);
            // Without a stack, a stack-limited exception cannot be known to apply, so it does not.
            const unknown = evaluateRules(rec, { exceptions: [exception] });
            assert.deepEqual(exceptedOf(unknown, "UB-COG-DELETION-PROTECTION", "weak"), []);
            assert.equal(findingsOf(unknown, "UB-COG-DELETION-PROTECTION", "weak").length, 1);
        });

        it("a finding the rule already excepts is not claimed by a declared exception, which stays unused", async () => {
            const exception: RuleException = { rule: "UB-S3-ACCESS-LOGS", resource: "leaky-logs", reason: "it is a log bucket" };
            const report = evaluateRules(await insecureStorage(), { exceptions: [exception] });
            assert.deepEqual(exceptedOf(report, "UB-S3-ACCESS-LOGS", "leaky-logs").map((e) => e.source), ["rule"]);
            assert.deepEqual(report.unusedExceptions, [exception]);
        });

        it("findings come worst first", () => {
            const order = { high: 3, medium: 2, low: 1 } as const;
            const severities = evaluateRules(rec).findings.map((f) => order[f.severity]);
            assert.ok(severities.length > 3);
            assert.deepEqual(severities, [...severities].sort((a, b) => b - a));
        });
    });

    describe("Step Functions, KMS key policies, log encryption, WAF logging and owner tags", () => {
        const bad = reportOf(serviceGaps);
        const good = reportOf(serviceGapsClosed);
        const newer = ["UB-KMS-KEY-POLICY", "UB-LOGS-ENCRYPTION", "UB-SFN-LOGGING", "UB-SFN-XRAY", "UB-WAF-LOGGING", "UB-COG-OWNER-TAG"];

        it("the compliant program has no finding at all", () => {
            assert.deepEqual(good.report.findings, []);
        });

        it("UB-KMS-KEY-POLICY: a key with no policy, and one whose only statement is the default root kms:*; beside other statements it is fine", () => {
            assertFinding(bad.report, { rule: "UB-KMS-KEY-POLICY", severity: "medium", type: T.kmsKey, resource: "defaulted", property: "policy", message: "key defaulted has no key policy, so AWS's default gives the account root kms:* and leaves the key to IAM policies" });
            assertFinding(bad.report, {
                rule: "UB-KMS-KEY-POLICY",
                severity: "medium",
                type: T.kmsKey,
                resource: "root-only",
                property: "policy.Statement[0]",
                message: "key root-only policy only gives the account root kms:* without conditions, which is AWS's default key policy",
            });
            assertNoFinding(good.report, "UB-KMS-KEY-POLICY");
        });

        it("UB-KMS-KEY-POLICY: a root statement with a condition, or a bare account id with kms:* beside nothing else, read as IAM reads them", async () => {
            const report = evaluateRules(
                await record(() => {
                    new aws.kms.Key("conditioned", { enableKeyRotation: true, policy: policyDocument([{ Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }]) });
                    new aws.kms.Key("bare-account", { enableKeyRotation: true, policy: policyDocument([{ Effect: "Allow", Principal: { AWS: ["123456789012"] }, Action: ["*"], Resource: "*" }]) });
                    return {};
                }),
            );
            assertNoFinding(report, "UB-KMS-KEY-POLICY", "conditioned");
            assert.equal(findingsOf(report, "UB-KMS-KEY-POLICY", "bare-account").length, 1);
        });

        it("UB-LOGS-ENCRYPTION: log groups without a key where the stack has a customer key; none asked where it has none", async () => {
            for (const group of ["plain-logs", "flow-logs", "waf-logs"]) {
                assertFinding(bad.report, { rule: "UB-LOGS-ENCRYPTION", severity: "low", type: T.logGroup, resource: group, property: "kmsKeyId", message: `log group ${group} is not encrypted with a customer key, though the stack has one (defaulted)` });
            }
            assertNoFinding(good.report, "UB-LOGS-ENCRYPTION");
            const keyless = evaluateRules(await record(() => (new aws.cloudwatch.LogGroup("plain-logs", { retentionInDays: 30 }), {})));
            assertNoFinding(keyless, "UB-LOGS-ENCRYPTION");
        });

        it("UB-SFN-LOGGING: no logging configuration, or level OFF", () => {
            assertFinding(bad.report, { rule: "UB-SFN-LOGGING", severity: "medium", type: T.stateMachine, resource: "silent-flow", property: "loggingConfiguration", message: "state machine silent-flow writes no execution logs: level OFF, no log destination" });
            assertFinding(bad.report, { rule: "UB-SFN-LOGGING", severity: "medium", type: T.stateMachine, resource: "muted-flow", property: "loggingConfiguration", message: "state machine muted-flow writes no execution logs: level OFF" });
            assertNoFinding(good.report, "UB-SFN-LOGGING");
        });

        it("UB-SFN-XRAY: a traced machine whose role lacks some of the four X-Ray actions; an untraced one is not asked", () => {
            assertFinding(bad.report, {
                rule: "UB-SFN-XRAY",
                severity: "medium",
                type: T.stateMachine,
                resource: "silent-flow",
                property: "roleArn",
                message: "state machine silent-flow traces with X-Ray but its role flow-role lacks xray:GetSamplingRules, xray:GetSamplingTargets",
            });
            assertNoFinding(bad.report, "UB-SFN-XRAY", "muted-flow");
            assertNoFinding(good.report, "UB-SFN-XRAY");
        });

        it("UB-WAF-LOGGING: a web ACL without a logging configuration, or logging to a destination not named aws-waf-logs-", () => {
            assertFinding(bad.report, { rule: "UB-WAF-LOGGING", severity: "low", type: T.webAcl, resource: "silent-acl", property: "(no WebAclLoggingConfiguration)", message: "web ACL silent-acl writes no logs" });
            assertFinding(bad.report, {
                rule: "UB-WAF-LOGGING",
                severity: "low",
                type: T.webAclLogging,
                resource: "misnamed-acl-logging",
                property: "logDestinationConfigs[0]",
                message: /^web ACL misnamed-acl logs to arn:aws:logs:[a-z0-9-]+:\d{12}:log-group:api-waf-logs, whose name does not start with aws-waf-logs-$/,
            });
            assertNoFinding(good.report, "UB-WAF-LOGGING");
        });

        it("UB-COG-OWNER-TAG: owner tags from preferred_username, from an attribute a client writes, from a standard attribute a client without writeAttributes writes", () => {
            const message = (tag: string, claim: string, why: string) => `principal tag ${tag} comes from ${claim}, ${why}; role members-role keys S3 access by \${aws:PrincipalTag/${tag}}`;
            const expected = (tag: string, claim: string, why: string) => ({ rule: "UB-COG-OWNER-TAG", severity: "high" as const, type: T.principalTag, resource: "member-tags", property: `principalTags.${tag}`, message: message(tag, claim, why) });
            assertFinding(bad.report, expected("owner", "preferred_username", "which the user can change"));
            assertFinding(bad.report, expected("team", "custom:team", "which client web may write"));
            assertFinding(bad.report, expected("nick", "nickname", "a standard attribute, which client mobile may write (it lists no writeAttributes)"));
            // uid comes from sub; spare comes from email but keys nothing.
            assert.equal(findingsOf(bad.report, "UB-COG-OWNER-TAG").length, 3);
            assertNoFinding(good.report, "UB-COG-OWNER-TAG");
        });

        it("UB-COG-OWNER-TAG reads the components' graph: CognitoAuth's sub mapping, used as the owner by a SecureUserBucket grant, is fine", async () => {
            const rec = await record(() => {
                const auth = new CognitoAuth("auth", { principalTags: { sub: "sub" } });
                new SecureUserBucket("photos", { ownerPrincipalTag: "sub" }).grantUserAccess("users", { identities: auth });
                return {};
            });
            // The rule has something to read: the component's mapping, and grants keyed by the tag.
            assert.deepEqual(rec.one(T.principalTag, "auth-principal-tags").inputs.principalTags, { sub: "sub" });
            assert.ok(rec.all(T.rolePolicy).some((p) => String(p.inputs.policy).includes("${aws:PrincipalTag/sub}")));
            assertNoFinding(evaluateRules(rec), "UB-COG-OWNER-TAG");
        });

        it("every newer rule is broken here, and says nothing of the older programs' resources it does not concern", () => {
            assert.deepEqual(newer.filter((id) => findingsOf(bad.report, id).length === 0), []);
        });
    });

    describe("coverage", () => {
        it("every rule is broken by one of the programs above", async () => {
            const seen = new Set<string>();
            for (const program of [insecureStorage, cognito, iam, insecureApi, authorizedApi, serviceGaps, senderKeyGaps, wideEventRoles, domainGaps]) {
                const report = evaluateRules(await program());
                for (const f of report.findings) seen.add(f.ruleId);
            }
            assert.deepEqual(rules.map((r) => r.id).filter((id) => !seen.has(id)), []);
        });
    });
});
