import type * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../policy";
import type { OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiSecurityScheme } from "./openapi-types";
import type { AuthorizedApiArgs, HttpMethod, RouteArgs } from "./args";
import { allowedMethods, allowListedOrigin, CORS_ALLOW_HEADERS, gatewayResponseCorsParameters } from "./cors";
import { awsServiceIntegration, isAwsServiceRoute } from "./integrations/aws-service";
import { httpIntegration } from "./integrations/http";
import { lambdaIntegration, lambdaInvokeUri } from "./integrations/lambda";
import { mockIntegration } from "./integrations/mock";
import { planRoutes, RoutePlan, sha } from "./routes";
import { DEFAULT_AUTHORIZER_RESULT_TTL_SECONDS } from "../shared/contract";

// The API as one OpenAPI 3.0 document with API Gateway's extensions, which the RestApi takes as its
// `body`. One document means one PutRestApi (mode overwrite) per change: a route that leaves the
// document leaves the API in the same call, before the deployment that follows snapshots it.
// @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
// @see https://docs.aws.amazon.com/apigateway/latest/api/API_PutRestApi.html (mode "overwrite")

export type { OpenApiDocument, OpenApiIntegration, OpenApiOperation, OpenApiParameter, OpenApiResponses, OpenApiSecurityScheme } from "./openapi-types";

/** AuthorizedApi arguments with every Output resolved. Internal. */
type ResolvedAuthorizedApiArgs = pulumi.Unwrap<AuthorizedApiArgs>;

/** Throws unless every value in the arguments is plain: the document is built from resolved values only. */
function assertResolved(name: string, value: unknown, at: string): void {
    if (value === null || typeof value !== "object") return;
    if (value instanceof Promise || typeof (value as { apply?: unknown }).apply === "function") {
        throw new Error(`AuthorizedApi "${name}": buildOpenApiDocument needs resolved values, but ${at} is an Output or a Promise; call it inside apply (as the component does)`);
    }
    for (const [key, item] of Object.entries(value)) assertResolved(name, item, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`);
}

/** What the document needs beyond the arguments. */
export interface OpenApiEnvironment {
    readonly partition: string;
    readonly region: string;
    /** The role API Gateway assumes for each AWS-service route (S3, Step Functions, SQS, DynamoDB), by route key. */
    readonly integrationRoleArns: Readonly<Record<string, string>>;
}

/** The security scheme names. They differ from the per-resource authorizer names of earlier versions on purpose (see README, "Moving to the OpenAPI body"). */
export const SECURITY_SCHEMES = { cognito: "cognito-user-pool", iam: "sigv4", apiKey: "api_key", lambda: (key: string) => `lambda-${key}` } as const;
const VALIDATORS = { body: "body-and-params", params: "params-only" } as const;

/**
 * Builds the OpenAPI document of an API from validated arguments whose values are all resolved
 * (no Output or Promise anywhere: the component calls it inside `apply`). Pure: the same arguments
 * give the same document, key for key, so its hash decides when to redeploy.
 */
export function buildOpenApiDocument(name: string, input: AuthorizedApiArgs, env: OpenApiEnvironment): OpenApiDocument {
    assertResolved(name, input, "args");
    const args = input as unknown as ResolvedAuthorizedApiArgs;
    const plans = planRoutes(input).sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path)));
    const corsOrigins = args.corsOrigins ?? [];
    const endpointType = args.endpointType ?? "REGIONAL";
    const schemes: Record<string, OpenApiSecurityScheme> = {};
    const schemas: Record<string, Record<string, unknown>> = {};
    const validators: NonNullable<OpenApiDocument["x-amazon-apigateway-request-validators"]> = {};
    const paths: OpenApiDocument["paths"] = {};

    for (const plan of plans) {
        const route = plan.args as pulumi.Unwrap<RouteArgs>;
        const operation: OpenApiOperation = {
            operationId: operationIdOf(plan),
            responses: { "200": { description: "OK" } },
            "x-amazon-apigateway-integration": { type: "mock" },
        };
        const parameters = parametersOf(plan);
        if (parameters.length > 0) operation.parameters = parameters;
        if (route.requestSchema) {
            const schemaName = `Req${sha(plan.key, 12)}`;
            // `$schema` is not an OpenAPI schema keyword; API Gateway models are draft 4 either way.
            const { $schema: _draft, ...schema } = route.requestSchema as Record<string, unknown>;
            schemas[schemaName] = schema;
            operation.requestBody = { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` } } } };
            validators[VALIDATORS.body] = { validateRequestBody: true, validateRequestParameters: true };
            operation["x-amazon-apigateway-request-validator"] = VALIDATORS.body;
        } else if (route.requestParameters) {
            validators[VALIDATORS.params] = { validateRequestBody: false, validateRequestParameters: true };
            operation["x-amazon-apigateway-request-validator"] = VALIDATORS.params;
        }
        const security = securityOf(plan, args, env, schemes);
        if (security) operation.security = [security];

        if (route.lambda) {
            operation["x-amazon-apigateway-integration"] = lambdaIntegration(plan, route.lambda.functionArn, env);
        } else if (route.http) {
            operation["x-amazon-apigateway-integration"] = httpIntegration(plan, route.http);
        } else if (route.mock) {
            const mock = mockIntegration(plan, route.mock, corsOrigins);
            operation["x-amazon-apigateway-integration"] = mock.integration;
            operation.responses = mock.responses;
        } else if (isAwsServiceRoute(plan.args)) {
            const roleArn = env.integrationRoleArns[plan.key];
            if (!roleArn) throw new Error(`AuthorizedApi "${name}": no integration role ARN for route ${plan.key}`);
            const built = awsServiceIntegration(plan, route, roleArn, env, corsOrigins);
            operation["x-amazon-apigateway-integration"] = built.integration;
            operation.responses = built.responses;
        }
        (paths[plan.path] ??= {})[plan.method === "ANY" ? "x-amazon-apigateway-any-method" : plan.method.toLowerCase()] = operation;
    }

    if (corsOrigins.length > 0) {
        for (const path of Object.keys(paths)) paths[path].options = preflight(path, plans.filter((p) => p.path === path).map((p) => p.method), corsOrigins);
    }

    const document: OpenApiDocument = {
        openapi: "3.0.1",
        info: { title: name, description: `AuthorizedApi ${name}`, version: "1.0" },
        paths,
        components: { securitySchemes: sortKeys(schemes), schemas: sortKeys(schemas) },
        "x-amazon-apigateway-api-key-source": "HEADER",
    };
    if (Object.keys(validators).length > 0) document["x-amazon-apigateway-request-validators"] = sortKeys(validators);
    const corsParameters = gatewayResponseCorsParameters(corsOrigins);
    if (corsParameters) {
        document["x-amazon-apigateway-gateway-responses"] = { DEFAULT_4XX: { responseParameters: corsParameters }, DEFAULT_5XX: { responseParameters: corsParameters } };
    }
    if ((args.binaryMediaTypes ?? []).length > 0) document["x-amazon-apigateway-binary-media-types"] = [...args.binaryMediaTypes!];
    if (endpointType === "PRIVATE") {
        document["x-amazon-apigateway-policy"] = { Version: "2012-10-17", Statement: privateApiStatements([...(args.vpcEndpointIds ?? [])]) };
        document["x-amazon-apigateway-endpoint-configuration"] = { vpcEndpointIds: [...(args.vpcEndpointIds ?? [])] };
    }
    return document;
}

/** A stable, readable operation id: the method and the path's words, with the route's hash. */
function operationIdOf(plan: RoutePlan): string {
    const words = plan.path
        .split("/")
        .filter(Boolean)
        .map((s) => s.replace(/[{}+]/g, ""))
        .map((s) => s.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()))
        .map((s) => s.charAt(0).toUpperCase() + s.slice(1));
    return `${plan.method.toLowerCase()}${words.join("") || "Root"}${sha(plan.key, 4)}`;
}

function parametersOf(plan: RoutePlan): OpenApiParameter[] {
    const where = { path: "path", querystring: "query", header: "header" } as const;
    return Object.entries(plan.requestParameters).map(([parameter, required]) => {
        const [, , kind, ...rest] = parameter.split(".");
        return { name: rest.join("."), in: where[kind as keyof typeof where], required: kind === "path" ? true : required, schema: { type: "string" } };
    });
}

/** The route's security requirement, adding the schemes it uses to `schemes`. */
function securityOf(plan: RoutePlan, args: ResolvedAuthorizedApiArgs, env: OpenApiEnvironment, schemes: Record<string, OpenApiSecurityScheme>): Record<string, string[]> | undefined {
    const requirement: Record<string, string[]> = {};
    if (plan.authorization === "cognito") {
        schemes[SECURITY_SCHEMES.cognito] ??= {
            type: "apiKey",
            name: "Authorization",
            in: "header",
            "x-amazon-apigateway-authtype": "cognito_user_pools",
            "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: [args.userPoolArn!] },
        };
        // Scopes make API Gateway accept access tokens that carry them (and only those).
        requirement[SECURITY_SCHEMES.cognito] = [...(plan.args.scopes ?? [])];
    } else if (plan.authorization === "iam") {
        schemes[SECURITY_SCHEMES.iam] ??= { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" };
        requirement[SECURITY_SCHEMES.iam] = [];
    } else if (plan.authorization === "lambda") {
        const key = plan.args.authorizer!;
        const authorizer = args.lambdaAuthorizers![key];
        const sources = authorizer.identitySources ?? ["method.request.header.Authorization"];
        const header = /^method\.request\.header\.(.+)$/.exec(sources[0])?.[1];
        schemes[SECURITY_SCHEMES.lambda(key)] ??= {
            type: "apiKey",
            name: authorizer.type === "token" ? header! : (header ?? "Unused"),
            in: "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                type: authorizer.type,
                authorizerUri: lambdaInvokeUri(env.partition, env.region, authorizer.functionArn),
                identitySource: sources.join(", "),
                authorizerResultTtlInSeconds: authorizer.resultTtlSeconds ?? DEFAULT_AUTHORIZER_RESULT_TTL_SECONDS,
            },
        };
        requirement[SECURITY_SCHEMES.lambda(key)] = [];
    }
    if (plan.args.apiKeyRequired) {
        schemes[SECURITY_SCHEMES.apiKey] ??= { type: "apiKey", name: "x-api-key", in: "header" };
        requirement[SECURITY_SCHEMES.apiKey] = [];
    }
    return Object.keys(requirement).length > 0 ? requirement : undefined;
}

/** The OPTIONS operation of a path: a mock that answers listed origins only. */
function preflight(path: string, methods: HttpMethod[], origins: readonly string[]): OpenApiOperation {
    const headers: Record<string, string> = {
        "method.response.header.Access-Control-Allow-Headers": `'${CORS_ALLOW_HEADERS}'`,
        "method.response.header.Access-Control-Allow-Methods": `'${allowedMethods(methods)}'`,
        "method.response.header.Access-Control-Max-Age": "'600'",
        "method.response.header.Vary": "'Origin'",
    };
    const declared = [...Object.keys(headers), "method.response.header.Access-Control-Allow-Origin"].map((h) => h.slice("method.response.header.".length));
    return {
        operationId: `options${sha(path, 8)}`,
        responses: { "200": { description: "CORS preflight", headers: Object.fromEntries(declared.map((h) => [h, { schema: { type: "string" } }])) } },
        "x-amazon-apigateway-integration": {
            type: "mock",
            requestTemplates: { "application/json": '{"statusCode": 200}' },
            passthroughBehavior: "when_no_match",
            responses: { default: { statusCode: "200", responseParameters: headers, responseTemplates: { "application/json": allowListedOrigin(origins) } } },
        },
    };
}

/** The resource policy of a PRIVATE API: calls only through the listed VPC endpoints. */
export function privateApiStatements(vpcEndpointIds: pulumi.Input<string>[]): PolicyStatement[] {
    return [
        { Sid: "InvokeThroughTheseEndpoints", Effect: "Allow", Principal: "*", Action: ["execute-api:Invoke"], Resource: ["execute-api:/*"] },
        { Sid: "NothingElse", Effect: "Deny", Principal: "*", Action: ["execute-api:Invoke"], Resource: ["execute-api:/*"], Condition: { StringNotEquals: { "aws:SourceVpce": vpcEndpointIds } } },
    ];
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

