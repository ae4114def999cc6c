import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth } from "../../components";
import { AccessSimulator, record, Recording, WebIdentity } from "../../offline";

/**
 * Who can obtain credentials for which role: each role's trust policy evaluated by iam-simulate for
 * `sts:AssumeRoleWithWebIdentity` (and `sts:TagSession` with principal tags), as the identity pool
 * presents a user to STS.
 */
describe("CognitoAuth trust policies", () => {
    const otherPool = "us-east-1:00000000-1111-4222-8333-444444444444";

    describe("with guests, a group role and principal tags", () => {
        let rec: Recording<{ identityPoolId: string; providerName: string; authenticated: string; guest: string; editors: string }>;
        let sim: AccessSimulator;

        before(async () => {
            rec = await record(() => {
                const auth = new CognitoAuth("auth", {
                    allowGuests: true,
                    groups: { editors: { precedence: 1, role: true } },
                    principalTags: { sub: "sub" },
                });
                return {
                    identityPoolId: auth.identityPoolId,
                    providerName: auth.providerName,
                    authenticated: auth.authenticatedRoleName,
                    guest: auth.guestRoleName!,
                    editors: auth.groupRoleNames.editors,
                };
            });
            sim = AccessSimulator.load(rec);
        });

        const signedIn = (poolId = rec.result.identityPoolId): WebIdentity => ({ identityPoolId: poolId, amr: "authenticated", provider: rec.result.providerName });
        const guest = (poolId = rec.result.identityPoolId): WebIdentity => ({ identityPoolId: poolId, amr: "unauthenticated" });
        const tags = { sub: "a11ce5ub-0000-4000-8000-000000000001" };

        it("this pool's signed-in identity gets the authenticated role and the group role, with its session tags", async () => {
            for (const role of [rec.result.authenticated, rec.result.editors]) {
                assert.equal(await sim.canAssume(role, signedIn()), true, role);
                assert.equal(await sim.canAssume(role, signedIn(), tags), true, `${role} with tags`);
            }
        });

        it("another identity pool's signed-in identity gets no role", async () => {
            for (const role of [rec.result.authenticated, rec.result.editors, rec.result.guest]) {
                assert.equal(await sim.canAssume(role, signedIn(otherPool)), false, role);
                assert.equal(await sim.canAssume(role, guest(otherPool)), false, role);
            }
        });

        it("an unauthenticated identity cannot get the authenticated or a group role", async () => {
            assert.equal(await sim.canAssume(rec.result.authenticated, guest()), false);
            assert.equal(await sim.canAssume(rec.result.editors, guest()), false);
        });

        it("the guest role accepts only unauthenticated identities of this pool", async () => {
            assert.equal(await sim.canAssume(rec.result.guest, guest()), true);
            assert.equal(await sim.canAssume(rec.result.guest, signedIn()), false);
        });

        it("guests cannot tag their session: the guest role does not trust sts:TagSession", async () => {
            assert.equal(await sim.canAssume(rec.result.guest, guest(), { sub: "forged" }), false);
        });

        it("no role trusts both kinds of identity, and each names this pool as aud", () => {
            for (const role of rec.all(aws.iam.Role)) {
                const [statement] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
                assert.equal(statement.Condition.StringEquals["cognito-identity.amazonaws.com:aud"], rec.result.identityPoolId, role.name);
                assert.equal(typeof statement.Condition["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"], "string", role.name);
            }
        });

        it("roles start with no permissions: not even cognito-identity or cognito-sync actions", async () => {
            const session = { role: rec.result.authenticated, webIdentity: signedIn() };
            const resource = `arn:aws:cognito-identity:us-east-1:123456789012:identitypool/${rec.result.identityPoolId}`;
            assert.equal(await sim.can(session, "cognito-identity:GetCredentialsForIdentity", "*"), false);
            assert.equal(await sim.can(session, "cognito-identity:DeleteIdentityPool", resource), false);
            assert.equal(await sim.can(session, "cognito-sync:ListRecords", `arn:aws:cognito-sync:us-east-1:123456789012:identitypool/${rec.result.identityPoolId}/identity/x/dataset/d`), false);
            assert.equal(await sim.can(session, "s3:GetObject", "arn:aws:s3:::any-bucket/any-key"), false);
            for (const role of [rec.result.editors, rec.result.guest]) {
                assert.equal(await sim.can({ role }, "s3:GetObject", "arn:aws:s3:::any-bucket/any-key"), false, role);
            }
        });
    });

    it("without principal tags, a signed-in identity cannot tag its session", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", {});
            return { identityPoolId: auth.identityPoolId, providerName: auth.providerName, role: auth.authenticatedRoleName };
        });
        const sim = AccessSimulator.load(rec);
        const identity: WebIdentity = { identityPoolId: rec.result.identityPoolId, amr: "authenticated", provider: rec.result.providerName };
        assert.equal(await sim.canAssume(rec.result.role, identity), true);
        assert.equal(await sim.canAssume(rec.result.role, identity, { sub: "x" }), false);
    });
});
