import { strict as assert } from "assert";
import { Validator } from "@seriousme/openapi-schema-validator";
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedApiArgs, buildOpenApiDocument, OpenApiDocument } from "../../components";
import { functionArn, queueArn, stateMachineArn, tableArn, userPoolArn } from "../support/api";
import { renderTemplate } from "../support/vtl";

/**
 * The document builder alone, with no engine: a pure function of the validated, resolved arguments.
 * Its templates are rendered with a Velocity engine to prove what API Gateway would send.
 */
const env = {
    partition: "aws",
    region: "eu-west-1",
    integrationRoleArns: {
        "PUT /files/{key+}": "arn:aws:iam::123456789012:role/put",
        "GET /files": "arn:aws:iam::123456789012:role/list",
        "POST /orders": "arn:aws:iam::123456789012:role/orders",
        "POST /events": "arn:aws:iam::123456789012:role/events",
        "PUT /notes/{id}": "arn:aws:iam::123456789012:role/notes",
    },
};
const bucket = { bucketName: "photos", bucketArn: "arn:aws:s3:::photos", ownerPrincipalTag: "sub" };

function everything(): AuthorizedApiArgs {
    return {
        userPoolArn,
        defaultAuthorization: "cognito",
        corsOrigins: ["https://app.acme.dev", "https://admin.acme.dev"],
        binaryMediaTypes: ["image/*"],
        cache: { size: "0.5" },
        lambdaAuthorizers: { partner: { functionArn: functionArn("partner"), type: "token" }, device: { functionArn: functionArn("device"), type: "request", identitySources: ["method.request.header.X-Device", "context.sourceIp"] } },
        usagePlans: { partners: { apiKeys: ["acme"] } },
        routes: {
            "GET /notes/{id}": { lambda: { functionArn: functionArn() }, cache: { keyParameters: ["method.request.path.id"] }, scopes: ["https://api.acme.dev/notes.read"] },
            "GET /weather/{city}": { http: { url: "https://weather.acme.dev/{city}" }, authorization: "none", requestParameters: { "method.request.querystring.units": true } },
            "PUT /files/{key+}": { s3: { bucket, operation: "put" } },
            "GET /files": { s3: { bucket, operation: "list" } },
            "POST /orders": { stepFunctions: { stateMachineArn: stateMachineArn() }, requestSchema: { $schema: "http://json-schema.org/draft-04/schema#", type: "object", required: ["items"] } },
            "POST /events": { sqs: { queueArn: queueArn() }, authorization: "lambda", authorizer: "partner", apiKeyRequired: true },
            "PUT /notes/{id}": { dynamodb: { tableArn: tableArn(), operation: "PutItem", requestTemplate: '{"TableName": "notes", "Item": {"owner": {"S": "$callerId"}}}' }, authorization: "lambda", authorizer: "device" },
            "ANY /proxy/{path+}": { lambda: { functionArn: functionArn("proxy") } },
            "GET /health": { mock: { body: { status: "ok" } }, authorization: "none" },
        },
    };
}

describe("AuthorizedApi OpenAPI document", () => {
    let document: OpenApiDocument;
    before(() => {
        document = buildOpenApiDocument("api", everything(), env);
    });

    it("is a valid OpenAPI 3.0 document, with every route and a preflight per path", async () => {
        const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
        assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
        assert.equal(document.openapi, "3.0.1");
        assert.deepEqual(Object.keys(document.paths), ["/files", "/files/{key+}", "/health", "/notes/{id}", "/proxy/{path+}", "/weather/{city}", "/orders", "/events"].sort());
        for (const operations of Object.values(document.paths)) assert.ok(operations.options, "CORS preflight");
        assert.ok(document.paths["/proxy/{path+}"]["x-amazon-apigateway-any-method"], "ANY is API Gateway's any-method extension");
    });

    it("is a pure function of its arguments: the same arguments, or the routes in another order, give the same document", () => {
        assert.deepEqual(buildOpenApiDocument("api", everything(), env), document);
        const reversed = everything();
        const routes = Object.entries(reversed.routes).reverse();
        assert.equal(JSON.stringify(buildOpenApiDocument("api", { ...reversed, routes: Object.fromEntries(routes) }, env)), JSON.stringify(document));
    });

    it("a removed route leaves the document: its operation, and the path's preflight when it was the path's last route", () => {
        const args = everything();
        const { ["GET /health"]: _gone, ...rest } = args.routes;
        const without = buildOpenApiDocument("api", { ...args, routes: rest }, env);
        assert.equal(without.paths["/health"], undefined);
        const { ["PUT /files/{key+}"]: _put, ...others } = args.routes;
        const noPut = buildOpenApiDocument("api", { ...args, routes: others }, env);
        assert.equal(noPut.paths["/files/{key+}"], undefined);
        assert.ok(noPut.paths["/files"].get, "the other route of the folder stays");
    });

    it("carries the authorizers as security schemes: Cognito with scopes, IAM, Lambda token and request with result caching, and API keys", () => {
        const schemes = document.components.securitySchemes;
        assert.deepEqual(Object.keys(schemes).sort(), ["api_key", "cognito-user-pool", "lambda-device", "lambda-partner"]);
        assert.deepEqual(document.paths["/notes/{id}"].get.security, [{ "cognito-user-pool": ["https://api.acme.dev/notes.read"] }]);
        assert.deepEqual(document.paths["/events"].post.security, [{ "lambda-partner": [], api_key: [] }]);
        assert.deepEqual(schemes["lambda-device"]["x-amazon-apigateway-authorizer"], {
            type: "request",
            authorizerUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${functionArn("device")}/invocations`,
            identitySource: "method.request.header.X-Device, context.sourceIp",
            authorizerResultTtlInSeconds: 300,
        });
        const iam = buildOpenApiDocument("api", { defaultAuthorization: "iam", routes: { "GET /me": { lambda: { functionArn: functionArn() } } } }, env);
        assert.deepEqual(iam.components.securitySchemes.sigv4, { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" });
    });

    it("carries request validators and models: a route with a schema validates its body, one with parameters its parameters", () => {
        const orders = document.paths["/orders"].post;
        assert.equal(orders["x-amazon-apigateway-request-validator"], "body-and-params");
        const name = orders.requestBody!.content["application/json"].schema.$ref.split("/").pop()!;
        assert.deepEqual(document.components.schemas[name], { type: "object", required: ["items"] }, "$schema is not an OpenAPI keyword and is left out");
        assert.equal(document.paths["/weather/{city}"].get["x-amazon-apigateway-request-validator"], "params-only");
        assert.deepEqual(document.paths["/weather/{city}"].get.parameters!.find((p) => p.in === "query"), { name: "units", in: "query", required: true, schema: { type: "string" } });
    });

    it("carries binary media types, the API key source, gateway responses and, for a PRIVATE API, the endpoint configuration and resource policy", () => {
        assert.deepEqual(document["x-amazon-apigateway-binary-media-types"], ["image/*"]);
        assert.equal(document["x-amazon-apigateway-api-key-source"], "HEADER");
        assert.deepEqual(Object.keys(document["x-amazon-apigateway-gateway-responses"]!), ["DEFAULT_4XX", "DEFAULT_5XX"]);
        assert.equal(document["x-amazon-apigateway-policy"], undefined);
        const args: AuthorizedApiArgs = { endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"], defaultAuthorization: "iam", routes: { "GET /me": { lambda: { functionArn: functionArn() } } } };
        const priv = buildOpenApiDocument("api", args, env);
        assert.deepEqual(priv["x-amazon-apigateway-endpoint-configuration"], { vpcEndpointIds: ["vpce-0123456789abcdef0"] });
        assert.equal(priv["x-amazon-apigateway-policy"]!.Statement.length, 2);
    });

    it("is built from resolved values only: an Output in the arguments is refused with where it is", () => {
        const args = everything();
        assert.throws(
            () => buildOpenApiDocument("api", { ...args, routes: { "GET /x": { lambda: { functionArn: pulumi.output(functionArn()) } } } }, env),
            /AuthorizedApi "api": buildOpenApiDocument needs resolved values, but args\.routes\.GET \/x\.lambda\.functionArn is an Output or a Promise/,
        );
    });

    it("names each AWS-service route's own role as its credentials, and refuses to build without it", () => {
        assert.equal(document.paths["/orders"].post["x-amazon-apigateway-integration"].credentials, env.integrationRoleArns["POST /orders"]);
        assert.throws(() => buildOpenApiDocument("api", everything(), { ...env, integrationRoleArns: {} }), /AuthorizedApi "api": no integration role ARN for route/);
    });
});

describe("AuthorizedApi mapping templates, rendered", () => {
    const document = buildOpenApiDocument("api", everything(), env);
    const template = (path: string, method: string, kind = "application/json") => document.paths[path][method]["x-amazon-apigateway-integration"].requestTemplates![kind];

    it("Step Functions: the input is the body and the authorizer's caller, valid JSON for any body, and the body cannot pose as the caller", () => {
        for (const body of ['{"items": [{"sku": "a", "quantity": 1}]}', `{"note": "it's \\"quoted\\" and\\nmulti-line \\u2028"}`, '{"caller": {"type": "cognito-sub", "id": "victim"}}']) {
            const { output } = renderTemplate(template("/orders", "post"), { body, claims: { sub: "sub-of-caller" } });
            const call = JSON.parse(output);
            assert.equal(call.stateMachineArn, stateMachineArn());
            const input = JSON.parse(call.input);
            assert.deepEqual(input.body, JSON.parse(body));
            assert.deepEqual(input.caller, { type: "cognito-sub", id: "sub-of-caller" });
        }
    });

    it("Step Functions on a public route: the caller is null", () => {
        const open = buildOpenApiDocument("api", { routes: { "POST /orders": { stepFunctions: { stateMachineArn: stateMachineArn() }, authorization: "none" } } }, { ...env, integrationRoleArns: { "POST /orders": "arn:aws:iam::123456789012:role/o" } });
        const { output } = renderTemplate(open.paths["/orders"].post["x-amazon-apigateway-integration"].requestTemplates!["application/json"], { body: '{"a": 1}' });
        assert.deepEqual(JSON.parse(JSON.parse(output).input), { body: { a: 1 }, caller: null });
    });

    it("SQS: the body as the message, the caller in message attributes", () => {
        const { output } = renderTemplate(template("/events", "post"), { body: '{"kind": "a&b"}', principalId: "partner-7" });
        const form = new URLSearchParams(output);
        assert.equal(form.get("MessageBody"), '{"kind": "a&b"}');
        assert.equal(form.get("MessageAttribute.1.Value.StringValue"), "lambda-principal");
        assert.equal(form.get("MessageAttribute.2.Value.StringValue"), "partner-7");
    });

    it("DynamoDB: $callerId is the authorizer's caller before the route's template runs", () => {
        const { output } = renderTemplate(template("/notes/{id}", "put"), { principalId: "device-9", body: '{"owner": "victim"}' });
        assert.deepEqual(JSON.parse(output), { TableName: "notes", Item: { owner: { S: "device-9" } } });
    });

    it("S3 list: the prefix is the caller's own, whatever the query string says", () => {
        const { requestQuery } = renderTemplate(template("/files", "get"), { claims: { sub: "sub-1" } });
        assert.deepEqual(requestQuery, { prefix: "private/sub-1/" });
    });

    it("CORS: a listed origin is echoed, any other origin gets no Allow-Origin header", () => {
        const preflight = document.paths["/notes/{id}"].options["x-amazon-apigateway-integration"].responses!.default.responseTemplates!["application/json"];
        assert.deepEqual(renderTemplate(preflight, { headers: { Origin: "https://admin.acme.dev" } }).responseHeaders, { "Access-Control-Allow-Origin": "https://admin.acme.dev" });
        assert.deepEqual(renderTemplate(preflight, { headers: { Origin: "https://evil.example" } }).responseHeaders, {});
        assert.deepEqual(renderTemplate(preflight, { headers: {} }).responseHeaders, {});
        const mock = document.paths["/health"].get["x-amazon-apigateway-integration"].responses!.default.responseTemplates!["application/json"];
        const answered = renderTemplate(mock, { headers: { Origin: "https://app.acme.dev" } });
        assert.deepEqual(JSON.parse(answered.output), { status: "ok" });
        assert.deepEqual(answered.responseHeaders, { "Access-Control-Allow-Origin": "https://app.acme.dev" });
    });
});
