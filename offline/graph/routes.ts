import { COMPONENT_TYPES } from "../../components/shared/contract";
import { containsUnknown, RecordedResource } from "../recording";
import { isObject, objectAt, stringRecord, strings } from "./values";

// The routes of REST APIs, read the same whichever way a program declared them: per-route
// Method/Integration/Resource/Authorizer/RequestValidator resources, or an OpenAPI body.

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

/** What the route readers need of the graph. */
export interface RouteSource {
    all(type: string): RecordedResource[];
    /** The component a resource belongs to (its nearest component ancestor). */
    component(resource: RecordedResource): RecordedResource | undefined;
    /** The parsed OpenAPI document of a RestApi's `body`. */
    openApiDocument(restApi: RecordedResource): Record<string, any> | undefined;
}

export const REST_API = "aws:apigateway/restApi:RestApi";
const AUTHORIZED_API = COMPONENT_TYPES.AuthorizedApi;
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

/** The routes declared by Method resources, with their Integration, Authorizer, RequestValidator and Resource path. */
export function resourceRoutes(source: RouteSource): ApiRoute[] {
    const resources = source.all("aws:apigateway/resource:Resource");
    const byId = new Map(resources.map((r) => [String(r.id), r]));
    const apis = source.all(REST_API);
    const pathOf = (id: string, depth = 0): string => {
        const r = byId.get(id);
        if (!r || depth > 64) return "/";
        const parent = pathOf(String(r.inputs.parentId), depth + 1);
        return `${parent === "/" ? "" : parent}/${r.inputs.pathPart}`;
    };
    const integrations = source.all("aws:apigateway/integration:Integration");
    const authorizers = source.all("aws:apigateway/authorizer:Authorizer");
    const validators = source.all("aws:apigateway/requestValidator:RequestValidator");
    return source.all("aws:apigateway/method:Method").map((method): ApiRoute => {
        const m = method.inputs;
        const restApi = apis.find((a) => a.id === m.restApi);
        const root = apis.some((a) => a.outputs.rootResourceId === m.resourceId);
        const component = source.component(method);
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
export function bodyRoutes(source: RouteSource, restApi: RecordedResource): ApiRoute[] {
    const doc = source.openApiDocument(restApi);
    if (!doc) return [];
    const swagger2 = typeof doc.swagger === "string";
    const schemes = objectAt(swagger2 ? doc.securityDefinitions : doc.components?.securitySchemes);
    const validators = objectAt(doc["x-amazon-apigateway-request-validators"]);
    const component = source.component(restApi);
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
