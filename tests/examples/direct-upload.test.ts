import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { Amplify, type ResourcesConfig } from "aws-amplify";
import { parse } from "yaml";
import { AccessSimulator, record, Recording, RoleSessionPrincipal } from "../../offline";
import { alice, bob, TestUser } from "../support/identities";
import { exampleProjectSpecs } from "../support/examples";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, "examples/direct-upload");
const program = path.join(dir, "index.ts");
type ConfigDeclaration = { type: string; description: string; default?: unknown };
const projectFile = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: unknown; config: Record<string, ConfigDeclaration> };

type Outputs = pulumi.Unwrap<typeof import("../../examples/direct-upload/index")>;

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

const appConfig = {
    callbackUrls: ["https://app.acme.dev/callback", "http://localhost:5173/callback"],
    logoutUrls: ["https://app.acme.dev/"],
    domainPrefix: "acme-uploads",
    corsOrigins: ["https://app.acme.dev", "http://localhost:5173"],
};

describe("example direct-upload", () => {
    let rec: Recording<Outputs>;
    let sim: AccessSimulator;
    before(async () => {
        rec = await run(appConfig);
        sim = AccessSimulator.load(rec);
    });

    const authenticatedRole = () => String(rec.one(aws.iam.Role, "auth-authenticated-role").outputs.name);
    const provider = () => String(rec.one(aws.cognito.UserPool, "auth-pool").outputs.endpoint);
    const session = (user: TestUser): RoleSessionPrincipal => ({
        role: authenticatedRole(),
        identityId: user.identityId,
        webIdentity: { identityPoolId: rec.result.identityPoolId, amr: "authenticated", provider: provider() },
    });
    const object = (key: string) => `arn:aws:s3:::${rec.result.bucketName}/${key}`;
    const bucket = () => `arn:aws:s3:::${rec.result.bucketName}`;

    // Redirect URLs are where Cognito sends codes: no placeholder default.
    exampleProjectSpecs(dir, () => rec, { withoutDefault: ["callbackUrls", "logoutUrls"] });

    it("a signed-in user can upload, download, list and delete under private/<her identity id>/", async () => {
        const mine = object(`private/${alice.identityId}/holiday.jpg`);
        for (const action of ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]) {
            const decision = await sim.check(session(alice), { action, resource: mine });
            assert.equal(decision.allowed, true, `${action}: ${decision.stage} ${decision.result}`);
        }
        assert.equal(await sim.can(session(alice), "s3:ListBucket", bucket(), { "s3:prefix": `private/${alice.identityId}/` }), true);
    });

    it("she cannot touch another user's private prefix, nor list the private/ level", async () => {
        const theirs = object(`private/${bob.identityId}/holiday.jpg`);
        for (const action of ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]) {
            assert.equal(await sim.can(session(alice), action, theirs), false, action);
        }
        assert.equal(await sim.can(session(alice), "s3:ListBucket", bucket(), { "s3:prefix": `private/${bob.identityId}/` }), false);
        assert.equal(await sim.can(session(alice), "s3:ListBucket", bucket(), { "s3:prefix": "private/" }), false);
    });

    it("only signed-in identities of this identity pool get the role", async () => {
        const role = authenticatedRole();
        assert.equal(await sim.canAssume(role, { identityPoolId: rec.result.identityPoolId, amr: "authenticated", provider: provider() }), true);
        assert.equal(await sim.canAssume(role, { identityPoolId: rec.result.identityPoolId, amr: "unauthenticated" }), false, "guests");
        assert.equal(await sim.canAssume(role, { identityPoolId: "us-east-1:00000000-0000-4000-8000-000000000000", amr: "authenticated", provider: provider() }), false, "another pool");
    });

    it("the browser origins from config, and only they, may call the bucket", () => {
        const [rule] = rec.one(aws.s3.BucketCorsConfiguration, "uploads-cors").inputs.corsRules;
        assert.deepEqual(rule.allowedOrigins, appConfig.corsOrigins);
        assert.ok(rule.exposeHeaders.includes("ETag"), "multipart uploads need each part's ETag");
    });

    it("the hosted UI redirects only to the configured URLs, and the amplify config signs in there and stores in the bucket", () => {
        const client = rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs;
        assert.deepEqual(client.callbackUrls, appConfig.callbackUrls);
        assert.deepEqual(client.logoutUrls, appConfig.logoutUrls);
        assert.deepEqual(client.allowedOauthFlows, ["code"]);
        const { Auth, Storage } = rec.result.amplifyConfig;
        assert.equal(Auth.Cognito.identityPoolId, rec.result.identityPoolId);
        const oauth = Auth.Cognito.loginWith.oauth;
        assert.ok(oauth);
        assert.equal(oauth.domain, "acme-uploads.auth.us-east-1.amazoncognito.com");
        assert.deepEqual(oauth.redirectSignIn, appConfig.callbackUrls);
        assert.deepEqual(Storage, { S3: { bucket: rec.result.bucketName, region: rec.result.region } });
        assert.equal(rec.result.region, "us-east-1");
    });

    it("aws-amplify v6 takes the amplify config as is, Storage included", () => {
        // Type-checked against Amplify's own ResourcesConfig by `tsc --noEmit`.
        const resources: ResourcesConfig = rec.result.amplifyConfig;
        try {
            Amplify.configure(resources);
            const loaded = Amplify.getConfig();
            assert.equal(loaded.Storage?.S3?.bucket, rec.result.bucketName);
            assert.equal(loaded.Storage?.S3?.region, rec.result.region);
            assert.equal(loaded.Auth?.Cognito.identityPoolId, rec.result.identityPoolId);
        } finally {
            Amplify.configure({});
        }
    });

    it("without a domainPrefix the hosted UI prefix names the project and the stack, and Pulumi.yaml says what to do when one is taken", async () => {
        // Cognito prefix domains are global per region across all accounts: a taken one fails at `up` with
        // "InvalidParameterException: Domain already associated with another user pool"
        // (aws-samples/websocket-chat-application#56). A fixed default would be taken by the first deployer.
        assert.equal(projectFile.config.domainPrefix.default, "");
        assert.match(projectFile.config.domainPrefix.description, /Domain already associated with another user pool/);
        assert.match(projectFile.config.domainPrefix.description, /pulumi config set domainPrefix/);
        const { domainPrefix, ...rest } = appConfig;
        assert.ok(domainPrefix);
        const derived = await run(rest);
        assert.equal(derived.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.domain, "direct-upload-dev");
        assert.equal(derived.result.amplifyConfig.Auth.Cognito.loginWith.oauth?.domain, "direct-upload-dev.auth.us-east-1.amazoncognito.com");
        assert.equal(rec.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.domain, "acme-uploads", "a configured prefix wins");
    });

    it("without the redirect URLs the program stops, and a placeholder URL is refused", async () => {
        await assert.rejects(run({ domainPrefix: "acme-uploads" }), /Missing required configuration variable 'direct-upload:callbackUrls'/);
        await assert.rejects(
            run({ ...appConfig, callbackUrls: ["https://example.com/callback"] }),
            /clients\.web\.oauth\.callbackUrls\[0\] must not be a placeholder on example\.com/,
        );
    });
});
