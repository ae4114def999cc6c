import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth } from "../../components";
import { record, Recording } from "../../offline";

type Outputs = { userPoolId: string; issuerUrl: string; providerName: string; clientIds: Record<string, string>; identityPoolId: string; authenticatedRoleArn: string };

/** Every default of CognitoAuth from shared/SECURITY.md (Cognito) and the issue, read off the recorded graph. */
describe("CognitoAuth defaults", () => {
    let rec: Recording<Outputs>;

    before(async () => {
        rec = await record(() => {
            const auth = new CognitoAuth("auth", {});
            return {
                userPoolId: auth.userPoolId,
                issuerUrl: auth.issuerUrl,
                providerName: auth.providerName,
                clientIds: auth.clientIds,
                identityPoolId: auth.identityPoolId,
                authenticatedRoleArn: auth.authenticatedRoleArn,
            };
        });
    });

    const pool = () => rec.one(aws.cognito.UserPool, "auth-pool").inputs;
    const client = () => rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs;
    const identityPool = () => rec.one(aws.cognito.IdentityPool, "auth-identity-pool");

    it("is a user-backend:index:CognitoAuth component that parents every child", () => {
        const component = rec.one("user-backend:index:CognitoAuth", "auth");
        for (const r of rec.resources.filter((r) => r.custom)) {
            assert.equal(r.parent, component.urn, `${r.type} ${r.name} is not parented to the component`);
        }
    });

    it("creates a pool, one public client, the identity pool, the authenticated role and the role attachment, and nothing else", () => {
        const names = rec.resources.filter((r) => r.custom).map((r) => `${r.type.split(":")[1]}:${r.name}`).sort();
        assert.deepEqual(names, [
            "cognito/identityPool:auth-identity-pool",
            "cognito/identityPoolRoleAttachment:auth-roles",
            "cognito/userPool:auth-pool",
            "cognito/userPoolClient:auth-client-web",
            "iam/role:auth-authenticated-role",
        ]);
    });

    describe("user pool", () => {
        it("signs users in by email, case-insensitively", () => {
            assert.deepEqual(pool().usernameAttributes, ["email"]);
            assert.equal(pool().aliasAttributes, undefined);
            assert.deepEqual(pool().usernameConfiguration, { caseSensitive: false });
        });

        it("requires 12-character passwords with lower, upper, numbers and symbols; temporary passwords last 7 days (AS-COG1, FSBP Cognito.3)", () => {
            assert.deepEqual(pool().passwordPolicy, {
                minimumLength: 12,
                requireLowercase: true,
                requireUppercase: true,
                requireNumbers: true,
                requireSymbols: true,
                temporaryPasswordValidityDays: 7,
            });
        });

        it("offers optional MFA with TOTP, and no SMS unless asked (AS-COG2, FSBP Cognito.5)", () => {
            assert.equal(pool().mfaConfiguration, "OPTIONAL");
            assert.deepEqual(pool().softwareTokenMfaConfiguration, { enabled: true });
            assert.equal(pool().smsConfiguration, undefined);
            assert.equal(pool().emailMfaConfiguration, undefined);
        });

        it("recovers accounts by verified email, verifies email, and keeps the old address until a new one is verified", () => {
            assert.deepEqual(pool().accountRecoverySetting, { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] });
            assert.deepEqual(pool().autoVerifiedAttributes, ["email"]);
            assert.deepEqual(pool().userAttributeUpdateSettings, { attributesRequireVerificationBeforeUpdates: ["email"] });
            assert.equal(pool().verificationMessageTemplate.defaultEmailOption, "CONFIRM_WITH_CODE");
        });

        it("lets users sign themselves up", () => {
            assert.equal(pool().adminCreateUserConfig.allowAdminCreateUserOnly, false);
        });

        it("has deletion protection ACTIVE and is protected in Pulumi, so a replacement fails at preview (FSBP Cognito.6)", () => {
            assert.equal(pool().deletionProtection, "ACTIVE");
            assert.equal(rec.one(aws.cognito.UserPool, "auth-pool").protect, true);
        });

        it("uses the ESSENTIALS tier without threat protection, which costs extra and is opt-in", () => {
            assert.equal(pool().userPoolTier, "ESSENTIALS");
            assert.equal(pool().userPoolAddOns, undefined);
        });

        it("declares no schema beyond the defaults and no triggers", () => {
            assert.equal(pool().schemas, undefined);
            assert.equal(pool().lambdaConfig, undefined);
        });
    });

    describe("app client", () => {
        it("is public: no secret", () => {
            assert.equal(client().generateSecret, false);
        });

        it("signs in with SRP and refreshes tokens, and nothing else", () => {
            assert.deepEqual(client().explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        });

        it("has no OAuth flows, scopes or redirect URLs until they are given: no placeholder", () => {
            assert.equal(client().allowedOauthFlowsUserPoolClient, false);
            assert.equal(client().allowedOauthFlows, undefined);
            assert.equal(client().callbackUrls, undefined);
            assert.equal(client().logoutUrls, undefined);
        });

        it("hides whether a user exists and revokes tokens on sign-out", () => {
            assert.equal(client().preventUserExistenceErrors, "ENABLED");
            assert.equal(client().enableTokenRevocation, true);
        });

        it("issues 60-minute access and ID tokens, 30-day refresh tokens and 3-minute sign-in sessions", () => {
            assert.equal(client().accessTokenValidity, 60);
            assert.equal(client().idTokenValidity, 60);
            assert.equal(client().refreshTokenValidity, 30);
            assert.equal(client().authSessionValidity, 3);
            assert.deepEqual(client().tokenValidityUnits, { accessToken: "minutes", idToken: "minutes", refreshToken: "days" });
        });

        it("offers Cognito sign-in only, as there are no identity providers", () => {
            assert.deepEqual(client().supportedIdentityProviders, ["COGNITO"]);
        });
    });

    describe("identity pool", () => {
        it("refuses guests and the classic flow (AS-COG7, FSBP Cognito.2, CKV_AWS_366)", () => {
            assert.equal(identityPool().inputs.allowUnauthenticatedIdentities, false);
            assert.equal(identityPool().inputs.allowClassicFlow, false);
        });

        it("accepts tokens of the pool's client only, checked server-side so revoked tokens buy no credentials", () => {
            assert.deepEqual(identityPool().inputs.cognitoIdentityProviders, [
                { clientId: rec.result.clientIds.web, providerName: rec.result.providerName, serverSideTokenCheck: true },
            ]);
        });

        it("is protected in Pulumi: identity ids key per-user storage", () => {
            assert.equal(identityPool().protect, true);
        });

        it("maps everyone to the authenticated role; there is no guest role", () => {
            const attachment = rec.one(aws.cognito.IdentityPoolRoleAttachment, "auth-roles").inputs;
            assert.deepEqual(attachment.roles, { authenticated: rec.result.authenticatedRoleArn });
            assert.equal(attachment.roleMappings, undefined);
            assert.equal(rec.find(aws.iam.Role, "auth-guest-role"), undefined);
        });
    });

    describe("authenticated role", () => {
        const role = () => rec.one(aws.iam.Role, "auth-authenticated-role");

        it("has no permissions at all: no inline, attached or managed policy", () => {
            assert.equal(role().inputs.inlinePolicies, undefined);
            assert.equal(role().inputs.managedPolicyArns, undefined);
            assert.equal(rec.all(aws.iam.RolePolicy).length, 0);
            assert.equal(rec.all(aws.iam.RolePolicyAttachment).length, 0);
        });

        it("trusts this identity pool's authenticated identities only: StringEquals aud and ForAnyValue:StringLike amr", () => {
            const trust = JSON.parse(role().inputs.assumeRolePolicy);
            assert.equal(trust.Statement.length, 1);
            const [statement] = trust.Statement;
            assert.deepEqual(statement.Principal, { Federated: "cognito-identity.amazonaws.com" });
            assert.deepEqual(statement.Action, ["sts:AssumeRoleWithWebIdentity"]);
            assert.deepEqual(statement.Condition, {
                StringEquals: { "cognito-identity.amazonaws.com:aud": rec.result.identityPoolId },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
            });
        });
    });

    describe("outputs", () => {
        it("give the issuer URL and provider name derived from the pool", () => {
            assert.match(rec.result.userPoolId, /^us-east-1_[A-Za-z]+$/);
            assert.equal(rec.result.issuerUrl, `https://cognito-idp.us-east-1.amazonaws.com/${rec.result.userPoolId}`);
            assert.equal(rec.result.providerName, `cognito-idp.us-east-1.amazonaws.com/${rec.result.userPoolId}`);
        });

        it("registers its outputs on the component", () => {
            const component = rec.one("user-backend:index:CognitoAuth", "auth");
            assert.equal(component.registeredOutputs.userPoolId, rec.result.userPoolId);
            assert.equal(component.registeredOutputs.identityPoolId, rec.result.identityPoolId);
            assert.equal(component.registeredOutputs.issuerUrl, rec.result.issuerUrl);
            assert.deepEqual(component.registeredOutputs.clientIds, rec.result.clientIds);
        });
    });
});
