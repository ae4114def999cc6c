import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { SecureUserBucket, SecureUserBucketArgs } from "../../components";
import { evaluateRules, record, Recording } from "../../offline";

/**
 * `transform` changes a child's arguments just before the child is created: the logical name stays
 * outside it, so no URN moves, and the rule set judges whatever the transform produced.
 */
describe("SecureUserBucket transforms", () => {
    const recordBucket = (args: SecureUserBucketArgs): Promise<Recording> => record(() => void new SecureUserBucket("photos", args));
    const urns = (rec: Recording) => rec.resources.map((r) => r.urn).sort();
    const ruleIds = (rec: Recording, name: string) =>
        evaluateRules(rec)
            .findings.filter((f) => f.resource.name === name)
            .map((f) => f.ruleId);

    it("a bucket transform that turns forceDestroy on changes the bucket's inputs, keeps every URN, and is reported as UB-S3-FORCE-DESTROY", async () => {
        const plain = await recordBucket({});
        const transformed = await recordBucket({ transform: { bucket: { forceDestroy: true } } });

        assert.equal(plain.one(aws.s3.Bucket, "photos-bucket").inputs.forceDestroy, false);
        assert.equal(transformed.one(aws.s3.Bucket, "photos-bucket").inputs.forceDestroy, true);
        // Only the user bucket: the log bucket has its own transform.
        assert.equal(transformed.one(aws.s3.Bucket, "photos-logs").inputs.forceDestroy, false);
        assert.deepEqual(urns(transformed), urns(plain));

        assert.ok(!ruleIds(plain, "photos-bucket").includes("UB-S3-FORCE-DESTROY"), "the default bucket is already reported");
        assert.ok(ruleIds(transformed, "photos-bucket").includes("UB-S3-FORCE-DESTROY"), "the transformed bucket is not reported");
    });

    it("a public access block transform that lets public policies through is reported as UB-S3-PUBLIC-ACCESS-BLOCK", async () => {
        const rec = await recordBucket({ transform: { publicAccessBlock: { blockPublicPolicy: false } } });
        assert.equal(rec.one(aws.s3.BucketPublicAccessBlock, "photos-public-access-block").inputs.blockPublicPolicy, false);
        assert.equal(rec.one(aws.s3.BucketPublicAccessBlock, "photos-logs-public-access-block").inputs.blockPublicPolicy, true);
        assert.deepEqual(
            evaluateRules(rec)
                .findings.filter((f) => f.ruleId === "UB-S3-PUBLIC-ACCESS-BLOCK")
                .map((f) => [f.resource.name, f.property]),
            [["photos-public-access-block", "blockPublicPolicy"]],
        );
    });

    it("each transform reaches exactly its own child, with the component's arguments and the child's logical name", async () => {
        const seen: Record<string, string[]> = {};
        const spy = (key: string) => (args: any, name: string) => {
            (seen[key] ??= []).push(name);
            assert.ok(args && typeof args === "object", `${key} received no arguments`);
        };
        const keys = ["bucket", "kmsKey", "publicAccessBlock", "encryption", "lifecycle", "bucketPolicy", "cors", "logBucket", "logBucketLifecycle", "logBucketPolicy", "logging"] as const;
        const transform = Object.fromEntries(keys.map((k) => [k, spy(k)]));
        const plain = await recordBucket({ createKmsKey: true, corsOrigins: ["https://app.example.com"] });
        const transformed = await recordBucket({ createKmsKey: true, corsOrigins: ["https://app.example.com"], transform });

        assert.deepEqual(seen, {
            bucket: ["photos-bucket"],
            kmsKey: ["photos-key"],
            publicAccessBlock: ["photos-public-access-block"],
            encryption: ["photos-encryption"],
            lifecycle: ["photos-lifecycle"],
            bucketPolicy: ["photos-policy"],
            cors: ["photos-cors"],
            logBucket: ["photos-logs"],
            logBucketLifecycle: ["photos-logs-lifecycle"],
            logBucketPolicy: ["photos-logs-policy"],
            logging: ["photos-logging"],
        });
        // Transforms that return nothing leave every child as it was.
        assert.deepEqual(
            transformed.resources.map((r) => [r.urn, r.inputs]),
            plain.resources.map((r) => [r.urn, r.inputs]),
        );
    });

    it("a function transform receives the arguments the component chose and may return new ones", async () => {
        const rec = await recordBucket({
            noncurrentVersionExpirationDays: 60,
            transform: {
                lifecycle: (args) => {
                    const rules = args.rules as aws.types.input.s3.BucketLifecycleConfigurationRule[];
                    assert.deepEqual(
                        rules.map((r) => r.id),
                        ["abort-incomplete-multipart-uploads", "expire-noncurrent-versions"],
                    );
                    return { ...args, rules: [...rules, { id: "archive", status: "Enabled", filter: { prefix: "" }, transitions: [{ days: 90, storageClass: "GLACIER_IR" }] }] };
                },
            },
        });
        const rules = rec.one(aws.s3.BucketLifecycleConfiguration, "photos-lifecycle").inputs.rules as { id: string; noncurrentVersionExpiration?: { noncurrentDays: number } }[];
        assert.deepEqual(
            rules.map((r) => r.id),
            ["abort-incomplete-multipart-uploads", "expire-noncurrent-versions", "archive"],
        );
        assert.equal(rules[1].noncurrentVersionExpiration?.noncurrentDays, 60);
        // The log bucket keeps its own rules.
        const logRules = rec.one(aws.s3.BucketLifecycleConfiguration, "photos-logs-lifecycle").inputs.rules as { id: string }[];
        assert.ok(!logRules.some((r) => r.id === "archive"));
    });
});
