// The closed sets of values of CognitoAuth's choice-based sign-in (passkeys, one-time passwords) and
// managed login arguments. Same form as enums.ts: each an `as const` object first, then a type of
// the same name, so other languages get a schema enum and validation checks `Object.values(...)`.

/**
 * A way to start signing in (choice-based sign-in, the `USER_AUTH` flow). Everything but `PASSWORD`
 * needs the ESSENTIALS or PLUS feature tier.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignInPolicyType.html
 */
export const FirstAuthFactor = {
    /** A password (SRP or the password itself). */
    Password: "PASSWORD",
    /** A passkey (WebAuthn): a device's biometric or PIN, or a security key. */
    WebAuthn: "WEB_AUTHN",
    /** A one-time code sent by email; needs `email.sesIdentityArn`. */
    EmailOtp: "EMAIL_OTP",
    /** A one-time code sent by SMS; needs SMS set up (the SNS role). */
    SmsOtp: "SMS_OTP",
} as const;
export type FirstAuthFactor = (typeof FirstAuthFactor)[keyof typeof FirstAuthFactor];

/**
 * Whether passkeys must verify the user (biometric or PIN), or may only prove presence (a touch).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_WebAuthnConfigurationType.html
 */
export const PasskeyUserVerification = {
    /** Only passkeys that verify the user can be registered and used. */
    Required: "required",
    /** Verification is encouraged, not required. */
    Preferred: "preferred",
} as const;
export type PasskeyUserVerification = (typeof PasskeyUserVerification)[keyof typeof PasskeyUserVerification];

/**
 * The sign-in pages the hosted UI domain serves.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-managed-login.html
 */
export const ManagedLoginVersion = {
    /** The classic hosted UI. */
    Classic: 1,
    /** Managed login, styled per app client with the branding designer (`CognitoClient.branding`). */
    ManagedLogin: 2,
} as const;
export type ManagedLoginVersion = (typeof ManagedLoginVersion)[keyof typeof ManagedLoginVersion];

/**
 * What a managed login image is for (AssetType.Category).
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AssetType.html
 */
export const BrandingAssetCategory = {
    FaviconIco: "FAVICON_ICO",
    FaviconSvg: "FAVICON_SVG",
    EmailGraphic: "EMAIL_GRAPHIC",
    SmsGraphic: "SMS_GRAPHIC",
    AuthAppGraphic: "AUTH_APP_GRAPHIC",
    PasswordGraphic: "PASSWORD_GRAPHIC",
    PasskeyGraphic: "PASSKEY_GRAPHIC",
    PageHeaderLogo: "PAGE_HEADER_LOGO",
    PageHeaderBackground: "PAGE_HEADER_BACKGROUND",
    PageFooterLogo: "PAGE_FOOTER_LOGO",
    PageFooterBackground: "PAGE_FOOTER_BACKGROUND",
    PageBackground: "PAGE_BACKGROUND",
    FormBackground: "FORM_BACKGROUND",
    FormLogo: "FORM_LOGO",
    IdpButtonIcon: "IDP_BUTTON_ICON",
} as const;
export type BrandingAssetCategory = (typeof BrandingAssetCategory)[keyof typeof BrandingAssetCategory];

/** The display mode a managed login image is for (AssetType.ColorMode). */
export const BrandingColorMode = {
    Light: "LIGHT",
    Dark: "DARK",
    /** Follows the browser's mode. */
    Dynamic: "DYNAMIC",
} as const;
export type BrandingColorMode = (typeof BrandingColorMode)[keyof typeof BrandingColorMode];

/** The file type of a managed login image (AssetType.Extension). */
export const BrandingAssetExtension = {
    Ico: "ICO",
    Jpeg: "JPEG",
    Png: "PNG",
    Svg: "SVG",
    Webp: "WEBP",
} as const;
export type BrandingAssetExtension = (typeof BrandingAssetExtension)[keyof typeof BrandingAssetExtension];
