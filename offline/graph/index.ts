import { decodeMethodSettingsResource, methodSettingsPath } from "../../components/shared/contract";
import { containsUnknown, Recording, RecordedResource } from "../recording";
import { ApiRoute, bodyRoutes, REST_API, resourceRoutes } from "./routes";
import { asArray, isObject, parseDocument, Statement, strings } from "./values";

export { REST_API } from "./routes";
export type { ApiRoute, AuthorizationKind, RouteAuthorizer, RouteIntegration, RouteSite } from "./routes";
export { asArray, isObject, objectAt, parseDocument, strings } from "./values";
export type { Statement } from "./values";

/**
 * The query layer over a recording: the lookups the rules, the plan and the access simulator share.
 * It reads what a program registered (types, inputs, outputs, parents) and answers questions such
 * as "which policies does this role carry", "which roles do identity pool users receive" and "what
 * are the routes of this REST API, whichever way they were declared". It judges nothing: the rules
 * in `rules/` do. The route readers live in `routes.ts`, the plain value readers in `values.ts`.
 */

/** An identity policy statement, with where it came from. */
export interface PolicyStatement {
    readonly statement: Statement;
    /** The resource that holds the policy (a role, a role policy or a managed policy). */
    readonly holder: RecordedResource;
    readonly property: string;
}

/** One identity policy on a role, wherever the program put it (see `rolePolicies`). */
export interface RolePolicy {
    /** What a simulation calls it: the inline policy's name, or the logical name of the RolePolicy or Policy. */
    readonly name: string;
    /** How an error names it: `role reader inline policy`, `role policy reader-own`, `policy listing`. */
    readonly description: string;
    /** The resource that holds the document (the role, a RolePolicy, a Policy), or the attachment of an unreadable one. */
    readonly holder: RecordedResource;
    readonly property: string;
    /** The policy document as recorded: JSON text or an object; unknown in a preview. */
    readonly document: unknown;
    /** The ARN of a managed policy. */
    readonly arn?: string;
    /** False for a managed policy the program does not define, whose document cannot be read offline. */
    readonly readable: boolean;
}
export class Graph {
    private readonly urns: Map<string, RecordedResource>;

    constructor(readonly recording: Recording) {
        this.urns = new Map(recording.resources.map((r) => [r.urn, r]));
    }

    all(type: string): RecordedResource[] {
        return this.recording.all(type);
    }

    /** The resource a reference input names: by id, physical name, ARN or URN. */
    resolve(type: string, reference: unknown): RecordedResource | undefined {
        if (typeof reference !== "string") return undefined;
        return this.urns.get(reference) ?? this.all(type).find((r) => r.id === reference || r.outputs.arn === reference || r.outputs.name === reference || r.outputs.bucket === reference);
    }

    /** The sub-resources of a bucket (`aws:s3/bucketVersioning:BucketVersioning`, ...), by their `bucket` input. */
    bucketPart(type: string, bucket: RecordedResource): RecordedResource | undefined {
        return this.all(type).find((r) => r.inputs.bucket === bucket.id || r.inputs.bucket === bucket.outputs.bucket);
    }

    /** The component a resource belongs to (its nearest component ancestor). */
    component(resource: RecordedResource): RecordedResource | undefined {
        for (let r = this.recording.parentOf(resource); r; r = this.recording.parentOf(r)) {
            if (!r.custom && r.type !== "pulumi:pulumi:Stack") return r;
        }
        return undefined;
    }

    /** Every statement of every identity policy on a role that the program defines (see `rolePolicies`). */
    roleStatements(role: RecordedResource): PolicyStatement[] {
        return rolePolicies(this, role)
            .filter((p) => p.readable)
            .flatMap(({ holder, property, document }) =>
                asArray(parseDocument(document)?.Statement).flatMap((statement, i) => (statement && typeof statement === "object" ? [{ holder, property: `${property}.Statement[${i}]`, statement: statement as Statement }] : [])),
            );
    }

    /** The managed policies attached to a role, by `managedPolicyArns` or by `aws.iam.RolePolicyAttachment`. */
    attachedPolicyArns(role: RecordedResource): { arn: string; holder: RecordedResource; property: string }[] {
        const names = roleNames(role);
        return [
            ...strings(role.inputs.managedPolicyArns).map((arn, i) => ({ arn, holder: role, property: `managedPolicyArns[${i}]` })),
            ...this.all("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((a) => names.has(a.inputs.role))
                .map((a) => ({ arn: String(a.inputs.policyArn), holder: a, property: "policyArn" })),
        ];
    }

    /** The trust policy statements that let Cognito identity pool identities assume the role. */
    webIdentityTrust(role: RecordedResource): Statement[] {
        return asArray(parseDocument(role.inputs.assumeRolePolicy)?.Statement).filter(
            (s: any) => s?.Effect === "Allow" && strings((s.Principal as any)?.Federated).includes("cognito-identity.amazonaws.com"),
        ) as Statement[];
    }

    /** Roles an identity pool hands to guests: attached as `unauthenticated`, or trusting that `amr`. */
    guestRoles(): RecordedResource[] {
        const attached = new Set(this.all("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment").map((a) => a.inputs.roles?.unauthenticated).filter(Boolean));
        return this.all("aws:iam/role:Role").filter(
            (role) => attached.has(role.outputs.arn) || this.webIdentityTrust(role).some((s) => JSON.stringify(s.Condition ?? {}).includes('"unauthenticated"')),
        );
    }

    /** Roles that identity pool users (signed in or guests) receive. */
    webIdentityRoles(): RecordedResource[] {
        return this.all("aws:iam/role:Role").filter((role) => this.webIdentityTrust(role).length > 0);
    }

    private routeList?: ApiRoute[];

    /** Every method of every REST API, from its resources and from its OpenAPI body (worked out once per graph). */
    routes(): ApiRoute[] {
        this.routeList ??= [...resourceRoutes(this), ...this.all(REST_API).flatMap((api) => bodyRoutes(this, api))];
        return this.routeList;
    }

    private documents = new Map<string, Record<string, any> | undefined>();

    /**
     * The OpenAPI document in a RestApi's `body`, parsed; undefined when there is none, it is not
     * known yet (a preview) or it is not a JSON object API Gateway could import.
     */
    openApiDocument(restApi: RecordedResource): Record<string, any> | undefined {
        if (!this.documents.has(restApi.urn)) {
            const body = restApi.inputs.body;
            let doc: unknown;
            if (typeof body === "string" && body.trim() !== "") {
                try {
                    doc = JSON.parse(body);
                } catch {
                    doc = undefined;
                }
            } else if (isObject(body) && !containsUnknown(body)) {
                doc = body;
            }
            this.documents.set(restApi.urn, isObject(doc) && isObject(doc.paths) ? doc : undefined);
        }
        return this.documents.get(restApi.urn);
    }

    /** True when the RestApi is defined by a `body` (parseable or not): its routes come from the document, not from resources. */
    hasBody(restApi: RecordedResource): boolean {
        const body = restApi.inputs.body;
        return body !== undefined && body !== null && body !== "";
    }

    /** Routes anyone may call without credentials: no authorization and no API key (CORS preflights aside). */
    publicRoutes(): ApiRoute[] {
        return this.routes().filter((r) => r.httpMethod !== "OPTIONS" && r.authorization === "NONE" && !r.apiKeyRequired);
    }

    /** The stage-wide (`*` / `*`) method settings entry of a stage. */
    stageWideSettings(stage: RecordedResource): RecordedResource | undefined {
        return this.all("aws:apigateway/methodSettings:MethodSettings").find((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName && s.inputs.methodPath === "*/*");
    }

    /**
     * The method settings of a stage in effect for one method: its own entry over the `*` / `*` entry.
     * Its own entry is found in either spelling of its method path (see `methodPathMatches`).
     */
    methodSettings(stage: RecordedResource, route: ApiRoute): { settings: Record<string, any>; holder?: RecordedResource } {
        const all = this.all("aws:apigateway/methodSettings:MethodSettings").filter((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName);
        const own = all.find((s) => s.inputs.methodPath !== "*/*" && methodPathMatches(s.inputs.methodPath, route.httpMethod, route.path));
        const stageWide = all.find((s) => s.inputs.methodPath === "*/*");
        return { settings: { ...(stageWide?.inputs.settings ?? {}), ...(own?.inputs.settings ?? {}) }, holder: own ?? stageWide };
    }
}

/** The values a reference to a role may take: its id, its name or its ARN. */
function roleNames(role: RecordedResource): Set<unknown> {
    return new Set([role.id, role.outputs.name, role.outputs.arn].filter((v) => typeof v === "string"));
}

/**
 * Every identity policy on a role, by any mechanism Pulumi offers: the role's `inlinePolicies`,
 * `aws.iam.RolePolicy` resources naming it, and managed policies attached by `managedPolicyArns`
 * or `aws.iam.RolePolicyAttachment`. The one collector of role policies: the rules read it
 * through `Graph.roleStatements`, the access simulator through `AccessSimulator`. A managed policy the
 * program does not define (an AWS managed policy, or one made elsewhere) is listed with
 * `readable: false`, since its document cannot be read offline.
 */
export function rolePolicies(graph: Graph, role: RecordedResource): RolePolicy[] {
    const names = roleNames(role);
    const out: RolePolicy[] = [];
    asArray(role.inputs.inlinePolicies).forEach((p: any, i) => {
        // An entry without a document holds no statements.
        if (p?.policy) out.push({ name: p.name ?? "inline", description: `role ${role.name} inline policy`, holder: role, property: `inlinePolicies[${i}].policy`, document: p.policy, readable: true });
    });
    for (const rp of graph.all("aws:iam/rolePolicy:RolePolicy")) {
        if (names.has(rp.inputs.role)) out.push({ name: rp.name, description: `role policy ${rp.name}`, holder: rp, property: "policy", document: rp.inputs.policy, readable: true });
    }
    for (const attached of graph.attachedPolicyArns(role)) {
        const policy = graph.resolve("aws:iam/policy:Policy", attached.arn);
        out.push(
            policy
                ? { name: policy.name, description: `policy ${policy.name}`, holder: policy, property: "policy", document: policy.inputs.policy, arn: attached.arn, readable: true }
                : { name: attached.arn, description: `policy ${attached.arn}`, holder: attached.holder, property: attached.property, document: undefined, arn: attached.arn, readable: false },
        );
    }
    return out;
}

/**
 * True when a MethodSettings `methodPath` names this method. Two spellings reach one method:
 * - `~1me~1{id}/GET`, the key API Gateway itself uses, and the one the components write
 *   (`methodSettingsPath`): UpdateStage patch paths are JSON pointers in which every "/" of a name is
 *   escaped as "~1" (API Gateway reference "PatchOperation"), and GetStage returns the keys so
 *   (terraform-provider-aws issue #9738);
 * - `me/GET`, the form the Terraform and Pulumi docs show ("trim any leading forward slashes",
 *   `trimprefix(path, "/")`): terraform-provider-aws `method_settings.go` puts `method_path` into the
 *   patch path `/<method_path>/caching/enabled` unchanged, so API Gateway reads the first segment as
 *   the resource. Whether a nested unescaped path (`a/b/GET`) reaches `/a/b` is not settled (#9738
 *   reports a key the console did not show as the method's override) and cannot be checked offline:
 *   it is matched too, so a rule that guards against a cached response errs on the side of firing.
 * The root resource is `~1/GET`, or `/GET` once Terraform's form has trimmed the "/".
 */
export function methodPathMatches(methodPath: unknown, httpMethod: string, path: string): boolean {
    if (typeof methodPath !== "string") return false;
    if (methodPath === methodSettingsPath(httpMethod, path)) return true;
    const split = methodPath.lastIndexOf("/");
    if (split < 0 || methodPath.slice(split + 1).toUpperCase() !== httpMethod.toUpperCase()) return false;
    const resource = decodeMethodSettingsResource(methodPath.slice(0, split));
    return (resource.startsWith("/") ? resource : `/${resource}`) === path;
}
