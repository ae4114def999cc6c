import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, SecureUserBucket } from "pulumi-user-backend";

// Every value comes from the stack's config, declared with its type in Pulumi.yaml. The redirect URLs
// have no default: they are where Cognito sends sign-in codes, so they must be the app's own.
const config = new pulumi.Config();

/**
 * The hosted UI domain prefix when `domainPrefix` is not set: `<project>-<stack>`, in the characters
 * Cognito allows (lowercase letters, digits, hyphens; at most 63; without aws, amazon or cognito).
 * Prefixes are global per region across all AWS accounts, so naming the project and the stack makes
 * a collision unlikely; if `up` still fails with "Domain already associated with another user pool",
 * set `domainPrefix`.
 */
function defaultDomainPrefix(project: string, stack: string): string {
    const prefix = `${project}-${stack}`
        .toLowerCase()
        .replace(/aws|amazon|cognito/g, "")
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .slice(0, 63)
        .replace(/^-+|-+$/g, "");
    return prefix === "" ? "direct-upload" : prefix;
}

const auth = new CognitoAuth("auth", {
    clients: {
        web: {
            oauth: {
                callbackUrls: config.requireObject<string[]>("callbackUrls"),
                logoutUrls: config.requireObject<string[]>("logoutUrls"),
            },
        },
    },
    domain: { prefix: config.get("domainPrefix") || defaultDomainPrefix(pulumi.getProject(), pulumi.getStack()) },
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
