import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, SecureUserBucket } from "../../components";
import { slugOf } from "../../components/authorized-api";
import { record, Recording } from "../../offline";
import { ApiResult, functionArn, queueArn, recordApi, stateMachineArn, tableArn, userPoolArn } from "../support/api";

const bucket = { bucketName: "photos-bucket", bucketArn: "arn:aws:s3:::photos-bucket" };
const subBucket = { ...bucket, ownerPrincipalTag: "sub" };

/** One test per integration kind and per authorization kind, read off the recorded graph. */
describe("AuthorizedApi integrations and authorization", () => {
    let rec: Recording<ApiResult>;
    before(async () => {
        rec = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            lambdaAuthorizers: {
                partner: { functionArn: functionArn("partner-auth"), type: "token", resultTtlSeconds: 60 },
                device: { functionArn: functionArn("device-auth"), type: "request", identitySources: ["method.request.header.X-Device-Id", "context.sourceIp"] },
            },
            usagePlans: { partners: { apiKeys: ["acme"], quota: { limit: 10000, period: "MONTH" }, throttle: { rateLimit: 5, burstLimit: 10 } } },
            routes: {
                "GET /notes/{id}": { lambda: { functionArn: functionArn() } },
                "GET /weather/{city}": { http: { url: "https://weather.acme.dev/v1/{city}", timeoutMilliseconds: 5000 }, authorization: "none" },
                "GET /me/{key+}": { s3: { bucket: subBucket, operation: "get" } },
                "GET /device/{key+}": { s3: { bucket, operation: "get" }, authorization: "iam" },
                "GET /device": { s3: { bucket, operation: "list" }, authorization: "iam" },
                "POST /orders": { stepFunctions: { stateMachineArn: stateMachineArn() }, scopes: ["https://api.acme.dev/orders.write"] },
                "POST /quotes": { stepFunctions: { stateMachineArn: stateMachineArn("quotes"), express: true } },
                "POST /events": { sqs: { queueArn: queueArn() }, authorization: "lambda", authorizer: "partner", apiKeyRequired: true },
                "PUT /notes/{id}": {
                    dynamodb: { tableArn: tableArn(), operation: "PutItem", requestTemplate: '{"TableName": "notes", "Item": {"id": {"S": "$input.params(\'id\')"}}}' },
                    authorization: "lambda",
                    authorizer: "device",
                    requestSchema: { type: "object", required: ["text"] },
                },
            },
        });
    });
    const method = (route: string) => rec.one(aws.apigateway.Method, `api-method-${slugOf(route)}`).inputs;
    const integration = (route: string) => rec.one(aws.apigateway.Integration, `api-integration-${slugOf(route)}`).inputs;
    const apiId = () => rec.result.apiId;

    describe("integrations", () => {
        it("Lambda: an AWS_PROXY POST to the function's invocation URI", () => {
            const i = integration("GET /notes/{id}");
            assert.equal(i.type, "AWS_PROXY");
            assert.equal(i.integrationHttpMethod, "POST");
            assert.equal(i.uri, `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn()}/invocations`);
            const permission = rec.one(aws.lambda.Permission, `api-invoke-${slugOf("GET /notes/{id}")}`).inputs;
            assert.equal(permission.sourceArn, `arn:aws:execute-api:us-east-1:123456789012:${apiId()}/api/GET/notes/*`);
        });

        it("HTTP: an HTTP_PROXY to the URL, with the path parameter forwarded", () => {
            const i = integration("GET /weather/{city}");
            assert.equal(i.type, "HTTP_PROXY");
            assert.equal(i.uri, "https://weather.acme.dev/v1/{city}");
            assert.equal(i.timeoutMilliseconds, 5000);
            assert.deepEqual(i.requestParameters, { "integration.request.path.city": "method.request.path.city" });
        });

        it("S3 with Cognito: the object key's owner is the user pool sub from the token claims", () => {
            const i = integration("GET /me/{key+}");
            assert.equal(i.type, "AWS");
            assert.equal(i.integrationHttpMethod, "GET");
            assert.equal(i.uri, "arn:aws:apigateway:us-east-1:s3:path/photos-bucket/private/{owner}/{key}");
            assert.equal(i.requestParameters["integration.request.path.owner"], "context.authorizer.claims.sub");
            assert.equal(i.requestParameters["integration.request.path.key"], "method.request.path.key");
        });

        it("S3 routes on a bucket without a customer key get no key statement", async () => {
            const plain = await record(() => {
                const photos = new SecureUserBucket("photos", {});
                new AuthorizedApi("api", { defaultAuthorization: "iam", routes: { "GET /me/{key+}": { s3: { bucket: photos, operation: "get" } } } });
                return {};
            });
            const policy = JSON.parse(plain.all(aws.iam.RolePolicy).find((p) => p.name.startsWith("api-role-"))!.inputs.policy);
            assert.deepEqual(policy.Statement.map((st: { Sid: string }) => st.Sid), ["GetUserObjects"]);
        });

        it("service integrations map no path parameters their URI does not name", () => {
            assert.equal(integration("PUT /notes/{id}").requestParameters, undefined);
        });

        it("S3 uploads forward the Content-Type the method declares", async () => {
            const put = await recordApi({ userPoolArn, defaultAuthorization: "cognito", routes: { "PUT /me/{key+}": { s3: { bucket: subBucket, operation: "put" } } } });
            const i = put.one(aws.apigateway.Integration, `api-integration-${slugOf("PUT /me/{key+}")}`).inputs;
            assert.equal(i.requestParameters["integration.request.header.Content-Type"], "method.request.header.Content-Type");
            const m = put.one(aws.apigateway.Method, `api-method-${slugOf("PUT /me/{key+}")}`).inputs;
            assert.equal(m.requestParameters["method.request.header.Content-Type"], false);
            assert.equal(m.requestParameters["method.request.path.key"], true);
        });

        it("S3 with IAM: the owner is the identity pool identity id, and listing is limited to the caller's prefix", () => {
            assert.equal(integration("GET /device/{key+}").requestParameters["integration.request.path.owner"], "context.identity.cognitoIdentityId");
            const list = integration("GET /device");
            assert.equal(list.uri, "arn:aws:apigateway:us-east-1:s3:path/photos-bucket");
            assert.match(list.requestTemplates["application/json"], /requestOverride\.querystring\.prefix = "private\/\$context\.identity\.cognitoIdentityId\/"/);
            assert.equal(list.passthroughBehavior, "NEVER");
        });

        it("Step Functions: StartExecution for standard machines, StartSyncExecution for express ones, with the body as input", () => {
            const standard = integration("POST /orders");
            assert.equal(standard.uri, "arn:aws:apigateway:us-east-1:states:action/StartExecution");
            // The body, escaped for a JSON string; apostrophes, which escapeJavaScript escapes and JSON does not allow, are put back.
            const expression = `$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'", "'")`;
            assert.ok(standard.requestTemplates["application/json"].includes(expression), standard.requestTemplates["application/json"]);
            const template = JSON.parse(standard.requestTemplates["application/json"].replace(expression, "BODY"));
            assert.deepEqual(template, { stateMachineArn: stateMachineArn(), input: "BODY" });
            assert.equal(integration("POST /quotes").uri, "arn:aws:apigateway:us-east-1:sync-states:action/StartSyncExecution");
        });

        it("SQS: SendMessage to the queue's path, form-encoded", () => {
            const i = integration("POST /events");
            assert.equal(i.uri, "arn:aws:apigateway:us-east-1:sqs:path/123456789012/events");
            assert.equal(i.requestParameters["integration.request.header.Content-Type"], "'application/x-www-form-urlencoded'");
            assert.equal(i.requestTemplates["application/json"], "Action=SendMessage&MessageBody=$util.urlEncode($input.body)");
        });

        it("DynamoDB: the operation's action URI and the route's mapping template", () => {
            const i = integration("PUT /notes/{id}");
            assert.equal(i.uri, "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem");
            assert.match(i.requestTemplates["application/json"], /"TableName": "notes"/);
        });

        it("Mock: API Gateway answers the fixed body itself", async () => {
            const health = await recordApi({ userPoolArn, routes: { "GET /health": { mock: { body: { status: "ok" } }, authorization: "none" } } });
            const route = slugOf("GET /health");
            assert.equal(health.one(aws.apigateway.Integration, `api-integration-${route}`).inputs.type, "MOCK");
            const response = health.one(aws.apigateway.IntegrationResponse, `api-integration-response-${route}-200`).inputs;
            assert.deepEqual(JSON.parse(response.responseTemplates["application/json"]), { status: "ok" });
            assert.equal(health.all(aws.iam.Role).length, 0, "no backend, no role");
        });

        it("AWS-service routes answer 200, 400 and 500 through method and integration responses", () => {
            const route = slugOf("POST /events");
            for (const code of ["200", "400", "500"]) {
                rec.one(aws.apigateway.MethodResponse, `api-response-${route}-${code}`);
                const response = rec.one(aws.apigateway.IntegrationResponse, `api-integration-response-${route}-${code}`).inputs;
                assert.equal(response.selectionPattern, { "200": undefined, "400": "4\\d{2}", "500": "5\\d{2}" }[code]);
            }
        });
    });

    describe("authorization", () => {
        it("Cognito, with the OAuth scopes a route requires", () => {
            assert.equal(method("POST /orders").authorization, "COGNITO_USER_POOLS");
            assert.deepEqual(method("POST /orders").authorizationScopes, ["https://api.acme.dev/orders.write"]);
            assert.equal(method("GET /notes/{id}").authorizationScopes, undefined);
        });

        it("IAM (SigV4), for identity pool credentials", () => {
            assert.equal(method("GET /device/{key+}").authorization, "AWS_IAM");
            assert.equal(method("GET /device/{key+}").authorizerId, undefined);
        });

        it("a Lambda token authorizer with its result cache, invocable by this API's authorizers only", () => {
            const authorizer = rec.one(aws.apigateway.Authorizer, "api-authorizer-partner");
            assert.equal(authorizer.inputs.type, "TOKEN");
            assert.equal(authorizer.inputs.identitySource, "method.request.header.Authorization");
            assert.equal(authorizer.inputs.authorizerResultTtlInSeconds, 60);
            assert.equal(method("POST /events").authorization, "CUSTOM");
            assert.equal(method("POST /events").authorizerId, authorizer.id);
            const permission = rec.one(aws.lambda.Permission, "api-authorizer-partner-invoke").inputs;
            assert.equal(permission.sourceArn, `arn:aws:execute-api:us-east-1:123456789012:${apiId()}/authorizers/${authorizer.id}`);
        });

        it("a Lambda request authorizer with several identity sources and the default 300 s cache", () => {
            const authorizer = rec.one(aws.apigateway.Authorizer, "api-authorizer-device").inputs;
            assert.equal(authorizer.type, "REQUEST");
            assert.equal(authorizer.identitySource, "method.request.header.X-Device-Id,context.sourceIp");
            assert.equal(authorizer.authorizerResultTtlInSeconds, 300);
        });

        it("public only where a route says authorization: none", () => {
            assert.equal(method("GET /weather/{city}").authorization, "NONE");
            const others = rec.all(aws.apigateway.Method).filter((m) => m.inputs.authorization === "NONE");
            assert.deepEqual(others.map((m) => m.name), [`api-method-${slugOf("GET /weather/{city}")}`]);
        });

        it("API keys: the route requires one, and the usage plan holds the key, quota and throttle for this stage", () => {
            assert.equal(method("POST /events").apiKeyRequired, true);
            const plan = rec.one(aws.apigateway.UsagePlan, "api-plan-partners").inputs;
            assert.deepEqual(plan.apiStages, [{ apiId: apiId(), stage: "api" }]);
            assert.deepEqual(plan.quotaSettings, { limit: 10000, period: "MONTH" });
            assert.deepEqual(plan.throttleSettings, { rateLimit: 5, burstLimit: 10 });
            const key = rec.one(aws.apigateway.ApiKey, "api-key-acme");
            assert.equal(rec.one(aws.apigateway.UsagePlanKey, "api-plan-partners-key-acme").inputs.keyId, key.id);
        });

        it("a route with a JSON schema gets a model and a body validator", () => {
            const m = method("PUT /notes/{id}");
            const model = rec.all(aws.apigateway.Model)[0];
            assert.deepEqual(JSON.parse(model.inputs.schema), { type: "object", required: ["text"] });
            assert.equal(m.requestModels["application/json"], model.inputs.name);
            const validator = rec.one(aws.apigateway.RequestValidator, "api-validate-body").inputs;
            assert.equal(validator.validateRequestBody, true);
            assert.equal(m.requestValidatorId, rec.one(aws.apigateway.RequestValidator, "api-validate-body").id);
            assert.equal(method("GET /notes/{id}").requestValidatorId, undefined);
        });
    });
});

describe("AuthorizedApi CORS, endpoints and the stage's surroundings", () => {
    it("one origin list drives the preflight of every path and the CORS header of gateway errors", async () => {
        const rec = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            corsOrigins: ["https://app.acme.dev", "http://localhost:5173"],
            routes: { "GET /notes": { lambda: { functionArn: functionArn() } }, "POST /notes": { lambda: { functionArn: functionArn() } }, "POST /events": { sqs: { queueArn: queueArn() } } },
        });
        const options = rec.all(aws.apigateway.Method).filter((m) => m.inputs.httpMethod === "OPTIONS");
        assert.equal(options.length, 2, "one preflight per path");
        for (const o of options) assert.equal(o.inputs.authorization, "NONE");
        const preflight = rec.one(aws.apigateway.IntegrationResponse, `api-integration-response-${slugOf("OPTIONS /notes")}-200`).inputs;
        assert.equal(preflight.responseParameters["method.response.header.Access-Control-Allow-Methods"], "'GET,POST,OPTIONS'");
        const template = preflight.responseTemplates["application/json"];
        assert.match(template, /\$origin == "https:\/\/app\.acme\.dev" \|\| \$origin == "http:\/\/localhost:5173"/);
        assert.doesNotMatch(template, /\*/);
        for (const type of ["DEFAULT_4XX", "DEFAULT_5XX"]) {
            const response = rec.all(aws.apigateway.Response).find((r) => r.inputs.responseType === type)!.inputs;
            assert.equal(response.responseParameters["gatewayresponse.header.Vary"], "'Origin'");
            assert.ok(response.responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"]);
        }
        // AWS-service routes pick the caller's origin from the same list.
        const events = rec.one(aws.apigateway.IntegrationResponse, `api-integration-response-${slugOf("POST /events")}-200`).inputs;
        assert.match(events.responseTemplates["application/json"], /\$origin == "https:\/\/app\.acme\.dev"/);
    });

    it("with one origin, every response names it", async () => {
        const rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", corsOrigins: ["https://app.acme.dev"], routes: { "POST /events": { sqs: { queueArn: queueArn() } } } });
        const error = rec.all(aws.apigateway.Response).find((r) => r.inputs.responseType === "DEFAULT_4XX")!.inputs;
        assert.deepEqual(error.responseParameters, { "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.acme.dev'" });
        const ok = rec.one(aws.apigateway.IntegrationResponse, `api-integration-response-${slugOf("POST /events")}-200`).inputs;
        assert.deepEqual(ok.responseParameters, { "method.response.header.Access-Control-Allow-Origin": "'https://app.acme.dev'" });
    });

    it("PRIVATE: reachable only through the listed VPC endpoints", async () => {
        const rec = await recordApi({ endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"], defaultAuthorization: "iam", routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
        const api = rec.all(aws.apigateway.RestApi)[0].inputs;
        assert.deepEqual(api.endpointConfiguration, { types: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"] });
        const deny = JSON.parse(api.policy).Statement.find((s: { Effect: string }) => s.Effect === "Deny");
        assert.deepEqual(deny.Condition, { StringNotEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } });
    });

    it("custom domain with TLS 1.2 and a base path, WAF, and the account log role as an explicit opt-in", async () => {
        const rec = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            domain: { domainName: "api.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", basePath: "v1" },
            webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc",
            manageAccountLogRole: true,
            routes: { "GET /notes": { lambda: { functionArn: functionArn() } } },
        });
        const domain = rec.one(aws.apigateway.DomainName, "api-domain");
        assert.equal(domain.inputs.securityPolicy, "TLS_1_2");
        assert.equal(domain.inputs.regionalCertificateArn, "arn:aws:acm:us-east-1:123456789012:certificate/abc");
        assert.equal(rec.one(aws.apigateway.BasePathMapping, "api-base-path").inputs.basePath, "v1");
        assert.equal(rec.one(aws.wafv2.WebAclAssociation, "api-waf").inputs.resourceArn, rec.one(aws.apigateway.Stage, "api-stage").outputs.arn);
        const account = rec.one(aws.apigateway.Account, "api-account");
        assert.equal(account.inputs.cloudwatchRoleArn, rec.one(aws.iam.Role, "api-account-log-role").outputs.arn);
        // Execution logging needs the account role first.
        assert.ok(rec.dependsOn(rec.one(aws.apigateway.MethodSettings, "api-settings"), account));
        const component = rec.one("user-backend:index:AuthorizedApi", "api");
        assert.match(String(component.registeredOutputs.domainTarget), /^d-.*\.execute-api\.us-east-1\.amazonaws\.com$/);
    });
});
