import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { accountLogRoleResources } from "../api-gateway-account";
import { actions, policyJson } from "../policy";
import type { AccountLogRoleMode, AuthorizedApiArgs, AuthorizedApiTransform, RouteArgs } from "./args";
import { awsServiceStatements, isAwsServiceRoute } from "./integrations/aws-service";
import { routeSourceArnSuffix } from "./integrations/lambda";
import { buildOpenApiDocument, privateApiStatements } from "./openapi";
import { planRoutes, RoutePlan, sha } from "./routes";
import { createStage } from "./stage";
import { configuredRegion, createApiDomain, validateApiDomain } from "./domain";
import { requireOwnerClaims, validateAuthorizedApiArgs } from "./validation";
import { COMPONENT_TYPES, DEFAULT_CACHE_TTL_SECONDS } from "../shared/contract";
import { applyTransform } from "../shared/transform";
import { UserBackendInputError } from "../validation";

export * from "./args";
export { buildOpenApiDocument, SECURITY_SCHEMES } from "./openapi";
export type { OpenApiDocument, OpenApiEnvironment, OpenApiIntegration, OpenApiOperation, OpenApiSecurityScheme } from "./openapi";
export { methodSettingsPath, slugOf } from "./routes";
export { executionLogGroupName } from "./stage";
export { validateAuthorizedApiArgs } from "./validation";

/**
 * An API Gateway REST API whose routes are declared as data: each reaches Lambda, an HTTP backend,
 * S3, Step Functions, SQS or DynamoDB behind a Cognito, IAM or Lambda authorizer, on a stage with
 * JSON access logs, execution logs, X-Ray, throttling and per-user-safe caching.
 *
 * The whole API is one OpenAPI document (`openApiDocument`), imported as the RestApi's body: a
 * removed route is gone from the very next deployment.
 *
 * @example Minimal
 * ```ts
 * const api = new AuthorizedApi("api", {
 *     userPoolArn: auth.userPoolArn,
 *     defaultAuthorization: "cognito",
 *     routes: { "GET /notes": { lambda: { functionArn: notes.arn } } },
 * });
 * ```
 *
 * @example Common: per-user files through S3, a workflow, and a cached catalogue.
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
    /** The API as an OpenAPI 3.0 document (JSON), for generating clients and docs. */
    readonly openApiDocument: pulumi.Output<string>;
    /** The SHA-256 of `openApiDocument`: the deployment's trigger. */
    readonly definitionHash: pulumi.Output<string>;
    /** Who sets the account's API Gateway CloudWatch role for this API's logs. */
    readonly accountLogRole: AccountLogRoleMode;

    /** Escape hatches to the children. */
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly deployment: aws.apigateway.Deployment;
    readonly accessLogGroup: aws.cloudwatch.LogGroup;
    /** `API-Gateway-Execution-Logs_<api id>/<stage>`, when the stage logs. */
    readonly executionLogGroup?: aws.cloudwatch.LogGroup;
    /** The role of each AWS-service route (S3, Step Functions, SQS, DynamoDB), by route key. */
    readonly integrationRoles: Readonly<Record<string, aws.iam.Role>>;

    constructor(name: string, args: AuthorizedApiArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAuthorizedApiArgs(name, args);
        validateApiDomain(name, args, configuredRegion(opts));
        requireOwnerClaims(name, args);
        super(COMPONENT_TYPES.AuthorizedApi, name, {}, opts);
        const parent = { parent: this };

        // Every default in one place.
        const stageName = args.stageName ?? "api";
        const endpointType = args.endpointType ?? "REGIONAL";
        const throttle = args.throttle ?? { rateLimit: 100, burstLimit: 200 };
        const retentionDays = args.accessLogRetentionDays ?? 365;
        const logLevel = args.executionLogLevel ?? "ERROR";
        const tracing = args.tracing ?? true;
        const cache = args.cache ? { size: args.cache.size, ttlSeconds: args.cache.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS } : undefined;
        this.accountLogRole = args.accountLogRole ?? (args.manageAccountLogRole ? "managed" : "baseline");

        // The document is the RestApi's own input, so no output of this API can give the region and
        // partition its integration URIs name: two invokes. The account only for a managed log role.
        const region = aws.getRegionOutput({}, parent).region;
        const partition = aws.getPartitionOutput({}, parent).partition;
        const plans = planRoutes(args);

        // 1. The roles of AWS-service routes, which the document names.
        const roles = this.integrationRolesFor(name, plans, region, args.transform);
        this.integrationRoles = Object.fromEntries(Object.entries(roles).map(([key, r]) => [key, r.role]));

        // 2. The API from one document.
        const document = pulumi
            .all([resolvableArgs(args), partition, region, pulumi.output(Object.fromEntries(Object.entries(roles).map(([key, r]) => [key, r.role.arn])))])
            .apply(([resolved, partitionName, regionName, integrationRoleArns]) =>
                JSON.stringify(buildOpenApiDocument(name, resolved as AuthorizedApiArgs, { partition: partitionName, region: regionName, integrationRoleArns })),
            );
        const restApiArgs = restApiWithBody(
            name,
            applyTransform<aws.apigateway.RestApiArgs>(
                {
                    description: `AuthorizedApi ${name}`,
                    body: document,
                    // Overwrite: the API becomes exactly the document, so a route that left it is gone.
                    // @see pulumi-aws RestApi docs (`putRestApiMode`, default overwrite) and terraform-provider-aws rest_api.go
                    putRestApiMode: "overwrite",
                    binaryMediaTypes: args.binaryMediaTypes,
                    endpointConfiguration: { types: endpointType, vpcEndpointIds: endpointType === "PRIVATE" ? args.vpcEndpointIds : undefined },
                    // The argument overrides the document's x-amazon-apigateway-policy; both say the same.
                    policy: endpointType === "PRIVATE" ? policyJson(privateApiStatements(args.vpcEndpointIds ?? [])) : undefined,
                    tags: args.tags,
                },
                `${name}-api`,
                args.transform?.restApi,
            ),
            document,
        );
        // What is imported is what the API reports and what the deployment hashes, transformed or not.
        this.openApiDocument = restApiArgs.body;
        this.restApi = new aws.apigateway.RestApi(
            `${name}-api`,
            restApiArgs,
            // API Gateway may call a service with a route's role from the first request: its policy first.
            { parent: this, dependsOn: Object.values(roles).map((r) => r.policy) },
        );

        // 3. Who may invoke the Lambda functions: this API only, per route and per authorizer.
        this.lambdaPermissions(name, plans, args, stageName);

        // 4. A deployment exactly when the document changes. It waits for the RestApi's update, so it
        // snapshots the new document: a removed route is absent from it.
        this.definitionHash = this.openApiDocument.apply((body) => sha(body, 64));
        this.deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            applyTransform<aws.apigateway.DeploymentArgs>(
                { restApi: this.restApi.id, description: `AuthorizedApi ${name}`, triggers: { definition: this.definitionHash } },
                `${name}-deployment`,
                args.transform?.deployment,
            ),
            { parent: this, dependsOn: [this.restApi] },
        );

        // 5. The account's CloudWatch role, when this API manages it, then the stage and its settings.
        const accountSetting =
            this.accountLogRole === "managed" ? accountLogRoleResources(name, this, { tags: args.tags, partition, region, accountId: aws.getCallerIdentityOutput({}, parent).accountId }).account : undefined;
        const staged = createStage(name, this, {
            restApi: this.restApi,
            deployment: this.deployment,
            stageName,
            plans,
            logging: this.accountLogRole,
            accountSetting,
            retentionDays,
            logsKmsKeyArn: args.logsKmsKeyArn,
            logLevel,
            tracing,
            throttle,
            cache,
            tags: args.tags,
            transform: args.transform,
        });
        this.stage = staged.stage;
        this.accessLogGroup = staged.accessLogGroup;
        this.executionLogGroup = staged.executionLogGroup;

        // 6. Usage plans, the custom domain and the web ACL.
        this.apiKeyValues = this.usagePlans(name, args);
        this.domainTarget = this.customDomain(name, args, endpointType);
        if (args.webAclArn !== undefined) {
            new aws.wafv2.WebAclAssociation(
                `${name}-waf`,
                applyTransform<aws.wafv2.WebAclAssociationArgs>({ resourceArn: this.stage.arn, webAclArn: args.webAclArn }, `${name}-waf`, args.transform?.webAclAssociation),
                parent,
            );
        }

        this.url = this.stage.invokeUrl;
        this.apiId = this.restApi.id;
        this.stageName = this.stage.stageName;
        this.executionArn = this.stage.executionArn;
        this.registerOutputs({
            url: this.url,
            apiId: this.apiId,
            stageName: this.stageName,
            executionArn: this.executionArn,
            domainTarget: this.domainTarget,
            openApiDocument: this.openApiDocument,
            accountLogRole: this.accountLogRole,
            // The routes declared `authorization: "none"`: the offline rules treat them as public by choice.
            publicRoutes: plans.filter((p) => p.authorization === "none").map((p) => `${p.method} ${p.path}`),
        });
    }

    /** One role per AWS-service route, allowed exactly the route's action on its resource. */
    private integrationRolesFor(name: string, plans: RoutePlan[], region: pulumi.Output<string>, transform: AuthorizedApiTransform | undefined): Record<string, { role: aws.iam.Role; policy: aws.iam.RolePolicy }> {
        const out: Record<string, { role: aws.iam.Role; policy: aws.iam.RolePolicy }> = {};
        for (const plan of plans.filter((p) => isAwsServiceRoute(p.args))) {
            // Role names are limited to 64 characters: the route is named by a hash here, and in full in the description.
            const roleName = `${name}-role-${sha(plan.key)}`;
            const role = new aws.iam.Role(
                roleName,
                applyTransform<aws.iam.RoleArgs>(
                    {
                        description: `API Gateway route ${plan.key} of ${name}`,
                        assumeRolePolicy: policyJson([{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: [...actions.assumeRole] }]),
                    },
                    roleName,
                    transform?.integrationRole,
                ),
                { parent: this },
            );
            const policy = new aws.iam.RolePolicy(
                `${roleName}-policy`,
                applyTransform<aws.iam.RolePolicyArgs>(
                    { role: role.name, policy: awsServiceStatements(plan, region).apply((statements) => policyJson(statements)) },
                    `${roleName}-policy`,
                    transform?.integrationRolePolicy,
                ),
                { parent: this },
            );
            out[plan.key] = { role, policy };
        }
        return out;
    }

    /**
     * Lambda permissions: a route's function may be invoked by this stage, method and path only; an
     * authorizer's by this API's authorizers. The document gives authorizers ids only at import, so
     * their permission names them with `*`.
     * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html (`authorizers/<id>` in execute-api ARNs)
     */
    private lambdaPermissions(name: string, plans: RoutePlan[], args: AuthorizedApiArgs, stageName: string): void {
        const parent = { parent: this };
        for (const plan of plans) {
            if (!plan.args.lambda) continue;
            const permissionName = `${name}-invoke-${plan.slug}`;
            new aws.lambda.Permission(
                permissionName,
                applyTransform<aws.lambda.PermissionArgs>(
                    {
                        action: actions.lambdaInvoke,
                        function: plan.args.lambda.functionArn,
                        principal: "apigateway.amazonaws.com",
                        sourceArn: pulumi.interpolate`${this.restApi.executionArn}/${routeSourceArnSuffix(plan, stageName)}`,
                    },
                    permissionName,
                    args.transform?.lambdaPermission,
                ),
                parent,
            );
        }
        for (const [key, authorizer] of Object.entries(args.lambdaAuthorizers ?? {})) {
            const permissionName = `${name}-authorizer-${key}-invoke`;
            new aws.lambda.Permission(
                permissionName,
                applyTransform<aws.lambda.PermissionArgs>(
                    { action: actions.lambdaInvoke, function: authorizer.functionArn, principal: "apigateway.amazonaws.com", sourceArn: pulumi.interpolate`${this.restApi.executionArn}/authorizers/*` },
                    permissionName,
                    args.transform?.lambdaPermission,
                ),
                parent,
            );
        }
    }

    private usagePlans(name: string, args: AuthorizedApiArgs): Record<string, pulumi.Output<string>> {
        const parent = { parent: this };
        const apiKeyValues: Record<string, pulumi.Output<string>> = {};
        for (const [planName, plan] of Object.entries(args.usagePlans ?? {})) {
            const usagePlan = new aws.apigateway.UsagePlan(
                `${name}-plan-${planName}`,
                applyTransform<aws.apigateway.UsagePlanArgs>(
                    {
                        apiStages: [{ apiId: this.restApi.id, stage: this.stage.stageName }],
                        throttleSettings: plan.throttle && { rateLimit: plan.throttle.rateLimit, burstLimit: plan.throttle.burstLimit },
                        quotaSettings: plan.quota && { limit: plan.quota.limit, period: plan.quota.period },
                        tags: args.tags,
                    },
                    `${name}-plan-${planName}`,
                    args.transform?.usagePlan,
                ),
                parent,
            );
            for (const keyName of plan.apiKeys) {
                const key = new aws.apigateway.ApiKey(`${name}-key-${keyName}`, applyTransform<aws.apigateway.ApiKeyArgs>({ enabled: true, tags: args.tags }, `${name}-key-${keyName}`, args.transform?.apiKey), parent);
                new aws.apigateway.UsagePlanKey(`${name}-plan-${planName}-key-${keyName}`, { keyId: key.id, keyType: "API_KEY", usagePlanId: usagePlan.id }, parent);
                apiKeyValues[keyName] = pulumi.secret(key.value);
            }
        }
        return apiKeyValues;
    }

    /** The custom domain (components/authorized-api/domain.ts): with `hostedZoneId`, its certificate and DNS too. */
    private customDomain(name: string, args: AuthorizedApiArgs, endpointType: string): pulumi.Output<string> | undefined {
        return createApiDomain(this, name, args, endpointType, this.restApi, this.stage)?.target;
    }
}

/**
 * The RestApi's arguments after its transform, refused when the transform left no `body`: without
 * it PutRestApi imports nothing and the API would silently lose every route. A body that is still
 * an Output is checked once it resolves, failing the RestApi's registration.
 */
function restApiWithBody(name: string, args: aws.apigateway.RestApiArgs, built: pulumi.Output<string>): aws.apigateway.RestApiArgs & { readonly body: pulumi.Output<string> } {
    if (args.body === built) return { ...args, body: built };
    const refuse = (received: unknown): never => {
        throw new UserBackendInputError("AuthorizedApi", name, [
            { field: "transform.restApi", rule: "must leave body, the OpenAPI document the API is imported from (change it, do not remove it)", received },
        ]);
    };
    const missing = (body: unknown): boolean => body === undefined || body === null || (typeof body === "string" && body.trim() === "");
    if (missing(args.body)) refuse(args.body);
    return { ...args, body: pulumi.output(args.body).apply((body) => (missing(body) ? refuse(body) : body!)) };
}

/**
 * The arguments the document reads, as plain Inputs the SDK can resolve. Only those: an Output the
 * document does not need (a web ACL's ARN, a certificate) would make the RestApi wait for its
 * resource. An S3 route's bucket may be a component (a SecureUserBucket), so only its fields are kept.
 */
function resolvableArgs(args: AuthorizedApiArgs): pulumi.Output<unknown> {
    const routes: Record<string, RouteArgs> = {};
    for (const [key, route] of Object.entries(args.routes)) {
        const bucket = route.s3?.bucket;
        routes[key] = bucket
            ? { ...route, s3: { operation: route.s3!.operation, bucket: { bucketName: bucket.bucketName, bucketArn: bucket.bucketArn, ownerPrincipalTag: bucket.ownerPrincipalTag, prefixes: bucket.prefixes && { private: bucket.prefixes.private } } } }
            : route;
    }
    const { userPoolArn, defaultAuthorization, lambdaAuthorizers, corsOrigins, endpointType, vpcEndpointIds, binaryMediaTypes } = args;
    return pulumi.output({ routes, userPoolArn, defaultAuthorization, lambdaAuthorizers, corsOrigins, endpointType, vpcEndpointIds, binaryMediaTypes });
}
