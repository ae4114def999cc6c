// The rules of CognitoAuth's choice-based sign-in (passkeys, one-time passwords) and managed login
// arguments, checked with the rest of validateCognitoAuthArgs before anything is created. Pure
// except for reading the branding files the arguments name, so a missing file fails here, before
// any resource exists, rather than in the middle of `pulumi up`.
import type { Issues } from "../validation";
import type { CognitoAuthArgs } from "./args";
import { accountRecoveryOf, clientsOf, featureTierOf, mfaOf, signInOf, smsOf } from "./defaults";
import { readBrandingFiles } from "./sign-in-branding-files";
import { BrandingAssetCategory, BrandingAssetExtension, BrandingColorMode, FirstAuthFactor, ManagedLoginVersion, PasskeyUserVerification } from "./sign-in-enums";
import { checkOneOf, isRecord } from "./validation-checks";

/** The longest relying party id Cognito takes (WebAuthnConfigurationType.RelyingPartyId: 1 to 127 characters). */
const RELYING_PARTY_MAX = 127;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The host of a prefix domain, `<prefix>.auth.<region>.amazoncognito.com` (or `auth-fips`). Its
 * parent `auth.<region>.amazoncognito.com` is in the Public Suffix List ("Using the Amazon Cognito
 * prefix domain for managed login": "the parent domains of user pool endpoints are registered in
 * the Public Suffix List (PSL)"), and WebAuthn refuses a relying party id that is a public suffix
 * (W3C Web Authentication, "Relying Party Identifier": a registrable domain suffix of the origin's
 * effective domain), so the full host is the only relying party a prefix domain's pages can use.
 */
function prefixHost(prefix: string): RegExp {
    return new RegExp(`^${prefix.replace(/[^a-z0-9-]/g, "")}\\.auth(-fips)?\\.[a-z]{2}(-[a-z]+)+-\\d\\.amazoncognito\\.com$`);
}

/** Internal. The sign-in and managed login rules; validateCognitoAuthArgs calls it with its issues. */
export function checkSignIn(issues: Issues, args: CognitoAuthArgs): void {
    const policy = args.signInPolicy;
    const factors: readonly unknown[] = Array.isArray(policy?.allowedFirstAuthFactors) ? policy!.allowedFirstAuthFactors : [];
    if (policy !== undefined) {
        if (!isRecord(policy)) issues.add("signInPolicy", "must be an object with allowedFirstAuthFactors", policy);
        else if (!Array.isArray(policy.allowedFirstAuthFactors) || policy.allowedFirstAuthFactors.length === 0) {
            issues.add("signInPolicy.allowedFirstAuthFactors", `must list at least one of ${Object.values(FirstAuthFactor).join(", ")}`, policy.allowedFirstAuthFactors);
        }
        factors.forEach((f, i) => checkOneOf(issues, `signInPolicy.allowedFirstAuthFactors[${i}]`, f, Object.values(FirstAuthFactor)));
        if (new Set(factors).size !== factors.length) issues.add("signInPolicy.allowedFirstAuthFactors", "must not list a factor twice", factors);
    }
    const has = (f: FirstAuthFactor) => factors.includes(f);
    const passwordless = factors.filter((f) => f !== "PASSWORD");
    const at = "signInPolicy.allowedFirstAuthFactors";
    if (passwordless.length > 0) {
        // SignInPolicyType: "To activate this setting, your user pool must be in the Essentials tier or higher."
        const tier = featureTierOf(args);
        if (tier === "LITE") issues.add(at, `needs featureTier ESSENTIALS or PLUS for ${passwordless.join(", ")} (received featureTier "LITE")`, factors);
        // Cognito offers passwordless sign-in to no user who has MFA ("MFA and passwordless cannot be
        // used together", Amplify's Passwordless page, from the Cognito MFA prerequisites), and refuses
        // WEB_AUTHN outright with MFA ON unless passkeys count as MFA, which the provider cannot set
        // ("WEB_AUTHN cannot be used as an auth factor when MFA is enabled if not configured for MFA",
        // terraform-provider-aws #50110). Not provable offline: the message is a user's report.
        if (mfaOf(args) === "ON") issues.add(at, `cannot offer ${passwordless.join(", ")} with mfa: "ON": Cognito gives no passwordless sign-in to users who must use MFA; use mfa: "OPTIONAL"`, factors);
    }
    if (has("EMAIL_OTP") && args.email?.sesIdentityArn === undefined) {
        // The same prerequisite as email MFA: codes go out through your SES identity (DEVELOPER), never
        // Cognito's built-in sender ("Email settings for Amazon Cognito user pools", message table footnote).
        issues.add(at, "has EMAIL_OTP, which needs email.sesIdentityArn: Cognito's built-in sender cannot send sign-in codes", factors);
    }
    if (has("SMS_OTP")) {
        const signIn = signInOf(args.signIn);
        const recovery = accountRecoveryOf(args, signIn);
        if (!smsOf(args.mfaFactors?.sms, signIn.phone, Array.isArray(recovery) ? recovery : [])) {
            issues.add(at, "has SMS_OTP, which needs SMS (the SNS role Cognito sends texts with): set signIn.phone, mfaFactors.sms or a \"phone\" accountRecovery", factors);
        }
    }
    // A user registers a passkey once signed in (StartWebAuthnRegistration is authorized by the user's
    // access token), so a pool with passkeys alone lets no new user in and no user who lost the device back.
    if (has("WEB_AUTHN") && !has("PASSWORD") && !has("EMAIL_OTP") && !has("SMS_OTP")) {
        issues.add(at, "must allow PASSWORD, EMAIL_OTP or SMS_OTP beside WEB_AUTHN: passkeys are registered by users already signed in, and a lost device must not lock a user out", factors);
    }

    const web = args.webAuthn;
    const domain = isRecord(args.domain) ? args.domain! : undefined;
    if (web !== undefined) {
        if (!isRecord(web)) issues.add("webAuthn", "must be an object with relyingPartyId and userVerification", web);
        if (!has("WEB_AUTHN")) issues.add("webAuthn", "needs WEB_AUTHN in signInPolicy.allowedFirstAuthFactors", web);
        checkOneOf(issues, "webAuthn.userVerification", web?.userVerification, Object.values(PasskeyUserVerification));
    }
    const rp = web?.relyingPartyId;
    if (rp !== undefined && (typeof rp !== "string" || rp.length > RELYING_PARTY_MAX || !DNS_NAME.test(rp))) {
        issues.add("webAuthn.relyingPartyId", `must be a lowercase domain name of at most ${RELYING_PARTY_MAX} characters, without scheme or path`, rp);
    } else if (has("WEB_AUTHN")) {
        if (domain?.customDomain !== undefined && rp !== undefined && rp !== domain.customDomain) {
            // WebAuthnConfigurationType.RelyingPartyId: with a custom domain and managed login or the
            // hosted UI, "the passkey relying party ID must be the fully-qualified domain name of your custom domain".
            issues.add("webAuthn.relyingPartyId", `must be the custom domain ${domain.customDomain}: Cognito requires it for passkeys on a custom domain`, rp);
        } else if (typeof domain?.prefix === "string" && rp !== undefined && !prefixHost(domain.prefix).test(rp)) {
            issues.add("webAuthn.relyingPartyId", `must be ${domain.prefix}.auth.<region>.amazoncognito.com, the prefix domain's host: auth.<region>.amazoncognito.com is a public suffix, which no passkey can be bound to`, rp);
        } else if (domain === undefined && rp === undefined) {
            issues.add("webAuthn.relyingPartyId", "is required with WEB_AUTHN and no domain: name the domain of the app that signs users in (passkeys are bound to it)", undefined);
        }
    }

    // Managed login.
    const version = domain?.managedLoginVersion;
    if (version !== undefined && !(Object.values(ManagedLoginVersion) as unknown[]).includes(version)) {
        issues.add("domain.managedLoginVersion", "must be 1 (the classic hosted UI) or 2 (managed login)", version);
    }
    for (const [key, client] of Object.entries(clientsOf(args))) {
        const branding = isRecord(client) ? client.branding : undefined;
        if (branding === undefined) continue;
        const field = `clients.${key}.branding`;
        if (!isRecord(branding)) {
            issues.add(field, "must be an object with useCognitoProvidedValues, settings or settingsFile", branding);
            continue;
        }
        if (version !== 2) issues.add(field, "needs domain.managedLoginVersion: 2: branding styles the managed login pages, which the classic hosted UI does not use", version);
        if (client.oauth === undefined) issues.add(field, `needs clients.${key}.oauth: managed login signs users in through OAuth`, undefined);
        const given = (["settings", "settingsFile"] as const).filter((f) => branding[f] !== undefined);
        if (branding.useCognitoProvidedValues === true && (given.length > 0 || branding.assets !== undefined)) {
            issues.add(`${field}.useCognitoProvidedValues`, "excludes settings, settingsFile and assets: Cognito applies its own style and ignores them", [...given, ...(branding.assets ? ["assets"] : [])]);
        }
        if (given.length > 1) issues.add(field, "must set only one of settings and settingsFile", given);
        if (branding.useCognitoProvidedValues === false && given.length === 0) issues.add(field, "needs settings or settingsFile when useCognitoProvidedValues is false", branding);
        if (branding.settings !== undefined && (!isRecord(branding.settings) || Array.isArray(branding.settings))) issues.add(`${field}.settings`, "must be a JSON object (the branding designer's settings document)", branding.settings);
        (Array.isArray(branding.assets) ? branding.assets : []).forEach((a, i) => {
            const af = `${field}.assets[${i}]`;
            checkOneOf(issues, `${af}.category`, a?.category, Object.values(BrandingAssetCategory));
            checkOneOf(issues, `${af}.colorMode`, a?.colorMode, Object.values(BrandingColorMode));
            checkOneOf(issues, `${af}.extension`, a?.extension, Object.values(BrandingAssetExtension));
            if ((a?.file === undefined) === (a?.bytes === undefined)) issues.add(af, "must set exactly one of file and bytes", a);
        });
        if (branding.assets !== undefined && !Array.isArray(branding.assets)) issues.add(`${field}.assets`, "must be a list of images", branding.assets);
        readBrandingFiles(branding, (path, rule, value) => issues.add(`${field}.${path}`, rule, value));
    }
}
