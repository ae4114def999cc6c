import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, SecureUserBucket } from "../../components";
import { slugOf } from "../../components/authorized-api";
import { record, Recording } from "../../offline";
import { ApiResult, documentOf, functionArn, operationOf, queueArn, recordApi, routesOf, stateMachineArn, tableArn, userPoolArn } from "../support/api";

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
                    dynamodb: { tableArn: tableArn(), operation: "PutItem", requestTemplate: '{"TableName": "notes", "Item": {"owner": {"S": "$callerId"}, "id": {"S": "$input.params(\'id\')"}}}' },
                    authorization: "lambda",
                    authorizer: "device",
                    requestSchema: { type: "object", required: ["text"] },
                },
            },
        });
    });
    const operation = (route: string) => operationOf(rec, route);
    const integration = (route: string) => operation(route)["x-amazon-apigateway-integration"];
    const scheme = (name: string) => documentOf(rec).components.securitySchemes[name];
    const apiId = () => rec.result.apiId;

    describe("integrations", () => {
        it("Lambda: an aws_proxy POST to the function's invocation URI", () => {
            const i = integration("GET /notes/{id}");
            assert.equal(i.type, "aws_proxy");
            assert.equal(i.httpMethod, "POST");
            assert.equal(i.uri, `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn()}/invocations`);
            const permission = rec.one(aws.lambda.Permission, `api-invoke-${slugOf("GET /notes/{id}")}`).inputs;
            assert.equal(permission.sourceArn, `arn:aws:execute-api:us-east-1:123456789012:${apiId()}/api/GET/notes/*`);
        });

        it("HTTP: an http_proxy to the URL, with the path parameter forwarded", () => {
            const i = integration("GET /weather/{city}");
            assert.equal(i.type, "http_proxy");
            assert.equal(i.httpMethod, "GET");
            assert.equal(i.uri, "https://weather.acme.dev/v1/{city}");
            assert.equal(i.timeoutInMillis, 5000);
            assert.deepEqual(i.requestParameters, { "integration.request.path.city": "method.request.path.city" });
            assert.deepEqual(operation("GET /weather/{city}").parameters, [{ name: "city", in: "path", required: true, schema: { type: "string" } }]);
        });

        it("S3 with Cognito: the object key's owner is the user pool sub from the token claims", () => {
            const i = integration("GET /me/{key+}");
            assert.equal(i.type, "aws");
            assert.equal(i.httpMethod, "GET");
            assert.equal(i.uri, "arn:aws:apigateway:us-east-1:s3:path/photos-bucket/private/{owner}/{key}");
            assert.equal(i.requestParameters!["integration.request.path.owner"], "context.authorizer.claims.sub");
            assert.equal(i.requestParameters!["integration.request.path.key"], "method.request.path.key");
            assert.match(i.credentials!, /^arn:aws:iam::123456789012:role\/api-role-/);
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
            const op = operationOf(put, "PUT /me/{key+}");
            assert.equal(op["x-amazon-apigateway-integration"].requestParameters!["integration.request.header.Content-Type"], "method.request.header.Content-Type");
            assert.deepEqual(op.parameters, [
                { name: "key", in: "path", required: true, schema: { type: "string" } },
                { name: "Content-Type", in: "header", required: false, schema: { type: "string" } },
            ]);
        });

        it("S3 with IAM: the owner is the identity pool identity id, and listing is limited to the caller's prefix", () => {
            assert.equal(integration("GET /device/{key+}").requestParameters!["integration.request.path.owner"], "context.identity.cognitoIdentityId");
            const list = integration("GET /device");
            assert.equal(list.uri, "arn:aws:apigateway:us-east-1:s3:path/photos-bucket");
            assert.match(list.requestTemplates!["application/json"], /requestOverride\.querystring\.prefix = "private\/\$context\.identity\.cognitoIdentityId\/"/);
            assert.equal(list.passthroughBehavior, "never");
        });

        it("Step Functions: StartExecution for standard machines, StartSyncExecution for express ones, with the body and the authorizer's caller as input", () => {
            const standard = integration("POST /orders");
            assert.equal(standard.uri, "arn:aws:apigateway:us-east-1:states:action/StartExecution");
            // Values escaped for a JSON string; apostrophes, which escapeJavaScript escapes and JSON does not allow, are put back.
            const escaped = (expression: string) => `$util.escapeJavaScript(${expression}).replaceAll("\\\\'", "'")`;
            const template = standard.requestTemplates!["application/json"];
            assert.ok(template.includes(escaped("$input.json('$')")), template);
            assert.ok(template.includes(escaped("$context.authorizer.claims.sub")), "the caller is the user pool sub, from the authorizer");
            const outer = JSON.parse(template.replace(escaped("$input.json('$')"), "BODY").replace(escaped("$context.authorizer.claims.sub"), "SUB"));
            assert.equal(outer.stateMachineArn, stateMachineArn());
            assert.deepEqual(JSON.parse(outer.input.replace("BODY", '"the body"')), { body: "the body", caller: { type: "cognito-sub", id: "SUB" } });
            assert.equal(integration("POST /quotes").uri, "arn:aws:apigateway:us-east-1:sync-states:action/StartSyncExecution");
        });

        it("SQS: SendMessage to the queue's path, form-encoded, with the caller in message attributes", () => {
            const i = integration("POST /events");
            assert.equal(i.uri, "arn:aws:apigateway:us-east-1:sqs:path/123456789012/events");
            assert.equal(i.requestParameters!["integration.request.header.Content-Type"], "'application/x-www-form-urlencoded'");
            const form = new URLSearchParams(i.requestTemplates!["application/json"]);
            assert.equal(form.get("Action"), "SendMessage");
            assert.equal(form.get("MessageBody"), "$util.urlEncode($input.body)");
            assert.equal(form.get("MessageAttribute.1.Name"), "callerType");
            assert.equal(form.get("MessageAttribute.1.Value.StringValue"), "lambda-principal");
            assert.equal(form.get("MessageAttribute.2.Name"), "callerId");
            assert.equal(form.get("MessageAttribute.2.Value.StringValue"), "$util.urlEncode($context.authorizer.principalId)");
            assert.equal(form.get("MessageAttribute.2.Value.DataType"), "String");
        });

        it("DynamoDB: the operation's action URI and the route's mapping template, after $callerId from the authorizer", () => {
            const i = integration("PUT /notes/{id}");
            assert.equal(i.uri, "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem");
            const template = i.requestTemplates!["application/json"];
            assert.ok(template.startsWith('#set($callerId = "$context.authorizer.principalId")\n#set($callerType = "lambda-principal")\n'), template);
            assert.match(template, /"TableName": "notes"/);
        });

        it("Mock: API Gateway answers the fixed body itself", async () => {
            const health = await recordApi({ userPoolArn, routes: { "GET /health": { mock: { body: { status: "ok" } }, authorization: "none" } } });
            const i = operationOf(health, "GET /health")["x-amazon-apigateway-integration"];
            assert.equal(i.type, "mock");
            assert.equal(i.responses!.default.statusCode, "200");
            assert.deepEqual(JSON.parse(i.responses!.default.responseTemplates!["application/json"]), { status: "ok" });
            assert.equal(health.all(aws.iam.Role).length, 0, "no backend, no role");
        });

        it("AWS-service routes answer 200, 400 and 500 through method and integration responses", () => {
            const op = operation("POST /events");
            assert.deepEqual(Object.keys(op.responses), ["200", "400", "500"]);
            const responses = op["x-amazon-apigateway-integration"].responses!;
            assert.deepEqual(Object.fromEntries(Object.entries(responses).map(([pattern, r]) => [pattern, r.statusCode])), { default: "200", "4\\d{2}": "400", "5\\d{2}": "500" });
        });
    });

    describe("authorization", () => {
        it("Cognito, with the OAuth scopes a route requires", () => {
            assert.deepEqual(operation("POST /orders").security, [{ "cognito-user-pool": ["https://api.acme.dev/orders.write"] }]);
            assert.deepEqual(operation("GET /notes/{id}").security, [{ "cognito-user-pool": [] }]);
            assert.deepEqual(scheme("cognito-user-pool")["x-amazon-apigateway-authorizer"], { type: "cognito_user_pools", providerARNs: [userPoolArn] });
        });

        it("IAM (SigV4), for identity pool credentials", () => {
            assert.deepEqual(operation("GET /device/{key+}").security, [{ sigv4: [] }]);
            assert.equal(scheme("sigv4")["x-amazon-apigateway-authtype"], "awsSigv4");
            assert.equal(scheme("sigv4")["x-amazon-apigateway-authorizer"], undefined);
        });

        it("a Lambda token authorizer with its result cache, invocable by this API's authorizers only", () => {
            const partner = scheme("lambda-partner");
            assert.equal(partner["x-amazon-apigateway-authtype"], "custom");
            assert.equal(partner.name, "Authorization");
            assert.deepEqual(partner["x-amazon-apigateway-authorizer"], {
                type: "token",
                authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn("partner-auth")}/invocations`,
                identitySource: "method.request.header.Authorization",
                authorizerResultTtlInSeconds: 60,
            });
            assert.deepEqual(operation("POST /events").security, [{ "lambda-partner": [], api_key: [] }]);
            const permission = rec.one(aws.lambda.Permission, "api-authorizer-partner-invoke").inputs;
            assert.equal(permission.function, functionArn("partner-auth"));
            // Authorizer ids exist only once API Gateway imports the document, so the permission covers this API's authorizers.
            assert.equal(permission.sourceArn, `arn:aws:execute-api:us-east-1:123456789012:${apiId()}/authorizers/*`);
        });

        it("a Lambda request authorizer with several identity sources and the default 300 s cache", () => {
            const authorizer = scheme("lambda-device")["x-amazon-apigateway-authorizer"] as { type: string; identitySource: string; authorizerResultTtlInSeconds: number };
            assert.equal(authorizer.type, "request");
            assert.equal(authorizer.identitySource, "method.request.header.X-Device-Id, context.sourceIp");
            assert.equal(authorizer.authorizerResultTtlInSeconds, 300);
        });

        it("public only where a route says authorization: none", () => {
            const open = routesOf(rec).filter(({ operation }) => operation.security === undefined).map(({ route }) => route);
            assert.deepEqual(open, ["GET /weather/{city}"]);
            assert.deepEqual(rec.one("user-backend:index:AuthorizedApi", "api").registeredOutputs.publicRoutes, ["GET /weather/{city}"]);
        });

        it("API keys: the route requires one, and the usage plan holds the key, quota and throttle for this stage", () => {
            assert.ok("api_key" in operation("POST /events").security![0]);
            assert.deepEqual(scheme("api_key"), { type: "apiKey", name: "x-api-key", in: "header" });
            assert.equal(documentOf(rec)["x-amazon-apigateway-api-key-source"], "HEADER");
            const plan = rec.one(aws.apigateway.UsagePlan, "api-plan-partners").inputs;
            assert.deepEqual(plan.apiStages, [{ apiId: apiId(), stage: "api" }]);
            assert.deepEqual(plan.quotaSettings, { limit: 10000, period: "MONTH" });
            assert.deepEqual(plan.throttleSettings, { rateLimit: 5, burstLimit: 10 });
            const key = rec.one(aws.apigateway.ApiKey, "api-key-acme");
            assert.equal(rec.one(aws.apigateway.UsagePlanKey, "api-plan-partners-key-acme").inputs.keyId, key.id);
        });

        it("a route with a JSON schema gets a model and a body validator", () => {
            const op = operation("PUT /notes/{id}");
            const ref = op.requestBody!.content["application/json"].schema.$ref;
            const schemaName = ref.slice("#/components/schemas/".length);
            assert.deepEqual(documentOf(rec).components.schemas[schemaName], { type: "object", required: ["text"] });
            assert.equal(op["x-amazon-apigateway-request-validator"], "body-and-params");
            assert.deepEqual(documentOf(rec)["x-amazon-apigateway-request-validators"]!["body-and-params"], { validateRequestBody: true, validateRequestParameters: true });
            assert.equal(operation("GET /notes/{id}")["x-amazon-apigateway-request-validator"], undefined);
        });
    });
});

describe("AuthorizedApi CORS, endpoints and the stage's surroundings", () => {
    it("one origin list drives the preflight of every path; gateway errors name no origin when several are allowed", async () => {
        const rec = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            corsOrigins: ["https://app.acme.dev", "http://localhost:5173"],
            routes: { "GET /notes": { lambda: { functionArn: functionArn() } }, "POST /notes": { lambda: { functionArn: functionArn() } }, "POST /events": { sqs: { queueArn: queueArn() } } },
        });
        const options = routesOf(rec).filter(({ route }) => route.startsWith("OPTIONS "));
        assert.deepEqual(options.map((o) => o.route).sort(), ["OPTIONS /events", "OPTIONS /notes"], "one preflight per path");
        for (const o of options) assert.equal(o.operation.security, undefined);
        const preflight = operationOf(rec, "OPTIONS /notes")["x-amazon-apigateway-integration"].responses!.default;
        assert.equal(preflight.responseParameters!["method.response.header.Access-Control-Allow-Methods"], "'GET,POST,OPTIONS'");
        const template = preflight.responseTemplates!["application/json"];
        assert.match(template, /\$origin == "https:\/\/app\.acme\.dev" \|\| \$origin == "http:\/\/localhost:5173"/);
        assert.doesNotMatch(template, /\*/);
        // A gateway response cannot choose among origins: echoing the request's Origin would let any site read it.
        for (const [type, response] of Object.entries(documentOf(rec)["x-amazon-apigateway-gateway-responses"]!)) {
            assert.deepEqual(response.responseParameters, { "gatewayresponse.header.Vary": "'Origin'" }, type);
            assert.ok(!JSON.stringify(response).includes("method.request.header.Origin"), type);
        }
        // AWS-service routes pick the caller's origin from the same list.
        const events = operationOf(rec, "POST /events")["x-amazon-apigateway-integration"].responses!.default;
        assert.match(events.responseTemplates!["application/json"], /\$origin == "https:\/\/app\.acme\.dev"/);
    });

    it("with one origin, every response names it", async () => {
        const rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", corsOrigins: ["https://app.acme.dev"], routes: { "POST /events": { sqs: { queueArn: queueArn() } } } });
        const error = documentOf(rec)["x-amazon-apigateway-gateway-responses"]!.DEFAULT_4XX;
        assert.deepEqual(error.responseParameters, { "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.acme.dev'" });
        const ok = operationOf(rec, "POST /events")["x-amazon-apigateway-integration"].responses!.default;
        assert.deepEqual(ok.responseParameters, { "method.response.header.Access-Control-Allow-Origin": "'https://app.acme.dev'" });
        assert.ok(operationOf(rec, "POST /events").responses["200"].headers!["Access-Control-Allow-Origin"], "the method declares the header it sends");
    });

    it("PRIVATE: reachable only through the listed VPC endpoints", async () => {
        const rec = await recordApi({ endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"], defaultAuthorization: "iam", routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
        const api = rec.all(aws.apigateway.RestApi)[0].inputs;
        assert.deepEqual(api.endpointConfiguration, { types: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"] });
        const document = documentOf(rec);
        for (const policy of [JSON.parse(api.policy), document["x-amazon-apigateway-policy"]!]) {
            const deny = policy.Statement.find((s: { Effect: string }) => s.Effect === "Deny");
            assert.deepEqual(deny.Condition, { StringNotEquals: { "aws:SourceVpce": ["vpce-0123456789abcdef0"] } });
        }
        assert.deepEqual(document["x-amazon-apigateway-endpoint-configuration"], { vpcEndpointIds: ["vpce-0123456789abcdef0"] });
    });

    it("binary media types are in the document and on the API", async () => {
        const rec = await recordApi({ defaultAuthorization: "iam", binaryMediaTypes: ["image/*"], routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
        assert.deepEqual(documentOf(rec)["x-amazon-apigateway-binary-media-types"], ["image/*"]);
        assert.deepEqual(rec.one(aws.apigateway.RestApi, "api-api").inputs.binaryMediaTypes, ["image/*"]);
    });

    it("custom domain with TLS 1.2 and a base path, WAF, and the account log role when this API manages it", async () => {
        const rec = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            domain: { domainName: "api.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", basePath: "v1" },
            webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc",
            accountLogRole: "managed",
            routes: { "GET /notes": { lambda: { functionArn: functionArn() } } },
        });
        const domain = rec.one(aws.apigateway.DomainName, "api-domain");
        assert.equal(domain.inputs.securityPolicy, "TLS_1_2");
        assert.equal(domain.inputs.regionalCertificateArn, "arn:aws:acm:us-east-1:123456789012:certificate/abc");
        assert.equal(rec.one(aws.apigateway.BasePathMapping, "api-base-path").inputs.basePath, "v1");
        assert.equal(rec.one(aws.wafv2.WebAclAssociation, "api-waf").inputs.resourceArn, rec.one(aws.apigateway.Stage, "api-stage").outputs.arn);
        const account = rec.one(aws.apigateway.Account, "api-account");
        assert.equal(account.inputs.cloudwatchRoleArn, rec.one(aws.iam.Role, "api-account-log-role").outputs.arn);
        // Deleting the setting would reset the region for every API: it stays when the API goes.
        assert.equal(account.retainOnDelete, true);
        // Logging needs the account role first.
        assert.ok(rec.dependsOn(rec.one(aws.apigateway.MethodSettings, "api-settings"), account));
        assert.ok(rec.dependsOn(rec.one(aws.apigateway.Stage, "api-stage"), account));
        const component = rec.one("user-backend:index:AuthorizedApi", "api");
        assert.equal(component.registeredOutputs.accountLogRole, "managed");
        assert.match(String(component.registeredOutputs.domainTarget), /^d-.*\.execute-api\.us-east-1\.amazonaws\.com$/);
    });

    it("the RestApi waits only for what its document names: not for the web ACL or the certificate", async () => {
        const rec = await record(() => {
            const acl = new aws.wafv2.WebAcl("acl", { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true } });
            const certificate = new aws.acm.Certificate("cert", { domainName: "api.acme.dev", validationMethod: "DNS" });
            new AuthorizedApi("api", {
                userPoolArn,
                defaultAuthorization: "cognito",
                webAclArn: acl.arn,
                domain: { domainName: "api.acme.dev", certificateArn: certificate.arn },
                routes: { "GET /notes": { lambda: { functionArn: functionArn() } } },
            });
            return {};
        });
        const api = rec.one(aws.apigateway.RestApi, "api-api");
        for (const other of [rec.one(aws.wafv2.WebAcl, "acl"), rec.one(aws.acm.Certificate, "cert")]) assert.ok(!rec.dependsOn(api, other), other.name);
    });

    it("a customer key encrypts the access and execution log groups (CKV_AWS_158), given as a key ARN", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", logsKmsKeyArn: key, routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
        for (const name of ["api-access-logs", "api-execution-logs"]) assert.equal(rec.one(aws.cloudwatch.LogGroup, name).inputs.kmsKeyId, key, name);
        assert.throws(
            () => new AuthorizedApi("api", { userPoolArn, defaultAuthorization: "cognito", logsKmsKeyArn: "alias/logs", routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } }),
            /AuthorizedApi "api": logsKmsKeyArn must be a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<key id>\); CloudWatch Logs does not take an alias \(received: "alias\/logs"\)/,
        );
    });

    it("the deprecated manageAccountLogRole still means managed, with the same children", async () => {
        const rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", manageAccountLogRole: true, routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
        assert.equal(rec.one("user-backend:index:AuthorizedApi", "api").registeredOutputs.accountLogRole, "managed");
        for (const [type, name] of [[aws.iam.Role, "api-account-log-role"], [aws.iam.RolePolicy, "api-account-log-policy"], [aws.apigateway.Account, "api-account"]] as const) {
            assert.equal(rec.one(type, name).urn, `urn:pulumi:stack::project::user-backend:index:AuthorizedApi$${(type as any).__pulumiType}::${name}`);
        }
    });

    it("without an account log role, access and execution logs stay off, so a fresh account's stage is accepted", async () => {
        const rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", accountLogRole: "none", routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } });
        const stage = rec.one(aws.apigateway.Stage, "api-stage").inputs;
        assert.equal(stage.accessLogSettings, undefined);
        assert.equal(rec.one(aws.apigateway.MethodSettings, "api-settings").inputs.settings.loggingLevel, "OFF");
        assert.equal(rec.one(aws.apigateway.MethodSettings, "api-settings").inputs.settings.metricsEnabled, true);
        assert.equal(rec.find(aws.cloudwatch.LogGroup, "api-execution-logs"), undefined);
        assert.equal(rec.all(aws.apigateway.Account).length, 0);
    });
});
