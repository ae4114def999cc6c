import * as pulumi from "@pulumi/pulumi";
import { actions, keyUseThroughS3, PolicyStatement } from "../../policy";
import type { RouteArgs, S3RouteBucket } from "../args";
import { allowListedOrigin, integrationCorsParameters } from "../cors";
import type { OpenApiIntegration, OpenApiResponses } from "../openapi-types";
import { callerOf, RoutePlan } from "../routes";
import { cacheSettings } from "./cache";
import { methodResponse } from "./mock";
import { DEFAULT_PREFIXES } from "../../shared/contract";

/** Routes that call an AWS service API with a role of their own. */
export function isAwsServiceRoute(route: RouteArgs): boolean {
    return route.s3 !== undefined || route.stepFunctions !== undefined || route.sqs !== undefined || route.dynamodb !== undefined;
}

/** The private prefix of a bucket an S3 route writes under. */
function privatePrefix(bucket: Pick<S3RouteBucket, "prefixes">): string {
    return bucket.prefixes?.private ?? DEFAULT_PREFIXES.private;
}

/**
 * `escapeJavaScript` also escapes apostrophes (`\'`), which JSON does not allow: undo that one.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html ($util.escapeJavaScript)
 */
function jsonStringOf(expression: string): string {
    return `$util.escapeJavaScript(${expression}).replaceAll("\\\\'", "'")`;
}

/**
 * The one permission a route's role needs: one action on one resource, plus use of the bucket's
 * customer key through S3 when it has one.
 */
export function awsServiceStatements(plan: RoutePlan, region: pulumi.Input<string>): pulumi.Output<PolicyStatement[]> {
    const route = plan.args;
    if (route.s3) {
        const { bucket, operation } = route.s3;
        const prefix = privatePrefix(bucket);
        const statements: PolicyStatement[] =
            operation === "list"
                ? [{ Sid: "ListUserPrefixes", Effect: "Allow", Action: [...actions.apiS3.list], Resource: [bucket.bucketArn], Condition: { StringLike: { "s3:prefix": [`${prefix}*`] } } }]
                : [{ Sid: `${operation[0].toUpperCase()}${operation.slice(1)}UserObjects`, Effect: "Allow", Action: [...actions.apiS3[operation]], Resource: [pulumi.interpolate`${bucket.bucketArn}/${prefix}*`] }];
        // A SecureUserBucket always has the output, undefined without a customer key: decide on its value.
        // Only reads and writes touch the key (GetObject decrypts, PutObject generates a data key and
        // decrypts for multipart uploads); deleting and listing do not ("Using server-side encryption
        // with AWS KMS keys (SSE-KMS)", permissions), so those roles get no key use.
        const usesKey = operation === "get" || operation === "put";
        return pulumi.output(bucket.kmsKeyArn).apply((keyArn): PolicyStatement[] =>
            keyArn && usesKey
                ? [
                      ...statements,
                      {
                          Sid: "UseBucketKeyThroughS3",
                          Effect: "Allow",
                          Action: operation === "put" ? [...actions.kmsEncrypt] : [...actions.kmsDecrypt],
                          Resource: [keyArn],
                          // Through S3, for this bucket's objects only: the same conditions as the
                          // bucket's own key policy and user grants.
                          Condition: keyUseThroughS3(region, bucket.bucketArn),
                      },
                  ]
                : statements,
        );
    }
    if (route.stepFunctions) {
        const sync = route.stepFunctions.express ?? false;
        return pulumi.output([{ Sid: "StartThisMachine", Effect: "Allow", Action: [...(sync ? actions.startSyncExecution : actions.startExecution)], Resource: [route.stepFunctions.stateMachineArn] } as PolicyStatement]);
    }
    if (route.sqs) {
        return pulumi.output([{ Sid: "SendToThisQueue", Effect: "Allow", Action: [...actions.sqsSend], Resource: [route.sqs.queueArn] } as PolicyStatement]);
    }
    const table = route.dynamodb!;
    const resources: pulumi.Input<string>[] = [table.tableArn];
    if (table.operation === "Query" && table.indexName) resources.push(pulumi.interpolate`${table.tableArn}/index/${table.indexName}`);
    return pulumi.output([{ Sid: `${table.operation}OnThisTable`, Effect: "Allow", Action: [...actions.apiDynamoDb[table.operation]], Resource: resources } as PolicyStatement]);
}

/** What a resolved AWS-service route sends, before the component's shared parts are added. */
interface ServiceCall {
    uri: string;
    httpMethod: string;
    requestParameters?: Record<string, string>;
    requestTemplates?: Record<string, string>;
    /** The 200 response template, if the service's answer is reshaped. */
    responseTemplate?: string;
}

/**
 * The service call of an AWS-service route, from resolved values. The caller's identity always
 * comes from the authorizer's context, never from the request.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html (AWS service integrations)
 */
function serviceCall(plan: RoutePlan, route: pulumi.Unwrap<RouteArgs>, env: { partition: string; region: string }): ServiceCall {
    const service = (svc: string, rest: string) => `arn:${env.partition}:apigateway:${env.region}:${svc}:${rest}`;
    const caller = callerOf(plan.authorization);
    if (route.s3) {
        const { bucket, operation } = route.s3;
        const prefix = privatePrefix(bucket);
        // Validation admits S3 routes only behind Cognito (the user pool sub) or IAM (the identity id).
        const owner = caller!;
        if (operation === "list") {
            return {
                uri: service("s3", `path/${bucket.bucketName}`),
                httpMethod: "GET",
                // Parameter mappings cannot concatenate, so a template override builds the prefix.
                requestTemplates: { "application/json": `#set($context.requestOverride.querystring.prefix = "${prefix}${owner.expression}/")\n{}` },
            };
        }
        return {
            uri: service("s3", `path/${bucket.bucketName}/${prefix}{owner}/{key}`),
            httpMethod: { get: "GET", put: "PUT", delete: "DELETE" }[operation],
            requestParameters: {
                "integration.request.path.owner": owner.parameter,
                "integration.request.path.key": "method.request.path.key",
                ...(operation === "put" ? { "integration.request.header.Content-Type": "method.request.header.Content-Type" } : {}),
            },
        };
    }
    if (route.stepFunctions) {
        const sync = route.stepFunctions.express ?? false;
        const arn = route.stepFunctions.stateMachineArn;
        // The execution input is {"body": <request body>, "caller": {"type", "id"} | null}, written as
        // the JSON string StartExecution takes.
        const callerJson = caller ? `{\\"type\\": \\"${caller.type}\\", \\"id\\": \\"${jsonStringOf(caller.expression)}\\"}` : "null";
        return {
            uri: service(sync ? "sync-states" : "states", `action/${sync ? "StartSyncExecution" : "StartExecution"}`),
            httpMethod: "POST",
            requestTemplates: {
                "application/json": `{"stateMachineArn": "${arn}", "input": "{\\"body\\": ${jsonStringOf("$input.json('$')")}, \\"caller\\": ${callerJson}}"}`,
            },
        };
    }
    if (route.sqs) {
        const [, , , , account, queue] = route.sqs.queueArn.split(":");
        // The caller travels in message attributes, so the body reaches consumers unchanged.
        // @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html (MessageAttribute.N.Name / .Value.StringValue / .Value.DataType)
        const attributes = caller
            ? [
                  ["callerType", caller.type],
                  ["callerId", `$util.urlEncode(${caller.expression})`],
              ]
                  .map(([attribute, value], i) => `&MessageAttribute.${i + 1}.Name=${attribute}&MessageAttribute.${i + 1}.Value.DataType=String&MessageAttribute.${i + 1}.Value.StringValue=${value}`)
                  .join("")
            : "";
        return {
            uri: service("sqs", `path/${account}/${queue}`),
            httpMethod: "POST",
            requestParameters: { "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'" },
            requestTemplates: { "application/json": `Action=SendMessage&MessageBody=$util.urlEncode($input.body)${attributes}` },
        };
    }
    const table = route.dynamodb!;
    // $callerId and $callerType come first, so the route's own template keys items by the caller.
    const preamble = caller ? `#set($callerId = "${caller.expression}")\n#set($callerType = "${caller.type}")\n` : `#set($callerId = "")\n#set($callerType = "none")\n`;
    return {
        uri: service("dynamodb", `action/${table.operation}`),
        httpMethod: "POST",
        requestTemplates: { "application/json": `${preamble}${table.requestTemplate}` },
        responseTemplate: table.responseTemplate,
    };
}

export { CALLER_REFERENCES } from "../caller";

/**
 * An AWS-service integration with its role, and the 200/4XX/5XX responses that carry the CORS header
 * (with several origins, a response template picks the caller's origin from the list; validation
 * keeps S3 downloads, whose bodies a template would rewrite, to one origin).
 */
export function awsServiceIntegration(
    plan: RoutePlan,
    route: pulumi.Unwrap<RouteArgs>,
    roleArn: string,
    env: { partition: string; region: string },
    corsOrigins: readonly string[],
): { integration: OpenApiIntegration; responses: OpenApiResponses } {
    const call = serviceCall(plan, route, env);
    const cors = integrationCorsParameters(corsOrigins);
    const corsTemplate = corsOrigins.length > 1 ? `${allowListedOrigin(corsOrigins)}\n` : "";
    const integrationResponses: NonNullable<OpenApiIntegration["responses"]> = {};
    const responses: OpenApiResponses = {};
    for (const [statusCode, pattern] of [["200", "default"], ["400", "4\\d{2}"], ["500", "5\\d{2}"]] as const) {
        const body = statusCode === "200" ? call.responseTemplate : undefined;
        const template = corsTemplate ? `${corsTemplate}${body ?? "$input.body"}` : body;
        integrationResponses[pattern] = {
            statusCode,
            ...(cors ? { responseParameters: cors } : {}),
            ...(template !== undefined ? { responseTemplates: { "application/json": template } } : {}),
        };
        responses[statusCode] = methodResponse(corsOrigins, { "200": "OK", "400": "Client error", "500": "Server error" }[statusCode]);
    }
    return {
        integration: {
            type: "aws",
            httpMethod: call.httpMethod,
            uri: call.uri,
            // API Gateway checks that it may pass the role; the role policy exists before the API (see index.ts).
            credentials: roleArn,
            passthroughBehavior: call.requestTemplates ? "never" : "when_no_templates",
            ...(call.requestParameters ? { requestParameters: call.requestParameters } : {}),
            ...(call.requestTemplates ? { requestTemplates: call.requestTemplates } : {}),
            responses: integrationResponses,
            ...cacheSettings(plan),
        },
        responses,
    };
}
