import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ClientOAuth, CognitoAuth, CognitoAuthArgs, CognitoClientArgs, IdentityProviders, PolicyStatement, UserBackendInputError, validateCognitoAuthArgs } from "../../components";

/** Builds the component and returns the message of the input error it raises (before any resource exists). */
function errorOf(args: CognitoAuthArgs, name = "auth"): string {
    try {
        new CognitoAuth(name, args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected the arguments to be rejected");
}

function rejects(args: CognitoAuthArgs, expected: string, name = "auth"): void {
    assert.equal(errorOf(args, name), expected);
}

/** The validator's message for a component name that is not a string (the constructor cannot be reached with one from TypeScript). */
function errorOfName(name: unknown): string {
    try {
        validateCognitoAuthArgs(name as string, {});
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected the name to be rejected");
}

/** The pure validator, so accepted inputs can be checked without creating resources. */
function accepts(args: CognitoAuthArgs, name = "auth"): void {
    assert.doesNotThrow(() => validateCognitoAuthArgs(name, args));
}

const CALLBACK = "https://app.acme.dev/callback";
const urls = { callbackUrls: [CALLBACK], logoutUrls: ["https://app.acme.dev/"] };
const API = "https://api.acme.dev";
const READ_SCOPE = `${API}/photos.read`;
const resourceServers = { api: { identifier: API, scopes: { "photos.read": "Read photos" } } };
const SES = "arn:aws:ses:us-east-1:123456789012:identity/acme.dev";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";
const OBJECTS = "arn:aws:s3:::acme-photos/*";

/** One client, `web`, with OAuth (valid redirect URLs unless overridden). */
function oauthClient(oauth: Partial<ClientOAuth> = {}, client: CognitoClientArgs = {}): CognitoAuthArgs {
    return { clients: { web: { ...client, oauth: { ...urls, ...oauth } } } };
}

/** A confidential machine client with only resource-server scopes. */
function machineClient(client: CognitoClientArgs = {}, oauth: Partial<ClientOAuth> = {}): CognitoAuthArgs {
    return {
        resourceServers,
        clients: { m2m: { confidential: true, ...client, oauth: { ...urls, flows: ["client_credentials"], scopes: [READ_SCOPE], ...oauth } } },
    };
}

/** Everything federation needs besides the providers: a domain and a client with OAuth. */
function federated(identityProviders: IdentityProviders, extra: CognitoAuthArgs = {}): CognitoAuthArgs {
    return { ...oauthClient(), domain: { prefix: "acme-auth" }, identityProviders, ...extra };
}

const google = { clientId: "google-client-id", clientSecret: "google-client-secret" };
const saml = { metadataUrl: "https://idp.acme.dev/metadata.xml", attributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" } };
const oidc = { issuer: "https://login.acme.dev", clientId: "acme-client", clientSecret: "acme-secret" };

/** A valid Allow statement, with some of its fields replaced. */
function statement(fields: Partial<Record<keyof PolicyStatement, unknown>> = {}): PolicyStatement {
    return { Effect: "Allow", Action: ["s3:GetObject"], Resource: OBJECTS, ...fields } as PolicyStatement;
}

const statementError = (fields: Partial<Record<keyof PolicyStatement, unknown>>) => errorOf({ authenticatedRoleStatements: [statement(fields)] });

describe("CognitoAuth validation", () => {
    describe("name", () => {
        it("must be 1-37 letters, digits, '-' or '_' so IAM role names fit in 64 characters", () => {
            const long = "a".repeat(38);
            const rule = "name must be 1-37 letters, digits, '-' or '_', starting with a letter or digit (it prefixes IAM role names, which AWS limits to 64 characters)";
            rejects({}, `CognitoAuth "${long}": ${rule} (received: "${long}")`, long);
            assert.match(errorOf({}, "my auth"), /name must be 1-37 letters.*\(received: "my auth"\)/);
            assert.match(errorOf({}, "-auth"), /name must be 1-37 letters.*\(received: "-auth"\)/);
            accepts({}, "a".repeat(37));
        });

        it("userPoolName must be 1-128 of the characters AWS accepts", () => {
            rejects({ userPoolName: "acme/users" }, `CognitoAuth "auth": userPoolName must be 1-128 letters, digits, spaces and _ + = , . @ - (received: "acme/users")`);
            assert.match(errorOf({ userPoolName: "" }), /userPoolName must be 1-128/);
            assert.match(errorOf({ userPoolName: "a".repeat(129) }), /userPoolName must be 1-128/);
            accepts({ userPoolName: "Acme users_prod+eu=1,2.x@y-z" });
        });
    });

    describe("sign-in", () => {
        it("must enable at least one way to sign in", () => {
            rejects({ signIn: { email: false } }, `CognitoAuth "auth": signIn must enable at least one of email, phone and username (received: {"email":false})`);
            accepts({ signIn: { email: false, phone: true } });
        });

        it("preferredUsername needs username", () => {
            rejects(
                { signIn: { preferredUsername: true } },
                `CognitoAuth "auth": signIn.preferredUsername needs signIn.username: preferred_username is an alias of a username (received: true)`,
            );
            accepts({ signIn: { username: true, preferredUsername: true } });
        });
    });

    describe("password policy", () => {
        it("minimumLength must be a whole number from 8 to 99", () => {
            rejects({ passwordPolicy: { minimumLength: 6 } }, `CognitoAuth "auth": passwordPolicy.minimumLength must be a whole number of characters from 8 to 99 (received: 6)`);
            assert.match(errorOf({ passwordPolicy: { minimumLength: 100 } }), /minimumLength must be a whole number.*\(received: 100\)/);
            assert.match(errorOf({ passwordPolicy: { minimumLength: 12.5 } }), /minimumLength must be a whole number.*\(received: 12.5\)/);
        });

        it("temporaryPasswordValidityDays must be a whole number from 1 to 7", () => {
            rejects(
                { passwordPolicy: { temporaryPasswordValidityDays: 0 } },
                `CognitoAuth "auth": passwordPolicy.temporaryPasswordValidityDays must be a whole number of days from 1 to 7 (received: 0)`,
            );
            assert.match(errorOf({ passwordPolicy: { temporaryPasswordValidityDays: 8 } }), /temporaryPasswordValidityDays .*\(received: 8\)/);
        });
    });

    describe("MFA and tiers", () => {
        it("mfa must be OFF, OPTIONAL or ON", () => {
            rejects({ mfa: "SOMETIMES" as any }, `CognitoAuth "auth": mfa must be one of OFF, OPTIONAL, ON (received: "SOMETIMES")`);
        });

        it("mfaFactors have no effect with mfa OFF", () => {
            rejects({ mfa: "OFF", mfaFactors: { totp: true } }, `CognitoAuth "auth": mfaFactors has no effect with mfa: "OFF"; remove one of them (received: {"totp":true})`);
            accepts({ mfa: "OFF", mfaFactors: { totp: false } });
        });

        it("with MFA on or optional, at least one factor must be enabled", () => {
            rejects({ mfaFactors: { totp: false } }, `CognitoAuth "auth": mfaFactors must enable at least one factor with mfa: "OPTIONAL" (received: {"totp":false})`);
            assert.match(errorOf({ mfa: "ON", mfaFactors: { totp: false, sms: false } }), /mfaFactors must enable at least one factor with mfa: "ON"/);
            accepts({ mfaFactors: { totp: false, sms: true } });
            accepts({ mfaFactors: { totp: false }, signIn: { phone: true } });
        });

        it("featureTier must be LITE, ESSENTIALS or PLUS", () => {
            rejects({ featureTier: "GOLD" as any }, `CognitoAuth "auth": featureTier must be one of LITE, ESSENTIALS, PLUS (received: "GOLD")`);
        });

        it("threatProtection must be AUDIT or ENFORCED", () => {
            rejects({ threatProtection: "BLOCK" as any }, `CognitoAuth "auth": threatProtection must be one of AUDIT, ENFORCED (received: "BLOCK")`);
        });

        it("threatProtection needs the PLUS tier", () => {
            rejects(
                { featureTier: "ESSENTIALS", threatProtection: "AUDIT" },
                `CognitoAuth "auth": threatProtection needs featureTier: "PLUS" (received featureTier "ESSENTIALS") (received: "AUDIT")`,
            );
            accepts({ threatProtection: "ENFORCED" });
        });

        it("email MFA needs an SES identity", () => {
            rejects(
                { mfaFactors: { email: true }, accountRecovery: ["email", "phone"] },
                `CognitoAuth "auth": mfaFactors.email needs email.sesIdentityArn: Cognito's built-in sender cannot send MFA codes (received: true)`,
            );
        });

        it("email MFA needs the ESSENTIALS or PLUS tier", () => {
            rejects(
                { mfaFactors: { email: true }, accountRecovery: ["email", "phone"], email: { sesIdentityArn: SES }, featureTier: "LITE" },
                `CognitoAuth "auth": mfaFactors.email needs featureTier ESSENTIALS or PLUS (received: true)`,
            );
        });

        it("email MFA needs a second recovery method", () => {
            rejects(
                { mfaFactors: { email: true }, email: { sesIdentityArn: SES } },
                `CognitoAuth "auth": mfaFactors.email needs a second accountRecovery method, so a lost mailbox does not lose both factors (for example ["email", "phone"]) (received: ["email"])`,
            );
            accepts({ mfaFactors: { email: true }, email: { sesIdentityArn: SES }, accountRecovery: ["email", "phone"] });
        });
    });

    describe("account recovery", () => {
        it("must be a list", () => {
            rejects({ accountRecovery: "email" as any }, `CognitoAuth "auth": accountRecovery must be a list of email and phone (received: "email")`);
        });

        it("methods must be email or phone", () => {
            rejects({ accountRecovery: ["sms" as any] }, `CognitoAuth "auth": accountRecovery[0] must be one of email, phone (received: "sms")`);
        });

        it("must not list a method twice", () => {
            rejects({ accountRecovery: ["email", "email"] }, `CognitoAuth "auth": accountRecovery must not list a method twice (received: ["email","email"])`);
            accepts({ accountRecovery: [] });
        });
    });

    describe("email", () => {
        it("from needs an SES identity", () => {
            rejects(
                { email: { from: "Acme <no-reply@acme.dev>" } },
                `CognitoAuth "auth": email.from needs email.sesIdentityArn: Cognito's built-in sender uses its own address (received: "Acme <no-reply@acme.dev>")`,
            );
        });

        it("configurationSet needs an SES identity", () => {
            rejects({ email: { configurationSet: "auth-metrics" } }, `CognitoAuth "auth": email.configurationSet needs email.sesIdentityArn (received: "auth-metrics")`);
            accepts({ email: { sesIdentityArn: SES, from: "Acme <no-reply@acme.dev>", configurationSet: "auth-metrics" } });
        });

        it("sesIdentityArn must be an SES identity ARN", () => {
            rejects(
                { email: { sesIdentityArn: "no-reply@acme.dev" } },
                `CognitoAuth "auth": email.sesIdentityArn must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>) (received: "no-reply@acme.dev")`,
            );
            assert.match(errorOf({ email: { sesIdentityArn: "arn:aws:ses:us-east-1:123456789012:configuration-set/auth" } }), /email.sesIdentityArn must be an SES identity ARN/);
        });
    });

    describe("messages", () => {
        it("verificationMessages.emailStyle must be code or link", () => {
            rejects({ verificationMessages: { emailStyle: "otp" as any } }, `CognitoAuth "auth": verificationMessages.emailStyle must be one of code, link (received: "otp")`);
        });

        it("a code-style email message must contain {####}", () => {
            rejects(
                { verificationMessages: { emailMessage: "Your code is 1234" } },
                `CognitoAuth "auth": verificationMessages.emailMessage must contain {####}, where Cognito puts the code (received: "Your code is 1234")`,
            );
            accepts({ verificationMessages: { emailMessage: "Your code is {####}" } });
        });

        it("a link-style email message must contain {##link text##}", () => {
            rejects(
                { verificationMessages: { emailStyle: "link", emailMessage: "Confirm: {####}" } },
                `CognitoAuth "auth": verificationMessages.emailMessage must contain {##link text##}, where Cognito puts the link (received: "Confirm: {####}")`,
            );
            accepts({ verificationMessages: { emailStyle: "link", emailMessage: "Please {##confirm your address##}" } });
        });

        it("the SMS message must contain {####}", () => {
            rejects(
                { verificationMessages: { smsMessage: "Your code" } },
                `CognitoAuth "auth": verificationMessages.smsMessage must contain {####}, where Cognito puts the code (received: "Your code")`,
            );
        });

        it("the email subject must be 1-140 characters", () => {
            rejects({ verificationMessages: { emailSubject: "" } }, `CognitoAuth "auth": verificationMessages.emailSubject must be 1-140 characters (received: "")`);
            assert.match(errorOf({ verificationMessages: { emailSubject: "s".repeat(141) } }), /emailSubject must be 1-140 characters/);
            accepts({ verificationMessages: { emailSubject: "s".repeat(140) } });
        });

        it("invitation messages must contain {username} and {####}", () => {
            rejects(
                { invitationMessages: { emailMessage: "Welcome, your password is {####}" } },
                `CognitoAuth "auth": invitationMessages.emailMessage must contain {username} and {####}, where Cognito puts the username and temporary password (received: "Welcome, your password is {####}")`,
            );
            assert.match(errorOf({ invitationMessages: { smsMessage: "Hi {username}" } }), /invitationMessages.smsMessage must contain \{username\} and \{####\}.*\(received: "Hi \{username\}"\)/);
            accepts({ invitationMessages: { emailMessage: "{username}: {####}", smsMessage: "{username} {####}" } });
        });
    });

    describe("attributes", () => {
        it("required attributes must be standard attributes", () => {
            rejects(
                { requiredAttributes: ["email", "custom:tenant" as any] },
                `CognitoAuth "auth": requiredAttributes[1] must be a standard attribute (custom attributes cannot be required) (received: "custom:tenant")`,
            );
        });

        it("required attributes must not repeat", () => {
            rejects({ requiredAttributes: ["name", "name"] }, `CognitoAuth "auth": requiredAttributes must not list an attribute twice (received: ["name","name"])`);
        });

        it("at most 50 attributes in the schema", () => {
            const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`attr${i}`, { type: "String" as const }]));
            rejects({ customAttributes: many }, `CognitoAuth "auth": customAttributes together with requiredAttributes must hold at most 50 attributes (received: 51)`);
            const fortyNine = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`attr${i}`, { type: "String" as const }]));
            assert.match(errorOf({ customAttributes: fortyNine, requiredAttributes: ["name", "birthdate"] }), /customAttributes together with requiredAttributes must hold at most 50 attributes \(received: 51\)/);
            accepts({ customAttributes: fortyNine, requiredAttributes: ["name"] });
        });

        it("custom attribute names must be 1-20 letters, digits, '_' or '-' without the custom: prefix", () => {
            rejects(
                { customAttributes: { "custom:tenant": { type: "String" } } },
                `CognitoAuth "auth": customAttributes keys must be 1-20 letters, digits, '_' or '-' (without the custom: prefix) (received: "custom:tenant")`,
            );
            assert.match(errorOf({ customAttributes: { ["t".repeat(21)]: { type: "String" } } }), /customAttributes keys must be 1-20/);
        });

        it("the type must be one of the four Cognito types", () => {
            rejects(
                { customAttributes: { tenant: { type: "Text" as any } } },
                `CognitoAuth "auth": customAttributes.tenant.type must be one of String, Number, Boolean, DateTime (received: "Text")`,
            );
        });

        it("the type is required", () => {
            rejects(
                { customAttributes: { tenant: {} as any } },
                `CognitoAuth "auth": customAttributes.tenant.type must be String, Number, Boolean or DateTime (received: undefined)`,
            );
        });

        it("minLength and maxLength apply only to String", () => {
            rejects(
                { customAttributes: { seats: { type: "Number", maxLength: 10 } } },
                `CognitoAuth "auth": customAttributes.seats may set minLength and maxLength only for type String (received: "Number")`,
            );
        });

        it("min and max apply only to Number", () => {
            rejects(
                { customAttributes: { tenant: { type: "String", min: 1 } } },
                `CognitoAuth "auth": customAttributes.tenant may set min and max only for type Number (received: "String")`,
            );
        });

        it("minLength must be a whole number from 0 to 2048", () => {
            rejects(
                { customAttributes: { tenant: { type: "String", minLength: -1 } } },
                `CognitoAuth "auth": customAttributes.tenant.minLength must be a whole number of characters from 0 to 2048 (received: -1)`,
            );
        });

        it("maxLength must be a whole number from 1 to 2048", () => {
            rejects(
                { customAttributes: { tenant: { type: "String", maxLength: 0 } } },
                `CognitoAuth "auth": customAttributes.tenant.maxLength must be a whole number of characters from 1 to 2048 (received: 0)`,
            );
            assert.match(errorOf({ customAttributes: { tenant: { type: "String", maxLength: 2049 } } }), /maxLength must be a whole number .*\(received: 2049\)/);
        });

        it("minLength must not exceed maxLength", () => {
            rejects(
                { customAttributes: { tenant: { type: "String", minLength: 10, maxLength: 5 } } },
                `CognitoAuth "auth": customAttributes.tenant.minLength must not exceed maxLength (received: 10)`,
            );
        });

        it("min must not exceed max", () => {
            rejects({ customAttributes: { seats: { type: "Number", min: 10, max: 1 } } }, `CognitoAuth "auth": customAttributes.seats.min must not exceed max (received: 10)`);
            accepts({ customAttributes: { seats: { type: "Number", min: -5, max: 5 } } });
        });

        it("an immutable attribute cannot be user-writable", () => {
            rejects(
                { customAttributes: { tenant: { type: "String", mutable: false, userWritable: true } } },
                `CognitoAuth "auth": customAttributes.tenant.userWritable cannot be true for an immutable attribute (received: true)`,
            );
        });
    });

    describe("triggers", () => {
        it("keys must be trigger names", () => {
            rejects(
                { triggers: { preSignup: LAMBDA } as any },
                `CognitoAuth "auth": triggers keys must be one of preSignUp, postConfirmation, preAuthentication, postAuthentication, preTokenGeneration, customMessage, defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse, userMigration (received: "preSignup")`,
            );
        });

        it("values must be Lambda function ARNs", () => {
            rejects(
                { triggers: { preSignUp: "pre-sign-up" } },
                `CognitoAuth "auth": triggers.preSignUp must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) (received: "pre-sign-up")`,
            );
            assert.match(errorOf({ triggers: { customMessage: "arn:aws:lambda:us-east-1:123456789012:layer:messages" } }), /triggers.customMessage must be a Lambda function ARN/);
            accepts({ triggers: { preSignUp: LAMBDA, postConfirmation: `${LAMBDA}:live`, userMigration: `${LAMBDA}:3` } });
        });
    });

    describe("resource servers", () => {
        it("keys must be 1-40 letters, digits, '-' or '_'", () => {
            rejects(
                { resourceServers: { "photo api": resourceServers.api } },
                `CognitoAuth "auth": resourceServers keys must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "photo api")`,
            );
        });

        it("the identifier must be 1-256 printable characters without spaces, quotes or backslashes", () => {
            rejects(
                { resourceServers: { api: { identifier: "photo api", scopes: { read: "Read" } } } },
                `CognitoAuth "auth": resourceServers.api.identifier must be 1-256 printable characters without spaces, quotes or backslashes, such as https://api.acme.dev (received: "photo api")`,
            );
            assert.match(errorOf({ resourceServers: { api: { identifier: "", scopes: { read: "Read" } } } }), /resourceServers.api.identifier must be 1-256/);
        });

        it("identifiers must be unique", () => {
            rejects(
                { resourceServers: { ...resourceServers, copy: resourceServers.api } },
                `CognitoAuth "auth": resourceServers.copy.identifier is used by another resource server (received: "https://api.acme.dev")`,
            );
        });

        it("must define at least one scope", () => {
            rejects({ resourceServers: { api: { identifier: API, scopes: {} } } }, `CognitoAuth "auth": resourceServers.api.scopes must define at least one scope (received: {})`);
        });

        it("must define at most 100 scopes", () => {
            const scopes = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`scope${i}`, `Scope ${i}`]));
            rejects({ resourceServers: { api: { identifier: API, scopes } } }, `CognitoAuth "auth": resourceServers.api.scopes must define at most 100 scopes (received: 101)`);
        });

        it("scope names must be printable characters without spaces, quotes, '/' or backslashes", () => {
            rejects(
                { resourceServers: { api: { identifier: API, scopes: { "photos/read": "Read photos" } } } },
                `CognitoAuth "auth": resourceServers.api.scopes names must be 1-256 printable characters without spaces, quotes, '/' or backslashes (received: "photos/read")`,
            );
        });

        it("scope descriptions must be 1-256 characters", () => {
            rejects(
                { resourceServers: { api: { identifier: API, scopes: { read: "" } } } },
                `CognitoAuth "auth": resourceServers.api.scopes.read must be a description of 1-256 characters (received: "")`,
            );
            assert.match(errorOf({ resourceServers: { api: { identifier: API, scopes: { read: "d".repeat(257) } } } }), /scopes.read must be a description of 1-256 characters/);
        });
    });

    describe("clients, OAuth and redirect URLs", () => {
        it("must define at least one client", () => {
            rejects({ clients: {} }, `CognitoAuth "auth": clients must define at least one app client (received: {})`);
        });

        it("keys must be 1-40 letters, digits, '-' or '_'", () => {
            rejects(
                { clients: { "web app": {} } },
                `CognitoAuth "auth": clients keys must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "web app")`,
            );
        });

        it("extra auth flows must be known", () => {
            rejects(
                { clients: { web: { extraAuthFlows: ["srp" as any] } } },
                `CognitoAuth "auth": clients.web.extraAuthFlows[0] must be one of userPassword, adminUserPassword, custom, userAuth (received: "srp")`,
            );
        });

        it("cognitoSignIn cannot be false without identity providers", () => {
            rejects(
                { clients: { web: { cognitoSignIn: false } } },
                `CognitoAuth "auth": clients.web.cognitoSignIn cannot be false without identityProviders: users would have no way to sign in (received: false)`,
            );
            accepts(federated({ google }, { clients: { web: { cognitoSignIn: false, oauth: urls } } }));
        });

        it("a client_credentials client cannot use the identity pool", () => {
            rejects(
                machineClient({ identityPool: true }),
                `CognitoAuth "auth": clients.m2m.identityPool cannot be true for a client_credentials client: it has no users to give credentials to (received: true)`,
            );
        });

        describe("redirect URLs", () => {
            const callbackError = (callbackUrls: string[]) => errorOf(oauthClient({ callbackUrls }));

            it("must not be empty strings", () => {
                assert.equal(callbackError([""]), `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must be a non-empty URL (received: "")`);
            });

            it("must be at most 1024 characters", () => {
                const long = `https://app.acme.dev/${"a".repeat(1004)}`;
                assert.equal(long.length, 1025);
                assert.equal(callbackError([long]), `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must be at most 1024 characters (received: "${long}")`);
                accepts(oauthClient({ callbackUrls: [long.slice(0, 1024)] }));
            });

            it("must be absolute", () => {
                assert.equal(
                    callbackError(["/callback"]),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must be an absolute URL such as https://app.acme.dev/callback (received: "/callback")`,
                );
                assert.match(callbackError(["app.acme.dev/callback"]), /must be an absolute URL/);
            });

            it("must use https, except http on localhost", () => {
                assert.equal(
                    callbackError(["http://app.acme.dev/callback"]),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must use https:// (http:// is accepted only for localhost) (received: "http://app.acme.dev/callback")`,
                );
                assert.match(callbackError(["http://localhost.acme.dev/callback"]), /must use https:\/\/ \(http:\/\/ is accepted only for localhost\)/);
                accepts(oauthClient({ callbackUrls: ["http://localhost:5173/callback", "http://127.0.0.1:3000/callback"] }));
            });

            it("must not use another scheme", () => {
                assert.equal(
                    callbackError(["ftp://app.acme.dev/callback"]),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must use https:// (or http://localhost) (received: "ftp://app.acme.dev/callback")`,
                );
            });

            it("must not contain a fragment", () => {
                assert.equal(
                    callbackError([`${CALLBACK}#token`]),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must not contain a fragment (#) (received: "${CALLBACK}#token")`,
                );
                assert.match(callbackError([`${CALLBACK}#`]), /must not contain a fragment/);
            });

            it("must not be an example.com/.net/.org placeholder, including subdomains", () => {
                assert.equal(
                    callbackError(["https://example.com/callback"]),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls[0] must not be a placeholder on example.com/.net/.org: use your app's real URL (received: "https://example.com/callback")`,
                );
                for (const url of ["https://app.example.org/callback", "https://www.EXAMPLE.net/", "https://a.b.example.com:8443/cb", "https://example.com./cb"]) {
                    assert.match(callbackError([url]), /must not be a placeholder on example\.com/, url);
                }
                accepts(oauthClient({ callbackUrls: ["https://myexample.com/callback", "https://example.community/callback"] }));
            });

            it("the list must not be empty", () => {
                rejects(
                    oauthClient({ callbackUrls: [] }),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls must list at least one URL (there is no default: a placeholder would send codes to someone else) (received: [])`,
                );
                assert.match(errorOf(oauthClient({ logoutUrls: [] })), /clients.web.oauth.logoutUrls must list at least one URL/);
            });

            it("the list must not repeat a URL", () => {
                rejects(
                    oauthClient({ callbackUrls: [CALLBACK, CALLBACK] }),
                    `CognitoAuth "auth": clients.web.oauth.callbackUrls must not list a URL twice (received: ["${CALLBACK}","${CALLBACK}"])`,
                );
            });

            it("the list must hold at most 100 URLs", () => {
                const callbackUrls = Array.from({ length: 101 }, (_, i) => `https://app.acme.dev/callback/${i}`);
                rejects(oauthClient({ callbackUrls }), `CognitoAuth "auth": clients.web.oauth.callbackUrls must list at most 100 URLs (received: 101)`);
                accepts(oauthClient({ callbackUrls: callbackUrls.slice(0, 100) }));
            });

            it("logout URLs follow the same rules", () => {
                rejects(
                    oauthClient({ logoutUrls: ["http://app.acme.dev/"] }),
                    `CognitoAuth "auth": clients.web.oauth.logoutUrls[0] must use https:// (http:// is accepted only for localhost) (received: "http://app.acme.dev/")`,
                );
            });
        });

        describe("OAuth flows and scopes", () => {
            it("flows must not be empty", () => {
                rejects(oauthClient({ flows: [] }), `CognitoAuth "auth": clients.web.oauth.flows must list at least one of code, client_credentials (received: [])`);
            });

            it("the implicit flow is refused", () => {
                rejects(
                    oauthClient({ flows: ["implicit" as any] }),
                    `CognitoAuth "auth": clients.web.oauth.flows[0] must not be implicit: tokens in the URL leak through history and referrers; use code (with PKCE) (received: "implicit")`,
                );
            });

            it("flows must be code or client_credentials", () => {
                rejects(
                    oauthClient({ flows: ["password" as any] }),
                    `CognitoAuth "auth": clients.web.oauth.flows[0] must be one of code, client_credentials (received: "password")`,
                );
            });

            it("scopes must not be empty", () => {
                rejects(oauthClient({ scopes: [] }), `CognitoAuth "auth": clients.web.oauth.scopes must list at least one scope (received: [])`);
            });

            it("scopes must be standard or defined by a resource server", () => {
                rejects(
                    oauthClient({ scopes: ["openid", "photos.read"] }),
                    `CognitoAuth "auth": clients.web.oauth.scopes[1] must be one of openid, email, phone, profile, aws.cognito.signin.user.admin or a scope of resourceServers (<identifier>/<scope>) (received: "photos.read")`,
                );
                assert.match(errorOf(oauthClient({ scopes: ["openid", READ_SCOPE] })), /scopes\[1\] must be one of openid/, "a resource server scope needs the resource server");
                accepts({ ...oauthClient({ scopes: ["openid", READ_SCOPE] }), resourceServers });
            });

            it("email, phone and profile need openid", () => {
                rejects(
                    oauthClient({ scopes: ["email", "profile"] }),
                    `CognitoAuth "auth": clients.web.oauth.scopes must include openid when it includes email, phone or profile (received: ["email","profile"])`,
                );
                accepts(oauthClient({ scopes: ["aws.cognito.signin.user.admin"] }));
            });

            it("client_credentials needs a confidential client", () => {
                rejects(
                    machineClient({ confidential: false }),
                    `CognitoAuth "auth": clients.m2m.oauth.flows may use client_credentials only on a confidential client (one with a secret) (received: ["client_credentials"])`,
                );
            });

            it("client_credentials cannot be combined with code", () => {
                rejects(
                    machineClient({}, { flows: ["code", "client_credentials"] }),
                    `CognitoAuth "auth": clients.m2m.oauth.flows must not combine client_credentials with code: machine and user clients are separate clients (received: ["code","client_credentials"])`,
                );
            });

            it("client_credentials takes only resource-server scopes", () => {
                rejects(
                    machineClient({}, { scopes: [READ_SCOPE, "openid"] }),
                    `CognitoAuth "auth": clients.m2m.oauth.scopes must hold only resource-server scopes with client_credentials (there is no user to describe) (received: ["${READ_SCOPE}","openid"])`,
                );
            });
        });
    });

    describe("token validity", () => {
        const tokenError = (tokenValidity: object) => errorOf({ clients: { web: { tokenValidity } } });

        it("access tokens last 5 to 1440 minutes", () => {
            assert.equal(
                tokenError({ accessTokenMinutes: 4 }),
                `CognitoAuth "auth": clients.web.tokenValidity.accessTokenMinutes must be a whole number of minutes from 5 to 1440 (received: 4)`,
            );
        });

        it("ID tokens last 5 to 1440 minutes", () => {
            assert.equal(
                tokenError({ idTokenMinutes: 1441 }),
                `CognitoAuth "auth": clients.web.tokenValidity.idTokenMinutes must be a whole number of minutes from 5 to 1440 (received: 1441)`,
            );
        });

        it("refresh tokens last 1 to 3650 days", () => {
            assert.equal(
                tokenError({ refreshTokenDays: 3651 }),
                `CognitoAuth "auth": clients.web.tokenValidity.refreshTokenDays must be a whole number of days from 1 to 3650 (received: 3651)`,
            );
        });

        it("auth sessions last 3 to 15 minutes", () => {
            assert.equal(
                tokenError({ authSessionMinutes: 16 }),
                `CognitoAuth "auth": clients.web.tokenValidity.authSessionMinutes must be a whole number of minutes from 3 to 15 (received: 16)`,
            );
        });

        it("refresh tokens must outlast access and ID tokens", () => {
            assert.equal(
                tokenError({ refreshTokenDays: 1, idTokenMinutes: 1440 }),
                `CognitoAuth "auth": clients.web.tokenValidity.refreshTokenDays must outlast the access and ID tokens (received: 1)`,
            );
            accepts({ clients: { web: { tokenValidity: { refreshTokenDays: 1, accessTokenMinutes: 1439, idTokenMinutes: 5, authSessionMinutes: 3 } } } });
        });
    });

    describe("amplifyClient", () => {
        it("must name a client", () => {
            rejects({ amplifyClient: "mobile" }, `CognitoAuth "auth": amplifyClient must name a client (one of web) (received: "mobile")`);
        });

        it("must name a public client", () => {
            rejects(
                { clients: { web: {}, server: { confidential: true } }, amplifyClient: "server" },
                `CognitoAuth "auth": amplifyClient must name a public client: browsers and apps cannot keep a secret (received: "server")`,
            );
            accepts({ clients: { web: {}, server: { confidential: true } }, amplifyClient: "web" });
        });
    });

    describe("domain", () => {
        const withDomain = (domain: CognitoAuthArgs["domain"]): CognitoAuthArgs => ({ ...oauthClient(), domain });

        it("must set exactly one of prefix and customDomain", () => {
            rejects(withDomain({}), `CognitoAuth "auth": domain must set exactly one of prefix and customDomain (received: {})`);
            assert.match(errorOf(withDomain({ prefix: "acme-auth", customDomain: "auth.acme.dev", certificateArn: CERT })), /domain must set exactly one of prefix and customDomain/);
        });

        it("the prefix must be lowercase letters, digits and hyphens", () => {
            rejects(
                withDomain({ prefix: "Acme" }),
                `CognitoAuth "auth": domain.prefix must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; prefixes are shared by every AWS account in the region, so include your app and stack names (for example acme-photos-prod) (received: "Acme")`,
            );
            assert.match(errorOf(withDomain({ prefix: "acme-" })), /domain.prefix must be 1-63 lowercase/);
            assert.match(errorOf(withDomain({ prefix: "a".repeat(64) })), /domain.prefix must be 1-63 lowercase/);
        });

        it("the prefix must not contain aws, amazon or cognito", () => {
            rejects(
                withDomain({ prefix: "acme-cognito" }),
                `CognitoAuth "auth": domain.prefix must not contain aws, amazon or cognito, which AWS reserves; prefixes are shared by every AWS account in the region, so include your app and stack names (for example acme-photos-prod) (received: "acme-cognito")`,
            );
        });

        it("certificateArn applies only to a custom domain", () => {
            rejects(withDomain({ prefix: "acme-auth", certificateArn: CERT }), `CognitoAuth "auth": domain.certificateArn applies only to customDomain (received: "${CERT}")`);
        });

        it("the custom domain must be a lowercase DNS name", () => {
            rejects(
                withDomain({ customDomain: "Auth.Acme.dev", certificateArn: CERT }),
                `CognitoAuth "auth": domain.customDomain must be a lowercase DNS name such as auth.acme.dev (received: "Auth.Acme.dev")`,
            );
            assert.match(errorOf(withDomain({ customDomain: "https://auth.acme.dev", certificateArn: CERT })), /domain.customDomain must be a lowercase DNS name/);
        });

        it("a custom domain needs a certificate", () => {
            rejects(withDomain({ customDomain: "auth.acme.dev" }), `CognitoAuth "auth": domain.certificateArn is required with customDomain unless domain.hostedZoneId is set (CognitoAuth then creates it) (received: undefined)`);
        });

        it("the certificate must be an ACM certificate in us-east-1", () => {
            const elsewhere = CERT.replace("us-east-1", "eu-west-1");
            rejects(
                withDomain({ customDomain: "auth.acme.dev", certificateArn: elsewhere }),
                `CognitoAuth "auth": domain.certificateArn must be an ACM certificate ARN in us-east-1 (Cognito serves custom domains through CloudFront) (received: "${elsewhere}")`,
            );
            accepts(withDomain({ customDomain: "auth.acme.dev", certificateArn: CERT }));
        });

        it("needs a client with OAuth", () => {
            rejects(
                { domain: { prefix: "acme-auth" } },
                `CognitoAuth "auth": domain needs a client with oauth: the hosted UI signs users in through OAuth (received: {"prefix":"acme-auth"})`,
            );
        });
    });

    describe("identity providers", () => {
        it("need a domain", () => {
            rejects(
                { ...oauthClient(), identityProviders: { google } },
                `CognitoAuth "auth": identityProviders need a domain: federated sign-in goes through the hosted UI (received: ["google"])`,
            );
        });

        it("need a client with OAuth (reported with the domain's own need for one)", () => {
            rejects(
                { domain: { prefix: "acme-auth" }, identityProviders: { google } },
                [
                    `CognitoAuth "auth": 2 invalid inputs:`,
                    `  - domain needs a client with oauth: the hosted UI signs users in through OAuth (received: {"prefix":"acme-auth"})`,
                    `  - identityProviders need a client with oauth: federated sign-in is an OAuth flow (received: ["google"])`,
                ].join("\n"),
            );
        });

        it("social client ids must not be empty", () => {
            rejects(federated({ google: { ...google, clientId: "" } }), `CognitoAuth "auth": identityProviders.google.clientId must not be empty (received: "")`);
            assert.match(errorOf(federated({ facebook: { ...google, clientId: "" } })), /identityProviders.facebook.clientId must not be empty/);
        });

        it("social client secrets must not be empty", () => {
            rejects(federated({ amazon: { ...google, clientSecret: "" } }), `CognitoAuth "auth": identityProviders.amazon.clientSecret must not be empty (received: "")`);
        });

        it("Apple's services id, team id and key id must not be empty", () => {
            const apple = { servicesId: "dev.acme.signin", teamId: "TEAM123456", keyId: "KEY1234567", privateKey: "-----BEGIN PRIVATE KEY-----" };
            rejects(federated({ apple: { ...apple, teamId: "" } }), `CognitoAuth "auth": identityProviders.apple.teamId must not be empty (received: "")`);
            assert.match(errorOf(federated({ apple: { ...apple, servicesId: "" } })), /identityProviders.apple.servicesId must not be empty/);
            assert.match(errorOf(federated({ apple: { ...apple, keyId: "" } })), /identityProviders.apple.keyId must not be empty/);
            assert.match(errorOf(federated({ apple: { ...apple, privateKey: "" } })), /identityProviders.apple.privateKey must not be empty/);
            assert.match(
                errorOf(federated({ apple: { ...apple, attributeMapping: { mail: "email" } } })),
                /identityProviders.apple.attributeMapping keys must be user pool attributes/,
            );
            accepts(federated({ apple }));
        });

        it("attribute mappings must map user pool attributes", () => {
            rejects(
                federated({ google: { ...google, attributeMapping: { mail: "email" } } }),
                `CognitoAuth "auth": identityProviders.google.attributeMapping keys must be user pool attributes: standard ones, username, or custom:<name> from customAttributes (received: "mail")`,
            );
            assert.match(errorOf(federated({ google: { ...google, attributeMapping: { "custom:tenant": "hd" } } })), /keys must be user pool attributes.*\(received: "custom:tenant"\)/);
            accepts(federated({ google: { ...google, attributeMapping: { "custom:tenant": "hd", username: "sub", email: "email" } } }, { customAttributes: { tenant: { type: "String" } } }));
        });

        it("attribute mappings must name the provider's attribute", () => {
            rejects(
                federated({ google: { ...google, attributeMapping: { email: "" } } }),
                `CognitoAuth "auth": identityProviders.google.attributeMapping.email must name the provider's attribute (received: "")`,
            );
        });

        it("SAML and OIDC names must be 2-32 characters without spaces, not starting or ending with '_'", () => {
            rejects(
                federated({ saml: { A: saml } }),
                `CognitoAuth "auth": identityProviders.saml keys must be 2-32 characters without spaces, not starting or ending with '_' (received: "A")`,
            );
            assert.match(errorOf(federated({ oidc: { Okta_: oidc } })), /identityProviders.oidc keys must be 2-32 characters.*\(received: "Okta_"\)/);
            assert.match(errorOf(federated({ oidc: { ["O".repeat(33)]: oidc } })), /identityProviders.oidc keys must be 2-32 characters/);
        });

        it("SAML and OIDC names must be safe to name child resources", () => {
            rejects(
                federated({ oidc: { "login.acme": oidc } }),
                `CognitoAuth "auth": identityProviders.oidc keys must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (they name child resources) (received: "login.acme")`,
            );
        });

        it("SAML and OIDC names must not be names Cognito reserves", () => {
            rejects(
                federated({ oidc: { Google: oidc } }),
                `CognitoAuth "auth": identityProviders.oidc keys must not be a name Cognito reserves (COGNITO, Google, Facebook, LoginWithAmazon, SignInWithApple) (received: "Google")`,
            );
            assert.match(errorOf(federated({ saml: { cognito: saml } })), /keys must not be a name Cognito reserves.*\(received: "cognito"\)/);
        });

        it("SAML and OIDC names must be unique across both", () => {
            rejects(
                federated({ saml: { Corp: saml }, oidc: { Corp: oidc } }),
                `CognitoAuth "auth": identityProviders.oidc keys must be unique across saml and oidc (received: "Corp")`,
            );
        });

        it("SAML needs exactly one of metadataUrl and metadataXml", () => {
            rejects(
                federated({ saml: { Okta: { attributeMapping: saml.attributeMapping } } }),
                `CognitoAuth "auth": identityProviders.saml.Okta must set exactly one of metadataUrl and metadataXml (received: ["attributeMapping"])`,
            );
            assert.match(errorOf(federated({ saml: { Okta: { ...saml, metadataXml: "<EntityDescriptor/>" } } })), /saml.Okta must set exactly one of metadataUrl and metadataXml/);
        });

        it("the SAML metadata URL must be https", () => {
            rejects(
                federated({ saml: { Okta: { ...saml, metadataUrl: "http://idp.acme.dev/metadata.xml" } } }),
                `CognitoAuth "auth": identityProviders.saml.Okta.metadataUrl must be an https:// URL (received: "http://idp.acme.dev/metadata.xml")`,
            );
        });

        it("SAML needs an attribute mapping", () => {
            rejects(
                federated({ saml: { Okta: { metadataUrl: saml.metadataUrl } as any } }),
                `CognitoAuth "auth": identityProviders.saml.Okta.attributeMapping is required: SAML attribute names are URIs that differ between providers (received: undefined)`,
            );
        });

        it("the SAML attribute mapping must map at least one attribute", () => {
            rejects(
                federated({ saml: { Okta: { ...saml, attributeMapping: {} } } }),
                `CognitoAuth "auth": identityProviders.saml.Okta.attributeMapping must map at least one attribute (received: {})`,
            );
        });

        it("the OIDC issuer must be an https URL", () => {
            rejects(
                federated({ oidc: { Auth0: { ...oidc, issuer: "http://login.acme.dev" } } }),
                `CognitoAuth "auth": identityProviders.oidc.Auth0.issuer must be the provider's https:// issuer URL (received: "http://login.acme.dev")`,
            );
            assert.match(errorOf(federated({ oidc: { Auth0: { ...oidc, issuer: "https://login.acme.dev/?tenant=1" } } })), /issuer must be the provider's https:\/\/ issuer URL/);
        });

        it("the OIDC client id must not be empty", () => {
            rejects(federated({ oidc: { Auth0: { ...oidc, clientId: "" } } }), `CognitoAuth "auth": identityProviders.oidc.Auth0.clientId must not be empty (received: "")`);
        });

        it("the OIDC client secret must not be empty", () => {
            rejects(federated({ oidc: { Auth0: { ...oidc, clientSecret: "" } } }), `CognitoAuth "auth": identityProviders.oidc.Auth0.clientSecret must not be empty (received: "")`);
        });

        it("attribute mappings may set the verified flags Cognito keeps", () => {
            accepts(federated({ oidc: { Auth0: { ...oidc, attributeMapping: { email: "email", email_verified: "email_verified" } } } }));
        });

        it("the OIDC attribute mapping is checked too", () => {
            rejects(
                federated({ oidc: { Auth0: { ...oidc, attributeMapping: { email_address: "email" } } } }),
                `CognitoAuth "auth": identityProviders.oidc.Auth0.attributeMapping keys must be user pool attributes: standard ones, username, or custom:<name> from customAttributes (received: "email_address")`,
            );
        });
    });

    describe("groups", () => {
        it("names must be 1-40 letters, digits, '-' or '_'", () => {
            rejects(
                { groups: { "team admins": {} } },
                `CognitoAuth "auth": groups keys must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (MAX_GROUP_NAME_LENGTH is 40: a group's role is keyed group-<name>, at most 46 characters, in signedInRoles) (received: "team admins")`,
            );
        });

        it("precedence must be a whole number from 0", () => {
            rejects({ groups: { admins: { precedence: -1 } } }, `CognitoAuth "auth": groups.admins.precedence must be a whole number from 0 (received: -1)`);
            assert.match(errorOf({ groups: { admins: { precedence: 2 ** 31 } } }), /groups.admins.precedence must be a whole number from 0/);
        });

        it("a group with a role must have a name short enough for its role name", () => {
            const name = "a".repeat(30);
            const group = "g".repeat(15);
            rejects(
                { groups: { [group]: { role: true, precedence: 0 } } },
                `CognitoAuth "${name}": groups keys with a role must be at most 14 characters with this component name (the role name <name>-group-<group>-role-<7> is limited to 64) (received: "${group}")`,
                name,
            );
            accepts({ groups: { [group.slice(1)]: { role: true, precedence: 0 } } }, name);
        });

        it("a group with a role needs a precedence", () => {
            rejects(
                { groups: { admins: { role: true } } },
                `CognitoAuth "auth": groups.admins.precedence is required for a group with a role: it decides which role a member of several groups receives (received: undefined)`,
            );
        });

        it("groups with roles need distinct precedences", () => {
            rejects(
                { groups: { admins: { role: true, precedence: 1 }, editors: { role: true, precedence: 1 } } },
                `CognitoAuth "auth": groups.editors.precedence must differ from group admins's: with equal precedence a member of both gets no preferred role (received: 1)`,
            );
            accepts({ groups: { admins: { role: true, precedence: 1 }, readers: { precedence: 1 } } });
        });

        it("roleStatements need role: true", () => {
            rejects({ groups: { readers: { roleStatements: [statement()] } } }, `CognitoAuth "auth": groups.readers.roleStatements needs role: true (received: 1)`);
        });

        it("descriptions must be at most 2048 characters", () => {
            rejects({ groups: { admins: { description: "d".repeat(2049) } } }, `CognitoAuth "auth": groups.admins.description must be at most 2048 characters (received: 2049)`);
        });
    });

    describe("role mapping", () => {
        const roleGroups = { admins: { role: true, precedence: 0 } };
        const rule = { claim: "custom:plan", matchType: "Equals" as const, value: "pro", role: "authenticated" };
        const rulesError = (rules: object[], groups: CognitoAuthArgs["groups"] = roleGroups) =>
            errorOf({ groups, roleMapping: { type: "rules", rules: rules as any } });

        it("type must be token or rules", () => {
            rejects({ roleMapping: { type: "claims" as any } }, `CognitoAuth "auth": roleMapping.type must be one of token, rules (received: "claims")`);
        });

        it("ambiguous must be authenticatedRole or deny", () => {
            rejects({ roleMapping: { ambiguous: "allow" as any } }, `CognitoAuth "auth": roleMapping.ambiguous must be one of authenticatedRole, deny (received: "allow")`);
        });

        it("token needs a group with a role", () => {
            rejects({ roleMapping: { type: "token" } }, `CognitoAuth "auth": roleMapping.type "token" needs a group with role: true (received: "token")`);
            accepts({ groups: roleGroups, roleMapping: { type: "token", ambiguous: "deny" } });
        });

        it("rules need type rules", () => {
            rejects({ roleMapping: { rules: [rule] } }, `CognitoAuth "auth": roleMapping.rules need roleMapping.type: "rules" (received: 1)`);
        });

        it("must hold 1 to 25 rules", () => {
            assert.equal(rulesError([]), `CognitoAuth "auth": roleMapping.rules must hold 1 to 25 rules (received: 0)`);
            assert.match(rulesError(Array.from({ length: 26 }, () => rule)), /roleMapping.rules must hold 1 to 25 rules \(received: 26\)/);
            assert.match(errorOf({ roleMapping: { type: "rules" } }), /roleMapping.rules must hold 1 to 25 rules \(received: 0\)/);
        });

        it("claims must be 1-64 characters", () => {
            assert.equal(rulesError([{ ...rule, claim: "" }]), `CognitoAuth "auth": roleMapping.rules[0].claim must be a claim name of 1-64 characters (received: "")`);
            assert.match(rulesError([{ ...rule, claim: "c".repeat(65) }]), /rules\[0\].claim must be a claim name of 1-64 characters/);
        });

        it("matchType must be known", () => {
            assert.equal(
                rulesError([{ ...rule, matchType: "Matches" }]),
                `CognitoAuth "auth": roleMapping.rules[0].matchType must be one of Equals, Contains, StartsWith, NotEqual (received: "Matches")`,
            );
        });

        it("values must be 1-128 characters", () => {
            assert.equal(rulesError([{ ...rule, value: "" }]), `CognitoAuth "auth": roleMapping.rules[0].value must be 1-128 characters (received: "")`);
            assert.match(rulesError([{ ...rule, value: "v".repeat(129) }]), /rules\[0\].value must be 1-128 characters/);
        });

        it("the role must be authenticated or a group with a role", () => {
            assert.equal(
                rulesError([rule, { ...rule, role: "editors" }]),
                `CognitoAuth "auth": roleMapping.rules[1].role must be "authenticated" or a group with role: true (admins) (received: "editors")`,
            );
            assert.equal(
                rulesError([{ ...rule, role: "admins" }], { admins: {} }),
                `CognitoAuth "auth": roleMapping.rules[0].role must be "authenticated" or a group with role: true (received: "admins")`,
            );
        });
    });

    describe("identity pool name", () => {
        it("must be 1-128 letters, digits, spaces and _ + = , . @ -", () => {
            rejects(
                { identityPoolName: "acme/identities" },
                `CognitoAuth "auth": identityPoolName must be 1-128 letters, digits, spaces and _ + = , . @ - (received: "acme/identities")`,
            );
            assert.match(errorOf({ identityPoolName: "" }), /identityPoolName must be 1-128/);
            accepts({ identityPoolName: "Acme identities_prod" });
            accepts({ identityPoolName: "acme-ids.prod@eu" });
        });
    });

    describe("principal tags", () => {
        it("must map at most 50 tags", () => {
            const principalTags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`tag${i}`, "sub"]));
            rejects({ principalTags }, `CognitoAuth "auth": principalTags must map at most 50 tags (received: 51)`);
        });

        it("keys must be session tag keys, not starting with aws:", () => {
            rejects(
                { principalTags: { "aws:sub": "sub" } },
                `CognitoAuth "auth": principalTags keys must be session tag keys of 1-128 letters, digits and _ . : / = + - @, not starting with aws: (received: "aws:sub")`,
            );
            assert.match(errorOf({ principalTags: { "user id": "sub" } }), /principalTags keys must be session tag keys.*\(received: "user id"\)/);
            assert.match(errorOf({ principalTags: { "AWS:tenant": "custom:tenant" } }), /principalTags keys must be session tag keys/);
        });

        it("values must name a token claim", () => {
            rejects({ principalTags: { sub: "" } }, `CognitoAuth "auth": principalTags.sub must name a token claim, such as sub (received: "")`);
        });
    });

    describe("policy statements", () => {
        it("must be a list", () => {
            rejects(
                { authenticatedRoleStatements: statement() as any },
                `CognitoAuth "auth": authenticatedRoleStatements must be a list of policy statements (received: ${JSON.stringify(statement())})`,
            );
        });

        it("each must be an object", () => {
            rejects({ authenticatedRoleStatements: [null as any] }, `CognitoAuth "auth": authenticatedRoleStatements[0] must be a policy statement object (received: null)`);
        });

        it("Effect must be Allow or Deny", () => {
            assert.equal(statementError({ Effect: "Permit" }), `CognitoAuth "auth": authenticatedRoleStatements[0].Effect must be one of Allow, Deny (received: "Permit")`);
        });

        it("Effect is required", () => {
            assert.equal(statementError({ Effect: undefined }), `CognitoAuth "auth": authenticatedRoleStatements[0].Effect must be Allow or Deny (received: undefined)`);
        });

        it("Principal must be left out", () => {
            assert.equal(
                statementError({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }),
                `CognitoAuth "auth": authenticatedRoleStatements[0].Principal must be left out: a role's own policy applies to the role (received: {"AWS":"arn:aws:iam::123456789012:root"})`,
            );
            assert.match(statementError({ Principal: "*" }), /Principal must be left out.*\(received: "\*"\)/);
        });

        it("Action must name at least one action", () => {
            assert.equal(statementError({ Action: [] }), `CognitoAuth "auth": authenticatedRoleStatements[0].Action must name at least one action (received: [])`);
            assert.match(statementError({ Action: undefined }), /Action must name at least one action \(received: undefined\)/);
        });

        it("actions must look like service:Action", () => {
            assert.equal(
                statementError({ Action: ["s3:GetObject", "GetObject"] }),
                `CognitoAuth "auth": authenticatedRoleStatements[0].Action must hold actions such as s3:GetObject (received: "GetObject")`,
            );
            assert.match(statementError({ Action: "s3:Get Object" }), /must hold actions such as s3:GetObject/);
        });

        it("Allow must not use a whole-service or every-action wildcard", () => {
            assert.equal(
                statementError({ Action: "s3:*" }),
                `CognitoAuth "auth": authenticatedRoleStatements[0].Action must not allow a whole service or every action (AwsSolutions-IAM5): name the actions (received: "s3:*")`,
            );
            assert.equal(
                statementError({ Action: ["*"] }),
                `CognitoAuth "auth": authenticatedRoleStatements[0].Action must not allow a whole service or every action (AwsSolutions-IAM5): name the actions (received: "*")`,
            );
            accepts({ authenticatedRoleStatements: [statement({ Action: ["s3:Get*"] }), statement({ Effect: "Deny", Action: ["*"] }), statement({ Effect: "Deny", Action: "s3:*" })] });
        });

        it("Allow must not grant cognito-identity or cognito-sync actions", () => {
            assert.equal(
                statementError({ Action: "cognito-identity:GetCredentialsForIdentity" }),
                `CognitoAuth "auth": authenticatedRoleStatements[0].Action must not allow cognito-identity or cognito-sync actions: users must not manage identities (received: "cognito-identity:GetCredentialsForIdentity")`,
            );
            assert.match(statementError({ Action: ["cognito-sync:ListRecords"] }), /must not allow cognito-identity or cognito-sync actions.*\(received: "cognito-sync:ListRecords"\)/);
            accepts({ authenticatedRoleStatements: [statement({ Effect: "Deny", Action: "cognito-identity:DeleteIdentities" })] });
        });

        it("Resource must name at least one resource", () => {
            assert.equal(statementError({ Resource: [] }), `CognitoAuth "auth": authenticatedRoleStatements[0].Resource must name at least one resource ARN (received: [])`);
            assert.match(statementError({ Resource: undefined }), /Resource must name at least one resource ARN \(received: undefined\)/);
        });

        it("Allow must not use Resource \"*\"", () => {
            assert.equal(
                statementError({ Resource: "*" }),
                `CognitoAuth "auth": authenticatedRoleStatements[0].Resource must not be "*" in an Allow (AwsSolutions-IAM5): name the resources (received: "*")`,
            );
            assert.match(statementError({ Resource: [OBJECTS, "*"] }), /Resource must not be "\*" in an Allow/);
            accepts({ authenticatedRoleStatements: [statement({ Effect: "Deny", Resource: "*" })] });
        });

        it("guestRoleStatements need allowGuests", () => {
            rejects({ guestRoleStatements: [statement()] }, `CognitoAuth "auth": guestRoleStatements needs allowGuests: true (there is no guest role without it) (received: 1)`);
        });

        it("guestRoleStatements follow the same rules", () => {
            rejects(
                { allowGuests: true, guestRoleStatements: [statement(), statement({ Action: "s3:*" })] },
                `CognitoAuth "auth": guestRoleStatements[1].Action must not allow a whole service or every action (AwsSolutions-IAM5): name the actions (received: "s3:*")`,
            );
        });

        it("a group's roleStatements follow the same rules", () => {
            rejects(
                { groups: { editors: { role: true, precedence: 0, roleStatements: [statement({ Resource: "*" })] } } },
                `CognitoAuth "auth": groups.editors.roleStatements[0].Resource must not be "*" in an Allow (AwsSolutions-IAM5): name the resources (received: "*")`,
            );
        });
    });

    describe("values of the wrong type (JavaScript callers, config files): refused by name, never a TypeError", () => {
        const wrong = (args: unknown) => errorOf(args as CognitoAuthArgs);

        it("arguments that are not an object (null, a list); none at all means every default", () => {
            rejects(null as never, `CognitoAuth "auth": args must be an object of CognitoAuth arguments (received: null)`);
            rejects([] as never, `CognitoAuth "auth": args must be an object of CognitoAuth arguments (received: [])`);
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", undefined));
        });

        it("a name that is not a string", () => {
            assert.match(errorOfName(undefined), /^CognitoAuth "undefined": name must be 1-37 letters, digits/);
            assert.match(errorOfName(42), /name must be 1-37 letters, digits.* \(received: 42\)$/);
        });

        it("message texts must be text", () => {
            rejects({ verificationMessages: { smsMessage: 42 as never } }, `CognitoAuth "auth": verificationMessages.smsMessage must be text (received: 42)`);
            rejects({ verificationMessages: { emailSubject: null as never } }, `CognitoAuth "auth": verificationMessages.emailSubject must be text (received: null)`);
            rejects({ verificationMessages: { emailMessage: ["{####}"] as never } }, `CognitoAuth "auth": verificationMessages.emailMessage must be text (received: ["{####}"])`);
            rejects({ invitationMessages: { emailMessage: {} as never } }, `CognitoAuth "auth": invitationMessages.emailMessage must be text (received: {})`);
        });

        it("lists must be lists", () => {
            rejects({ requiredAttributes: "email" as never }, `CognitoAuth "auth": requiredAttributes must be a list of standard attributes (received: "email")`);
            rejects({ clients: { web: { extraAuthFlows: "custom" as never } } }, `CognitoAuth "auth": clients.web.extraAuthFlows must be a list of userPassword, adminUserPassword, custom, userAuth (received: "custom")`);
            assert.match(wrong({ accountRecovery: "email" }), /accountRecovery must be a list of email and phone \(received: "email"\)/);
        });

        it("oauth and domain must be objects", () => {
            rejects({ clients: { web: { oauth: null as never } } }, `CognitoAuth "auth": clients.web.oauth must be an object with callbackUrls, logoutUrls, scopes and flows (received: null)`);
            rejects({ domain: null as never }, `CognitoAuth "auth": domain must be an object with prefix, or customDomain and certificateArn (received: null)`);
            assert.match(wrong({ ...oauthClient({ flows: "client_credentials" as never }), clients: { web: { identityPool: true, oauth: { ...urls, flows: "client_credentials" } } } }), /clients.web.oauth.flows must list at least one of code, client_credentials/);
        });

        it("a group must be an object", () => {
            rejects({ groups: { admins: undefined as never } }, `CognitoAuth "auth": groups.admins must be an object ({} for a group without options) (received: undefined)`);
        });

        it("group descriptions must be text, and roleStatements without a role are reported whatever their type", () => {
            rejects({ groups: { admins: { description: 7 as never } } }, `CognitoAuth "auth": groups.admins.description must be text (received: 7)`);
            rejects(
                { groups: { admins: { roleStatements: null as never } } },
                `CognitoAuth "auth": 2 invalid inputs:\n  - groups.admins.roleStatements needs role: true (received: null)\n  - groups.admins.roleStatements must be a list of policy statements (received: null)`,
            );
        });
    });

    describe("reporting", () => {
        it("reports every problem together, with their count", () => {
            rejects(
                { mfa: "SOMETIMES" as any, passwordPolicy: { minimumLength: 6 }, ...oauthClient({ callbackUrls: ["http://app.acme.dev/callback"] }) },
                [
                    `CognitoAuth "auth": 3 invalid inputs:`,
                    `  - passwordPolicy.minimumLength must be a whole number of characters from 8 to 99 (received: 6)`,
                    `  - mfa must be one of OFF, OPTIONAL, ON (received: "SOMETIMES")`,
                    `  - clients.web.oauth.callbackUrls[0] must use https:// (http:// is accepted only for localhost) (received: "http://app.acme.dev/callback")`,
                ].join("\n"),
            );
        });

        it("lists the issues on the error for programs", () => {
            try {
                new CognitoAuth("auth", { mfa: "SOMETIMES" as any, featureTier: "GOLD" as any });
                assert.fail("expected the arguments to be rejected");
            } catch (e) {
                assert.ok(e instanceof UserBackendInputError);
                assert.equal(e.component, "CognitoAuth");
                assert.equal(e.instance, "auth");
                assert.deepEqual(e.issues.map((i) => i.field), ["mfa", "featureTier"]);
            }
        });
    });

    describe("accepts", () => {
        it("the defaults", () => {
            accepts({});
        });

        it("a full configuration with OAuth clients, federation, groups, rules and principal tags", () => {
            accepts({
                userPoolName: "acme-users",
                signIn: { email: true, username: true, preferredUsername: true },
                passwordPolicy: { minimumLength: 14, temporaryPasswordValidityDays: 3 },
                mfa: "ON",
                mfaFactors: { totp: true, sms: true, email: true },
                accountRecovery: ["email", "phone"],
                email: { sesIdentityArn: SES, from: "Acme <no-reply@acme.dev>", configurationSet: "auth-metrics" },
                verificationMessages: { emailStyle: "link", emailSubject: "Confirm your address", emailMessage: "{##Confirm##}", smsMessage: "Code: {####}" },
                invitationMessages: { emailMessage: "Hello {username}, your password is {####}", smsMessage: "{username} / {####}" },
                requiredAttributes: ["given_name", "family_name"],
                customAttributes: { tenant: { type: "String", mutable: false, maxLength: 64 }, seats: { type: "Number", min: 1, max: 500 } },
                triggers: { preSignUp: LAMBDA, preTokenGeneration: `${LAMBDA}:live` },
                featureTier: "PLUS",
                threatProtection: "ENFORCED",
                resourceServers,
                clients: {
                    web: {
                        oauth: {
                            callbackUrls: [CALLBACK, "http://localhost:5173/callback"],
                            logoutUrls: ["https://app.acme.dev/", "http://localhost:5173/"],
                            scopes: ["openid", "email", "profile", READ_SCOPE],
                        },
                        extraAuthFlows: ["userAuth"],
                        tokenValidity: { accessTokenMinutes: 15, idTokenMinutes: 15, refreshTokenDays: 7, authSessionMinutes: 5 },
                    },
                    mobile: { oauth: { ...urls, scopes: ["openid", "phone"] } },
                    worker: { confidential: true, oauth: { ...urls, flows: ["client_credentials"], scopes: [READ_SCOPE] } },
                },
                amplifyClient: "web",
                domain: { prefix: "acme-auth" },
                identityProviders: {
                    google: { ...google, attributeMapping: { email: "email", given_name: "given_name" } },
                    saml: { Okta: { ...saml, identifiers: ["acme.dev"], signOut: true } },
                    oidc: { Auth0: { ...oidc, attributeMapping: { email: "email", "custom:tenant": "org_id" } } },
                },
                groups: { admins: { role: true, precedence: 0, roleStatements: [statement()] }, editors: { role: true, precedence: 1 }, readers: { description: "Read only" } },
                roleMapping: {
                    type: "rules",
                    rules: [
                        { claim: "custom:tenant", matchType: "Equals", value: "acme", role: "admins" },
                        { claim: "cognito:groups", matchType: "Contains", value: "editors", role: "editors" },
                    ],
                    ambiguous: "deny",
                },
                identityPoolName: "Acme identities",
                principalTags: { sub: "sub", tenant: "custom:tenant" },
                allowGuests: true,
                authenticatedRoleStatements: [statement(), statement({ Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" })],
                guestRoleStatements: [statement({ Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-public/*" })],
            });
        });

        it("a resource server scope used by a client", () => {
            accepts({ resourceServers, ...oauthClient({ scopes: ["openid", READ_SCOPE] }) });
        });

        it("a prefix domain", () => {
            accepts({ ...oauthClient(), domain: { prefix: "acme-auth" } });
        });

        it("Google, SAML and OIDC providers together", () => {
            accepts(federated({ google, saml: { Okta: saml }, oidc: { Auth0: oidc } }));
        });

        it("groups with roles and distinct precedences", () => {
            accepts({ groups: { admins: { role: true, precedence: 0 }, editors: { role: true, precedence: 10, roleStatements: [statement()] }, readers: {} } });
        });

        it("rules role mapping", () => {
            accepts({
                groups: { admins: { role: true, precedence: 0 } },
                roleMapping: {
                    type: "rules",
                    rules: [
                        { claim: "custom:plan", matchType: "StartsWith", value: "enterprise", role: "admins" },
                        { claim: "email_verified", matchType: "NotEqual", value: "false", role: "authenticated" },
                    ],
                },
            });
        });

        it("principal tags", () => {
            accepts({ principalTags: { sub: "sub", "tenant:id": "custom:tenant", "user@email": "email" } });
        });

        it("a confidential client_credentials client with only custom scopes and identityPool unset", () => {
            accepts(machineClient());
            accepts(machineClient({ identityPool: false }));
        });

        it("a client_credentials client without redirect URLs, as it redirects nowhere", () => {
            accepts(machineClient({}, { callbackUrls: undefined, logoutUrls: undefined }));
        });

        it("http://localhost:5173/callback", () => {
            accepts(oauthClient({ callbackUrls: ["http://localhost:5173/callback"], logoutUrls: ["http://localhost:5173/"] }));
        });

        it("Output values, which the plain-value format checks leave to deployment", () => {
            accepts({
                mfaFactors: { email: true },
                accountRecovery: ["email", "phone"],
                email: { sesIdentityArn: pulumi.output(SES) },
                triggers: { preSignUp: pulumi.output(LAMBDA), customMessage: pulumi.output("arn:aws:lambda:us-east-1:123456789012:function:messages") },
                ...oauthClient(),
                domain: { customDomain: "auth.acme.dev", certificateArn: pulumi.output(CERT) },
                identityProviders: {
                    google: { clientId: pulumi.output("google-client-id"), clientSecret: pulumi.secret("google-client-secret") },
                    saml: { Okta: { ...saml, metadataUrl: pulumi.output(saml.metadataUrl) } },
                },
                authenticatedRoleStatements: [statement({ Resource: pulumi.output(OBJECTS) })],
            });
        });
    });
});
