import type { PolicyDocument } from "../policy";

// The shape of the OpenAPI document an AuthorizedApi imports: types only, so that the integrations
// (which build parts of it) and the builder (which calls them) both import them without a circle.

/** `x-amazon-apigateway-integration` of an operation. */
export interface OpenApiIntegration {
    type: "aws" | "aws_proxy" | "http" | "http_proxy" | "mock";
    httpMethod?: string;
    uri?: string;
    credentials?: string;
    passthroughBehavior?: "when_no_match" | "when_no_templates" | "never";
    requestParameters?: Record<string, string>;
    requestTemplates?: Record<string, string>;
    cacheKeyParameters?: string[];
    cacheNamespace?: string;
    timeoutInMillis?: number;
    /** Integration responses keyed by selection pattern (`default` for the rest). */
    responses?: Record<string, { statusCode: string; responseParameters?: Record<string, string>; responseTemplates?: Record<string, string> }>;
}

export type OpenApiResponses = Record<string, { description: string; headers?: Record<string, { schema: { type: string } }> }>;

export interface OpenApiParameter {
    name: string;
    in: "path" | "query" | "header";
    required: boolean;
    schema: { type: "string" };
}

export interface OpenApiOperation {
    operationId: string;
    parameters?: OpenApiParameter[];
    requestBody?: { required: true; content: Record<string, { schema: { $ref: string } }> };
    /** One requirement object: every scheme in it applies. Absent: no authorization. */
    security?: Record<string, string[]>[];
    responses: OpenApiResponses;
    "x-amazon-apigateway-request-validator"?: string;
    "x-amazon-apigateway-integration": OpenApiIntegration;
}

export interface OpenApiSecurityScheme {
    type: "apiKey";
    name: string;
    in: "header";
    "x-amazon-apigateway-authtype"?: "cognito_user_pools" | "awsSigv4" | "custom";
    "x-amazon-apigateway-authorizer"?:
        | { type: "cognito_user_pools"; providerARNs: string[] }
        | { type: "token" | "request"; authorizerUri: string; identitySource: string; authorizerResultTtlInSeconds: number };
}

/** An AuthorizedApi as OpenAPI 3.0.1, with API Gateway's `x-amazon-apigateway-*` extensions. */
export interface OpenApiDocument {
    openapi: "3.0.1";
    info: { title: string; description: string; version: string };
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { securitySchemes: Record<string, OpenApiSecurityScheme>; schemas: Record<string, Record<string, unknown>> };
    "x-amazon-apigateway-request-validators"?: Record<string, { validateRequestBody: boolean; validateRequestParameters: boolean }>;
    "x-amazon-apigateway-gateway-responses"?: Record<string, { responseParameters?: Record<string, string> }>;
    "x-amazon-apigateway-binary-media-types"?: string[];
    "x-amazon-apigateway-api-key-source": "HEADER";
    "x-amazon-apigateway-policy"?: PolicyDocument;
    "x-amazon-apigateway-endpoint-configuration"?: { vpcEndpointIds: string[] };
}
