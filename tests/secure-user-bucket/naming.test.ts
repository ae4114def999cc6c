import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { SecureUserBucket, SecureUserBucketArgs } from "../../components";
import { record } from "../../offline";

/**
 * Nothing a user stored may be lost by a config change or an upgrade: the stateful children (the
 * buckets and the key) keep the same URN, so Pulumi updates them in place instead of replacing them.
 */
describe("SecureUserBucket names stay stable", () => {
    async function statefulUrns(args: SecureUserBucketArgs, grants: string[] = []): Promise<Record<string, string>> {
        const rec = await record(() => {
            const bucket = new SecureUserBucket("photos", args);
            for (const grant of grants) bucket.grantUserAccess(grant, { roles: { authenticated: "app-authenticated" } });
        });
        const urns: Record<string, string> = {};
        for (const r of [...rec.all(aws.s3.Bucket), ...rec.all(aws.kms.Key)]) urns[r.name] = r.urn;
        return urns;
    }

    it("the stateful children are named <name>-bucket, <name>-logs and <name>-key", async () => {
        assert.deepEqual(Object.keys(await statefulUrns({ createKmsKey: true })).sort(), ["photos-bucket", "photos-key", "photos-logs"]);
    });

    it("changing any option or adding grants keeps the bucket, log bucket and key URNs", async () => {
        const base = await statefulUrns({ createKmsKey: true });
        const variants: SecureUserBucketArgs[] = [
            { createKmsKey: true, corsOrigins: ["https://app.example.com"] },
            { createKmsKey: true, prefixes: { private: "users/", protected: "shared/", public: "everyone/" } },
            { createKmsKey: true, ownerPrincipalTag: "sub" },
            { createKmsKey: true, noncurrentVersionExpirationDays: 365, abortIncompleteMultipartUploadDays: 1, accessLogRetentionDays: 90 },
            { createKmsKey: true, forceDestroy: true, retainOnDelete: true, tags: { team: "photos" } },
        ];
        for (const args of variants) {
            assert.deepEqual(await statefulUrns(args, ["users", "guests"]), base, JSON.stringify(args));
        }
        // Switching encryption or logging adds or removes a child, but never renames the bucket.
        assert.equal((await statefulUrns({}))["photos-bucket"], base["photos-bucket"]);
        assert.equal((await statefulUrns({ accessLogging: false }))["photos-bucket"], base["photos-bucket"]);
    });

    it("an explicit bucket name is used exactly", async () => {
        const rec = await record(() => void new SecureUserBucket("photos", { bucketName: "acme-photos-prod" }));
        assert.equal(rec.one(aws.s3.Bucket, "photos-bucket").outputs.bucket, "acme-photos-prod");
    });

    it("grant policies are named by grant and role key, not by order", async () => {
        const names = async (order: string[]) => {
            const rec = await record(() => {
                const bucket = new SecureUserBucket("photos", {});
                for (const grant of order) {
                    const roles: Record<string, string> = grant === "users" ? { authenticated: "auth-role", editors: "editors-role" } : { guest: "guest-role" };
                    bucket.grantUserAccess(grant, { roles });
                }
            });
            return rec.all(aws.iam.RolePolicy).map((p) => p.urn).sort();
        };
        const forward = await names(["users", "guests"]);
        assert.deepEqual(forward.map((u) => u.split("::").pop()), ["photos-guests-guest", "photos-users-authenticated", "photos-users-editors"]);
        assert.deepEqual(await names(["guests", "users"]), forward);
    });

    it("retainOnDelete applies to the buckets and the key only", async () => {
        const rec = await record(() => void new SecureUserBucket("photos", { createKmsKey: true, retainOnDelete: true }));
        for (const r of rec.resources.filter((r) => r.custom)) {
            const stateful = ["photos-bucket", "photos-logs", "photos-key"].includes(r.name);
            assert.equal(r.retainOnDelete, stateful, r.name);
        }
    });

    it("the component's retainOnDelete option is passed to its stateful children, and protect is inherited", async () => {
        const rec = await record(() => void new SecureUserBucket("photos", {}, { retainOnDelete: true, protect: true }));
        assert.equal(rec.one(aws.s3.Bucket, "photos-bucket").retainOnDelete, true);
        assert.equal(rec.one(aws.s3.Bucket, "photos-logs").retainOnDelete, true);
        assert.equal(rec.one(aws.s3.Bucket, "photos-bucket").protect, true);
        assert.equal(rec.one(aws.s3.BucketPolicy, "photos-policy").retainOnDelete, false);
    });
});
