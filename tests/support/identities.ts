import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RoleSessionPrincipal } from "../../offline";

/**
 * Identity pool roles as an identity pool hands them out, for tests of components that grant to
 * them. Trust policies follow the rules in shared/SECURITY.md: `aud` is this pool, `amr` is one
 * kind of identity, and `sts:TagSession` is trusted so principal tags can be mapped.
 */
export const identityPoolId = "us-east-1:0c7f3d5e-8a1b-4c2d-9e3f-4a5b6c7d8e9f";
export const userPoolProvider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1";

export function cognitoTrustPolicy(amr: "authenticated" | "unauthenticated", poolId: string = identityPoolId): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: "cognito-identity.amazonaws.com" },
                Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
                Condition: {
                    StringEquals: { "cognito-identity.amazonaws.com:aud": poolId },
                    "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
                },
            },
        ],
    });
}

export interface TestRoles {
    authenticated: aws.iam.Role;
    editors: aws.iam.Role;
    guest: aws.iam.Role;
}

/** The authenticated role, one group role and the guest role, with no permissions of their own. */
export function identityPoolRoles(parent?: pulumi.Resource): TestRoles {
    const opts = parent ? { parent } : undefined;
    return {
        authenticated: new aws.iam.Role("authenticated", { assumeRolePolicy: cognitoTrustPolicy("authenticated") }, opts),
        editors: new aws.iam.Role("group-editors", { assumeRolePolicy: cognitoTrustPolicy("authenticated") }, opts),
        guest: new aws.iam.Role("guest", { assumeRolePolicy: cognitoTrustPolicy("unauthenticated") }, opts),
    };
}

/** A person (or device) as the identity pool sees them. */
export interface TestUser {
    readonly identityId: string;
    /** The user pool `sub`; guests have none. */
    readonly sub?: string;
}

export const alice: TestUser = { identityId: "us-east-1:a11ce000-0000-4000-8000-000000000001", sub: "a11ce5ub-0000-4000-8000-000000000001" };
export const bob: TestUser = { identityId: "us-east-1:b0b00000-0000-4000-8000-000000000002", sub: "b0b005ub-0000-4000-8000-000000000002" };
export const carol: TestUser = { identityId: "us-east-1:ca201000-0000-4000-8000-000000000003", sub: "ca2015ub-0000-4000-8000-000000000003" };
export const guestDevice: TestUser = { identityId: "us-east-1:9e570000-0000-4000-8000-000000000004" };

/**
 * The session a user gets for a role from the identity pool: the trust policy is checked first
 * (signed-in users present `authenticated`, guests `unauthenticated`), then the role's policies.
 */
export function sessionOf(
    user: TestUser,
    role: string,
    options: { tagSub?: boolean; amr?: "authenticated" | "unauthenticated"; identityPoolId?: string; provider?: string } = {},
): RoleSessionPrincipal {
    const amr = options.amr ?? (user.sub ? "authenticated" : "unauthenticated");
    return {
        role,
        identityId: user.identityId,
        principalTags: options.tagSub && user.sub ? { sub: user.sub } : undefined,
        webIdentity: {
            identityPoolId: options.identityPoolId ?? identityPoolId,
            amr,
            provider: amr === "authenticated" ? (options.provider ?? userPoolProvider) : undefined,
        },
    };
}
