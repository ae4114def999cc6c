// The `Amplify.configure` input that describes one public client: what a front end needs to sign
// users in against this pool and get credentials from the identity pool.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { StandardAttribute } from "./args";
import type { CognitoDefaults } from "./defaults";
import type { ProviderPlan } from "./identity-providers";

/** The `Auth.Cognito` block of `aws-amplify` v6 `Amplify.configure`. */
export interface AmplifyAuthConfig {
    Auth: {
        Cognito: {
            userPoolId: string;
            userPoolClientId: string;
            identityPoolId: string;
            allowGuestAccess: boolean;
            signUpVerificationMethod: "code" | "link";
            loginWith: {
                email: boolean;
                phone: boolean;
                username: boolean;
                oauth?: {
                    domain: string;
                    scopes: string[];
                    redirectSignIn: string[];
                    redirectSignOut: string[];
                    responseType: "code";
                    providers: ("Google" | "Facebook" | "Amazon" | "Apple" | { custom: string })[];
                };
            };
            userAttributes: Partial<Record<StandardAttribute, { required: boolean }>>;
            mfa: { status: "off" | "optional" | "on"; totpEnabled: boolean; smsEnabled: boolean };
            passwordFormat: {
                minLength: number;
                requireLowercase: boolean;
                requireUppercase: boolean;
                requireNumbers: boolean;
                requireSpecialCharacters: boolean;
            };
            groups: Record<string, { precedence: number }>[];
        };
    };
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
                mfa: { status: d.mfa.toLowerCase() as "off" | "optional" | "on", totpEnabled: d.factors.totp, smsEnabled: d.factors.sms },
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
