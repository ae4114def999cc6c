// The rules SecureUserBucket's arguments and grants must meet, checked before anything is created.
// Pure: it imports the argument types, never the component.
import { USER_CHANGEABLE_CLAIMS } from "../policy";
import { DEFAULT_PREFIXES, RESOURCE_KEY } from "../shared/contract";
import { checkPositiveDays, checkShapes, isPlain, isRecord, Issues, originProblem, prefixProblem, Shape } from "../validation";
// The validation module, not the CognitoAuth component: the limit without the component's implementation.
import { MAX_GROUP_NAME_LENGTH } from "../cognito-auth/validation";
import { ObjectOperation } from "./args";
import type { SecureUserBucketArgs, UserAccessGrant, UserAccessGrantArgs } from "./args";
import { grantArgsOf } from "./defaults";
import { checkUploadEvents } from "./events-validation";

export const COMPONENT = "SecureUserBucket";

/**
 * Role keys name policy resources only, so they may be as long as the longest key CognitoAuth's
 * `signedInRoles` has: `group-<name>` with the longest group name it accepts.
 */
const MAX_ROLE_KEY_LENGTH = "group-".length + MAX_GROUP_NAME_LENGTH;
const ROLE_KEY = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_ROLE_KEY_LENGTH - 1}}$`);
const OPERATIONS: readonly ObjectOperation[] = Object.values(ObjectOperation);
const READ_OPERATIONS: readonly ObjectOperation[] = [ObjectOperation.Read, ObjectOperation.Get, ObjectOperation.List];

/**
 * How one grant's fields are named in its messages: after the grant name for a `grantUserAccess`
 * call (`users.roles`), by position for an entry of `grants` (`grants[1].roleNames`).
 */
interface GrantFields {
    /** The grant's name: `grantUserAccess name` or `grants[1].name`. */
    readonly name: string;
    /** The grant as a whole, and the prefix of its other fields: `users` or `grants[1]`. */
    readonly grant: string;
    /** Its roles: `users.roles` or `grants[1].roleNames`. */
    readonly roles: string;
    /** True for an entry of `grants`, whose roles are always `roleNames`, even with `identities`. */
    readonly input: boolean;
}

/** The claims that keyed the bucket's prefixes before this grant, for the owner tag checks. */
interface OwnerClaims {
    /** The claim an earlier grant mapped the owner tag from. */
    readonly established?: string;
    /** The claim something else keys prefixes by (an AuthorizedApi S3 route), and what. */
    readonly required?: { readonly claim: string; readonly by: string };
}

/** Internal. Exported for testing: the rules a grant must meet. */
export function validateUserAccessGrant(
    component: string,
    grantName: string,
    args: UserAccessGrantArgs,
    existing: ReadonlySet<string>,
    ownerPrincipalTag?: string,
    ownerClaims: OwnerClaims = {},
): void {
    const issues = new Issues(COMPONENT, component);
    checkUserAccessGrant(issues, grantName, args, existing, ownerPrincipalTag, ownerClaims, { name: "grantUserAccess name", grant: grantName, roles: `${grantName}.roles`, input: false });
    issues.throwIfAny();
}

/**
 * The rules of one grant, whether it comes from `grantUserAccess` or from `grants` (as the method's
 * arguments, `grantArgsOf`): one set of rules, two ways of naming the fields.
 */
function checkUserAccessGrant(
    issues: Issues,
    grantName: string,
    args: UserAccessGrantArgs,
    existing: ReadonlySet<string>,
    ownerPrincipalTag: string | undefined,
    ownerClaims: OwnerClaims,
    at: GrantFields,
): void {
    if (typeof grantName !== "string" || !RESOURCE_KEY.test(grantName)) {
        issues.add(at.name, "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit", grantName);
    } else if (existing.has(grantName)) {
        issues.add(at.name, "is already used by another grant on this bucket", grantName);
    }
    if (args.roles !== undefined && args.identities !== undefined) {
        issues.add(at.roles, "cannot be combined with identities (which already names every signed-in role)", Object.keys(args.roles));
    }
    if (args.identities !== undefined && ownerPrincipalTag !== undefined && !args.identities.principalTagKeys.includes(ownerPrincipalTag)) {
        issues.add(
            `${at.grant}.identities`,
            `must map the session tag "${ownerPrincipalTag}" that ownerPrincipalTag keys prefixes by (for CognitoAuth: principalTags: { ${ownerPrincipalTag}: "sub" }); without it no user could reach their prefix`,
            args.identities.principalTagKeys,
        );
    }
    const claim = grantOwnerClaim(args, ownerPrincipalTag);
    if (claim !== undefined) {
        // SECURITY.md, known mistake 11: a user who can change the claim can take another user's prefix.
        const writable = (USER_CHANGEABLE_CLAIMS as readonly string[]).includes(claim)
            ? "a user can change in their own profile"
            : args.identities?.userWritableClaims?.includes(claim)
              ? "an app client lets users write"
              : undefined;
        if (writable) {
            issues.add(
                `${at.grant}.identities`,
                `maps the owner tag "${ownerPrincipalTag}" from the claim "${claim}", which ${writable}: a user could set it to another user's value and reach that user's prefix; map the owner tag from "sub" (principalTags: { ${ownerPrincipalTag}: "sub" })`,
                claim,
            );
        } else if (ownerClaims.established !== undefined && ownerClaims.established !== claim) {
            issues.add(`${at.grant}.identities`, `maps the owner tag "${ownerPrincipalTag}" from the claim "${claim}", but an earlier grant on this bucket maps it from "${ownerClaims.established}": one owner, one claim`, claim);
        } else if (ownerClaims.required !== undefined && ownerClaims.required.claim !== claim) {
            issues.add(
                `${at.grant}.identities`,
                `maps the owner tag "${ownerPrincipalTag}" from the claim "${claim}", but ${ownerClaims.required.by} keys objects by "${ownerClaims.required.claim}": the same user would reach two different prefixes; map the owner tag from "${ownerClaims.required.claim}"`,
                claim,
            );
        }
    }
    const roles = args.identities?.signedInRoles ?? args.roles ?? {};
    const roleKeys = Object.keys(roles);
    if (roleKeys.length === 0) issues.add(at.roles, "must name at least one role", at.input ? roles : args.identities ? roleKeys : args.roles);
    for (const key of roleKeys) {
        if (!ROLE_KEY.test(key)) {
            issues.add(
                at.roles,
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
            issues.add(`${at.grant}.${field}`, `must be a list of operations from ${allowed.join(", ")}`, ops);
            continue;
        }
        ops.forEach((op, i) => {
            if (!allowed.includes(op)) issues.add(`${at.grant}.${field}[${i}]`, `must be one of ${allowed.join(", ")}`, op);
        });
    }
    const total = levels.reduce((n, [, ops]) => n + (ops === undefined ? 1 : Array.isArray(ops) ? ops.length : 0), 0);
    if (total === 0) issues.add(at.grant, "grants no operation at any level");
}

/** Internal. The token claim a grant maps the owner tag from, when its identities say so. */
export function grantOwnerClaim(args: UserAccessGrantArgs, ownerPrincipalTag: string | undefined): string | undefined {
    return ownerPrincipalTag === undefined ? undefined : args.identities?.principalTagClaims?.[ownerPrincipalTag];
}

/**
 * The rules of `grants`, each entry checked as the `grantUserAccess` call it stands for, in order:
 * names unique among them, and one owner claim for all. Its containers are checked first, so that a
 * wrong type is refused by name.
 */
function checkGrants(issues: Issues, grants: readonly UserAccessGrant[], ownerPrincipalTag: string | undefined): void {
    const names = new Set<string>();
    let established: string | undefined;
    grants.forEach((grant, i) => {
        const at = `grants[${i}]`;
        if (!isRecord(grant as unknown)) {
            issues.add(at, "must be an object with a name and roleNames", grant);
            return;
        }
        const identities = grant.identities as unknown;
        const shapes: [string, unknown, Shape][] = [
            [`${at}.name`, grant.name, "text"],
            [`${at}.roleNames`, grant.roleNames, "object"],
            [`${at}.identities`, identities, "object"],
        ];
        if (isRecord(identities)) {
            shapes.push(
                [`${at}.identities.principalTagKeys`, identities.principalTagKeys, "list"],
                [`${at}.identities.principalTagClaims`, identities.principalTagClaims, "object"],
                [`${at}.identities.userWritableClaims`, identities.userWritableClaims, "list"],
            );
        }
        const required: [string, unknown, string][] = [
            [`${at}.name`, grant.name, "is required: it names the grant's policies"],
            [`${at}.roleNames`, grant.roleNames, "is required: the roles that receive the grant, by key"],
            [`${at}.identities.principalTagKeys`, isRecord(identities) ? identities.principalTagKeys : [], "is required with identities: every session tag they set ([] for none)"],
        ];
        for (const [field, value, rule] of required) if (value === undefined) issues.add(field, rule);
        if (!checkShapes(issues, shapes) || required.some(([, value]) => value === undefined)) return;
        const args = grantArgsOf(grant);
        checkUserAccessGrant(issues, grant.name, args, names, ownerPrincipalTag, { established }, { name: `${at}.name`, grant: at, roles: `${at}.roleNames`, input: true });
        names.add(grant.name);
        established ??= grantOwnerClaim(args, ownerPrincipalTag);
    });
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
    if (!checkShapes(issues, [["prefixes", args.prefixes, "object"], ["corsOrigins", args.corsOrigins, "list"], ["tags", args.tags, "object"], ["ownerPrincipalTag", args.ownerPrincipalTag, "text"], ["grants", args.grants, "list"]])) issues.throwIfAny();
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

    // Spread, not `??`: a level given as undefined is checked (and refused) as written.
    const prefixes = { ...DEFAULT_PREFIXES, ...args.prefixes };
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
    checkGrants(issues, args.grants ?? [], args.ownerPrincipalTag);
    checkUploadEvents(issues, args.uploadEvents, { eventBridge: args.eventBridge === true, prefixes: args.prefixes });
    issues.throwIfAny();
}

/** Internal. S3 general purpose bucket naming rules, plus no dots (see `bucketName`); also run on values known later. */
export function checkBucketName(issues: Issues, value: string, field = "bucketName"): void {
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

/** Internal. A key ARN, not an alias; also run on values known later. */
export function checkKmsKeyArn(issues: Issues, value: string): void {
    if (typeof value !== "string" || !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
        issues.add("kmsKeyArn", "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot scope IAM grants", value);
    }
}

/**
 * Internal. The rule of `requireOwnerClaim`: one claim keys the bucket's prefixes, whether a grant
 * mapped the owner tag from it (`established`) or something else declared it first (`required`).
 */
export function validateOwnerClaimRequirement(
    component: string,
    claim: string,
    requiredBy: string,
    ownerPrincipalTag: string | undefined,
    ownerClaims: { readonly established?: string; readonly required?: { readonly claim: string; readonly by: string } },
): void {
    const issues = new Issues(COMPONENT, component);
    if (ownerClaims.established !== undefined && ownerClaims.established !== claim) {
        issues.add("ownerPrincipalTag", `is mapped from the claim "${ownerClaims.established}" by an earlier grant, but ${requiredBy} keys objects by "${claim}": map the owner tag from "${claim}"`, ownerPrincipalTag);
    } else if (ownerClaims.required !== undefined && ownerClaims.required.claim !== claim) {
        issues.add("ownerPrincipalTag", `cannot be keyed by "${claim}" for ${requiredBy} and by "${ownerClaims.required.claim}" for ${ownerClaims.required.by}`, ownerPrincipalTag);
    }
    issues.throwIfAny();
}
