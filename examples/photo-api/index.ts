import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "pulumi-user-backend";

const config = new pulumi.Config();

// The identity pool tags each session with the user pool `sub`, and the bucket keys prefixes by that
// tag: a user's files are under private/<sub>/ whether she reaches them through the API (which only
// knows her `sub`) or directly with identity pool credentials.
const auth = new CognitoAuth("auth", {
    principalTags: { sub: "sub" },
    deletionProtection: config.getBoolean("deletionProtection") ?? true,
});
const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub" });
photos.grantUserAccess("users", { identities: auth });

// Each S3 route builds the object key as private/<caller's sub>/<key>: the owner comes from the
// Cognito authorizer, never from the request, so nobody can name another user's prefix.
const api = new AuthorizedApi("api", {
    userPoolArn: auth.userPoolArn,
    defaultAuthorization: "cognito",
    corsOrigins: config.getObject<string[]>("corsOrigins") ?? [],
    binaryMediaTypes: ["image/*"],
    routes: {
        "GET /photos": { s3: { bucket: photos, operation: "list" } },
        "GET /photos/{key+}": { s3: { bucket: photos, operation: "get" } },
        "PUT /photos/{key+}": { s3: { bucket: photos, operation: "put" } },
        "DELETE /photos/{key+}": { s3: { bucket: photos, operation: "delete" } },
    },
});

const region = aws.getRegionOutput().region;

export const apiUrl = api.url;
/** `Amplify.configure(amplifyConfig)`: sign-in, and the API as the REST endpoint `photos`. */
export const amplifyConfig = pulumi
    .all([auth.amplifyConfig!, api.url, region])
    .apply(([authConfig, endpoint, apiRegion]) => ({ ...authConfig, API: { REST: { photos: { endpoint, region: apiRegion } } } }));
