import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, SecureUserBucket } from "pulumi-user-backend";

// Every value comes from the stack's config, declared with its type in Pulumi.yaml. The redirect URLs
// have no default: they are where Cognito sends sign-in codes, so they must be the app's own.
const config = new pulumi.Config();

const auth = new CognitoAuth("auth", {
    clients: {
        web: {
            oauth: {
                callbackUrls: config.requireObject<string[]>("callbackUrls"),
                logoutUrls: config.requireObject<string[]>("logoutUrls"),
            },
        },
    },
    domain: { prefix: config.require("domainPrefix") },
    deletionProtection: config.getBoolean("deletionProtection") ?? true,
});

const uploads = new SecureUserBucket("uploads", {
    corsOrigins: config.getObject<string[]>("corsOrigins") ?? [],
});

// Prefixes are keyed by the identity pool identity id, which is what Amplify Storage puts in
// `private/{identityId}/`. Every role a signed-in user can receive is granted, not only the
// authenticated role.
uploads.grantUserAccess("users", { identities: auth });

export const bucketName = uploads.bucketName;
export const region = uploads.region;
export const identityPoolId = auth.identityPoolId;
export const userPoolId = auth.userPoolId;
/** `Amplify.configure(amplifyConfig)`: sign-in through the hosted UI, and Storage pointed at the bucket. */
export const amplifyConfig = pulumi
    .all([auth.amplifyConfig!, uploads.bucketName, uploads.region])
    .apply(([authConfig, bucket, bucketRegion]) => ({ ...authConfig, Storage: { S3: { bucket, region: bucketRegion } } }));
