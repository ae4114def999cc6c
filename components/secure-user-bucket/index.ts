// SecureUserBucket: the class, as a sequence of named steps. The arguments are in `args.ts`, the
// defaults in `defaults.ts`, the rules in `validation.ts`, and each kind of child in its own module.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { denyInsecureTransport, identityIdVariable, principalTagVariable } from "../policy";
import { COMPONENT_TYPES } from "../shared/contract";
import { checkWhenKnown } from "../validation";
import { enableAccessLogging } from "./access-logs";
import type { ObjectCreatedArgs } from "./events-args";
import { UploadEvent, UploadEvents } from "./events";
import type { ResolvedAccessLevelPrefixes, SecureUserBucketArgs, UserAccessGrantArgs } from "./args";
import { allowBrowserOrigins, createUserBucket, hardenBucket } from "./bucket";
import { grantArgsOf, resolveGrantOperations, resolveSecureUserBucketDefaults } from "./defaults";
import { accessScopes, grantPolicies, userAccessStatements } from "./grants";
import { grantedAccessOf, type GrantedAccess } from "./granted-access";
import { createBucketKey } from "./key";
import { checkKmsKeyArn, COMPONENT, grantOwnerClaim, validateOwnerClaimRequirement, validateSecureUserBucketArgs, validateUserAccessGrant } from "./validation";

/**
 * An S3 bucket for user content that is safe by default and grants each user their own prefix.
 *
 * Defaults: SSE-S3 encryption (or SSE-KMS with a bucket key), all four public access blocks,
 * `BucketOwnerEnforced` (no ACLs), versioning, a bucket policy that denies requests without TLS 1.2+,
 * lifecycle rules that abort stale multipart uploads and expire old versions, server access logs to a
 * log bucket with the same protections, and no `forceDestroy`. `transform` adjusts a child's
 * arguments (a lifecycle transition, a policy statement) without moving its URN.
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
 *
 * @example The same grant as data, as every language writes it (the same children, the same URNs)
 * ```ts
 * const photos = new SecureUserBucket("photos", {
 *     createKmsKey: true,
 *     corsOrigins: ["https://app.example.com"],
 *     ownerPrincipalTag: "sub",
 *     grants: [{
 *         name: "users",
 *         roleNames: { authenticated: auth.authenticatedRoleName },
 *         identities: { principalTagKeys: ["sub"], principalTagClaims: { sub: "sub" } },
 *         public: ["read", "write"],
 *     }],
 * });
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
    readonly prefixes: ResolvedAccessLevelPrefixes;
    /**
     * What each grant gave, in the order granted (`grants` first, then each `grantUserAccess`): its
     * role keys and the operations on each prefix, read from the scopes its policies were written
     * from. Front-end configuration is generated from it (`amplifyOutputs`).
     */
    readonly grantedAccess: GrantedAccess[];

    /** Escape hatches to the children. */
    readonly bucket: aws.s3.Bucket;
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly bucketPolicy: aws.s3.BucketPolicy;
    readonly logBucket?: aws.s3.Bucket;
    readonly kmsKey?: aws.kms.Key;
    /** The bucket's EventBridge notification setting, with `eventBridge: true`. */
    readonly eventBridgeNotification?: aws.s3.BucketNotification;

    private readonly componentName: string;
    /** The customer managed key, when there is one: grants add key permissions only then. */
    private readonly customerKeyArn?: pulumi.Output<string>;
    private readonly grantNames = new Set<string>();
    private ownerClaimOf?: string;
    private requiredOwnerClaim?: { claim: string; by: string };
    private readonly uploadEvents: UploadEvents;

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
        validateOwnerClaimRequirement(this.componentName, claim, requiredBy, this.ownerPrincipalTag, { established: this.ownerClaimOf, required: this.requiredOwnerClaim });
        this.requiredOwnerClaim ??= { claim, by: requiredBy };
    }

    constructor(name: string, args: SecureUserBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateSecureUserBucketArgs(name, args);
        super(COMPONENT_TYPES.SecureUserBucket, name, {}, opts);
        this.componentName = name;
        const settings = resolveSecureUserBucketDefaults(args, opts);
        // Stateful children (the buckets and the key) keep their logical names forever: a new name
        // would make Pulumi replace them and lose what users stored.
        const stateful: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: settings.retainOnDelete };

        this.prefixes = settings.prefixes;
        this.grantedAccess = [];
        this.ownerPrincipalTag = args.ownerPrincipalTag;
        this.ownerVariable = args.ownerPrincipalTag ? principalTagVariable(args.ownerPrincipalTag) : identityIdVariable;

        this.bucket = createUserBucket(name, args, settings, stateful);

        // The account: no output of the bucket carries it (an S3 bucket ARN has no account field,
        // "Amazon S3 resource types" in the Service Authorization Reference), and the key policy is an
        // input of the key itself, so the key's own ARN cannot give it. One invoke, made only when needed.
        let account: pulumi.Output<string> | undefined;
        const accountId = () => (account ??= aws.getCallerIdentityOutput({}, { parent: this }).accountId);

        if (args.createKmsKey) {
            this.kmsKey = createBucketKey(name, this.bucket, { accountId, tags: args.tags, transform: args.transform?.kmsKey }, stateful);
            this.customerKeyArn = this.kmsKey.arn;
        } else if (args.kmsKeyArn !== undefined) {
            this.customerKeyArn = checkWhenKnown(COMPONENT, name, args.kmsKeyArn, checkKmsKeyArn);
        }

        const protections = hardenBucket(name, this.bucket, {
            kmsKeyArn: this.customerKeyArn,
            noncurrentDays: settings.noncurrentDays,
            abortDays: settings.abortDays,
            policy: denyInsecureTransport(this.bucket.arn),
            parent: this,
            transform: args.transform,
        });
        this.publicAccessBlock = protections.publicAccessBlock;
        this.bucketPolicy = protections.bucketPolicy;

        if (settings.corsOrigins.length > 0) allowBrowserOrigins(name, this.bucket, settings.corsOrigins, args.transform?.cors, this);

        let logBucketName: pulumi.Output<string | undefined> = pulumi.output(undefined);
        if (settings.accessLogging) {
            const logging = enableAccessLogging(name, this.bucket, args, settings, { accountId, stateful, parent: this });
            this.logBucket = logging.logBucket;
            logBucketName = logging.logBucketName;
        }

        this.bucketName = this.bucket.bucket;
        this.bucketArn = this.bucket.arn;
        this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
        this.region = this.bucket.region;
        this.logBucketName = logBucketName;
        this.kmsKeyArn = this.customerKeyArn ?? pulumi.output(undefined);

        // Last, when the bucket, its key and the fields the statements read exist: the same path as
        // grantUserAccess, so the policies are the children the method would have created. Validation
        // has already checked every entry, before anything was created.
        for (const grant of args.grants ?? []) this.grant(grant.name, grantArgsOf(grant));
        this.uploadEvents = new UploadEvents(name, this.bucket, { eventBridge: args.eventBridge === true, prefixes: args.prefixes }, this);
        this.eventBridgeNotification = this.uploadEvents.notification;
        for (const event of args.uploadEvents ?? []) this.uploadEvents.add(event);

        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            bucketRegionalDomainName: this.bucketRegionalDomainName,
            region: this.region,
            logBucketName: this.logBucketName,
            kmsKeyArn: this.kmsKeyArn,
            ownerVariable: this.ownerVariable,
            prefixes: this.prefixes,
            grantedAccess: this.grantedAccess,
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
     * Each role gets one inline policy, from a child named `<component>-<grantName>-<role key>`; an
     * entry of the `grants` argument creates the same children. A grant name is used once per bucket,
     * `grants` included.
     * Note for AwsSolutions-IAM5: object ARNs end in `/*` because each user's prefix holds many keys.
     *
     * @returns the policy resource of each role key
     */
    grantUserAccess(grantName: string, args: UserAccessGrantArgs): Record<string, aws.iam.RolePolicy> {
        validateUserAccessGrant(this.componentName, grantName, args, this.grantNames, this.ownerPrincipalTag, {
            established: this.ownerClaimOf,
            required: this.requiredOwnerClaim,
        });
        return this.grant(grantName, args);
    }

    /**
     * Starts a state machine, a queue or a function for every object created under `prefix` (needs
     * `eventBridge: true`): an EventBridge rule `<component>-<name>-rule` matching this bucket's
     * "Object Created" events, its target, and the one permission the target needs (a role allowed
     * only `states:StartExecution` on the machine, a queue policy or a function permission, each
     * trusted only for this rule). `private/{owner}/photos/` matches every owner's `photos/`: the
     * owner is the key's segment after the level prefix, to be read from `detail.object.key`, never
     * from a request. An entry of `uploadEvents` creates the same children.
     */
    onObjectCreated(name: string, args: ObjectCreatedArgs): UploadEvent {
        return this.uploadEvents.onObjectCreated(name, args);
    }

    /** Every grant, from `grantUserAccess` or from `grants`, once validated: records it and writes its policies. */
    private grant(grantName: string, args: UserAccessGrantArgs): Record<string, aws.iam.RolePolicy> {
        this.grantNames.add(grantName);
        const claim = grantOwnerClaim(args, this.ownerPrincipalTag);
        // Validation refused a grant whose claim differs from an earlier one, so this never changes once set.
        if (claim !== undefined) this.ownerClaimOf = claim;
        const operations = resolveGrantOperations(args);
        const statements = userAccessStatements({
            bucketArn: this.bucketArn,
            kmsKeyArn: this.customerKeyArn,
            region: this.region,
            prefixes: this.prefixes,
            owner: this.ownerVariable,
            ...operations,
        });
        const roles = args.identities?.signedInRoles ?? args.roles ?? {};
        this.grantedAccess.push(grantedAccessOf(grantName, Object.keys(roles), this.ownerVariable, accessScopes({ prefixes: this.prefixes, owner: this.ownerVariable, ...operations })));
        return grantPolicies(this.componentName, grantName, roles, statements, this);
    }
}
