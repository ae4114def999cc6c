// The program that the README's "Testing your own program offline" spec records as `./index`,
// beside it: a user's small Pulumi program with a CognitoAuth "auth" and a SecureUserBucket "photos"
// granted to auth's signed-in roles. It reads `env` from its project's config ("my-app:env"), so a
// recording that does not name the project fails, as `pulumi up` would with a missing key.
import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, SecureUserBucket } from "pulumi-user-backend";

const env = new pulumi.Config().require("env");

const auth = new CognitoAuth("auth", {});
const photos = new SecureUserBucket("photos", { tags: { env } });
photos.grantUserAccess("users", { identities: auth });

export const bucketName = photos.bucketName;
export const identityPoolId = auth.identityPoolId;
// Exported whole too, for the README's spec in Pulumi's own unit-test style (setMocks, then import).
export { photos };
