import { USER_CHANGEABLE_CLAIMS, WRITABLE_STANDARD_ATTRIBUTES } from "../../components/policy";
import { Graph, objectAt, strings } from "../graph";
import type { RecordedResource } from "../recording";
import { allows, at, conditionValues, coveredActions, forEach, OWNER_VARIABLE, principalTagsIn, ROLE } from "./support";
import type { Rule, Violation } from "./types";

// Cognito user pools, app clients and identity pools, and what identity pool roles may do as guests or by session tag.

/** Actions that change data, which guests may take only under their own identity. */
const WRITE_ACTIONS = [
    "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:ReplicateObject",
    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
    "sqs:SendMessage", "sns:Publish", "states:StartExecution", "states:StartSyncExecution", "lambda:InvokeFunction", "kinesis:PutRecord", "kinesis:PutRecords", "firehose:PutRecord",
];
/**
 * Claims a user can change about themselves, so no owner tag may come from them. Cognito lets a
 * signed-in user update any attribute the app client may write (UpdateUserAttributes with their
 * access token), and an app client without `writeAttributes` may write every standard attribute
 * (Cognito API reference, UserPoolClientType.WriteAttributes: "When you don't specify the
 * WriteAttributes for your app client, your app can write the values of the Standard attributes").
 * @see SECURITY.md known mistake 11
 */
const USER_WRITABLE_CLAIMS = new Set<string>(USER_CHANGEABLE_CLAIMS);
/** Cognito's standard attributes a client may write, the components' own list; `sub` is not writable by anyone. */
const STANDARD_ATTRIBUTES = new Set<string>(WRITABLE_STANDARD_ATTRIBUTES);

/** The S3 statements of any role that key access by a session tag: tag name to where it is used. */
function ownerTagUses(graph: Graph): Map<string, { role: RecordedResource; site: { resource: RecordedResource; property: string } }[]> {
    const uses = new Map<string, { role: RecordedResource; site: { resource: RecordedResource; property: string } }[]>();
    const add = (tag: string, role: RecordedResource, site: { resource: RecordedResource; property: string }) => uses.set(tag, [...(uses.get(tag) ?? []), { role, site }]);
    for (const role of graph.all(ROLE)) {
        for (const s of graph.roleStatements(role)) {
            if (!allows(s.statement)) continue;
            for (const r of strings(s.statement.Resource).filter((r) => /^arn:[^:]+:s3:::/.test(r))) for (const tag of principalTagsIn(r)) add(tag, role, at(s, "Resource"));
            for (const p of conditionValues(s.statement, "s3:prefix") ?? []) for (const tag of principalTagsIn(p)) add(tag, role, at(s, "Condition"));
        }
    }
    return uses;
}

export const cognitoRules: readonly Rule[] = [
    {
        id: "UB-COG-PASSWORD",
        severity: "medium",
        title: "User pool password policy is strong",
        rationale: "At least 8 characters with lower, upper, numbers and symbols, and temporary passwords valid at most 7 days.",
        mirrors: ["AS-COG1", "FSBP Cognito.3"],
        check: (graph) =>
            graph.all("aws:cognito/userPool:UserPool").flatMap((pool) => {
                // Without a password policy Cognito applies its default: 8 characters, all four classes, 7 days.
                if (!pool.inputs.passwordPolicy) return [];
                const p = pool.inputs.passwordPolicy;
                const weak = [
                    (p.minimumLength ?? 8) < 8 ? `minimumLength ${p.minimumLength}` : undefined,
                    ...["requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols"].filter((k) => p[k] !== true),
                    (p.temporaryPasswordValidityDays ?? 7) > 7 ? `temporaryPasswordValidityDays ${p.temporaryPasswordValidityDays}` : undefined,
                ].filter(Boolean);
                return weak.length ? [{ resource: pool, property: "passwordPolicy", message: `user pool ${pool.name} password policy is weak: ${weak.join(", ")}` }] : [];
            }),
    },
    {
        id: "UB-COG-MFA",
        severity: "high",
        title: "User pool offers MFA with an app or a device",
        rationale: "Without MFA (OFF, or OPTIONAL with no factor enabled) one leaked password is a taken account.",
        mirrors: ["AS-COG2", "FSBP Cognito.5"],
        check: (graph) =>
            graph.all("aws:cognito/userPool:UserPool").flatMap((pool) => {
                const mfa = pool.inputs.mfaConfiguration ?? "OFF";
                const factor = pool.inputs.softwareTokenMfaConfiguration?.enabled === true || !!pool.inputs.smsConfiguration || pool.inputs.emailMfaConfiguration !== undefined;
                if (mfa === "OFF") return [{ resource: pool, property: "mfaConfiguration", message: `user pool ${pool.name} has MFA OFF` }];
                return factor ? [] : [{ resource: pool, property: "softwareTokenMfaConfiguration", message: `user pool ${pool.name} has MFA ${mfa} with no factor enabled` }];
            }),
    },
    {
        id: "UB-COG-MFA-REQUIRED",
        severity: "low",
        title: "User pool requires MFA",
        rationale: "AwsSolutions-COG2 wants MFA ON; OPTIONAL leaves it to each user.",
        mirrors: ["AS-COG2"],
        check: (graph) => forEach(graph, "aws:cognito/userPool:UserPool", (pool) => (pool.inputs.mfaConfiguration === "OPTIONAL" ? { property: "mfaConfiguration", message: `user pool ${pool.name} has MFA OPTIONAL, not ON` } : undefined)),
    },
    {
        id: "UB-COG-PASSKEY-RECOVERY",
        severity: "high",
        title: "A user pool with passkeys keeps a way back in",
        rationale:
            "Passkeys are registered by users already signed in (StartWebAuthnRegistration is authorized by the user's access token), and account recovery resets a password, which is no use to a pool without PASSWORD. A pool whose first factors are WEB_AUTHN without PASSWORD, EMAIL_OTP or SMS_OTP lets no new user in and locks out every user who loses the device.",
        mirrors: ["AWS Cognito passkeys (StartWebAuthnRegistration, SignInPolicyType)", "account lockout"],
        check: (graph) =>
            forEach(graph, "aws:cognito/userPool:UserPool", (pool) => {
                const factors = strings(pool.inputs.signInPolicy?.allowedFirstAuthFactors);
                if (!factors.includes("WEB_AUTHN") || ["PASSWORD", "EMAIL_OTP", "SMS_OTP"].some((f) => factors.includes(f))) return undefined;
                return { property: "signInPolicy.allowedFirstAuthFactors", message: `user pool ${pool.name} signs in with passkeys only (${factors.join(", ")}): no password or one-time code to register a passkey with or fall back to` };
            }),
    },
    {
        id: "UB-COG-THREAT-PROTECTION",
        severity: "low",
        title: "User pool enforces threat protection",
        rationale: "Threat protection blocks sign-ins with leaked credentials and risky sign-ins; it needs the PLUS tier, which costs more per user.",
        mirrors: ["AS-COG8", "FSBP Cognito.1", "FSBP Cognito.4"],
        check: (graph) => forEach(graph, "aws:cognito/userPool:UserPool", (pool) => (pool.inputs.userPoolAddOns?.advancedSecurityMode !== "ENFORCED" ? { property: "userPoolAddOns.advancedSecurityMode", message: `user pool ${pool.name} threat protection is ${pool.inputs.userPoolAddOns?.advancedSecurityMode ?? "OFF"}, not ENFORCED` } : undefined)),
    },
    {
        id: "UB-COG-DELETION-PROTECTION",
        severity: "medium",
        title: "User pool has deletion protection",
        rationale: "Deleting a user pool deletes every user; there is no undo.",
        mirrors: ["FSBP Cognito.6"],
        check: (graph) => forEach(graph, "aws:cognito/userPool:UserPool", (pool) => (pool.inputs.deletionProtection !== "ACTIVE" ? { property: "deletionProtection", message: `user pool ${pool.name} deletion protection is ${pool.inputs.deletionProtection ?? "INACTIVE"}` } : undefined)),
    },
    {
        id: "UB-COG-GUESTS",
        severity: "medium",
        title: "Identity pool gives no credentials to guests",
        rationale: "Unauthenticated identities let anyone on the internet get AWS credentials for the guest role.",
        mirrors: ["AS-COG7", "FSBP Cognito.2", "CKV_AWS_366"],
        check: (graph) => forEach(graph, "aws:cognito/identityPool:IdentityPool", (pool) => (pool.inputs.allowUnauthenticatedIdentities === true ? { property: "allowUnauthenticatedIdentities", message: `identity pool ${pool.name} hands out guest credentials` } : undefined)),
    },
    {
        id: "UB-COG-CLASSIC-FLOW",
        severity: "high",
        title: "Identity pool has the classic (basic) flow off",
        rationale: "The classic flow lets a client call AssumeRoleWithWebIdentity for any role the pool's trust allows, bypassing role mapping.",
        mirrors: ["AWS identity pool best practices"],
        check: (graph) => forEach(graph, "aws:cognito/identityPool:IdentityPool", (pool) => (pool.inputs.allowClassicFlow === true ? { property: "allowClassicFlow", message: `identity pool ${pool.name} allows the classic flow` } : undefined)),
    },
    {
        id: "UB-COG-ROLE-TRUST",
        severity: "high",
        title: "Identity pool roles trust one pool and one kind of identity",
        rationale: "A role trusting cognito-identity.amazonaws.com needs aud (this pool) and amr (authenticated or unauthenticated, never both), or any pool's users can assume it.",
        mirrors: ["AWS identity pool best practices"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph.webIdentityTrust(role).flatMap((s, i) => {
                    const aud = s.Condition?.StringEquals?.["cognito-identity.amazonaws.com:aud"];
                    const amr = strings(s.Condition?.["ForAnyValue:StringLike"]?.["cognito-identity.amazonaws.com:amr"]);
                    const faults = [
                        typeof aud === "string" || (Array.isArray(aud) && aud.length === 1) ? undefined : "StringEquals cognito-identity.amazonaws.com:aud is not one pool",
                        amr.length === 1 && ["authenticated", "unauthenticated"].includes(amr[0]) ? undefined : `amr is ${JSON.stringify(amr)}, not exactly one of authenticated or unauthenticated`,
                    ].filter(Boolean);
                    return faults.length ? [{ resource: role, property: `assumeRolePolicy.Statement[${i}].Condition`, message: `role ${role.name}: ${faults.join("; ")}` }] : [];
                }),
            ),
    },
    {
        id: "UB-COG-CLIENT",
        severity: "medium",
        title: "App clients use the code flow, hide user existence, revoke tokens and redirect to real URLs",
        rationale: "The implicit flow leaks tokens in URLs; existence errors let anyone enumerate users; placeholder or plain-http redirects hand codes to someone else.",
        mirrors: ["common client mistakes"],
        check: (graph) =>
            graph.all("aws:cognito/userPoolClient:UserPoolClient").flatMap((client) => {
                const out: Violation[] = [];
                const add = (property: string, message: string) => out.push({ resource: client, property, message: `client ${client.name} ${message}` });
                if (strings(client.inputs.allowedOauthFlows).includes("implicit")) add("allowedOauthFlows", "allows the implicit flow");
                if (client.inputs.preventUserExistenceErrors !== "ENABLED") add("preventUserExistenceErrors", "reveals whether a user exists");
                if (client.inputs.enableTokenRevocation === false) add("enableTokenRevocation", "cannot revoke refresh tokens");
                for (const field of ["callbackUrls", "logoutUrls"]) {
                    strings(client.inputs[field]).forEach((url, i) => {
                        const bad = /^https?:\/\/([^/]*\.)?example\.(com|org|net)(\/|:|$)/i.test(url) ? "is a placeholder" : !/^https:\/\//.test(url) && !/^http:\/\/localhost(:\d+)?(\/|$)/.test(url) ? "is not https" : undefined;
                        if (bad) add(`${field}[${i}]`, `redirect ${url} ${bad}`);
                    });
                }
                return out;
            }),
    },
    {
        id: "UB-COG-GUEST-WRITE",
        severity: "high",
        title: "Guests write only under their own identity",
        rationale: "A guest role is open to anyone on the internet; writes it allows outside the guest's own prefix let strangers overwrite or plant data.",
        mirrors: ["AS-COG7", "least privilege"],
        check: (graph) =>
            graph.guestRoles().flatMap((role) =>
                graph
                    .roleStatements(role)
                    .filter((s) => allows(s.statement) && coveredActions(s.statement, WRITE_ACTIONS).length > 0)
                    .filter((s) => strings(s.statement.Resource).some((r) => !OWNER_VARIABLE.test(r)))
                    .map((s) => ({ ...at(s, "Resource"), message: `guest role ${role.name} may ${strings(s.statement.Action).join(", ")} on ${strings(s.statement.Resource).filter((r) => !OWNER_VARIABLE.test(r)).join(", ")}, not only under its own identity` })),
            ),
    },
    {
        id: "UB-COG-OWNER-TAG",
        severity: "high",
        title: "Owner session tags come from a claim the user cannot change",
        rationale:
            "An identity pool principal tag used as the owner in S3 ARNs or s3:prefix conditions must come from sub or another immutable claim. Mapped from preferred_username, email, phone_number, name, or any attribute an app client may write, the user sets it to a victim's value and gets the victim's prefix.",
        mirrors: ["known mistake 11"],
        check: (graph) => {
            const uses = ownerTagUses(graph);
            const out: Violation[] = [];
            for (const mapping of graph.all("aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag")) {
                const provider = mapping.inputs.identityProviderName;
                // The provider name of a user pool is its endpoint, cognito-idp.<region>.amazonaws.com/<pool id>.
                const pool = graph.all("aws:cognito/userPool:UserPool").find((p) => typeof provider === "string" && (p.outputs.endpoint === provider || (typeof p.id === "string" && provider.endsWith(`/${p.id}`))));
                const clients = pool ? graph.all("aws:cognito/userPoolClient:UserPoolClient").filter((c) => c.inputs.userPoolId === pool.id) : [];
                for (const [tag, claim] of Object.entries(objectAt(mapping.inputs.principalTags))) {
                    const used = uses.get(tag);
                    if (!used || typeof claim !== "string") continue;
                    const writer = clients.find((c) => strings(c.inputs.writeAttributes).includes(claim));
                    const defaultWriter = STANDARD_ATTRIBUTES.has(claim) ? clients.find((c) => strings(c.inputs.writeAttributes).length === 0) : undefined;
                    const why = USER_WRITABLE_CLAIMS.has(claim)
                        ? "which the user can change"
                        : writer
                          ? `which client ${writer.name} may write`
                          : defaultWriter
                            ? `a standard attribute, which client ${defaultWriter.name} may write (it lists no writeAttributes)`
                            : undefined;
                    if (!why) continue;
                    const roles = [...new Set(used.map((u) => u.role.name))];
                    out.push({
                        resource: mapping,
                        property: `principalTags.${tag}`,
                        message: `principal tag ${tag} comes from ${claim}, ${why}; ${roles.map((r) => `role ${r}`).join(", ")} key${roles.length === 1 ? "s" : ""} S3 access by \${aws:PrincipalTag/${tag}}`,
                    });
                }
            }
            return out;
        },
    },
];
