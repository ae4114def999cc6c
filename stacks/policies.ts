import * as pulumi from "@pulumi/pulumi";
import { actions as componentActions } from "../components/policy";

// The reference stack's own permissions, as data: the key policy of its log key, the log delivery
// policy AWS WAF needs, and the thumbnail workflow's role. The components' grants live in
// components/policy.ts; these belong to resources the stack creates itself.

type Statement = Record<string, unknown>;

/** Where the stack deploys: every ARN below is built from these. */
export interface Place {
    readonly partition: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
}

export const actions = {
    /**
     * Administering the log key, for the account: every key-management action and no cryptographic
     * one (the components' list), so no role of the account can decrypt log data with the key
     * directly. Readers of the logs need no key permission: CloudWatch Logs decrypts for them
     * ("Encrypt log data in CloudWatch Logs using AWS KMS").
     */
    keyAdministration: componentActions.kmsAdminister,
    /** What CloudWatch Logs does with a log group's key (the key policy in "Encrypt log data in CloudWatch Logs using AWS KMS"). */
    logsKeyUse: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
    stepFunctionsLogDelivery: componentActions.stepFunctionsLogDelivery,
    xrayTracing: componentActions.xrayTracing,
    /** How AWS's log delivery service writes WAF records into a log group ("Logs sent to CloudWatch Logs", log group resource policy). */
    vendedLogWrite: ["logs:CreateLogStream", "logs:PutLogEvents"],
} as const;

/** The service principal that encrypts and decrypts log groups in a region. */
export const logsServicePrincipal = (region: pulumi.Input<string>) => pulumi.interpolate`logs.${region}.amazonaws.com`;

/**
 * The log key's policy: the account administers it; CloudWatch Logs of this region uses it, and only
 * for log groups of this account and region. CloudWatch Logs passes the log group's ARN as the
 * encryption context `aws:logs:arn` on every call ("Encrypt log data in CloudWatch Logs using AWS
 * KMS", the `kms:EncryptionContext:aws:logs:arn` condition), so another account's log group cannot
 * be encrypted with this key even if someone points one at it.
 */
export function logsKeyPolicy(place: Place): pulumi.Output<string> {
    const statements: Statement[] = [
        {
            Sid: "AccountAdministersTheKey",
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:${place.partition}:iam::${place.accountId}:root` },
            Action: [...actions.keyAdministration],
            Resource: "*",
        },
        {
            Sid: "CloudWatchLogsUsesItForThisAccountsLogGroups",
            Effect: "Allow",
            Principal: { Service: logsServicePrincipal(place.region) },
            Action: [...actions.logsKeyUse],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${place.partition}:logs:${place.region}:${place.accountId}:log-group:*` } },
        },
    ];
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * The CloudWatch Logs resource policy that lets AWS WAF's log delivery write into one log group.
 * Without one, WAF adds a statement to the account's shared `AWSWAF-LOGS` policy itself, which
 * outgrows the policy size limit in accounts with many web ACLs and then fails the logging
 * configuration (terraform-provider-aws docs of `aws_wafv2_web_acl_logging_configuration`, the
 * warning; "Logs sent to CloudWatch Logs" for the statement and its two conditions).
 */
export function wafLogDeliveryPolicy(place: Place, logGroupArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WafLogDelivery",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: [...actions.vendedLogWrite],
                Resource: [pulumi.interpolate`${logGroupArn}:*`],
                Condition: {
                    StringEquals: { "aws:SourceAccount": place.accountId },
                    ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${place.partition}:logs:${place.region}:${place.accountId}:*` },
                },
            },
        ],
    });
}

/** Where the thumbnail workflow reads and writes: the photos bucket, its private prefix, and its key when it has one. */
export interface WorkflowStorage {
    readonly bucketArn: pulumi.Input<string>;
    /** The bucket's private access-level prefix (`private/`). */
    readonly privatePrefix: string;
    readonly kmsKeyArn?: pulumi.Input<string | undefined>;
    readonly region: pulumi.Input<string>;
}

/**
 * The thumbnail workflow's role: execution logging and tracing, reading photos under
 * `private/<owner>/photos/` and writing under `private/<owner>/thumbnails/`, for any owner (IAM
 * cannot bind a role to one execution's owner: the definition does, by taking the owner from the
 * event's key), and nothing else in the bucket: no other prefix, no delete, no listing.
 */
export function workflowPolicy(storage: WorkflowStorage): pulumi.Output<string> {
    const photos = pulumi.interpolate`${storage.bucketArn}/${storage.privatePrefix}*/photos/*`;
    const thumbnails = pulumi.interpolate`${storage.bucketArn}/${storage.privatePrefix}*/thumbnails/*`;
    const statements: Statement[] = [
        // Step Functions checks these when the machine is created with a logging configuration, and
        // fails without them: "The state machine IAM Role is not authorized to access the Log Destination".
        { Sid: "DeliverExecutionLogs", Effect: "Allow", Action: [...actions.stepFunctionsLogDelivery], Resource: "*" },
        { Sid: "Traces", Effect: "Allow", Action: [...actions.xrayTracing], Resource: "*" },
        { Sid: "ReadPhotos", Effect: "Allow", Action: ["s3:GetObject"], Resource: [photos] },
        { Sid: "WriteThumbnails", Effect: "Allow", Action: ["s3:PutObject"], Resource: [thumbnails] },
    ];
    if (storage.kmsKeyArn !== undefined) {
        statements.push({
            Sid: "UseKeyThroughS3ForThisBucket",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: [storage.kmsKeyArn],
            // S3 passes the bucket ARN as `aws:s3:arn` with an S3 Bucket Key, the object ARN otherwise
            // ("Encryption context" in the S3 SSE-KMS guide): both, of this bucket only.
            Condition: {
                StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${storage.region}.amazonaws.com` },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [storage.bucketArn, pulumi.interpolate`${storage.bucketArn}/*`] },
            },
        });
    }
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}
