import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs, CustomSenders } from "../../components";
import { AccessSimulator, record, Recording } from "../../offline";
import { evaluateRules } from "../../offline/rules";
import { inputErrorOf } from "../support/input-errors";

// Custom email and SMS senders (issue 16): Cognito hands the codes to Lambda functions, encrypted
// with a KMS key that only this pool's Cognito may encrypt with and only the sender role may
// decrypt, under this pool's encryption context (`userpool-id`).

const EMAIL = "arn:aws:lambda:us-east-1:123456789012:function:send-email";
const SMS = "arn:aws:lambda:us-east-1:123456789012:function:send-sms";
const ROLE = "arn:aws:iam::123456789012:role/sender";
const GIVEN_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const errorOf = (args: CognitoAuthArgs): string => inputErrorOf(() => new CognitoAuth("auth", args));
const rejects = (customSenders: CustomSenders, expected: string) => assert.equal(errorOf({ customSenders }), `CognitoAuth "auth": ${expected}`);

const statementsOf = (policy: unknown): any[] => JSON.parse(String(policy)).Statement;

describe("CognitoAuth custom senders", () => {
    describe("defaults", () => {
        it("without customSenders: no key, no key policy, no sender permission, no lambdaConfig", async () => {
            const rec = await record(() => (new CognitoAuth("auth", {}), {}));
            assert.deepEqual(rec.all(aws.kms.Key), []);
            assert.deepEqual(rec.all(aws.kms.KeyPolicy), []);
            assert.deepEqual(rec.all(aws.lambda.Permission), []);
            assert.equal(rec.one(aws.cognito.UserPool, "auth-pool").inputs.lambdaConfig, undefined);
        });
    });

    describe("with a key the component creates", () => {
        let rec: Recording<{ userPoolId: string; userPoolArn: string; keyArn: string; keyId: string; otherPoolId: string; otherPoolArn: string; sender: string; other: string; admin: string }>;
        before(async () => {
            rec = await record(() => {
                const lambdaTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
                const sender = new aws.iam.Role("sender", { name: "sender", assumeRolePolicy: lambdaTrust });
                // Another function's role, whose own IAM policy allows every KMS action on every key.
                const other = new aws.iam.Role("other", { name: "other", assumeRolePolicy: lambdaTrust });
                new aws.iam.RolePolicy("other-kms", { role: other.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }) });
                // The deployer: an administrator of the account, as IAM allows it every KMS action.
                const admin = new aws.iam.Role("admin", { name: "admin", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }] }) });
                new aws.iam.RolePolicy("admin-kms", { role: admin.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }) });
                const auth = new CognitoAuth("auth", { customSenders: { email: EMAIL, sms: SMS, decryptRoleArn: sender.arn } });
                const otherPool = new aws.cognito.UserPool("other-pool", {});
                return {
                    userPoolId: auth.userPoolId,
                    userPoolArn: auth.userPoolArn,
                    keyArn: auth.customSenderKey!.arn,
                    keyId: auth.customSenderKey!.id,
                    otherPoolId: otherPool.id,
                    otherPoolArn: otherPool.arn,
                    sender: sender.name,
                    other: other.name,
                    admin: admin.name,
                };
            });
        });

        it("gives the pool both senders (event version V1_0) and the key's ARN", () => {
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.lambdaConfig, {
                customEmailSender: { lambdaArn: EMAIL, lambdaVersion: "V1_0" },
                customSmsSender: { lambdaArn: SMS, lambdaVersion: "V1_0" },
                kmsKeyId: rec.result.keyArn,
            });
        });

        it("creates a symmetric, rotated key whose first policy lets nobody use it, only the account create Cognito's grant", () => {
            const key = rec.one(aws.kms.Key, "auth-sender-key").inputs;
            assert.equal(key.customerMasterKeySpec, "SYMMETRIC_DEFAULT");
            assert.equal(key.enableKeyRotation, true);
            assert.equal(key.deletionWindowInDays, 30);
            const statements = statementsOf(key.policy);
            assert.deepEqual(statements.map((s) => s.Sid), ["AccountAdministersKey", "DeployerGrantsCognitoForAPoolOfThisAccount"]);
            assert.deepEqual(statements[1].Action, ["kms:CreateGrant"]);
            for (const s of statements) assert.deepEqual(s.Principal, { AWS: "arn:aws:iam::123456789012:root" });
            for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:CreateGrant"]) assert.ok(!statements[0].Action.includes(action), action);
        });

        it("writes the final key policy once the pool exists, naming this pool's id and ARN", () => {
            const policy = rec.one(aws.kms.KeyPolicy, "auth-sender-key-policy").inputs;
            assert.equal(policy.keyId, rec.result.keyId);
            const bySid = Object.fromEntries(statementsOf(policy.policy).map((s) => [s.Sid, s]));
            assert.deepEqual(Object.keys(bySid), ["AccountAdministersKey", "DeployerGrantsCognitoForThisPoolOnly", "CognitoEncryptsCodesOfThisPoolOnly", "SenderDecryptsCodesOfThisPoolOnly"]);
            const context = { "kms:EncryptionContext:userpool-id": rec.result.userPoolId };
            assert.deepEqual(bySid.DeployerGrantsCognitoForThisPoolOnly.Condition, { StringEquals: context });
            assert.deepEqual(bySid.CognitoEncryptsCodesOfThisPoolOnly.Principal, { Service: "cognito-idp.amazonaws.com" });
            assert.deepEqual(bySid.CognitoEncryptsCodesOfThisPoolOnly.Condition, {
                StringEquals: { ...context, "aws:SourceAccount": "123456789012" },
                ArnEquals: { "aws:SourceArn": rec.result.userPoolArn },
            });
            assert.deepEqual(bySid.SenderDecryptsCodesOfThisPoolOnly.Principal, { AWS: "arn:aws:iam::123456789012:role/sender" });
            assert.deepEqual(bySid.SenderDecryptsCodesOfThisPoolOnly.Action, ["kms:Decrypt"]);
        });

        it("lets Cognito invoke each sender, for this pool and account only", () => {
            for (const [kind, arn] of [["email", EMAIL], ["sms", SMS]]) {
                const p = rec.one(aws.lambda.Permission, `auth-sender-${kind}`).inputs;
                assert.equal(p.action, "lambda:InvokeFunction");
                assert.equal(p.function, arn);
                assert.equal(p.principal, "cognito-idp.amazonaws.com");
                assert.equal(p.sourceArn, rec.result.userPoolArn);
                assert.equal(p.sourceAccount, "123456789012");
            }
        });

        describe("simulated key access", () => {
            let sim: AccessSimulator;
            before(() => {
                sim = AccessSimulator.load(rec);
            });
            const poolContext = (id: string) => ({ "kms:EncryptionContext:userpool-id": id });
            const cognitoFor = (id: string, arn: string) => ({ ...poolContext(id), "aws:SourceArn": arn, "aws:SourceAccount": "123456789012" });
            const cognito = { service: "cognito-idp.amazonaws.com" };

            it("Cognito for this pool may encrypt codes under this pool's context", async () => {
                for (const action of ["kms:GenerateDataKey", "kms:Encrypt"]) {
                    assert.equal(await sim.can(cognito, action, rec.result.keyArn, cognitoFor(rec.result.userPoolId, rec.result.userPoolArn)), true, action);
                }
            });

            it("Cognito for another pool may not, nor Cognito for this pool under another pool's context, nor without a source", async () => {
                const { keyArn, userPoolId, userPoolArn, otherPoolId, otherPoolArn } = rec.result;
                assert.equal(await sim.can(cognito, "kms:GenerateDataKey", keyArn, cognitoFor(otherPoolId, otherPoolArn)), false, "another pool");
                assert.equal(await sim.can(cognito, "kms:GenerateDataKey", keyArn, { ...cognitoFor(otherPoolId, userPoolArn) }), false, "another pool's context");
                assert.equal(await sim.can(cognito, "kms:GenerateDataKey", keyArn, poolContext(userPoolId)), false, "no source");
                assert.equal(await sim.can(cognito, "kms:Decrypt", keyArn, cognitoFor(userPoolId, userPoolArn)), false, "Cognito never decrypts");
            });

            it("the sender role may decrypt this pool's codes, and no other pool's", async () => {
                const { keyArn, userPoolId, otherPoolId, sender } = rec.result;
                assert.equal(await sim.can({ role: sender }, "kms:Decrypt", keyArn, poolContext(userPoolId)), true);
                assert.equal(await sim.can({ role: sender }, "kms:Decrypt", keyArn, poolContext(otherPoolId)), false, "another pool's codes");
                assert.equal(await sim.can({ role: sender }, "kms:Encrypt", keyArn, poolContext(userPoolId)), false, "the sender only decrypts");
            });

            it("another role may not decrypt, even with kms:* in its own IAM policy; nor may an administrator", async () => {
                const { keyArn, userPoolId, other, admin } = rec.result;
                assert.equal(await sim.can({ role: other }, "kms:Decrypt", keyArn, poolContext(userPoolId)), false);
                assert.equal(await sim.can({ role: admin }, "kms:Decrypt", keyArn, poolContext(userPoolId)), false);
            });

            it("the deployer may create Cognito's grant for this pool only, and still administer the key", async () => {
                const { keyArn, userPoolId, otherPoolId, admin } = rec.result;
                assert.equal(await sim.can({ role: admin }, "kms:CreateGrant", keyArn, poolContext(userPoolId)), true);
                assert.equal(await sim.can({ role: admin }, "kms:CreateGrant", keyArn, poolContext(otherPoolId)), false, "a grant for another pool");
                assert.equal(await sim.can({ role: admin }, "kms:PutKeyPolicy", keyArn), true);
            });
        });

        it("gets no finding from the key rules", () => {
            const report = evaluateRules(rec);
            assert.deepEqual(report.findings.filter((f) => f.ruleId.startsWith("UB-KMS")), []);
        });
    });

    describe("with a key of one's own", () => {
        it("creates no key and no key policy, and passes the key's ARN and the senders", async () => {
            const rec = await record(() => (new CognitoAuth("auth", { customSenders: { email: EMAIL, kmsKeyArn: GIVEN_KEY } }), {}));
            assert.deepEqual(rec.all(aws.kms.Key), []);
            assert.deepEqual(rec.all(aws.kms.KeyPolicy), []);
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.lambdaConfig, { customEmailSender: { lambdaArn: EMAIL, lambdaVersion: "V1_0" }, kmsKeyId: GIVEN_KEY });
            assert.deepEqual(rec.all(aws.lambda.Permission).map((p) => p.name), ["auth-sender-email"]);
        });
    });

    describe("transform", () => {
        it("reaches the key the component creates", async () => {
            const rec = await record(() => (new CognitoAuth("auth", { customSenders: { sms: SMS, decryptRoleArn: ROLE }, transform: { customSenderKey: { tags: { costCenter: "auth" } } } }), {}));
            assert.deepEqual(rec.one(aws.kms.Key, "auth-sender-key").inputs.tags, { costCenter: "auth" });
        });
    });

    describe("validation", () => {
        it("a sender without a role to decrypt (and no key of one's own)", () => {
            rejects({ email: EMAIL }, "customSenders.decryptRoleArn is required: it is the sender functions' execution role, the only principal the key lets decrypt codes (or give kmsKeyArn, a key whose policy you keep) (received: undefined)");
        });
        it("a given key together with the role of a created one", () => {
            rejects({ email: EMAIL, decryptRoleArn: ROLE, kmsKeyArn: GIVEN_KEY }, `customSenders.kmsKeyArn cannot be combined with decryptRoleArn: decryptRoleArn configures the key the component creates, and a key of your own keeps its own policy (received: "${GIVEN_KEY}")`);
        });
        it("no sender at all", () => {
            rejects({ decryptRoleArn: ROLE }, `customSenders must name an email or sms sender function (or be left out) (received: {"decryptRoleArn":"${ROLE}"})`);
        });
        it("a sender that is not a Lambda function ARN", () => {
            rejects({ email: "send-email", decryptRoleArn: ROLE }, `customSenders.email must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) (received: "send-email")`);
            rejects({ sms: "arn:aws:sns:us-east-1:123456789012:texts", decryptRoleArn: ROLE }, `customSenders.sms must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) (received: "arn:aws:sns:us-east-1:123456789012:texts")`);
        });
        it("a role that is not an IAM role ARN", () => {
            rejects({ email: EMAIL, decryptRoleArn: "arn:aws:iam::123456789012:user/alice" }, `customSenders.decryptRoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>) (received: "arn:aws:iam::123456789012:user/alice")`);
        });
        it("a key that is an alias, not a key ARN", () => {
            rejects({ email: EMAIL, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/senders" }, `customSenders.kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias or a key id (received: "arn:aws:kms:us-east-1:123456789012:alias/senders")`);
        });
        it("an unknown key", () => {
            assert.equal(
                errorOf({ customSenders: { email: EMAIL, decryptRoleArn: ROLE, mail: EMAIL } as CustomSenders }),
                `CognitoAuth "auth": customSenders keys must be one of email, sms, decryptRoleArn, kmsKeyArn (received: "mail")`,
            );
        });
        it("not an object", () => {
            assert.equal(errorOf({ customSenders: "send-email" as unknown as CustomSenders }), `CognitoAuth "auth": customSenders must be an object with email and/or sms, and decryptRoleArn or kmsKeyArn (received: "send-email")`);
        });
    });
});
