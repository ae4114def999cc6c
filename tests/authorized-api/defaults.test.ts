import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { Recording } from "../../offline";
import { createHash } from "crypto";
import { slugOf } from "../../components/authorized-api";
import { ApiResult, documentOf, functionArn, operationOf, recordApi, userPoolArn } from "../support/api";

/** Every default of AuthorizedApi from shared/SECURITY.md (API Gateway REST), on the recorded graph of a one-route API. */
describe("AuthorizedApi defaults", () => {
    let rec: Recording<ApiResult>;
    before(async () => {
        rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
    });
    const only = (type: string) => {
        const all = rec.all(type);
        assert.equal(all.length, 1, `${type}: ${all.map((r) => r.name).join(", ")}`);
        return all[0];
    };

    it("is a user-backend:index:AuthorizedApi component that parents every child", () => {
        const component = rec.one("user-backend:index:AuthorizedApi", "api");
        for (const r of rec.resources.filter((r) => r.custom)) assert.equal(r.parent, component.urn, r.name);
    });

    it("creates the API from one document, the route's permission, a deployment, the stage, its logs and settings, and nothing else", () => {
        const kinds = rec.resources.filter((r) => r.custom).map((r) => `${r.type.split(":")[1]} ${r.name}`).sort();
        assert.deepEqual(kinds, [
            "apigateway/deployment api-deployment",
            "apigateway/methodSettings api-settings",
            "apigateway/restApi api-api",
            "apigateway/stage api-stage",
            "cloudwatch/logGroup api-access-logs",
            "cloudwatch/logGroup api-execution-logs",
            `lambda/permission api-invoke-${slugOf("GET /notes")}`,
        ]);
        // No per-route resources: the routes live in the document (a removed route cannot outlive it).
        for (const type of ["resource", "method", "integration", "methodResponse", "integrationResponse", "authorizer", "model", "requestValidator", "response"]) {
            assert.equal(rec.resources.filter((r) => r.type.startsWith(`aws:apigateway/${type}:`)).length, 0, type);
        }
    });

    it("imports the document as the API's body, overwriting the API with it", () => {
        const api = only("aws:apigateway/restApi:RestApi").inputs;
        assert.equal(api.putRestApiMode, "overwrite");
        const document = documentOf(rec);
        assert.equal(document.openapi, "3.0.1");
        assert.deepEqual(Object.keys(document.paths), ["/notes"]);
        assert.equal(document["x-amazon-apigateway-api-key-source"], "HEADER");
        const component = rec.one("user-backend:index:AuthorizedApi", "api");
        assert.equal(component.registeredOutputs.openApiDocument, api.body, "the document is an output");
    });

    it("is a REGIONAL endpoint without a resource policy", () => {
        const api = only("aws:apigateway/restApi:RestApi").inputs;
        assert.deepEqual(api.endpointConfiguration, { types: "REGIONAL" });
        assert.equal(api.policy, undefined);
    });

    it("puts the route behind the Cognito authorizer of the given pool (AS-APIG4, AS-COG4, CKV_AWS_59)", () => {
        const scheme = documentOf(rec).components.securitySchemes["cognito-user-pool"];
        assert.equal(scheme["x-amazon-apigateway-authtype"], "cognito_user_pools");
        assert.deepEqual(scheme["x-amazon-apigateway-authorizer"], { type: "cognito_user_pools", providerARNs: [userPoolArn] });
        assert.equal(scheme.name, "Authorization");
        const operation = operationOf(rec, "GET /notes");
        assert.deepEqual(operation.security, [{ "cognito-user-pool": [] }], "no API key, no scopes");
        assert.equal(operation["x-amazon-apigateway-integration"].type, "aws_proxy");
        assert.equal(operation["x-amazon-apigateway-integration"].uri, `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn()}/invocations`);
    });

    it("lets only this stage, method and path invoke the function", () => {
        const permission = only("aws:lambda/permission:Permission").inputs;
        assert.equal(permission.principal, "apigateway.amazonaws.com");
        assert.equal(permission.function, functionArn());
        const api = only("aws:apigateway/restApi:RestApi");
        assert.equal(permission.sourceArn, `${api.outputs.executionArn}/api/GET/notes`);
    });

    it("logs every request as JSON to a log group kept 365 days (AS-APIG1, CKV_AWS_76)", () => {
        const stage = only("aws:apigateway/stage:Stage").inputs;
        const logs = rec.one(aws.cloudwatch.LogGroup, "api-access-logs");
        assert.equal(logs.inputs.retentionInDays, 365);
        assert.equal(stage.accessLogSettings.destinationArn, logs.outputs.arn);
        const format = JSON.parse(stage.accessLogSettings.format);
        for (const [field, variable] of Object.entries({
            requestId: "$context.requestId",
            sourceIp: "$context.identity.sourceIp",
            status: "$context.status",
            responseLatency: "$context.responseLatency",
            errorMessage: "$context.error.message",
            userSub: "$context.authorizer.claims.sub",
            cognitoIdentityId: "$context.identity.cognitoIdentityId",
        })) {
            assert.equal(format[field], variable, field);
        }
    });

    it("traces with X-Ray and has no cache cluster (FSBP APIGateway.3, CKV_AWS_73)", () => {
        const stage = only("aws:apigateway/stage:Stage").inputs;
        assert.equal(stage.xrayTracingEnabled, true);
        assert.equal(stage.cacheClusterEnabled, false);
        assert.equal(stage.stageName, "api");
    });

    it("logs errors with metrics and throttles every method at 100 requests per second, bursts of 200 (AS-APIG6, FSBP APIGateway.1)", () => {
        const settings = only("aws:apigateway/methodSettings:MethodSettings").inputs;
        assert.equal(settings.methodPath, "*/*");
        assert.deepEqual(settings.settings, { metricsEnabled: true, loggingLevel: "ERROR", dataTraceEnabled: false, throttlingRateLimit: 100, throttlingBurstLimit: 200 });
    });

    it("does not touch the account-wide CloudWatch role unless asked: the account baseline provides it", () => {
        assert.equal(rec.all("aws:apigateway/account:Account").length, 0);
        assert.equal(rec.one("user-backend:index:AuthorizedApi", "api").registeredOutputs.accountLogRole, "baseline");
    });

    it("creates the stage's execution log group, with the same retention, before the stage", () => {
        const group = rec.one(aws.cloudwatch.LogGroup, "api-execution-logs");
        const api = only("aws:apigateway/restApi:RestApi");
        assert.equal(group.inputs.name, `API-Gateway-Execution-Logs_${api.id}/api`);
        assert.equal(group.inputs.retentionInDays, 365);
        assert.ok(rec.dependsOn(only("aws:apigateway/stage:Stage"), group), "API Gateway would otherwise create it first, unmanaged and kept forever");
        assert.ok(rec.dependsOn(only("aws:apigateway/methodSettings:MethodSettings"), group));
    });

    it("deploys after the API's document is in place, whenever the document's hash changes, and the stage serves that deployment", () => {
        const deployment = only("aws:apigateway/deployment:Deployment");
        const api = only("aws:apigateway/restApi:RestApi");
        assert.ok(rec.dependsOn(deployment, api));
        const hash = createHash("sha256").update(api.inputs.body).digest("hex");
        assert.equal(deployment.inputs.triggers.definition, hash);
        assert.equal(rec.result.hash, hash);
        assert.equal(only("aws:apigateway/stage:Stage").inputs.deployment, deployment.id);
    });

    it("outputs the invoke URL, API id, stage and execution ARN", () => {
        const api = only("aws:apigateway/restApi:RestApi");
        assert.equal(rec.result.url, `https://${api.id}.execute-api.us-east-1.amazonaws.com/api`);
        assert.equal(rec.result.apiId, api.id);
        assert.equal(rec.result.executionArn, `arn:aws:execute-api:us-east-1:123456789012:${api.id}/api`);
        const component = rec.one("user-backend:index:AuthorizedApi", "api");
        assert.equal(component.registeredOutputs.url, rec.result.url);
        assert.equal(component.registeredOutputs.stageName, "api");
    });

    it("uses the v7 API Gateway classes", () => {
        assert.ok(rec.all(aws.apigateway.Stage).length === 1 && rec.all(aws.apigateway.Deployment).length === 1);
        assert.equal(rec.one(aws.apigateway.Deployment, "api-deployment").inputs.stageName, undefined, "the stage is its own resource");
    });
});
