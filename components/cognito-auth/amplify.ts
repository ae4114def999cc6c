// The `Amplify.configure` input that describes one public client: what a front end needs to sign
// users in against this pool and get credentials from the identity pool.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { AmplifyMfaStatus, AmplifyOAuthResponseType, EmailVerificationStyle } from "./enums";
import type { CognitoDefaults } from "./defaults";
import type { ProviderPlan } from "./identity-providers";

/**
 * The input of `aws-amplify` v6 `Amplify.configure` for auth: what a front end needs to sign users
 * in against this pool and get credentials from the identity pool. Every nested object is a named
 * type, so other languages read it as typed output too.
 */
export interface AmplifyAuthConfig {
    Auth: AmplifyAuth;
}

/** `Auth`: the Cognito settings. */
export interface AmplifyAuth {
    Cognito: AmplifyCognitoConfig;
}

/** `Auth.Cognito`: the user pool, its public client and the identity pool. */
export interface AmplifyCognitoConfig {
    userPoolId: string;
    userPoolClientId: string;
    identityPoolId: string;
    /** Whether people who have not signed in get guest credentials. */
    allowGuestAccess: boolean;
    signUpVerificationMethod: EmailVerificationStyle;
    loginWith: AmplifyLoginWith;
    /** Attributes users give at sign-up, by standard attribute name (`email`, `phone_number`, ...). */
    userAttributes: Record<string, AmplifyAttributeRequirement>;
    mfa: AmplifyMfaConfig;
    passwordFormat: AmplifyPasswordFormat;
    /**
     * Each group with a precedence, as a one-key map `{ <group>: { precedence: <number> } }` (a map,
     * not a named type: Amplify's type for the inner object is a map of numbers).
     */
    groups: Record<string, Record<string, number>>[];
}

/** `loginWith`: what users sign in with. */
export interface AmplifyLoginWith {
    email: boolean;
    phone: boolean;
    username: boolean;
    /** The hosted UI, when the pool has a domain and the client has OAuth. */
    oauth?: AmplifyOAuthConfig;
}

/** `loginWith.oauth`: the hosted UI. */
export interface AmplifyOAuthConfig {
    /** The hosted UI host, without a scheme. */
    domain: string;
    scopes: string[];
    redirectSignIn: string[];
    redirectSignOut: string[];
    /** Always `code`. */
    responseType: AmplifyOAuthResponseType;
    /**
     * The identity providers. Each entry is a free-form JSON value: `"Google"`, `"Facebook"`,
     * `"Amazon"`, `"Apple"`, or `{ custom: "<provider name>" }` for SAML and OIDC providers (a schema
     * type is a string or an object, never either).
     */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a string or an object, as Amplify's own type has it
    providers: any[];
}

/** One entry of `userAttributes`. */
export interface AmplifyAttributeRequirement {
    required: boolean;
}

/** `mfa`. */
export interface AmplifyMfaConfig {
    status: AmplifyMfaStatus;
    totpEnabled: boolean;
    smsEnabled: boolean;
}

/** `passwordFormat`: the pool's password policy. */
export interface AmplifyPasswordFormat {
    minLength: number;
    requireLowercase: boolean;
    requireUppercase: boolean;
    requireNumbers: boolean;
    requireSpecialCharacters: boolean;
}

/** `amplifyConfig` for `d.amplifyClient`, or undefined when there is no public client. */
export function amplifyConfigOf(
    d: CognitoDefaults,
    refs: {
        userPool: aws.cognito.UserPool;
        identityPool: aws.cognito.IdentityPool;
        clients: Readonly<Record<string, aws.cognito.UserPoolClient>>;
        plans: readonly ProviderPlan[];
        /** The hosted UI host, without a scheme, when there is a domain. */
        domainHost?: pulumi.Output<string>;
    },
): pulumi.Output<AmplifyAuthConfig> | undefined {
    if (d.amplifyClient === undefined) return undefined;
    const c = d.client(d.amplifyClient);
    const domainHost = refs.domainHost;
    return pulumi.output({
        Auth: {
            Cognito: {
                userPoolId: refs.userPool.id,
                userPoolClientId: refs.clients[d.amplifyClient].id,
                identityPoolId: refs.identityPool.id,
                allowGuestAccess: d.allowGuests,
                signUpVerificationMethod: d.emailStyle,
                loginWith: {
                    email: d.signIn.email,
                    phone: d.signIn.phone,
                    username: d.signIn.username,
                    ...(c.oauth && domainHost
                        ? {
                              oauth: {
                                  domain: domainHost,
                                  scopes: c.oauth.scopes,
                                  redirectSignIn: c.oauth.callbackUrls ?? [],
                                  redirectSignOut: c.oauth.logoutUrls ?? [],
                                  responseType: "code" as const,
                                  providers: refs.plans.map((p) => p.amplifyName),
                              },
                          }
                        : {}),
                },
                userAttributes: Object.fromEntries(
                    [...new Set([...(d.signIn.email ? ["email"] : []), ...(d.signIn.phone ? ["phone_number"] : []), ...d.requiredAttributes])].map((a) => [a, { required: true }]),
                ),
                mfa: { status: d.mfa.toLowerCase() as AmplifyMfaStatus, totpEnabled: d.factors.totp, smsEnabled: d.factors.sms },
                passwordFormat: {
                    minLength: d.password.minimumLength,
                    requireLowercase: d.password.requireLowercase,
                    requireUppercase: d.password.requireUppercase,
                    requireNumbers: d.password.requireNumbers,
                    requireSpecialCharacters: d.password.requireSymbols,
                },
                groups: Object.entries(d.groups)
                    .filter(([, g]) => g.precedence !== undefined)
                    .map(([groupName, g]) => ({ [groupName]: { precedence: g.precedence! } })),
            },
        },
    }) as pulumi.Output<AmplifyAuthConfig>;
}
