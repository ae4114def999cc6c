import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { isUnknown, OfflineTimeoutError, record, resolveOutput } from "../../offline";

class Pair extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("user-backend:test:Pair", name, {}, opts);
        this.role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: "{}" }, { parent: this, protect: true, ignoreChanges: ["tags"] });
        const gate = new aws.s3.Bucket(`${name}-gate`, {}, { parent: this, retainOnDelete: true, aliases: [{ name: `${name}-old-gate` }] });
        new aws.iam.RolePolicy(`${name}-policy`, { role: this.role.name, policy: pulumi.secret("{}") }, { parent: this, dependsOn: [gate] });
        this.registerOutputs({ marker: "registered" });
    }
}

describe("offline recorder", () => {
    it("records a resource passed as an input as its id, as the provider reads it, and a component's registered outputs", async () => {
        const rec = await record(() => {
            const pair = new Pair("p");
            // RolePolicy accepts the Role itself; the provider receives a reference and uses the role's id (its name).
            new aws.iam.RolePolicy("by-reference", { role: pair.role, policy: "{}" });
            return {};
        });
        const role = rec.one(aws.iam.Role, "p-role");
        assert.equal(rec.one(aws.iam.RolePolicy, "by-reference").inputs.role, role.id);
        assert.equal(typeof role.id, "string");
        assert.deepEqual(rec.one("user-backend:test:Pair", "p").registeredOutputs, { marker: "registered" });
    });

    it("records type, name, parent, inputs, outputs and options of every registration", async () => {
        const rec = await record(() => {
            const pair = new Pair("p");
            return { roleArn: pair.role.arn };
        });
        const component = rec.one("user-backend:test:Pair", "p");
        const role = rec.one(aws.iam.Role, "p-role");
        const gate = rec.one(aws.s3.Bucket, "p-gate");
        const policy = rec.one(aws.iam.RolePolicy, "p-policy");
        assert.equal(component.custom, false);
        assert.equal(role.parent, component.urn);
        assert.deepEqual(rec.children(component).map((r) => r.name), ["p-role", "p-gate", "p-policy"]);
        assert.equal(role.inputs.assumeRolePolicy, "{}");
        assert.equal(role.protect, true);
        assert.deepEqual(role.ignoreChanges, ["tags"]);
        assert.equal(gate.retainOnDelete, true);
        assert.ok(gate.aliases.some((a) => a.name === "p-old-gate" && !a.type), JSON.stringify(gate.aliases));
        // Inputs fed by other resources are property dependencies; dependsOn shows as an explicit one.
        assert.deepEqual(policy.propertyDependencies.role, [role.urn]);
        assert.deepEqual(policy.explicitDependencies, [gate.urn]);
        assert.ok(rec.dependsOn(policy, role) && rec.dependsOn(policy, gate));
        assert.equal(policy.inputs.role, role.outputs.name);
        assert.equal(rec.result.roleArn, role.outputs.arn);
    });

    it("keeps secret inputs as plain values and lists which they are", async () => {
        const rec = await record(() => void new Pair("p"));
        const policy = rec.one(aws.iam.RolePolicy, "p-policy");
        assert.equal(policy.inputs.policy, "{}");
        assert.deepEqual([...policy.secretInputs], ["policy"]);
    });

    it("synthesizes realistic, stable ids, names and ARNs", async () => {
        const program = () => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: "{}" });
            const key = new aws.kms.Key("key", {});
            const bucket = new aws.s3.Bucket("Data", {});
            const account = aws.getCallerIdentityOutput({});
            const region = aws.getRegionOutput({});
            return { roleName: role.name, roleArn: role.arn, keyArn: key.arn, bucket: bucket.bucket, account: account.accountId, region: region.region };
        };
        const first = await record(program);
        const second = await record(program);
        assert.deepEqual(first.result, second.result);
        const r = first.result;
        assert.match(r.roleName, /^app-[0-9a-f]{7}$/);
        assert.equal(r.roleArn, `arn:aws:iam::123456789012:role/${r.roleName}`);
        assert.match(r.keyArn, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.match(r.bucket, /^data-[0-9a-f]{7}$/, "bucket names are lower-cased like the provider does");
        assert.equal(r.account, "123456789012");
        assert.equal(r.region, "us-east-1");
    });

    it("uses the environment it is given", async () => {
        const rec = await record(() => ({ arn: new aws.iam.Role("app", { assumeRolePolicy: "{}" }).arn }), {
            environment: { accountId: "210987654321", partition: "aws-us-gov" },
        });
        assert.match(rec.result.arn, /^arn:aws-us-gov:iam::210987654321:role\/app-/);
    });

    it("in a preview, ids and computed outputs are unknown but autonamed names are known", async () => {
        const rec = await record(
            () => {
                const role = new aws.iam.Role("app", { assumeRolePolicy: "{}" });
                return { name: role.name, arn: role.arn };
            },
            { preview: true },
        );
        const role = rec.one(aws.iam.Role, "app");
        assert.ok(isUnknown(role.id));
        assert.ok(isUnknown(rec.result.arn));
        assert.match(rec.result.name, /^app-[0-9a-f]{7}$/);
        assert.equal(role.outputs.arn, undefined);
        assert.equal(rec.preview, true);
    });

    it("passes stack configuration to the program", async () => {
        const rec = await record(() => ({ env: new pulumi.Config("app").require("env"), secret: new pulumi.Config("app").requireSecret("token") }), {
            project: "app",
            config: { "app:env": "staging", "app:token": "s3cr3t" },
            secretConfigKeys: ["app:token"],
        });
        assert.equal(rec.result.env, "staging");
        assert.equal(rec.result.secret, "s3cr3t");
    });

    it("rejects with the program's error when it throws, and the next run still works", async () => {
        await assert.rejects(record(() => { throw new Error("broken program"); }), /broken program/);
        const rec = await record(() => ({ name: new aws.iam.Role("after", { assumeRolePolicy: "{}" }).name }));
        assert.match(rec.result.name, /^after-/);
    });

    it("rejects when an input's apply throws, even if other resources wait on it", async () => {
        await assert.rejects(
            record(() => {
                const bucket = new aws.s3.Bucket("b", { bucket: pulumi.output("x").apply((): string => { throw new Error("bad input"); }) });
                new aws.s3.BucketVersioning("v", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
            }),
            /bad input/,
        );
    });

    it("formats the SDK's anonymous traces without source maps during a run, keeps mapping the program's own errors, and puts the formatter back", async () => {
        const installed = Error.prepareStackTrace;
        assert.ok(installed, "ts-node installs a source-map formatter for the tests");
        let anonymous = "";
        let named = "";
        await record(() => {
            anonymous = new Error().stack ?? "";
            named = new Error("the program's own").stack ?? "";
            return {};
        });
        assert.equal(Error.prepareStackTrace, installed);
        assert.match(anonymous, /^Error\n {4}at /);
        // The program's error still points at this TypeScript file, through the installed formatter.
        assert.match(named, /^Error: the program's own\n {4}at .*recorder\.test\.ts:\d+:\d+/);
        await assert.rejects(record(() => { throw new Error("boom"); }), /boom/);
        assert.equal(Error.prepareStackTrace, installed, "restored after a failed run too");
    });

    it("gives up on a program that never finishes", async () => {
        await assert.rejects(
            record(() => void new aws.s3.Bucket("b", { bucket: new Promise<string>(() => undefined) }), { timeoutSeconds: 0.5 }),
            (e: Error) => e instanceof OfflineTimeoutError && /did not finish within 0.5 s/.test(e.message),
        );
    });

    it("names a provider function it cannot answer", async () => {
        await assert.rejects(
            record(() => ({ zones: aws.getAvailabilityZonesOutput({}).names })),
            /no answer for provider function aws:index\/getAvailabilityZones:getAvailabilityZones/,
        );
    });

    it("one() explains what it found when the resource is missing", async () => {
        const rec = await record(() => void new aws.iam.Role("app", { assumeRolePolicy: "{}" }));
        assert.throws(() => rec.one(aws.iam.Role, "api"), /expected one aws:iam\/role:Role named "api", found 0 \(names of that type: app\)/);
    });

    it("resolveOutput reads known values and reports unknown ones", async () => {
        assert.equal(await resolveOutput(pulumi.output("x")), "x");
        assert.equal(await resolveOutput("plain"), "plain");
    });
});
