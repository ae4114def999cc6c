// The arguments of CognitoAuth's choice-based sign-in (passkeys, one-time passwords) and of managed
// login branding: types (and the enums they use), so validation imports no implementation through them.
import type { BrandingAssetCategory, BrandingAssetExtension, BrandingColorMode, FirstAuthFactor, PasskeyUserVerification } from "./sign-in-enums";

// The enums too (values), so args.ts re-exports everything of sign-in with one line.
export * from "./sign-in-enums";

/**
 * Choice-based sign-in: the ways a user may start signing in. App clients that sign users in get
 * `ALLOW_USER_AUTH` (the `USER_AUTH` flow) automatically once any factor besides `PASSWORD` is
 * allowed; `client_credentials` clients never do.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
 */
export interface SignInPolicy {
    /**
     * The first factors: `PASSWORD`, `WEB_AUTHN` (passkeys), `EMAIL_OTP`, `SMS_OTP`. Anything besides
     * `PASSWORD` needs the ESSENTIALS or PLUS tier and `mfa` other than `"ON"` (Cognito offers no
     * passwordless sign-in to users who must use MFA). Passkeys need another factor beside them:
     * a user registers a passkey only once signed in.
     * @example ["PASSWORD", "WEB_AUTHN"]
     * @default ["PASSWORD"] (Cognito's own: the policy is left out of the pool)
     */
    readonly allowedFirstAuthFactors?: FirstAuthFactor[];
}

/**
 * Passkey (WebAuthn) settings, with `WEB_AUTHN` among the first factors.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
 */
export interface WebAuthnSettings {
    /**
     * The relying party passkeys are bound to. Changing it later makes every registered passkey
     * useless. With a custom domain it must be that domain (AWS requires it for managed login);
     * with a prefix domain it must be `<prefix>.auth.<region>.amazoncognito.com`, because
     * `auth.<region>.amazoncognito.com` is a public suffix that no passkey can be bound to.
     * Without a domain, name your app's domain.
     * @example "auth.acme.dev"
     * @default the custom domain; with a prefix domain Cognito's default (the prefix domain); required without a domain
     */
    readonly relyingPartyId?: string;
    /** `required`: only passkeys that verify the user (biometric or PIN). @default "required" */
    readonly userVerification?: PasskeyUserVerification;
}

/**
 * The managed login style of one app client (needs `domain.managedLoginVersion: 2`). Give exactly
 * one of `useCognitoProvidedValues`, `settings` and `settingsFile`.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-brandingeditor.html
 */
export interface ClientBranding {
    /** Cognito's default style. Excludes `settings`, `settingsFile` and `assets`. @default true when nothing else is given */
    readonly useCognitoProvidedValues?: boolean;
    /**
     * The style as the branding designer exports it (the `Settings` document of
     * DescribeManagedLoginBrandingByClient).
     * @default - none
     */
    readonly settings?: Record<string, any>;
    /**
     * A JSON file with the same document, read when the program runs, relative to the working
     * directory (the project folder under `pulumi up`).
     * @example "branding/web.json"
     * @default - none
     */
    readonly settingsFile?: string;
    /** Images: logos, backgrounds, icons. @default - none */
    readonly assets?: BrandingAsset[];
}

/** One managed login image, from a file or as base64 bytes (exactly one of them). */
export interface BrandingAsset {
    /** What the image is for. */
    readonly category: BrandingAssetCategory;
    /** The display mode it is for. */
    readonly colorMode: BrandingColorMode;
    /** The file type. */
    readonly extension: BrandingAssetExtension;
    /** The image file, read when the program runs. @example "branding/logo.png" @default - none: give `bytes` */
    readonly file?: string;
    /** The image, base64-encoded. @default - none: give `file` */
    readonly bytes?: string;
}
