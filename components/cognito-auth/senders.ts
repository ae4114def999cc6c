// Custom email and SMS senders: the KMS key Cognito encrypts codes with, its key policy, and the
// invoke permissions of the sender functions.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, policyJson, type PolicyStatement } from "../policy";
import { applyTransform } from "../shared/transform";
import type { CognitoAuthArgs } from "./args";
import { arnField } from "./user-pool";

/** Cognito's service principal, as it invokes triggers and calls KMS for a pool. */
const COGNITO_PRINCIPAL = "cognito-idp.amazonaws.com";
/**
 * The encryption context key Cognito encrypts sender codes under: AWS's key policy example for custom
 * senders conditions the grant on `kms:EncryptionContext:userpool-id` set to the pool id (Cognito
 * Developer Guide, "Custom sender Lambda triggers", "Activating custom sender Lambda triggers", step 2).
 */
export const SENDER_ENCRYPTION_CONTEXT_KEY = "kms:EncryptionContext:userpool-id";

/** The custom sender key (created or given) and the `lambdaConfig` entries the user pool needs. */
export interface SenderSetup {
    /** The key the component created, if it created one. */
    readonly key?: aws.kms.Key;
    readonly keyArn: pulumi.Input<string>;
    readonly lambdaConfig: Pick<aws.types.input.cognito.UserPoolLambdaConfig, "customEmailSender" | "customSmsSender" | "kmsKeyId">;
}

/**
 * The key policy of the custom sender key, once the pool exists. In a key policy, Resource "*" is the
 * key itself. Every use is confined to this pool's encryption context:
 * - the account administers the key (as SecureUserBucket's key does: `kms:PutKeyPolicy` kept, so it
 *   cannot be locked out), with no cryptographic action;
 * - principals of the account may create the grant Cognito encrypts with, for this pool only: "The IAM
 *   principal that creates or updates your user pool creates a one-time grant against the KMS key that
 *   Amazon Cognito uses to encrypt the code. Grant this principal CreateGrant permissions" (Developer
 *   Guide, "Custom sender Lambda triggers", step 2, whose example policy has exactly this condition);
 * - Cognito's service principal may encrypt for this pool only (`aws:SourceArn`, `aws:SourceAccount`:
 *   IAM User Guide, "The confused deputy problem"). AWS documents the grant path above; whether
 *   Cognito ever calls KMS as its service principal instead cannot be proven offline, and this
 *   statement allows nothing beyond this pool's codes either way;
 * - the sender functions' role alone may decrypt, and only this pool's codes (step 2's "Allow Lambda
 *   to decrypt" statement, narrowed by the encryption context; the context travels in the ESDK
 *   message and is sent with Decrypt: not provable offline).
 */
export function senderKeyPolicy(key: {
    partition: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    userPoolId: pulumi.Input<string>;
    userPoolArn: pulumi.Input<string>;
    decryptRoleArn: pulumi.Input<string>;
}): PolicyStatement[] {
    const account = { AWS: pulumi.interpolate`arn:${key.partition}:iam::${key.accountId}:root` };
    const thisPool = { [SENDER_ENCRYPTION_CONTEXT_KEY]: key.userPoolId };
    return [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: account, Action: [...actions.kmsAdminister], Resource: "*" },
        { Sid: "DeployerGrantsCognitoForThisPoolOnly", Effect: "Allow", Principal: account, Action: [...actions.kmsGrantForCognito], Resource: "*", Condition: { StringEquals: thisPool } },
        {
            Sid: "CognitoEncryptsCodesOfThisPoolOnly",
            Effect: "Allow",
            Principal: { Service: COGNITO_PRINCIPAL },
            Action: [...actions.kmsEncryptCodes],
            Resource: "*",
            Condition: { StringEquals: { ...thisPool, "aws:SourceAccount": key.accountId }, ArnEquals: { "aws:SourceArn": key.userPoolArn } },
        },
        { Sid: "SenderDecryptsCodesOfThisPoolOnly", Effect: "Allow", Principal: { AWS: key.decryptRoleArn }, Action: [...actions.kmsDecrypt], Resource: "*", Condition: { StringEquals: thisPool } },
    ];
}

/**
 * The policy the key is created with, before the pool (and so its id) exists: the account
 * administers it, and may create Cognito's grant for a pool of this account; nobody may use it yet.
 * Cognito needs that grant while the pool is created (Developer Guide, step 2), so the key cannot wait
 * for the pool; `finishSenders` then replaces the policy with `senderKeyPolicy`, for this pool only.
 */
export function initialSenderKeyPolicy(partition: pulumi.Input<string>, accountId: pulumi.Input<string>): PolicyStatement[] {
    const account = { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` };
    return [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: account, Action: [...actions.kmsAdminister], Resource: "*" },
        { Sid: "DeployerGrantsCognitoForAPoolOfThisAccount", Effect: "Allow", Principal: account, Action: [...actions.kmsGrantForCognito], Resource: "*", Condition: { StringLike: { [SENDER_ENCRYPTION_CONTEXT_KEY]: "*" } } },
    ];
}

/** Before the pool: the custom sender key (unless one is given) and the pool's `lambdaConfig` entries. Undefined without `customSenders`. */
export function createSenderKey(scope: pulumi.ComponentResource, name: string, args: CognitoAuthArgs): SenderSetup | undefined {
    const senders = args.customSenders;
    if (senders === undefined) return undefined;
    let key: aws.kms.Key | undefined;
    if (senders.kmsKeyArn === undefined) {
        const caller = aws.getCallerIdentityOutput({}, { parent: scope });
        const logicalName = `${name}-sender-key`;
        key = new aws.kms.Key(
            logicalName,
            applyTransform<aws.kms.KeyArgs>(
                {
                    description: `Encrypts the codes Cognito user pool ${name} sends its custom sender functions`,
                    // Cognito uses symmetric keys ("Symmetric KMS key", Developer Guide, "Custom sender Lambda triggers").
                    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    // `arn:<partition>:iam::<account>:...`: the caller's ARN gives the partition.
                    policy: policyJson(initialSenderKeyPolicy(arnField(caller.arn, 1), caller.accountId)),
                    tags: args.tags,
                },
                logicalName,
                args.transform?.customSenderKey,
            ),
            // The key policy resource below owns the policy once the pool exists.
            { parent: scope, ignoreChanges: ["policy"] },
        );
    }
    const keyArn: pulumi.Input<string> = key ? key.arn : senders.kmsKeyArn!;
    // "The only supported value is V1_0" for both senders (provider docs of customEmailSender / customSmsSender).
    return {
        key,
        keyArn,
        lambdaConfig: {
            kmsKeyId: keyArn,
            customEmailSender: senders.email === undefined ? undefined : { lambdaArn: senders.email, lambdaVersion: "V1_0" },
            customSmsSender: senders.sms === undefined ? undefined : { lambdaArn: senders.sms, lambdaVersion: "V1_0" },
        },
    };
}

/** After the pool: the key policy for this pool only, and Cognito's permission to invoke each sender, for this pool only. */
export function finishSenders(scope: pulumi.ComponentResource, name: string, args: CognitoAuthArgs, setup: SenderSetup | undefined, userPool: aws.cognito.UserPool): aws.kms.KeyPolicy | undefined {
    const senders = args.customSenders;
    if (setup === undefined || senders === undefined) return undefined;
    for (const [kind, arn] of [["email", senders.email], ["sms", senders.sms]] as const) {
        if (arn === undefined) continue;
        new aws.lambda.Permission(
            `${name}-sender-${kind}`,
            {
                action: actions.lambdaInvoke,
                function: arn,
                principal: COGNITO_PRINCIPAL,
                sourceArn: userPool.arn,
                sourceAccount: arnField(userPool.arn, 4),
            },
            { parent: scope },
        );
    }
    if (setup.key === undefined) return undefined;
    return new aws.kms.KeyPolicy(
        `${name}-sender-key-policy`,
        {
            keyId: setup.key.id,
            policy: policyJson(
                senderKeyPolicy({
                    partition: arnField(userPool.arn, 1),
                    accountId: arnField(userPool.arn, 4),
                    userPoolId: userPool.id,
                    userPoolArn: userPool.arn,
                    decryptRoleArn: senders.decryptRoleArn!,
                }),
            ),
        },
        { parent: scope },
    );
}
