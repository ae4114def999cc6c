// What a SecureUserBucket granted, as data: one entry per grant (from `grantUserAccess` or the
// `grants` argument), read from the same scopes the grant's policy statements are written from
// (grants.ts `accessScopes`), so the record can never say more or less than the policy allows.
// Front-end configuration (the Amplify Gen 2 outputs, components/cognito-auth/amplify-outputs.ts)
// is generated from it.
import type { AccessScope } from "./grants";

/** One operation a grant allows on a prefix, `read` already split into `get` and `list`. */
export const GrantedOperation = {
    /** GetObject (HEAD included). */
    Get: "get",
    /** ListBucket, limited by an `s3:prefix` condition to the prefix. */
    List: "list",
    /** PutObject and AbortMultipartUpload. */
    Write: "write",
    /** DeleteObject. */
    Delete: "delete",
} as const;
export type GrantedOperation = (typeof GrantedOperation)[keyof typeof GrantedOperation];

/** The operations a grant allows under one key prefix. */
export interface GrantedPrefix {
    /**
     * The key prefix, ending with `/`, exactly as the policy writes it: a per-user prefix holds the
     * bucket's `ownerVariable` (`${cognito-identity.amazonaws.com:sub}` or `${aws:PrincipalTag/<tag>}`).
     * @example "private/${cognito-identity.amazonaws.com:sub}/"
     */
    prefix: string;
    /** Whether the prefix is each caller's own (it holds the owner variable), or shared by every granted role. */
    perOwner: boolean;
    /** The operations allowed, in the order get, list, write, delete; never empty. */
    operations: GrantedOperation[];
}

/** One grant of a bucket: which roles received it and what it allows where. */
export interface GrantedAccess {
    /** The grant's name (`grantUserAccess`'s first argument, or the `grants` entry's `name`). */
    name: string;
    /**
     * The role keys the grant went to, as given (`roles`, `roleNames`, or the `signedInRoles` of
     * `identities`: `authenticated`, `group-<name>`). By the same convention, `guest` names the guest role.
     */
    roleKeys: string[];
    /** The policy variable per-user prefixes are keyed by. */
    ownerVariable: string;
    /** The prefixes the grant reaches, with their operations; a level the grant gives nothing on is left out. */
    prefixes: GrantedPrefix[];
}

const ORDER: readonly GrantedOperation[] = ["get", "list", "write", "delete"];

/** The record of one grant, from the scopes its statements were written from. */
export function grantedAccessOf(name: string, roleKeys: readonly string[], owner: string, scopes: readonly AccessScope[]): GrantedAccess {
    return {
        name,
        roleKeys: [...roleKeys],
        ownerVariable: owner,
        prefixes: scopes
            .filter((s) => s.operations.size > 0)
            .map((s) => ({ prefix: s.prefix, perOwner: s.prefix.includes(owner), operations: ORDER.filter((op) => s.operations.has(op)) })),
    };
}
