// The customer managed key `createKmsKey` makes, and its key policy.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, keyUseThroughS3, policyJson, PolicyStatement } from "../policy";
import { applyTransform, Transform } from "../shared/transform";

/**
 * Internal. Exported for testing: the key policy of the key `createKmsKey` makes (CKV2_AWS_64).
 * Without a policy AWS applies its default, which gives the account `kms:*` through IAM.
 * Here the account (`:root`, which lets IAM policies in the account delegate, AWS KMS "Default key
 * policy", section "Allows access to the AWS account and enables IAM policies") may administer the
 * key, and may use it only through S3 for this bucket: an IAM policy can grant no more than that,
 * whatever it says. Grants still need their own IAM statement. Log delivery needs no statement:
 * the log bucket is SSE-S3 (see the log bucket's encryption in `access-logs.ts`).
 */
export function bucketKeyPolicy(key: {
    partition: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
}): PolicyStatement[] {
    const account = { AWS: pulumi.interpolate`arn:${key.partition}:iam::${key.accountId}:root` };
    return [
        // In a key policy, Resource "*" is the key itself.
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: account, Action: [...actions.kmsAdminister], Resource: "*" },
        {
            Sid: "AccountUsesKeyOnlyThroughS3ForThisBucket",
            Effect: "Allow",
            Principal: account,
            Action: [...actions.kmsEncrypt],
            Resource: "*",
            // The `:root` principal already limits this to principals of the account.
            Condition: keyUseThroughS3(key.region, key.bucketArn),
        },
    ];
}

/**
 * The bucket's customer managed key, `<name>-key`: rotated yearly, 30 days to cancel a deletion, usable
 * only through S3 for this bucket. Stateful, like the bucket: its logical name never changes.
 * The key policy names the bucket, so the key follows the bucket (the bucket never refers to the key;
 * its encryption configuration does).
 */
export function createBucketKey(
    name: string,
    bucket: aws.s3.Bucket,
    options: {
        readonly accountId: () => pulumi.Output<string>;
        readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
        readonly transform: Transform<aws.kms.KeyArgs> | undefined;
    },
    opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
    const logicalName = `${name}-key`;
    const keyArgs: aws.kms.KeyArgs = {
        description: `Encrypts the objects of SecureUserBucket ${name}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: policyJson(
            bucketKeyPolicy({
                // `arn:<partition>:s3:::<bucket>`: the bucket's ARN gives the partition, with no invoke.
                partition: bucket.arn.apply((bucketArn) => bucketArn.split(":")[1]),
                accountId: options.accountId(),
                region: bucket.region,
                bucketArn: bucket.arn,
            }),
        ),
        tags: options.tags,
    };
    return new aws.kms.Key(logicalName, applyTransform(keyArgs, logicalName, options.transform), opts);
}
