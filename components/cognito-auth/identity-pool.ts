// AWS credentials for the pool's users: the identity pool, its roles (authenticated, guest, one per
// group with a role), the user pool groups, the role attachment and the session tags.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { identityPoolTrust, policyJson, PolicyStatement } from "../policy";
import { applyTransform, Transform } from "../shared/transform";
import type { CognitoAuthArgs } from "./args";
import type { CognitoDefaults } from "./defaults";

/** The clients whose users get credentials from the identity pool. */
function identityPoolClients(d: CognitoDefaults): string[] {
    return Object.keys(d.clients).filter((key) => d.client(key).identityPool);
}

/** The identity pool, which knows the user pool through the clients that get credentials. */
export function createIdentityPool(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    d: CognitoDefaults,
    stateful: pulumi.CustomResourceOptions,
    userPool: aws.cognito.UserPool,
    clients: Readonly<Record<string, aws.cognito.UserPoolClient>>,
): aws.cognito.IdentityPool {
    const logicalName = `${name}-identity-pool`;
    return new aws.cognito.IdentityPool(
        logicalName,
        applyTransform<aws.cognito.IdentityPoolArgs>(
            {
                identityPoolName: d.identityPoolName,
                allowUnauthenticatedIdentities: d.allowGuests,
                // The basic flow would let any identity assume any role that trusts the pool directly.
                allowClassicFlow: false,
                cognitoIdentityProviders: identityPoolClients(d)
                    // With the server-side check, tokens revoked by sign-out no longer buy credentials.
                    .map((key) => ({ clientId: clients[key].id, providerName: userPool.endpoint, serverSideTokenCheck: true })),
                tags: args.tags,
            },
            logicalName,
            args.transform?.identityPool,
        ),
        { ...stateful, parent: scope },
    );
}

/** The roles and groups of the identity pool. */
export interface IdentityPoolRoles {
    readonly authenticatedRole: aws.iam.Role;
    readonly guestRole?: aws.iam.Role;
    readonly groups: Record<string, aws.cognito.UserGroup>;
    readonly groupRoles: Record<string, aws.iam.Role>;
}

/**
 * The authenticated role, the guest role with `allowGuests`, and each group with its role. Every
 * role trusts this identity pool only, for one kind of identity, and starts with no permissions.
 */
export function createRolesAndGroups(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    d: CognitoDefaults,
    userPool: aws.cognito.UserPool,
    identityPool: aws.cognito.IdentityPool,
): IdentityPoolRoles {
    const parent = { parent: scope };
    // Session tags need sts:TagSession in the trust of every role a signed-in user can receive.
    const tagSession = Object.keys(d.principalTags).length > 0;
    const role = (logical: string, amr: "authenticated" | "unauthenticated", description: string, statements: PolicyStatement[] | undefined, transform: Transform<aws.iam.RoleArgs> | undefined) => {
        const created = new aws.iam.Role(
            logical,
            applyTransform<aws.iam.RoleArgs>(
                {
                    description,
                    assumeRolePolicy: policyJson(identityPoolTrust(identityPool.id, amr, amr === "authenticated" && tagSession)),
                    // No managed policies, no inline permissions: grants add exactly what the app needs.
                    tags: args.tags,
                },
                logical,
                transform,
            ),
            parent,
        );
        if (statements && statements.length > 0) {
            new aws.iam.RolePolicy(`${logical}-policy`, { role: created.name, policy: policyJson(statements) }, parent);
        }
        return created;
    };

    const authenticatedRole = role(`${name}-authenticated-role`, "authenticated", `Signed-in users of ${name}`, args.authenticatedRoleStatements, args.transform?.authenticatedRole);
    const guestRole = d.allowGuests ? role(`${name}-guest-role`, "unauthenticated", `Guests of ${name}`, args.guestRoleStatements, args.transform?.guestRole) : undefined;

    const groups: Record<string, aws.cognito.UserGroup> = {};
    const groupRoles: Record<string, aws.iam.Role> = {};
    for (const [groupName, group] of Object.entries(d.groups)) {
        if (group.role) {
            groupRoles[groupName] = role(`${name}-group-${groupName}-role`, "authenticated", `Members of group ${groupName} of ${name}`, group.roleStatements, args.transform?.groupRole);
        }
        const logicalName = `${name}-group-${groupName}`;
        groups[groupName] = new aws.cognito.UserGroup(
            logicalName,
            applyTransform<aws.cognito.UserGroupArgs>(
                {
                    userPoolId: userPool.id,
                    name: groupName,
                    description: group.description,
                    precedence: group.precedence,
                    roleArn: groupRoles[groupName]?.arn,
                },
                logicalName,
                args.transform?.group,
            ),
            parent,
        );
    }
    return { authenticatedRole, guestRole, groups, groupRoles };
}

/** The pool's roles, the role mappings of its clients, and the session tags it sets from token claims. */
export function attachRoles(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    d: CognitoDefaults,
    refs: { userPool: aws.cognito.UserPool; identityPool: aws.cognito.IdentityPool; clients: Readonly<Record<string, aws.cognito.UserPoolClient>>; roles: IdentityPoolRoles },
): void {
    const parent = { parent: scope };
    const { userPool, identityPool, clients, roles } = refs;
    const roleArnOf = (roleKey: string) => (roleKey === "authenticated" ? roles.authenticatedRole.arn : roles.groupRoles[roleKey].arn);
    const logicalName = `${name}-roles`;
    new aws.cognito.IdentityPoolRoleAttachment(
        logicalName,
        applyTransform<aws.cognito.IdentityPoolRoleAttachmentArgs>(
            {
                identityPoolId: identityPool.id,
                roles: { authenticated: roles.authenticatedRole.arn, ...(roles.guestRole ? { unauthenticated: roles.guestRole.arn } : {}) },
                roleMappings:
                    d.roleMappingType === undefined
                        ? undefined
                        : identityPoolClients(d).map((key) => ({
                              identityProvider: pulumi.interpolate`${userPool.endpoint}:${clients[key].id}`,
                              type: d.roleMappingType === "token" ? "Token" : "Rules",
                              ambiguousRoleResolution: d.ambiguous === "deny" ? "Deny" : "AuthenticatedRole",
                              mappingRules:
                                  d.roleMappingType === "rules"
                                      ? (args.roleMapping?.rules ?? []).map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, roleArn: roleArnOf(r.role) }))
                                      : undefined,
                          })),
            },
            logicalName,
            args.transform?.roleAttachment,
        ),
        parent,
    );

    if (Object.keys(d.principalTags).length > 0) {
        new aws.cognito.IdentityPoolProviderPrincipalTag(
            `${name}-principal-tags`,
            {
                identityPoolId: identityPool.id,
                identityProviderName: userPool.endpoint,
                principalTags: { ...d.principalTags },
                useDefaults: false,
            },
            parent,
        );
    }
}
