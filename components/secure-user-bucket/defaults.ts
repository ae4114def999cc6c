// Every default of SecureUserBucket, resolved in one place. The class and its children read the
// resolved values; validation checks the arguments as given, before any of this runs.
import type * as pulumi from "@pulumi/pulumi";
import { DEFAULT_PREFIXES } from "../shared/contract";
import type { ObjectOperation, ResolvedAccessLevelPrefixes, SecureUserBucketArgs, UserAccessGrant, UserAccessGrantArgs } from "./args";

/** The component's arguments with every default applied. */
export interface SecureUserBucketSettings {
    readonly prefixes: ResolvedAccessLevelPrefixes;
    readonly forceDestroy: boolean;
    readonly noncurrentDays: number;
    readonly abortDays: number;
    readonly accessLogging: boolean;
    readonly accessLogPrefix: string;
    readonly logRetentionDays: number;
    readonly corsOrigins: readonly string[];
    /** Passed to the stateful children; undefined leaves the engine's default (not retained). */
    readonly retainOnDelete: boolean | undefined;
}

/** Internal. The defaults documented on `SecureUserBucketArgs`, applied. */
export function resolveSecureUserBucketDefaults(args: SecureUserBucketArgs, opts: pulumi.ComponentResourceOptions | undefined): SecureUserBucketSettings {
    return {
        prefixes: {
            private: args.prefixes?.private ?? DEFAULT_PREFIXES.private,
            protected: args.prefixes?.protected ?? DEFAULT_PREFIXES.protected,
            public: args.prefixes?.public ?? DEFAULT_PREFIXES.public,
        },
        forceDestroy: args.forceDestroy ?? false,
        noncurrentDays: args.noncurrentVersionExpirationDays ?? 30,
        abortDays: args.abortIncompleteMultipartUploadDays ?? 7,
        accessLogging: args.accessLogging ?? true,
        accessLogPrefix: args.accessLogPrefix ?? "access-logs/",
        logRetentionDays: args.accessLogRetentionDays ?? 365,
        corsOrigins: args.corsOrigins ?? [],
        // Left out, the component's own option carries over to the buckets and the key.
        retainOnDelete: args.retainOnDelete ?? opts?.retainOnDelete,
    };
}

/** The operations of one grant, the defaults documented on `UserAccessGrantArgs` applied. */
export interface GrantOperations {
    readonly private: readonly ObjectOperation[];
    readonly protected: readonly ObjectOperation[];
    readonly protectedOthers: readonly ObjectOperation[];
    readonly public: readonly ObjectOperation[];
}

/** Internal. The operations a grant gives at each level, defaults applied. */
export function resolveGrantOperations(args: UserAccessGrantArgs): GrantOperations {
    return {
        private: args.private ?? ["read", "write", "delete"],
        protected: args.protected ?? ["read", "write", "delete"],
        protectedOthers: args.protectedOthers ?? ["read"],
        public: args.public ?? ["read"],
    };
}

/**
 * Internal. An entry of `grants` as the `grantUserAccess` arguments it stands for: its roles, and
 * with `identities` the identity source they belong to, so that the same rules and the same code
 * create it. The operations are passed as given; `resolveGrantOperations` applies their defaults.
 */
export function grantArgsOf(grant: UserAccessGrant): UserAccessGrantArgs {
    const operations = { private: grant.private, protected: grant.protected, protectedOthers: grant.protectedOthers, public: grant.public };
    if (grant.identities === undefined) return { roles: grant.roleNames, ...operations };
    return { identities: { ...grant.identities, signedInRoles: grant.roleNames }, ...operations };
}
