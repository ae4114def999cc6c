import { strict as assert } from "assert";
import { Amplify, type ResourcesConfig } from "aws-amplify";
import { assertIdentityPoolIdConfig, assertOAuthConfig, assertTokenProviderConfig } from "@aws-amplify/core/internals/utils";
import { AmplifyAuthConfig, CognitoAuth } from "../../components";
import { record } from "../../offline";

/**
 * `amplifyConfig` is handed to the real aws-amplify v6 `Amplify.configure`, and checked with the same
 * assertions Amplify's auth calls run before they talk to Cognito.
 */
describe("CognitoAuth amplifyConfig with aws-amplify v6", () => {
    afterEach(() => Amplify.configure({}));

    async function configOf(build: () => CognitoAuth): Promise<{ config: AmplifyAuthConfig; userPoolId: string; webClientId: string; identityPoolId: string }> {
        const rec = await record(() => {
            const auth = build();
            return { config: auth.amplifyConfig!, userPoolId: auth.userPoolId, webClientId: auth.clientIds.web, identityPoolId: auth.identityPoolId };
        });
        return rec.result;
    }

    it("is accepted as is, with hosted UI, federation, groups and guests", async () => {
        const { config, userPoolId, webClientId, identityPoolId } = await configOf(
            () =>
                new CognitoAuth("auth", {
                    clients: {
                        web: {
                            oauth: {
                                callbackUrls: ["https://app.acme.dev/callback", "http://localhost:5173/callback"],
                                logoutUrls: ["https://app.acme.dev/"],
                            },
                        },
                        backend: { confidential: true },
                    },
                    domain: { prefix: "acme-prod" },
                    identityProviders: {
                        google: { clientId: "google-client", clientSecret: "google-secret" },
                        oidc: { Workforce: { issuer: "https://login.acme.dev", clientId: "oidc-client", clientSecret: "oidc-secret" } },
                    },
                    groups: { editors: { precedence: 1, role: true } },
                    allowGuests: true,
                }),
        );
        // Type-checked against Amplify's own ResourcesConfig by `tsc --noEmit`.
        const resources: ResourcesConfig = config;
        Amplify.configure(resources);
        const cognito = Amplify.getConfig().Auth?.Cognito;
        assert.ok(cognito);
        assertTokenProviderConfig(cognito);
        assertOAuthConfig(cognito);
        assertIdentityPoolIdConfig(cognito);

        assert.equal(cognito.userPoolId, userPoolId);
        assert.equal(cognito.userPoolClientId, webClientId, "the public client, never the confidential one");
        assert.equal(cognito.identityPoolId, identityPoolId);
        assert.equal(cognito.allowGuestAccess, true);
        const oauth = cognito.loginWith?.oauth;
        assert.ok(oauth);
        // Amplify builds https://<domain>/oauth2/authorize itself: a bare host name, no scheme.
        assert.equal(oauth.domain, "acme-prod.auth.us-east-1.amazoncognito.com");
        assert.equal(oauth.responseType, "code");
        assert.deepEqual(oauth.scopes, ["openid", "email", "profile"]);
        assert.deepEqual(oauth.redirectSignIn, ["https://app.acme.dev/callback", "http://localhost:5173/callback"]);
        assert.deepEqual(oauth.redirectSignOut, ["https://app.acme.dev/"]);
        assert.deepEqual(oauth.providers, ["Google", { custom: "Workforce" }]);
        assert.deepEqual(cognito.loginWith?.email, true);
        assert.deepEqual(cognito.mfa, { status: "optional", totpEnabled: true, smsEnabled: false });
        assert.deepEqual(cognito.passwordFormat, {
            minLength: 12,
            requireLowercase: true,
            requireUppercase: true,
            requireNumbers: true,
            requireSpecialCharacters: true,
        });
        assert.deepEqual(cognito.groups, [{ editors: { precedence: 1 } }]);
    });

    it("without a hosted UI, configures API sign-in and refuses OAuth calls, as Amplify should", async () => {
        const { config } = await configOf(() => new CognitoAuth("auth", { signIn: { username: true, email: true }, passwordPolicy: { minimumLength: 16 } }));
        Amplify.configure(config);
        const cognito = Amplify.getConfig().Auth?.Cognito;
        assertTokenProviderConfig(cognito);
        assertIdentityPoolIdConfig(cognito);
        assert.throws(() => assertOAuthConfig(cognito), /OAuth/i);
        assert.equal(cognito?.allowGuestAccess, false);
        assert.deepEqual(cognito?.loginWith, { email: true, phone: false, username: true });
        assert.equal(cognito?.passwordFormat?.minLength, 16);
        assert.equal(cognito?.signUpVerificationMethod, "code");
    });

    it("names the client chosen by amplifyClient, and is absent when every client is confidential", async () => {
        const chosen = await configOf(() => new CognitoAuth("auth", { clients: { web: {}, mobile: {} }, amplifyClient: "mobile" }));
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", { clients: { web: {}, mobile: {} }, amplifyClient: "mobile" });
            return { mobile: auth.clientIds.mobile };
        });
        assert.equal(chosen.config.Auth.Cognito.userPoolClientId, rec.result.mobile);

        const none = await record(() => ({ configured: new CognitoAuth("auth", { clients: { server: { confidential: true } } }).amplifyConfig !== undefined }));
        assert.equal(none.result.configured, false);
    });
});
