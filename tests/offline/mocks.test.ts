import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { mocks, record } from "../../offline";

/** What the mocks answer for one custom resource, as the SDK would ask. */
function created(type: string, name: string, inputs: Record<string, unknown>, options: Parameters<typeof mocks>[0] = {}) {
    return mocks(options).newResource({ type, name, inputs, custom: true }) as pulumi.runtime.MockResourceResult;
}

describe("offline mocks (mocks() for users' own suites)", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("give each resource a realistic id and the outputs AWS computes, stable from run to run", () => {
        const bucket = created("aws:s3/bucket:Bucket", "photos", { forceDestroy: false });
        assert.match(String(bucket.id), /^photos-[0-9a-f]{7}$/);
        assert.equal(bucket.state.bucket, bucket.id);
        assert.equal(bucket.state.arn, `arn:aws:s3:::${bucket.id}`);
        assert.equal(bucket.state.region, "us-east-1");
        assert.deepEqual(created("aws:s3/bucket:Bucket", "photos", { forceDestroy: false }), bucket);
        const role = created("aws:iam/role:Role", "app", { assumeRolePolicy: "{}" });
        assert.match(String(role.state.arn), /^arn:aws:iam::123456789012:role\/app-[0-9a-f]{7}$/);
    });

    it("answer getCallerIdentity, getRegion and getPartition, and name any other invoke they cannot answer", () => {
        const m = mocks();
        assert.equal((m.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }) as Record<string, unknown>).accountId, "123456789012");
        assert.equal((m.call({ token: "aws:index/getRegion:getRegion", inputs: {} }) as Record<string, unknown>).region, "us-east-1");
        assert.equal((m.call({ token: "aws:index/getPartition:getPartition", inputs: {} }) as Record<string, unknown>).partition, "aws");
        assert.throws(
            () => m.call({ token: "aws:ec2/getVpc:getVpc", inputs: {} }),
            /^Error: offline mocks: no answer for provider function aws:ec2\/getVpc:getVpc \(they answer aws:index\/getCallerIdentity:getCallerIdentity, aws:index\/getRegion:getRegion, aws:index\/getPartition:getPartition\); wrap mocks\(\) with a call\(\) of your own for others/,
        );
    });

    it("build ARNs in the environment they are given, else in aws:region from the configuration set when the resource is created", () => {
        const queue = (options: Parameters<typeof mocks>[0] = {}) => String(created("aws:sqs/queue:Queue", "q", {}, options).state.arn);
        assert.match(queue({ environment: { accountId: "210987654321", region: "eu-central-1", partition: "aws-us-gov" } }), /^arn:aws-us-gov:sqs:eu-central-1:210987654321:q-/);
        const m = mocks();
        pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" });
        const configured = m.newResource({ type: "aws:sqs/queue:Queue", name: "q", inputs: {}, custom: true }) as pulumi.runtime.MockResourceResult;
        assert.match(String(configured.state.arn), /^arn:aws:sqs:eu-west-1:/);
        assert.equal((m.call({ token: "aws:index/getRegion:getRegion", inputs: {} }) as Record<string, unknown>).region, "eu-west-1");
        assert.match(queue({ environment: { region: "ap-south-1" } }), /^arn:aws:sqs:ap-south-1:/, "a given region wins over the configuration");
    });

    it("record nothing for components, and in a preview only the checked inputs, autonamed names included", () => {
        assert.deepEqual(mocks().newResource({ type: "user-backend:index:SecureUserBucket", name: "photos", inputs: {}, custom: false }), { id: undefined, state: {} });
        const previewed = created("aws:iam/role:Role", "app", { assumeRolePolicy: "{}" }, { preview: true });
        assert.equal(previewed.id, undefined);
        assert.deepEqual(Object.keys(previewed.state).sort(), ["assumeRolePolicy", "name"]);
        assert.match(String(previewed.state.name), /^app-[0-9a-f]{7}$/);
    });

    it("are the recorder's own: a recorded resource has exactly the id and outputs the mocks give", async () => {
        const rec = await record(() => void new aws.iam.Role("app", { assumeRolePolicy: "{}", path: "/service/" }), { environment: { region: "eu-north-1" } });
        const role = rec.one(aws.iam.Role, "app");
        const answer = created("aws:iam/role:Role", "app", role.inputs, { environment: { region: "eu-north-1" } });
        assert.equal(role.id, answer.id);
        assert.deepEqual(role.outputs, answer.state);
    });
});
