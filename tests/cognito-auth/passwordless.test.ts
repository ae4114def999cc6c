import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs, UserBackendInputError, validateCognitoAuthArgs } from "../../components";
import { record } from "../../offline";

// Choice-based sign-in: passkeys (WebAuthn) and one-time passwords as first factors, on the pool
// and on the clients, and every rule Cognito enforces for them, checked before anything exists.

const SES = "arn:aws:ses:us-east-1:123456789012:identity/acme.dev";
const oauth = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };
const passkeys: CognitoAuthArgs = { signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] }, clients: { web: { oauth } }, domain: { prefix: "acme-photos" } };

function rejects(args: CognitoAuthArgs, expected: string): void {
    try {
        new CognitoAuth("auth", args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        assert.equal(e.message, expected);
        return;
    }
    assert.fail("expected the arguments to be rejected");
}
const accepts = (args: CognitoAuthArgs) => assert.doesNotThrow(() => validateCognitoAuthArgs("auth", args));

async function recordAuth(args: CognitoAuthArgs) {
    return record(() => {
        new CognitoAuth("auth", args);
        return {};
    });
}

describe("CognitoAuth passkeys and passwordless sign-in", () => {
    describe("defaults", () => {
        it("without signInPolicy the pool has no sign-in policy, no passkey settings, and clients no USER_AUTH: password plus TOTP as before", async () => {
            const rec = await recordAuth({});
            const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
            assert.equal(pool.signInPolicy, undefined);
            assert.equal(pool.webAuthnConfiguration, undefined);
            assert.equal(pool.mfaConfiguration, "OPTIONAL");
            assert.deepEqual(pool.softwareTokenMfaConfiguration, { enabled: true });
            assert.deepEqual(rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        });

        it("PASSWORD alone is sent as the policy, and clients get no USER_AUTH (nothing to choose from)", async () => {
            const rec = await recordAuth({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD"] } });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.signInPolicy, { allowedFirstAuthFactors: ["PASSWORD"] });
            assert.deepEqual(rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        });
    });

    describe("passkeys beside passwords", () => {
        it("the pool allows both first factors, with user verification required and MFA left OPTIONAL with TOTP", async () => {
            const rec = await recordAuth(passkeys);
            const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
            assert.deepEqual(pool.signInPolicy, { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] });
            // With a prefix domain and no relying party given, Cognito's default (the prefix domain) applies.
            assert.deepEqual(pool.webAuthnConfiguration, { userVerification: "required" });
            assert.equal(pool.userPoolTier, "ESSENTIALS");
            assert.deepEqual(pool.softwareTokenMfaConfiguration, { enabled: true });
        });

        it("user sign-in clients get ALLOW_USER_AUTH once, and a client_credentials client does not", async () => {
            const rec = await recordAuth({
                ...passkeys,
                clients: { web: { oauth, extraAuthFlows: ["userAuth"] }, machine: { confidential: true, identityPool: false, oauth: { flows: ["client_credentials"], scopes: ["https://api.acme.dev/read"] } } },
                resourceServers: { api: { identifier: "https://api.acme.dev", scopes: { read: "Read" } } },
            });
            assert.deepEqual(rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"]);
            assert.deepEqual(rec.one(aws.cognito.UserPoolClient, "auth-client-machine").inputs.explicitAuthFlows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        });

        it("a custom domain is the relying party unless another is given; preferred verification is passed on", async () => {
            const custom = { customDomain: "auth.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123" };
            const rec = await recordAuth({ ...passkeys, domain: custom });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.webAuthnConfiguration, { relyingPartyId: "auth.acme.dev", userVerification: "required" });
            const pinned = await recordAuth({ ...passkeys, webAuthn: { relyingPartyId: "acme-photos.auth.us-east-1.amazoncognito.com", userVerification: "preferred" } });
            assert.deepEqual(pinned.one(aws.cognito.UserPool, "auth-pool").inputs.webAuthnConfiguration, { relyingPartyId: "acme-photos.auth.us-east-1.amazoncognito.com", userVerification: "preferred" });
        });

        it("without a domain, the app's own domain is the relying party", async () => {
            const rec = await recordAuth({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] }, webAuthn: { relyingPartyId: "app.acme.dev" } });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.webAuthnConfiguration, { relyingPartyId: "app.acme.dev", userVerification: "required" });
        });
    });

    describe("one-time passwords", () => {
        it("email OTP goes out through the SES identity (DEVELOPER); SMS OTP uses the SMS role the pool already has", async () => {
            const rec = await recordAuth({ signInPolicy: { allowedFirstAuthFactors: ["EMAIL_OTP", "SMS_OTP"] }, email: { sesIdentityArn: SES }, signIn: { email: true, phone: true } });
            const pool = rec.one(aws.cognito.UserPool, "auth-pool");
            assert.deepEqual(pool.inputs.signInPolicy, { allowedFirstAuthFactors: ["EMAIL_OTP", "SMS_OTP"] });
            assert.equal(pool.inputs.emailConfiguration.emailSendingAccount, "DEVELOPER");
            assert.equal(pool.inputs.emailConfiguration.sourceArn, SES);
            assert.equal(pool.inputs.smsConfiguration.snsCallerArn, rec.one(aws.iam.Role, "auth-sms-role").outputs.arn);
            assert.equal(pool.inputs.webAuthnConfiguration, undefined, "no passkeys were asked for");
            assert.ok(rec.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.explicitAuthFlows.includes("ALLOW_USER_AUTH"));
        });

        it("passkeys without a password are accepted beside an OTP factor, the way back in", () => {
            accepts({ signInPolicy: { allowedFirstAuthFactors: ["WEB_AUTHN", "EMAIL_OTP"] }, email: { sesIdentityArn: SES }, webAuthn: { relyingPartyId: "app.acme.dev" } });
        });
    });

    describe("validation", () => {
        const at = 'CognitoAuth "auth": signInPolicy.allowedFirstAuthFactors';

        it("factors must be known, listed once, and at least one", () => {
            rejects({ signInPolicy: { allowedFirstAuthFactors: [] } }, `${at} must list at least one of PASSWORD, WEB_AUTHN, EMAIL_OTP, SMS_OTP (received: [])`);
            rejects({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "SOFTWARE_TOKEN" as never] } }, `${at}[1] must be one of PASSWORD, WEB_AUTHN, EMAIL_OTP, SMS_OTP (received: "SOFTWARE_TOKEN")`);
            rejects({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "PASSWORD"] } }, `${at} must not list a factor twice (received: ["PASSWORD","PASSWORD"])`);
            rejects({ signInPolicy: "PASSWORD" as never }, 'CognitoAuth "auth": signInPolicy must be an object with allowedFirstAuthFactors (received: "PASSWORD")');
        });

        it("passwordless factors need the ESSENTIALS or PLUS tier", () => {
            rejects({ ...passkeys, featureTier: "LITE" }, `${at} needs featureTier ESSENTIALS or PLUS for WEB_AUTHN (received featureTier "LITE") (received: ["PASSWORD","WEB_AUTHN"])`);
            accepts({ ...passkeys, featureTier: "PLUS" });
            accepts({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD"] }, featureTier: "LITE" });
        });

        it("passwordless factors need mfa other than ON", () => {
            rejects({ ...passkeys, mfa: "ON" }, `${at} cannot offer WEB_AUTHN with mfa: "ON": Cognito gives no passwordless sign-in to users who must use MFA; use mfa: "OPTIONAL" (received: ["PASSWORD","WEB_AUTHN"])`);
        });

        it("email OTP needs an SES identity", () => {
            rejects({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } }, `${at} has EMAIL_OTP, which needs email.sesIdentityArn: Cognito's built-in sender cannot send sign-in codes (received: ["PASSWORD","EMAIL_OTP"])`);
        });

        it("SMS OTP needs SMS set up", () => {
            rejects(
                { signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "SMS_OTP"] } },
                `${at} has SMS_OTP, which needs SMS (the SNS role Cognito sends texts with): set signIn.phone, mfaFactors.sms or a "phone" accountRecovery (received: ["PASSWORD","SMS_OTP"])`,
            );
            accepts({ signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "SMS_OTP"] }, accountRecovery: ["email", "phone"] });
        });

        it("passkeys alone lock users out", () => {
            rejects(
                { ...passkeys, signInPolicy: { allowedFirstAuthFactors: ["WEB_AUTHN"] } },
                `${at} must allow PASSWORD, EMAIL_OTP or SMS_OTP beside WEB_AUTHN: passkeys are registered by users already signed in, and a lost device must not lock a user out (received: ["WEB_AUTHN"])`,
            );
        });

        it("webAuthn settings need WEB_AUTHN, and a known user verification", () => {
            rejects({ webAuthn: { relyingPartyId: "app.acme.dev" } }, 'CognitoAuth "auth": webAuthn needs WEB_AUTHN in signInPolicy.allowedFirstAuthFactors (received: {"relyingPartyId":"app.acme.dev"})');
            rejects({ ...passkeys, webAuthn: { userVerification: "discouraged" as never } }, 'CognitoAuth "auth": webAuthn.userVerification must be one of required, preferred (received: "discouraged")');
        });

        it("the relying party is a domain name", () => {
            rejects({ ...passkeys, webAuthn: { relyingPartyId: "https://acme.dev/" } }, 'CognitoAuth "auth": webAuthn.relyingPartyId must be a lowercase domain name of at most 127 characters, without scheme or path (received: "https://acme.dev/")');
        });

        it("with a custom domain the relying party is that domain", () => {
            const domain = { customDomain: "auth.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-123" };
            rejects({ ...passkeys, domain, webAuthn: { relyingPartyId: "acme.dev" } }, 'CognitoAuth "auth": webAuthn.relyingPartyId must be the custom domain auth.acme.dev: Cognito requires it for passkeys on a custom domain (received: "acme.dev")');
            accepts({ ...passkeys, domain, webAuthn: { relyingPartyId: "auth.acme.dev" } });
        });

        it("with a prefix domain the relying party is the prefix domain's full host (its parent is a public suffix)", () => {
            for (const rp of ["auth.us-east-1.amazoncognito.com", "amazoncognito.com", "other.auth.us-east-1.amazoncognito.com", "acme.dev"]) {
                rejects(
                    { ...passkeys, webAuthn: { relyingPartyId: rp } },
                    `CognitoAuth "auth": webAuthn.relyingPartyId must be acme-photos.auth.<region>.amazoncognito.com, the prefix domain's host: auth.<region>.amazoncognito.com is a public suffix, which no passkey can be bound to (received: "${rp}")`,
                );
            }
            accepts({ ...passkeys, webAuthn: { relyingPartyId: "acme-photos.auth.eu-west-1.amazoncognito.com" } });
            accepts({ ...passkeys, webAuthn: { relyingPartyId: "acme-photos.auth-fips.us-gov-west-1.amazoncognito.com" } });
        });

        it("without a domain the relying party must be given", () => {
            rejects(
                { signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } },
                'CognitoAuth "auth": webAuthn.relyingPartyId is required with WEB_AUTHN and no domain: name the domain of the app that signs users in (passkeys are bound to it) (received: undefined)',
            );
        });
    });
});
