// Choice-based sign-in (passkeys, one-time passwords) and managed login branding: what the user pool
// and the app clients receive, and the branding style of each client on a managed login domain.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { CognitoAuthArgs, OAuthFlow } from "./args";
import { readBrandingFiles } from "./sign-in-branding-files";

/** Passkeys must verify the user (biometric or PIN) unless `webAuthn.userVerification` says otherwise. */
export const DEFAULT_PASSKEY_USER_VERIFICATION = "required";

/** Whether the pool offers any first factor besides a password. */
export function passwordlessOf(args: CognitoAuthArgs): boolean {
    return (args.signInPolicy?.allowedFirstAuthFactors ?? []).some((f) => f !== "PASSWORD");
}

/**
 * The user pool's sign-in policy and passkey settings. Nothing without `signInPolicy`, so pools that
 * do not ask keep exactly today's inputs (Cognito's default first factor is the password).
 */
export function signInPoolArgs(args: CognitoAuthArgs): Pick<aws.cognito.UserPoolArgs, "signInPolicy" | "webAuthnConfiguration"> {
    const factors = args.signInPolicy?.allowedFirstAuthFactors;
    if (factors === undefined) return {};
    if (!factors.includes("WEB_AUTHN")) return { signInPolicy: { allowedFirstAuthFactors: [...factors] } };
    return {
        signInPolicy: { allowedFirstAuthFactors: [...factors] },
        webAuthnConfiguration: {
            // Pinned where the component knows it: a changed relying party strands every registered passkey.
            // With a prefix domain and none given, Cognito's default is the prefix domain (not provable offline).
            relyingPartyId: args.webAuthn?.relyingPartyId ?? args.domain?.customDomain,
            userVerification: args.webAuthn?.userVerification ?? DEFAULT_PASSKEY_USER_VERIFICATION,
        },
    };
}

/**
 * A client's API sign-in flows, with `ALLOW_USER_AUTH` added when the pool offers passwordless
 * first factors: choice-based sign-in runs only on clients that allow it ("Manage authentication
 * methods in AWS SDKs": "add ALLOW_USER_AUTH to your app client's explicit authentication flows").
 * A `client_credentials` client signs no user in and never gets it.
 */
export function clientAuthFlows(args: CognitoAuthArgs, oauthFlows: readonly OAuthFlow[] | undefined, flows: readonly string[]): string[] {
    const machine = oauthFlows?.includes("client_credentials") ?? false;
    return [...new Set([...flows, ...(passwordlessOf(args) && !machine ? ["ALLOW_USER_AUTH"] : [])])];
}

/**
 * One managed login style per app client that signs users in on a managed login (version 2)
 * domain: the client's `branding`, or Cognito's own style. A client on a version-2 domain without
 * a style gets no sign-in pages (managed login serves "the branding-designer version of your login
 * pages", "Apply branding to managed login pages"; a style must exist per client), so every OAuth
 * client that signs users in gets one.
 */
export function createBrandings(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    userPool: aws.cognito.UserPool,
    clients: Readonly<Record<string, aws.cognito.UserPoolClient>>,
    domain: aws.cognito.UserPoolDomain | undefined,
): Record<string, aws.cognito.ManagedLoginBranding> {
    const brandings: Record<string, aws.cognito.ManagedLoginBranding> = {};
    if (!domain || args.domain?.managedLoginVersion !== 2) return brandings;
    for (const [key, client] of Object.entries(args.clients ?? { web: {} })) {
        const machine = client.oauth?.flows?.includes("client_credentials") ?? false;
        if (client.oauth === undefined || (machine && client.branding === undefined)) continue;
        const branding = client.branding ?? { useCognitoProvidedValues: true };
        // Validation has read the same files and reported any it could not.
        const files = readBrandingFiles(branding, () => undefined);
        const settings = branding.settings ?? files.settings;
        const assets = (branding.assets ?? []).map((a, i) => ({ category: a.category, colorMode: a.colorMode, extension: a.extension, bytes: a.bytes ?? files.assetBytes[i] }));
        const useDefaults = branding.useCognitoProvidedValues ?? settings === undefined;
        brandings[key] = new aws.cognito.ManagedLoginBranding(
            `${name}-branding-${key}`,
            {
                userPoolId: userPool.id,
                clientId: clients[key].id,
                // CreateManagedLoginBranding: with UseCognitoProvidedValues true, "you must also omit values for Settings and Assets".
                useCognitoProvidedValues: useDefaults,
                settings: useDefaults || settings === undefined ? undefined : JSON.stringify(settings),
                assets: useDefaults || assets.length === 0 ? undefined : assets,
            },
            // The style is for the domain's pages: create it once the domain exists.
            { parent: scope, dependsOn: [domain] },
        );
    }
    return brandings;
}
