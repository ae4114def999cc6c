import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs, UserBackendInputError, validateCognitoAuthArgs } from "../../components";
import { MAX_GROUP_NAME_LENGTH } from "../../components";
import { record } from "../../offline";

/**
 * Every `pulumi up` as clean as the first (issue 12): inputs that the provider or Cognito would
 * report back differently, so that a later update fails or shows a change that never settles.
 * Each test names the evidence for the behaviour it pins.
 */

const SES = "arn:aws:ses:us-east-1:123456789012:identity/acme.dev";
const oauth = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };

async function recordAuth(args: CognitoAuthArgs) {
    return record(() => {
        const auth = new CognitoAuth("auth", args);
        return { principalTagClaims: auth.principalTagClaims, userWritableClaims: auth.userWritableClaims };
    });
}

function errorOf(args: CognitoAuthArgs): string {
    try {
        validateCognitoAuthArgs("auth", args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected the arguments to be rejected");
}

describe("CognitoAuth deploy pitfalls", () => {
    describe("schema: every entry carries the constraint block Cognito reports", () => {
        // terraform-provider-aws internal/service/cognitoidp user_pool.go: an update whose schema set
        // differs from what DescribeUserPool reported (its flatten keeps every constraint block Cognito
        // returns) fails with "cannot modify or remove schema items"; the aws_cognito_user_pool docs
        // note from PR #7808 says the constraint block is required for String and Number attributes.
        // The reported values of standard attributes are the provider's table of them
        // (UserPoolSchemaAttributeMatchesStandardAttribute).
        const base = { required: true, mutable: true, developerOnlyAttribute: false };

        it("required standard attributes: 0-2048 characters, birthdate exactly 10, updated_at a Number from 0", async () => {
            const rec = await recordAuth({ requiredAttributes: ["updated_at", "birthdate", "given_name", "email"] });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.schemas, [
                { name: "updated_at", ...base, attributeDataType: "Number", numberAttributeConstraints: { minValue: "0" } },
                { name: "birthdate", ...base, attributeDataType: "String", stringAttributeConstraints: { minLength: "10", maxLength: "10" } },
                { name: "given_name", ...base, attributeDataType: "String", stringAttributeConstraints: { minLength: "0", maxLength: "2048" } },
                { name: "email", ...base, attributeDataType: "String", stringAttributeConstraints: { minLength: "0", maxLength: "2048" } },
            ]);
        });

        it("every standard attribute that can be required has its reported block", async () => {
            const all: CognitoAuthArgs["requiredAttributes"] = [
                "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name",
                "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
            ];
            const rec = await recordAuth({ requiredAttributes: all });
            const schemas = rec.one(aws.cognito.UserPool, "auth-pool").inputs.schemas;
            assert.equal(schemas.length, all!.length);
            for (const entry of schemas) {
                if (entry.name === "updated_at") assert.deepEqual(entry.numberAttributeConstraints, { minValue: "0" }, entry.name);
                else if (entry.name === "birthdate") assert.deepEqual(entry.stringAttributeConstraints, { minLength: "10", maxLength: "10" }, entry.name);
                else assert.deepEqual([entry.attributeDataType, entry.stringAttributeConstraints], ["String", { minLength: "0", maxLength: "2048" }], entry.name);
            }
        });

        it("a Number custom attribute without min or max still sends its (empty) number block; with bounds, exactly those", async () => {
            const rec = await recordAuth({ customAttributes: { score: { type: "Number" }, floor: { type: "Number", min: 1 }, quota: { type: "Number", min: 0, max: 100 }, tenant: { type: "String" } } });
            const byName = Object.fromEntries(rec.one(aws.cognito.UserPool, "auth-pool").inputs.schemas.map((e: { name: string }) => [e.name, e]));
            assert.deepEqual(byName.score.numberAttributeConstraints, {});
            assert.deepEqual(byName.floor.numberAttributeConstraints, { minValue: "1" });
            assert.deepEqual(byName.quota.numberAttributeConstraints, { minValue: "0", maxValue: "100" });
            assert.deepEqual(byName.tenant.stringAttributeConstraints, { minLength: "0", maxLength: "2048" });
            assert.equal(byName.tenant.numberAttributeConstraints, undefined);
            assert.equal(byName.score.stringAttributeConstraints, undefined);
        });
    });

    describe("identity providers: no providerDetails diff on every up", () => {
        // terraform-provider-aws identity_provider.go suppresses the keys Cognito adds to
        // providerDetails only for Google (defaultIdentityProviderDetails) and two SAML keys; the Cognito
        // API reference (IdentityProviderType, "Describe response") lists what it adds for the others.
        // Their values come from discovery or metadata, so the component ignores exactly those keys.
        let rec: Awaited<ReturnType<typeof recordAuth>>;
        before(async () => {
            rec = await recordAuth({
                clients: { web: { oauth } },
                domain: { prefix: "acme-photos-test" },
                identityProviders: {
                    google: { clientId: "g", clientSecret: "g" },
                    facebook: { clientId: "f", clientSecret: "f" },
                    amazon: { clientId: "a", clientSecret: "a" },
                    apple: { servicesId: "dev.acme.web", teamId: "TEAM123456", keyId: "KEY1234567", privateKey: "-----BEGIN PRIVATE KEY-----" },
                    saml: {
                        ByUrl: { metadataUrl: "https://idp.corp.dev/metadata", attributeMapping: { email: "mail" } },
                        ByXml: { metadataXml: "<EntityDescriptor/>", attributeMapping: { email: "mail" } },
                    },
                    oidc: { Workforce: { issuer: "https://login.acme.dev", clientId: "o", clientSecret: "o" } },
                },
            });
        });
        const ignored = (name: string) => rec.one(aws.cognito.IdentityProvider, name).ignoreChanges;

        it("OIDC ignores the endpoints Cognito discovers from the issuer", () => {
            assert.deepEqual(ignored("auth-idp-oidc-Workforce"), [
                "providerDetails.attributes_url", "providerDetails.attributes_url_add_attributes", "providerDetails.authorize_url", "providerDetails.jwks_uri", "providerDetails.token_url",
            ]);
        });

        it("Facebook, Login with Amazon and Apple ignore the endpoints Cognito fills in", () => {
            assert.deepEqual(ignored("auth-idp-facebook"), [
                "providerDetails.attributes_url", "providerDetails.attributes_url_add_attributes", "providerDetails.authorize_url", "providerDetails.token_request_method", "providerDetails.token_url", "providerDetails.api_version",
            ]);
            assert.deepEqual(ignored("auth-idp-amazon"), [
                "providerDetails.attributes_url", "providerDetails.attributes_url_add_attributes", "providerDetails.authorize_url", "providerDetails.token_request_method", "providerDetails.token_url",
            ]);
            assert.deepEqual(ignored("auth-idp-apple"), [
                "providerDetails.attributes_url_add_attributes", "providerDetails.authorize_url", "providerDetails.oidc_issuer", "providerDetails.token_request_method", "providerDetails.token_url",
            ]);
        });

        it("SAML ignores what Cognito reads from the metadata, but never the metadata it is given", () => {
            const derived = ["ActiveEncryptionCertificate", "EncryptedResponses", "IDPInit", "RequestSigningAlgorithm", "SLORedirectBindingURI", "SSORedirectBindingURI"].map((k) => `providerDetails.${k}`);
            assert.deepEqual(ignored("auth-idp-saml-ByUrl"), [...derived, "providerDetails.MetadataFile"]);
            assert.deepEqual(ignored("auth-idp-saml-ByXml"), derived);
        });

        it("Google needs nothing ignored: the provider already suppresses its defaults", () => {
            assert.deepEqual(ignored("auth-idp-google"), []);
        });

        it("no provider ignores a key the component sends, so changed secrets, scopes or metadata still update it", () => {
            for (const provider of rec.all(aws.cognito.IdentityProvider)) {
                for (const key of Object.keys(provider.inputs.providerDetails)) {
                    assert.ok(!provider.ignoreChanges.includes(`providerDetails.${key}`), `${provider.name} ignores ${key}`);
                }
            }
        });
    });

    describe("email MFA: subject and message are always sent", () => {
        // terraform-provider-aws #43917: an empty email_mfa_configuration block is dropped, and email
        // MFA never switches on. Limits: Cognito API reference, EmailMfaConfigType.
        const emailMfa = { mfaFactors: { email: true }, accountRecovery: ["email", "phone"] as ("email" | "phone")[], email: { sesIdentityArn: SES } };

        it("defaults to a subject and a message with {####}", async () => {
            const rec = await recordAuth(emailMfa);
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.emailMfaConfiguration, {
                subject: "Your sign-in code",
                message: "Your sign-in code is {####}. If you did not try to sign in, change your password.",
            });
        });

        it("takes the texts from mfaEmailMessage", async () => {
            const rec = await recordAuth({ ...emailMfa, mfaEmailMessage: { subject: "Acme code", message: "Code: {####}" } });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.emailMfaConfiguration, { subject: "Acme code", message: "Code: {####}" });
        });

        it("the message must contain {####}", () => {
            assert.equal(
                errorOf({ ...emailMfa, mfaEmailMessage: { message: "Your code is ready" } }),
                `CognitoAuth "auth": mfaEmailMessage.message must contain {####}, where Cognito puts the code (received: "Your code is ready")`,
            );
        });

        it("the message must be 6-20000 characters", () => {
            assert.equal(errorOf({ ...emailMfa, mfaEmailMessage: { message: "{####}".padEnd(20001, "x") } }), `CognitoAuth "auth": mfaEmailMessage.message must be 6-20000 characters (received: 20001)`);
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", { ...emailMfa, mfaEmailMessage: { message: "{####}" } }));
        });

        it("the message must not hold control characters", () => {
            assert.match(errorOf({ ...emailMfa, mfaEmailMessage: { message: "Code {####}\u0007" } }), /mfaEmailMessage.message must hold only letters, digits, punctuation, symbols and whitespace/);
        });

        it("the subject must be 1-140 printable characters", () => {
            assert.equal(errorOf({ ...emailMfa, mfaEmailMessage: { subject: "" } }), `CognitoAuth "auth": mfaEmailMessage.subject must be 1-140 letters, digits, punctuation, symbols or spaces (received: "")`);
            assert.match(errorOf({ ...emailMfa, mfaEmailMessage: { subject: "x".repeat(141) } }), /mfaEmailMessage.subject must be 1-140/);
            assert.match(errorOf({ ...emailMfa, mfaEmailMessage: { subject: "Code\u0000" } }), /mfaEmailMessage.subject must be 1-140/);
        });

        it("mfaEmailMessage must be an object", () => {
            assert.match(errorOf({ ...emailMfa, mfaEmailMessage: null as never }), /mfaEmailMessage must be an object with subject and message \(received: null\)/);
        });

        it("mfaEmailMessage needs mfaFactors.email", () => {
            assert.equal(
                errorOf({ mfaEmailMessage: { subject: "Code" } }),
                `CognitoAuth "auth": mfaEmailMessage needs mfaFactors.email (and mfa not "OFF"): it is the text of email MFA codes (received: {"subject":"Code"})`,
            );
        });
    });

    describe("group names", () => {
        it(`are limited to MAX_GROUP_NAME_LENGTH (${MAX_GROUP_NAME_LENGTH}), so signedInRoles keys are at most group- plus that`, async () => {
            assert.equal(MAX_GROUP_NAME_LENGTH, 40);
            const longest = "g".repeat(MAX_GROUP_NAME_LENGTH);
            assert.doesNotThrow(() => validateCognitoAuthArgs("a", { groups: { [longest]: { role: true, precedence: 0 } } }));
            assert.match(errorOf({ groups: { [longest + "g"]: {} } }), /groups keys must be 1-40 letters.*MAX_GROUP_NAME_LENGTH is 40: a group's role is keyed group-<name>, at most 46 characters, in signedInRoles/);
            const rec = await record(() => {
                const auth = new CognitoAuth("a", { groups: { [longest]: { role: true, precedence: 0 } } });
                return { keys: Object.keys(auth.signedInRoles) };
            });
            assert.deepEqual(rec.result.keys, ["authenticated", `group-${longest}`]);
            assert.equal(`group-${longest}`.length, "group-".length + MAX_GROUP_NAME_LENGTH);
        });
    });

    describe("hosted UI prefixes", () => {
        // Prefixes are global per region across accounts; a taken one fails at up with
        // "Domain already associated with another user pool." (aws-samples/aws-cdk-examples#402).
        it("the prefix rules say prefixes are shared by every account in the region, and what to do", () => {
            assert.match(errorOf({ clients: { web: { oauth } }, domain: { prefix: "Acme" } }), /domain.prefix must be 1-63 lowercase .*; prefixes are shared by every AWS account in the region, so include your app and stack names \(for example acme-photos-prod\)/);
            assert.match(errorOf({ clients: { web: { oauth } }, domain: { prefix: "acme-aws" } }), /domain.prefix must not contain aws, amazon or cognito, which AWS reserves; prefixes are shared by every AWS account/);
        });
    });
});

describe("CognitoAuth claims for owner tags", () => {
    it("principalTagClaims is exactly the identity pool's tag-to-claim mapping", async () => {
        const rec = await recordAuth({ principalTags: { sub: "sub", owner: "preferred_username", tenant: "custom:tenant" }, customAttributes: { tenant: { type: "String", mutable: false } } });
        assert.deepEqual(rec.result.principalTagClaims, { sub: "sub", owner: "preferred_username", tenant: "custom:tenant" });
        assert.deepEqual(rec.one(aws.cognito.IdentityPoolProviderPrincipalTag, "auth-principal-tags").inputs.principalTags, rec.result.principalTagClaims);
    });

    it("principalTagClaims is empty without principalTags", async () => {
        assert.deepEqual((await recordAuth({})).result.principalTagClaims, {});
    });

    it("userWritableClaims lists every standard attribute clients may write, and never sub or the *_verified flags", async () => {
        const claims = (await recordAuth({})).result.userWritableClaims;
        for (const claim of ["preferred_username", "email", "phone_number", "name", "given_name", "nickname", "updated_at"]) assert.ok(claims.includes(claim), claim);
        for (const claim of ["sub", "email_verified", "phone_number_verified", "username", "cognito:groups"]) assert.ok(!claims.includes(claim), claim);
    });

    it("userWritableClaims adds userWritable custom attributes and mapped ones, and is exactly what the clients may write", async () => {
        const rec = await recordAuth({
            clients: { web: { oauth }, mobile: {} },
            domain: { prefix: "acme-photos-test" },
            customAttributes: { nick: { type: "String", userWritable: true }, tenant: { type: "String", mutable: false }, dept: { type: "String" }, plan: { type: "String" } },
            identityProviders: { oidc: { Workforce: { issuer: "https://login.acme.dev", clientId: "o", clientSecret: "s", attributeMapping: { email: "email", "custom:dept": "dept" } } } },
        });
        const claims = rec.result.userWritableClaims;
        assert.ok(claims.includes("custom:nick") && claims.includes("custom:dept"), claims.join(","));
        assert.ok(!claims.includes("custom:tenant") && !claims.includes("custom:plan"), claims.join(","));
        for (const client of rec.all(aws.cognito.UserPoolClient)) assert.deepEqual([...client.inputs.writeAttributes].sort(), [...claims].sort(), client.name);
    });
});
