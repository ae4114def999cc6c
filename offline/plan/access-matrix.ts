// Stage 4 of the plan: who may do what on each bucket users reach, simulated over the stack's own
// roles and policies, and the service roles that reach every user, read from their policies.
import { COMPONENT_TYPES, DEFAULT_PREFIXES, identityIdVariable } from "../../components/shared/contract";
import type { Recording, RecordedResource } from "../recording";
import type { Graph } from "../graph";
import { AccessSimulator, RoleSessionPrincipal, SimulatedPrincipal, SimulatorUnavailableError } from "../simulator";
import type { AccessMatrix, AccessRow, ServiceRoleReach } from "./types";

/** What the plan says of every role in `serviceRoles`. */
export const SERVICE_ROLE_NOTE = "reaches every user's prefix; the owner is taken from the token";

/** A simulated user: an identity pool identity id and a user pool sub. */
interface Person {
    readonly identityId: string;
    readonly sub: string;
}

/**
 * Who may do what on each bucket users reach, by simulation over the stack's real roles and policies:
 * for every identity pool that hands out roles, an owner, another user, a member of a group with a
 * role, a guest (when the pool has guests) and an unauthenticated caller, on each access level.
 */
export async function accessMatrix(graph: Graph, load: (rec: Recording) => AccessSimulator): Promise<AccessMatrix> {
    const rec = graph.recording;
    const publicRoutes = graph
        .publicRoutes()
        .map((r) => `${r.httpMethod} ${r.path}`)
        .sort();
    // Read from the policies, not simulated: it needs no simulator.
    const serviceRoles = serviceRolesReachingEveryUser(graph);
    let sim: AccessSimulator;
    try {
        sim = load(rec);
    } catch (e) {
        if (e instanceof SimulatorUnavailableError) return { rows: [], serviceRoles, publicRoutes, notes: [], unavailable: e.message };
        throw e;
    }
    const rows: AccessRow[] = [];
    const notes: string[] = [];
    const attachments = rec.all("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment");
    if (attachments.length === 0) notes.push("no identity pool hands out roles, so no user reaches storage with AWS credentials");
    const region = rec.environment.region;
    const person = (n: number): Person => ({ identityId: `${region}:0000000${n}-0000-4000-8000-00000000000${n}`, sub: `0000000${n}-5b5b-4000-8000-00000000000${n}` });
    const [owner, other, member, guest] = [person(1), person(2), person(3), person(4)];
    const roleName = (arn: unknown) => graph.resolve("aws:iam/role:Role", arn)?.outputs.name as string | undefined;

    for (const attachment of attachments) {
        const identityPoolId = String(attachment.inputs.identityPoolId);
        const pool = graph.resolve("aws:cognito/identityPool:IdentityPool", identityPoolId);
        const provider = pool?.inputs.cognitoIdentityProviders?.[0]?.providerName as string | undefined;
        // Session tags the pool maps from token claims (tag -> claim); guests carry none.
        const tagClaims: Record<string, string> = rec.all("aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag").find((t) => t.inputs.identityPoolId === identityPoolId)?.inputs.principalTags ?? {};
        const tagsOf = (who: Person) => Object.fromEntries(Object.entries(tagClaims).map(([tag, claim]) => [tag, claim === "sub" ? who.sub : `${claim}-of-${who.sub.slice(0, 8)}`]));
        const signedIn = (who: Person, role: string): RoleSessionPrincipal => ({
            role,
            identityId: who.identityId,
            principalTags: Object.keys(tagClaims).length ? tagsOf(who) : undefined,
            webIdentity: { identityPoolId, amr: "authenticated", provider },
        });
        const authenticatedRole = roleName(attachment.inputs.roles?.authenticated);
        const guestRole = roleName(attachment.inputs.roles?.unauthenticated);
        // A group role is what role mapping hands its members; one group shows whether owner access survives it.
        const group = rec.all("aws:cognito/userGroup:UserGroup").find((g) => roleName(g.inputs.roleArn));
        const principals: { label: string; principal: SimulatedPrincipal; self?: Person }[] = [];
        if (authenticatedRole) {
            principals.push({ label: "owner", principal: signedIn(owner, authenticatedRole), self: owner });
            principals.push({ label: "other user", principal: signedIn(other, authenticatedRole), self: other });
        }
        if (group) principals.push({ label: `group member (${group.inputs.name ?? group.name})`, principal: signedIn(member, roleName(group.inputs.roleArn)!), self: member });
        if (guestRole && pool?.inputs.allowUnauthenticatedIdentities === true) {
            principals.push({ label: "guest", principal: { role: guestRole, identityId: guest.identityId, webIdentity: { identityPoolId, amr: "unauthenticated" } }, self: guest });
        } else {
            notes.push(`guests: identity pool ${pool?.name ?? identityPoolId} gives unauthenticated identities no credentials`);
        }
        principals.push({ label: "unauthenticated caller", principal: { anonymous: true } });

        for (const target of userBuckets(graph)) {
            // The tag key back out of `principalTagVariable(tag)` (components/shared/contract.ts).
            const byTag = /\$\{aws:PrincipalTag\/([^}]+)\}/.exec(target.ownerVariable);
            const keyOf = (who: Person) => (byTag ? (tagsOf(who)[byTag[1]] ?? who.sub) : who.identityId);
            for (const { label, principal, self } of principals) {
                // Each principal's own prefixes, another user's (the owner's, or the other user's for the owner), and public/.
                const someoneElse = self === owner ? other : owner;
                const levels: [string, string][] = [
                    ...(self ? ([["own private/", `${target.prefixes.private}${keyOf(self)}/`]] as [string, string][]) : []),
                    ["another user's private/", `${target.prefixes.private}${keyOf(someoneElse)}/`],
                    ...(self ? ([["own protected/", `${target.prefixes.protected}${keyOf(self)}/`]] as [string, string][]) : []),
                    ["another user's protected/", `${target.prefixes.protected}${keyOf(someoneElse)}/`],
                    ["public/", target.prefixes.public],
                ];
                for (const [level, prefix] of levels) {
                    const object = `arn:${rec.environment.partition}:s3:::${target.bucket}/${prefix}photo.jpg`;
                    const [get, list, put, remove] = await Promise.all([
                        sim.can(principal, "s3:GetObject", object),
                        sim.can(principal, "s3:ListBucket", `arn:${rec.environment.partition}:s3:::${target.bucket}`, { "s3:prefix": prefix }),
                        sim.can(principal, "s3:PutObject", object),
                        sim.can(principal, "s3:DeleteObject", object),
                    ]);
                    rows.push({ bucket: target.label, principal: label, level, get, list, put, delete: remove });
                }
            }
        }
    }
    return { rows, serviceRoles, publicRoutes, notes };
}

/** IAM's wildcard match, case-sensitive: `*` any run of characters, `?` exactly one. */
function wildcardMatches(pattern: string, value: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${source}$`, "s").test(value);
}

/** IAM action names are case-insensitive ("IAM JSON policy elements: Action"). */
const actionMatches = (pattern: string, action: string) => wildcardMatches(pattern.toLowerCase(), action.toLowerCase());

const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

/**
 * Roles that reach every user's private prefix: not an identity pool role, with an Allow on object
 * keys under two different users' prefixes (`<bucket>/<private prefix>*`, or wider), or `s3:ListBucket`
 * on the bucket with no `s3:prefix` condition or one that spans users (`private/*`). A resource with a
 * policy variable is per-user and does not count. Two made-up owners stand for "every user": a pattern
 * that matches both matches any.
 */
function serviceRolesReachingEveryUser(graph: Graph): ServiceRoleReach[] {
    const rec = graph.recording;
    const partition = rec.environment.partition;
    const perUser = new Set(graph.webIdentityRoles().map((r) => r.urn));
    const owners = ["00000001-aaaa-4000-8000-000000000001", "00000002-bbbb-4000-8000-000000000002"];
    const out: ServiceRoleReach[] = [];
    for (const role of graph.all("aws:iam/role:Role")) {
        if (perUser.has(role.urn)) continue;
        const allows = graph.roleStatements(role).map((s) => s.statement).filter((s) => s.Effect === "Allow");
        for (const target of userBuckets(graph)) {
            const bucketArn = `arn:${partition}:s3:::${target.bucket}`;
            const objects = owners.map((o) => `${bucketArn}/${target.prefixes.private}${o}/photo.jpg`);
            const prefixes = owners.map((o) => `${target.prefixes.private}${o}/`);
            const actions = new Set<string>();
            for (const statement of allows) {
                const statementActions = asStrings(statement.Action);
                const resources = asStrings(statement.Resource).filter((r) => !r.includes("${"));
                for (const action of OBJECT_ACTIONS) {
                    if (statementActions.some((a) => actionMatches(a, action)) && objects.every((o) => resources.some((r) => wildcardMatches(r, o)))) actions.add(action);
                }
                if (statementActions.some((a) => actionMatches(a, "s3:ListBucket")) && resources.some((r) => wildcardMatches(r, bucketArn))) {
                    const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
                    const prefixPatterns = Object.entries(conditions)
                        .filter(([operator]) => /^(StringLike|StringEquals)$/.test(operator))
                        .flatMap(([, block]) => Object.entries(block ?? {}).filter(([key]) => key.toLowerCase() === "s3:prefix").flatMap(([, v]) => asStrings(v)));
                    const constrained = Object.values(conditions).some((block) => Object.keys(block ?? {}).some((key) => key.toLowerCase() === "s3:prefix"));
                    if (!constrained || prefixes.every((p) => prefixPatterns.some((pattern) => !pattern.includes("${") && wildcardMatches(pattern, p)))) actions.add("s3:ListBucket");
                }
            }
            if (actions.size) out.push({ role: role.name, usedBy: usedBy(graph, role), bucket: target.label, actions: [...actions].sort(), note: SERVICE_ROLE_NOTE });
        }
    }
    return out.sort((a, b) => a.role.localeCompare(b.role) || a.bucket.localeCompare(b.bucket));
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");

/** Who acts with a role: the functions that run as it, the API routes whose integrations pass it, or else its component. */
function usedBy(graph: Graph, role: RecordedResource): string {
    const arn = role.outputs.arn;
    const functions = graph.all("aws:lambda/function:Function").filter((f) => f.inputs.role === arn).map((f) => `Lambda ${f.name}`);
    const routes = graph
        .routes()
        .filter((r) => r.integration?.credentials === arn)
        .map((r) => `${r.component ? `${r.component.name} ` : ""}${r.httpMethod} ${r.path}`);
    const users = [...functions, ...routes];
    if (users.length) return users.join(", ");
    return graph.component(role)?.name ?? role.name;
}

/**
 * The buckets users reach: each SecureUserBucket with its prefixes and owner key, and any other bucket
 * (not an access log target) with the same default layout keyed by identity id.
 */
function userBuckets(graph: Graph): { label: string; bucket: string; prefixes: { private: string; protected: string; public: string }; ownerVariable: string }[] {
    const components = graph.all(COMPONENT_TYPES.SecureUserBucket);
    const owned = new Set(components.flatMap((c) => graph.recording.descendants(c)).map((r) => r.urn));
    const logTargets = new Set(graph.all("aws:s3/bucketLogging:BucketLogging").map((l) => l.inputs.targetBucket));
    return [
        ...components.map((c) => ({
            label: c.name,
            bucket: String(c.registeredOutputs.bucketName),
            prefixes: c.registeredOutputs.prefixes ?? DEFAULT_PREFIXES,
            ownerVariable: String(c.registeredOutputs.ownerVariable ?? identityIdVariable),
        })),
        ...graph
            .all("aws:s3/bucket:Bucket")
            .filter((b) => !owned.has(b.urn) && !logTargets.has(b.id))
            .map((b) => ({ label: b.name, bucket: String(b.id), prefixes: DEFAULT_PREFIXES, ownerVariable: identityIdVariable })),
    ];
}
