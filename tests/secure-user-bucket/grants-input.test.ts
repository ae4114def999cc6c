import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, SecureUserBucket, SecureUserBucketArgs, UserAccessGrant, UserBackendInputError } from "../../components";
import { AccessSimulator, record, Recording } from "../../offline";
import { alice, bob, identityPoolRoles, sessionOf } from "../support/identities";

/**
 * `grants`: the per-user grants of `grantUserAccess`, written as data so that every language can
 * declare them. An entry creates exactly the children the method call would (same names, parents and
 * policies), so a program moves from one to the other without moving a URN.
 */
describe("SecureUserBucket grants (the input)", () => {
    /** The session tags of a CognitoAuth with principalTags: { sub: "sub" }. */
    const subTags = { principalTagKeys: ["sub"], principalTagClaims: { sub: "sub" } };

    /** Every resource of a run as the engine received it: URN (type, name, parents), parent, dependencies, inputs with policies parsed. */
    function graphOf(rec: Recording<unknown>) {
        return rec.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            parent: r.parent,
            dependencies: [...r.dependencies].sort(),
            inputs: r.type === "aws:iam/rolePolicy:RolePolicy" ? { ...r.inputs, policy: JSON.parse(r.inputs.policy) } : r.inputs,
        }));
    }

    describe("moving from grantUserAccess to grants keeps every child", () => {
        let byMethod: Recording<{ ownerClaim?: string }>;
        let byInput: Recording<{ ownerClaim?: string }>;

        before(async () => {
            byMethod = await record(() => {
                const r = identityPoolRoles();
                const photos = new SecureUserBucket("photos", { createKmsKey: true, ownerPrincipalTag: "sub" });
                photos.grantUserAccess("users", { identities: { signedInRoles: { authenticated: r.authenticated.name, "group-editors": r.editors.name }, ...subTags }, public: ["read", "write"] });
                photos.grantUserAccess("guests", { roles: { guest: r.guest.name }, private: ["write"], protected: [], protectedOthers: [], public: ["read"] });
                return { ownerClaim: photos.ownerClaim };
            });
            byInput = await record(() => {
                const r = identityPoolRoles();
                const photos = new SecureUserBucket("photos", {
                    createKmsKey: true,
                    ownerPrincipalTag: "sub",
                    grants: [
                        { name: "users", roleNames: { authenticated: r.authenticated.name, "group-editors": r.editors.name }, identities: subTags, public: ["read", "write"] },
                        { name: "guests", roleNames: { guest: r.guest.name }, private: ["write"], protected: [], protectedOthers: [], public: ["read"] },
                    ],
                });
                return { ownerClaim: photos.ownerClaim };
            });
        });

        it("creates the policies <component>-<grant>-<role key>, parented to the component, on the same roles", () => {
            const component = byInput.one("user-backend:index:SecureUserBucket", "photos");
            const policies = byInput.all(aws.iam.RolePolicy);
            assert.deepEqual(policies.map((p) => p.name).sort(), ["photos-guests-guest", "photos-users-authenticated", "photos-users-group-editors"]);
            for (const policy of policies) assert.equal(policy.parent, component.urn, policy.name);
            assert.equal(byInput.one(aws.iam.RolePolicy, "photos-users-group-editors").inputs.role, byInput.one(aws.iam.Role, "group-editors").outputs.name);
        });

        it("records the same graph as the method: types, names, parents, inputs and policy documents", () => {
            assert.deepEqual(graphOf(byInput), graphOf(byMethod));
            // Not two empty graphs: the whole bucket, and the grants' real statements, key use included.
            assert.equal(byInput.resources.length, byMethod.resources.length);
            const users = JSON.parse(byInput.one(aws.iam.RolePolicy, "photos-users-authenticated").inputs.policy);
            assert.deepEqual(
                users.Statement.map((s: { Sid: string }) => s.Sid),
                ["OwnPrivateGet", "OwnPrivateWrite", "OwnPrivateDelete", "OwnPrivateList", "OwnProtectedGet", "OwnProtectedWrite", "OwnProtectedDelete", "OwnProtectedList", "AllProtectedGet", "AllProtectedList", "PublicGet", "PublicWrite", "PublicList", "UseKeyThroughS3ForThisBucket"],
            );
        });

        it("establishes the owner claim as a grant with identities does", () => {
            assert.equal(byInput.result.ownerClaim, "sub");
            assert.equal(byMethod.result.ownerClaim, "sub");
        });
    });

    it("takes a CognitoAuth's role names and session tags, as another language passes them", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", { groups: { editors: { role: true, precedence: 1 } }, principalTags: { sub: "sub" } });
            const photos = new SecureUserBucket("photos", {
                ownerPrincipalTag: "sub",
                grants: [{ name: "users", roleNames: { authenticated: auth.authenticatedRoleName, "group-editors": auth.groupRoleNames["editors"] }, identities: subTags }],
            });
            return { ownerClaim: photos.ownerClaim };
        });
        assert.equal(rec.result.ownerClaim, "sub");
        assert.equal(rec.one(aws.iam.RolePolicy, "photos-users-group-editors").inputs.role, rec.one(aws.iam.Role, "auth-group-editors-role").outputs.name);
    });

    describe("access through a grant from the input", () => {
        let sim: AccessSimulator;
        let bucket: string;
        let role: string;

        before(async () => {
            const rec = await record(() => {
                const r = identityPoolRoles();
                const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub", grants: [{ name: "users", roleNames: { authenticated: r.authenticated.name }, identities: subTags }] });
                return { bucket: photos.bucketName, role: r.authenticated.name };
            });
            sim = AccessSimulator.load(rec);
            bucket = rec.result.bucket;
            role = rec.result.role;
        });

        const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;

        it("the owner reads, writes and lists private/<her sub>/", async () => {
            const session = sessionOf(alice, role, { tagSub: true });
            for (const action of ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]) {
                assert.equal(await sim.can(session, action, object(`private/${alice.sub}/photo.jpg`)), true, action);
            }
            assert.equal(await sim.can(session, "s3:ListBucket", `arn:aws:s3:::${bucket}`, { "s3:prefix": `private/${alice.sub}/` }), true);
        });

        it("she cannot read, write or list another user's private prefix", async () => {
            const session = sessionOf(alice, role, { tagSub: true });
            for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
                assert.equal(await sim.can(session, action, object(`private/${bob.sub}/photo.jpg`)), false, action);
            }
            assert.equal(await sim.can(session, "s3:ListBucket", `arn:aws:s3:::${bucket}`, { "s3:prefix": `private/${bob.sub}/` }), false);
        });

        it("a session without the owner tag reaches no private prefix", async () => {
            assert.equal(await sim.can(sessionOf(alice, role), "s3:GetObject", object(`private/${alice.sub}/photo.jpg`)), false);
        });
    });

    describe("validation", () => {
        /** The input error the component raises for these grants, before it creates anything. */
        function errorOf(grants: UserAccessGrant[], args: SecureUserBucketArgs = {}): string {
            try {
                new SecureUserBucket("photos", { ...args, grants });
            } catch (e) {
                assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
                return e.message;
            }
            assert.fail("expected the grants to be rejected");
        }
        const roleNames = { authenticated: "app-authenticated" };

        it("creates nothing when a grant is rejected", async () => {
            const rec = await record(() => void assert.throws(() => new SecureUserBucket("photos", { grants: [{ name: "users", roleNames: {} }] }), UserBackendInputError), { allowEmpty: true });
            assert.deepEqual(rec.resources.map((r) => r.type), ["pulumi:pulumi:Stack"]);
        });

        it("grants must be a list of objects with a name and roleNames", () => {
            assert.equal(errorOf("users" as never), `SecureUserBucket "photos": grants must be a list (received: "users")`);
            assert.equal(errorOf(["users" as never]), `SecureUserBucket "photos": grants[0] must be an object with a name and roleNames (received: "users")`);
            assert.equal(
                errorOf([{} as never]),
                [
                    `SecureUserBucket "photos": 2 invalid inputs:`,
                    `  - grants[0].name is required: it names the grant's policies`,
                    `  - grants[0].roleNames is required: the roles that receive the grant, by key`,
                ].join("\n"),
            );
            assert.equal(errorOf([{ name: 7 as never, roleNames }]), `SecureUserBucket "photos": grants[0].name must be text (received: 7)`);
            assert.equal(errorOf([{ name: "users", roleNames: ["app-authenticated"] as never }]), `SecureUserBucket "photos": grants[0].roleNames must be an object (received: ["app-authenticated"])`);
        });

        it("identities must be an object with the session tag keys", () => {
            assert.equal(errorOf([{ name: "users", roleNames, identities: "sub" as never }]), `SecureUserBucket "photos": grants[0].identities must be an object (received: "sub")`);
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: {} as never }]),
                `SecureUserBucket "photos": grants[0].identities.principalTagKeys is required with identities: every session tag they set ([] for none)`,
            );
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: { principalTagKeys: "sub" as never } }]),
                `SecureUserBucket "photos": grants[0].identities.principalTagKeys must be a list (received: "sub")`,
            );
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: { principalTagKeys: ["sub"], principalTagClaims: ["sub"] as never } }]),
                `SecureUserBucket "photos": grants[0].identities.principalTagClaims must be an object (received: ["sub"])`,
            );
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: { principalTagKeys: ["sub"], userWritableClaims: "email" as never } }]),
                `SecureUserBucket "photos": grants[0].identities.userWritableClaims must be a list (received: "email")`,
            );
        });

        it("the name must be usable in a resource name", () => {
            assert.equal(
                errorOf([{ name: "app users", roleNames }]),
                `SecureUserBucket "photos": grants[0].name must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "app users")`,
            );
        });

        it("names are unique among the grants", () => {
            assert.equal(
                errorOf([{ name: "users", roleNames }, { name: "users", roleNames: { other: "other-role" } }]),
                `SecureUserBucket "photos": grants[1].name is already used by another grant on this bucket (received: "users")`,
            );
        });

        it("a later grantUserAccess cannot reuse a name from the input", async () => {
            let message = "";
            await record(() => {
                const bucket = new SecureUserBucket("photos", { grants: [{ name: "users", roleNames }] });
                try {
                    bucket.grantUserAccess("users", { roles: { other: "other-role" } });
                } catch (e) {
                    message = (e as Error).message;
                }
                // Another name is fine.
                bucket.grantUserAccess("staff", { roles: { other: "other-role" } });
            });
            assert.equal(message, `SecureUserBucket "photos": grantUserAccess name is already used by another grant on this bucket (received: "users")`);
        });

        it("roleNames must name at least one role, under a usable key", () => {
            assert.equal(errorOf([{ name: "users", roleNames }, { name: "guests", roleNames: {} }]), `SecureUserBucket "photos": grants[1].roleNames must name at least one role (received: {})`);
            assert.equal(
                errorOf([{ name: "users", roleNames: {}, identities: { principalTagKeys: [] } }]),
                `SecureUserBucket "photos": grants[0].roleNames must name at least one role (received: {})`,
            );
            assert.equal(
                errorOf([{ name: "users", roleNames: { "group/admins": "admins" } }]),
                `SecureUserBucket "photos": grants[0].roleNames keys must be 1-46 letters, digits, '-' or '_', starting with a letter or digit (room for CognitoAuth's "group-<name>" keys) (received: "group/admins")`,
            );
        });

        it("identities must set the session tag that ownerPrincipalTag keys prefixes by", () => {
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: { principalTagKeys: ["tenant"] } }], { ownerPrincipalTag: "sub" }),
                `SecureUserBucket "photos": grants[0].identities must map the session tag "sub" that ownerPrincipalTag keys prefixes by ` +
                    `(for CognitoAuth: principalTags: { sub: "sub" }); without it no user could reach their prefix (received: ["tenant"])`,
            );
        });

        it("refuses an owner tag mapped from a claim the user can change", () => {
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: { principalTagKeys: ["owner"], principalTagClaims: { owner: "email" } } }], { ownerPrincipalTag: "owner" }),
                `SecureUserBucket "photos": grants[0].identities maps the owner tag "owner" from the claim "email", which a user can change in their own profile: ` +
                    `a user could set it to another user's value and reach that user's prefix; map the owner tag from "sub" (principalTags: { owner: "sub" }) (received: "email")`,
            );
            assert.equal(
                errorOf([{ name: "users", roleNames, identities: { principalTagKeys: ["owner"], principalTagClaims: { owner: "custom:handle" }, userWritableClaims: ["custom:handle"] } }], { ownerPrincipalTag: "owner" }),
                `SecureUserBucket "photos": grants[0].identities maps the owner tag "owner" from the claim "custom:handle", which an app client lets users write: ` +
                    `a user could set it to another user's value and reach that user's prefix; map the owner tag from "sub" (principalTags: { owner: "sub" }) (received: "custom:handle")`,
            );
        });

        it("every grant maps the owner tag from the same claim, in the input and after it", async () => {
            const staff = { name: "staff", roleNames, identities: { principalTagKeys: ["owner"], principalTagClaims: { owner: "sub" } } };
            assert.equal(
                errorOf([staff, { name: "users", roleNames: { other: "other-role" }, identities: { principalTagKeys: ["owner"], principalTagClaims: { owner: "custom:employee_id" } } }], { ownerPrincipalTag: "owner" }),
                `SecureUserBucket "photos": grants[1].identities maps the owner tag "owner" from the claim "custom:employee_id", but an earlier grant on this bucket maps it from "sub": one owner, one claim (received: "custom:employee_id")`,
            );
            const messages: string[] = [];
            await record(() => {
                const bucket = new SecureUserBucket("photos", { ownerPrincipalTag: "owner", grants: [staff] });
                try {
                    bucket.grantUserAccess("users", { identities: { signedInRoles: { other: "other-role" }, principalTagKeys: ["owner"], principalTagClaims: { owner: "custom:employee_id" } } });
                } catch (e) {
                    messages.push((e as Error).message);
                }
                try {
                    bucket.requireOwnerClaim("custom:employee_id", "the HR API");
                } catch (e) {
                    messages.push((e as Error).message);
                }
            });
            assert.deepEqual(messages, [
                `SecureUserBucket "photos": users.identities maps the owner tag "owner" from the claim "custom:employee_id", but an earlier grant on this bucket maps it from "sub": one owner, one claim (received: "custom:employee_id")`,
                `SecureUserBucket "photos": ownerPrincipalTag is mapped from the claim "sub" by an earlier grant, but the HR API keys objects by "custom:employee_id": map the owner tag from "custom:employee_id" (received: "owner")`,
            ]);
        });

        it("operations must be known, and others' protected objects can only be read", () => {
            assert.equal(
                errorOf([{ name: "users", roleNames, private: ["read", "admin" as never] }]),
                `SecureUserBucket "photos": grants[0].private[1] must be one of read, get, list, write, delete (received: "admin")`,
            );
            assert.equal(errorOf([{ name: "users", roleNames, protectedOthers: ["write"] }]), `SecureUserBucket "photos": grants[0].protectedOthers[0] must be one of read, get, list (received: "write")`);
            assert.equal(
                errorOf([{ name: "users", roleNames, public: "read" as never }]),
                `SecureUserBucket "photos": grants[0].public must be a list of operations from read, get, list, write, delete (received: "read")`,
            );
        });

        it("each grant must grant something", () => {
            assert.equal(
                errorOf([{ name: "nothing", roleNames, private: [], protected: [], protectedOthers: [], public: [] }]),
                `SecureUserBucket "photos": grants[0] grants no operation at any level`,
            );
        });

        it("reports every grant's problems at once, with the other arguments'", () => {
            assert.equal(
                errorOf([{ name: "app users", roleNames }, { name: "guests", roleNames: {} }], { corsOrigins: ["http://example.com"] }),
                [
                    `SecureUserBucket "photos": 3 invalid inputs:`,
                    `  - corsOrigins[0] must be an https:// origin (http:// is accepted only for localhost) (received: "http://example.com")`,
                    `  - grants[0].name must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "app users")`,
                    `  - grants[1].roleNames must name at least one role (received: {})`,
                ].join("\n"),
            );
        });
    });
});
