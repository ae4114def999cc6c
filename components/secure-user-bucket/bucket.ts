// The user bucket and the protections every bucket of the component gets (the log bucket too), and
// the bucket's CORS configuration.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { policyJson, PolicyStatement } from "../policy";
import { applyTransform, Transform } from "../shared/transform";
import { checkWhenKnown } from "../validation";
import type { SecureUserBucketArgs } from "./args";
import type { SecureUserBucketSettings } from "./defaults";
import { checkBucketName, COMPONENT } from "./validation";

/**
 * The bucket users' objects live in, `<name>-bucket`. Stateful: the logical name never changes, or
 * Pulumi would replace the bucket and lose what users stored.
 */
export function createUserBucket(name: string, args: SecureUserBucketArgs, settings: SecureUserBucketSettings, opts: pulumi.CustomResourceOptions): aws.s3.Bucket {
    const logicalName = `${name}-bucket`;
    const bucketArgs: aws.s3.BucketArgs = {
        // A name known only later is checked when it resolves; the deployment of the bucket then fails with the same message.
        bucket: args.bucketName === undefined ? undefined : checkWhenKnown(COMPONENT, name, args.bucketName, checkBucketName),
        forceDestroy: settings.forceDestroy,
        tags: args.tags,
    };
    return new aws.s3.Bucket(logicalName, applyTransform(bucketArgs, logicalName, args.transform?.bucket), opts);
}

/** The children of `hardenBucket` that others wait for. */
export interface BucketProtections {
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownershipControls: aws.s3.BucketOwnershipControls;
    readonly bucketPolicy: aws.s3.BucketPolicy;
}

/** The transforms `hardenBucket` applies: the user bucket's from `transform`, the log bucket's `logBucket…` ones. */
export interface ProtectionTransforms {
    readonly publicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
    readonly encryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
    readonly lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
    readonly bucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
}

/**
 * The protections every bucket of this component gets, the log bucket included: public access
 * blocks, owner-enforced ownership, versioning, default encryption, lifecycle rules and a bucket
 * policy (created after the public access block, as AWS requires for a policy that the block vets).
 * Children are named `<name>-public-access-block`, `-ownership`, `-versioning`, `-encryption`,
 * `-lifecycle` and `-policy`, where `name` is the bucket's (`photos` or `photos-logs`).
 */
export function hardenBucket(
    name: string,
    bucket: aws.s3.Bucket,
    options: {
        kmsKeyArn: pulumi.Input<string> | undefined;
        noncurrentDays: number;
        abortDays: number;
        expirationDays?: number;
        policy: PolicyStatement[];
        parent: pulumi.Resource;
        transform?: ProtectionTransforms;
    },
): BucketProtections {
    const parent = { parent: options.parent };
    const transform = options.transform ?? {};
    const publicAccessBlockName = `${name}-public-access-block`;
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        publicAccessBlockName,
        applyTransform<aws.s3.BucketPublicAccessBlockArgs>(
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            publicAccessBlockName,
            transform.publicAccessBlock,
        ),
        parent,
    );
    const ownershipControls = new aws.s3.BucketOwnershipControls(
        `${name}-ownership`,
        { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
        parent,
    );
    const versioning = new aws.s3.BucketVersioning(
        `${name}-versioning`,
        { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        parent,
    );
    const encryptionName = `${name}-encryption`;
    const encryption: aws.s3.BucketServerSideEncryptionConfigurationArgs = {
        bucket: bucket.id,
        rules: [
            {
                applyServerSideEncryptionByDefault: options.kmsKeyArn
                    ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: options.kmsKeyArn }
                    : { sseAlgorithm: "AES256" },
                bucketKeyEnabled: options.kmsKeyArn ? true : undefined,
                // Customer-provided keys (SSE-C) would let a caller make objects unreadable to the owner.
                blockedEncryptionTypes: ["SSE-C"],
            },
        ],
    };
    new aws.s3.BucketServerSideEncryptionConfiguration(encryptionName, applyTransform(encryption, encryptionName, transform.encryption), parent);
    const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: { prefix: "" },
            abortIncompleteMultipartUpload: { daysAfterInitiation: options.abortDays },
        },
        {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: options.noncurrentDays },
            expiration: { expiredObjectDeleteMarker: true },
        },
    ];
    if (options.expirationDays !== undefined) {
        rules.push({ id: "expire-objects", status: "Enabled", filter: { prefix: "" }, expiration: { days: options.expirationDays } });
    }
    const lifecycleName = `${name}-lifecycle`;
    // Noncurrent-version rules apply once versioning is on.
    new aws.s3.BucketLifecycleConfiguration(
        lifecycleName,
        applyTransform<aws.s3.BucketLifecycleConfigurationArgs>({ bucket: bucket.id, rules }, lifecycleName, transform.lifecycle),
        { ...parent, dependsOn: [versioning] },
    );
    const policyName = `${name}-policy`;
    const bucketPolicy = new aws.s3.BucketPolicy(
        policyName,
        applyTransform<aws.s3.BucketPolicyArgs>({ bucket: bucket.id, policy: policyJson(options.policy) }, policyName, transform.bucketPolicy),
        { ...parent, dependsOn: [publicAccessBlock] },
    );
    return { publicAccessBlock, ownershipControls, bucketPolicy };
}

/**
 * Lets browsers on the given origins call the bucket directly, `<name>-cors`: GET, HEAD, PUT, POST
 * and DELETE with any request header.
 */
export function allowBrowserOrigins(
    name: string,
    bucket: aws.s3.Bucket,
    corsOrigins: readonly string[],
    transform: Transform<aws.s3.BucketCorsConfigurationArgs> | undefined,
    parent: pulumi.Resource,
): aws.s3.BucketCorsConfiguration {
    const logicalName = `${name}-cors`;
    const cors: aws.s3.BucketCorsConfigurationArgs = {
        bucket: bucket.id,
        corsRules: [
            {
                allowedOrigins: corsOrigins as string[],
                allowedMethods: ["GET", "HEAD", "PUT", "POST", "DELETE"],
                allowedHeaders: ["*"],
                // Multipart uploads need each part's ETag to complete the upload.
                exposeHeaders: ["ETag", "x-amz-version-id", "x-amz-request-id", "x-amz-id-2", "x-amz-server-side-encryption"],
                maxAgeSeconds: 3000,
            },
        ],
    };
    return new aws.s3.BucketCorsConfiguration(logicalName, applyTransform(cors, logicalName, transform), { parent });
}
