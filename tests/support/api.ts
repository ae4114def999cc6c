import { AuthorizedApi, AuthorizedApiArgs, OpenApiDocument, OpenApiOperation } from "../../components";
import { record, Recording } from "../../offline";

/** Fixtures for AuthorizedApi tests: ARNs of things an API routes to, as a program would pass them. */
export const userPoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example1";
export const functionArn = (name = "notes") => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
export const stateMachineArn = (name = "orders") => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
export const queueArn = (name = "events") => `arn:aws:sqs:us-east-1:123456789012:${name}`;
export const tableArn = (name = "notes") => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;

export type ApiResult = { url: string; apiId: string; executionArn: string; hash: string };

/** Records a program with one AuthorizedApi named "api" (and whatever `extra` adds first). */
export async function recordApi(args: AuthorizedApiArgs | (() => AuthorizedApiArgs)): Promise<Recording<ApiResult>> {
    return record(() => {
        const api = new AuthorizedApi("api", typeof args === "function" ? args() : args);
        return { url: api.url, apiId: api.apiId, executionArn: api.executionArn, hash: api.definitionHash };
    });
}

/** The OpenAPI document an AuthorizedApi imported as its RestApi body, parsed. */
export function documentOf(rec: Recording, name = "api"): OpenApiDocument {
    return JSON.parse(rec.one("aws:apigateway/restApi:RestApi", `${name}-api`).inputs.body);
}

/** The operation of one route (`"GET /notes/{id}"`, or `"OPTIONS /notes"` for a preflight) in an API's document. */
export function operationOf(rec: Recording, route: string, name = "api"): OpenApiOperation {
    const [method, path] = route.split(" ");
    const operation = documentOf(rec, name).paths[path]?.[method === "ANY" ? "x-amazon-apigateway-any-method" : method.toLowerCase()];
    if (!operation) throw new Error(`the document of ${name} has no ${route}`);
    return operation;
}

/** Every route of an API's document, as `"<METHOD> <path>"` with its operation. */
export function routesOf(rec: Recording, name = "api"): { route: string; operation: OpenApiOperation }[] {
    return Object.entries(documentOf(rec, name).paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => ({ route: `${method === "x-amazon-apigateway-any-method" ? "ANY" : method.toUpperCase()} ${path}`, operation })),
    );
}
