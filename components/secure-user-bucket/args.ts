// The arguments of SecureUserBucket and of its grants: types (and the constants of their named enums)
// only, so that validation and the children's modules import no implementation. Every type reachable
// from `SecureUserBucketArgs` and the class's public fields is one Pulumi's schema analyzer can say
// (named interfaces, `as const` enums, string maps), so the component is usable from every language.
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { Transform } from "../shared/transform";
import type { UploadEventArgs } from "./events-args";

/** Key prefixes of the three access levels. Each ends with `/`; none may contain another. */
export interface AccessLevelPrefixes {
    /**
     * Owner-only objects live under `<private><owner>/`.
     * @default "private/"
     */
    readonly private?: string;
    /**
     * The owner writes under `<protected><owner>/`; every granted role may read all of it.
     * @default "protected/"
     */
    readonly protected?: string;
    /**
     * Shared objects, read by every granted role; written only by grants that ask for it.
     * @default "public/"
     */
    readonly public?: string;
}

/** The key prefixes of the three access levels, defaults applied: what `SecureUserBucket.prefixes` holds. */
export interface ResolvedAccessLevelPrefixes {
    /** Owner-only objects live under `<private><owner>/`. */
    readonly private: string;
    /** The owner writes under `<protected><owner>/`; every granted role may read all of it. */
    readonly protected: string;
    /** Shared objects, read by every granted role. */
    readonly public: string;
}

export interface SecureUserBucketArgs {
    /**
     * The exact bucket name. Left out, the bucket is named `<name>-bucket-<7 random characters>`.
     * Names with dots are refused: browsers reach the bucket over virtual-hosted HTTPS, whose
     * wildcard certificate does not cover dotted names.
     * @default autonamed from the component name
     * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
     */
    readonly bucketName?: pulumi.Input<string>;
    /**
     * Create a customer managed KMS key (rotated yearly) and encrypt with SSE-KMS and an S3 bucket key.
     * Its key policy lets the account administer the key and use it only through S3 for this bucket
     * (never `kms:*`); grants then include the key actions they need, under the same conditions.
     * @default false (SSE-S3)
     * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
     */
    readonly createKmsKey?: boolean;
    /**
     * Encrypt with SSE-KMS under this existing key (a key ARN, not an alias). Its key policy must let
     * IAM policies in this account grant its use. Not together with `createKmsKey`.
     * @default undefined (SSE-S3)
     * @example "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * Key user prefixes by this session tag (`${aws:PrincipalTag/<tag>}`) instead of the identity pool
     * identity id. Set it to the tag your identity pool maps from the user pool `sub` claim, so the
     * same user reaches the same prefix through an API that knows only the `sub`. Roles granted
     * access must then trust `sts:TagSession`. Map it from a claim the user cannot change: a grant
     * with `identities` refuses `preferred_username`, `email`, `phone_number`, `name` and any
     * user-writable attribute, and an AuthorizedApi Cognito S3 route needs `sub`.
     * @default undefined (the identity id, `${cognito-identity.amazonaws.com:sub}`)
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html
     * @example "sub"
     */
    readonly ownerPrincipalTag?: string;
    /**
     * Key prefixes of the private, protected and public access levels.
     * @default { private: "private/", protected: "protected/", public: "public/" }
     */
    readonly prefixes?: AccessLevelPrefixes;
    /**
     * Browser origins allowed to call the bucket (CORS), for direct uploads and downloads:
     * GET, HEAD, PUT, POST and DELETE with any request header, exposing `ETag` for multipart uploads.
     * Each must be `https://host[:port]`, or `http://localhost[:port]` for local development.
     * @default [] (no CORS configuration: browsers cannot call the bucket directly)
     * @example ["https://app.example.com", "http://localhost:5173"]
     */
    readonly corsOrigins?: string[];
    /**
     * Days after which a version that was overwritten or deleted is removed for good.
     * @default 30
     */
    readonly noncurrentVersionExpirationDays?: number;
    /**
     * Days after which an unfinished multipart upload is aborted and its parts deleted.
     * @default 7
     */
    readonly abortIncompleteMultipartUploadDays?: number;
    /**
     * Write server access logs. Turning this off fails AwsSolutions-S1 / FSBP S3.9; keep it on outside
     * throwaway environments.
     * @default true
     */
    readonly accessLogging?: boolean;
    /**
     * Deliver access logs to this existing bucket instead of creating one. Its bucket policy must let
     * `logging.s3.amazonaws.com` put objects under `accessLogPrefix`.
     * @default undefined (a log bucket `<name>-logs` is created with the same protections)
     * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
     */
    readonly accessLogBucketName?: pulumi.Input<string>;
    /**
     * Key prefix of the log objects. S3 adds `<account>/<region>/<bucket>/<yyyy>/<mm>/<dd>/` after it,
     * so several buckets can share one log bucket.
     * @default "access-logs/"
     */
    readonly accessLogPrefix?: string;
    /**
     * Days to keep access logs in the log bucket this component creates.
     * @default 365
     */
    readonly accessLogRetentionDays?: number;
    /**
     * Let `pulumi destroy` delete the buckets with everything in them. Meant for throwaway environments only.
     * @default false
     */
    readonly forceDestroy?: boolean;
    /**
     * Keep the buckets and the key in AWS when they are removed from the program or the stack is destroyed.
     * Left out, the component's own `retainOnDelete` resource option is passed on to them.
     * @default the component's `retainOnDelete` option (false)
     */
    readonly retainOnDelete?: boolean;
    /**
     * Tags for the buckets and the key.
     * @default undefined (no tags)
     * @example { team: "photos" }
     */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Typed escape hatches: each changes the arguments of one child just before it is created, as an
     * object whose fields replace the component's or as a function of the arguments and the child's
     * logical name. The logical name stays outside the transform, so no URN moves. A transform can undo
     * a secure default (public access, TLS, encryption, `forceDestroy`); the rule set (`evaluateRules`,
     * the `plan` command) judges what it produced, and validation does not see it.
     * @default undefined (every child as documented above)
     * @example { kmsKey: { deletionWindowInDays: 7 }, bucketPolicy: (args) => ({ ...args, policy: policyWithVpcEndpointDeny }) }
     */
    readonly transform?: SecureUserBucketTransforms;
    /**
     * Per-user access grants, created with the component: the same grants `grantUserAccess` gives,
     * written as data so that every language can declare them. Each grant's policies are the same
     * children the method would create (`<name>-<grant name>-<role key>`), so a program can move a
     * grant from the method to this list without moving a URN. Checked before anything is created.
     * @default [] (no grant: call `grantUserAccess`, or no role can reach the bucket)
     * @example [{ name: "users", roleNames: { authenticated: auth.authenticatedRoleName }, identities: { principalTagKeys: ["sub"], principalTagClaims: { sub: "sub" } } }]
     */
    readonly grants?: UserAccessGrant[];
    /**
     * Send the bucket's events to EventBridge (an `aws.s3.BucketNotification` with `eventbridge: true`).
     * S3 keeps one notification configuration per bucket, and this component then owns it: declare no
     * other BucketNotification for the bucket; add consumers as EventBridge rules (`uploadEvents`).
     * @default false
     */
    readonly eventBridge?: boolean;
    /**
     * Rules that start a state machine, a queue or a function for objects created under a prefix, each
     * with a least-privilege permission for its target only; needs `eventBridge: true`. The same as
     * `onObjectCreated`, as data.
     * @default [] (no upload event)
     * @example [{ name: "thumbnails", prefix: "private/{owner}/photos/", stateMachineArn: thumbnails.arn }]
     */
    readonly uploadEvents?: UploadEventArgs[];
}

/**
 * The typed escape hatches of `SecureUserBucketArgs.transform`, one per child. Each changes the
 * child's arguments just before it is created; other languages pass an object of argument overrides.
 */
export interface SecureUserBucketTransforms {
    /**
     * The user bucket, `<name>-bucket`.
     * @default undefined
     */
    readonly bucket?: Transform<aws.s3.BucketArgs>;
    /**
     * The customer managed key `<name>-key` (with `createKmsKey`), its key policy included.
     * @default undefined
     */
    readonly kmsKey?: Transform<aws.kms.KeyArgs>;
    /**
     * The user bucket's public access block, `<name>-public-access-block`.
     * @default undefined
     */
    readonly publicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
    /**
     * The user bucket's default encryption, `<name>-encryption`.
     * @default undefined
     */
    readonly encryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
    /**
     * The user bucket's lifecycle rules, `<name>-lifecycle`; for example to add a storage-class transition.
     * @default undefined
     */
    readonly lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
    /**
     * The user bucket's policy, `<name>-policy` (the TLS denials); for example to add a deny for requests outside a VPC endpoint.
     * @default undefined
     */
    readonly bucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
    /**
     * The CORS configuration `<name>-cors`, created only with `corsOrigins`.
     * @default undefined
     */
    readonly cors?: Transform<aws.s3.BucketCorsConfigurationArgs>;
    /**
     * The log bucket `<name>-logs`, created when logging is on and `accessLogBucketName` is not set.
     * @default undefined
     */
    readonly logBucket?: Transform<aws.s3.BucketArgs>;
    /**
     * The log bucket's lifecycle rules, `<name>-logs-lifecycle`.
     * @default undefined
     */
    readonly logBucketLifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
    /**
     * The log bucket's policy, `<name>-logs-policy` (TLS denials and the log delivery grant).
     * @default undefined
     */
    readonly logBucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
    /**
     * The server access logging setting `<name>-logging`.
     * @default undefined
     */
    readonly logging?: Transform<aws.s3.BucketLoggingArgs>;
}

/**
 * What a grant may do at one access level.
 * `read` is `get` plus `list`; `list` is always limited to the level's prefix (and, for private and
 * protected, the caller's own prefix).
 */
export const ObjectOperation = {
    /** Get and list. */
    Read: "read",
    /** Read objects (GetObject, which also covers HEAD). */
    Get: "get",
    /** List keys, only under the level's prefix. */
    List: "list",
    /** Create or overwrite objects, multipart uploads included. */
    Write: "write",
    /** Delete objects (with versioning, a delete marker: the data stays recoverable). */
    Delete: "delete",
} as const;
export type ObjectOperation = (typeof ObjectOperation)[keyof typeof ObjectOperation];

/**
 * A source of signed-in identities, such as `CognitoAuth`: every role its users can receive, and the
 * session tags it maps from their tokens.
 */
export interface UserIdentities {
    readonly signedInRoles: Readonly<Record<string, pulumi.Input<string | aws.iam.Role>>>;
    readonly principalTagKeys: readonly string[];
    /**
     * The token claim each session tag is mapped from (tag → claim). With it, a grant refuses an
     * owner tag mapped from a claim the user can change.
     * @default undefined (the claims are unknown: only the session tag's presence is checked)
     */
    readonly principalTagClaims?: Readonly<Record<string, string>>;
    /**
     * Every claim a signed-in user can change: standard attributes an app client may write, `custom:<name>` attributes marked `userWritable`.
     * @default undefined (only the claims every user can change are refused: `preferred_username`, `email`, `phone_number`, `name`)
     */
    readonly userWritableClaims?: readonly string[];
}

/** The access one `grantUserAccess` call gives, and to which roles. */
export interface UserAccessGrantArgs {
    /**
     * The roles that receive the grant, keyed by a stable name of your choosing (the key names the
     * policy resource, so keep it when the role changes). Grant every role a user can receive: the
     * identity pool's authenticated role and each group role. Not together with `identities`.
     * @default undefined (the roles of `identities`; one of the two is required)
     * @example { authenticated: authenticatedRole.name, editors: editorsRole.name }
     */
    readonly roles?: Readonly<Record<string, pulumi.Input<string | aws.iam.Role>>>;
    /**
     * Grant to every role the users of this identity source can receive (`signedInRoles`), after
     * checking that it sets the session tag `ownerPrincipalTag` keys prefixes by, and that the tag is
     * not mapped from a claim the user can change (`preferred_username`, `email`, `phone_number`,
     * `name`, or any of its `userWritableClaims`): map it from `sub`. The claim becomes the bucket's
     * `ownerClaim`. Not together with `roles`.
     * @default undefined (the roles given in `roles`; one of the two is required)
     * @example auth // a CognitoAuth
     */
    readonly identities?: UserIdentities;
    /**
     * Operations on the caller's own `private/<owner>/` objects.
     * @default ["read", "write", "delete"]
     */
    readonly private?: readonly ObjectOperation[];
    /**
     * Operations on the caller's own `protected/<owner>/` objects.
     * @default ["read", "write", "delete"]
     */
    readonly protected?: readonly ObjectOperation[];
    /**
     * Operations on everyone's `protected/` objects (only `read`, `get` or `list`).
     * @default ["read"]
     */
    readonly protectedOthers?: readonly ObjectOperation[];
    /**
     * Operations on `public/` objects, which every granted role shares.
     * @default ["read"]
     */
    readonly public?: readonly ObjectOperation[];
}


/**
 * The session tags a source of signed-in identities maps from its users' tokens: the facts of
 * `UserIdentities` without the roles. For a CognitoAuth, its `principalTagKeys`,
 * `principalTagClaims` and `userWritableClaims`; from another language, the `principalTags` map
 * given to CognitoAuth (tag → claim) says the first two.
 */
export interface GrantIdentityTags {
    /**
     * Every session tag the identity source sets. With `ownerPrincipalTag`, it must include that tag.
     * @example ["sub"]
     */
    readonly principalTagKeys: string[];
    /**
     * The token claim each session tag is mapped from (tag → claim). With it, the grant refuses an
     * owner tag mapped from a claim the user can change.
     * @default undefined (the claims are unknown: only the session tag's presence is checked)
     * @example { sub: "sub" }
     */
    readonly principalTagClaims?: Record<string, string>;
    /**
     * Every claim a signed-in user can change: standard attributes an app client may write, `custom:<name>` attributes marked `userWritable`.
     * @default undefined (only the claims every user can change are refused: `preferred_username`, `email`, `phone_number`, `name`)
     */
    readonly userWritableClaims?: string[];
}

/**
 * One per-user access grant of `SecureUserBucketArgs.grants`: what a `grantUserAccess(name, args)`
 * call gives, as data. The operations and their defaults are those of `UserAccessGrantArgs`.
 */
export interface UserAccessGrant {
    /**
     * The grant's name, as `grantUserAccess`'s first argument: it names the policy children
     * `<component>-<name>-<role key>`, so keep it. Unique among the bucket's grants.
     * @example "users"
     */
    readonly name: string;
    /**
     * The IAM roles that receive the grant (role names), keyed by a stable name of your choosing: the
     * key names the policy resource, so keep it when the role changes. Grant every role a user can
     * receive: the identity pool's authenticated role and each group role.
     * @example { authenticated: auth.authenticatedRoleName, "group-editors": auth.groupRoleNames["editors"] }
     */
    readonly roleNames: Record<string, pulumi.Input<string>>;
    /**
     * The session tags the roles' users carry. Given, the grant checks them as `grantUserAccess` does
     * with `identities`: the identities must set the tag `ownerPrincipalTag` keys prefixes by, not
     * mapped from a claim the user can change, and from the same claim as every other grant's.
     * @default undefined (the roles are granted without checking how the owner tag is mapped)
     */
    readonly identities?: GrantIdentityTags;
    /**
     * Operations on the caller's own `private/<owner>/` objects.
     * @default ["read", "write", "delete"]
     */
    readonly private?: ObjectOperation[];
    /**
     * Operations on the caller's own `protected/<owner>/` objects.
     * @default ["read", "write", "delete"]
     */
    readonly protected?: ObjectOperation[];
    /**
     * Operations on everyone's `protected/` objects (only `read`, `get` or `list`).
     * @default ["read"]
     */
    readonly protectedOthers?: ObjectOperation[];
    /**
     * Operations on `public/` objects, which every granted role shares.
     * @default ["read"]
     */
    readonly public?: ObjectOperation[];
}
