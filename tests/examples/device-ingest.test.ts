import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { AccessSimulator, record, Recording, RoleSessionPrincipal } from "../../offline";
import { alice, guestDevice, TestUser } from "../support/identities";
import { exampleProjectSpecs } from "../support/examples";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, "examples/device-ingest");
const program = path.join(dir, "index.ts");
type ConfigDeclaration = { type: string; description: string; default?: unknown };
const projectFile = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: unknown; config: Record<string, ConfigDeclaration> };

type Outputs = pulumi.Unwrap<typeof import("../../examples/device-ingest/index")>;

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

const otherDevice: TestUser = { identityId: "us-east-1:9e570000-0000-4000-8000-000000000005" };

describe("example device-ingest", () => {
    let rec: Recording<Outputs>;
    let sim: AccessSimulator;
    before(async () => {
        rec = await run({});
        sim = AccessSimulator.load(rec);
    });

    const roleName = (logical: string) => String(rec.one(aws.iam.Role, logical).outputs.name);
    const provider = () => String(rec.one(aws.cognito.UserPool, "auth-pool").outputs.endpoint);
    const device = (identity: TestUser): RoleSessionPrincipal => ({
        role: roleName("auth-guest-role"),
        identityId: identity.identityId,
        webIdentity: { identityPoolId: rec.result.identityPoolId, amr: "unauthenticated" },
    });
    const object = (key: string) => `arn:aws:s3:::${rec.result.bucketName}/${key}`;
    const bucket = () => `arn:aws:s3:::${rec.result.bucketName}`;
    const reading = (identity: TestUser) => object(`private/${identity.identityId}/2026-11-22T06:00:00Z.json`);

    // Devices are guests by design: the finding stays, the way a reviewer should see it.
    exampleProjectSpecs(dir, () => rec, { findings: ["UB-COG-GUESTS auth-identity-pool"] });

    it("a device (a guest identity of this pool) can upload under its own private/<identity id>/", async () => {
        const decision = await sim.check(device(guestDevice), { action: "s3:PutObject", resource: reading(guestDevice) });
        assert.equal(decision.allowed, true, `${decision.stage} ${decision.result}`);
    });

    it("it cannot read, list or delete its own uploads", async () => {
        assert.equal(await sim.can(device(guestDevice), "s3:GetObject", reading(guestDevice)), false);
        assert.equal(await sim.can(device(guestDevice), "s3:DeleteObject", reading(guestDevice)), false);
        assert.equal(await sim.can(device(guestDevice), "s3:ListBucket", bucket(), { "s3:prefix": `private/${guestDevice.identityId}/` }), false);
        assert.equal(await sim.can(device(guestDevice), "s3:ListBucket", bucket()), false);
    });

    it("it cannot write into another device's prefix, or anywhere else", async () => {
        for (const key of [`private/${otherDevice.identityId}/x.json`, "public/x.json", `protected/${guestDevice.identityId}/x.json`, "x.json"]) {
            assert.equal(await sim.can(device(guestDevice), "s3:PutObject", object(key)), false, key);
        }
    });

    it("only guests of this identity pool get the guest role, and signed-in users get nothing from the bucket", async () => {
        const guestRole = roleName("auth-guest-role");
        const identityPoolId = rec.result.identityPoolId;
        assert.equal(await sim.canAssume(guestRole, { identityPoolId, amr: "unauthenticated" }), true);
        assert.equal(await sim.canAssume(guestRole, { identityPoolId, amr: "authenticated", provider: provider() }), false, "a signed-in identity");
        assert.equal(await sim.canAssume(guestRole, { identityPoolId: "us-east-1:00000000-0000-4000-8000-000000000000", amr: "unauthenticated" }), false, "another pool");

        const signedIn: RoleSessionPrincipal = {
            role: roleName("auth-authenticated-role"),
            identityId: alice.identityId,
            webIdentity: { identityPoolId, amr: "authenticated", provider: provider() },
        };
        assert.equal(await sim.can(signedIn, "s3:PutObject", object(`private/${alice.identityId}/x.json`)), false);
        assert.equal(await sim.can(signedIn, "s3:GetObject", reading(guestDevice)), false);
    });

    it("turns guests on, and sign-up off", () => {
        assert.equal(rec.one(aws.cognito.IdentityPool, "auth-identity-pool").inputs.allowUnauthenticatedIdentities, true);
        const attachment = rec.one(aws.cognito.IdentityPoolRoleAttachment, "auth-roles").inputs;
        assert.equal(attachment.roles.unauthenticated, rec.one(aws.iam.Role, "auth-guest-role").outputs.arn);
        assert.equal(rec.one(aws.cognito.UserPool, "auth-pool").inputs.adminCreateUserConfig.allowAdminCreateUserOnly, true);
        assert.equal(rec.one(aws.s3.Bucket, "readings-bucket").outputs.bucket, rec.result.bucketName);
    });
});
