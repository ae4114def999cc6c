import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, CognitoAuthArgs } from "../../components";
import { AccessSimulator, record, Recording } from "../../offline";

async function recordAuth(args: CognitoAuthArgs, opts?: pulumi.ComponentResourceOptions): Promise<Recording<{ identityPoolId: string; providerName: string; userPoolArn: string }>> {
    return record(() => {
        const auth = new CognitoAuth("auth", args, opts);
        return { identityPoolId: auth.identityPoolId, providerName: auth.providerName, userPoolArn: auth.userPoolArn };
    });
}

const oauth = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };

describe("CognitoAuth options", () => {
    describe("sign-in", () => {
        it("with usernames, email and phone become aliases and phone numbers are verified by SMS", async () => {
            const rec = await recordAuth({ signIn: { username: true, email: true, phone: true, preferredUsername: true } });
            const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
            assert.equal(pool.usernameAttributes, undefined);
            assert.deepEqual(pool.aliasAttributes, ["email", "phone_number", "preferred_username"]);
            assert.deepEqual(pool.autoVerifiedAttributes, ["email", "phone_number"]);
            assert.deepEqual(pool.usernameConfiguration, { caseSensitive: false });
            assert.ok(pool.smsConfiguration, "phone sign-in needs SMS");
        });

        it("by phone only, recovers accounts by phone", async () => {
            const rec = await recordAuth({ signIn: { phone: true } });
            const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
            assert.deepEqual(pool.usernameAttributes, ["phone_number"]);
            assert.deepEqual(pool.accountRecoverySetting.recoveryMechanisms, [{ name: "verified_phone_number", priority: 1 }]);
        });

        it("an empty recovery list leaves password resets to administrators", async () => {
            const rec = await recordAuth({ accountRecovery: [] });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.accountRecoverySetting.recoveryMechanisms, [{ name: "admin_only", priority: 1 }]);
        });
    });

    describe("SMS", () => {
        let rec: Recording<{ identityPoolId: string; providerName: string; userPoolArn: string }>;
        before(async () => {
            rec = await recordAuth({ mfa: "ON", mfaFactors: { sms: true, totp: true } });
        });

        it("creates the SNS role, trusted by Cognito of this account with an external id, before the pool", () => {
            const role = rec.one(aws.iam.Role, "auth-sms-role");
            const pool = rec.one(aws.cognito.UserPool, "auth-pool");
            const [trust] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
            assert.deepEqual(trust.Principal, { Service: "cognito-idp.amazonaws.com" });
            assert.equal(trust.Condition.StringEquals["aws:SourceAccount"], "123456789012");
            assert.equal(trust.Condition.StringEquals["sts:ExternalId"], pool.inputs.smsConfiguration.externalId);
            assert.equal(pool.inputs.smsConfiguration.snsCallerArn, role.outputs.arn);
            assert.ok(rec.dependsOn(pool, rec.one(aws.iam.RolePolicy, "auth-sms-policy")), "Cognito checks the role when it creates the pool");
            assert.equal(pool.inputs.mfaConfiguration, "ON");
        });

        it("the SNS role can text phone numbers but cannot publish to any topic", async () => {
            const sim = AccessSimulator.load(rec);
            const smsRole = String(rec.one(aws.iam.Role, "auth-sms-role").outputs.name);
            assert.equal(await sim.can({ role: smsRole }, "sns:Publish", "*"), true);
            assert.equal(await sim.can({ role: smsRole }, "sns:Publish", "arn:aws:sns:us-east-1:123456789012:alerts"), false);
            assert.equal(await sim.can({ role: smsRole }, "sns:CreateTopic", "arn:aws:sns:us-east-1:123456789012:alerts"), false);
        });
    });

    it("email through SES, link verification and custom messages", async () => {
        const rec = await recordAuth({
            email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/acme.dev", from: "Acme <no-reply@acme.dev>", replyTo: "help@acme.dev" },
            verificationMessages: { emailStyle: "link", emailSubject: "Confirm", emailMessage: "Welcome! {##Confirm your address##}" },
            invitationMessages: { emailSubject: "Invited", emailMessage: "User {username}, password {####}" },
            selfSignUp: false,
        });
        const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
        assert.deepEqual(pool.emailConfiguration, {
            emailSendingAccount: "DEVELOPER",
            sourceArn: "arn:aws:ses:us-east-1:123456789012:identity/acme.dev",
            fromEmailAddress: "Acme <no-reply@acme.dev>",
            replyToEmailAddress: "help@acme.dev",
        });
        assert.deepEqual(pool.verificationMessageTemplate, {
            defaultEmailOption: "CONFIRM_WITH_LINK",
            emailSubjectByLink: "Confirm",
            emailMessageByLink: "Welcome! {##Confirm your address##}",
        });
        assert.deepEqual(pool.adminCreateUserConfig, {
            allowAdminCreateUserOnly: true,
            inviteMessageTemplate: { emailSubject: "Invited", emailMessage: "User {username}, password {####}" },
        });
    });

    it("email MFA on the ESSENTIALS tier, with a second recovery method", async () => {
        const rec = await recordAuth({
            mfaFactors: { email: true },
            accountRecovery: ["email", "phone"],
            email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:identity/acme.dev" },
        });
        const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
        // Never an empty block: see deploy-pitfalls.test.ts (terraform-provider-aws #43917).
        assert.equal(pool.emailMfaConfiguration.subject, "Your sign-in code");
        assert.match(pool.emailMfaConfiguration.message, /\{####\}/);
        assert.equal(pool.accountRecoverySetting.recoveryMechanisms.length, 2);
    });

    it("threat protection opts into the PLUS tier", async () => {
        const rec = await recordAuth({ threatProtection: "ENFORCED" });
        const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
        assert.equal(pool.userPoolTier, "PLUS");
        assert.deepEqual(pool.userPoolAddOns, { advancedSecurityMode: "ENFORCED" });
    });

    it("custom attributes are written with explicit constraints, and users cannot write the ones that decide access", async () => {
        const rec = await recordAuth({
            requiredAttributes: ["given_name"],
            customAttributes: { tenant: { type: "String", mutable: false, maxLength: 64 }, nickname2: { type: "String", userWritable: true }, quota: { type: "Number", min: 0, max: 100 } },
        });
        const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
        assert.deepEqual(pool.schemas, [
            { name: "given_name", attributeDataType: "String", required: true, mutable: true, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "2048" } },
            { name: "tenant", attributeDataType: "String", required: false, mutable: false, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "64" } },
            { name: "nickname2", attributeDataType: "String", required: false, mutable: true, developerOnlyAttribute: false, stringAttributeConstraints: { minLength: "0", maxLength: "2048" } },
            { name: "quota", attributeDataType: "Number", required: false, mutable: true, developerOnlyAttribute: false, numberAttributeConstraints: { minValue: "0", maxValue: "100" } },
        ]);
        const writable: string[] = rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.writeAttributes;
        assert.ok(writable.includes("custom:nickname2"));
        assert.ok(writable.includes("email") && writable.includes("given_name"));
        assert.ok(!writable.includes("custom:tenant") && !writable.includes("custom:quota"), writable.join(","));
        assert.ok(!writable.includes("email_verified"));
    });

    it("Lambda triggers are wired to the pool, each with an invoke permission scoped to this pool", async () => {
        const fn = (n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${n}`;
        const rec = await recordAuth({ triggers: { preSignUp: fn("pre-sign-up"), preTokenGeneration: fn("claims") } });
        const pool = rec.one(aws.cognito.UserPool, "auth-pool");
        assert.deepEqual(pool.inputs.lambdaConfig, { preSignUp: fn("pre-sign-up"), preTokenGenerationConfig: { lambdaArn: fn("claims"), lambdaVersion: "V1_0" } });
        for (const [trigger, name] of [["preSignUp", "pre-sign-up"], ["preTokenGeneration", "claims"]]) {
            const permission = rec.one(aws.lambda.Permission, `auth-trigger-${trigger}`).inputs;
            assert.equal(permission.action, "lambda:InvokeFunction");
            assert.equal(permission.function, fn(name));
            assert.equal(permission.principal, "cognito-idp.amazonaws.com");
            assert.equal(permission.sourceArn, rec.result.userPoolArn);
            assert.equal(permission.sourceAccount, "123456789012");
        }
    });

    describe("clients, scopes and the hosted UI", () => {
        let rec: Recording<{ identityPoolId: string; providerName: string; userPoolArn: string }>;
        before(async () => {
            rec = await recordAuth({
                resourceServers: { photos: { identifier: "https://api.acme.dev", scopes: { "photos.read": "Read photos", "photos.write": "Upload photos" } } },
                clients: {
                    web: { oauth: { ...oauth, scopes: ["openid", "email", "https://api.acme.dev/photos.read"] }, tokenValidity: { accessTokenMinutes: 15, refreshTokenDays: 7 } },
                    worker: { confidential: true, oauth: { ...oauth, flows: ["client_credentials"], scopes: ["https://api.acme.dev/photos.write"] }, extraAuthFlows: ["adminUserPassword"] },
                },
                domain: { customDomain: "auth.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123" },
            });
        });

        it("the public client uses the code flow only, with its scopes and URLs", () => {
            const web = rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs;
            assert.equal(web.allowedOauthFlowsUserPoolClient, true);
            assert.deepEqual(web.allowedOauthFlows, ["code"]);
            assert.deepEqual(web.allowedOauthScopes, ["openid", "email", "https://api.acme.dev/photos.read"]);
            assert.deepEqual(web.callbackUrls, oauth.callbackUrls);
            assert.deepEqual(web.logoutUrls, oauth.logoutUrls);
            assert.equal(web.accessTokenValidity, 15);
            assert.equal(web.refreshTokenValidity, 7);
        });

        it("the confidential client has a secret, kept secret, and machine scopes", () => {
            const worker = rec.one(aws.cognito.UserPoolClient, "auth-client-worker");
            assert.equal(worker.inputs.generateSecret, true);
            assert.deepEqual(worker.inputs.allowedOauthFlows, ["client_credentials"]);
            assert.deepEqual(worker.inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]);
            assert.ok(worker.outputs.clientSecret, "the provider returns a secret");
        });

        it("clients wait for the resource server whose scopes they list", () => {
            const server = rec.one(aws.cognito.ResourceServer, "auth-resource-server-photos");
            assert.deepEqual(server.inputs.scopes, [
                { scopeName: "photos.read", scopeDescription: "Read photos" },
                { scopeName: "photos.write", scopeDescription: "Upload photos" },
            ]);
            for (const client of rec.all(aws.cognito.UserPoolClient)) assert.ok(rec.dependsOn(client, server), client.name);
        });

        it("only public clients can get identity pool credentials", () => {
            const clientIds = rec.one(aws.cognito.IdentityPool, "auth-identity-pool").inputs.cognitoIdentityProviders.map((p: { clientId: string }) => p.clientId);
            assert.deepEqual(clientIds, [rec.one(aws.cognito.UserPoolClient, "auth-client-web").id]);
        });

        it("the custom domain uses the us-east-1 certificate and gives the CloudFront target for DNS", async () => {
            const domain = rec.one(aws.cognito.UserPoolDomain, "auth-domain").inputs;
            assert.equal(domain.domain, "auth.acme.dev");
            assert.equal(domain.certificateArn, "arn:aws:acm:us-east-1:123456789012:certificate/abc-123");
            const urls = await record(() => {
                const auth = new CognitoAuth("auth", { clients: { web: { oauth } }, domain: { customDomain: "auth.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123" } });
                return { url: auth.hostedUiUrl, target: auth.hostedUiCloudFrontTarget };
            });
            assert.equal(urls.result.url, "https://auth.acme.dev");
            assert.match(String(urls.result.target), /\.cloudfront\.net$/);
        });
    });

    describe("federation", () => {
        let rec: Recording<{ identityPoolId: string; providerName: string; userPoolArn: string }>;
        before(async () => {
            rec = await recordAuth({
                clients: { web: { oauth } },
                domain: { prefix: "acme-test" },
                identityProviders: {
                    google: { clientId: "g-id", clientSecret: "g-secret" },
                    facebook: { clientId: "f-id", clientSecret: "f-secret" },
                    amazon: { clientId: "a-id", clientSecret: "a-secret" },
                    apple: { servicesId: "dev.acme.web", teamId: "TEAM123456", keyId: "KEY1234567", privateKey: "-----BEGIN PRIVATE KEY-----" },
                    saml: { Corp: { metadataUrl: "https://idp.corp.dev/metadata", attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" }, identifiers: ["corp.dev"] } },
                    oidc: { Workforce: { issuer: "https://login.acme.dev", clientId: "o-id", clientSecret: "o-secret" } },
                },
            });
        });

        it("creates each provider with Cognito's provider name and type, and its attribute mapping", () => {
            const providers = rec.all(aws.cognito.IdentityProvider).map((p) => [p.name, p.inputs.providerName, p.inputs.providerType]);
            assert.deepEqual(providers.sort(), [
                ["auth-idp-amazon", "LoginWithAmazon", "LoginWithAmazon"],
                ["auth-idp-apple", "SignInWithApple", "SignInWithApple"],
                ["auth-idp-facebook", "Facebook", "Facebook"],
                ["auth-idp-google", "Google", "Google"],
                ["auth-idp-oidc-Workforce", "Workforce", "OIDC"],
                ["auth-idp-saml-Corp", "Corp", "SAML"],
            ]);
            const google = rec.one(aws.cognito.IdentityProvider, "auth-idp-google").inputs;
            assert.deepEqual(google.attributeMapping, { email: "email" });
            assert.equal(google.providerDetails.authorize_scopes, "openid email profile");
            const saml = rec.one(aws.cognito.IdentityProvider, "auth-idp-saml-Corp").inputs;
            assert.equal(saml.providerDetails.MetadataURL, "https://idp.corp.dev/metadata");
            assert.deepEqual(saml.idpIdentifiers, ["corp.dev"]);
            assert.equal(rec.one(aws.cognito.IdentityProvider, "auth-idp-oidc-Workforce").inputs.providerDetails.oidc_issuer, "https://login.acme.dev");
        });

        it("keeps client secrets and the Apple key as Pulumi secrets", () => {
            for (const name of ["auth-idp-google", "auth-idp-facebook", "auth-idp-amazon", "auth-idp-apple", "auth-idp-oidc-Workforce"]) {
                assert.ok(rec.one(aws.cognito.IdentityProvider, name).secretInputs.has("providerDetails"), name);
            }
        });

        it("every client offers every provider, and waits for them to exist", () => {
            const web = rec.one(aws.cognito.UserPoolClient, "auth-client-web");
            assert.deepEqual(web.inputs.supportedIdentityProviders, ["COGNITO", "Google", "Facebook", "LoginWithAmazon", "SignInWithApple", "Corp", "Workforce"]);
            for (const provider of rec.all(aws.cognito.IdentityProvider)) assert.ok(rec.dependsOn(web, provider), provider.name);
        });

        it("mapped attributes stay writable by clients, or Cognito would refuse the mapping", async () => {
            const withCustom = await recordAuth({
                clients: { web: { oauth } },
                domain: { prefix: "acme-test" },
                customAttributes: { department: { type: "String" } },
                identityProviders: { oidc: { Workforce: { issuer: "https://login.acme.dev", clientId: "o", clientSecret: "s", attributeMapping: { email: "email", "custom:department": "dept" } } } },
            });
            const writable: string[] = withCustom.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.writeAttributes;
            assert.ok(writable.includes("custom:department"));
        });
    });

    describe("groups and role mapping", () => {
        it("token mapping: each identity-pool client maps cognito:preferred_role, ambiguous users get the authenticated role", async () => {
            const rec = await recordAuth({ clients: { web: {}, mobile: {} }, groups: { admins: { precedence: 0, role: true, description: "Admins" }, editors: { precedence: 5, role: true }, beta: {} } });
            const mappings = rec.one(aws.cognito.IdentityPoolRoleAttachment, "auth-roles").inputs.roleMappings;
            const clients = ["web", "mobile"].map((c) => rec.one(aws.cognito.UserPoolClient, `auth-client-${c}`).id);
            assert.deepEqual(
                mappings,
                clients.map((id) => ({ identityProvider: `${rec.result.providerName}:${id}`, type: "Token", ambiguousRoleResolution: "AuthenticatedRole" })),
            );
            const admins = rec.one(aws.cognito.UserGroup, "auth-group-admins").inputs;
            assert.equal(admins.name, "admins");
            assert.equal(admins.precedence, 0);
            assert.equal(admins.roleArn, rec.one(aws.iam.Role, "auth-group-admins-role").outputs.arn);
            assert.equal(rec.one(aws.cognito.UserGroup, "auth-group-beta").inputs.roleArn, undefined);
            assert.equal(rec.find(aws.iam.Role, "auth-group-beta-role"), undefined);
        });

        it("rules mapping: claims pick roles in order, and unmatched users can be denied", async () => {
            const rec = await recordAuth({
                groups: { pro: { precedence: 1, role: true } },
                customAttributes: { plan: { type: "String" } },
                roleMapping: { type: "rules", ambiguous: "deny", rules: [{ claim: "custom:plan", matchType: "Equals", value: "pro", role: "pro" }, { claim: "email_verified", matchType: "Equals", value: "true", role: "authenticated" }] },
            });
            const [mapping] = rec.one(aws.cognito.IdentityPoolRoleAttachment, "auth-roles").inputs.roleMappings;
            assert.equal(mapping.type, "Rules");
            assert.equal(mapping.ambiguousRoleResolution, "Deny");
            assert.deepEqual(mapping.mappingRules, [
                { claim: "custom:plan", matchType: "Equals", value: "pro", roleArn: rec.one(aws.iam.Role, "auth-group-pro-role").outputs.arn },
                { claim: "email_verified", matchType: "Equals", value: "true", roleArn: rec.one(aws.iam.Role, "auth-authenticated-role").outputs.arn },
            ]);
        });

        it("principal tags map token claims to session tags for the user pool provider only", async () => {
            const rec = await recordAuth({ principalTags: { sub: "sub", tenant: "custom:tenant" }, customAttributes: { tenant: { type: "String" } } });
            const tags = rec.one(aws.cognito.IdentityPoolProviderPrincipalTag, "auth-principal-tags").inputs;
            assert.equal(tags.identityPoolId, rec.result.identityPoolId);
            assert.equal(tags.identityProviderName, rec.result.providerName);
            assert.deepEqual(tags.principalTags, { sub: "sub", tenant: "custom:tenant" });
            assert.equal(tags.useDefaults, false);
        });
    });

    describe("explicit role statements", () => {
        it("are the only permissions of the roles, and are what a simulation allows", async () => {
            const table = "arn:aws:dynamodb:us-east-1:123456789012:table/notes";
            const rec = await record(() => {
                const auth = new CognitoAuth("auth", {
                    allowGuests: true,
                    authenticatedRoleStatements: [{ Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: table }],
                    guestRoleStatements: [{ Effect: "Allow", Action: ["dynamodb:Query"], Resource: table }],
                    groups: { editors: { precedence: 1, role: true, roleStatements: [{ Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: table }] } },
                });
                return { authenticated: auth.authenticatedRoleName, guest: auth.guestRoleName!, editors: auth.groupRoles.editors.name };
            });
            const sim = AccessSimulator.load(rec);
            assert.equal(await sim.can({ role: rec.result.authenticated }, "dynamodb:GetItem", table), true);
            assert.equal(await sim.can({ role: rec.result.authenticated }, "dynamodb:PutItem", table), false);
            assert.equal(await sim.can({ role: rec.result.guest }, "dynamodb:Query", table), true);
            assert.equal(await sim.can({ role: rec.result.guest }, "dynamodb:GetItem", table), false);
            assert.equal(await sim.can({ role: rec.result.editors }, "dynamodb:PutItem", table), true);
            assert.equal(await sim.can({ role: rec.result.editors }, "dynamodb:GetItem", table), false);
            assert.deepEqual(rec.all(aws.iam.RolePolicy).map((p) => p.name).sort(), ["auth-authenticated-role-policy", "auth-group-editors-role-policy", "auth-guest-role-policy"]);
        });
    });

    describe("guests", () => {
        it("turn on unauthenticated identities and add the guest role to the attachment", async () => {
            const rec = await recordAuth({ allowGuests: true });
            assert.equal(rec.one(aws.cognito.IdentityPool, "auth-identity-pool").inputs.allowUnauthenticatedIdentities, true);
            assert.equal(rec.one(aws.cognito.IdentityPool, "auth-identity-pool").inputs.allowClassicFlow, false);
            const roles = rec.one(aws.cognito.IdentityPoolRoleAttachment, "auth-roles").inputs.roles;
            assert.equal(roles.unauthenticated, rec.one(aws.iam.Role, "auth-guest-role").outputs.arn);
        });
    });
});
