import { strict as assert } from "assert";
import { SecureUserBucket } from "../../components";
import * as aws from "@pulumi/aws";
import { AccessSimulator, defaultKeyPolicy, record, Recording, RoleSessionPrincipal, SimulatedPrincipal } from "../../offline";
import { alice, bob, carol, guestDevice, identityPoolRoles, sessionOf, TestUser } from "../support/identities";

/**
 * The per-user access matrix, proven by evaluating the recorded roles, grants and bucket policy
 * with iam-simulate: who may do what on which key.
 */
describe("SecureUserBucket access matrix", () => {
    let sim: AccessSimulator;
    let bucket: string;
    let roles: { authenticated: string; editors: string; guest: string };

    before(async () => {
        const recording = await record(() => {
            const r = identityPoolRoles();
            const photos = new SecureUserBucket("photos", {});
            // Every role a signed-in user can receive gets the same per-user grant.
            photos.grantUserAccess("users", { roles: { authenticated: r.authenticated.name, editors: r.editors.name } });
            // Guests: write-only into their own private prefix (device uploads), read public.
            photos.grantUserAccess("guests", { roles: { guest: r.guest.name }, private: ["write"], protected: [], protectedOthers: [], public: ["read"] });
            return { bucket: photos.bucketName, authenticated: r.authenticated.name, editors: r.editors.name, guest: r.guest.name };
        });
        sim = AccessSimulator.load(recording);
        bucket = recording.result.bucket;
        roles = recording.result;
    });

    const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
    const bucketArn = () => `arn:aws:s3:::${bucket}`;
    const member = (user: TestUser): RoleSessionPrincipal => sessionOf(user, roles.authenticated);
    const editor = (user: TestUser): RoleSessionPrincipal => sessionOf(user, roles.editors);
    const guest = (user: TestUser): RoleSessionPrincipal => sessionOf(user, roles.guest);

    async function can(who: SimulatedPrincipal, action: string, key: string): Promise<boolean> {
        return sim.can(who, action, object(key));
    }
    async function canList(who: SimulatedPrincipal, prefix?: string): Promise<boolean> {
        return sim.can(who, "s3:ListBucket", bucketArn(), prefix === undefined ? {} : { "s3:prefix": prefix });
    }

    const ownerActions = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"];

    for (const [label, session, user] of [
        ["alice (authenticated role)", () => member(alice), alice],
        ["bob (authenticated role)", () => member(bob), bob],
        ["carol (editors group role)", () => editor(carol), carol],
    ] as const) {
        describe(label, () => {
            it("can put, get and delete objects and list under her own private prefix", async () => {
                for (const action of ownerActions) {
                    assert.equal(await can(session(), action, `private/${user.identityId}/photo.jpg`), true, action);
                }
                assert.equal(await canList(session(), `private/${user.identityId}/`), true);
                assert.equal(await canList(session(), `private/${user.identityId}/2024/`), true);
            });

            it("cannot touch or list anyone else's private prefix", async () => {
                for (const other of [alice, bob, carol, guestDevice].filter((u) => u !== user)) {
                    for (const action of ownerActions) {
                        assert.equal(await can(session(), action, `private/${other.identityId}/photo.jpg`), false, `${action} on ${other.identityId}`);
                    }
                    assert.equal(await canList(session(), `private/${other.identityId}/`), false);
                }
            });

            it("cannot list the whole bucket, all private prefixes, or without a prefix", async () => {
                assert.equal(await canList(session()), false);
                assert.equal(await canList(session(), ""), false);
                assert.equal(await canList(session(), "private/"), false);
                assert.equal(await canList(session(), "private/us-east-1:"), false);
            });
        });
    }

    it("a group member keeps owner access through the group role, as through the authenticated role", async () => {
        const key = `private/${carol.identityId}/x.jpg`;
        assert.equal(await can(editor(carol), "s3:GetObject", key), true);
        assert.equal(await can(member(carol), "s3:GetObject", key), true);
        assert.equal(await can(editor(carol), "s3:GetObject", `private/${alice.identityId}/x.jpg`), false);
    });

    it("listing is conditioned on the prefix with its trailing slash, so ids sharing a beginning stay apart", async () => {
        const short: TestUser = { identityId: "us-east-1:abc", sub: "short" };
        const long: TestUser = { identityId: "us-east-1:abcd", sub: "long" };
        assert.equal(await canList(member(short), "private/us-east-1:abc/"), true);
        assert.equal(await canList(member(short), "private/us-east-1:abcd/"), false);
        assert.equal(await canList(member(short), "private/us-east-1:abcd"), false);
        assert.equal(await can(member(short), "s3:GetObject", "private/us-east-1:abcd/x"), false);
        assert.equal(await canList(member(long), "private/us-east-1:abcd/"), true);
    });

    describe("protected", () => {
        it("the owner writes, reads and deletes her own protected objects", async () => {
            for (const action of ownerActions) {
                assert.equal(await can(member(alice), action, `protected/${alice.identityId}/avatar.png`), true, action);
            }
        });

        it("every granted role reads and lists everyone's protected objects", async () => {
            assert.equal(await can(member(bob), "s3:GetObject", `protected/${alice.identityId}/avatar.png`), true);
            assert.equal(await can(editor(carol), "s3:GetObject", `protected/${alice.identityId}/avatar.png`), true);
            assert.equal(await canList(member(bob), `protected/${alice.identityId}/`), true);
            assert.equal(await canList(member(bob), "protected/"), true);
        });

        it("nobody else writes or deletes someone's protected objects", async () => {
            for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]) {
                assert.equal(await can(member(bob), action, `protected/${alice.identityId}/avatar.png`), false, action);
                assert.equal(await can(editor(carol), action, `protected/${alice.identityId}/avatar.png`), false, action);
            }
        });
    });

    describe("public", () => {
        it("every granted role reads and lists public objects", async () => {
            for (const who of [member(alice), editor(carol), guest(guestDevice)]) {
                assert.equal(await can(who, "s3:GetObject", "public/banner.png"), true);
                assert.equal(await canList(who, "public/"), true);
            }
        });

        it("nobody writes or deletes public objects unless the grant asks for it", async () => {
            for (const who of [member(alice), editor(carol), guest(guestDevice)]) {
                assert.equal(await can(who, "s3:PutObject", "public/banner.png"), false);
                assert.equal(await can(who, "s3:DeleteObject", "public/banner.png"), false);
            }
        });
    });

    describe("guests", () => {
        it("a guest device writes into its own private prefix but cannot read it back or list it", async () => {
            const key = `private/${guestDevice.identityId}/reading.json`;
            assert.equal(await can(guest(guestDevice), "s3:PutObject", key), true);
            assert.equal(await can(guest(guestDevice), "s3:GetObject", key), false);
            assert.equal(await can(guest(guestDevice), "s3:DeleteObject", key), false);
            assert.equal(await canList(guest(guestDevice), `private/${guestDevice.identityId}/`), false);
        });

        it("a guest cannot write into a user's prefix or read protected objects", async () => {
            assert.equal(await can(guest(guestDevice), "s3:PutObject", `private/${alice.identityId}/x`), false);
            assert.equal(await can(guest(guestDevice), "s3:GetObject", `protected/${alice.identityId}/x`), false);
        });

        it("a guest identity cannot obtain the authenticated role, nor a signed-in user the guest role", async () => {
            const guestAsMember = sessionOf(guestDevice, roles.authenticated, { amr: "unauthenticated" });
            assert.deepEqual(await sim.check(guestAsMember, { action: "s3:GetObject", resource: object(`private/${guestDevice.identityId}/x`) }), {
                allowed: false,
                result: "ImplicitlyDenied",
                stage: "trust",
            });
            const memberAsGuest = sessionOf(alice, roles.guest, { amr: "authenticated" });
            assert.equal(await can(memberAsGuest, "s3:GetObject", "public/banner.png"), false);
        });
    });

    it("no request without TLS is allowed, whoever makes it", async () => {
        for (const [who, key] of [
            [member(alice), `private/${alice.identityId}/photo.jpg`],
            [editor(carol), `protected/${carol.identityId}/photo.jpg`],
            [guest(guestDevice), "public/banner.png"],
        ] as const) {
            for (const action of ["s3:GetObject", "s3:PutObject"]) {
                const decision = await sim.check(who, { action, resource: object(key), secureTransport: false });
                assert.equal(decision.allowed, false, `${action} ${key}`);
            }
            // Over TLS the same principal may at least read that key, so the denial above is the TLS rule.
            assert.equal(await can(who, "s3:GetObject", key), true);
        }
        const list = await sim.check(member(alice), { action: "s3:ListBucket", resource: bucketArn(), secureTransport: false, context: { "s3:prefix": `private/${alice.identityId}/` } });
        assert.deepEqual(list, { allowed: false, result: "ExplicitlyDenied", stage: "access" });
    });

    it("no principal can change ACLs, the bucket policy, encryption, versioning or delete the bucket or old versions", async () => {
        const bucketActions = [
            "s3:PutBucketAcl",
            "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy",
            "s3:PutEncryptionConfiguration",
            "s3:PutBucketPublicAccessBlock",
            "s3:PutBucketOwnershipControls",
            "s3:PutBucketVersioning",
            "s3:PutLifecycleConfiguration",
            "s3:PutBucketCORS",
            "s3:DeleteBucket",
        ];
        const objectActions = ["s3:PutObjectAcl", "s3:GetObjectAcl", "s3:DeleteObjectVersion", "s3:GetObjectVersion", "s3:PutObjectVersionAcl"];
        for (const who of [member(alice), editor(carol), guest(guestDevice)]) {
            for (const action of bucketActions) assert.equal(await sim.can(who, action, bucketArn()), false, action);
            const own = `private/${(who as RoleSessionPrincipal).identityId}/photo.jpg`;
            for (const action of objectActions) assert.equal(await can(who, action, own), false, action);
        }
    });

    it("nothing is readable anonymously", async () => {
        assert.equal(await sim.can({ anonymous: true }, "s3:GetObject", object("public/banner.png")), false);
        assert.equal(await sim.can({ anonymous: true }, "s3:ListBucket", bucketArn(), { "s3:prefix": "public/" }), false);
        assert.equal(await sim.can({ anonymous: true }, "s3:PutObject", object("public/x")), false);
    });
});

describe("SecureUserBucket keyed by a principal tag (the user pool sub)", () => {
    let sim: AccessSimulator;
    let bucket: string;
    let role: string;

    before(async () => {
        const recording = await record(() => {
            const r = identityPoolRoles();
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub" });
            photos.grantUserAccess("users", { roles: { authenticated: r.authenticated.name } });
            return { bucket: photos.bucketName, role: r.authenticated.name, owner: photos.ownerVariable };
        });
        assert.equal(recording.result.owner, "${aws:PrincipalTag/sub}");
        sim = AccessSimulator.load(recording);
        bucket = recording.result.bucket;
        role = recording.result.role;
    });

    it("the owner reaches private/<sub>/ and nobody else's", async () => {
        const session = sessionOf(alice, role, { tagSub: true });
        assert.equal(await sim.can(session, "s3:PutObject", `arn:aws:s3:::${bucket}/private/${alice.sub}/a.jpg`), true);
        assert.equal(await sim.can(session, "s3:ListBucket", `arn:aws:s3:::${bucket}`, { "s3:prefix": `private/${alice.sub}/` }), true);
        assert.equal(await sim.can(session, "s3:GetObject", `arn:aws:s3:::${bucket}/private/${bob.sub}/a.jpg`), false);
        assert.equal(await sim.can(session, "s3:ListBucket", `arn:aws:s3:::${bucket}`, { "s3:prefix": `private/${bob.sub}/` }), false);
    });

    it("the identity id no longer opens a prefix, and a session without the tag opens none", async () => {
        const tagged = sessionOf(alice, role, { tagSub: true });
        assert.equal(await sim.can(tagged, "s3:GetObject", `arn:aws:s3:::${bucket}/private/${alice.identityId}/a.jpg`), false);
        const untagged = sessionOf(alice, role);
        assert.equal(await sim.can(untagged, "s3:GetObject", `arn:aws:s3:::${bucket}/private/${alice.sub}/a.jpg`), false);
    });
});

describe("SecureUserBucket with a customer managed KMS key", () => {
    let sim: AccessSimulator;
    let bucket: string;
    let keyArn: string;
    let roles: { authenticated: string; guest: string };

    before(async () => {
        const recording = await record(() => {
            const r = identityPoolRoles();
            const photos = new SecureUserBucket("photos", { createKmsKey: true });
            photos.grantUserAccess("users", { roles: { authenticated: r.authenticated.name } });
            photos.grantUserAccess("guests", { roles: { guest: r.guest.name }, private: [], protected: [], protectedOthers: [], public: ["get"] });
            photos.grantUserAccess("listers", { roles: { editors: r.editors.name }, private: ["list"], protected: [], protectedOthers: [], public: [] });
            return { bucket: photos.bucketName, keyArn: photos.kmsKeyArn, authenticated: r.authenticated.name, guest: r.guest.name, editors: r.editors.name };
        });
        sim = AccessSimulator.load(recording);
        bucket = recording.result.bucket;
        keyArn = recording.result.keyArn as string;
        roles = recording.result;
    });

    const throughS3 = (bucketName: string) => ({
        "kms:ViaService": "s3.us-east-1.amazonaws.com",
        "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${bucketName}`,
    });

    it("a writer may generate data keys and decrypt, only through S3 for this bucket", async () => {
        const session = sessionOf(alice, roles.authenticated);
        assert.equal(await sim.can(session, "kms:GenerateDataKey", keyArn, throughS3(bucket)), true);
        assert.equal(await sim.can(session, "kms:Decrypt", keyArn, throughS3(bucket)), true);
        assert.equal(await sim.can(session, "kms:Decrypt", keyArn, { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${bucket}` }), false, "direct KMS call");
        assert.equal(await sim.can(session, "kms:Decrypt", keyArn, throughS3("someone-elses-bucket")), false, "another bucket");
    });

    it("a reader may only decrypt; a grant that only lists gets no key permission", async () => {
        const reader = sessionOf(guestDevice, roles.guest);
        assert.equal(await sim.can(reader, "kms:Decrypt", keyArn, throughS3(bucket)), true);
        assert.equal(await sim.can(reader, "kms:GenerateDataKey", keyArn, throughS3(bucket)), false);
        const lister = sessionOf(carol, (roles as any).editors);
        assert.equal(await sim.can(lister, "kms:Decrypt", keyArn, throughS3(bucket)), false);
    });

    it("no role may manage or disable the key", async () => {
        for (const action of ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:Encrypt"]) {
            assert.equal(await sim.can(sessionOf(alice, roles.authenticated), action, keyArn, throughS3(bucket)), false, action);
        }
    });
});

/**
 * The key policy `createKmsKey` writes, evaluated as KMS does: the key policy and the caller's IAM
 * policies together. An administrator whose IAM policy allows `kms:*` on everything shows what the
 * key policy alone permits; a key with AWS's default policy shows the difference.
 */
describe("SecureUserBucket key policy (createKmsKey)", () => {
    let sim: AccessSimulator;
    let rec: Recording<{ bucket: string; other: string; keyArn: string; otherKeyArn: string; bareKeyArn: string; authenticated: string; admin: string }>;

    before(async () => {
        rec = await record(() => {
            const r = identityPoolRoles();
            const photos = new SecureUserBucket("photos", { createKmsKey: true });
            photos.grantUserAccess("users", { roles: { authenticated: r.authenticated.name } });
            const other = new SecureUserBucket("other", { createKmsKey: true });
            other.grantUserAccess("users", { roles: { authenticated: r.authenticated.name } });
            // An account administrator: IAM allows every KMS action on every key.
            const admin = new aws.iam.Role("admin", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }] }) });
            new aws.iam.RolePolicy("admin-kms", { role: admin.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }) });
            // A key created without a policy gets AWS's default one.
            const bare = new aws.kms.Key("bare", { enableKeyRotation: true });
            return {
                bucket: photos.bucketName,
                other: other.bucketName,
                keyArn: photos.kmsKeyArn as any,
                otherKeyArn: other.kmsKeyArn as any,
                bareKeyArn: bare.arn,
                authenticated: r.authenticated.name,
                admin: admin.name,
            };
        });
        sim = AccessSimulator.load(rec);
    });

    const viaS3 = (arn: string, service = "s3.us-east-1.amazonaws.com") => ({ "kms:ViaService": service, "kms:EncryptionContext:aws:s3:arn": arn });
    const admin = () => ({ role: rec.result.admin });
    const user = () => sessionOf(alice, rec.result.authenticated);

    it("is explicit: the account administers the key and uses it only through S3 for this bucket, never kms:*", () => {
        const key = rec.one(aws.kms.Key, "photos-key");
        const policy = JSON.parse(key.inputs.policy);
        const root = `arn:aws:iam::${rec.environment.accountId}:root`;
        assert.deepEqual(
            policy.Statement.map((s: any) => [s.Sid, s.Principal]),
            [
                ["AccountAdministersKey", { AWS: root }],
                ["AccountUsesKeyOnlyThroughS3ForThisBucket", { AWS: root }],
            ],
        );
        const [administer, use] = policy.Statement;
        for (const statement of policy.Statement) {
            for (const action of [statement.Action].flat()) assert.ok(!action.includes("*"), `${statement.Sid}: ${action}`);
        }
        for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant"]) {
            assert.ok(!administer.Action.includes(action), `administration includes ${action}`);
        }
        assert.ok(administer.Action.includes("kms:PutKeyPolicy"), "the account must keep PutKeyPolicy, or it could be locked out");
        assert.equal(administer.Condition, undefined);
        assert.deepEqual(use.Action, ["kms:GenerateDataKey", "kms:Decrypt"]);
        assert.deepEqual(use.Condition, {
            StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [`arn:aws:s3:::${rec.result.bucket}`, `arn:aws:s3:::${rec.result.bucket}/*`] },
        });
    });

    it("keeps the account in control of the key: an administrator can read and change its policy, rotation, state and deletion", async () => {
        for (const action of ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags", "kms:TagResource", "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]) {
            assert.equal(await sim.can(admin(), action, rec.result.keyArn), true, action);
        }
    });

    it("lets even an administrator with kms:* use the key only through S3 for this bucket", async () => {
        const keyArn = rec.result.keyArn;
        assert.equal(await sim.can(admin(), "kms:Decrypt", keyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}`)), true, "through S3 for this bucket");
        assert.equal(await sim.can(admin(), "kms:Decrypt", keyArn), false, "a direct call");
        assert.equal(await sim.can(admin(), "kms:Decrypt", keyArn, { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${rec.result.bucket}` }), false, "a direct call naming the bucket");
        assert.equal(await sim.can(admin(), "kms:Decrypt", keyArn, viaS3(`arn:aws:s3:::${rec.result.other}`)), false, "through S3 for another bucket");
        assert.equal(await sim.can(admin(), "kms:Decrypt", keyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}`, "s3.eu-west-1.amazonaws.com")), false, "through S3 in another region");
        for (const action of ["kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext"]) {
            assert.equal(await sim.can(admin(), action, keyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}`)), false, action);
        }
        // The same administrator on a key with AWS's default policy: anything goes.
        assert.equal(await sim.can(admin(), "kms:Decrypt", rec.result.bareKeyArn), true, "the default policy allows a direct call");
    });

    it("lets a granted user decrypt through S3 for this bucket's objects, not directly and not for another bucket", async () => {
        const keyArn = rec.result.keyArn;
        assert.equal(await sim.can(user(), "kms:Decrypt", keyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}`)), true, "with a bucket key");
        assert.equal(await sim.can(user(), "kms:Decrypt", keyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}/private/${alice.identityId}/a.jpg`)), true, "an object's own context");
        assert.equal(await sim.can(user(), "kms:Decrypt", keyArn), false, "a direct call");
        assert.equal(await sim.can(user(), "kms:Decrypt", keyArn, viaS3(`arn:aws:s3:::${rec.result.other}`)), false, "another bucket, this key");
        // The user is granted the other bucket too, but its key is not this one.
        assert.equal(await sim.can(user(), "kms:Decrypt", rec.result.otherKeyArn, viaS3(`arn:aws:s3:::${rec.result.other}`)), true, "the other bucket's own key");
        assert.equal(await sim.can(user(), "kms:Decrypt", rec.result.otherKeyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}`)), false, "the other key for this bucket");
    });

    it("gives no AWS service, not even log delivery, any use of the key: the log bucket is SSE-S3", async () => {
        for (const service of ["logging.s3.amazonaws.com", "s3.amazonaws.com"]) {
            assert.equal(await sim.can({ service }, "kms:GenerateDataKey", rec.result.keyArn, viaS3(`arn:aws:s3:::${rec.result.bucket}`)), false, service);
        }
        const logEncryption = rec.one(aws.s3.BucketServerSideEncryptionConfiguration, "photos-logs-encryption");
        assert.deepEqual(logEncryption.inputs.rules[0].applyServerSideEncryptionByDefault, { sseAlgorithm: "AES256" });
    });
});

/**
 * The grant's own conditions, on an existing key whose policy delegates everything to IAM (AWS's
 * default): here only the grant keeps key use to S3 requests for this bucket.
 */
describe("SecureUserBucket grants on an existing key (kmsKeyArn)", () => {
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let sim: AccessSimulator;
    let rec: Recording<{ bucket: string; authenticated: string; guest: string }>;

    before(async () => {
        rec = await record(() => {
            const r = identityPoolRoles();
            const photos = new SecureUserBucket("photos", { kmsKeyArn: keyArn });
            photos.grantUserAccess("users", { roles: { authenticated: r.authenticated.name } });
            photos.grantUserAccess("guests", { roles: { guest: r.guest.name }, private: [], protected: [], protectedOthers: [], public: ["get"] });
            return { bucket: photos.bucketName, authenticated: r.authenticated.name, guest: r.guest.name };
        });
        sim = AccessSimulator.load(rec, { externalResourcePolicies: { [keyArn]: defaultKeyPolicy(rec.environment) } });
    });

    const viaS3 = (arn: string) => ({ "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": arn });

    it("allows key use through S3 for this bucket and its objects, for writers and readers", async () => {
        const writer = sessionOf(alice, rec.result.authenticated);
        const reader = sessionOf(guestDevice, rec.result.guest);
        for (const arn of [`arn:aws:s3:::${rec.result.bucket}`, `arn:aws:s3:::${rec.result.bucket}/public/banner.png`]) {
            assert.equal(await sim.can(writer, "kms:GenerateDataKey", keyArn, viaS3(arn)), true, `write ${arn}`);
            assert.equal(await sim.can(reader, "kms:Decrypt", keyArn, viaS3(arn)), true, `read ${arn}`);
        }
    });

    it("denies key use for another bucket's objects, even through S3, and any direct call", async () => {
        const writer = sessionOf(alice, rec.result.authenticated);
        const reader = sessionOf(guestDevice, rec.result.guest);
        for (const arn of ["arn:aws:s3:::someone-elses-bucket", "arn:aws:s3:::someone-elses-bucket/public/banner.png", `arn:aws:s3:::${rec.result.bucket}-copy/x`]) {
            assert.equal(await sim.can(writer, "kms:GenerateDataKey", keyArn, viaS3(arn)), false, `write ${arn}`);
            assert.equal(await sim.can(reader, "kms:Decrypt", keyArn, viaS3(arn)), false, `read ${arn}`);
        }
        assert.equal(await sim.can(writer, "kms:Decrypt", keyArn, { "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${rec.result.bucket}` }), false, "direct");
    });
});
