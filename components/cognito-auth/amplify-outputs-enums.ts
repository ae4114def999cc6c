// The closed sets of values of the Amplify Gen 2 outputs (`amplify_outputs.json`), as `as const`
// enums (the object first: the schema analyzer reads the members from the first declaration).
// Values from Amplify's schema v1.4 (aws-amplify/amplify-backend
// packages/client-config/src/client-config-schema/client_config_v1.4.ts) and the parser aws-amplify
// v6 runs on them (@aws-amplify/core dist/cjs/parseAmplifyOutputs.js `getMfaStatus`, `providerNames`).

/** `auth.mfa_configuration`: Amplify reads `REQUIRED` as on, `OPTIONAL` as optional, anything else as off. */
export const AmplifyOutputsMfaConfiguration = {
    None: "NONE",
    Optional: "OPTIONAL",
    Required: "REQUIRED",
} as const;
export type AmplifyOutputsMfaConfiguration = (typeof AmplifyOutputsMfaConfiguration)[keyof typeof AmplifyOutputsMfaConfiguration];

/** `auth.mfa_methods`. */
export const AmplifyOutputsMfaMethod = {
    Sms: "SMS",
    Totp: "TOTP",
} as const;
export type AmplifyOutputsMfaMethod = (typeof AmplifyOutputsMfaMethod)[keyof typeof AmplifyOutputsMfaMethod];

/** `auth.oauth.identity_providers`: the only four the schema has; SAML and OIDC providers have no entry. */
export const AmplifyOutputsIdentityProvider = {
    Google: "GOOGLE",
    Facebook: "FACEBOOK",
    Amazon: "LOGIN_WITH_AMAZON",
    Apple: "SIGN_IN_WITH_APPLE",
} as const;
export type AmplifyOutputsIdentityProvider = (typeof AmplifyOutputsIdentityProvider)[keyof typeof AmplifyOutputsIdentityProvider];

/** `auth.username_attributes`. */
export const AmplifyOutputsUsernameAttribute = {
    Email: "email",
    PhoneNumber: "phone_number",
    Username: "username",
} as const;
export type AmplifyOutputsUsernameAttribute = (typeof AmplifyOutputsUsernameAttribute)[keyof typeof AmplifyOutputsUsernameAttribute];
