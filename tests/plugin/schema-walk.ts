// Reading a Pulumi package schema: where it says "anything", and what it refers to.

function walk(definition: any, where: string, visit: (definition: any, where: string) => void): void {
    visit(definition, where);
    if (definition.items) walk(definition.items, `${where}[]`, visit);
    if (definition.additionalProperties) walk(definition.additionalProperties, `${where}{}`, visit);
}

function everyProperty(schema: any, visit: (definition: any, where: string) => void): void {
    for (const [token, resource] of Object.entries<any>(schema.resources)) {
        const name = token.split(":").pop();
        for (const [p, d] of Object.entries(resource.inputProperties ?? {})) walk(d, `${name}.${p}`, visit);
        for (const [p, d] of Object.entries(resource.properties ?? {})) walk(d, `${name}#${p}`, visit);
    }
    for (const [token, type] of Object.entries<any>(schema.types)) {
        const name = token.split(":").pop();
        for (const [p, d] of Object.entries(type.properties ?? {})) walk(d, `${name}.${p}`, visit);
    }
}

/** Every property (`Type.property`, `Component#output`) the schema types as Any, with `[]`/`{}` for list items and map values. */
export function anyTypedPaths(schema: any): string[] {
    const out: string[] = [];
    everyProperty(schema, (d, where) => {
        if (d.$ref === "pulumi.json#/Any") out.push(where);
    });
    return out;
}

/** Every `$ref` in the schema. */
export function schemaRefs(schema: any): string[] {
    const out = new Set<string>();
    everyProperty(schema, (d) => {
        if (d.$ref) out.add(d.$ref);
    });
    return [...out];
}

/**
 * Where the schema deliberately says "any value": the transforms (an object of the child's argument
 * overrides; TypeScript may also pass a function), the JSON documents a route carries (a request
 * body's JSON Schema, a mock response's body), and a managed login branding style. Anything else typed Any is a type the analyzer could
 * not say, and a test fails on it.
 */
export function deliberateAny(schema: any): string[] {
    const transforms = ["CognitoAuthTransforms", "SecureUserBucketTransforms", "AuthorizedApiTransform"].flatMap((t) => Object.keys(schema.types[`user-backend:index:${t}`]?.properties ?? {}).map((p) => `${t}.${p}`));
    return [
        ...transforms,
        // A route's request body JSON Schema, and a mock integration's response body: JSON documents.
        "Route.requestSchema{}",
        "MockIntegration.body{}",
        // A managed login branding style: the branding designer's JSON document.
        "ClientBranding.settings{}",
        // Amplify's `loginWith.oauth.providers`: each a provider name or `{ custom: "<name>" }`.
        "AmplifyOAuthConfig.providers[]",
    ];
}
