import { strict as assert } from "assert";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { record } from "../../offline";

const program = path.resolve(__dirname, "../../stacks/index.ts");

/** Runs the reference program as `pulumi up` would, with a stack's config. */
function runStack(config: Record<string, string>) {
    return record(
        () => {
            delete require.cache[program];
            return require(program);
        },
        { project: "user-backend-reference", stack: "dev", config },
    );
}

describe("reference stack (stacks/)", () => {
    it("deploys the photo bucket with the secure defaults when config is empty", async () => {
        const rec = await runStack({});
        const bucket = rec.one(aws.s3.Bucket, "photos-bucket");
        assert.equal(bucket.inputs.forceDestroy, false);
        assert.equal(rec.result.bucketName, bucket.outputs.bucket);
        assert.equal(rec.all(aws.s3.BucketCorsConfiguration).length, 0);
    });

    it("reads its typed config", async () => {
        const rec = await runStack({
            "user-backend-reference:corsOrigins": JSON.stringify(["https://photos.example.com"]),
            "user-backend-reference:createKmsKey": "true",
            "user-backend-reference:forceDestroy": "true",
            "user-backend-reference:retainOnDelete": "true",
        });
        assert.deepEqual(rec.one(aws.s3.BucketCorsConfiguration, "photos-cors").inputs.corsRules[0].allowedOrigins, ["https://photos.example.com"]);
        assert.equal(rec.all(aws.kms.Key).length, 1);
        assert.equal(rec.one(aws.s3.Bucket, "photos-bucket").inputs.forceDestroy, true);
        assert.equal(rec.one(aws.s3.Bucket, "photos-bucket").retainOnDelete, true);
    });
});
