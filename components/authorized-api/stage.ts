import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { AccountLogRoleMode, AuthorizedApiTransform, Throttle } from "./args";
import { applyTransform } from "../shared/transform";
import { methodSettingsPath, RoutePlan } from "./routes";

/** The JSON access log line: who called what, from where, with which result and how fast. */
export const ACCESS_LOG_FORMAT = {
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

/** Settings every cached method gets (FSBP APIGateway.5, CKV_AWS_308). */
const cacheProtection = { cacheDataEncrypted: true, requireAuthorizationForCacheControl: true };

/**
 * The name API Gateway writes a stage's execution logs to. Creating it first, with a retention,
 * keeps it from being an unmanaged group that keeps logs forever.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html ("API-Gateway-Execution-Logs_{rest-api-id}/{stage_name}")
 */
export function executionLogGroupName(apiId: pulumi.Input<string>, stageName: string): pulumi.Output<string> {
    return pulumi.interpolate`API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}

export interface StageArgs {
    readonly restApi: aws.apigateway.RestApi;
    readonly deployment: aws.apigateway.Deployment;
    readonly stageName: string;
    readonly plans: readonly RoutePlan[];
    readonly logging: AccountLogRoleMode;
    /** What the stage's logging waits for: the account setting, when this API manages it. */
    readonly accountSetting?: pulumi.Resource;
    readonly retentionDays: number;
    readonly logsKmsKeyArn?: pulumi.Input<string>;
    readonly logLevel: "ERROR" | "INFO";
    readonly tracing: boolean;
    readonly throttle: Throttle;
    readonly cache?: { readonly size: string; readonly ttlSeconds: number };
    readonly tags?: Record<string, string>;
    /** The component's transforms; this step applies those of the stage and its logs and settings. */
    readonly transform?: AuthorizedApiTransform;
}

/** The stage and the children created with it. */
export interface CreatedStage {
    readonly stage: aws.apigateway.Stage;
    readonly accessLogGroup: aws.cloudwatch.LogGroup;
    readonly executionLogGroup?: aws.cloudwatch.LogGroup;
    readonly stageWide: aws.apigateway.MethodSettings;
    readonly routeSettings: Readonly<Record<string, aws.apigateway.MethodSettings>>;
}

/**
 * The stage with its logs and method settings. Access logs and execution logs need the account's
 * API Gateway CloudWatch role; without one (`logging: "none"`) both stay off, since AWS refuses
 * the stage otherwise ("CloudWatch Logs role ARN must be set in account settings to enable logging").
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html ("Prerequisites": the role is needed for CloudWatch logging)
 */
export function createStage(name: string, parent: pulumi.Resource, args: StageArgs): CreatedStage {
    const opts = { parent };
    const logs = args.logging !== "none";
    const transform = args.transform;
    const accessLogGroup = new aws.cloudwatch.LogGroup(
        `${name}-access-logs`,
        applyTransform<aws.cloudwatch.LogGroupArgs>({ retentionInDays: args.retentionDays, kmsKeyId: args.logsKmsKeyArn, tags: args.tags }, `${name}-access-logs`, transform?.accessLogGroup),
        opts,
    );
    const executionLogGroup = logs
        ? new aws.cloudwatch.LogGroup(
              `${name}-execution-logs`,
              applyTransform<aws.cloudwatch.LogGroupArgs>(
                  { name: executionLogGroupName(args.restApi.id, args.stageName), retentionInDays: args.retentionDays, kmsKeyId: args.logsKmsKeyArn, tags: args.tags },
                  `${name}-execution-logs`,
                  transform?.executionLogGroup,
              ),
              opts,
          )
        : undefined;
    const waitFor = [...(executionLogGroup ? [executionLogGroup] : []), ...(args.accountSetting ? [args.accountSetting] : [])];

    const stage = new aws.apigateway.Stage(
        `${name}-stage`,
        applyTransform<aws.apigateway.StageArgs>(
            {
                restApi: args.restApi.id,
                deployment: args.deployment.id,
                stageName: args.stageName,
                xrayTracingEnabled: args.tracing,
                cacheClusterEnabled: args.cache !== undefined,
                cacheClusterSize: args.cache?.size,
                accessLogSettings: logs ? { destinationArn: accessLogGroup.arn, format: JSON.stringify(ACCESS_LOG_FORMAT) } : undefined,
                tags: args.tags,
            },
            `${name}-stage`,
            transform?.stage,
        ),
        // The execution log group exists before API Gateway first writes to it.
        { parent, dependsOn: waitFor },
    );

    const throttle = args.throttle;
    // With a stage cache, AWS caches every GET method by default, so the stage-wide entry says
    // `cachingEnabled: false` and only routes that ask are cached.
    // @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html ("only GET methods have caching enabled by default")
    const stageWide = new aws.apigateway.MethodSettings(
        `${name}-settings`,
        applyTransform<aws.apigateway.MethodSettingsArgs>(
            {
                restApi: args.restApi.id,
                stageName: stage.stageName,
                methodPath: "*/*",
                settings: {
                    metricsEnabled: true,
                    loggingLevel: logs ? args.logLevel : "OFF",
                    dataTraceEnabled: false,
                    throttlingRateLimit: throttle.rateLimit,
                    throttlingBurstLimit: throttle.burstLimit,
                    ...(args.cache ? { ...cacheProtection, cachingEnabled: false, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" } : {}),
                },
            },
            `${name}-settings`,
            transform?.stageSettings,
        ),
        { parent, dependsOn: waitFor },
    );

    const routeSettings: Record<string, aws.apigateway.MethodSettings> = {};
    for (const plan of args.plans) {
        const route = plan.args;
        // A GET route not asking for caching gets its own explicit "off" when the stage caches.
        const uncachedGet = args.cache !== undefined && !route.cache && plan.method === "GET";
        if (!route.cache && !route.throttle && !uncachedGet) continue;
        const settingsName = `${name}-settings-${plan.slug}`;
        routeSettings[plan.key] = new aws.apigateway.MethodSettings(
            settingsName,
            applyTransform<aws.apigateway.MethodSettingsArgs>(
                {
                    restApi: args.restApi.id,
                    stageName: stage.stageName,
                    methodPath: methodSettingsPath(plan.method, plan.path),
                    settings: {
                        metricsEnabled: true,
                        loggingLevel: logs ? args.logLevel : "OFF",
                        dataTraceEnabled: false,
                        throttlingRateLimit: route.throttle?.rateLimit ?? throttle.rateLimit,
                        throttlingBurstLimit: route.throttle?.burstLimit ?? throttle.burstLimit,
                        ...(route.cache
                            ? { ...cacheProtection, cachingEnabled: true, cacheTtlInSeconds: route.cache.ttlSeconds ?? args.cache!.ttlSeconds, unauthorizedCacheControlHeaderStrategy: plan.cacheControl }
                            : args.cache
                              ? { ...cacheProtection, cachingEnabled: false, unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403" }
                              : {}),
                    },
                },
                settingsName,
                transform?.routeSettings,
            ),
            // Overrides after the stage-wide settings, which they refine.
            { parent, dependsOn: [stageWide] },
        );
    }
    return { stage, accessLogGroup, executionLogGroup, stageWide, routeSettings };
}
