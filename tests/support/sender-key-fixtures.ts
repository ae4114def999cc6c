import * as aws from "@pulumi/aws";
import { record } from "../../offline/recorder";
import { once, policyDocument } from "./rules-fixtures";

// The programs of UB-KMS-SENDER-KEY (tests/offline/sender-key-rule.test.ts): raw user pools whose
// custom sender keys anyone, any source or the whole account may use, and one that only its pool's
// Cognito and its sender role may.

export const ROOT = "arn:aws:iam::123456789012:root";
const SENDER_ROLE = "arn:aws:iam::123456789012:role/sender";
const SENDER = "arn:aws:lambda:us-east-1:123456789012:function:sender";
const administer = { Sid: "Administer", Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:DescribeKey", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"], Resource: "*" };

function poolWith(name: string, key: aws.kms.Key): aws.cognito.UserPool {
    return new aws.cognito.UserPool(name, { lambdaConfig: { kmsKeyId: key.arn, customEmailSender: { lambdaArn: SENDER, lambdaVersion: "V1_0" } } });
}

/** Sender keys usable too widely: by anyone, by Cognito for any pool, by the whole account, and with no policy at all; the last one through a key policy resource. */
export const senderKeyGaps = once(() =>
    record(() => {
        poolWith("open-pool", new aws.kms.Key("open-sender-key", { enableKeyRotation: true, policy: policyDocument([administer, { Sid: "AnyoneDecrypts", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }]) }));
        poolWith(
            "deputy-pool",
            new aws.kms.Key("deputy-sender-key", { enableKeyRotation: true, policy: policyDocument([administer, { Sid: "CognitoEncrypts", Effect: "Allow", Principal: { Service: "cognito-idp.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Encrypt"], Resource: "*" }]) }),
        );
        const accountWide = new aws.kms.Key("account-sender-key", { enableKeyRotation: true, policy: policyDocument([administer]) });
        new aws.kms.KeyPolicy("account-sender-key-policy", { keyId: accountWide.id, policy: policyDocument([administer, { Sid: "AccountUses", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" }]) });
        poolWith("account-pool", accountWide);
        poolWith("defaulted-pool", new aws.kms.Key("defaulted-sender-key", { enableKeyRotation: true }));
        return {};
    }),
);

/** Sender keys confined to their pool: Cognito by source, the account's grant and the sender's decryption by the pool's context; an unused wide key is not asked. */
export const senderKeyClosed = once(() =>
    record(() => {
        const key = new aws.kms.Key("sender-key", { enableKeyRotation: true, policy: policyDocument([administer]) });
        const pool = poolWith("pool", key);
        const context = { "kms:EncryptionContext:userpool-id": pool.id };
        new aws.kms.KeyPolicy("sender-key-policy", {
            keyId: key.id,
            policy: policyDocument([
                administer,
                { Sid: "Grant", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:CreateGrant", Resource: "*", Condition: { StringEquals: context } },
                { Sid: "Cognito", Effect: "Allow", Principal: { Service: "cognito-idp.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Encrypt"], Resource: "*", Condition: { StringEquals: { ...context, "aws:SourceAccount": "123456789012" }, ArnEquals: { "aws:SourceArn": pool.arn } } },
                { Sid: "Sender", Effect: "Allow", Principal: { AWS: SENDER_ROLE }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: context } },
                { Sid: "PartnerOnly", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012", ...context } } },
            ]),
        });
        // Not a sender key: a pool-less key with an account-wide use statement is another rule's business.
        new aws.kms.Key("other-key", { enableKeyRotation: true, policy: policyDocument([administer, { Sid: "AccountUses", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:Decrypt", Resource: "*" }]) });
        return {};
    }),
);
