// The test-only half of reading a Pulumi YAML program: checking it against a package schema (every
// type, property, enum value and `${resource.output}` it names), and evaluating it into wire values
// for the package's Construct over gRPC (tests/plugin/construct.ts). Parsing a program, its
// references and its dependency order are offline/yaml-program.ts, which the plan runs in process.
import { dependencyOrder, parseTemplate, readYamlProgram, Reference, referencesIn, YamlProgram, YamlResource } from "../../offline/yaml-program";

export { readYamlProgram, referencesIn };
export type { YamlProgram, YamlResource };

const resourceOf = (schema: any, type: string) => {
    const [pkg, ...rest] = type.split(":");
    const name = rest.pop();
    return schema.resources[`${pkg}:index:${name}`];
};

/** What is wrong with the program against the package schema; empty when every name it uses exists there. */
export function schemaProblems(program: YamlProgram, schema: any): string[] {
    const problems: string[] = [];
    const isExpression = (v: unknown) => typeof v === "string" && /^\$\{[^}]+\}$/.test(v);
    const check = (value: unknown, definition: any, where: string): void => {
        if (value === undefined || isExpression(value)) return;
        if (definition.$ref === "pulumi.json#/Any") return;
        if (definition.$ref?.startsWith("#/types/")) {
            const type = schema.types[definition.$ref.slice("#/types/".length)];
            if (!type) return void problems.push(`${where}: ${definition.$ref} is not in the schema`);
            if (type.enum) {
                if (!type.enum.some((e: { value: unknown }) => e.value === value)) problems.push(`${where}: ${JSON.stringify(value)} is not one of ${type.enum.map((e: { value: unknown }) => JSON.stringify(e.value)).join(", ")}`);
                return;
            }
            return checkObject(value, type.properties ?? {}, type.required ?? [], where);
        }
        switch (definition.type) {
            case "array":
                if (!Array.isArray(value)) return void problems.push(`${where}: must be a list`);
                return value.forEach((v, i) => check(v, definition.items, `${where}[${i}]`));
            case "object":
                if (!value || typeof value !== "object" || Array.isArray(value)) return void problems.push(`${where}: must be a map`);
                if (definition.additionalProperties) for (const [k, v] of Object.entries(value)) check(v, definition.additionalProperties, `${where}.${k}`);
                return;
            case "string":
                if (typeof value !== "string") problems.push(`${where}: must be text`);
                return;
            case "number":
            case "integer":
                if (typeof value !== "number") problems.push(`${where}: must be a number`);
                return;
            case "boolean":
                if (typeof value !== "boolean") problems.push(`${where}: must be true or false`);
                return;
        }
    };
    const checkObject = (value: unknown, properties: Record<string, any>, required: string[], where: string): void => {
        if (!value || typeof value !== "object" || Array.isArray(value)) return void problems.push(`${where}: must be an object`);
        for (const [k, v] of Object.entries(value)) {
            if (!properties[k]) problems.push(`${where}.${k}: no such property`);
            else check(v, properties[k], `${where}.${k}`);
        }
        for (const k of required) if (!(k in value)) problems.push(`${where}.${k}: required`);
    };
    for (const [name, resource] of Object.entries(program.resources)) {
        const definition = resourceOf(schema, resource.type);
        if (!definition) {
            problems.push(`${name}: type ${resource.type} is not in the schema`);
            continue;
        }
        checkObject(resource.properties ?? {}, definition.inputProperties ?? {}, definition.requiredInputs ?? [], name);
    }
    for (const [where, reference] of [
        ...Object.entries(program.resources).flatMap(([name, r]) => referencesIn(r.properties).map((ref) => [name, ref] as const)),
        ...referencesIn(program.outputs).map((ref) => ["outputs", ref] as const),
    ]) {
        if (reference.root === "pulumi") continue;
        if (program.config?.[reference.root] !== undefined) continue;
        const target = program.resources[reference.root];
        if (!target) {
            problems.push(`${where}: \${${reference.root}} names no resource or configuration key`);
            continue;
        }
        const outputs = resourceOf(schema, target.type)?.properties ?? {};
        if (reference.path.length === 0 || !outputs[reference.path[0]]) problems.push(`${where}: \${${reference.root}.${reference.path.join(".")}} is not an output of ${target.type}`);
    }
    return problems;
}

function dig(value: any, keys: string[], label: string): unknown {
    let here = value;
    for (const key of keys) {
        if (here === undefined || here === null || typeof here !== "object") throw new Error(`\${${label}}: nothing at ${key}`);
        here = here[key];
    }
    return here;
}

/** A resolved value, and the resources it came from. */
interface Resolved {
    readonly value: unknown;
    readonly from: readonly string[];
}

/**
 * Resolves every `${...}` in a value. What came from a resource's output is sent as an output value
 * (its value and the URNs it came from), as the engine sends another resource's output to a component;
 * what came only from configuration stays plain.
 */
function resolve(value: unknown, scope: (ref: Reference) => Resolved, asOutput: (value: unknown, from: readonly string[]) => unknown): Resolved {
    if (typeof value === "string") {
        const template = parseTemplate(value);
        const parts = template.filter((p): p is Reference => typeof p !== "string").map(scope);
        const whole = template.length === 1 && parts.length === 1;
        let next = 0;
        const text = template.map((p) => (typeof p === "string" ? p : String(parts[next++].value))).join("");
        const from = [...new Set(parts.flatMap((p) => p.from))];
        const resolved = whole ? parts[0].value : text;
        return { value: from.length > 0 ? asOutput(resolved, from) : resolved, from };
    }
    if (Array.isArray(value)) {
        const items = value.map((v) => resolve(v, scope, asOutput));
        return { value: items.map((i) => i.value), from: [...new Set(items.flatMap((i) => i.from))] };
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value).map(([k, v]) => [k, resolve(v, scope, asOutput)] as const);
        return { value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])), from: [...new Set(entries.flatMap(([, r]) => r.from))] };
    }
    return { value, from: [] };
}

/**
 * Runs the program's resources in dependency order through `construct`, which gets each resource's
 * inputs in their wire form (`asOutput` builds an output value) with, per top-level input, the URNs it
 * depends on, and returns its URN and outputs; then resolves the program's outputs. `config` holds the
 * stack's values by key, without the project prefix.
 */
export async function evaluateYamlProgram(
    program: YamlProgram,
    context: { project: string; stack: string; config: Record<string, unknown> },
    construct: (type: string, name: string, inputs: Record<string, unknown>, dependencies: Record<string, string[]>) => Promise<{ urn: string; state: Record<string, unknown> }>,
    asOutput: (value: unknown, from: readonly string[]) => unknown,
): Promise<{ states: Record<string, Record<string, unknown>>; outputs: Record<string, unknown> }> {
    const created: Record<string, { urn: string; state: Record<string, unknown> }> = {};
    const config: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(program.config ?? {})) config[key] = context.config[key] ?? spec.default;
    const scope = (ref: Reference): Resolved => {
        const label = ref.text;
        if (ref.root === "pulumi") return { value: ({ stack: context.stack, project: context.project } as Record<string, string>)[ref.path[0]], from: [] };
        if (ref.root in config) return { value: dig(config[ref.root], ref.path, label), from: [] };
        if (!(ref.root in created)) throw new Error(`\${${label}}: ${ref.root} has not been created`);
        return { value: dig(created[ref.root].state, ref.path, label), from: [created[ref.root].urn] };
    };
    for (const name of dependencyOrder(program)) {
        const resource = program.resources[name];
        const inputs: Record<string, unknown> = {};
        const dependencies: Record<string, string[]> = {};
        for (const [key, raw] of Object.entries(resource.properties ?? {})) {
            const resolved = resolve(raw, scope, asOutput);
            inputs[key] = resolved.value;
            if (resolved.from.length > 0) dependencies[key] = [...resolved.from];
        }
        created[name] = await construct(resource.type, name, inputs, dependencies);
    }
    const plainOutputs = resolve(program.outputs ?? {}, scope, (value) => value).value as Record<string, unknown>;
    return { states: Object.fromEntries(Object.entries(created).map(([k, v]) => [k, v.state])), outputs: plainOutputs };
}
