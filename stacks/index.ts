import * as pulumi from "@pulumi/pulumi";
import { SecureUserBucket } from "../components";

// The reference stack: it grows into the full photo-sharing backend (Cognito, the bucket and the API).
// Every value comes from the stack's config, declared with its type and default in Pulumi.yaml.
const config = new pulumi.Config();

const photos = new SecureUserBucket("photos", {
    corsOrigins: config.getObject<string[]>("corsOrigins") ?? [],
    createKmsKey: config.getBoolean("createKmsKey") ?? false,
    forceDestroy: config.getBoolean("forceDestroy") ?? false,
    retainOnDelete: config.getBoolean("retainOnDelete") ?? false,
});

export const bucketName = photos.bucketName;
export const bucketArn = photos.bucketArn;
export const bucketRegionalDomainName = photos.bucketRegionalDomainName;
export const logBucketName = photos.logBucketName;
