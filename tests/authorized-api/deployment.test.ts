import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApiArgs } from "../../components";
import { Recording } from "../../offline";
import { ApiResult, functionArn, queueArn, recordApi, userPoolArn } from "../support/api";

/**
 * The deployment is replaced exactly when the API definition changes: its trigger is a hash of
 * routes, integrations, authorizers, models and gateway responses. Same program, same trigger.
 */
describe("AuthorizedApi deployment trigger", () => {
    const base = (): AuthorizedApiArgs => ({
        userPoolArn,
        defaultAuthorization: "cognito",
        corsOrigins: ["https://app.acme.dev"],
        routes: {
            "GET /notes/{id}": { lambda: { functionArn: functionArn() } },
            "POST /events": { sqs: { queueArn: queueArn() }, requestSchema: { type: "object" } },
        },
    });
    const triggerOf = (rec: Recording<ApiResult>) => rec.one(aws.apigateway.Deployment, "api-deployment").inputs.triggers;

    let first: Recording<ApiResult>;
    before(async () => {
        first = await recordApi(base());
    });

    it("two runs of the same program produce identical deployment inputs", async () => {
        const second = await recordApi(base());
        assert.deepEqual(rec(second).inputs, rec(first).inputs);
        assert.match(triggerOf(first).definition, /^[0-9a-f]{64}$/);
    });

    for (const [change, edit] of [
        ["changing a route's backend", (a: any) => (a.routes["GET /notes/{id}"].lambda.functionArn = functionArn("notes-v2"))],
        ["adding a route", (a: any) => (a.routes["DELETE /notes/{id}"] = { lambda: { functionArn: functionArn() } })],
        ["changing a route's authorization", (a: any) => (a.routes["GET /notes/{id}"].authorization = "iam")],
        ["changing a route's scopes", (a: any) => (a.routes["GET /notes/{id}"].scopes = ["https://api.acme.dev/notes.read"])],
        ["changing a request model", (a: any) => (a.routes["POST /events"].requestSchema = { type: "object", required: ["kind"] })],
        ["changing the CORS origins of the gateway responses", (a: any) => (a.corsOrigins = ["https://app.acme.dev", "https://admin.acme.dev"])],
        ["changing the authorizer's user pool", (a: any) => (a.userPoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Other")],
    ] as const) {
        it(`${change} changes the trigger`, async () => {
            const args = base();
            edit(args);
            const changed = await recordApi(args);
            assert.notEqual(triggerOf(changed).definition, triggerOf(first).definition);
        });
    }

    it("stage-only changes (throttling, logs, tracing) keep the deployment: nothing is redeployed for nothing", async () => {
        const changed = await recordApi({ ...base(), throttle: { rateLimit: 50, burstLimit: 100 }, accessLogRetentionDays: 30, tracing: false, tags: { team: "photos" } });
        assert.deepEqual(triggerOf(changed), triggerOf(first));
    });

    it("waits for the RestApi, whose one document holds every route, response, authorizer and model it snapshots", () => {
        const deployment = rec(first);
        const api = first.one(aws.apigateway.RestApi, "api-api");
        assert.ok(first.dependsOn(deployment, api));
        const document = JSON.parse(api.inputs.body);
        assert.deepEqual(Object.keys(document.paths).sort(), ["/events", "/notes/{id}"]);
        assert.ok(document.paths["/events"].post.requestBody, "the model is in the document");
        assert.ok(document["x-amazon-apigateway-gateway-responses"].DEFAULT_4XX, "so are the gateway responses");
        assert.ok(document.components.securitySchemes["cognito-user-pool"], "and the authorizer");
        // Nothing else the deployment snapshots is a resource of its own that it could race.
        for (const type of [aws.apigateway.Method, aws.apigateway.Integration, aws.apigateway.Resource, aws.apigateway.Authorizer, aws.apigateway.Model, aws.apigateway.Response]) {
            assert.equal(first.all(type).length, 0, (type as any).__pulumiType);
        }
    });

    function rec(r: Recording<ApiResult>) {
        return r.one(aws.apigateway.Deployment, "api-deployment");
    }
});
