import { actions as componentActions, USER_CHANGEABLE_CLAIMS, WRITABLE_STANDARD_ATTRIBUTES } from "../components/policy";
import { CACHE_CONTROL_STRATEGIES } from "../components/authorized-api/args";
import { methodSettingsPath } from "../components/authorized-api/routes";
import { containsUnknown, Recording, RecordedResource } from "./recorder";

/**
 * The project's rule set: checks over a recorded resource graph that mirror the cdk-nag
 * (AwsSolutions), Security Hub FSBP and Checkov rules none of those tools can run on a Pulumi
 * program. The same rules serve the tests, the offline plan and the CrossGuard policy pack in
 * `policy/`: each reads only resource types, inputs and the links between resources.
 */

export type Severity = "high" | "medium" | "low";

const SEVERITY_ORDER: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** True when `severity` is `threshold` or worse. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold];
}

/** A resource at fault, as a finding names it. */
export interface FindingResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

export interface Finding {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly resource: FindingResource;
    /** The input at fault, as a path (`settings.cacheDataEncrypted`, `policy.Statement[2].Resource`). */
    readonly property: string;
    readonly message: string;
    /** The cdk-nag / FSBP / Checkov rule ids this rule mirrors; `related: <id>` where that check tests something else too. */
    readonly mirrors: readonly string[];
}

/** What a check reports: a violation, or one the rule itself knows to be deliberate (with why). */
export interface Violation {
    readonly resource: RecordedResource;
    readonly property: string;
    readonly message: string;
    /** Set when the rule recognises a deliberate pattern: the finding is listed as excepted with this reason. */
    readonly exception?: string;
}

export interface Rule {
    readonly id: string;
    readonly severity: Severity;
    readonly title: string;
    /** Why the rule exists, in a sentence. */
    readonly rationale: string;
    readonly mirrors: readonly string[];
    check(graph: Graph): Violation[];
}

/**
 * A deliberate exception declared by the stack's owners (the plan reads them from
 * `plan-exceptions.yaml`). It needs a reason; one that matches nothing is reported as unused.
 */
export interface RuleException {
    readonly rule: string;
    /** The logical name of the resource at fault. */
    readonly resource: string;
    /** Only this property (a prefix of the finding's property path). */
    readonly property?: string;
    readonly reason: string;
    /** Only in these stacks; every stack when absent. */
    readonly stacks?: readonly string[];
}

export interface ExceptedFinding {
    readonly finding: Finding;
    readonly reason: string;
    /** `rule` when the rule recognises the pattern itself, `declared` for an exception of the stack's owners. */
    readonly source: "rule" | "declared";
}

export interface RuleReport {
    readonly findings: Finding[];
    readonly excepted: ExceptedFinding[];
    /** Declared exceptions that matched no finding: stale, and worth removing. */
    readonly unusedExceptions: RuleException[];
    /** The rules evaluated, for the report's legend. */
    readonly rules: { id: string; severity: Severity; title: string; mirrors: readonly string[] }[];
}

// ---------------------------------------------------------------------------------------------
// The graph: the recording with the lookups the rules share.

type Statement = { Sid?: string; Effect?: string; Principal?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown; Condition?: Record<string, Record<string, unknown>> };

/** An identity policy statement, with where it came from. */
export interface PolicyStatement {
    readonly statement: Statement;
    /** The resource that holds the policy (a role, a role policy or a managed policy). */
    readonly holder: RecordedResource;
    readonly property: string;
}

/** How a route's caller proves who they are, as API Gateway names it on a Method. */
export type AuthorizationKind = "NONE" | "AWS_IAM" | "COGNITO_USER_POOLS" | "CUSTOM";

/** The authorizer a route uses: a Cognito user pool, or a Lambda (TOKEN or REQUEST). */
export interface RouteAuthorizer {
    /** `COGNITO_USER_POOLS`, `TOKEN` or `REQUEST`. */
    readonly type: string;
    /** Where the caller's identity is read from (`method.request.header.Authorization`). */
    readonly identitySources: readonly string[];
    readonly providerArns: readonly string[];
    readonly resultTtlInSeconds?: number;
    /** The Lambda authorizer's invocation URI. */
    readonly uri?: string;
}

/** What API Gateway calls for a route. */
export interface RouteIntegration {
    /** `AWS_PROXY`, `AWS`, `HTTP_PROXY`, `HTTP` or `MOCK`. */
    readonly type: string;
    readonly uri?: string;
    /** The role API Gateway assumes to call the backend. */
    readonly credentials?: string;
    readonly requestTemplates: Readonly<Record<string, string>>;
    readonly requestParameters: Readonly<Record<string, string>>;
    readonly cacheKeyParameters: readonly string[];
}

/** Where a finding about one aspect of a route points: the recorded resource and the property path in it. */
export interface RouteSite {
    readonly resource: RecordedResource;
    readonly property: string;
}

/**
 * A method of a REST API, with the facts the rules and the plan read, the same whichever way the
 * program declared it: per-route `Method`/`Integration`/`Resource`/`Authorizer`/`RequestValidator`
 * resources, or an OpenAPI (3 or Swagger 2) document in the RestApi's `body`.
 */
export interface ApiRoute {
    /** `resources` for Method and Integration resources, `body` for an operation of the RestApi's OpenAPI body. */
    readonly shape: "resources" | "body";
    /** Upper case; `ANY` for `x-amazon-apigateway-any-method`. */
    readonly httpMethod: string;
    readonly path: string;
    readonly authorization: AuthorizationKind;
    readonly authorizer?: RouteAuthorizer;
    /** The OAuth scopes a Cognito authorizer requires. */
    readonly scopes: readonly string[];
    readonly apiKeyRequired: boolean;
    /** Content type to model name. */
    readonly requestModels: Readonly<Record<string, string>>;
    /** `method.request.<path|querystring|header>.<name>` to whether it is required. */
    readonly requestParameters: Readonly<Record<string, boolean>>;
    /** What the route's request validator checks; undefined when it has none. */
    readonly validator?: { readonly body: boolean; readonly parameters: boolean };
    readonly integration?: RouteIntegration;
    readonly restApi?: RecordedResource;
    /** The id of the RestApi, as stages and method settings name it. */
    readonly restApiId?: string;
    /** The component that declared it, when it came from an AuthorizedApi. */
    readonly component?: RecordedResource;
    /**
     * Where findings point. `operation`: the Method, or the RestApi at `body.paths["/notes"].get`;
     * `authorization`, `validation` and `cacheKey`: the property at fault in it (or in the Integration).
     */
    readonly sites: { readonly operation: RouteSite; readonly authorization: RouteSite; readonly validation: RouteSite; readonly cacheKey: RouteSite };
}

const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === "string");

function parseDocument(value: unknown): { Statement?: unknown } | undefined {
    if (value === undefined || value === null || containsUnknown(value)) return undefined;
    try {
        const doc = typeof value === "string" ? JSON.parse(value) : value;
        return doc && typeof doc === "object" ? doc : undefined;
    } catch {
        return undefined;
    }
}

const REST_API = "aws:apigateway/restApi:RestApi";
const AUTHORIZED_API = "user-backend:index:AuthorizedApi";
const isObject = (value: unknown): value is Record<string, any> => value !== null && typeof value === "object" && !Array.isArray(value);
const objectAt = (value: unknown): Record<string, any> => (isObject(value) ? value : {});
const stringRecord = (value: unknown): Record<string, string> => Object.fromEntries(Object.entries(objectAt(value)).filter((e): e is [string, string] => typeof e[1] === "string"));
/** An identity source list as API Gateway writes it: comma separated. */
const splitSources = (value: unknown): string[] => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : strings(value));

/** The operation keys of an OpenAPI path item (OpenAPI 3.0.1 and Swagger 2.0 "Path Item Object"). */
const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch"]);

/** A local `$ref` (`#/components/parameters/Id`) followed to what it names; anything else as it is. */
function dereference(doc: Record<string, any>, value: unknown): unknown {
    let current = value;
    for (let hops = 0; hops < 8 && isObject(current) && typeof current.$ref === "string"; hops++) {
        const ref: string = current.$ref;
        if (!ref.startsWith("#/")) return undefined;
        current = ref
            .slice(2)
            .split("/")
            .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
            .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), doc);
    }
    return current;
}

interface BodyParameter {
    /** As a method request parameter names it: `path`, `querystring`, `header`; `body` for a Swagger 2 body parameter. */
    readonly in: string;
    readonly name: string;
    readonly required: boolean;
    readonly schema?: unknown;
}

/** An operation's (or a path's) parameters, keyed by where and name; those API Gateway does not map are left out. */
function parameters(doc: Record<string, any>, list: unknown): Map<string, BodyParameter> {
    const where: Record<string, string> = { path: "path", query: "querystring", header: "header", body: "body" };
    const out = new Map<string, BodyParameter>();
    for (const entry of Array.isArray(list) ? list : []) {
        const p = dereference(doc, entry);
        if (!isObject(p) || typeof p.name !== "string" || !where[p.in]) continue;
        // Path parameters are always required in OpenAPI ("Parameter Object": required MUST be true for in: path).
        out.set(`${p.in}:${p.name}`, { in: where[p.in], name: p.name, required: p.in === "path" || p.required === true, schema: p.schema });
    }
    return out;
}

/** The model name a schema names (`#/components/schemas/Note` -> `Note`); API Gateway makes a model of an inline schema too. */
function modelName(doc: Record<string, any>, schema: unknown): string | undefined {
    if (isObject(schema) && typeof schema.$ref === "string") return dereference(doc, schema) === undefined ? undefined : schema.$ref.split("/").pop();
    return isObject(schema) ? "(inline schema)" : undefined;
}

/** OpenAPI 3: `requestBody.content[<type>].schema`. */
function openApi3Models(doc: Record<string, any>, requestBody: unknown): Record<string, string> {
    const content = objectAt(objectAt(dereference(doc, requestBody)).content);
    return Object.fromEntries(Object.entries(content).flatMap(([type, media]) => {
        const name = modelName(doc, objectAt(media).schema);
        return name ? [[type, name]] : [];
    }));
}

/** Swagger 2: the `in: body` parameter's schema, for each type the operation consumes (`application/json` when it says none). */
function swaggerModels(doc: Record<string, any>, operation: Record<string, any>, params: Map<string, BodyParameter>): Record<string, string> {
    const body = [...params.values()].find((p) => p.in === "body");
    const name = body && modelName(doc, body.schema);
    if (!name) return {};
    const types = strings(operation.consumes ?? doc.consumes);
    return Object.fromEntries((types.length ? types : ["application/json"]).map((t) => [t, name]));
}

/**
 * What an operation's `security` requirements mean to API Gateway: its authorization kind, the
 * authorizer, the scopes, and whether an API key is required. Undefined when a requirement names a
 * scheme the document does not define (API Gateway refuses to import it).
 * @see AWS doc "x-amazon-apigateway-authtype property", "x-amazon-apigateway-authorizer object"
 */
function readSecurity(requirements: unknown, schemes: Record<string, any>): Pick<ApiRoute, "authorization" | "authorizer" | "scopes" | "apiKeyRequired"> | undefined {
    let result: Pick<ApiRoute, "authorization" | "authorizer" | "scopes" | "apiKeyRequired"> = { authorization: "NONE", authorizer: undefined, scopes: [], apiKeyRequired: false };
    // Absent or `[]`: no authorization.
    if (requirements === undefined) return result;
    if (!Array.isArray(requirements)) return undefined;
    for (const requirement of requirements) {
        if (!isObject(requirement)) return undefined;
        for (const [name, scopes] of Object.entries(requirement)) {
            const scheme = schemes[name];
            if (!isObject(scheme)) return undefined;
            const authType = String(scheme["x-amazon-apigateway-authtype"] ?? "").toLowerCase();
            const authorizer = objectAt(scheme["x-amazon-apigateway-authorizer"]);
            const authorizerType = String(authorizer.type ?? "").toLowerCase();
            if (authType === "awssigv4") {
                result = { ...result, authorization: "AWS_IAM" };
            } else if (authType === "cognito_user_pools" || authorizerType === "cognito_user_pools" || authType === "custom" || authorizerType === "token" || authorizerType === "request") {
                const cognito = authType === "cognito_user_pools" || authorizerType === "cognito_user_pools";
                // A Cognito or token authorizer reads the header the scheme names, unless identitySource says otherwise.
                const header = scheme.in === "header" && typeof scheme.name === "string" ? [`method.request.header.${scheme.name}`] : ["method.request.header.Authorization"];
                result = {
                    ...result,
                    authorization: cognito ? "COGNITO_USER_POOLS" : "CUSTOM",
                    authorizer: {
                        type: cognito ? "COGNITO_USER_POOLS" : (authorizerType || "token").toUpperCase(),
                        identitySources: authorizer.identitySource !== undefined ? splitSources(authorizer.identitySource) : header,
                        providerArns: strings(authorizer.providerARNs),
                        resultTtlInSeconds: typeof authorizer.authorizerResultTtlInSeconds === "number" ? authorizer.authorizerResultTtlInSeconds : undefined,
                        uri: typeof authorizer.authorizerUri === "string" ? authorizer.authorizerUri : undefined,
                    },
                    scopes: strings(scopes),
                };
            } else if (scheme.type === "apiKey" && scheme.in === "header" && String(scheme.name).toLowerCase() === "x-api-key") {
                // The API key scheme (AWS doc "Configure a method to use API keys with an OpenAPI definition").
                result = { ...result, apiKeyRequired: true };
            } else {
                return undefined;
            }
        }
    }
    return result;
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

    /** Every statement of every identity policy on a role, by any mechanism Pulumi offers. */
    roleStatements(role: RecordedResource): PolicyStatement[] {
        const names = new Set([role.id, role.outputs.name, role.outputs.arn].filter((v) => typeof v === "string"));
        const out: PolicyStatement[] = [];
        const add = (holder: RecordedResource, property: string, policy: unknown) => {
            asArray(parseDocument(policy)?.Statement).forEach((statement, i) => {
                if (statement && typeof statement === "object") out.push({ holder, property: `${property}.Statement[${i}]`, statement: statement as Statement });
            });
        };
        asArray(role.inputs.inlinePolicies).forEach((p: any, i) => add(role, `inlinePolicies[${i}].policy`, p?.policy));
        for (const rp of this.all("aws:iam/rolePolicy:RolePolicy")) if (names.has(rp.inputs.role)) add(rp, "policy", rp.inputs.policy);
        for (const { arn } of this.attachedPolicyArns(role)) {
            const policy = this.resolve("aws:iam/policy:Policy", arn);
            if (policy) add(policy, "policy", policy.inputs.policy);
        }
        return out;
    }

    attachedPolicyArns(role: RecordedResource): { arn: string; holder: RecordedResource; property: string }[] {
        const names = new Set([role.id, role.outputs.name, role.outputs.arn].filter((v) => typeof v === "string"));
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
        this.routeList ??= [...this.resourceRoutes(), ...this.all(REST_API).flatMap((api) => this.bodyRoutes(api))];
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

    private resourceRoutes(): ApiRoute[] {
        const resources = this.all("aws:apigateway/resource:Resource");
        const byId = new Map(resources.map((r) => [String(r.id), r]));
        const apis = this.all(REST_API);
        const pathOf = (id: string, depth = 0): string => {
            const r = byId.get(id);
            if (!r || depth > 64) return "/";
            const parent = pathOf(String(r.inputs.parentId), depth + 1);
            return `${parent === "/" ? "" : parent}/${r.inputs.pathPart}`;
        };
        const integrations = this.all("aws:apigateway/integration:Integration");
        const authorizers = this.all("aws:apigateway/authorizer:Authorizer");
        const validators = this.all("aws:apigateway/requestValidator:RequestValidator");
        return this.all("aws:apigateway/method:Method").map((method): ApiRoute => {
            const m = method.inputs;
            const restApi = apis.find((a) => a.id === m.restApi);
            const root = apis.some((a) => a.outputs.rootResourceId === m.resourceId);
            const component = this.component(method);
            const integration = integrations.find((i) => i.inputs.restApi === m.restApi && i.inputs.resourceId === m.resourceId && i.inputs.httpMethod === m.httpMethod);
            const authorizer = authorizers.find((a) => a.id === m.authorizerId);
            const validator = validators.find((v) => v.id === m.requestValidatorId);
            const i = integration?.inputs;
            return {
                shape: "resources",
                httpMethod: String(m.httpMethod).toUpperCase(),
                path: root ? "/" : pathOf(String(m.resourceId)),
                authorization: String(m.authorization ?? "NONE").toUpperCase() as AuthorizationKind,
                authorizer: authorizer && {
                    type: String(authorizer.inputs.type ?? "TOKEN").toUpperCase(),
                    // The provider's default identity source (terraform-provider-aws authorizer.go: "method.request.header.Authorization").
                    identitySources: splitSources(authorizer.inputs.identitySource ?? "method.request.header.Authorization"),
                    providerArns: strings(authorizer.inputs.providerArns),
                    resultTtlInSeconds: typeof authorizer.inputs.authorizerResultTtlInSeconds === "number" ? authorizer.inputs.authorizerResultTtlInSeconds : undefined,
                    uri: typeof authorizer.inputs.authorizerUri === "string" ? authorizer.inputs.authorizerUri : undefined,
                },
                scopes: strings(m.authorizationScopes),
                apiKeyRequired: m.apiKeyRequired === true,
                requestModels: stringRecord(m.requestModels),
                requestParameters: Object.fromEntries(Object.entries(isObject(m.requestParameters) ? m.requestParameters : {}).map(([k, v]) => [k, v === true])),
                validator: validator && { body: validator.inputs.validateRequestBody === true, parameters: validator.inputs.validateRequestParameters === true },
                integration: i && {
                    type: String(i.type ?? "").toUpperCase(),
                    uri: typeof i.uri === "string" ? i.uri : undefined,
                    credentials: typeof i.credentials === "string" ? i.credentials : undefined,
                    requestTemplates: stringRecord(i.requestTemplates),
                    requestParameters: stringRecord(i.requestParameters),
                    cacheKeyParameters: strings(i.cacheKeyParameters),
                },
                restApi,
                restApiId: typeof m.restApi === "string" ? m.restApi : undefined,
                component: component?.type === AUTHORIZED_API ? component : undefined,
                sites: {
                    operation: { resource: method, property: "" },
                    authorization: { resource: method, property: "authorization" },
                    validation: { resource: method, property: "requestValidatorId" },
                    cacheKey: { resource: integration ?? method, property: "cacheKeyParameters" },
                },
            };
        });
    }

    /**
     * The operations of a RestApi's OpenAPI body, read as API Gateway imports them: OpenAPI 3 or
     * Swagger 2, with API Gateway's extensions. What it would not import (a security scheme or a
     * validator the document does not define, values that are not known yet) is skipped, never guessed.
     * @see AWS doc "Working with API Gateway extensions to OpenAPI"
     */
    private bodyRoutes(restApi: RecordedResource): ApiRoute[] {
        const doc = this.openApiDocument(restApi);
        if (!doc) return [];
        const swagger2 = typeof doc.swagger === "string";
        const schemes = objectAt(swagger2 ? doc.securityDefinitions : doc.components?.securitySchemes);
        const validators = objectAt(doc["x-amazon-apigateway-request-validators"]);
        const component = this.component(restApi);
        const out: ApiRoute[] = [];
        for (const [path, item] of Object.entries(doc.paths as Record<string, unknown>)) {
            if (!path.startsWith("/") || !isObject(item) || containsUnknown(item)) continue;
            // Parameters declared on the path apply to every operation under it; an operation's own win (OpenAPI "Path Item Object").
            const shared = parameters(doc, item.parameters);
            for (const [key, operation] of Object.entries(item)) {
                // `x-amazon-apigateway-any-method` is the ANY method (AWS doc "x-amazon-apigateway-any-method object").
                const httpMethod = key === "x-amazon-apigateway-any-method" ? "ANY" : HTTP_METHODS.has(key) ? key.toUpperCase() : undefined;
                if (!httpMethod || !isObject(operation)) continue;
                const params = new Map([...shared, ...parameters(doc, operation.parameters)]);
                const security = readSecurity(operation.security ?? doc.security, schemes);
                if (!security) continue;
                const validatorName = operation["x-amazon-apigateway-request-validator"] ?? doc["x-amazon-apigateway-request-validator"];
                const validator = typeof validatorName === "string" ? objectAt(validators[validatorName]) : undefined;
                if (typeof validatorName === "string" && !isObject(validators[validatorName])) continue;
                const integration = objectAt(operation["x-amazon-apigateway-integration"]);
                const at = `body.paths[${JSON.stringify(path)}]${key === "x-amazon-apigateway-any-method" ? `[${JSON.stringify(key)}]` : `.${key}`}`;
                const site = (property: string): RouteSite => ({ resource: restApi, property: `${at}${property}` });
                out.push({
                    shape: "body",
                    httpMethod,
                    path,
                    ...security,
                    requestModels: swagger2 ? swaggerModels(doc, operation, params) : openApi3Models(doc, operation.requestBody),
                    requestParameters: Object.fromEntries([...params.values()].filter((p) => p.in !== "body").map((p) => [`method.request.${p.in}.${p.name}`, p.required])),
                    validator: validator && { body: validator.validateRequestBody === true, parameters: validator.validateRequestParameters === true },
                    integration: Object.keys(integration).length
                        ? {
                              type: String(integration.type ?? "").toUpperCase(),
                              uri: typeof integration.uri === "string" ? integration.uri : undefined,
                              credentials: typeof integration.credentials === "string" ? integration.credentials : undefined,
                              requestTemplates: stringRecord(integration.requestTemplates),
                              requestParameters: stringRecord(integration.requestParameters),
                              cacheKeyParameters: strings(integration.cacheKeyParameters),
                          }
                        : undefined,
                    restApi,
                    restApiId: typeof restApi.id === "string" ? restApi.id : undefined,
                    component: component?.type === AUTHORIZED_API ? component : undefined,
                    sites: {
                        operation: site(""),
                        authorization: site(".security"),
                        validation: site('["x-amazon-apigateway-request-validator"]'),
                        cacheKey: site('["x-amazon-apigateway-integration"].cacheKeyParameters'),
                    },
                });
            }
        }
        return out;
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
    const resource = methodPath.slice(0, split).replace(/~1/g, "/");
    return (resource.startsWith("/") ? resource : `/${resource}`) === path;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the IAM rules.

/** The owner variables that make an ARN per-user: the identity id or a session tag. */
const OWNER_VARIABLE = /\$\{(cognito-identity\.amazonaws\.com:sub|aws:PrincipalTag\/[^}]+)\}/;

/**
 * Actions that support no resource-level permissions, where `"*"` is the only resource IAM accepts:
 * X-Ray's, and the CloudWatch Logs log-delivery actions that Step Functions (and other vended logs)
 * need to write execution logs.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
const ACTIONS_WITHOUT_RESOURCES = new Set([
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
]);

/** Actions that change data, which guests may take only under their own identity. */
const WRITE_ACTIONS = [
    "s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:ReplicateObject",
    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
    "sqs:SendMessage", "sns:Publish", "states:StartExecution", "states:StartSyncExecution", "lambda:InvokeFunction", "kinesis:PutRecord", "kinesis:PutRecords", "firehose:PutRecord",
];
/** Actions that step outside the policy model (ACLs, bucket policies) or reach other identities. */
const USER_FORBIDDEN_ACTIONS = [
    "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPublicAccessBlock",
    "cognito-identity:GetId", "cognito-identity:GetCredentialsForIdentity", "cognito-identity:LookupDeveloperIdentity", "cognito-identity:DescribeIdentity", "cognito-identity:ListIdentities", "cognito-identity:DeleteIdentities", "cognito-identity:MergeDeveloperIdentities", "cognito-identity:UnlinkIdentity",
    "cognito-sync:ListRecords", "cognito-sync:UpdateRecords", "cognito-sync:DescribeDataset", "cognito-sync:DeleteDataset",
];

/** True when an IAM action pattern (`s3:Put*`, `*`, `S3:ListBucket`) covers the action: IAM matches case-insensitively with `*` and `?`. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return regex.test(action);
}

/** The actions of `candidates` that a statement's Action patterns cover. */
function coveredActions(statement: Statement, candidates: readonly string[]): string[] {
    const patterns = strings(statement.Action);
    return candidates.filter((action) => patterns.some((p) => actionMatches(p, action)));
}

function allows(statement: Statement): boolean {
    return statement.Effect === "Allow";
}

/** True when a condition block constrains `key` (with any operator). */
function conditionValues(statement: Statement, key: string): string[] | undefined {
    const out: string[] = [];
    let found = false;
    for (const operator of Object.values(statement.Condition ?? {})) {
        for (const [k, v] of Object.entries(operator ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) {
                found = true;
                out.push(...strings(v));
            }
        }
    }
    return found ? out : undefined;
}

function at(s: PolicyStatement, field: string): { resource: RecordedResource; property: string } {
    return { resource: s.holder, property: `${s.property}.${field}` };
}

/** Resources of a statement that are wildcards, and whether each is a per-user pattern (documented). */
function wildcardResources(statement: Statement): { resource: string; perUser: boolean }[] {
    return strings(statement.Resource)
        .filter((r) => r.includes("*"))
        .map((r) => {
            const owner = OWNER_VARIABLE.exec(r);
            // Per-user: the only wildcards come after the owner variable (`.../private/${owner}/*`).
            return { resource: r, perUser: !!owner && !r.slice(0, owner.index).includes("*") };
        });
}

/**
 * Why a wildcard on an S3 prefix is deliberate when a component of this package wrote it: the shared
 * protected/ and public/ levels of a SecureUserBucket grant, and an AuthorizedApi S3 route role,
 * which API Gateway assumes for every caller while the integration fills in the caller's own prefix.
 * `pattern` is a resource ARN (`.../protected/*`) or an s3:prefix value (`protected/`, `protected/*`).
 */
function componentWildcardReason(graph: Graph, holder: RecordedResource, pattern: string): string | undefined {
    const component = graph.component(holder);
    if (!component) return undefined;
    const matches = (bucket: RecordedResource, level: "private" | "protected" | "public") => {
        const prefix = bucket.registeredOutputs.prefixes?.[level];
        const arn = bucket.registeredOutputs.bucketArn;
        return typeof prefix === "string" && [`${arn}/${prefix}*`, prefix, `${prefix}*`].includes(pattern);
    };
    if (component.type === "user-backend:index:SecureUserBucket") {
        if (matches(component, "protected")) return `the protected/ level of SecureUserBucket ${component.name}: every granted role reads it, only each owner writes under it`;
        if (matches(component, "public")) return `the public/ level of SecureUserBucket ${component.name}: shared by every granted role by design`;
    }
    if (component.type === "user-backend:index:AuthorizedApi") {
        const bucket = graph.all("user-backend:index:SecureUserBucket").find((b) => matches(b, "private"));
        if (bucket) {
            return `an S3 route role of AuthorizedApi ${component.name}: API Gateway assumes it for every caller, and the integration builds the key from the authorizer's caller id (private/<owner>/...), which no request parameter can change`;
        }
    }
    return undefined;
}

/** What API Gateway's account-level CloudWatch role needs: create groups and streams, write events, find them (the component's own list). */
const ACCOUNT_LOG_ACTIONS = new Set<string>([...componentActions.apiGatewayAccountLogs.push, ...componentActions.apiGatewayAccountLogs.findLogGroups]);

/**
 * Why a wildcard is deliberate on the account's API Gateway CloudWatch role: recognised from the
 * graph, not from who created it. The role is trusted by apigateway.amazonaws.com, it is the
 * `cloudwatchRoleArn` of an `aws.apigateway.Account` in the program, and the statement only writes
 * and describes logs on every log group of an account and region (or `*`). API Gateway uses that one
 * role for the execution and access logs of every API in the region (AWS doc "Set up CloudWatch
 * logging for REST APIs in API Gateway"), so no narrower resource is possible.
 */
function accountLogRoleReason(graph: Graph, role: RecordedResource, actions: string[], resource: string): string | undefined {
    if (!/^(\*|arn:[^:]+:logs:[^:]+:[^:]+:log-group:\*(:\*)?)$/.test(resource)) return undefined;
    if (actions.length === 0 || !actions.every((a) => ACCOUNT_LOG_ACTIONS.has(a))) return undefined;
    const trusted = asArray(parseDocument(role.inputs.assumeRolePolicy)?.Statement).some((s: any) => s?.Effect === "Allow" && strings(s.Principal?.Service).includes("apigateway.amazonaws.com"));
    const registered = graph.all("aws:apigateway/account:Account").some((a) => typeof role.outputs.arn === "string" && a.inputs.cloudwatchRoleArn === role.outputs.arn);
    return trusted && registered ? "API Gateway writes execution and access logs for every API in the region under this one role, into groups named at run time" : undefined;
}

// ---------------------------------------------------------------------------------------------
// The rules.

const BUCKET = "aws:s3/bucket:Bucket";
const ROLE = "aws:iam/role:Role";
const STAGE = "aws:apigateway/stage:Stage";


/** One violation at most per resource of a type: `check` returns what is wrong with it, or nothing. */
function forEach(graph: Graph, type: string, check: (resource: RecordedResource) => (Omit<Violation, "resource"> & { resource?: RecordedResource }) | undefined): Violation[] {
    const out: Violation[] = [];
    for (const resource of graph.all(type)) {
        const v = check(resource);
        if (v) out.push({ resource: v.resource ?? resource, property: v.property, message: v.message, exception: v.exception });
    }
    return out;
}

const forBuckets = (graph: Graph, check: Parameters<typeof forEach>[2]) => forEach(graph, BUCKET, check);

function bucketPolicy(graph: Graph, bucket: RecordedResource): { holder?: RecordedResource; statements: Statement[] } {
    const holder = graph.bucketPart("aws:s3/bucketPolicy:BucketPolicy", bucket);
    const inline = holder ? holder.inputs.policy : bucket.inputs.policy;
    return { holder, statements: asArray(parseDocument(inline)?.Statement) as Statement[] };
}

const isEveryone = (principal: unknown): boolean => principal === "*" || strings((principal as any)?.AWS).includes("*");

/** An account root principal: `arn:<partition>:iam::<account>:root`, or the bare account id IAM accepts for it. */
const isAccountRoot = (principal: string): boolean => /^arn:[^:]+:iam::\d{12}:root$/.test(principal) || /^\d{12}$/.test(principal);

/**
 * True for the statement AWS writes into a key created without a policy: the account root may do
 * `kms:*` on `*`, with no condition, which hands the key to IAM policies alone.
 * @see AWS KMS doc "Default key policy" ("Allows access to the AWS account and enables IAM policies")
 */
function isDefaultKeyStatement(s: Statement): boolean {
    const principals = typeof s.Principal === "object" && s.Principal !== null ? strings((s.Principal as any).AWS) : [];
    return (
        allows(s) &&
        principals.length > 0 &&
        principals.every(isAccountRoot) &&
        strings(s.Action).some((a) => a === "*" || a.toLowerCase() === "kms:*") &&
        strings(s.Resource).includes("*") &&
        Object.keys(s.Condition ?? {}).length === 0
    );
}

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
    const tagsIn = (value: string) => [...value.matchAll(/\$\{aws:PrincipalTag\/([^}]+)\}/g)].map((m) => m[1]);
    for (const role of graph.all(ROLE)) {
        for (const s of graph.roleStatements(role)) {
            if (!allows(s.statement)) continue;
            for (const r of strings(s.statement.Resource).filter((r) => /^arn:[^:]+:s3:::/.test(r))) for (const tag of tagsIn(r)) add(tag, role, at(s, "Resource"));
            for (const p of conditionValues(s.statement, "s3:prefix") ?? []) for (const tag of tagsIn(p)) add(tag, role, at(s, "Condition"));
        }
    }
    return uses;
}

/** Where a WAF web ACL's logs go must be named `aws-waf-logs-...` (AWS WAF API reference "LoggingConfiguration": "The name that you give the destination must start with aws-waf-logs-"). */
function wafDestinationName(arn: string): string | undefined {
    return /:log-group:([^:]+)/.exec(arn)?.[1] ?? /^arn:[^:]+:s3:::([^/]+)/.exec(arn)?.[1] ?? /:deliverystream\/(.+)$/.exec(arn)?.[1];
}

const X_RAY_ACTIONS: readonly string[] = componentActions.xrayTracing;

export const rules: readonly Rule[] = [
    {
        id: "UB-S3-PUBLIC-ACCESS-BLOCK",
        severity: "high",
        title: "S3 bucket blocks all public access",
        rationale: "Without all four public access block flags, one ACL or policy change makes user files public.",
        mirrors: ["AS-S2", "FSBP S3.8", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const block = graph.bucketPart("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket);
                if (!block) return { property: "(no BucketPublicAccessBlock)", message: `bucket ${bucket.name} has no public access block` };
                const off = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].filter((k) => block.inputs[k] !== true);
                return off.length ? { resource: block, property: off.join(", "), message: `public access block of ${bucket.name} leaves ${off.join(", ")} off` } : undefined;
            }),
    },
    {
        id: "UB-S3-PUBLIC-POLICY",
        severity: "high",
        title: "S3 bucket policy grants nothing to everyone",
        rationale: "An Allow to Principal \"*\" without a condition that narrows the caller opens the bucket to the internet.",
        mirrors: ["FSBP S3.2", "FSBP S3.3", "CKV_AWS_70"],
        check: (graph) => {
            const out: Violation[] = [];
            for (const bucket of graph.all(BUCKET)) {
                const { holder, statements } = bucketPolicy(graph, bucket);
                statements.forEach((s, i) => {
                    // A condition narrows the caller only with a value that is not itself a wildcard.
                    const narrowed = ["aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceVpce", "aws:PrincipalAccount", "aws:PrincipalArn"].some((k) => (conditionValues(s, k) ?? []).some((v) => v !== "*" && v !== ""));
                    if (allows(s) && isEveryone(s.Principal) && !narrowed) {
                        out.push({ resource: holder ?? bucket, property: `policy.Statement[${i}].Principal`, message: `bucket ${bucket.name} allows ${strings(s.Action).join(", ") || "actions"} to everyone` });
                    }
                });
            }
            return out;
        },
    },
    {
        id: "UB-S3-TLS",
        severity: "high",
        title: "S3 bucket policy denies requests without TLS",
        rationale: "A deny on aws:SecureTransport false keeps every request to the bucket encrypted in transit; S3.5 checkers want Resource as an array of the bucket and its objects.",
        mirrors: ["AS-S10", "FSBP S3.5"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const { holder, statements } = bucketPolicy(graph, bucket);
                const arn = String(bucket.outputs.arn ?? "");
                const ok = statements.some((s) => {
                    const resources = Array.isArray(s.Resource) ? strings(s.Resource) : [];
                    return (
                        s.Effect === "Deny" &&
                        isEveryone(s.Principal) &&
                        strings(s.Action).some((a) => a === "s3:*" || a === "*") &&
                        (conditionValues(s, "aws:SecureTransport") ?? []).includes("false") &&
                        resources.includes(arn) &&
                        resources.includes(`${arn}/*`)
                    );
                });
                return ok ? undefined : { resource: holder ?? bucket, property: "policy", message: `bucket ${bucket.name} has no policy that denies s3:* without TLS on [bucket ARN, bucket ARN/*]` };
            }),
    },
    {
        id: "UB-S3-ENCRYPTION",
        severity: "medium",
        title: "S3 bucket has default encryption",
        rationale: "Default encryption (SSE-S3, or SSE-KMS with a customer key) states how objects are encrypted at rest rather than leaving it to AWS defaults.",
        // CKV_AWS_145 requires SSE-KMS, which this rule does not: SSE-S3 passes here (checkov S3KMSEncryptedByDefault).
        mirrors: ["CKV_AWS_19", "related: CKV_AWS_145"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const config = graph.bucketPart("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
                const algorithm = config?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm;
                return ["AES256", "aws:kms", "aws:kms:dsse"].includes(algorithm) ? undefined : { resource: config ?? bucket, property: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", message: `bucket ${bucket.name} declares no default encryption` };
            }),
    },
    {
        id: "UB-S3-OWNERSHIP",
        severity: "medium",
        title: "S3 bucket disables ACLs (BucketOwnerEnforced)",
        rationale: "With ACLs off, access is decided by policies only, which the access simulation can prove.",
        mirrors: ["FSBP S3.12", "CKV2_AWS_65"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const controls = graph.bucketPart("aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket);
                return controls?.inputs.rule?.objectOwnership === "BucketOwnerEnforced" ? undefined : { resource: controls ?? bucket, property: "rule.objectOwnership", message: `bucket ${bucket.name} does not enforce bucket-owner ownership (ACLs stay on)` };
            }),
    },
    {
        id: "UB-S3-VERSIONING",
        severity: "medium",
        title: "S3 bucket keeps versions",
        rationale: "Versioning keeps an overwritten or deleted user file recoverable.",
        mirrors: ["CKV_AWS_21"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const versioning = graph.bucketPart("aws:s3/bucketVersioning:BucketVersioning", bucket);
                return versioning?.inputs.versioningConfiguration?.status === "Enabled" ? undefined : { resource: versioning ?? bucket, property: "versioningConfiguration.status", message: `bucket ${bucket.name} does not keep versions` };
            }),
    },
    {
        id: "UB-S3-ACCESS-LOGS",
        severity: "medium",
        title: "S3 bucket writes server access logs",
        rationale: "Access logs record who read or wrote which key, for audits and incident response.",
        // CKV_AWS_18 passes a bucket that is another bucket's logging target; here that bucket is listed as excepted, with why.
        mirrors: ["AS-S1", "FSBP S3.9", "related: CKV_AWS_18"],
        check: (graph) => {
            const targets = new Set(graph.all("aws:s3/bucketLogging:BucketLogging").map((l) => l.inputs.targetBucket));
            return forBuckets(graph, (bucket) => {
                if (graph.bucketPart("aws:s3/bucketLogging:BucketLogging", bucket)) return undefined;
                const isTarget = targets.has(bucket.id) || targets.has(bucket.outputs.bucket);
                return {
                    property: "(no BucketLogging)",
                    message: `bucket ${bucket.name} writes no server access logs`,
                    exception: isTarget ? "it is the access log bucket of another bucket: logging it to itself would loop, and a further log bucket would need logs of its own" : undefined,
                };
            });
        },
    },
    {
        id: "UB-S3-LIFECYCLE",
        severity: "low",
        title: "S3 bucket aborts stale multipart uploads and expires old versions",
        rationale: "Unfinished uploads and noncurrent versions otherwise cost storage forever.",
        // CKV_AWS_300 tests the abort-multipart rule only; this rule also wants noncurrent versions expired.
        mirrors: ["FSBP S3.13", "related: CKV_AWS_300"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const lifecycle = graph.bucketPart("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket);
                const enabled = asArray(lifecycle?.inputs.rules).filter((r: any) => r?.status === "Enabled") as any[];
                const missing = [
                    enabled.some((r) => r.abortIncompleteMultipartUpload?.daysAfterInitiation) ? undefined : "abortIncompleteMultipartUpload",
                    enabled.some((r) => r.noncurrentVersionExpiration?.noncurrentDays) ? undefined : "noncurrentVersionExpiration",
                ].filter(Boolean);
                return missing.length ? { resource: lifecycle ?? bucket, property: `rules (${missing.join(", ")})`, message: `bucket ${bucket.name} has no enabled lifecycle rule for ${missing.join(" and ")}` } : undefined;
            }),
    },
    {
        id: "UB-S3-FORCE-DESTROY",
        severity: "medium",
        title: "S3 bucket is not force-destroyed",
        rationale: "forceDestroy lets `pulumi destroy` delete every object in the bucket with it.",
        mirrors: ["data safety"],
        check: (graph) => forBuckets(graph, (bucket) => (bucket.inputs.forceDestroy === true ? { property: "forceDestroy", message: `bucket ${bucket.name} is deleted with its objects by pulumi destroy` } : undefined)),
    },
    {
        id: "UB-KMS-ROTATION",
        severity: "medium",
        title: "KMS key rotates",
        rationale: "Yearly rotation limits what one leaked key version can decrypt.",
        mirrors: ["AS-KMS5", "CKV_AWS_7"],
        check: (graph) => forEach(graph, "aws:kms/key:Key", (k) => (k.inputs.enableKeyRotation !== true && (k.inputs.customerMasterKeySpec ?? k.inputs.keySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" ? { property: "enableKeyRotation", message: `key ${k.name} does not rotate` } : undefined)),
    },
    {
        id: "UB-KMS-KEY-POLICY",
        severity: "medium",
        title: "KMS key has an explicit key policy",
        rationale:
            "A key created without a policy gets AWS's default one: the account root may do kms:*, so any principal an IAM policy allows can use or administer it. A policy whose only statement is that one is the default written out; an explicit policy names who administers the key and who may use it, and how.",
        // Checkov's CKV2_AWS_64 passes any `policy`; this rule also refuses the default written out.
        mirrors: ["related: CKV2_AWS_64"],
        check: (graph) =>
            forEach(graph, "aws:kms/key:Key", (k) => {
                if (k.inputs.policy === undefined || k.inputs.policy === null || k.inputs.policy === "") {
                    return { property: "policy", message: `key ${k.name} has no key policy, so AWS's default gives the account root kms:* and leaves the key to IAM policies` };
                }
                const statements = asArray(parseDocument(k.inputs.policy)?.Statement) as Statement[];
                // A policy not known yet (a preview) is skipped, never guessed.
                if (statements.length === 1 && isDefaultKeyStatement(statements[0])) {
                    return { property: "policy.Statement[0]", message: `key ${k.name} policy only gives the account root kms:* without conditions, which is AWS's default key policy` };
                }
                return undefined;
            }),
    },
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
    {
        id: "UB-IAM-MANAGED-POLICY",
        severity: "medium",
        title: "Roles use no AWS managed policies",
        rationale: "AWS managed policies grant far more than a component needs and change without notice.",
        mirrors: ["AS-IAM4"],
        check: (graph) =>
            graph.all(ROLE).flatMap((role) =>
                graph
                    .attachedPolicyArns(role)
                    .filter((a) => /^arn:[^:]+:iam::aws:policy\//.test(a.arn))
                    .map((a) => ({ resource: a.holder, property: a.property, message: `role ${role.name} has the AWS managed policy ${a.arn}` })),
            ),
    },
    {
        id: "UB-IAM-WILDCARD",
        severity: "medium",
        title: "Policies name actions and resources, not wildcards",
        rationale: "`*` or `service:*` actions and wildcard resources grant more than the code uses. Per-user object ARNs always end in `*` after the owner variable: that is the isolation, not a hole.",
        mirrors: ["AS-IAM5", "FSBP IAM.1", "FSBP IAM.21"],
        check: (graph) =>
            graph.all(ROLE).flatMap((role) =>
                graph.roleStatements(role).flatMap((s) => {
                    if (!allows(s.statement)) return [];
                    const out: Violation[] = [];
                    const actions = strings(s.statement.Action);
                    const wildActions = actions.filter((a) => a === "*" || /:\*$/.test(a));
                    if (wildActions.length || s.statement.NotAction) out.push({ ...at(s, "Action"), message: `role ${role.name} allows ${wildActions.join(", ") || "NotAction"}` });
                    for (const { resource, perUser } of wildcardResources(s.statement)) {
                        const exception =
                            perUser
                                ? "a per-user ARN: the wildcard follows the owner variable, so it covers only the caller's own prefix"
                                : componentWildcardReason(graph, s.holder, resource) ??
                                  (resource === "*" && actions.length > 0 && actions.every((a) => ACTIONS_WITHOUT_RESOURCES.has(a))
                                  ? `${actions.join(", ")} support no resource-level permissions; "*" is the only resource IAM accepts`
                                  : /:log-group:[^*:]+:\*$/.test(resource) && actions.every((a) => /^logs:(CreateLogStream|PutLogEvents)$/.test(a))
                                    ? "the log streams of one log group, created at run time"
                                    : accountLogRoleReason(graph, role, actions, resource));
                        out.push({ ...at(s, "Resource"), message: `role ${role.name} allows ${actions.join(", ")} on ${resource}`, exception });
                    }
                    return out;
                }),
            ),
    },
    {
        id: "UB-IAM-LIST-PREFIX",
        severity: "high",
        title: "Users list only their own prefix",
        rationale: "s3:ListBucket without an s3:prefix condition lets any signed-in user list every user's keys; `private/<id>*` without the slash also matches ids that share a prefix.",
        mirrors: ["known mistake 1"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph
                    .roleStatements(role)
                    .filter((s) => allows(s.statement) && coveredActions(s.statement, ["s3:ListBucket"]).length > 0)
                    .flatMap((s) => {
                        const prefixes = conditionValues(s.statement, "s3:prefix");
                        if (!prefixes) return [{ ...at(s, "Condition"), message: `role ${role.name} may list buckets without an s3:prefix condition` }];
                        const loose = prefixes.filter((p) => {
                            const owner = OWNER_VARIABLE.exec(p);
                            return !owner || !p.slice(owner.index + owner[0].length).startsWith("/") || p.slice(0, owner.index).includes("*");
                        });
                        if (!loose.length) return [];
                        const reasons = loose.map((p) => componentWildcardReason(graph, s.holder, p));
                        return [{ ...at(s, "Condition"), message: `role ${role.name} may list prefixes ${loose.join(", ")}, not only its own (<owner>/)`, exception: reasons.every(Boolean) ? reasons[0] : undefined }];
                    }),
            ),
    },
    {
        id: "UB-IAM-OWNER-VARIABLE",
        severity: "high",
        title: "Per-user ARNs use an owner variable that is set, with no wildcard before it",
        rationale: "`${aws:username}` is never set for federated sessions, and a wildcard before the owner (`bucket/*/<id>/*`) reaches every top-level prefix.",
        mirrors: ["known mistakes 3 and 7"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph.roleStatements(role).flatMap((s) =>
                    strings(s.statement.Resource)
                        .filter((r) => r.includes("${aws:username}") || r.includes("${aws:userid}") || (OWNER_VARIABLE.test(r) && r.slice(0, OWNER_VARIABLE.exec(r)!.index).includes("*")))
                        .map((r) => ({ ...at(s, "Resource"), message: `role ${role.name} resource ${r} ${r.includes("${aws:username}") ? "uses ${aws:username}, which federated sessions never set" : r.includes("${aws:userid}") ? "uses ${aws:userid}, which is the same for every user of a web identity role" : "has a wildcard before the owner"}` })),
                ),
            ),
    },
    {
        id: "UB-IAM-USER-ACL",
        severity: "high",
        title: "Users get no ACL, bucket policy or Cognito identity actions",
        rationale: "s3:PutObjectAcl lets a user make a file public past the policy model; cognito-identity:* and cognito-sync:* reach other identities.",
        mirrors: ["known mistake 6"],
        check: (graph) =>
            graph.webIdentityRoles().flatMap((role) =>
                graph
                    .roleStatements(role)
                    .filter((s) => allows(s.statement) && coveredActions(s.statement, USER_FORBIDDEN_ACTIONS).length > 0)
                    .map((s) => {
                        const patterns = strings(s.statement.Action).filter((p) => USER_FORBIDDEN_ACTIONS.some((a) => actionMatches(p, a)));
                        const covered = coveredActions(s.statement, USER_FORBIDDEN_ACTIONS);
                        const exact = covered.length === patterns.length && patterns.every((p) => covered.includes(p));
                        return { ...at(s, "Action"), message: `role ${role.name} allows ${patterns.join(", ")}${exact ? "" : `, which covers ${covered.join(", ")}`}` };
                    }),
            ),
    },
    {
        id: "UB-APIG-AUTHORIZATION",
        severity: "medium",
        title: "API methods have an authorizer",
        rationale: "A method without Cognito, IAM or Lambda authorization is open to the internet; public routes should be a declared choice.",
        mirrors: ["AS-APIG4", "AS-COG4", "CKV_AWS_59"],
        check: (graph) =>
            graph
                .publicRoutes()
                .map((r) => ({
                    ...r.sites.authorization,
                    message: `${r.httpMethod} ${r.path} needs no credentials`,
                    exception: strings(r.component?.registeredOutputs.publicRoutes).includes(`${r.httpMethod} ${r.path}`) ? `declared public (authorization: "none") in AuthorizedApi ${r.component!.name}` : undefined,
                })),
    },
    {
        id: "UB-APIG-VALIDATION",
        severity: "low",
        title: "API methods with a model or required parameters validate requests",
        rationale: "Without a request validator API Gateway passes malformed requests to the backend. Path parameters are left out: routing already requires them.",
        // CKV2_AWS_53 wants a validator on every method; this rule only where a model or a required non-path parameter needs one.
        mirrors: ["AS-APIG2", "related: CKV2_AWS_53"],
        check: (graph) =>
            graph.routes().flatMap((r) => {
                const needsBody = Object.keys(r.requestModels).length > 0;
                const needsParams = Object.entries(r.requestParameters).some(([k, required]) => required && !k.startsWith("method.request.path."));
                if (!needsBody && !needsParams) return [];
                const missing = [needsBody && r.validator?.body !== true ? "body" : undefined, needsParams && r.validator?.parameters !== true ? "parameters" : undefined].filter(Boolean);
                return missing.length ? [{ ...r.sites.validation, message: `${r.httpMethod} ${r.path} does not validate its request ${missing.join(" and ")}` }] : [];
            }),
    },
    {
        id: "UB-APIG-ACCESS-LOGS",
        severity: "medium",
        title: "API stage writes JSON access logs to a log group with retention",
        rationale: "Access logs say who called what and with which result; JSON keeps them queryable, retention keeps them from growing forever.",
        mirrors: ["AS-APIG1", "CKV_AWS_76"],
        check: (graph) =>
            graph.all(STAGE).flatMap((stage) => {
                const settings = stage.inputs.accessLogSettings;
                if (!settings?.destinationArn) return [{ resource: stage, property: "accessLogSettings", message: `stage ${stage.name} writes no access logs` }];
                let json = false;
                try {
                    const parsed = JSON.parse(String(settings.format));
                    json = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
                } catch {
                    json = false;
                }
                const out: Violation[] = json ? [] : [{ resource: stage, property: "accessLogSettings.format", message: `stage ${stage.name} access log format is not JSON` }];
                const group = graph.all("aws:cloudwatch/logGroup:LogGroup").find((g) => g.outputs.arn === settings.destinationArn || `${g.outputs.arn}:*` === settings.destinationArn);
                if (group && !group.inputs.retentionInDays) out.push({ resource: group, property: "retentionInDays", message: `access log group ${group.name} keeps logs forever` });
                return out;
            }),
    },
    {
        id: "UB-APIG-EXECUTION-LOGS",
        severity: "medium",
        title: "API stage writes execution logs with metrics",
        rationale: "ERROR (or INFO) execution logs on every method explain failed requests; metrics feed alarms.",
        mirrors: ["AS-APIG6", "FSBP APIGateway.1", "CKV2_AWS_4"],
        check: (graph) =>
            forEach(graph, STAGE, (stage) => {
                const entry = graph.stageWideSettings(stage);
                const s = entry?.inputs.settings ?? {};
                const logging = ["ERROR", "INFO"].includes(s.loggingLevel);
                const faults = [logging ? undefined : `loggingLevel ${s.loggingLevel ?? "OFF"}`, s.metricsEnabled === true ? undefined : "metrics off"].filter(Boolean);
                return faults.length ? { resource: entry ?? stage, property: logging ? "settings.metricsEnabled" : "settings.loggingLevel", message: `stage ${stage.name} on */*: ${faults.join(", ")}` } : undefined;
            }),
    },
    {
        id: "UB-APIG-XRAY",
        severity: "low",
        title: "API stage traces with X-Ray",
        rationale: "Traces follow a request through the authorizer and the integration.",
        mirrors: ["FSBP APIGateway.3", "CKV_AWS_73"],
        check: (graph) => forEach(graph, STAGE, (stage) => (stage.inputs.xrayTracingEnabled !== true ? { property: "xrayTracingEnabled", message: `stage ${stage.name} does not trace with X-Ray` } : undefined)),
    },
    {
        id: "UB-APIG-THROTTLE",
        severity: "medium",
        title: "API stage throttles every method",
        rationale: "Without a stage limit, one client can spend the account's API Gateway quota and the backends' capacity.",
        mirrors: ["serverless default throttling"],
        check: (graph) =>
            forEach(graph, STAGE, (stage) => {
                const entry = graph.stageWideSettings(stage);
                const s = entry?.inputs.settings ?? {};
                return s.throttlingRateLimit > 0 && s.throttlingBurstLimit > 0 ? undefined : { resource: entry ?? stage, property: "settings.throttlingRateLimit", message: `stage ${stage.name} has no rate and burst limit on */*` };
            }),
    },
    {
        id: "UB-APIG-CACHE-ENCRYPTION",
        severity: "medium",
        title: "Cached API responses are encrypted, cache control needs authorization, and the stage says what it caches",
        rationale:
            "Cached responses hold user data; an unauthorized Cache-Control: max-age=0 would let anyone flush or bypass the cache unless requireAuthorizationForCacheControl is on with an explicit strategy (FAIL_WITH_403, SUCCEED_WITH_RESPONSE_HEADER and SUCCEED_WITHOUT_RESPONSE_HEADER all ignore the header for such callers). A cached stage whose */* entry does not set cachingEnabled leaves AWS's default: every GET method cached.",
        mirrors: ["FSBP APIGateway.5", "CKV_AWS_308"],
        check: (graph) =>
            graph.all(STAGE).flatMap((stage) => {
                const all = graph.all("aws:apigateway/methodSettings:MethodSettings").filter((s) => s.inputs.restApi === stage.inputs.restApi && s.inputs.stageName === stage.inputs.stageName);
                const cached = stage.inputs.cacheClusterEnabled === true || all.some((s) => s.inputs.settings?.cachingEnabled === true);
                if (!cached) return [];
                const entries = all.filter((s) => s.inputs.methodPath === "*/*" || s.inputs.settings?.cachingEnabled === true);
                if (entries.length === 0) return [{ resource: stage, property: "cacheClusterEnabled", message: `stage ${stage.name} caches with no method settings that encrypt the cache` }];
                const out: Violation[] = entries.flatMap((entry) => {
                    const s = entry.inputs.settings ?? {};
                    const faults = [
                        s.cacheDataEncrypted === true ? undefined : "cacheDataEncrypted",
                        s.requireAuthorizationForCacheControl === true ? undefined : "requireAuthorizationForCacheControl",
                        // Each strategy keeps an unauthorized caller from flushing or bypassing the cache; only how it
                        // answers differs (AWS doc "Enabling API caching ...", "Invalidate an API Gateway cache entry").
                        CACHE_CONTROL_STRATEGIES.includes(s.unauthorizedCacheControlHeaderStrategy) ? undefined : "an explicit unauthorizedCacheControlHeaderStrategy",
                    ].filter(Boolean);
                    return faults.length ? [{ resource: entry, property: "settings", message: `stage ${stage.name} ${entry.inputs.methodPath}: missing ${faults.join(", ")}` }] : [];
                });
                // "When you enable caching for a stage, only GET methods have caching enabled by default" (AWS doc
                // "Cache settings for REST APIs in API Gateway"); the provider writes caching/enabled only when it is
                // set (terraform-provider-aws internal/service/apigateway/method_settings.go), so an unset flag keeps that default.
                if (stage.inputs.cacheClusterEnabled === true) {
                    const stageWide = all.find((s) => s.inputs.methodPath === "*/*");
                    if (typeof stageWide?.inputs.settings?.cachingEnabled !== "boolean") {
                        out.push(
                            stageWide
                                ? { resource: stageWide, property: "settings.cachingEnabled", message: `stage ${stage.name} */*: cachingEnabled is not set, so AWS's default caches every GET method` }
                                : { resource: stage, property: "(no */* MethodSettings)", message: `stage ${stage.name} has a cache and no */* method settings, so AWS's default caches every GET method` },
                        );
                    }
                }
                return out;
            }),
    },
    {
        id: "UB-APIG-CACHE-KEY",
        severity: "high",
        title: "Cached authorized routes key the cache by the caller",
        rationale: "API Gateway keys cached responses by path and declared cache key parameters only: unless the caller's identity is part of the key, user A's response is served to user B. SigV4 (IAM) requests carry no stable caller parameter, so they cannot be cached safely.",
        mirrors: ["known mistake 8", "FSBP APIGateway.5"],
        check: (graph) => {
            const out: Violation[] = [];
            for (const stage of graph.all(STAGE)) {
                if (stage.inputs.cacheClusterEnabled !== true) continue;
                for (const route of graph.routes().filter((r) => r.restApiId !== undefined && r.restApiId === stage.inputs.restApi)) {
                    const { settings, holder } = graph.methodSettings(stage, route);
                    // Stage-wide caching applies to GET methods; a method's own entry turns it on for any method.
                    const ownPath = holder?.inputs.methodPath !== "*/*";
                    if (settings.cachingEnabled !== true || (!ownPath && route.httpMethod !== "GET")) continue;
                    const kind = route.authorization;
                    if (kind === "NONE") continue;
                    const key = route.integration?.cacheKeyParameters ?? [];
                    const sources = route.authorizer?.identitySources ?? ["method.request.header.Authorization"];
                    const identity = kind === "AWS_IAM" ? [] : sources.filter((s) => /^method\.request\.(header|querystring)\./.test(s));
                    const missing = identity.filter((s) => !key.includes(s));
                    if (kind === "AWS_IAM" || identity.length === 0 || missing.length > 0) {
                        out.push({
                            ...route.sites.cacheKey,
                            message: `${route.httpMethod} ${route.path} is cached behind ${kind} authorization ${kind === "AWS_IAM" ? "(SigV4 requests have no stable caller key)" : `without ${missing.join(", ") || "a caller identity source"} in its cache key`}`,
                        });
                    }
                }
            }
            return out;
        },
    },
    {
        id: "UB-APIG-WAF",
        severity: "low",
        title: "API stage is behind a WAF web ACL",
        rationale: "A web ACL filters common exploits and floods before they reach the authorizer and the backends.",
        mirrors: ["AS-APIG3", "FSBP APIGateway.4"],
        check: (graph) => {
            const associated = new Set(graph.all("aws:wafv2/webAclAssociation:WebAclAssociation").map((a) => a.inputs.resourceArn));
            return forEach(graph, STAGE, (stage) => (associated.has(stage.outputs.arn) ? undefined : { property: "(no WebAclAssociation)", message: `stage ${stage.name} has no WAF web ACL` }));
        },
    },
    {
        id: "UB-APIG-DEPLOYMENT",
        severity: "medium",
        title: "API deployments follow the API definition",
        rationale:
            "A deployment without triggers is not replaced when routes change, so the stage keeps serving the old API; one that does not wait for every method may deploy half an API. An API defined by one OpenAPI body needs the deployment to wait for the RestApi and a trigger that changes with the body. A per-resource REST API also keeps a removed route live for one deployment: the new deployment is created before the old Method is deleted (known mistake 12, pulumi-aws #3289 and #3683); a body avoids it.",
        mirrors: ["known mistake 9", "known mistake 12"],
        check: (graph) =>
            graph.all("aws:apigateway/deployment:Deployment").flatMap((deployment) => {
                const out: Violation[] = [];
                if (!Object.values(objectAt(deployment.inputs.triggers)).some((v) => v !== undefined && v !== null && v !== "")) {
                    out.push({ resource: deployment, property: "triggers", message: `deployment ${deployment.name} has no triggers: route changes do not redeploy` });
                }
                const restApi = graph.all(REST_API).find((a) => a.id === deployment.inputs.restApi);
                if (restApi && graph.hasBody(restApi)) {
                    // The body is the whole definition: waiting for the RestApi's update is waiting for every route.
                    if (!deployment.dependencies.includes(restApi.urn)) out.push({ resource: deployment, property: "dependsOn", message: `deployment ${deployment.name} does not wait for ${restApi.name}, whose body defines the API` });
                    return out;
                }
                const parts = [...graph.all("aws:apigateway/method:Method"), ...graph.all("aws:apigateway/integration:Integration")].filter((m) => m.inputs.restApi === deployment.inputs.restApi);
                const waiting = parts.filter((p) => !deployment.dependencies.includes(p.urn));
                if (waiting.length) out.push({ resource: deployment, property: "dependsOn", message: `deployment ${deployment.name} does not wait for ${waiting.map((w) => w.name).join(", ")}` });
                return out;
            }),
    },
    {
        id: "UB-LOGS-RETENTION",
        severity: "low",
        title: "Log groups have a retention period",
        rationale: "Logs kept forever cost more every month and keep personal data longer than anyone needs.",
        mirrors: ["CKV_AWS_66"],
        check: (graph) => forEach(graph, "aws:cloudwatch/logGroup:LogGroup", (g) => (!(g.inputs.retentionInDays > 0) ? { property: "retentionInDays", message: `log group ${g.name} keeps logs forever` } : undefined)),
    },
    {
        id: "UB-LOGS-ENCRYPTION",
        severity: "low",
        title: "Log groups are encrypted with the stack's customer key",
        rationale:
            "Logs hold request details and user ids. Where the stack already keeps a customer key, its log groups should use it too, so access to the logs follows the key policy (which must then allow logs.<region>.amazonaws.com).",
        // Checkov's CKV_AWS_158 wants a key on every log group; this rule asks it only where the stack has a customer key.
        mirrors: ["related: CKV_AWS_158"],
        check: (graph) => {
            const key = graph.all("aws:kms/key:Key").find((k) => (k.inputs.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" && (k.inputs.customerMasterKeySpec ?? k.inputs.keySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT");
            if (!key) return [];
            return forEach(graph, "aws:cloudwatch/logGroup:LogGroup", (g) => (g.inputs.kmsKeyId ? undefined : { property: "kmsKeyId", message: `log group ${g.name} is not encrypted with a customer key, though the stack has one (${key.name})` }));
        },
    },
    {
        id: "UB-SFN-LOGGING",
        severity: "medium",
        title: "State machines write execution logs",
        rationale: "Without execution logs a failed or misused workflow leaves no record of its input and its steps beyond the 90-day execution history.",
        // Checkov's CKV_AWS_285 tests include_execution_data only; this rule wants a level other than OFF and a destination.
        mirrors: ["FSBP StepFunctions.1", "related: CKV_AWS_285"],
        check: (graph) =>
            forEach(graph, "aws:sfn/stateMachine:StateMachine", (machine) => {
                const logging = objectAt(machine.inputs.loggingConfiguration);
                const level = typeof logging.level === "string" ? logging.level : "OFF";
                const faults = [level === "OFF" ? `level ${level}` : undefined, typeof logging.logDestination === "string" && logging.logDestination !== "" ? undefined : "no log destination"].filter(Boolean);
                return faults.length ? { property: "loggingConfiguration", message: `state machine ${machine.name} writes no execution logs: ${faults.join(", ")}` } : undefined;
            }),
    },
    {
        id: "UB-SFN-XRAY",
        severity: "medium",
        title: "Traced state machines may send traces to X-Ray",
        rationale:
            "With tracing on, Step Functions sends segments under the state machine's role; without xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets no trace arrives (AWS doc \"IAM policies for using AWS X-Ray in Step Functions\": only a role the console creates gets them by itself).",
        mirrors: ["Step Functions X-Ray IAM policy"],
        check: (graph) =>
            forEach(graph, "aws:sfn/stateMachine:StateMachine", (machine) => {
                if (objectAt(machine.inputs.tracingConfiguration).enabled !== true) return undefined;
                const role = graph.resolve(ROLE, machine.inputs.roleArn);
                // A role outside the program cannot be read: say nothing rather than guess.
                if (!role) return undefined;
                const allowed = graph.roleStatements(role).filter((s) => allows(s.statement)).flatMap((s) => coveredActions(s.statement, X_RAY_ACTIONS));
                const missing = X_RAY_ACTIONS.filter((a) => !allowed.includes(a));
                return missing.length ? { property: "roleArn", message: `state machine ${machine.name} traces with X-Ray but its role ${role.name} lacks ${missing.join(", ")}` } : undefined;
            }),
    },
    {
        id: "UB-WAF-LOGGING",
        severity: "low",
        title: "WAF web ACLs log to an aws-waf-logs- destination",
        rationale: "Web ACL logs show which requests were blocked and why; WAF accepts only destinations whose name starts with aws-waf-logs-.",
        mirrors: ["CKV2_AWS_31"],
        check: (graph) => {
            const configs = graph.all("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
            return graph.all("aws:wafv2/webAcl:WebAcl").flatMap((acl): Violation[] => {
                const config = configs.find((c) => typeof acl.outputs.arn === "string" && c.inputs.resourceArn === acl.outputs.arn);
                if (!config) return [{ resource: acl, property: "(no WebAclLoggingConfiguration)", message: `web ACL ${acl.name} writes no logs` }];
                const destinations = strings(config.inputs.logDestinationConfigs);
                if (destinations.length === 0) return [{ resource: config, property: "logDestinationConfigs", message: `web ACL ${acl.name} logs to no destination` }];
                return destinations.flatMap((d, i) => {
                    const name = wafDestinationName(d);
                    return name !== undefined && !name.startsWith("aws-waf-logs-") ? [{ resource: config, property: `logDestinationConfigs[${i}]`, message: `web ACL ${acl.name} logs to ${d}, whose name does not start with aws-waf-logs-` }] : [];
                });
            });
        },
    },
];

const RULE_IDS = new Set(rules.map((r) => r.id));

/** True when the id names a rule of this set. */
export function isRuleId(id: string): boolean {
    return RULE_IDS.has(id);
}

/**
 * The rule id closest to a mistyped one (case-insensitive Levenshtein distance), for a "did you
 * mean"; undefined when none is within a third of the id's length, so unrelated text gets no guess.
 */
export function closestRuleId(id: string): string | undefined {
    const typed = id.toUpperCase();
    let best: { id: string; distance: number } | undefined;
    for (const candidate of RULE_IDS) {
        const distance = editDistance(typed, candidate);
        if (!best || distance < best.distance) best = { id: candidate, distance };
    }
    return best && best.distance <= Math.max(2, Math.ceil(typed.length / 3)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
    }
    return previous[b.length];
}

/**
 * Runs every rule over a recording (made without preview: rules read resolved policies). Findings
 * that the rule itself recognises as deliberate, or that a declared exception covers, are listed
 * as excepted with their reason; they are never dropped.
 */
export function evaluateRules(recording: Recording | Graph, options: { exceptions?: readonly RuleException[]; stack?: string; only?: readonly string[] } = {}): RuleReport {
    // A caller that queries the graph too (the plan) passes its own, so routes and documents are read once.
    const graph = recording instanceof Graph ? recording : new Graph(recording);
    // An exception limited to some stacks applies only where the stack is known to be one of them.
    const declared = (options.exceptions ?? []).filter((e) => !e.stacks || (options.stack !== undefined && e.stacks.includes(options.stack)));
    const used = new Set<RuleException>();
    const findings: Finding[] = [];
    const excepted: ExceptedFinding[] = [];
    // `only` runs some rules (the policy pack runs one rule per policy); the legend still lists them all.
    for (const rule of options.only ? rules.filter((r) => options.only!.includes(r.id)) : rules) {
        for (const v of rule.check(graph)) {
            const finding: Finding = {
                ruleId: rule.id,
                severity: rule.severity,
                resource: { urn: v.resource.urn, type: v.resource.type, name: v.resource.name },
                property: v.property,
                message: v.message,
                mirrors: rule.mirrors,
            };
            if (v.exception) {
                excepted.push({ finding, reason: v.exception, source: "rule" });
                continue;
            }
            const match = declared.find((e) => e.rule === rule.id && e.resource === v.resource.name && (!e.property || v.property.startsWith(e.property)));
            if (match) {
                used.add(match);
                excepted.push({ finding, reason: match.reason, source: "declared" });
            } else {
                findings.push(finding);
            }
        }
    }
    findings.sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
    return {
        findings,
        excepted,
        unusedExceptions: declared.filter((e) => !used.has(e)),
        rules: rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, mirrors: r.mirrors })),
    };
}
