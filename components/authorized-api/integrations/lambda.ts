import type { OpenApiIntegration } from "../openapi-types";
import type { RoutePlan } from "../routes";
import { cacheSettings } from "./cache";

/**
 * The URI API Gateway invokes a Lambda function by.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html (`uri` of an AWS service or Lambda integration)
 */
export function lambdaInvokeUri(partition: string, region: string, functionArn: string): string {
    return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** A Lambda proxy integration: the function receives the whole request and shapes the response. */
export function lambdaIntegration(plan: RoutePlan, functionArn: string, env: { partition: string; region: string }): OpenApiIntegration {
    return {
        type: "aws_proxy",
        // Lambda is always invoked with POST, whatever the route's method.
        httpMethod: "POST",
        uri: lambdaInvokeUri(env.partition, env.region, functionArn),
        passthroughBehavior: "when_no_match",
        ...cacheSettings(plan),
    };
}

/**
 * The `execute-api` ARN pattern a route's Lambda permission allows: this stage, this method, this
 * path, with `*` for each path parameter.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html
 */
export function routeSourceArnSuffix(plan: RoutePlan, stageName: string): string {
    const arnPath = plan.path.replace(/\{[^}]+\}/g, "*");
    return `${stageName}/${plan.method === "ANY" ? "*" : plan.method}${arnPath}`;
}
