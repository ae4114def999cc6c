import * as pulumi from "@pulumi/pulumi";
import { CognitoAuth, SecureUserBucket } from "pulumi-user-backend";

const config = new pulumi.Config();

// Devices never sign in: each gets a guest (unauthenticated) identity from the identity pool.
// Nobody signs up either; the user pool is there for operators an administrator creates.
const auth = new CognitoAuth("auth", {
    allowGuests: true,
    selfSignUp: false,
    deletionProtection: config.getBoolean("deletionProtection") ?? true,
});

const readings = new SecureUserBucket("readings", {});

// Write-only: a device puts objects under private/<its identity id>/ and can read, list or delete
// nothing, not even its own uploads, so leaked device credentials expose no data.
readings.grantUserAccess("devices", {
    roles: { guest: auth.guestRole! },
    private: ["write"],
    protected: [],
    protectedOthers: [],
    public: [],
});

export const identityPoolId = auth.identityPoolId;
export const bucketName = readings.bucketName;
export const region = readings.region;
