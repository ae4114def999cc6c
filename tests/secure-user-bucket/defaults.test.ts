import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { SecureUserBucket } from "../../components";
import { AccessSimulator, defaultKeyPolicy, record, Recording, resolveOutput } from "../../offline";

/** Every secure default of SecureUserBucket, read off the recorded resource graph (shared/SECURITY.md, S3). */
describe("SecureUserBucket defaults", () => {
    let rec: Recording<{ bucketName: string; bucketArn: string; regional: string; logBucketName: string; kmsKeyArn: unknown; region: string }>;

    before(async () => {
        rec = await record(() => {
            const photos = new SecureUserBucket("photos", {});
            return {
                bucketName: photos.bucketName,
                bucketArn: photos.bucketArn,
                regional: photos.bucketRegionalDomainName,
                logBucketName: photos.logBucketName as any,
                kmsKeyArn: photos.kmsKeyArn,
                region: photos.region,
            };
        });
    });

    const bucketOf = (name: string) => rec.one(aws.s3.Bucket, name);
    const childOf = (kind: any, name: string) => rec.one(kind, name);

    it("is a user-backend:index:SecureUserBucket component that parents every child", () => {
        const component = rec.one("user-backend:index:SecureUserBucket", "photos");
        const children = rec.children(component);
        assert.ok(children.length >= 15, `only ${children.length} children`);
        for (const r of rec.resources.filter((r) => r.custom)) {
            assert.equal(r.parent, component.urn, `${r.type} ${r.name} is not parented to the component`);
        }
    });

    it("creates exactly the expected children, with stable names", () => {
        const names = rec.resources.filter((r) => r.custom).map((r) => `${r.type.split(":")[1].split("/")[1]}:${r.name}`).sort();
        assert.deepEqual(names, [
            "bucket:photos-bucket",
            "bucket:photos-logs",
            "bucketLifecycleConfiguration:photos-lifecycle",
            "bucketLifecycleConfiguration:photos-logs-lifecycle",
            "bucketLogging:photos-logging",
            "bucketOwnershipControls:photos-logs-ownership",
            "bucketOwnershipControls:photos-ownership",
            "bucketPolicy:photos-logs-policy",
            "bucketPolicy:photos-policy",
            "bucketPublicAccessBlock:photos-logs-public-access-block",
            "bucketPublicAccessBlock:photos-public-access-block",
            "bucketServerSideEncryptionConfiguration:photos-encryption",
            "bucketServerSideEncryptionConfiguration:photos-logs-encryption",
            "bucketVersioning:photos-logs-versioning",
            "bucketVersioning:photos-versioning",
        ]);
    });

    it("uses only current v7 classes and no deprecated inline bucket arguments", () => {
        const deprecatedInline = ["acl", "grants", "corsRules", "lifecycleRules", "loggings", "policy", "versioning", "serverSideEncryptionConfiguration", "website", "replicationConfiguration", "objectLockConfiguration", "accelerationStatus", "requestPayer"];
        for (const name of ["photos-bucket", "photos-logs"]) {
            const inputs = bucketOf(name).inputs;
            for (const key of deprecatedInline) assert.equal(inputs[key], undefined, `${name} sets ${key}`);
        }
        assert.equal(rec.all("aws:s3/bucketV2:BucketV2").length, 0);
    });

    for (const prefix of ["photos", "photos-logs"]) {
        describe(prefix === "photos" ? "the user bucket" : "the log bucket (same protections)", () => {
            const bucketName = () => bucketOf(prefix === "photos" ? "photos-bucket" : "photos-logs").outputs.bucket;

            it("turns on all four public access blocks (AS-S2, FSBP S3.8, CKV_AWS_53..56)", () => {
                const block = childOf(aws.s3.BucketPublicAccessBlock, `${prefix}-public-access-block`);
                assert.equal(block.inputs.bucket, bucketName());
                for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                    assert.equal(block.inputs[flag], true, flag);
                }
            });

            it("enforces bucket-owner object ownership, so ACLs are off (FSBP S3.12)", () => {
                const ownership = childOf(aws.s3.BucketOwnershipControls, `${prefix}-ownership`);
                assert.equal(ownership.inputs.bucket, bucketName());
                assert.deepEqual(ownership.inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
            });

            it("enables versioning (CKV_AWS_21)", () => {
                const versioning = childOf(aws.s3.BucketVersioning, `${prefix}-versioning`);
                assert.equal(versioning.inputs.bucket, bucketName());
                assert.equal(versioning.inputs.versioningConfiguration.status, "Enabled");
            });

            it("encrypts with SSE-S3 by default and refuses customer-provided keys", () => {
                const encryption = childOf(aws.s3.BucketServerSideEncryptionConfiguration, `${prefix}-encryption`);
                assert.equal(encryption.inputs.bucket, bucketName());
                assert.equal(encryption.inputs.rules.length, 1);
                assert.deepEqual(encryption.inputs.rules[0].applyServerSideEncryptionByDefault, { sseAlgorithm: "AES256" });
                assert.deepEqual(encryption.inputs.rules[0].blockedEncryptionTypes, ["SSE-C"]);
            });

            it("aborts incomplete multipart uploads after 7 days and expires noncurrent versions after 30 (FSBP S3.13)", () => {
                const lifecycle = childOf(aws.s3.BucketLifecycleConfiguration, `${prefix}-lifecycle`);
                const rules = lifecycle.inputs.rules as any[];
                const abort = rules.find((r) => r.abortIncompleteMultipartUpload);
                const noncurrent = rules.find((r) => r.noncurrentVersionExpiration);
                assert.equal(abort.status, "Enabled");
                assert.equal(abort.abortIncompleteMultipartUpload.daysAfterInitiation, 7);
                assert.equal(abort.filter.prefix, "");
                assert.equal(noncurrent.status, "Enabled");
                assert.equal(noncurrent.noncurrentVersionExpiration.noncurrentDays, 30);
                // Noncurrent rules only take effect on a versioned bucket: created after versioning.
                assert.ok(rec.dependsOn(lifecycle, childOf(aws.s3.BucketVersioning, `${prefix}-versioning`)));
            });

            it("has a bucket policy that denies all S3 actions without TLS, in the shape FSBP S3.5 checkers want (AS-S10)", () => {
                const policy = childOf(aws.s3.BucketPolicy, `${prefix}-policy`);
                assert.equal(policy.inputs.bucket, bucketName());
                const doc = JSON.parse(policy.inputs.policy);
                const arn = `arn:aws:s3:::${bucketName()}`;
                const tls = doc.Statement.find((s: any) => s.Condition?.Bool?.["aws:SecureTransport"] === "false");
                assert.deepEqual(tls, {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                });
            });

            it("creates the bucket policy after the public access block", () => {
                const policy = childOf(aws.s3.BucketPolicy, `${prefix}-policy`);
                const block = childOf(aws.s3.BucketPublicAccessBlock, `${prefix}-public-access-block`);
                assert.ok(policy.explicitDependencies.includes(block.urn), "dependsOn the public access block");
            });

            it("is not force-destroyed", () => {
                assert.equal(bucketOf(prefix === "photos" ? "photos-bucket" : "photos-logs").inputs.forceDestroy, false);
            });
        });
    }

    it("denies every request older than TLS 1.2 on both buckets", async () => {
        const sim = AccessSimulator.load(rec);
        for (const name of [rec.result.bucketName, rec.result.logBucketName]) {
            const request = { action: "s3:PutObject", resource: `arn:aws:s3:::${name}/access-logs/x`, context: { "s3:TlsVersion": "1.1" } };
            const decision = await sim.check({ service: "logging.s3.amazonaws.com" }, { ...request, context: { ...request.context, "aws:SourceArn": rec.result.bucketArn, "aws:SourceAccount": "123456789012" } });
            assert.equal(decision.result, "ExplicitlyDenied");
        }
    });

    describe("server access logging (AS-S1, FSBP S3.9)", () => {
        it("logs the user bucket into the log bucket with a partitioned key format", () => {
            const logging = childOf(aws.s3.BucketLogging, "photos-logging");
            assert.equal(logging.inputs.bucket, rec.result.bucketName);
            assert.equal(logging.inputs.targetBucket, rec.result.logBucketName);
            assert.equal(logging.inputs.targetPrefix, "access-logs/");
            assert.deepEqual(logging.inputs.targetObjectKeyFormat, { partitionedPrefix: { partitionDateSource: "EventTime" } });
        });

        it("switches logging on only after the log bucket accepts deliveries", () => {
            const logging = childOf(aws.s3.BucketLogging, "photos-logging");
            assert.ok(logging.explicitDependencies.includes(childOf(aws.s3.BucketPolicy, "photos-logs-policy").urn));
            assert.ok(logging.explicitDependencies.includes(childOf(aws.s3.BucketOwnershipControls, "photos-logs-ownership").urn));
        });

        it("lets only S3 logging, for this bucket in this account, write logs, and only under the log prefix", async () => {
            const sim = AccessSimulator.load(rec);
            const logs = `arn:aws:s3:::${rec.result.logBucketName}`;
            const delivery = { "aws:SourceArn": rec.result.bucketArn, "aws:SourceAccount": "123456789012" };
            const logging = { service: "logging.s3.amazonaws.com" };
            assert.equal(await sim.can(logging, "s3:PutObject", `${logs}/access-logs/123456789012/us-east-1/x/2025/01/01/log`, delivery), true);
            assert.equal(await sim.can(logging, "s3:PutObject", `${logs}/elsewhere/log`, delivery), false);
            assert.equal(await sim.can(logging, "s3:PutObject", `${logs}/access-logs/log`, { ...delivery, "aws:SourceArn": "arn:aws:s3:::another-bucket" }), false);
            assert.equal(await sim.can(logging, "s3:PutObject", `${logs}/access-logs/log`, { ...delivery, "aws:SourceAccount": "999999999999" }), false);
            assert.equal(await sim.can(logging, "s3:GetObject", `${logs}/access-logs/log`, delivery), false);
            assert.equal(await sim.can({ service: "logging.s3.amazonaws.com" }, "s3:PutObject", `arn:aws:s3:::${rec.result.bucketName}/private/x`, delivery), false);
        });

        it("keeps access logs for 365 days", () => {
            const rules = childOf(aws.s3.BucketLifecycleConfiguration, "photos-logs-lifecycle").inputs.rules as any[];
            assert.equal(rules.find((r) => r.expiration?.days)?.expiration.days, 365);
            const userRules = childOf(aws.s3.BucketLifecycleConfiguration, "photos-lifecycle").inputs.rules as any[];
            assert.equal(userRules.find((r) => r.expiration?.days), undefined, "user objects never expire by age");
        });
    });

    it("has no CORS configuration and no KMS key unless asked", () => {
        assert.equal(rec.all(aws.s3.BucketCorsConfiguration).length, 0);
        assert.equal(rec.all(aws.kms.Key).length, 0);
        assert.equal(rec.result.kmsKeyArn, undefined);
    });

    it("grants nothing to anyone until grantUserAccess is called", () => {
        assert.equal(rec.all(aws.iam.RolePolicy).length, 0);
        assert.equal(rec.all(aws.iam.Policy).length, 0);
        const policy = JSON.parse(childOf(aws.s3.BucketPolicy, "photos-policy").inputs.policy);
        assert.ok(policy.Statement.every((s: any) => s.Effect === "Deny"), "the user bucket policy only denies");
    });

    it("outputs the bucket name, ARN, regional domain name, region and log bucket name", () => {
        const bucket = bucketOf("photos-bucket").outputs;
        assert.match(rec.result.bucketName, /^photos-bucket-[0-9a-f]{7}$/);
        assert.equal(rec.result.bucketName, bucket.bucket);
        assert.equal(rec.result.bucketArn, `arn:aws:s3:::${bucket.bucket}`);
        assert.equal(rec.result.regional, `${bucket.bucket}.s3.us-east-1.amazonaws.com`);
        assert.equal(rec.result.region, "us-east-1");
        assert.equal(rec.result.logBucketName, bucketOf("photos-logs").outputs.bucket);
    });
});

describe("SecureUserBucket options", () => {
    it("with createKmsKey, encrypts with a rotating customer key and a bucket key; the log bucket stays SSE-S3", async () => {
        const rec = await record(() => {
            const b = new SecureUserBucket("photos", { createKmsKey: true });
            return { keyArn: b.kmsKeyArn };
        });
        const key = rec.one(aws.kms.Key, "photos-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.equal(rec.result.keyArn, key.outputs.arn);
        const rule = rec.one(aws.s3.BucketServerSideEncryptionConfiguration, "photos-encryption").inputs.rules[0];
        assert.deepEqual(rule.applyServerSideEncryptionByDefault, { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn });
        assert.equal(rule.bucketKeyEnabled, true);
        const logRule = rec.one(aws.s3.BucketServerSideEncryptionConfiguration, "photos-logs-encryption").inputs.rules[0];
        assert.deepEqual(logRule.applyServerSideEncryptionByDefault, { sseAlgorithm: "AES256" });
    });

    it("with kmsKeyArn, encrypts under that key and grants its use through S3, creating none", async () => {
        const keyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const rec = await record(() => {
            const role = new aws.iam.Role("app", { assumeRolePolicy: "{}" });
            const b = new SecureUserBucket("photos", { kmsKeyArn: keyArn });
            b.grantUserAccess("users", { roles: { authenticated: role.name } });
            return { keyArn: b.kmsKeyArn, bucket: b.bucketName, role: role.name };
        });
        assert.equal(rec.all(aws.kms.Key).length, 0);
        assert.equal(rec.result.keyArn, keyArn);
        assert.equal(rec.one(aws.s3.BucketServerSideEncryptionConfiguration, "photos-encryption").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, keyArn);
        // The existing key's policy delegates to IAM, as the kmsKeyArn documentation requires.
        const sim = AccessSimulator.load(rec, { externalResourcePolicies: { [keyArn]: defaultKeyPolicy(rec.environment) } });
        const viaS3 = { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${rec.result.bucket}` };
        const session = { role: rec.result.role, identityId: "us-east-1:me" };
        assert.equal(await sim.can(session, "kms:GenerateDataKey", keyArn, viaS3), true);
        assert.equal(await sim.can(session, "kms:Decrypt", keyArn, viaS3), true);
        assert.equal(await sim.can(session, "kms:Decrypt", keyArn, { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${rec.result.bucket}` }), false, "not through S3");
        assert.equal(await AccessSimulator.load(rec).can(session, "kms:Decrypt", keyArn, viaS3), false, "an unknown key policy allows nothing");
    });

    it("with corsOrigins, allows exactly those origins for browser uploads and exposes ETag", async () => {
        const origins = ["https://app.example.com", "http://localhost:5173"];
        const rec = await record(() => void new SecureUserBucket("photos", { corsOrigins: origins }));
        const rules = rec.one(aws.s3.BucketCorsConfiguration, "photos-cors").inputs.corsRules as any[];
        assert.equal(rules.length, 1);
        assert.deepEqual(rules[0].allowedOrigins, origins);
        assert.deepEqual([...rules[0].allowedMethods].sort(), ["DELETE", "GET", "HEAD", "POST", "PUT"]);
        assert.ok(rules[0].exposeHeaders.includes("ETag"));
    });

    it("with accessLogBucketName, logs there and creates no log bucket", async () => {
        const rec = await record(() => {
            const b = new SecureUserBucket("photos", { accessLogBucketName: "central-access-logs", accessLogPrefix: "photos/" });
            return { logs: b.logBucketName };
        });
        assert.equal(rec.find(aws.s3.Bucket, "photos-logs"), undefined);
        const logging = rec.one(aws.s3.BucketLogging, "photos-logging");
        assert.equal(logging.inputs.targetBucket, "central-access-logs");
        assert.equal(logging.inputs.targetPrefix, "photos/");
        assert.equal(rec.result.logs, "central-access-logs");
    });

    it("with accessLogging: false, creates no log bucket and no logging configuration", async () => {
        const rec = await record(() => {
            const b = new SecureUserBucket("photos", { accessLogging: false });
            return { logs: b.logBucketName };
        });
        assert.equal(rec.all(aws.s3.BucketLogging).length, 0);
        assert.equal(rec.all(aws.s3.Bucket).length, 1);
        assert.equal(rec.result.logs, undefined);
    });

    it("applies lifecycle day counts, force-destroy, tags and an explicit bucket name", async () => {
        const rec = await record(
            () =>
                void new SecureUserBucket("photos", {
                    bucketName: "acme-photos-dev",
                    noncurrentVersionExpirationDays: 90,
                    abortIncompleteMultipartUploadDays: 2,
                    accessLogRetentionDays: 30,
                    forceDestroy: true,
                    tags: { env: "dev" },
                }),
        );
        const bucket = rec.one(aws.s3.Bucket, "photos-bucket");
        assert.equal(bucket.inputs.bucket, "acme-photos-dev");
        assert.equal(bucket.inputs.forceDestroy, true);
        assert.deepEqual(bucket.inputs.tags, { env: "dev" });
        assert.equal(rec.one(aws.s3.Bucket, "photos-logs").inputs.forceDestroy, true);
        const rules = rec.one(aws.s3.BucketLifecycleConfiguration, "photos-lifecycle").inputs.rules as any[];
        assert.equal(rules.find((r) => r.noncurrentVersionExpiration).noncurrentVersionExpiration.noncurrentDays, 90);
        assert.equal(rules.find((r) => r.abortIncompleteMultipartUpload).abortIncompleteMultipartUpload.daysAfterInitiation, 2);
        const logRules = rec.one(aws.s3.BucketLifecycleConfiguration, "photos-logs-lifecycle").inputs.rules as any[];
        assert.equal(logRules.find((r) => r.expiration?.days).expiration.days, 30);
    });

    it("in a preview, computed values are unknown and the graph is the same", async () => {
        const preview = await record(() => {
            const b = new SecureUserBucket("photos", {});
            return { arn: b.bucketArn, name: b.bucketName };
        }, { preview: true });
        const full = await record(() => void new SecureUserBucket("photos", {}));
        assert.deepEqual(
            preview.resources.map((r) => r.urn),
            full.resources.map((r) => r.urn),
        );
        assert.equal(String(preview.result.arn), "(known after apply)");
        // Autonamed names are known before create, as in `pulumi preview`.
        assert.match(String(preview.result.name), /^photos-bucket-/);
        assert.equal(await resolveOutput(preview.result.name), preview.result.name);
    });
});
