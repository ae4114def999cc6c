import { AuthorizedApi, AuthorizedApiArgs } from "../../components";
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
