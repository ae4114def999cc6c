// Server access logging: the log bucket (unless an existing one is named) and the logging setting.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { denyInsecureTransport } from "../policy";
import { applyTransform } from "../shared/transform";
import type { SecureUserBucketArgs } from "./args";
import { hardenBucket } from "./bucket";
import type { SecureUserBucketSettings } from "./defaults";

/** What `enableAccessLogging` made. */
export interface AccessLogging {
    /** The log bucket this component created, if it did. */
    readonly logBucket?: aws.s3.Bucket;
    /** The bucket that receives the logs, created or given. */
    readonly logBucketName: pulumi.Output<string>;
}

/**
 * Sends the bucket's server access logs to `accessLogBucketName`, or to a log bucket `<name>-logs`
 * created with the same protections as the bucket and an expiration of `accessLogRetentionDays`,
 * then switches logging on (`<name>-logging`) once the log bucket accepts deliveries.
 */
export function enableAccessLogging(
    name: string,
    bucket: aws.s3.Bucket,
    args: SecureUserBucketArgs,
    settings: SecureUserBucketSettings,
    options: { readonly accountId: () => pulumi.Output<string>; readonly stateful: pulumi.CustomResourceOptions; readonly parent: pulumi.Resource },
): AccessLogging {
    let deliveryAllowedBy: pulumi.Resource[] = [];
    let targetBucket: pulumi.Output<string>;
    let logBucket: aws.s3.Bucket | undefined;
    if (args.accessLogBucketName !== undefined) {
        targetBucket = pulumi.output(args.accessLogBucketName);
    } else {
        const logBucketName = `${name}-logs`;
        // Stateful, like the user bucket: the logical name never changes.
        logBucket = new aws.s3.Bucket(
            logBucketName,
            applyTransform<aws.s3.BucketArgs>({ forceDestroy: settings.forceDestroy, tags: args.tags }, logBucketName, args.transform?.logBucket),
            options.stateful,
        );
        const logProtections = hardenBucket(logBucketName, logBucket, {
            // The log bucket stays SSE-S3, the one default encryption AWS documents for server
            // access log destinations ("Enabling Amazon S3 server access logging"). So log
            // delivery never uses the bucket's key, and the key policy has no statement for
            // logging.s3.amazonaws.com. (aws-cdk PR #25350 reports SSE-KMS destinations working
            // when the key allows the logging principal; not needed here, not provable offline.)
            kmsKeyArn: undefined,
            noncurrentDays: settings.noncurrentDays,
            abortDays: settings.abortDays,
            expirationDays: settings.logRetentionDays,
            policy: [
                ...denyInsecureTransport(logBucket.arn),
                {
                    Sid: "AllowServerAccessLogDelivery",
                    Effect: "Allow",
                    Principal: { Service: "logging.s3.amazonaws.com" },
                    Action: ["s3:PutObject"],
                    Resource: [pulumi.interpolate`${logBucket.arn}/${settings.accessLogPrefix}*`],
                    Condition: {
                        ArnLike: { "aws:SourceArn": bucket.arn },
                        StringEquals: { "aws:SourceAccount": options.accountId() },
                    },
                },
            ],
            parent: options.parent,
            transform: { lifecycle: args.transform?.logBucketLifecycle, bucketPolicy: args.transform?.logBucketPolicy },
        });
        targetBucket = logBucket.bucket;
        deliveryAllowedBy = [logProtections.bucketPolicy, logProtections.ownershipControls];
    }
    const loggingName = `${name}-logging`;
    new aws.s3.BucketLogging(
        loggingName,
        applyTransform<aws.s3.BucketLoggingArgs>(
            {
                bucket: bucket.id,
                targetBucket,
                targetPrefix: settings.accessLogPrefix,
                targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            },
            loggingName,
            args.transform?.logging,
        ),
        // The log bucket must accept deliveries before logging is switched on.
        { parent: options.parent, dependsOn: deliveryAllowedBy },
    );
    return { logBucket, logBucketName: targetBucket };
}
