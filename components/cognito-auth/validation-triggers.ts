// The rules of CognitoAuth's pre token generation version and custom senders, which
// validateCognitoAuthArgs (validation.ts) applies. Pure: types and the shared helpers only.
import type { CognitoAuthArgs, CustomSenders } from "./args";
import { LAMBDA_FUNCTION_ARN } from "../shared/contract";
import { isPlain, Issues } from "../validation";
import { featureTierOf } from "./defaults";
import { PreTokenGenerationVersion } from "./trigger-enums";
import { checkOneOf, isRecord } from "./validation-checks";

/** An IAM role ARN: `arn:<partition>:iam::<account>:role/<optional path/><name>` ("IAM identifiers", IAM User Guide). */
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** A KMS key ARN: `arn:<partition>:kms:<region>:<account>:key/<key id>`; an alias names no key policy. */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const SENDER_FIELDS = ["email", "sms", "decryptRoleArn", "kmsKeyArn"] as const;

/** The version of the pre token generation trigger: a known one, with its trigger, on a tier that offers it. */
export function checkPreTokenGeneration(issues: Issues, args: CognitoAuthArgs): void {
    const version = args.triggers?.preTokenGenerationVersion;
    if (version === undefined) return;
    checkOneOf(issues, "triggers.preTokenGenerationVersion", version, Object.values(PreTokenGenerationVersion));
    if (args.triggers?.preTokenGeneration === undefined) {
        issues.add("triggers.preTokenGenerationVersion", "needs triggers.preTokenGeneration: it is the event version of that trigger", version);
    }
    // "In user pools with the Essentials or Plus feature plan, you can generate the version two or V2_0
    // trigger event ... and the version three or V3_0 trigger event" (Developer Guide, "Pre token
    // generation Lambda trigger"). Cognito refuses them on LITE; that refusal is not provable offline.
    const tier = featureTierOf(args);
    if ((version === "V2_0" || version === "V3_0") && tier === "LITE") {
        issues.add("triggers.preTokenGenerationVersion", `${version} (access token customisation) needs featureTier ESSENTIALS or PLUS (received featureTier "LITE")`, version);
    }
}

/** The custom senders: at least one function, Lambda ARNs, and either a decrypting role for the key the component creates or a key of one's own. */
export function checkCustomSenders(issues: Issues, senders: CustomSenders | undefined): void {
    if (senders === undefined) return;
    if (!isRecord(senders)) {
        issues.add("customSenders", "must be an object with email and/or sms, and decryptRoleArn or kmsKeyArn", senders);
        return;
    }
    for (const key of Object.keys(senders)) {
        if (!(SENDER_FIELDS as readonly string[]).includes(key)) issues.add("customSenders", `keys must be one of ${SENDER_FIELDS.join(", ")}`, key);
    }
    if (senders.email === undefined && senders.sms === undefined) {
        issues.add("customSenders", "must name an email or sms sender function (or be left out)", senders);
    }
    for (const field of ["email", "sms"] as const) {
        const arn = senders[field];
        if (isPlain(arn) && (typeof arn !== "string" || !LAMBDA_FUNCTION_ARN.test(arn))) {
            issues.add(`customSenders.${field}`, "must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)", arn);
        }
    }
    const role = senders.decryptRoleArn;
    const key = senders.kmsKeyArn;
    if (key === undefined && role === undefined) {
        issues.add("customSenders.decryptRoleArn", "is required: it is the sender functions' execution role, the only principal the key lets decrypt codes (or give kmsKeyArn, a key whose policy you keep)", undefined);
    }
    if (key !== undefined && role !== undefined) {
        issues.add("customSenders.kmsKeyArn", "cannot be combined with decryptRoleArn: decryptRoleArn configures the key the component creates, and a key of your own keeps its own policy", key);
    }
    if (isPlain(role) && (typeof role !== "string" || !IAM_ROLE_ARN.test(role))) {
        issues.add("customSenders.decryptRoleArn", "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)", role);
    }
    if (isPlain(key) && (typeof key !== "string" || !KMS_KEY_ARN.test(key))) {
        issues.add("customSenders.kmsKeyArn", "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias or a key id", key);
    }
}
