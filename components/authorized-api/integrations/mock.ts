import type { MockIntegration } from "../args";
import { allowListedOrigin, integrationCorsParameters } from "../cors";
import type { OpenApiIntegration, OpenApiResponses } from "../openapi-types";
import type { RoutePlan } from "../routes";
import { cacheSettings } from "./cache";

/** A fixed JSON answer from API Gateway itself, with the CORS header of the listed origins. */
export function mockIntegration(plan: RoutePlan, mock: MockIntegration, corsOrigins: readonly string[]): { integration: OpenApiIntegration; responses: OpenApiResponses } {
    const statusCode = String(mock.statusCode ?? 200);
    const corsTemplate = corsOrigins.length > 1 ? `${allowListedOrigin(corsOrigins)}\n` : "";
    const cors = integrationCorsParameters(corsOrigins);
    return {
        integration: {
            type: "mock",
            requestTemplates: { "application/json": `{"statusCode": ${statusCode}}` },
            passthroughBehavior: "when_no_match",
            responses: {
                default: {
                    statusCode,
                    ...(cors ? { responseParameters: cors } : {}),
                    responseTemplates: { "application/json": `${corsTemplate}${JSON.stringify(mock.body)}` },
                },
            },
            ...cacheSettings(plan),
        },
        responses: { [statusCode]: methodResponse(corsOrigins) },
    };
}

/** A method response that declares the CORS header when the API has origins. */
export function methodResponse(corsOrigins: readonly string[], description = "OK"): OpenApiResponses[string] {
    return corsOrigins.length > 0 ? { description, headers: { "Access-Control-Allow-Origin": { schema: { type: "string" } } } } : { description };
}
