import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { Recording } from "../../offline";
import { ApiResult, functionArn, recordApi, userPoolArn } from "../support/api";

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

    it("creates the API, one path, the Cognito authorizer, the route, its permission, a deployment, the stage, its logs and settings, and nothing else", () => {
        const kinds = rec.resources.filter((r) => r.custom).map((r) => r.type.split(":")[1]).sort();
        assert.deepEqual(kinds, [
            "apigateway/authorizer",
            "apigateway/deployment",
            "apigateway/integration",
            "apigateway/method",
            "apigateway/methodSettings",
            "apigateway/resource",
            "apigateway/restApi",
            "apigateway/stage",
            "cloudwatch/logGroup",
            "lambda/permission",
        ]);
    });

    it("is a REGIONAL endpoint without a resource policy", () => {
        const api = only("aws:apigateway/restApi:RestApi").inputs;
        assert.deepEqual(api.endpointConfiguration, { types: "REGIONAL" });
        assert.equal(api.policy, undefined);
    });

    it("puts the route behind the Cognito authorizer of the given pool (AS-APIG4, AS-COG4, CKV_AWS_59)", () => {
        const authorizer = only("aws:apigateway/authorizer:Authorizer");
        assert.equal(authorizer.inputs.type, "COGNITO_USER_POOLS");
        assert.deepEqual(authorizer.inputs.providerArns, [userPoolArn]);
        const method = only("aws:apigateway/method:Method").inputs;
        assert.equal(method.authorization, "COGNITO_USER_POOLS");
        assert.equal(method.authorizerId, authorizer.id);
        assert.equal(method.apiKeyRequired, false);
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
        const logs = only("aws:cloudwatch/logGroup:LogGroup");
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

    it("does not touch the account-wide CloudWatch role unless asked", () => {
        assert.equal(rec.all("aws:apigateway/account:Account").length, 0);
    });

    it("deploys after the route exists, and the stage serves that deployment", () => {
        const deployment = only("aws:apigateway/deployment:Deployment");
        assert.ok(rec.dependsOn(deployment, only("aws:apigateway/method:Method")));
        assert.ok(rec.dependsOn(deployment, only("aws:apigateway/integration:Integration")));
        assert.equal(deployment.inputs.triggers.definition, rec.result.hash);
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
