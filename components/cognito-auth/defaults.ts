// Every default of CognitoAuth, resolved in one place. Validation reuses the per-field resolvers
// below (each safe on arguments not yet validated) instead of restating a default; the constructor
// reads the whole set from `resolveCognitoDefaults`. The defaults Cognito fixes when a pool is
// created (sign-in attributes, case sensitivity, schema) must never change between releases: a new
// default would mean a new pool, and new identity ids, for every existing stack.
import type * as pulumi from "@pulumi/pulumi";
import type { CognitoAuthArgs, CognitoClientArgs, ClientOAuth, SignInOptions, TokenValidity, VerificationMessages } from "./args";
import type { AccountRecoveryMethod, EmailVerificationStyle, FeatureTier, MfaMode, OAuthFlow } from "./enums";

/** What Cognito sends with email MFA unless `mfaEmailMessage` says otherwise. */
export const DEFAULT_MFA_EMAIL = {
    subject: "Your sign-in code",
    message: "Your sign-in code is {####}. If you did not try to sign in, change your password.",
} as const;

/** The scopes of an OAuth client that names none. */
export const DEFAULT_OAUTH_SCOPES: readonly string[] = ["openid", "email", "profile"];
/** The grant types of an OAuth client that names none: the code flow (with PKCE) only. */
export const DEFAULT_OAUTH_FLOWS: readonly OAuthFlow[] = ["code"];
/** Token lifetimes of a client that sets none: minutes, minutes, days, minutes. */
export const DEFAULT_TOKEN_VALIDITY = { accessTokenMinutes: 60, idTokenMinutes: 60, refreshTokenDays: 30, authSessionMinutes: 3 } as const;
/** The value lengths of a `String` custom attribute that sets none: what Cognito itself allows. */
export const DEFAULT_STRING_LENGTH = { minLength: 0, maxLength: 2048 } as const;

/** The scopes each social provider is asked for unless `scopes` says otherwise. */
export const DEFAULT_SOCIAL_SCOPES = { google: ["openid", "email", "profile"], facebook: ["public_profile", "email"], amazon: ["profile"], apple: ["email", "name"] } as const;
/** The scopes an OpenID Connect provider is asked for unless `scopes` says otherwise. */
export const DEFAULT_OIDC_SCOPES: readonly string[] = ["openid", "email", "profile"];
/** The attribute mapping of a social or OIDC provider that gives none. */
export const DEFAULT_ATTRIBUTE_MAPPING = { email: "email" } as const;

/** The sign-in attributes: email, unless another one is chosen. */
export function signInOf(signIn: SignInOptions | undefined) {
    const s = signIn ?? {};
    const anySignIn = s.email || s.phone || s.username;
    return { email: s.email ?? !anySignIn, phone: s.phone ?? false, username: s.username ?? false, preferredUsername: s.preferredUsername ?? false };
}

/** `mfa`: optional second factors. */
export function mfaOf(args: CognitoAuthArgs): MfaMode {
    return args.mfa ?? "OPTIONAL";
}

/** `accountRecovery`: by email, or by phone when users sign in by phone only. */
export function accountRecoveryOf(args: CognitoAuthArgs, signIn: { email: boolean; phone: boolean }): AccountRecoveryMethod[] {
    return args.accountRecovery ?? (signIn.phone && !signIn.email ? ["phone"] : ["email"]);
}

/** Whether the pool needs SMS: for SMS codes, for verifying the phone numbers users sign in with, and for phone recovery. */
export function smsOf(smsFactor: boolean | undefined, phoneSignIn: boolean, recovery: readonly unknown[]): boolean {
    return smsFactor || phoneSignIn || recovery.includes("phone");
}

/** `featureTier`: ESSENTIALS, or PLUS when threat protection needs it. */
export function featureTierOf(args: CognitoAuthArgs): FeatureTier {
    return args.featureTier ?? (args.threatProtection ? "PLUS" : "ESSENTIALS");
}

/** `clients`: one public client, `web`, with SRP sign-in and no OAuth. */
export function clientsOf(args: CognitoAuthArgs): Readonly<Record<string, CognitoClientArgs>> {
    return args.clients ?? { web: {} };
}

/** A client's token lifetimes. */
export function tokenValidityOf(t: TokenValidity | undefined) {
    return {
        accessTokenMinutes: t?.accessTokenMinutes ?? DEFAULT_TOKEN_VALIDITY.accessTokenMinutes,
        idTokenMinutes: t?.idTokenMinutes ?? DEFAULT_TOKEN_VALIDITY.idTokenMinutes,
        refreshTokenDays: t?.refreshTokenDays ?? DEFAULT_TOKEN_VALIDITY.refreshTokenDays,
        authSessionMinutes: t?.authSessionMinutes ?? DEFAULT_TOKEN_VALIDITY.authSessionMinutes,
    };
}

/** A client's OAuth settings with their scopes and flows filled in. */
export function oauthOf(oauth: ClientOAuth): ClientOAuth & { scopes: string[]; flows: OAuthFlow[] } {
    return { ...oauth, scopes: oauth.scopes ?? [...DEFAULT_OAUTH_SCOPES], flows: oauth.flows ?? [...DEFAULT_OAUTH_FLOWS] };
}

/** How email addresses are confirmed: with a code to type. */
export function emailStyleOf(v: VerificationMessages | undefined): EmailVerificationStyle {
    return v?.emailStyle ?? "code";
}

/** Whether any group has a role, which makes `token` the role mapping. */
function anyGroupRole(args: CognitoAuthArgs): boolean {
    return Object.values(args.groups ?? {}).some((g) => g.role);
}

/** Characters AWS accepts in an identity pool name: letters, digits, underscore and space. */
export function identityPoolNameFrom(name: string): string {
    return name.replace(/[^\w ]/g, "_").slice(0, 128);
}

/**
 * The defaults of every optional argument, resolved in one place. Internal.
 * `opts` is the component's own options, whose `retainOnDelete` the pools inherit.
 */
export function resolveCognitoDefaults(name: string, args: CognitoAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    const signIn = signInOf(args.signIn);
    const mfa = mfaOf(args);
    const factors = { totp: args.mfaFactors?.totp ?? true, sms: args.mfaFactors?.sms ?? false, email: args.mfaFactors?.email ?? false };
    const accountRecovery = accountRecoveryOf(args, signIn);
    const sms = smsOf(factors.sms, signIn.phone, accountRecovery);
    const clients = clientsOf(args);
    return {
        signIn,
        selfSignUp: args.selfSignUp ?? true,
        password: {
            minimumLength: args.passwordPolicy?.minimumLength ?? 12,
            requireLowercase: args.passwordPolicy?.requireLowercase ?? true,
            requireUppercase: args.passwordPolicy?.requireUppercase ?? true,
            requireNumbers: args.passwordPolicy?.requireNumbers ?? true,
            requireSymbols: args.passwordPolicy?.requireSymbols ?? true,
            temporaryPasswordValidityDays: args.passwordPolicy?.temporaryPasswordValidityDays ?? 7,
        },
        mfa,
        // The provider turns SMS codes on whenever SMS is configured and MFA is not OFF.
        factors: mfa === "OFF" ? { totp: false, sms: false, email: false } : { ...factors, sms },
        accountRecovery,
        sms,
        mfaEmail: { subject: args.mfaEmailMessage?.subject ?? DEFAULT_MFA_EMAIL.subject, message: args.mfaEmailMessage?.message ?? DEFAULT_MFA_EMAIL.message },
        emailStyle: emailStyleOf(args.verificationMessages),
        requiredAttributes: args.requiredAttributes ?? [],
        customAttributes: args.customAttributes ?? {},
        featureTier: featureTierOf(args),
        preTokenGenerationVersion: args.triggers?.preTokenGenerationVersion ?? "V1_0",
        deletionProtection: args.deletionProtection ?? true,
        retainOnDelete: args.retainOnDelete ?? opts?.retainOnDelete,
        clients,
        amplifyClient: args.amplifyClient ?? Object.keys(clients).find((key) => !clients[key].confidential),
        resourceServers: args.resourceServers ?? {},
        identityProviders: args.identityProviders ?? {},
        groups: args.groups ?? {},
        allowGuests: args.allowGuests ?? false,
        identityPoolName: args.identityPoolName ?? identityPoolNameFrom(name),
        principalTags: args.principalTags ?? {},
        roleMappingType: args.roleMapping?.type ?? (anyGroupRole(args) ? "token" : undefined),
        ambiguous: args.roleMapping?.ambiguous ?? "authenticatedRole",
        client: (key: string) => {
            const c = clients[key];
            const confidential = c.confidential ?? false;
            return {
                confidential,
                oauth: c.oauth && oauthOf(c.oauth),
                extraAuthFlows: c.extraAuthFlows ?? [],
                ...tokenValidityOf(c.tokenValidity),
                identityPool: c.identityPool ?? !confidential,
                cognitoSignIn: c.cognitoSignIn ?? true,
            };
        },
    };
}

/** The resolved arguments the child modules build from. */
export type CognitoDefaults = ReturnType<typeof resolveCognitoDefaults>;
