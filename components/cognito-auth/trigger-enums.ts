// The closed sets of values of CognitoAuth's trigger arguments, in the style of enums.ts: each an
// `as const` object first, then a type of the same name.

/**
 * The event version Cognito sends the pre token generation trigger, and so what the trigger may change.
 * Versions 2 and 3 need the ESSENTIALS or PLUS feature tier: "In user pools with the Essentials or Plus
 * feature plan, you can generate the version two or V2_0 trigger event with access token customization,
 * and the version three or V3_0 trigger event with access token customization for machine-to-machine
 * (M2M) client-credentials grants" (Amazon Cognito Developer Guide, "Pre token generation Lambda trigger").
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-pre-token-generation.html
 */
export const PreTokenGenerationVersion = {
    /** Version 1: the ID token's claims only, on every feature tier. */
    V1: "V1_0",
    /** Version 2: also the access token's claims and scopes, for user sign-in. ESSENTIALS or PLUS. */
    V2: "V2_0",
    /** Version 3: as version 2, and also the access tokens of machine-to-machine (client credentials) clients. ESSENTIALS or PLUS. */
    V3: "V3_0",
} as const;
export type PreTokenGenerationVersion = (typeof PreTokenGenerationVersion)[keyof typeof PreTokenGenerationVersion];
