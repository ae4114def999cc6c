import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ExceptedFinding, Finding, rules, RuleReport, Severity } from "../../offline/rules";

/**
 * Building blocks for the rule set's specification (tests/offline/rules.test.ts): raw AWS resources
 * in their secure shape, trust policies, and assertions on a RuleReport.
 */

/** Type tokens of the resources findings name. */
export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    kmsKey: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPool: "aws:cognito/userPool:UserPool",
    identityPool: "aws:cognito/identityPool:IdentityPool",
    client: "aws:cognito/userPoolClient:UserPoolClient",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    restApi: "aws:apigateway/restApi:RestApi",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    principalTag: "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag",
} as const;

/** An IAM policy document as the JSON string AWS takes; statements may hold Outputs. */
export function policyDocument(statements: unknown[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** The trust policy of an identity pool role: this pool's identities of one kind only. */
export function identityPoolTrust(poolId: pulumi.Input<string>, amr: "authenticated" | "unauthenticated" = "authenticated"): pulumi.Output<string> {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": poolId },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
            },
        },
    ]);
}

/** The trust policy of a role an AWS service assumes (not an identity pool role). */
export function serviceTrust(service: string): pulumi.Output<string> {
    return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}

/** The statement UB-S3-TLS looks for: deny s3:* without TLS, on [bucket ARN, bucket ARN/*]. */
export function denyWithoutTls(bucketArn: pulumi.Input<string>): unknown {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

type BlockFlag = "blockPublicAcls" | "blockPublicPolicy" | "ignorePublicAcls" | "restrictPublicBuckets";

/**
 * What `hardenedBucket` sets up. Every part defaults to its secure form; `false` leaves the part
 * out, any other value replaces it. Access logging is off unless `logTo` names a log bucket.
 */
export interface BucketSpec {
    readonly forceDestroy?: boolean;
    readonly publicAccessBlock?: false | Partial<Record<BlockFlag, boolean>>;
    /** The statements of the bucket policy. @default [denyWithoutTls(arn)] */
    readonly policy?: false | ((bucketArn: pulumi.Output<string>) => unknown[]);
    /** The default encryption algorithm. @default "AES256" */
    readonly encryption?: false | string;
    /** @default "BucketOwnerEnforced" */
    readonly ownership?: false | string;
    /** @default "Enabled" */
    readonly versioning?: false | string;
    /** @default an enabled rule that aborts multipart uploads and one that expires noncurrent versions */
    readonly lifecycle?: false | aws.types.input.s3.BucketLifecycleConfigurationRule[];
    readonly logTo?: aws.s3.Bucket;
}

/**
 * A bucket named `<name>` with its parts named `<name>-public-access-block`, `<name>-policy`,
 * `<name>-encryption`, `<name>-ownership`, `<name>-versioning`, `<name>-lifecycle` and `<name>-logging`.
 */
export function hardenedBucket(name: string, spec: BucketSpec = {}): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(name, { forceDestroy: spec.forceDestroy });
    if (spec.publicAccessBlock !== false) {
        new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
            ...spec.publicAccessBlock,
        });
    }
    if (spec.policy !== false) {
        const statements = spec.policy ? spec.policy(bucket.arn) : [denyWithoutTls(bucket.arn)];
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: policyDocument(statements) });
    }
    if (spec.encryption !== false) {
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: spec.encryption ?? "AES256" } }],
        });
    }
    if (spec.ownership !== false) {
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: spec.ownership ?? "BucketOwnerEnforced" } });
    }
    if (spec.versioning !== false) {
        new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: spec.versioning ?? "Enabled" } });
    }
    if (spec.lifecycle !== false) {
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucket.id,
            rules: spec.lifecycle ?? [
                { id: "abort-uploads", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                { id: "old-versions", status: "Enabled", filter: { prefix: "" }, noncurrentVersionExpiration: { noncurrentDays: 30 } },
            ],
        });
    }
    if (spec.logTo) {
        new aws.s3.BucketLogging(`${name}-logging`, { bucket: bucket.id, targetBucket: spec.logTo.id, targetPrefix: `${name}/` });
    }
    return bucket;
}

/**
 * A component of someone else's making (not one of this package's) whose three identity pool roles
 * get the same policy by the three mechanisms Pulumi offers: `<name>-inline` through `inlinePolicies`,
 * `<name>-attached` through an `aws.iam.RolePolicy` (`<name>-attached-policy`), and `<name>-managed`
 * through an `aws.iam.Policy` (`<name>-managed-policy`) and a `RolePolicyAttachment`.
 * The policy lists the bucket and reads `protected/*`; with `ownPrefixOnly` it lists and reads only
 * the caller's own `private/<identity id>/` instead.
 */
export class Uploader extends pulumi.ComponentResource {
    constructor(name: string, args: { identityPoolId: pulumi.Input<string>; bucketArn: pulumi.Input<string>; ownPrefixOnly?: boolean }, opts?: pulumi.ComponentResourceOptions) {
        super("acme:index:Uploader", name, {}, opts);
        const parent = { parent: this };
        const own = "private/${cognito-identity.amazonaws.com:sub}/";
        const policy = policyDocument(
            args.ownPrefixOnly
                ? [
                      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [args.bucketArn], Condition: { StringLike: { "s3:prefix": [own, `${own}*`] } } },
                      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${args.bucketArn}/${own}*`] },
                  ]
                : [
                      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [args.bucketArn] },
                      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${args.bucketArn}/protected/*`] },
                  ],
        );
        const trust = identityPoolTrust(args.identityPoolId);
        new aws.iam.Role(`${name}-inline`, { assumeRolePolicy: trust, inlinePolicies: [{ name: "uploads", policy }] }, parent);
        const attached = new aws.iam.Role(`${name}-attached`, { assumeRolePolicy: trust }, parent);
        new aws.iam.RolePolicy(`${name}-attached-policy`, { role: attached, policy }, parent);
        const managed = new aws.iam.Role(`${name}-managed`, { assumeRolePolicy: trust }, parent);
        const managedPolicy = new aws.iam.Policy(`${name}-managed-policy`, { policy }, parent);
        new aws.iam.RolePolicyAttachment(`${name}-managed-attachment`, { role: managed.name, policyArn: managedPolicy.arn }, parent);
        this.registerOutputs({});
    }
}

// ---------------------------------------------------------------------------------------------
// Assertions on a RuleReport.

export interface ExpectedFinding {
    readonly rule: string;
    readonly severity: Severity;
    readonly type: string;
    /** The logical name of the resource at fault. */
    readonly resource: string;
    readonly property: string;
    readonly message: string | RegExp;
}

const show = (items: readonly (Finding | ExceptedFinding)[]) =>
    JSON.stringify(
        items.map((i) => ("finding" in i ? i.finding : i)).map((f) => `${f.ruleId} ${f.resource.name} ${f.property}: ${f.message}`),
        null,
        1,
    );

/** The findings of a rule, optionally on one resource. */
export function findingsOf(report: RuleReport, rule: string, resource?: string): Finding[] {
    return report.findings.filter((f) => f.ruleId === rule && (resource === undefined || f.resource.name === resource));
}

/** The excepted findings of a rule on one resource, optionally at one property. */
export function exceptedOf(report: RuleReport, rule: string, resource: string, property?: string): ExceptedFinding[] {
    return report.excepted.filter((e) => e.finding.ruleId === rule && e.finding.resource.name === resource && (property === undefined || e.finding.property === property));
}

function checkMessage(actual: string, expected: string | RegExp): void {
    if (typeof expected === "string") assert.equal(actual, expected);
    else assert.match(actual, expected);
}

/** Asserts exactly one (not excepted) finding of the rule on the resource at the property, and what it says. */
export function assertFinding(report: RuleReport, expected: ExpectedFinding): Finding {
    const found = findingsOf(report, expected.rule, expected.resource).filter((f) => f.property === expected.property);
    assert.equal(found.length, 1, `expected one ${expected.rule} finding on ${expected.resource} at ${expected.property}; ${expected.rule} findings: ${show(findingsOf(report, expected.rule))}`);
    const [finding] = found;
    assert.equal(finding.severity, expected.severity);
    assert.equal(finding.resource.type, expected.type);
    assert.match(finding.resource.urn, new RegExp(`::${expected.resource.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    checkMessage(finding.message, expected.message);
    assert.deepEqual(finding.mirrors, rules.find((r) => r.id === expected.rule)!.mirrors);
    assert.equal(exceptedOf(report, expected.rule, expected.resource, expected.property).length, 0, "a finding is never also excepted");
    return finding;
}

/** Asserts that the rule reports nothing (optionally: nothing on this resource), excepted or not. */
export function assertNoFinding(report: RuleReport, rule: string, resource?: string): void {
    assert.deepEqual(findingsOf(report, rule, resource), [], `unexpected ${rule} findings: ${show(findingsOf(report, rule, resource))}`);
}

/** Asserts that the rule recognised its own deliberate pattern here, with a reason. */
export function assertRuleException(report: RuleReport, expected: { rule: string; resource: string; property: string; message?: string | RegExp; reason: string | RegExp }): ExceptedFinding {
    const found = exceptedOf(report, expected.rule, expected.resource, expected.property);
    assert.equal(found.length, 1, `expected one excepted ${expected.rule} on ${expected.resource} at ${expected.property}; excepted: ${show(report.excepted.filter((e) => e.finding.ruleId === expected.rule))}`);
    const [excepted] = found;
    assert.equal(excepted.source, "rule");
    checkMessage(excepted.reason, expected.reason);
    if (expected.message !== undefined) checkMessage(excepted.finding.message, expected.message);
    assert.deepEqual(findingsOf(report, expected.rule, expected.resource).filter((f) => f.property === expected.property), [], "an excepted finding is not also a finding");
    return excepted;
}

/** Memoizes an async fixture, so several describe blocks can share one recording. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
    let made: Promise<T> | undefined;
    return () => (made ??= make());
}

// ---------------------------------------------------------------------------------------------
// One REST API, declared either way API Gateway takes it: per-route resources, or an OpenAPI body.

/** A route of `restApi`: what it requires of the caller and the request, and how it is cached. */
export interface RouteSpec {
    readonly method: string;
    /** `/items/{id}`; `{proxy+}` and other path parameters are declared as path parameters. */
    readonly path: string;
    /** `token`: a Lambda TOKEN authorizer reading `X-Token`. */
    readonly auth: "none" | "cognito" | "iam" | "token";
    readonly apiKey?: boolean;
    readonly scopes?: readonly string[];
    /** A JSON request model (`Item`). */
    readonly model?: boolean;
    /** Query string parameters, with whether each is required. */
    readonly query?: Readonly<Record<string, boolean>>;
    /** @default "none" */
    readonly validator?: "none" | "body" | "all";
    readonly cacheKey?: readonly string[];
    /** A method settings entry of its own that turns caching on. */
    readonly cache?: boolean;
}

export interface ApiSpec {
    readonly routes: readonly RouteSpec[];
    /** The stage has a cache cluster, and `*` / `*` sets `cachingEnabled` to this. @default no cache */
    readonly stageCaching?: boolean;
}

/** The three ways a program can hand the same API to API Gateway. */
export type ApiShape = "resources" | "openapi3" | "swagger2";

export const TOKEN_AUTHORIZER_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:authorize/invocations";

/** The `MethodSettings` of a stage, secure (encrypted cache, cache control needs authorization, logs, metrics, throttle). */
const secureSettings = (caching?: boolean) => ({
    loggingLevel: "ERROR",
    metricsEnabled: true,
    throttlingRateLimit: 20,
    throttlingBurstLimit: 40,
    ...(caching === undefined ? {} : { cachingEnabled: caching, cacheDataEncrypted: true, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" }),
});

const slugOf = (route: RouteSpec) => `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "")}`;

/**
 * The OpenAPI document of an API spec, as a user of `body` writes it by hand: OpenAPI 3.0.1 with
 * `components.securitySchemes`, or Swagger 2.0 with `securityDefinitions`, `definitions` and a body parameter.
 */
export function openApiDocument(spec: ApiSpec, version: "openapi3" | "swagger2", userPoolArn: string): Record<string, unknown> {
    const swagger = version === "swagger2";
    const schemes = {
        "cognito-user-pool": { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "cognito_user_pools", "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: [userPoolArn] } },
        sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
        "lambda-token": {
            type: "apiKey",
            name: "X-Token",
            in: "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: TOKEN_AUTHORIZER_URI, identitySource: "method.request.header.X-Token", authorizerResultTtlInSeconds: 300 },
        },
        api_key: { type: "apiKey", name: "x-api-key", in: "header" },
    };
    const schemeOf = { none: undefined, cognito: "cognito-user-pool", iam: "sigv4", token: "lambda-token" } as const;
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of spec.routes) {
        const scheme = schemeOf[route.auth];
        const security = [{ ...(scheme ? { [scheme]: [...(route.scopes ?? [])] } : {}), ...(route.apiKey ? { api_key: [] } : {}) }].filter((s) => Object.keys(s).length);
        const pathParams = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => ({ name: m[1], in: "path", required: true, ...(swagger ? { type: "string" } : { schema: { type: "string" } }) }));
        const query = Object.entries(route.query ?? {}).map(([name, required]) => ({ name, in: "query", required, ...(swagger ? { type: "string" } : { schema: { type: "string" } }) }));
        const body = route.model && swagger ? [{ name: "item", in: "body", required: true, schema: { $ref: "#/definitions/Item" } }] : [];
        const operation: Record<string, unknown> = {
            parameters: [...pathParams, ...query, ...body],
            ...(route.model && !swagger ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } } } : {}),
            ...(security.length ? { security } : {}),
            ...(route.validator && route.validator !== "none" ? { "x-amazon-apigateway-request-validator": route.validator } : {}),
            "x-amazon-apigateway-integration": { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, ...(route.cacheKey ? { cacheKeyParameters: [...route.cacheKey] } : {}) },
        };
        paths[route.path] = { ...paths[route.path], [route.method === "ANY" ? "x-amazon-apigateway-any-method" : route.method.toLowerCase()]: operation };
    }
    const item = { type: "object", properties: { name: { type: "string" } } };
    const validators = { body: { validateRequestBody: true, validateRequestParameters: false }, all: { validateRequestBody: true, validateRequestParameters: true } };
    return swagger
        ? { swagger: "2.0", info: { title: "items", version: "1" }, paths, securityDefinitions: schemes, definitions: { Item: item }, "x-amazon-apigateway-request-validators": validators }
        : { openapi: "3.0.1", info: { title: "items", version: "1" }, paths, components: { securitySchemes: schemes, schemas: { Item: item } }, "x-amazon-apigateway-request-validators": validators };
}

/**
 * A REST API `<name>-api` with a deployment `<name>-deployment`, a stage `<name>-stage` (X-Ray, JSON
 * access logs with retention, behind a WAF) and its `<name>-settings` on `*` / `*`, in the given shape.
 * Per-route resources are named `<name>-<method><path slug>` (Method), `...-integration`,
 * `...-settings`; authorizers `<name>-cognito` and `<name>-token`; validators `<name>-validate-body`
 * and `<name>-validate-all`.
 */
export function restApi(name: string, shape: ApiShape, spec: ApiSpec, userPoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example1"): aws.apigateway.RestApi {
    let api: aws.apigateway.RestApi;
    let deployment: aws.apigateway.Deployment;
    if (shape === "resources") {
        api = new aws.apigateway.RestApi(`${name}-api`, {});
        const resources = new Map<string, aws.apigateway.Resource>();
        const resourceOf = (path: string): pulumi.Input<string> => {
            if (path === "/") return api.rootResourceId;
            if (!resources.has(path)) {
                const parent = path.slice(0, path.lastIndexOf("/")) || "/";
                const part = path.slice(path.lastIndexOf("/") + 1);
                resources.set(path, new aws.apigateway.Resource(`${name}${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "")}`, { restApi: api.id, parentId: resourceOf(parent), pathPart: part }));
            }
            return resources.get(path)!.id;
        };
        const cognito = new aws.apigateway.Authorizer(`${name}-cognito`, { restApi: api.id, type: "COGNITO_USER_POOLS", providerArns: [userPoolArn], identitySource: "method.request.header.Authorization" });
        const token = new aws.apigateway.Authorizer(`${name}-token`, { restApi: api.id, type: "TOKEN", authorizerUri: TOKEN_AUTHORIZER_URI, identitySource: "method.request.header.X-Token", authorizerResultTtlInSeconds: 300 });
        const validators = {
            body: new aws.apigateway.RequestValidator(`${name}-validate-body`, { restApi: api.id, validateRequestBody: true, validateRequestParameters: false }),
            all: new aws.apigateway.RequestValidator(`${name}-validate-all`, { restApi: api.id, validateRequestBody: true, validateRequestParameters: true }),
        };
        const parts: pulumi.Resource[] = [];
        for (const route of spec.routes) {
            const resourceId = resourceOf(route.path);
            const pathParams = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => [`method.request.path.${m[1]}`, true]);
            const query = Object.entries(route.query ?? {}).map(([q, required]) => [`method.request.querystring.${q}`, required]);
            const method = new aws.apigateway.Method(`${name}-${slugOf(route)}`, {
                restApi: api.id,
                resourceId,
                httpMethod: route.method,
                authorization: { none: "NONE", cognito: "COGNITO_USER_POOLS", iam: "AWS_IAM", token: "CUSTOM" }[route.auth],
                authorizerId: route.auth === "cognito" ? cognito.id : route.auth === "token" ? token.id : undefined,
                authorizationScopes: route.scopes ? [...route.scopes] : undefined,
                apiKeyRequired: route.apiKey,
                requestModels: route.model ? { "application/json": "Item" } : undefined,
                requestParameters: Object.fromEntries([...pathParams, ...query]),
                requestValidatorId: route.validator && route.validator !== "none" ? validators[route.validator].id : undefined,
            });
            const integration = new aws.apigateway.Integration(`${name}-${slugOf(route)}-integration`, {
                restApi: api.id,
                resourceId,
                httpMethod: method.httpMethod,
                type: "MOCK",
                requestTemplates: { "application/json": '{"statusCode": 200}' },
                cacheKeyParameters: route.cacheKey ? [...route.cacheKey] : undefined,
            });
            parts.push(method, integration);
        }
        deployment = new aws.apigateway.Deployment(`${name}-deployment`, { restApi: api.id, triggers: { routes: JSON.stringify(spec.routes) } }, { dependsOn: parts });
    } else {
        const body = JSON.stringify(openApiDocument(spec, shape, userPoolArn));
        api = new aws.apigateway.RestApi(`${name}-api`, { body, putRestApiMode: "overwrite" });
        deployment = new aws.apigateway.Deployment(`${name}-deployment`, { restApi: api.id, triggers: { definition: createHash("sha256").update(body).digest("hex") } });
    }
    const logs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: 30 });
    const stage = new aws.apigateway.Stage(`${name}-stage`, {
        restApi: api.id,
        deployment: deployment.id,
        stageName: "v1",
        xrayTracingEnabled: true,
        cacheClusterEnabled: spec.stageCaching !== undefined,
        cacheClusterSize: spec.stageCaching !== undefined ? "0.5" : undefined,
        accessLogSettings: { destinationArn: logs.arn, format: JSON.stringify({ requestId: "$context.requestId" }) },
    });
    new aws.apigateway.MethodSettings(`${name}-settings`, { restApi: api.id, stageName: stage.stageName, methodPath: "*/*", settings: secureSettings(spec.stageCaching) });
    for (const route of spec.routes.filter((r) => r.cache)) {
        new aws.apigateway.MethodSettings(`${name}-${slugOf(route)}-settings`, {
            restApi: api.id,
            stageName: stage.stageName,
            methodPath: `${route.path.replace(/\//g, "~1")}/${route.method}`,
            settings: { ...secureSettings(true), cacheTtlInSeconds: 60 },
        });
    }
    new aws.wafv2.WebAclAssociation(`${name}-waf`, { resourceArn: stage.arn, webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/0a1b2c3d-0000-4000-a000-000000000000" });
    return api;
}
