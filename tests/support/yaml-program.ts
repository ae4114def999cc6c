// A Pulumi YAML program, read the way the examples need it: its resources checked against a package
// schema (every type, property, enum value and `${resource.output}` it names), and its resources
// evaluated in dependency order, each with its `${...}` expressions resolved from the configuration
// and from the outputs of the resources before it. Only the part of the YAML language the examples
// use: `${name}`, `${name.property}`, `${name.property["key"]}` / `.key`, `${pulumi.stack}` and
// `${pulumi.project}`, whole or inside a string.
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export interface YamlResource {
    readonly type: string;
    readonly properties?: Record<string, unknown>;
}

export interface YamlProgram {
    readonly name: string;
    readonly runtime: string;
    readonly packages?: Record<string, string>;
    readonly config?: Record<string, { type?: string; default?: unknown }>;
    readonly resources: Record<string, YamlResource>;
    readonly outputs?: Record<string, unknown>;
}

export function readYamlProgram(dir: string): YamlProgram {
    return parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as YamlProgram;
}

const EXPRESSION = /\$\{([^}]+)\}/g;

interface Reference {
    readonly root: string;
    readonly path: string[];
}

function parseReference(expression: string): Reference {
    const parts: string[] = [];
    const re = /^([A-Za-z_][\w-]*)|\.([A-Za-z_][\w-]*)|\["([^"]+)"\]/y;
    let at = 0;
    while (at < expression.length) {
        re.lastIndex = at;
        const m = re.exec(expression);
        if (!m) throw new Error(`unsupported expression \${${expression}}`);
        parts.push(m[1] ?? m[2] ?? m[3]);
        at = re.lastIndex;
    }
    return { root: parts[0], path: parts.slice(1) };
}

/** Every `${...}` in a value, parsed. */
export function referencesIn(value: unknown): Reference[] {
    if (typeof value === "string") return [...value.matchAll(EXPRESSION)].map((m) => parseReference(m[1].trim()));
    if (Array.isArray(value)) return value.flatMap(referencesIn);
    if (value && typeof value === "object") return Object.values(value).flatMap(referencesIn);
    return [];
}

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
function resolve(value: unknown, scope: (ref: Reference, label: string) => Resolved, asOutput: (value: unknown, from: readonly string[]) => unknown): Resolved {
    if (typeof value === "string") {
        const whole = /^\$\{([^}]+)\}$/.exec(value);
        const parts = whole ? [scope(parseReference(whole[1].trim()), whole[1].trim())] : [];
        let text = value;
        if (!whole) {
            text = value.replace(EXPRESSION, (_m, e: string) => {
                const part = scope(parseReference(e.trim()), e.trim());
                parts.push(part);
                return String(part.value);
            });
        }
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
    const scope = (ref: Reference, label: string): Resolved => {
        if (ref.root === "pulumi") return { value: ({ stack: context.stack, project: context.project } as Record<string, string>)[ref.path[0]], from: [] };
        if (ref.root in config) return { value: dig(config[ref.root], ref.path, label), from: [] };
        if (!(ref.root in created)) throw new Error(`\${${label}}: ${ref.root} has not been created`);
        return { value: dig(created[ref.root].state, ref.path, label), from: [created[ref.root].urn] };
    };
    const pending = new Set(Object.keys(program.resources));
    while (pending.size > 0) {
        const ready = [...pending].filter((name) => referencesIn(program.resources[name].properties).every((r) => !pending.has(r.root)));
        if (ready.length === 0) throw new Error(`a dependency cycle among ${[...pending].join(", ")}`);
        for (const name of ready) {
            const resource = program.resources[name];
            const inputs: Record<string, unknown> = {};
            const dependencies: Record<string, string[]> = {};
            for (const [key, raw] of Object.entries(resource.properties ?? {})) {
                const resolved = resolve(raw, scope, asOutput);
                inputs[key] = resolved.value;
                if (resolved.from.length > 0) dependencies[key] = [...resolved.from];
            }
            created[name] = await construct(resource.type, name, inputs, dependencies);
            pending.delete(name);
        }
    }
    const plainOutputs = resolve(program.outputs ?? {}, scope, (value) => value).value as Record<string, unknown>;
    return { states: Object.fromEntries(Object.entries(created).map(([k, v]) => [k, v.state])), outputs: plainOutputs };
}
