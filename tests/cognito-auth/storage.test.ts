import { strict as assert } from "assert";
import { CognitoAuth, SecureUserBucket } from "../../components";
import { AccessSimulator, record, RoleSessionPrincipal } from "../../offline";
import { alice, bob, carol, TestUser } from "../support/identities";

/**
 * Per-user storage for every role a signed-in user can receive. Role mapping hands a group member
 * the group's role instead of the authenticated role, so a grant to the authenticated role alone
 * loses the member's own files (shared/SECURITY.md, known mistake 4). `signedInRoles` lists them all.
 */
describe("CognitoAuth with SecureUserBucket", () => {
    type Result = { bucket: string; identityPoolId: string; providerName: string; authenticated: string; editors: string; reviewers: string };

    async function setUp(options: { tagSub: boolean; grantTo: "signedInRoles" | "authenticatedOnly" }) {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", {
                groups: { editors: { precedence: 1, role: true }, reviewers: { precedence: 2, role: true }, newsletter: {} },
                principalTags: options.tagSub ? { sub: "sub" } : undefined,
            });
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: options.tagSub ? "sub" : undefined });
            if (options.grantTo === "authenticatedOnly") {
                photos.grantUserAccess("users", { roles: { authenticated: auth.authenticatedRole } });
            } else if (options.tagSub) {
                // The convenience form: every signed-in role, after checking auth sets the "sub" tag.
                photos.grantUserAccess("users", { identities: auth });
            } else {
                photos.grantUserAccess("users", { roles: auth.signedInRoles });
            }
            return {
                bucket: photos.bucketName,
                identityPoolId: auth.identityPoolId,
                providerName: auth.providerName,
                authenticated: auth.authenticatedRoleName,
                editors: auth.groupRoles.editors.name,
                reviewers: auth.groupRoles.reviewers.name,
            };
        });
        const result: Result = rec.result;
        const sim = AccessSimulator.load(rec);
        const session = (user: TestUser, role: string): RoleSessionPrincipal => ({
            role,
            identityId: user.identityId,
            principalTags: options.tagSub ? { sub: user.sub! } : undefined,
            webIdentity: { identityPoolId: result.identityPoolId, amr: "authenticated", provider: result.providerName },
        });
        const owner = (user: TestUser) => (options.tagSub ? user.sub! : user.identityId);
        const object = (key: string) => `arn:aws:s3:::${result.bucket}/${key}`;
        return { rec, result, sim, session, owner, object };
    }

    for (const tagSub of [false, true]) {
        describe(tagSub ? "keyed by the user pool sub (principal tag)" : "keyed by the identity id", () => {
            let env: Awaited<ReturnType<typeof setUp>>;
            before(async () => {
                env = await setUp({ tagSub, grantTo: "signedInRoles" });
            });

            it("signedInRoles holds the authenticated role and every group role, and no guest role", () => {
                const roles = env.rec.all("aws:iam/rolePolicy:RolePolicy").map((p) => p.name).sort();
                assert.deepEqual(roles, ["photos-users-authenticated", "photos-users-group-editors", "photos-users-group-reviewers"]);
            });

            it("a group member keeps access to her own private prefix through the group role", async () => {
                const { sim, session, owner, object } = env;
                for (const role of [env.result.editors, env.result.reviewers, env.result.authenticated]) {
                    const key = `private/${owner(carol)}/holiday.jpg`;
                    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
                        assert.equal(await sim.can(session(carol, role), action, object(key)), true, `${action} as ${role}`);
                    }
                    assert.equal(
                        await sim.can(session(carol, role), "s3:ListBucket", `arn:aws:s3:::${env.result.bucket}`, { "s3:prefix": `private/${owner(carol)}/` }),
                        true,
                    );
                }
            });

            it("a group member still cannot reach anyone else's private prefix", async () => {
                const { sim, session, owner, object } = env;
                for (const role of [env.result.editors, env.result.reviewers]) {
                    for (const other of [alice, bob]) {
                        for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
                            assert.equal(await sim.can(session(carol, role), action, object(`private/${owner(other)}/x.jpg`)), false, `${action} on ${other.identityId} as ${role}`);
                        }
                        assert.equal(
                            await sim.can(session(carol, role), "s3:ListBucket", `arn:aws:s3:::${env.result.bucket}`, { "s3:prefix": `private/${owner(other)}/` }),
                            false,
                        );
                    }
                }
            });

            it("the identity pool can hand each role to the user at all (trust)", async () => {
                for (const role of [env.result.authenticated, env.result.editors, env.result.reviewers]) {
                    const decision = await env.sim.check(env.session(alice, role), { action: "s3:GetObject", resource: env.object(`private/${env.owner(alice)}/a`) });
                    assert.equal(decision.allowed, true, `${role}: ${decision.stage} ${decision.result}`);
                }
            });
        });
    }

    it("a bucket keyed by a session tag refuses identities that do not set it: no user could reach a prefix", async () => {
        await assert.rejects(
            record(() => {
                const auth = new CognitoAuth("auth", {});
                new SecureUserBucket("photos", { ownerPrincipalTag: "sub" }).grantUserAccess("users", { identities: auth });
                return {};
            }),
            {
                message:
                    'SecureUserBucket "photos": users.identities must map the session tag "sub" that ownerPrincipalTag keys prefixes by ' +
                    '(for CognitoAuth: principalTags: { sub: "sub" }); without it no user could reach their prefix (received: [])',
            },
        );
    });

    it("the peers' mistake, for contrast: granting only the authenticated role locks group members out of their own files", async () => {
        const env = await setUp({ tagSub: false, grantTo: "authenticatedOnly" });
        const key = env.object(`private/${carol.identityId}/holiday.jpg`);
        assert.equal(await env.sim.can(env.session(carol, env.result.authenticated), "s3:GetObject", key), true);
        assert.equal(await env.sim.can(env.session(carol, env.result.editors), "s3:GetObject", key), false);
    });
});
