// The closed sets of values CognitoAuth's arguments and outputs take. Each is an `as const` object and a
// type of the same name: TypeScript users keep writing the literal (`mfa: "ON"`), other languages get
// a schema enum (`MfaMode.On`), and validation checks against `Object.values(...)`, so the enum and
// the validator cannot drift apart. The object must come before its type: the schema analyzer reads
// the members from the first declaration of the name.

/**
 * Whether users must have a second factor. `OFF` fails AwsSolutions-COG2.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 */
export const MfaMode = {
    /** No second factor, for anyone. */
    Off: "OFF",
    /** Users may add a second factor. */
    Optional: "OPTIONAL",
    /** Every user must have a second factor. */
    On: "ON",
} as const;
export type MfaMode = (typeof MfaMode)[keyof typeof MfaMode];

/** How a user who forgot their password proves who they are. */
export const AccountRecoveryMethod = {
    /** A code sent to the verified email address. */
    Email: "email",
    /** A code sent by SMS to the verified phone number. */
    Phone: "phone",
} as const;
export type AccountRecoveryMethod = (typeof AccountRecoveryMethod)[keyof typeof AccountRecoveryMethod];

/** How an email address is confirmed. */
export const EmailVerificationStyle = {
    /** A code the user types into the app. */
    Code: "code",
    /** A link the user follows. */
    Link: "link",
} as const;
export type EmailVerificationStyle = (typeof EmailVerificationStyle)[keyof typeof EmailVerificationStyle];

/**
 * Cognito's standard user attributes (OpenID Connect standard claims).
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#cognito-user-pools-standard-attributes
 */
export const StandardAttribute = {
    Address: "address",
    Birthdate: "birthdate",
    Email: "email",
    FamilyName: "family_name",
    Gender: "gender",
    GivenName: "given_name",
    Locale: "locale",
    MiddleName: "middle_name",
    Name: "name",
    Nickname: "nickname",
    PhoneNumber: "phone_number",
    Picture: "picture",
    PreferredUsername: "preferred_username",
    Profile: "profile",
    UpdatedAt: "updated_at",
    Website: "website",
    Zoneinfo: "zoneinfo",
} as const;
export type StandardAttribute = (typeof StandardAttribute)[keyof typeof StandardAttribute];

/** The data type of a custom attribute. */
export const CustomAttributeType = {
    String: "String",
    Number: "Number",
    /** Stored by Cognito as the text `true` or `false`. */
    Boolean: "Boolean",
    /** Stored by Cognito as text; Cognito does not check the format. */
    DateTime: "DateTime",
} as const;
export type CustomAttributeType = (typeof CustomAttributeType)[keyof typeof CustomAttributeType];

/**
 * The user pool feature plan.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
 */
export const FeatureTier = {
    /** Costs less; no email MFA and no threat protection. */
    Lite: "LITE",
    /** What AWS gives new pools. */
    Essentials: "ESSENTIALS",
    /** Adds threat protection, at a higher price per user. */
    Plus: "PLUS",
} as const;
export type FeatureTier = (typeof FeatureTier)[keyof typeof FeatureTier];

/** What threat protection (formerly advanced security) does with a risky sign-in. Needs the PLUS tier. */
export const ThreatProtectionMode = {
    /** Logs risky sign-ins and lets them through. */
    Audit: "AUDIT",
    /** Blocks risky sign-ins (AwsSolutions-COG8, FSBP Cognito.1). */
    Enforced: "ENFORCED",
} as const;
export type ThreatProtectionMode = (typeof ThreatProtectionMode)[keyof typeof ThreatProtectionMode];

/** An OAuth 2.0 grant type an app client may use. The implicit flow is never offered. */
export const OAuthFlow = {
    /** The authorization code flow, with PKCE: for users signing in through the hosted UI. */
    Code: "code",
    /** Machine-to-machine tokens for a confidential client, with resource-server scopes only. */
    ClientCredentials: "client_credentials",
} as const;
export type OAuthFlow = (typeof OAuthFlow)[keyof typeof OAuthFlow];

/** An API sign-in flow an app client may use besides SRP and refresh, which every client gets. */
export const ExtraAuthFlow = {
    /** `ALLOW_USER_PASSWORD_AUTH`: the app sends the password itself (for migrations). */
    UserPassword: "userPassword",
    /** `ALLOW_ADMIN_USER_PASSWORD_AUTH`: for trusted servers with AWS credentials. */
    AdminUserPassword: "adminUserPassword",
    /** `ALLOW_CUSTOM_AUTH`: custom challenges through the auth challenge triggers. */
    Custom: "custom",
    /** `ALLOW_USER_AUTH`: choice-based sign-in. */
    UserAuth: "userAuth",
} as const;
export type ExtraAuthFlow = (typeof ExtraAuthFlow)[keyof typeof ExtraAuthFlow];

/** How the identity pool picks the role of a signed-in user. */
export const RoleMappingType = {
    /** The role of the user's group (the token's `cognito:preferred_role`). */
    Token: "token",
    /** The role of the first rule that matches a claim of the ID token. */
    Rules: "rules",
} as const;
export type RoleMappingType = (typeof RoleMappingType)[keyof typeof RoleMappingType];

/** How a role mapping rule compares the claim with its value. */
export const RoleMappingMatchType = {
    Equals: "Equals",
    /** The claim contains the value. */
    Contains: "Contains",
    StartsWith: "StartsWith",
    NotEqual: "NotEqual",
} as const;
export type RoleMappingMatchType = (typeof RoleMappingMatchType)[keyof typeof RoleMappingMatchType];

/** What the identity pool does when no group or rule decides a signed-in user's role. */
export const AmbiguousRoleResolution = {
    /** Give the authenticated role. */
    AuthenticatedRole: "authenticatedRole",
    /** Refuse credentials. */
    Deny: "deny",
} as const;
export type AmbiguousRoleResolution = (typeof AmbiguousRoleResolution)[keyof typeof AmbiguousRoleResolution];

/** `mfa.status` of the Amplify configuration: `mfa` in lower case. */
export const AmplifyMfaStatus = {
    Off: "off",
    Optional: "optional",
    On: "on",
} as const;
export type AmplifyMfaStatus = (typeof AmplifyMfaStatus)[keyof typeof AmplifyMfaStatus];

/** `loginWith.oauth.responseType` of the Amplify configuration. The component always writes `code`. */
export const AmplifyOAuthResponseType = {
    /** The authorization code flow, with PKCE. */
    Code: "code",
    /** The implicit flow, which this component never configures. */
    Token: "token",
} as const;
export type AmplifyOAuthResponseType = (typeof AmplifyOAuthResponseType)[keyof typeof AmplifyOAuthResponseType];
