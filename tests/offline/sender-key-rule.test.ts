import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { record } from "../../offline/recorder";
import { evaluateRules } from "../../offline/rules";
import { CognitoAuth } from "../../components";
import { assertFinding, assertNoFinding, findingsOf, T } from "../support/rules-fixtures";
import { senderKeyClosed, senderKeyGaps } from "../support/sender-key-fixtures";

// UB-KMS-SENDER-KEY: a custom sender key (a user pool's lambdaConfig.kmsKeyId) usable by anyone is a finding.

const keyPolicy = "aws:kms/keyPolicy:KeyPolicy";
const TAIL = "anyone it reaches can read or forge the pool's codes and temporary passwords";

describe("UB-KMS-SENDER-KEY", () => {
    it("anyone, Cognito for any source, the whole account (through a key policy resource), and AWS's default policy", async () => {
        const report = evaluateRules(await senderKeyGaps());
        assertFinding(report, { rule: "UB-KMS-SENDER-KEY", severity: "high", type: T.kmsKey, resource: "open-sender-key", property: "policy.Statement[1]", message: `key open-sender-key, the custom sender key of user pool open-pool, lets anyone (Principal *) kms:Decrypt: ${TAIL}` });
        assertFinding(report, {
            rule: "UB-KMS-SENDER-KEY",
            severity: "high",
            type: T.kmsKey,
            resource: "deputy-sender-key",
            property: "policy.Statement[1]",
            message: `key deputy-sender-key, the custom sender key of user pool deputy-pool, lets cognito-idp.amazonaws.com for any source (no aws:SourceArn or aws:SourceAccount) kms:Encrypt, kms:GenerateDataKey: ${TAIL}`,
        });
        assertFinding(report, {
            rule: "UB-KMS-SENDER-KEY",
            severity: "high",
            type: keyPolicy,
            resource: "account-sender-key-policy",
            property: "policy.Statement[1]",
            message: `key account-sender-key, the custom sender key of user pool account-pool, lets every principal of account arn:aws:iam::123456789012:root that IAM allows (no kms:EncryptionContext:userpool-id condition) kms:Decrypt, kms:Encrypt, kms:GenerateDataKey, kms:ReEncryptFrom, kms:CreateGrant: ${TAIL}`,
        });
        assertFinding(report, { rule: "UB-KMS-SENDER-KEY", severity: "high", type: T.kmsKey, resource: "defaulted-sender-key", property: "policy", message: "key defaulted-sender-key, the custom sender key of user pool defaulted-pool, has no key policy: AWS's default lets every principal of the account that IAM allows decrypt its codes" });
        assert.equal(findingsOf(report, "UB-KMS-SENDER-KEY").length, 4);
    });

    it("a key confined to its pool, and a key no pool uses, get no finding", async () => {
        assertNoFinding(evaluateRules(await senderKeyClosed()), "UB-KMS-SENDER-KEY");
    });

    it("UB-KMS-KEY-POLICY reads the key policy resource in force, not the policy the key was created with", async () => {
        const report = evaluateRules(
            await record(() => {
                const key = new aws.kms.Key("later-policy", { enableKeyRotation: true });
                new aws.kms.KeyPolicy("later-policy-policy", { keyId: key.id, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:DescribeKey", Resource: "*" }] }) });
                return {};
            }),
        );
        assertNoFinding(report, "UB-KMS-KEY-POLICY");
    });

    it("CognitoAuth's own sender key gets no finding, and a given key is not guessed at", async () => {
        const report = evaluateRules(
            await record(() => {
                new CognitoAuth("auth", { customSenders: { email: "arn:aws:lambda:us-east-1:123456789012:function:send", decryptRoleArn: "arn:aws:iam::123456789012:role/sender" } });
                new CognitoAuth("byok", { customSenders: { email: "arn:aws:lambda:us-east-1:123456789012:function:send", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } });
                return {};
            }),
        );
        assertNoFinding(report, "UB-KMS-SENDER-KEY");
    });
});
