// Grants: the statements that give roles per-user access, and the one function that writes them.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, keyUseThroughS3, policyJson, PolicyStatement } from "../policy";
import type { ObjectOperation, ResolvedAccessLevelPrefixes, UserAccessGrantArgs } from "./args";

/** What one grant gives, defaults applied, and where: the input of `userAccessStatements`. */
export interface UserAccessPlan {
    bucketArn: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    region: pulumi.Input<string>;
    prefixes: ResolvedAccessLevelPrefixes;
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

/** One prefix a grant reaches and what it allows there: the statements and `grantedAccess` are both written from these. */
export interface AccessScope {
    sid: string;
    prefix: string;
    operations: Set<"get" | "list" | "write" | "delete">;
}

/** The prefixes of one grant, each with its operations (possibly none). */
export function accessScopes(plan: Pick<UserAccessPlan, "prefixes" | "owner" | "private" | "protected" | "protectedOthers" | "public">): AccessScope[] {
    return [
        { sid: "OwnPrivate", prefix: `${plan.prefixes.private}${plan.owner}/`, operations: expand(plan.private) },
        { sid: "OwnProtected", prefix: `${plan.prefixes.protected}${plan.owner}/`, operations: expand(plan.protected) },
        { sid: "AllProtected", prefix: plan.prefixes.protected, operations: expand(plan.protectedOthers) },
        { sid: "Public", prefix: plan.prefixes.public, operations: expand(plan.public) },
    ];
}

/** The statements of one grant: object actions on each level's prefix, prefix-conditioned listing, key use. */
export function userAccessStatements(plan: UserAccessPlan): PolicyStatement[] {
    const scopes = accessScopes(plan);
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

/**
 * Every grant ends here: one least-privilege inline policy per role, `<component>-<grantName>-<role key>`,
 * parented to the component.
 */
export function grantPolicies(
    component: string,
    grantName: string,
    roles: NonNullable<UserAccessGrantArgs["roles"]>,
    statements: PolicyStatement[],
    parent: pulumi.Resource,
): Record<string, aws.iam.RolePolicy> {
    const policy = policyJson(statements);
    const created: Record<string, aws.iam.RolePolicy> = {};
    for (const [key, role] of Object.entries(roles)) {
        created[key] = new aws.iam.RolePolicy(`${component}-${grantName}-${key}`, { role, policy }, { parent });
    }
    return created;
}
