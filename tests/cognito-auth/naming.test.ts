import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs } from "../../components";
import { record } from "../../offline";

/**
 * Losing the user pool loses every user; losing the identity pool changes every identity id, which
 * keys per-user storage. Their logical names never depend on the arguments, and they are protected,
 * so a change that AWS can only make by replacing them (sign-in attributes, schema) fails at preview.
 */
describe("CognitoAuth stateful children", () => {
    const statefulUrns = async (args: CognitoAuthArgs) => {
        const rec = await record(() => new CognitoAuth("auth", args) && {});
        return {
            pool: rec.one(aws.cognito.UserPool, "auth-pool"),
            identityPool: rec.one(aws.cognito.IdentityPool, "auth-identity-pool"),
        };
    };

    it("keep their logical names whatever the arguments: auth-pool and auth-identity-pool", async () => {
        const plain = await statefulUrns({});
        const changed = await statefulUrns({
            signIn: { username: true, phone: true },
            customAttributes: { tenant: { type: "String" } },
            clients: { mobile: {}, web: {} },
            groups: { admins: { precedence: 0, role: true } },
            allowGuests: true,
            principalTags: { sub: "sub" },
        });
        assert.equal(changed.pool.urn, plain.pool.urn);
        assert.equal(changed.identityPool.urn, plain.identityPool.urn);
        assert.match(plain.pool.urn, /::user-backend:index:CognitoAuth\$aws:cognito\/userPool:UserPool::auth-pool$/);
        assert.match(plain.identityPool.urn, /::user-backend:index:CognitoAuth\$aws:cognito\/identityPool:IdentityPool::auth-identity-pool$/);
    });

    it("are protected, so a replacing change (new sign-in attributes, a changed schema) stops at preview", async () => {
        const { pool, identityPool } = await statefulUrns({ signIn: { username: true }, customAttributes: { tenant: { type: "String", mutable: false } } });
        assert.equal(pool.protect, true);
        assert.equal(identityPool.protect, true);
        assert.equal(pool.inputs.deletionProtection, "ACTIVE");
    });

    it("deletionProtection: false lifts both guards, for throwaway stacks", async () => {
        const { pool, identityPool } = await statefulUrns({ deletionProtection: false });
        assert.equal(pool.inputs.deletionProtection, "INACTIVE");
        assert.equal(pool.protect, false);
        assert.equal(identityPool.protect, false);
        // The component's own protect option still reaches them.
        const rec = await record(() => new CognitoAuth("auth", { deletionProtection: false }, { protect: true }) && {});
        assert.equal(rec.one(aws.cognito.UserPool, "auth-pool").protect, true);
        assert.equal(rec.one(aws.cognito.IdentityPool, "auth-identity-pool").protect, true);
    });

    it("are retained on delete when asked, by argument or by the component's own option", async () => {
        const byArg = await statefulUrns({ retainOnDelete: true });
        assert.equal(byArg.pool.retainOnDelete, true);
        assert.equal(byArg.identityPool.retainOnDelete, true);
        const rec = await record(() => new CognitoAuth("auth", {}, { retainOnDelete: true }) && {});
        assert.equal(rec.one(aws.cognito.UserPool, "auth-pool").retainOnDelete, true);
        assert.equal(rec.one(aws.cognito.IdentityPool, "auth-identity-pool").retainOnDelete, true);
    });

    it("the identity pool name is derived from the component name with only the characters AWS accepts", async () => {
        const rec = await record(() => new CognitoAuth("my-app", {}) && {});
        assert.equal(rec.one(aws.cognito.IdentityPool, "my-app-identity-pool").inputs.identityPoolName, "my_app");
    });

    it("IAM role names stay within 64 characters at the longest names validation allows", async () => {
        const name = "a".repeat(37);
        const group = "g".repeat(7);
        const rec = await record(() => new CognitoAuth(name, { groups: { [group]: { precedence: 1, role: true } }, allowGuests: true, mfaFactors: { sms: true } }) && {});
        for (const role of rec.all(aws.iam.Role)) {
            assert.ok(String(role.outputs.name).length <= 64, `${role.outputs.name} is ${String(role.outputs.name).length} characters`);
        }
    });
});
