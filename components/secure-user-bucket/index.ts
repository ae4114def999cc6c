import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, denyInsecureTransport, identityIdVariable, keyUseThroughS3, policyJson, PolicyStatement, principalTagVariable, USER_CHANGEABLE_CLAIMS } from "./policy";
export { USER_CHANGEABLE_CLAIMS } from "./policy";
import { checkPositiveDays, checkShapes, checkWhenKnown, isPlain, isRecord, Issues, originProblem, prefixProblem } from "./validation";
// The validation module, not ./cognito-auth: the limit without the component's implementation.
import { MAX_GROUP_NAME_LENGTH } from "./cognito-auth-validation";

const COMPONENT = "SecureUserBucket";

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
    /** Tags for the buckets and the key. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * What a grant may do at one access level.
 * `read` is `get` plus `list`; `list` is always limited to the level's prefix (and, for private and
 * protected, the caller's own prefix).
 */
export type ObjectOperation = "read" | "get" | "list" | "write" | "delete";

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
     */
    readonly principalTagClaims?: Readonly<Record<string, string>>;
    /** Every claim a signed-in user can change: standard attributes an app client may write, `custom:<name>` attributes marked `userWritable`. */
    readonly userWritableClaims?: readonly string[];
}


export interface UserAccessGrantArgs {
    /**
     * The roles that receive the grant, keyed by a stable name of your choosing (the key names the
     * policy resource, so keep it when the role changes). Grant every role a user can receive: the
     * identity pool's authenticated role and each group role. Not together with `identities`.
     * @example { authenticated: authenticatedRole.name, editors: editorsRole.name }
     */
    readonly roles?: Readonly<Record<string, pulumi.Input<string | aws.iam.Role>>>;
    /**
     * Grant to every role the users of this identity source can receive (`signedInRoles`), after
     * checking that it sets the session tag `ownerPrincipalTag` keys prefixes by, and that the tag is
     * not mapped from a claim the user can change (`preferred_username`, `email`, `phone_number`,
     * `name`, or any of its `userWritableClaims`): map it from `sub`. The claim becomes the bucket's
     * `ownerClaim`. Not together with `roles`.
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
 * An S3 bucket for user content that is safe by default and grants each user their own prefix.
 *
 * Defaults: SSE-S3 encryption (or SSE-KMS with a bucket key), all four public access blocks,
 * `BucketOwnerEnforced` (no ACLs), versioning, a bucket policy that denies requests without TLS 1.2+,
 * lifecycle rules that abort stale multipart uploads and expire old versions, server access logs to a
 * log bucket with the same protections, and no `forceDestroy`.
 *
 * @example Minimal
 * ```ts
 * const photos = new SecureUserBucket("photos", {});
 * photos.grantUserAccess("users", { roles: { authenticated: authenticatedRole.name } });
 * ```
 *
 * @example Common: KMS, browser uploads, keyed by the user pool `sub`
 * ```ts
 * const photos = new SecureUserBucket("photos", {
 *     createKmsKey: true,
 *     corsOrigins: ["https://app.example.com"],
 *     ownerPrincipalTag: "sub",
 * });
 * // auth: a CognitoAuth with principalTags: { sub: "sub" }; every role its users can receive is granted.
 * photos.grantUserAccess("users", { identities: auth, public: ["read", "write"] });
 * ```
 */
export class SecureUserBucket extends pulumi.ComponentResource {
    /** The bucket's name. */
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** `<bucket>.s3.<region>.amazonaws.com`, for clients and CDN origins. */
    readonly bucketRegionalDomainName: pulumi.Output<string>;
    /** The region the bucket lives in. */
    readonly region: pulumi.Output<string>;
    /** The bucket receiving access logs, or undefined when logging is off. */
    readonly logBucketName: pulumi.Output<string | undefined>;
    /** The KMS key encrypting the bucket, or undefined with SSE-S3. */
    readonly kmsKeyArn: pulumi.Output<string | undefined>;
    /** The policy variable that names a user's prefix: the identity id, or the configured principal tag. */
    readonly ownerVariable: string;
    /** The session tag user prefixes are keyed by, when not the identity id. */
    readonly ownerPrincipalTag?: string;
    /** The key prefixes of the access levels, defaults applied. */
    readonly prefixes: Readonly<Required<AccessLevelPrefixes>>;

    /** Escape hatches to the children. */
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly bucketPolicy: aws.s3.BucketPolicy;
    readonly logBucket?: aws.s3.Bucket;
    readonly kmsKey?: aws.kms.Key;

    private readonly componentName: string;
    /** The customer managed key, when there is one: grants add key permissions only then. */
    private readonly customerKeyArn?: pulumi.Output<string>;
    private readonly grantNames = new Set<string>();
    private ownerClaimOf?: string;
    private requiredOwnerClaim?: { claim: string; by: string };

    /**
     * The token claim the owner tag (`ownerPrincipalTag`) is mapped from, once a grant with
     * `identities` that says so has run; undefined before, and when prefixes are keyed by the
     * identity id. AuthorizedApi reads it: its Cognito S3 routes key objects by `sub`.
     */
    get ownerClaim(): string | undefined {
        return this.ownerClaimOf;
    }

    /**
     * Records that something keys this bucket's prefixes by the given claim (an AuthorizedApi S3
     * route with Cognito authorization keys them by `sub`), whichever of the two is declared first:
     * refuses now if a grant already mapped the owner tag from another claim, and makes any later
     * grant that does so fail. `requiredBy` names the requirement in the error.
     */
    requireOwnerClaim(claim: string, requiredBy: string): void {
        const issues = new Issues(COMPONENT, this.componentName);
        if (this.ownerClaimOf !== undefined && this.ownerClaimOf !== claim) {
            issues.add("ownerPrincipalTag", `is mapped from the claim "${this.ownerClaimOf}" by an earlier grant, but ${requiredBy} keys objects by "${claim}": map the owner tag from "${claim}"`, this.ownerPrincipalTag);
        } else if (this.requiredOwnerClaim !== undefined && this.requiredOwnerClaim.claim !== claim) {
            issues.add("ownerPrincipalTag", `cannot be keyed by "${claim}" for ${requiredBy} and by "${this.requiredOwnerClaim.claim}" for ${this.requiredOwnerClaim.by}`, this.ownerPrincipalTag);
        }
        issues.throwIfAny();
        this.requiredOwnerClaim ??= { claim, by: requiredBy };
    }

    constructor(name: string, args: SecureUserBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateSecureUserBucketArgs(name, args);
        super("user-backend:index:SecureUserBucket", name, {}, opts);
        this.componentName = name;

        // Every default in one place.
        const prefixes: Required<AccessLevelPrefixes> = {
            private: args.prefixes?.private ?? "private/",
            protected: args.prefixes?.protected ?? "protected/",
            public: args.prefixes?.public ?? "public/",
        };
        const forceDestroy = args.forceDestroy ?? false;
        const noncurrentDays = args.noncurrentVersionExpirationDays ?? 30;
        const abortDays = args.abortIncompleteMultipartUploadDays ?? 7;
        const accessLogging = args.accessLogging ?? true;
        const accessLogPrefix = args.accessLogPrefix ?? "access-logs/";
        const logRetentionDays = args.accessLogRetentionDays ?? 365;
        const corsOrigins = args.corsOrigins ?? [];

        // Stateful children (the buckets and the key) keep the logical names below forever: a new
        // name would make Pulumi replace them and lose what users stored.
        const stateful: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: args.retainOnDelete ?? opts?.retainOnDelete };

        this.prefixes = prefixes;
        this.ownerPrincipalTag = args.ownerPrincipalTag;
        this.ownerVariable = args.ownerPrincipalTag ? principalTagVariable(args.ownerPrincipalTag) : identityIdVariable;

        this.bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            {
                bucket: args.bucketName === undefined ? undefined : checkWhenKnown(COMPONENT, name, args.bucketName, checkBucketName),
                forceDestroy,
                tags: args.tags,
            },
            stateful,
        );

        // The account: no output of the bucket carries it (an S3 bucket ARN has no account field,
        // "Amazon S3 resource types" in the Service Authorization Reference), and the key policy is an
        // input of the key itself, so the key's own ARN cannot give it. One invoke, made only when needed.
        let account: pulumi.Output<string> | undefined;
        const accountId = () => (account ??= aws.getCallerIdentityOutput({}, { parent: this }).accountId);
        if (args.createKmsKey) {
            // The key policy names the bucket, so the key now follows it (the bucket never referred to
            // the key; the encryption configuration below does). Same logical name as before.
            this.kmsKey = new aws.kms.Key(
                `${name}-key`,
                {
                    description: `Encrypts the objects of SecureUserBucket ${name}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    policy: policyJson(
                        bucketKeyPolicy({
                            // `arn:<partition>:s3:::<bucket>`: the bucket's ARN gives the partition, with no invoke.
                            partition: this.bucket.arn.apply((bucketArn) => bucketArn.split(":")[1]),
                            accountId: accountId(),
                            region: this.bucket.region,
                            bucketArn: this.bucket.arn,
                        }),
                    ),
                    tags: args.tags,
                },
                stateful,
            );
            this.customerKeyArn = this.kmsKey.arn;
        } else if (args.kmsKeyArn !== undefined) {
            this.customerKeyArn = checkWhenKnown(COMPONENT, name, args.kmsKeyArn, checkKmsKeyArn);
        }
        const protections = hardenBucket(name, this.bucket, {
            kmsKeyArn: this.customerKeyArn,
            noncurrentDays,
            abortDays,
            policy: denyInsecureTransport(this.bucket.arn),
            parent: this,
        });
        this.publicAccessBlock = protections.publicAccessBlock;
        this.bucketPolicy = protections.bucketPolicy;

        if (corsOrigins.length > 0) {
            new aws.s3.BucketCorsConfiguration(
                `${name}-cors`,
                {
                    bucket: this.bucket.id,
                    corsRules: [
                        {
                            allowedOrigins: corsOrigins,
                            allowedMethods: ["GET", "HEAD", "PUT", "POST", "DELETE"],
                            allowedHeaders: ["*"],
                            // Multipart uploads need each part's ETag to complete the upload.
                            exposeHeaders: ["ETag", "x-amz-version-id", "x-amz-request-id", "x-amz-id-2", "x-amz-server-side-encryption"],
                            maxAgeSeconds: 3000,
                        },
                    ],
                },
                { parent: this },
            );
        }

        let logBucketName: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (accessLogging) {
            let deliveryAllowedBy: pulumi.Resource[] = [];
            let targetBucket: pulumi.Output<string>;
            if (args.accessLogBucketName !== undefined) {
                targetBucket = pulumi.output(args.accessLogBucketName);
            } else {
                this.logBucket = new aws.s3.Bucket(`${name}-logs`, { forceDestroy, tags: args.tags }, stateful);
                const logProtections = hardenBucket(`${name}-logs`, this.logBucket, {
                    // The log bucket stays SSE-S3, the one default encryption AWS documents for server
                    // access log destinations ("Enabling Amazon S3 server access logging"). So log
                    // delivery never uses the bucket's key, and the key policy has no statement for
                    // logging.s3.amazonaws.com. (aws-cdk PR #25350 reports SSE-KMS destinations working
                    // when the key allows the logging principal; not needed here, not provable offline.)
                    kmsKeyArn: undefined,
                    noncurrentDays,
                    abortDays,
                    expirationDays: logRetentionDays,
                    policy: [
                        ...denyInsecureTransport(this.logBucket.arn),
                        {
                            Sid: "AllowServerAccessLogDelivery",
                            Effect: "Allow",
                            Principal: { Service: "logging.s3.amazonaws.com" },
                            Action: ["s3:PutObject"],
                            Resource: [pulumi.interpolate`${this.logBucket.arn}/${accessLogPrefix}*`],
                            Condition: {
                                ArnLike: { "aws:SourceArn": this.bucket.arn },
                                StringEquals: { "aws:SourceAccount": accountId() },
                            },
                        },
                    ],
                    parent: this,
                });
                targetBucket = this.logBucket.bucket;
                deliveryAllowedBy = [logProtections.bucketPolicy, logProtections.ownershipControls];
            }
            new aws.s3.BucketLogging(
                `${name}-logging`,
                {
                    bucket: this.bucket.id,
                    targetBucket,
                    targetPrefix: accessLogPrefix,
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                // The log bucket must accept deliveries before logging is switched on.
                { parent: this, dependsOn: deliveryAllowedBy },
            );
            logBucketName = targetBucket;
        }

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
        this.region = this.bucket.region;
        this.logBucketName = logBucketName;
        this.kmsKeyArn = this.customerKeyArn ?? pulumi.output(undefined);

        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            bucketRegionalDomainName: this.bucketRegionalDomainName,
            region: this.region,
            logBucketName: this.logBucketName,
            kmsKeyArn: this.kmsKeyArn,
            ownerVariable: this.ownerVariable,
            prefixes: this.prefixes,
        });
    }

    /**
     * Gives roles per-user access to the bucket: each caller's own `private/<owner>/` and
     * `protected/<owner>/` prefixes, everyone's `protected/` for reading, and `public/`.
     * `<owner>` is `ownerVariable`. Listing is always limited by an `s3:prefix` condition on the exact
     * prefix, with its trailing slash, so owner ids that share a beginning stay apart. With a customer
     * managed key, the grant adds `kms:Decrypt` / `kms:GenerateDataKey`, usable only through S3 for
     * this bucket.
     *
     * With `identities`, the owner tag's claim is checked before anything is created: a claim the
     * user can change is refused, and so is one that differs from an earlier grant's or from the
     * `sub` an AuthorizedApi Cognito S3 route on this bucket keys objects by (whichever of the API
     * and the grant comes first).
     *
     * Each role gets one inline policy, from a child named `<component>-<grantName>-<role key>`.
     * Note for AwsSolutions-IAM5: object ARNs end in `/*` because each user's prefix holds many keys.
     *
     * @returns the policy resource of each role key
     */
    grantUserAccess(grantName: string, args: UserAccessGrantArgs): Record<string, aws.iam.RolePolicy> {
        validateUserAccessGrant(this.componentName, grantName, args, this.grantNames, this.ownerPrincipalTag, {
            established: this.ownerClaimOf,
            required: this.requiredOwnerClaim,
        });
        this.grantNames.add(grantName);
        const claim = this.ownerPrincipalTag === undefined ? undefined : args.identities?.principalTagClaims?.[this.ownerPrincipalTag];
        // Validation refused a grant whose claim differs from an earlier one, so this never changes once set.
        if (claim !== undefined) this.ownerClaimOf = claim;
        const statements = userAccessStatements({
            bucketArn: this.bucketArn,
            kmsKeyArn: this.customerKeyArn,
            region: this.region,
            prefixes: this.prefixes,
            owner: this.ownerVariable,
            private: args.private ?? ["read", "write", "delete"],
            protected: args.protected ?? ["read", "write", "delete"],
            protectedOthers: args.protectedOthers ?? ["read"],
            public: args.public ?? ["read"],
        });
        return this.grant(grantName, args.identities?.signedInRoles ?? args.roles ?? {}, statements);
    }

    /** Every grant ends here: one least-privilege inline policy per role. */
    private grant(grantName: string, roles: NonNullable<UserAccessGrantArgs["roles"]>, statements: PolicyStatement[]): Record<string, aws.iam.RolePolicy> {
        const policy = policyJson(statements);
        const created: Record<string, aws.iam.RolePolicy> = {};
        for (const [key, role] of Object.entries(roles)) {
            created[key] = new aws.iam.RolePolicy(`${this.componentName}-${grantName}-${key}`, { role, policy }, { parent: this });
        }
        return created;
    }
}

interface BucketProtections {
    publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    ownershipControls: aws.s3.BucketOwnershipControls;
    bucketPolicy: aws.s3.BucketPolicy;
}

/**
 * The protections every bucket of this component gets, the log bucket included: public access
 * blocks, owner-enforced ownership, versioning, default encryption, lifecycle rules and a bucket
 * policy (created after the public access block, as AWS requires for a policy that the block vets).
 */
function hardenBucket(
    name: string,
    bucket: aws.s3.Bucket,
    options: {
        kmsKeyArn: pulumi.Input<string> | undefined;
        noncurrentDays: number;
        abortDays: number;
        expirationDays?: number;
        policy: PolicyStatement[];
        parent: pulumi.Resource;
    },
): BucketProtections {
    const parent = { parent: options.parent };
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
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
    new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-encryption`,
        {
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
        },
        parent,
    );
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
    // Noncurrent-version rules apply once versioning is on.
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: bucket.id, rules }, { ...parent, dependsOn: [versioning] });
    const bucketPolicy = new aws.s3.BucketPolicy(
        `${name}-policy`,
        { bucket: bucket.id, policy: policyJson(options.policy) },
        { ...parent, dependsOn: [publicAccessBlock] },
    );
    return { publicAccessBlock, ownershipControls, bucketPolicy };
}

interface UserAccessPlan {
    bucketArn: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    region: pulumi.Input<string>;
    prefixes: Required<AccessLevelPrefixes>;
    owner: string;
    private: readonly ObjectOperation[];
    protected: readonly ObjectOperation[];
    protectedOthers: readonly ObjectOperation[];
    public: readonly ObjectOperation[];
}

function expand(operations: readonly ObjectOperation[]): Set<"get" | "list" | "write" | "delete"> {
    const out = new Set<"get" | "list" | "write" | "delete">();
    for (const op of operations) {
        if (op === "read") {
            out.add("get");
            out.add("list");
        } else {
            out.add(op);
        }
    }
    return out;
}

/**
 * Internal. Exported for testing: the key policy of the key `createKmsKey` makes (CKV2_AWS_64).
 * Without a policy AWS applies its default, which gives the account `kms:*` through IAM.
 * Here the account (`:root`, which lets IAM policies in the account delegate, AWS KMS "Default key
 * policy", section "Allows access to the AWS account and enables IAM policies") may administer the
 * key, and may use it only through S3 for this bucket: an IAM policy can grant no more than that,
 * whatever it says. Grants still need their own IAM statement. Log delivery needs no statement:
 * the log bucket is SSE-S3 (see the log bucket's encryption).
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

/** The statements of one grant: object actions on each level's prefix, prefix-conditioned listing, key use. */
function userAccessStatements(plan: UserAccessPlan): PolicyStatement[] {
    const scopes: { sid: string; prefix: string; operations: Set<"get" | "list" | "write" | "delete"> }[] = [
        { sid: "OwnPrivate", prefix: `${plan.prefixes.private}${plan.owner}/`, operations: expand(plan.private) },
        { sid: "OwnProtected", prefix: `${plan.prefixes.protected}${plan.owner}/`, operations: expand(plan.protected) },
        { sid: "AllProtected", prefix: plan.prefixes.protected, operations: expand(plan.protectedOthers) },
        { sid: "Public", prefix: plan.prefixes.public, operations: expand(plan.public) },
    ];
    const statements: PolicyStatement[] = [];
    const objectActions = { get: actions.objectGet, write: actions.objectWrite, delete: actions.objectDelete } as const;
    for (const scope of scopes) {
        for (const op of ["get", "write", "delete"] as const) {
            if (!scope.operations.has(op)) continue;
            statements.push({
                Sid: `${scope.sid}${op[0].toUpperCase()}${op.slice(1)}`,
                Effect: "Allow",
                Action: [...objectActions[op]],
                Resource: [pulumi.interpolate`${plan.bucketArn}/${scope.prefix}*`],
            });
        }
        if (scope.operations.has("list")) {
            statements.push({
                Sid: `${scope.sid}List`,
                Effect: "Allow",
                Action: [...actions.bucketList],
                Resource: [plan.bucketArn],
                // Both the prefix itself and keys below it; without the trailing slash `private/<id>*`
                // would also match the prefixes of other users whose ids start with <id>.
                Condition: { StringLike: { "s3:prefix": [scope.prefix, `${scope.prefix}*`] } },
            });
        }
    }
    if (plan.kmsKeyArn !== undefined) {
        const all = scopes.flatMap((s) => [...s.operations]);
        const keyActions = all.includes("write") ? actions.kmsEncrypt : all.includes("get") ? actions.kmsDecrypt : [];
        if (keyActions.length > 0) {
            statements.push({
                Sid: "UseKeyThroughS3ForThisBucket",
                Effect: "Allow",
                Action: [...keyActions],
                Resource: [plan.kmsKeyArn],
                Condition: keyUseThroughS3(plan.region, plan.bucketArn),
            });
        }
    }
    return statements;
}

const NAME_PART = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/**
 * Role keys name policy resources only, so they may be as long as the longest key CognitoAuth's
 * `signedInRoles` has: `group-<name>` with the longest group name it accepts.
 */
const MAX_ROLE_KEY_LENGTH = "group-".length + MAX_GROUP_NAME_LENGTH;
const ROLE_KEY = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_ROLE_KEY_LENGTH - 1}}$`);
const OPERATIONS: readonly ObjectOperation[] = ["read", "get", "list", "write", "delete"];
const READ_OPERATIONS: readonly ObjectOperation[] = ["read", "get", "list"];

/** Internal. Exported for testing: the rules a grant must meet. */
export function validateUserAccessGrant(
    component: string,
    grantName: string,
    args: UserAccessGrantArgs,
    existing: ReadonlySet<string>,
    ownerPrincipalTag?: string,
    ownerClaims: {
        /** The claim an earlier grant mapped the owner tag from. */
        readonly established?: string;
        /** The claim something else keys prefixes by (an AuthorizedApi S3 route), and what. */
        readonly required?: { readonly claim: string; readonly by: string };
    } = {},
): void {
    const issues = new Issues(COMPONENT, component);
    if (!NAME_PART.test(grantName)) {
        issues.add("grantUserAccess name", "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit", grantName);
    } else if (existing.has(grantName)) {
        issues.add("grantUserAccess name", "is already used by another grant on this bucket", grantName);
    }
    if (args.roles !== undefined && args.identities !== undefined) {
        issues.add(`${grantName}.roles`, "cannot be combined with identities (which already names every signed-in role)", Object.keys(args.roles));
    }
    if (args.identities !== undefined && ownerPrincipalTag !== undefined && !args.identities.principalTagKeys.includes(ownerPrincipalTag)) {
        issues.add(
            `${grantName}.identities`,
            `must map the session tag "${ownerPrincipalTag}" that ownerPrincipalTag keys prefixes by (for CognitoAuth: principalTags: { ${ownerPrincipalTag}: "sub" }); without it no user could reach their prefix`,
            args.identities.principalTagKeys,
        );
    }
    const claim = ownerPrincipalTag === undefined ? undefined : args.identities?.principalTagClaims?.[ownerPrincipalTag];
    if (claim !== undefined) {
        // SECURITY.md, known mistake 11: a user who can change the claim can take another user's prefix.
        const writable = (USER_CHANGEABLE_CLAIMS as readonly string[]).includes(claim)
            ? "a user can change in their own profile"
            : args.identities?.userWritableClaims?.includes(claim)
              ? "an app client lets users write"
              : undefined;
        if (writable) {
            issues.add(
                `${grantName}.identities`,
                `maps the owner tag "${ownerPrincipalTag}" from the claim "${claim}", which ${writable}: a user could set it to another user's value and reach that user's prefix; map the owner tag from "sub" (principalTags: { ${ownerPrincipalTag}: "sub" })`,
                claim,
            );
        } else if (ownerClaims.established !== undefined && ownerClaims.established !== claim) {
            issues.add(`${grantName}.identities`, `maps the owner tag "${ownerPrincipalTag}" from the claim "${claim}", but an earlier grant on this bucket maps it from "${ownerClaims.established}": one owner, one claim`, claim);
        } else if (ownerClaims.required !== undefined && ownerClaims.required.claim !== claim) {
            issues.add(
                `${grantName}.identities`,
                `maps the owner tag "${ownerPrincipalTag}" from the claim "${claim}", but ${ownerClaims.required.by} keys objects by "${ownerClaims.required.claim}": the same user would reach two different prefixes; map the owner tag from "${ownerClaims.required.claim}"`,
                claim,
            );
        }
    }
    const roles = args.identities?.signedInRoles ?? args.roles ?? {};
    const roleKeys = Object.keys(roles);
    if (roleKeys.length === 0) issues.add(`${grantName}.roles`, "must name at least one role", args.identities ? roleKeys : args.roles);
    for (const key of roleKeys) {
        if (!ROLE_KEY.test(key)) {
            issues.add(
                `${grantName}.roles`,
                `keys must be 1-${MAX_ROLE_KEY_LENGTH} letters, digits, '-' or '_', starting with a letter or digit (room for CognitoAuth's "group-<name>" keys)`,
                key,
            );
        }
    }
    const levels = [
        ["private", args.private, OPERATIONS],
        ["protected", args.protected, OPERATIONS],
        ["protectedOthers", args.protectedOthers, READ_OPERATIONS],
        ["public", args.public, OPERATIONS],
    ] as const;
    for (const [field, ops, allowed] of levels) {
        if (ops === undefined) continue;
        if (!Array.isArray(ops)) {
            issues.add(`${grantName}.${field}`, `must be a list of operations from ${allowed.join(", ")}`, ops);
            continue;
        }
        ops.forEach((op, i) => {
            if (!allowed.includes(op)) issues.add(`${grantName}.${field}[${i}]`, `must be one of ${allowed.join(", ")}`, op);
        });
    }
    const total = levels.reduce((n, [, ops]) => n + (ops === undefined ? 1 : Array.isArray(ops) ? ops.length : 0), 0);
    if (total === 0) issues.add(grantName, "grants no operation at any level");
    issues.throwIfAny();
}

/** Internal. Exported for testing: the rules the component's arguments must meet, checked before anything is created. */
export function validateSecureUserBucketArgs(name: string, input: SecureUserBucketArgs | undefined): void {
    const issues = new Issues(COMPONENT, name);
    // No arguments means every default, as the constructor has it. The containers and texts the rules
    // below read inside are refused by name if they are not what they claim.
    const args: SecureUserBucketArgs = input === undefined ? {} : input;
    if (!isRecord(args as unknown)) {
        issues.add("args", "must be an object of SecureUserBucket arguments", input);
        issues.throwIfAny();
    }
    if (!checkShapes(issues, [["prefixes", args.prefixes, "object"], ["corsOrigins", args.corsOrigins, "list"], ["tags", args.tags, "object"], ["ownerPrincipalTag", args.ownerPrincipalTag, "text"]])) issues.throwIfAny();
    if (args.bucketName === undefined) {
        // The bucket is autonamed `<name>-bucket-xxxxxxx` (lower-cased by the provider).
        const base = `${name}-bucket`.toLowerCase();
        if (!/^[a-z0-9][a-z0-9-]*$/.test(base) || base.length > 55) {
            issues.add(
                "name",
                "must be at most 48 letters, digits and hyphens, starting with a letter or digit, when bucketName is not set (the bucket is named <name>-bucket-<7 characters>)",
                name,
            );
        }
    } else if (isPlain(args.bucketName)) {
        checkBucketName(issues, args.bucketName);
    }
    if (args.createKmsKey && args.kmsKeyArn !== undefined) {
        issues.add("kmsKeyArn", "cannot be combined with createKmsKey: true (choose one key)", args.kmsKeyArn);
    }
    if (isPlain(args.kmsKeyArn)) checkKmsKeyArn(issues, args.kmsKeyArn);
    if (args.ownerPrincipalTag !== undefined && !/^[A-Za-z0-9_.:/=+@-]{1,128}$/.test(args.ownerPrincipalTag)) {
        issues.add("ownerPrincipalTag", "must be a session tag key of 1-128 letters, digits and _ . : / = + - @", args.ownerPrincipalTag);
    } else if (args.ownerPrincipalTag?.toLowerCase().startsWith("aws:")) {
        issues.add("ownerPrincipalTag", "must not start with \"aws:\", which AWS reserves", args.ownerPrincipalTag);
    }

    const prefixes = { private: "private/", protected: "protected/", public: "public/", ...args.prefixes };
    for (const [level, prefix] of Object.entries(prefixes)) {
        const problem = prefixProblem(prefix);
        if (problem) issues.add(`prefixes.${level}`, problem, prefix);
    }
    // Overlap only makes sense between prefixes that are valid on their own.
    const levels = Object.entries(prefixes).filter(([, prefix]) => !prefixProblem(prefix));
    for (const [a, pa] of levels) {
        for (const [b, pb] of levels) {
            if (a < b && typeof pa === "string" && typeof pb === "string" && (pa.startsWith(pb) || pb.startsWith(pa))) {
                issues.add(`prefixes.${a}`, `must not overlap prefixes.${b} ("${pb}"): a grant on one would reach the other`, pa);
            }
        }
    }

    (args.corsOrigins ?? []).forEach((origin, i) => {
        const problem = originProblem(origin);
        if (problem) issues.add(`corsOrigins[${i}]`, problem, origin);
    });
    if (args.corsOrigins !== undefined && new Set(args.corsOrigins).size !== args.corsOrigins.length) {
        issues.add("corsOrigins", "must not list an origin twice", args.corsOrigins);
    }

    checkPositiveDays(issues, "noncurrentVersionExpirationDays", args.noncurrentVersionExpirationDays);
    checkPositiveDays(issues, "abortIncompleteMultipartUploadDays", args.abortIncompleteMultipartUploadDays);
    checkPositiveDays(issues, "accessLogRetentionDays", args.accessLogRetentionDays);

    if (args.accessLogging === false) {
        for (const field of ["accessLogBucketName", "accessLogPrefix", "accessLogRetentionDays"] as const) {
            if (args[field] !== undefined) issues.add(field, "has no effect with accessLogging: false; remove one of them", args[field]);
        }
    }
    if (args.accessLogBucketName !== undefined && args.accessLogRetentionDays !== undefined) {
        issues.add("accessLogRetentionDays", "applies only to the log bucket this component creates, not to accessLogBucketName", args.accessLogRetentionDays);
    }
    if (isPlain(args.accessLogBucketName)) checkBucketName(issues, args.accessLogBucketName, "accessLogBucketName");
    if (args.accessLogPrefix !== undefined) {
        const problem = prefixProblem(args.accessLogPrefix);
        if (problem) issues.add("accessLogPrefix", problem, args.accessLogPrefix);
    }
    issues.throwIfAny();
}

/** S3 general purpose bucket naming rules, plus no dots (see `bucketName`). */
function checkBucketName(issues: Issues, value: string, field = "bucketName"): void {
    const problem =
        typeof value !== "string"
            ? "must be a string"
            : value.length < 3 || value.length > 63
              ? "must be 3 to 63 characters long"
              : !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(value)
                ? "must use only lowercase letters, digits, '.' and '-', and begin and end with a letter or digit"
                : value.includes(".")
                  ? "must not contain '.': browsers reach the bucket over virtual-hosted HTTPS, whose certificate does not cover dotted names"
                  : /^(xn--|sthree-|amzn-s3-demo-)/.test(value) || /(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(value)
                    ? "must not use a prefix or suffix that AWS reserves (xn--, sthree-, amzn-s3-demo-, -s3alias, --ol-s3, --x-s3, --table-s3)"
                    : undefined;
    if (problem) issues.add(field, problem, value);
}

function checkKmsKeyArn(issues: Issues, value: string): void {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
        issues.add("kmsKeyArn", "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot scope IAM grants", value);
    }
}
