import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ResourcesConfig } from "aws-amplify";
import { parse } from "yaml";
import { AccessSimulator, record, Recording, RoleSessionPrincipal } from "../../offline";
import { documentOf, operationOf, routesOf } from "../support/api";
import { alice, bob, TestUser } from "../support/identities";
import { exampleProjectSpecs } from "../support/examples";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, "examples/photo-api");
const program = path.join(dir, "index.ts");
type ConfigDeclaration = { type: string; description: string; default?: unknown };
const projectFile = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: unknown; config: Record<string, ConfigDeclaration> };

type Outputs = pulumi.Unwrap<typeof import("../../examples/photo-api/index")>;

/** Config as the Pulumi CLI hands it to the program: the declared defaults, then the stack's values; structured values as JSON. */
function stackConfig(values: Record<string, unknown>): Record<string, string> {
    for (const key of Object.keys(values)) assert.ok(key in projectFile.config, `${key} is not declared in Pulumi.yaml`);
    const defaults = Object.entries(projectFile.config).filter(([, d]) => d.default !== undefined).map(([key, d]) => [key, d.default]);
    const merged = { ...Object.fromEntries(defaults), ...values };
    return Object.fromEntries(Object.entries(merged).map(([key, v]) => [`${projectFile.name}:${key}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function run(values: Record<string, unknown>): Promise<Recording<Outputs>> {
    return record(
        () => {
            delete require.cache[program];
            return require(program);
        },
        { project: projectFile.name, stack: "dev", config: stackConfig(values) },
    );
}

const origin = "https://app.acme.dev";
const routes = ["GET /photos", "GET /photos/{key+}", "PUT /photos/{key+}", "DELETE /photos/{key+}"];

describe("example photo-api", () => {
    let rec: Recording<Outputs>;
    let sim: AccessSimulator;
    before(async () => {
        rec = await run({ corsOrigins: [origin] });
        sim = AccessSimulator.load(rec);
    });

    const bucketName = () => String(rec.one(aws.s3.Bucket, "photos-bucket").outputs.bucket);
    const object = (key: string) => `arn:aws:s3:::${bucketName()}/${key}`;
    const bucket = () => `arn:aws:s3:::${bucketName()}`;
    const integration = (route: string) => operationOf(rec, route)["x-amazon-apigateway-integration"];
    const roleOf = (route: string) => {
        const role = rec.findByOutput(aws.iam.Role, "arn", integration(route).credentials);
        assert.ok(role, `no role for ${route}`);
        return { role: String(role.outputs.name) };
    };

    exampleProjectSpecs(dir, () => rec);

    it("every route is authorized by this user pool; only the CORS preflights are open", () => {
        const scheme = documentOf(rec).components.securitySchemes["cognito-user-pool"];
        assert.equal(scheme["x-amazon-apigateway-authtype"], "cognito_user_pools");
        assert.deepEqual(scheme["x-amazon-apigateway-authorizer"], { type: "cognito_user_pools", providerARNs: [rec.one(aws.cognito.UserPool, "auth-pool").outputs.arn] });
        assert.deepEqual(Object.keys(documentOf(rec).components.securitySchemes), ["cognito-user-pool"]);
        for (const { route, operation } of routesOf(rec)) {
            if (route.startsWith("OPTIONS ")) {
                assert.equal(operation.security, undefined, route);
            } else {
                assert.deepEqual(operation.security, [{ "cognito-user-pool": [] }], route);
            }
        }
        assert.deepEqual(routesOf(rec).map((r) => r.route).filter((r) => !r.startsWith("OPTIONS ")).sort(), [...routes].sort());
        // The document is the whole API: no method is declared beside it.
        assert.deepEqual(rec.all(aws.apigateway.Method), []);
    });

    it("the S3 routes key objects by the caller's sub from the authorizer, never by the request", () => {
        for (const route of ["GET /photos/{key+}", "PUT /photos/{key+}", "DELETE /photos/{key+}"]) {
            const { type, uri, requestParameters } = integration(route);
            assert.equal(type, "aws", route);
            assert.ok(String(uri).endsWith(`:s3:path/${bucketName()}/private/{owner}/{key}`), `${route}: ${uri}`);
            assert.equal(requestParameters!["integration.request.path.owner"], "context.authorizer.claims.sub", route);
            assert.equal(requestParameters!["integration.request.path.key"], "method.request.path.key", route);
            // The request declares the key only: nothing a caller sends is named owner.
            assert.deepEqual(operationOf(rec, route).parameters?.filter((p) => p.in === "path").map((p) => p.name), ["key"], route);
        }
        const list = integration("GET /photos");
        assert.ok(String(list.uri).endsWith(`:s3:path/${bucketName()}`));
        assert.match(list.requestTemplates!["application/json"], /^#set\(\$context\.requestOverride\.querystring\.prefix = "private\/\$context\.authorizer\.claims\.sub\/"\)/);
    });

    it("the integration roles reach objects under private/ only, each doing its one operation", async () => {
        const key = object(`private/${alice.sub}/cat.jpg`);
        const get = roleOf("GET /photos/{key+}");
        const put = roleOf("PUT /photos/{key+}");
        const remove = roleOf("DELETE /photos/{key+}");
        const list = roleOf("GET /photos");
        assert.equal(await sim.can(get, "s3:GetObject", key), true);
        assert.equal(await sim.can(put, "s3:PutObject", key), true);
        assert.equal(await sim.can(remove, "s3:DeleteObject", key), true);
        assert.equal(await sim.can(list, "s3:ListBucket", bucket(), { "s3:prefix": `private/${alice.sub}/` }), true);
        for (const outside of ["public/banner.jpg", `protected/${alice.sub}/cat.jpg`, "privateer/cat.jpg", "access-logs/x"]) {
            assert.equal(await sim.can(get, "s3:GetObject", object(outside)), false, outside);
            assert.equal(await sim.can(put, "s3:PutObject", object(outside)), false, outside);
            assert.equal(await sim.can(remove, "s3:DeleteObject", object(outside)), false, outside);
        }
        assert.equal(await sim.can(list, "s3:ListBucket", bucket(), { "s3:prefix": "public/" }), false);
        assert.equal(await sim.can(list, "s3:ListBucket", bucket()), false, "the whole bucket");
        assert.equal(await sim.can(get, "s3:PutObject", key), false);
        assert.equal(await sim.can(put, "s3:GetObject", key), false);
        assert.equal(await sim.can(remove, "s3:DeleteObjectVersion", key), false);
        const logs = String(rec.one(aws.s3.Bucket, "photos-logs").outputs.bucket);
        assert.equal(await sim.can(get, "s3:GetObject", `arn:aws:s3:::${logs}/private/x`), false, "the log bucket");
    });

    it("the integration roles' policies name only real resources, which IAM requires", () => {
        for (const route of routes) {
            const role = roleOf(route).role;
            const policy = rec.all(aws.iam.RolePolicy).find((p) => p.inputs.role === role);
            assert.ok(policy, route);
            for (const statement of JSON.parse(policy.inputs.policy).Statement) {
                for (const resource of [statement.Resource].flat()) {
                    assert.match(resource, /^arn:aws:/, `${route}: statement ${statement.Sid} has Resource ${JSON.stringify(resource)}`);
                }
            }
        }
    });

    it("a signed-in user reaches the same private/<sub>/ prefix directly, and no one else's", async () => {
        const role = String(rec.one(aws.iam.Role, "auth-authenticated-role").outputs.name);
        const provider = String(rec.one(aws.cognito.UserPool, "auth-pool").outputs.endpoint);
        const identityPoolId = String(rec.one(aws.cognito.IdentityPool, "auth-identity-pool").id);
        const session = (user: TestUser): RoleSessionPrincipal => ({
            role,
            identityId: user.identityId,
            principalTags: { sub: user.sub! },
            webIdentity: { identityPoolId, amr: "authenticated", provider },
        });
        const decision = await sim.check(session(alice), { action: "s3:GetObject", resource: object(`private/${alice.sub}/cat.jpg`) });
        assert.equal(decision.allowed, true, `${decision.stage} ${decision.result}`);
        assert.equal(await sim.can(session(alice), "s3:GetObject", object(`private/${bob.sub}/cat.jpg`)), false);
        assert.equal(await sim.can(session(alice), "s3:PutObject", object(`private/${bob.sub}/cat.jpg`)), false);
    });

    it("images pass through as bytes, and the configured origin gets CORS headers", () => {
        const document = documentOf(rec);
        assert.deepEqual(document["x-amazon-apigateway-binary-media-types"], ["image/*"]);
        assert.deepEqual(rec.one(aws.apigateway.RestApi, "api-api").inputs.binaryMediaTypes, ["image/*"]);
        // Gateway responses (authorizer 401/403, throttling, integration errors) carry the one origin.
        const gatewayResponses = document["x-amazon-apigateway-gateway-responses"] ?? {};
        assert.deepEqual(Object.keys(gatewayResponses).sort(), ["DEFAULT_4XX", "DEFAULT_5XX"]);
        for (const [type, response] of Object.entries(gatewayResponses)) {
            assert.equal(response.responseParameters?.["gatewayresponse.header.Access-Control-Allow-Origin"], `'${origin}'`, type);
        }
        for (const route of routes) {
            const responses = integration(route).responses!;
            for (const [pattern, response] of Object.entries(responses)) {
                assert.equal(response.responseParameters?.["method.response.header.Access-Control-Allow-Origin"], `'${origin}'`, `${route} ${pattern}`);
            }
        }
        const preflights = routesOf(rec).filter((r) => r.route.startsWith("OPTIONS "));
        assert.deepEqual(preflights.map((p) => p.route).sort(), ["OPTIONS /photos", "OPTIONS /photos/{key+}"]);
        for (const { route, operation } of preflights) {
            assert.ok(operation["x-amazon-apigateway-integration"].responses!.default.responseTemplates!["application/json"].includes(`$origin == "${origin}"`), route);
        }
    });

    it("outputs the API URL, and an amplify config with sign-in and the API", () => {
        const { apiUrl, amplifyConfig } = rec.result;
        // Type-checked against Amplify's own ResourcesConfig by `tsc --noEmit`.
        const resources: ResourcesConfig = amplifyConfig;
        assert.ok(resources.API?.REST?.photos);
        assert.equal(apiUrl, rec.one(aws.apigateway.Stage, "api-stage").outputs.invokeUrl);
        assert.deepEqual(amplifyConfig.API, { REST: { photos: { endpoint: apiUrl, region: "us-east-1" } } });
        assert.equal(amplifyConfig.Auth.Cognito.userPoolId, rec.one(aws.cognito.UserPool, "auth-pool").id);
    });

    it("takes one browser origin: downloads cannot choose among several", async () => {
        await assert.rejects(run({ corsOrigins: [origin, "http://localhost:5173"] }), /"get" works with one corsOrigins entry only/);
    });
});
