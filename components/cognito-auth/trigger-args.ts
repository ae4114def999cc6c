// The arguments of CognitoAuth's Lambda triggers and custom message senders: types only.
import type * as pulumi from "@pulumi/pulumi";
import type { PreTokenGenerationVersion } from "./trigger-enums";

/** Lambda functions Cognito calls during sign-up and sign-in, by ARN. Each gets the invoke permission it needs, for this pool only. */
export interface CognitoTriggers {
    /** Before a user is signed up: may refuse them, or confirm and verify them. @default - none */
    readonly preSignUp?: pulumi.Input<string>;
    /** After a user confirms their account. @default - none */
    readonly postConfirmation?: pulumi.Input<string>;
    /** Before a sign-in is checked: may refuse it. @default - none */
    readonly preAuthentication?: pulumi.Input<string>;
    /** After a successful sign-in. @default - none */
    readonly postAuthentication?: pulumi.Input<string>;
    /**
     * Before tokens are issued, to change their claims. Called with the event of
     * `preTokenGenerationVersion`: version 1 changes the ID token only, and works on every feature tier.
     * @default - none
     */
    readonly preTokenGeneration?: pulumi.Input<string>;
    /**
     * The event version of `preTokenGeneration`. `V2_0` also changes the access token's claims and
     * scopes for user sign-in; `V3_0` also those of machine-to-machine (client credentials) tokens.
     * Both need the ESSENTIALS or PLUS feature tier, and a function written for that event version.
     * @default "V1_0"
     */
    readonly preTokenGenerationVersion?: PreTokenGenerationVersion;
    /** Writes the texts of verification, invitation and code messages. @default - none */
    readonly customMessage?: pulumi.Input<string>;
    /** Custom authentication: decides the next challenge. @default - none */
    readonly defineAuthChallenge?: pulumi.Input<string>;
    /** Custom authentication: creates a challenge. @default - none */
    readonly createAuthChallenge?: pulumi.Input<string>;
    /** Custom authentication: checks the answer to a challenge. @default - none */
    readonly verifyAuthChallengeResponse?: pulumi.Input<string>;
    /** Signs in a user the pool does not know yet against an old user store, and creates them. @default - none */
    readonly userMigration?: pulumi.Input<string>;
}

/**
 * Lambda functions that deliver the pool's email and text messages themselves (through any
 * provider), instead of Cognito. Cognito encrypts the codes and temporary passwords in their events
 * with a KMS key; the component creates it, with a key policy that lets only this pool's Cognito
 * encrypt and only `decryptRoleArn` decrypt, and only under this pool's encryption context.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html
 */
export interface CustomSenders {
    /** The function that sends every email of the pool (the `CustomEmailSender` trigger), by ARN. @default - none: Cognito sends email (see `email`) */
    readonly email?: pulumi.Input<string>;
    /** The function that sends every text message of the pool (the `CustomSMSSender` trigger), by ARN. @default - none: Cognito sends texts through SNS */
    readonly sms?: pulumi.Input<string>;
    /**
     * The execution role of the sender functions, by ARN: the only principal the key the component
     * creates lets decrypt the codes. Required unless `kmsKeyArn` is given.
     * @example "arn:aws:iam::123456789012:role/acme-auth-sender"
     * @default - none: required when the component creates the key
     */
    readonly decryptRoleArn?: pulumi.Input<string>;
    /**
     * A symmetric KMS key of your own, by key ARN, whose key policy you keep yourself (it must let
     * whoever deploys the pool call `kms:CreateGrant`, and the sender role `kms:Decrypt`). The
     * component then creates no key, and `decryptRoleArn` must be left out.
     * @default - the component creates the key
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}
