import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CognitoAuth, MAX_GROUP_NAME_LENGTH, SecureUserBucket, SecureUserBucketArgs, UserAccessGrantArgs, UserBackendInputError, validateSecureUserBucketArgs } from "../../components";
import { record } from "../../offline";

/** Builds the component and returns the message of the input error it raises. */
function errorOf(args: SecureUserBucketArgs, name = "photos"): string {
    try {
        new SecureUserBucket(name, args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected the arguments to be rejected");
}

function rejects(args: SecureUserBucketArgs, expected: string, name = "photos"): void {
    assert.equal(errorOf(args, name), expected);
}

describe("SecureUserBucket validation", () => {
    describe("bucketName", () => {
        it("must be 3 to 63 characters", () => {
            rejects({ bucketName: "ab" }, `SecureUserBucket "photos": bucketName must be 3 to 63 characters long (received: "ab")`);
            rejects({ bucketName: "a".repeat(64) }, `SecureUserBucket "photos": bucketName must be 3 to 63 characters long (received: "${"a".repeat(64)}")`);
        });

        it("must use lowercase letters, digits and hyphens, beginning and ending with a letter or digit", () => {
            rejects(
                { bucketName: "Photos" },
                `SecureUserBucket "photos": bucketName must use only lowercase letters, digits, '.' and '-', and begin and end with a letter or digit (received: "Photos")`,
            );
            assert.match(errorOf({ bucketName: "photos-" }), /bucketName must use only lowercase letters.*\(received: "photos-"\)/);
            assert.match(errorOf({ bucketName: "pho_tos" }), /bucketName must use only lowercase letters.*\(received: "pho_tos"\)/);
        });

        it("must not contain dots, which break virtual-hosted HTTPS", () => {
            rejects(
                { bucketName: "photos.example.com" },
                `SecureUserBucket "photos": bucketName must not contain '.': browsers reach the bucket over virtual-hosted HTTPS, whose certificate does not cover dotted names (received: "photos.example.com")`,
            );
        });

        it("must not use a prefix or suffix AWS reserves", () => {
            for (const name of ["xn--photos", "sthree-photos", "amzn-s3-demo-photos", "photos-s3alias", "photos--ol-s3", "photos--x-s3", "photos--table-s3"]) {
                assert.match(errorOf({ bucketName: name }), new RegExp(`bucketName must not use a prefix or suffix that AWS reserves .*\\(received: "${name}"\\)`));
            }
        });

        it("is checked when an Output resolves, failing the deployment with the same message", async () => {
            await assert.rejects(
                record(() => void new SecureUserBucket("photos", { bucketName: pulumi.output("Bad_Name") })),
                (e: Error) => e.message.includes(`SecureUserBucket "photos": bucketName must use only lowercase letters`) && e.message.includes(`(received: "Bad_Name")`),
            );
        });

        it("without a bucketName, the component name must make a valid autonamed bucket", () => {
            const long = "x".repeat(49);
            rejects(
                {},
                `SecureUserBucket "${long}": name must be at most 48 letters, digits and hyphens, starting with a letter or digit, when bucketName is not set (the bucket is named <name>-bucket-<7 characters>) (received: "${long}")`,
                long,
            );
            assert.match(errorOf({}, "my_photos"), /name must be at most 48 letters.*\(received: "my_photos"\)/);
            assert.doesNotThrow(() => validateOnly({}, "x".repeat(48)));
            assert.doesNotThrow(() => validateOnly({}, "Photos"), "upper case is lower-cased by autonaming");
        });
    });

    describe("encryption", () => {
        it("createKmsKey and kmsKeyArn are mutually exclusive", () => {
            const arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            rejects({ createKmsKey: true, kmsKeyArn: arn }, `SecureUserBucket "photos": kmsKeyArn cannot be combined with createKmsKey: true (choose one key) (received: "${arn}")`);
        });

        it("kmsKeyArn must be a key ARN, not an alias or a bare id", () => {
            for (const value of ["alias/photos", "arn:aws:kms:us-east-1:123456789012:alias/photos", "1234abcd-12ab-34cd-56ef-1234567890ab"]) {
                rejects(
                    { kmsKeyArn: value },
                    `SecureUserBucket "photos": kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot scope IAM grants (received: "${value}")`,
                );
            }
        });
    });

    describe("corsOrigins", () => {
        it("must be https, except http://localhost", () => {
            rejects(
                { corsOrigins: ["https://app.example.com", "http://example.com"] },
                `SecureUserBucket "photos": corsOrigins[1] must be an https:// origin (http:// is accepted only for localhost) (received: "http://example.com")`,
            );
            assert.doesNotThrow(() => validateOnly({ corsOrigins: ["http://localhost", "http://localhost:5173", "http://127.0.0.1:3000", "https://*.example.com"] }));
        });

        it("must be an origin, without path, trailing slash or bare wildcard", () => {
            for (const origin of ["https://app.example.com/", "https://app.example.com/login", "*", "app.example.com", "https://", "ftp://app.example.com"]) {
                assert.match(errorOf({ corsOrigins: [origin] }), new RegExp(`corsOrigins\\[0\\] must be an origin like https://app.example.com, with no path, query or trailing slash \\(received: "${origin.replace(/[.*/]/g, "\\$&")}"\\)`));
            }
        });

        it("must not repeat an origin", () => {
            rejects(
                { corsOrigins: ["https://a.example.com", "https://a.example.com"] },
                `SecureUserBucket "photos": corsOrigins must not list an origin twice (received: ["https://a.example.com","https://a.example.com"])`,
            );
        });
    });

    describe("lifecycle days", () => {
        for (const field of ["noncurrentVersionExpirationDays", "abortIncompleteMultipartUploadDays", "accessLogRetentionDays"] as const) {
            it(`${field} must be a positive whole number`, () => {
                for (const value of [0, -1, 1.5, Number.NaN]) {
                    rejects({ [field]: value }, `SecureUserBucket "photos": ${field} must be a positive whole number of days (received: ${JSON.stringify(value)})`);
                }
            });
        }
    });

    describe("prefixes", () => {
        it("must end with a slash and not start with one", () => {
            rejects({ prefixes: { private: "private" } }, `SecureUserBucket "photos": prefixes.private must end with "/" (received: "private")`);
            rejects({ prefixes: { public: "/public/" } }, `SecureUserBucket "photos": prefixes.public must not start with "/" (received: "/public/")`);
            rejects({ prefixes: { protected: "" } }, `SecureUserBucket "photos": prefixes.protected must be a non-empty key prefix such as "private/" (received: "")`);
        });

        it("must not contain wildcards, policy variables, empty or dot segments", () => {
            for (const prefix of ["*/", "users/*/", "p?/", "${aws:username}/", "user$/"]) {
                assert.match(errorOf({ prefixes: { private: prefix } }), /prefixes\.private must use only letters, digits and ! - _ \. ' \( \) in its segments \(no wildcards or policy variables\)/);
            }
            rejects({ prefixes: { private: "a//b/" } }, `SecureUserBucket "photos": prefixes.private must not contain an empty segment ("//") (received: "a//b/")`);
            rejects({ prefixes: { private: "a/../" } }, `SecureUserBucket "photos": prefixes.private must not contain "." or ".." segments (received: "a/../")`);
        });

        it("must not overlap, or a grant on one level would reach another", () => {
            rejects(
                { prefixes: { public: "shared/", protected: "shared/protected/" } },
                `SecureUserBucket "photos": prefixes.protected must not overlap prefixes.public ("shared/"): a grant on one would reach the other (received: "shared/protected/")`,
            );
            assert.match(errorOf({ prefixes: { private: "users/" , public: "users/" } }), /prefixes\.private must not overlap prefixes\.public/);
        });
    });

    describe("ownerPrincipalTag", () => {
        it("must be a valid session tag key", () => {
            rejects({ ownerPrincipalTag: "user sub" }, `SecureUserBucket "photos": ownerPrincipalTag must be a session tag key of 1-128 letters, digits and _ . : / = + - @ (received: "user sub")`);
            rejects({ ownerPrincipalTag: "${sub}" }, `SecureUserBucket "photos": ownerPrincipalTag must be a session tag key of 1-128 letters, digits and _ . : / = + - @ (received: "\${sub}")`);
        });

        it("must not use the reserved aws: namespace", () => {
            rejects({ ownerPrincipalTag: "aws:userid" }, `SecureUserBucket "photos": ownerPrincipalTag must not start with "aws:", which AWS reserves (received: "aws:userid")`);
        });
    });

    describe("access logging", () => {
        it("log settings are refused when logging is off", () => {
            rejects(
                { accessLogging: false, accessLogPrefix: "logs/" },
                `SecureUserBucket "photos": accessLogPrefix has no effect with accessLogging: false; remove one of them (received: "logs/")`,
            );
        });

        it("retention applies only to a log bucket the component creates", () => {
            rejects(
                { accessLogBucketName: "central-logs", accessLogRetentionDays: 30 },
                `SecureUserBucket "photos": accessLogRetentionDays applies only to the log bucket this component creates, not to accessLogBucketName (received: 30)`,
            );
        });

        it("the log bucket name and prefix follow the bucket and prefix rules", () => {
            assert.match(errorOf({ accessLogBucketName: "Logs" }), /accessLogBucketName must use only lowercase letters/);
            rejects({ accessLogPrefix: "logs" }, `SecureUserBucket "photos": accessLogPrefix must end with "/" (received: "logs")`);
        });
    });

    it("reports every problem at once", () => {
        assert.equal(
            errorOf({ bucketName: "ab", corsOrigins: ["http://example.com"], abortIncompleteMultipartUploadDays: 0 }),
            [
                `SecureUserBucket "photos": 3 invalid inputs:`,
                `  - bucketName must be 3 to 63 characters long (received: "ab")`,
                `  - corsOrigins[0] must be an https:// origin (http:// is accepted only for localhost) (received: "http://example.com")`,
                `  - abortIncompleteMultipartUploadDays must be a positive whole number of days (received: 0)`,
            ].join("\n"),
        );
    });

    it("creates nothing when the arguments are rejected", async () => {
        const rec = await record(
            () => {
                assert.throws(() => new SecureUserBucket("photos", { bucketName: "ab" }), UserBackendInputError);
            },
            { allowEmpty: true },
        );
        assert.deepEqual(
            rec.resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
    });

    describe("grantUserAccess", () => {
        async function grantError(grants: [string, UserAccessGrantArgs][]): Promise<string> {
            let message = "";
            await record(() => {
                const bucket = new SecureUserBucket("photos", {});
                try {
                    for (const [name, args] of grants) bucket.grantUserAccess(name, args);
                } catch (e) {
                    assert.ok(e instanceof UserBackendInputError);
                    message = e.message;
                }
            });
            assert.ok(message, "expected the grant to be rejected");
            return message;
        }
        const roles = { authenticated: "app-authenticated" };

        it("the grant name must be usable in a resource name", async () => {
            assert.equal(
                await grantError([["app users", { roles }]]),
                `SecureUserBucket "photos": grantUserAccess name must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "app users")`,
            );
        });

        it("the grant name must be unique on the bucket", async () => {
            assert.equal(
                await grantError([["users", { roles }], ["users", { roles: { other: "other-role" } }]]),
                `SecureUserBucket "photos": grantUserAccess name is already used by another grant on this bucket (received: "users")`,
            );
        });

        it("must name at least one role, under a usable key", async () => {
            assert.equal(await grantError([["users", { roles: {} }]]), `SecureUserBucket "photos": users.roles must name at least one role (received: {})`);
            assert.equal(
                await grantError([["users", { roles: { "group/admins": "admins" } }]]),
                `SecureUserBucket "photos": users.roles keys must be 1-46 letters, digits, '-' or '_', starting with a letter or digit (room for CognitoAuth's "group-<name>" keys) (received: "group/admins")`,
            );
        });

        it("takes roles or identities, not both", async () => {
            const identities = { signedInRoles: { authenticated: "app-authenticated" }, principalTagKeys: [] };
            assert.equal(
                await grantError([["users", { roles, identities }]]),
                `SecureUserBucket "photos": users.roles cannot be combined with identities (which already names every signed-in role) (received: ["authenticated"])`,
            );
            assert.equal(await grantError([["users", {}]]), `SecureUserBucket "photos": users.roles must name at least one role (received: undefined)`);
        });

        it("identities must set the session tag that ownerPrincipalTag keys prefixes by", async () => {
            let message = "";
            await record(() => {
                const bucket = new SecureUserBucket("photos", { ownerPrincipalTag: "sub" });
                const identities = { signedInRoles: { authenticated: "app-authenticated" }, principalTagKeys: ["tenant"] };
                try {
                    bucket.grantUserAccess("users", { identities });
                } catch (e) {
                    message = (e as Error).message;
                }
                // Identities that do set it are accepted.
                bucket.grantUserAccess("members", { identities: { ...identities, principalTagKeys: ["tenant", "sub"] } });
            });
            assert.equal(
                message,
                `SecureUserBucket "photos": users.identities must map the session tag "sub" that ownerPrincipalTag keys prefixes by ` +
                    `(for CognitoAuth: principalTags: { sub: "sub" }); without it no user could reach their prefix (received: ["tenant"])`,
            );
        });

        it("operations must be known, and others' protected objects can only be read", async () => {
            assert.equal(
                await grantError([["users", { roles, private: ["read", "admin" as any] }]]),
                `SecureUserBucket "photos": users.private[1] must be one of read, get, list, write, delete (received: "admin")`,
            );
            assert.equal(
                await grantError([["users", { roles, protectedOthers: ["write"] }]]),
                `SecureUserBucket "photos": users.protectedOthers[0] must be one of read, get, list (received: "write")`,
            );
        });

        it("must grant something", async () => {
            assert.equal(
                await grantError([["nothing", { roles, private: [], protected: [], protectedOthers: [], public: [] }]]),
                `SecureUserBucket "photos": nothing grants no operation at any level`,
            );
        });
    });
});

/** The pure validator, so accepted inputs can be checked without creating resources. */
function validateOnly(args: SecureUserBucketArgs, name = "photos"): void {
    validateSecureUserBucketArgs(name, args);
}

/**
 * SECURITY.md, known mistake 11: an owner tag mapped from a claim the user can change lets a user
 * set it to another user's value and reach that user's prefix. A grant with identities refuses it
 * before it creates anything, naming the claim and why.
 */
describe("SecureUserBucket owner tag from a claim the user cannot change", () => {
    /** Runs the grant in a recording; returns its input error (or "") and how many role policies exist. */
    async function grant(setup: () => { bucket: SecureUserBucket; identities: UserAccessGrantArgs["identities"] }): Promise<{ message: string; policies: number; ownerClaim?: string }> {
        let message = "";
        let ownerClaim: string | undefined;
        const rec = await record(() => {
            const { bucket, identities } = setup();
            try {
                bucket.grantUserAccess("users", { identities });
            } catch (e) {
                assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
                message = e.message;
            }
            ownerClaim = bucket.ownerClaim;
        });
        return { message, policies: rec.all(aws.iam.RolePolicy).length, ownerClaim };
    }
    const fake = (claim: string, userWritableClaims?: string[]) => ({
        signedInRoles: { authenticated: "app-authenticated" },
        principalTagKeys: ["owner"],
        principalTagClaims: { owner: claim },
        ...(userWritableClaims ? { userWritableClaims } : {}),
    });

    it("refuses CognitoAuth principalTags { owner: \"preferred_username\" } with ownerPrincipalTag \"owner\", creating nothing", async () => {
        const result = await grant(() => ({
            bucket: new SecureUserBucket("photos", { ownerPrincipalTag: "owner" }),
            identities: new CognitoAuth("auth", { principalTags: { owner: "preferred_username" } }),
        }));
        assert.equal(
            result.message,
            `SecureUserBucket "photos": users.identities maps the owner tag "owner" from the claim "preferred_username", which a user can change in their own profile: ` +
                `a user could set it to another user's value and reach that user's prefix; map the owner tag from "sub" (principalTags: { owner: "sub" }) (received: "preferred_username")`,
        );
        assert.equal(result.policies, 0);
        assert.equal(result.ownerClaim, undefined);
    });

    for (const claim of ["preferred_username", "email", "phone_number", "name"]) {
        it(`refuses the claim ${claim} even from a source that lists no writable claims`, async () => {
            const result = await grant(() => ({ bucket: new SecureUserBucket("photos", { ownerPrincipalTag: "owner" }), identities: fake(claim) }));
            assert.match(result.message, new RegExp(`maps the owner tag "owner" from the claim "${claim}", which a user can change in their own profile`));
            assert.equal(result.policies, 0);
        });
    }

    it("refuses a custom attribute marked userWritable, from CognitoAuth's userWritableClaims", async () => {
        const result = await grant(() => ({
            bucket: new SecureUserBucket("photos", { ownerPrincipalTag: "owner" }),
            identities: new CognitoAuth("auth", { customAttributes: { handle: { type: "String", userWritable: true } }, principalTags: { owner: "custom:handle" } }),
        }));
        assert.equal(
            result.message,
            `SecureUserBucket "photos": users.identities maps the owner tag "owner" from the claim "custom:handle", which an app client lets users write: ` +
                `a user could set it to another user's value and reach that user's prefix; map the owner tag from "sub" (principalTags: { owner: "sub" }) (received: "custom:handle")`,
        );
        assert.equal(result.policies, 0);
    });

    it("accepts sub, and an immutable custom attribute, and records the claim as the bucket's ownerClaim", async () => {
        const sub = await grant(() => ({ bucket: new SecureUserBucket("photos", { ownerPrincipalTag: "sub" }), identities: new CognitoAuth("auth", { principalTags: { sub: "sub" } }) }));
        assert.deepEqual(sub, { message: "", policies: 1, ownerClaim: "sub" });
        const custom = await grant(() => ({
            bucket: new SecureUserBucket("photos", { ownerPrincipalTag: "owner" }),
            identities: new CognitoAuth("auth", { customAttributes: { employee_id: { type: "String" } }, principalTags: { owner: "custom:employee_id" } }),
        }));
        assert.deepEqual(custom, { message: "", policies: 1, ownerClaim: "custom:employee_id" });
    });

    it("a bucket keyed by the identity id has no owner claim, whatever the identities map", async () => {
        const result = await grant(() => ({ bucket: new SecureUserBucket("photos", {}), identities: fake("preferred_username") }));
        assert.deepEqual(result, { message: "", policies: 1, ownerClaim: undefined });
    });

    it("refuses a second grant that maps the owner tag from another claim", async () => {
        let message = "";
        await record(() => {
            const bucket = new SecureUserBucket("photos", { ownerPrincipalTag: "owner" });
            bucket.grantUserAccess("staff", { identities: fake("sub") });
            try {
                bucket.grantUserAccess("users", { identities: fake("custom:employee_id") });
            } catch (e) {
                message = (e as Error).message;
            }
        });
        assert.equal(
            message,
            `SecureUserBucket "photos": users.identities maps the owner tag "owner" from the claim "custom:employee_id", but an earlier grant on this bucket maps it from "sub": one owner, one claim (received: "custom:employee_id")`,
        );
    });
});

describe("SecureUserBucket.requireOwnerClaim", () => {
    it("refuses a claim that differs from the one a grant mapped the owner tag from, naming both", async () => {
        let message = "";
        await record(() => {
            const bucket = new SecureUserBucket("photos", { ownerPrincipalTag: "owner" });
            bucket.grantUserAccess("users", { identities: { signedInRoles: { authenticated: "app-authenticated" }, principalTagKeys: ["owner"], principalTagClaims: { owner: "custom:employee_id" } } });
            bucket.requireOwnerClaim("custom:employee_id", "the HR API");
            try {
                bucket.requireOwnerClaim("sub", "the photo API");
            } catch (e) {
                message = (e as Error).message;
            }
        });
        assert.equal(
            message,
            `SecureUserBucket "photos": ownerPrincipalTag is mapped from the claim "custom:employee_id" by an earlier grant, but the photo API keys objects by "sub": map the owner tag from "sub" (received: "owner")`,
        );
    });
});

describe("SecureUserBucket grants to CognitoAuth group roles", () => {
    it("accepts a group named with MAX_GROUP_NAME_LENGTH (40) characters, granted through identities", async () => {
        const group = "g".repeat(MAX_GROUP_NAME_LENGTH);
        assert.equal(group.length, 40);
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", { groups: { [group]: { role: true, precedence: 1 } }, principalTags: { sub: "sub" } });
            const bucket = new SecureUserBucket("photos", { ownerPrincipalTag: "sub" });
            return { keys: Object.keys(bucket.grantUserAccess("users", { identities: auth })) };
        });
        assert.deepEqual(rec.result.keys, ["authenticated", `group-${group}`]);
        const policy = rec.one(aws.iam.RolePolicy, `photos-users-group-${group}`);
        assert.equal(policy.inputs.role, rec.one(aws.iam.Role, `auth-group-${group}-role`).outputs.name);
    });

    it("refuses a role key longer than group- plus MAX_GROUP_NAME_LENGTH", async () => {
        let message = "";
        const key = `group-${"g".repeat(MAX_GROUP_NAME_LENGTH + 1)}`;
        await record(() => {
            try {
                new SecureUserBucket("photos", {}).grantUserAccess("users", { roles: { [key]: "some-role" } });
            } catch (e) {
                message = (e as Error).message;
            }
        });
        assert.equal(message, `SecureUserBucket "photos": users.roles keys must be 1-46 letters, digits, '-' or '_', starting with a letter or digit (room for CognitoAuth's "group-<name>" keys) (received: "${key}")`);
    });
    describe("values of the wrong type (JavaScript callers, config files): refused by name, never a TypeError", () => {
        it("arguments that are not an object; none at all means every default", () => {
            rejects(null as never, `SecureUserBucket "photos": args must be an object of SecureUserBucket arguments (received: null)`);
            assert.doesNotThrow(() => validateSecureUserBucketArgs("photos", undefined));
        });

        it("containers and texts the rules read inside", () => {
            rejects({ ownerPrincipalTag: 0 as never }, `SecureUserBucket "photos": ownerPrincipalTag must be text (received: 0)`);
            rejects({ corsOrigins: "https://app.acme.dev" as never }, `SecureUserBucket "photos": corsOrigins must be a list (received: "https://app.acme.dev")`);
            rejects({ prefixes: "private/" as never }, `SecureUserBucket "photos": prefixes must be an object (received: "private/")`);
            rejects({ tags: ["team"] as never }, `SecureUserBucket "photos": tags must be an object (received: ["team"])`);
        });
    });
});
