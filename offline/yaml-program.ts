// Pulumi YAML programs for the plan: a project whose Pulumi.yaml says `runtime: yaml` is read here
// and evaluated in this process under the recorder, as the YAML language host would run it against
// the engine: resources in dependency order, each `${...}` resolved from the configuration and from
// the resources before it, `outputs:` as the stack outputs. Only the part of the language a
// component program needs: `config`, `resources` (with `options`) and `outputs`; expressions
// `${key}`, `${resource}`, `${resource.output}`, `${resource.output["key"]}` / `.key` / `[0]`,
// `${pulumi.stack}` and `${pulumi.project}`, whole or inside a string. `variables` and the `fn::`
// functions are refused by name, so a plan never runs a program other than the one written.
// tests/support/yaml-program.ts evaluates the same parse over gRPC (the package's Construct).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PUBLISHED_COMPONENTS, type PublishedComponent } from "../components/published";
import { PlanInputError } from "./errors";

export interface YamlResource {
    readonly type: string;
    readonly properties?: Record<string, unknown>;
    readonly options?: Record<string, unknown>;
}

export interface YamlConfigDeclaration {
    readonly type?: string;
    readonly default?: unknown;
    readonly secret?: boolean;
}

export interface YamlProgram {
    readonly name: string;
    readonly runtime: string | { name: string };
    readonly packages?: Record<string, string>;
    readonly config?: Record<string, YamlConfigDeclaration>;
    readonly variables?: unknown;
    readonly resources: Record<string, YamlResource>;
    readonly outputs?: Record<string, unknown>;
}

/** The program a function `record()` runs: what it returns is the stack outputs. */
export type YamlProgramFunction = () => Promise<Record<string, unknown>>;

/** The components a YAML program names as `user-backend:index:<Component>`: the ones the package publishes (components/published.ts). */
const COMPONENTS: Readonly<Record<string, PublishedComponent>> = PUBLISHED_COMPONENTS;

/** The resource options a YAML program may set, each mapped to the same-named Pulumi resource option. */
export const YAML_OPTIONS = ["dependsOn", "protect", "retainOnDelete", "ignoreChanges", "parent", "deleteBeforeReplace", "aliases"] as const;

const RESOURCE_KEYS = ["type", "properties", "options"];

/** `runtime: yaml` or `runtime: { name: yaml }`: the runtime's name, or undefined when there is none. */
export function runtimeOf(doc: { runtime?: unknown }): string | undefined {
    const runtime = doc?.runtime;
    if (typeof runtime === "string") return runtime;
    if (runtime && typeof runtime === "object" && typeof (runtime as { name?: unknown }).name === "string") return (runtime as { name: string }).name;
    return undefined;
}

/** Reads `Pulumi.yaml` (or `Pulumi.yml`) in a folder, as it is written. */
export function readYamlProgram(dir: string): YamlProgram {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f)) ?? path.join(dir, "Pulumi.yaml");
    let doc: any;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new PlanInputError(`${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    return { ...doc, resources: doc?.resources ?? {} } as YamlProgram;
}

/** One `${...}`: its first name (a resource, a config key or `pulumi`) and the path into it. */
export interface Reference {
    readonly root: string;
    readonly path: string[];
    /** The expression as written between `${` and `}`. */
    readonly text: string;
}

/** Parses what stands between `${` and `}`: `name`, then any of `.key`, `["key"]` and `[0]`. */
export function parseReference(expression: string): Reference {
    const text = expression.trim();
    const parts: string[] = [];
    const re = /^([A-Za-z_][\w-]*)|\.([A-Za-z_][\w-]*)|\["([^"]+)"\]|\[(\d+)\]/y;
    let at = 0;
    while (at < text.length) {
        re.lastIndex = at;
        const m = re.exec(text);
        // A name first (`^` matches only there), then steps into it.
        if (!m || (at === 0) !== (m[1] !== undefined)) throw new PlanInputError(`unsupported expression \${${text}}`);
        parts.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
        at = re.lastIndex;
    }
    if (parts.length === 0) throw new PlanInputError("an empty expression ${}");
    return { root: parts[0], path: parts.slice(1), text };
}

/** A string as literal text and `${...}` references, in order (`$${` is a literal `${`). */
export function parseTemplate(value: string): (string | Reference)[] {
    const parts: (string | Reference)[] = [];
    let last = 0;
    for (const m of value.matchAll(/\$\$\{|\$\{([^}]*)\}/g)) {
        if (m.index! > last) parts.push(value.slice(last, m.index));
        parts.push(m[1] === undefined ? "${" : parseReference(m[1]));
        last = m.index! + m[0].length;
    }
    if (last < value.length) parts.push(value.slice(last));
    return parts;
}

/** Every `${...}` in a value, parsed. */
export function referencesIn(value: unknown): Reference[] {
    if (typeof value === "string") return parseTemplate(value).filter((p): p is Reference => typeof p !== "string");
    if (Array.isArray(value)) return value.flatMap(referencesIn);
    if (value && typeof value === "object") return Object.values(value).flatMap(referencesIn);
    return [];
}

/** The resources a resource needs created first: those its properties and options name. */
const dependenciesOf = (program: YamlProgram, name: string): string[] =>
    [...new Set(referencesIn([program.resources[name].properties, program.resources[name].options]).map((r) => r.root))].filter((root) => root in program.resources);

/**
 * The resources in the order they can be created: each after every resource it names, and among
 * those ready at once, in the order the file lists them.
 */
export function dependencyOrder(program: YamlProgram): string[] {
    const order: string[] = [];
    const pending = new Set(Object.keys(program.resources));
    while (pending.size > 0) {
        const ready = [...pending].filter((name) => dependenciesOf(program, name).every((d) => !pending.has(d)));
        if (ready.length === 0) throw new PlanInputError(`a dependency cycle among ${[...pending].join(", ")}: each names another with \${...}`);
        for (const name of ready) {
            order.push(name);
            pending.delete(name);
        }
    }
    return order;
}

/** Where in a value the first `fn::` function sits (`properties.a.b`), or undefined. */
function functionIn(value: unknown, at: string): { at: string; fn: string } | undefined {
    if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) {
            const found = functionIn(v, `${at}[${i}]`);
            if (found) return found;
        }
    } else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            if (k.startsWith("fn::")) return { at, fn: k };
            const found = functionIn(v, `${at}.${k}`);
            if (found) return found;
        }
    }
    return undefined;
}

type ResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions) => pulumi.Resource;

/**
 * The class a resource type names: `user-backend:index:X` (or `user-backend:X`) is the component X;
 * `aws:<module>/<file>:<Class>` or `aws:<module>:<Class>` is `aws[module][Class]` of @pulumi/aws,
 * whose own type token must agree. Anything else is refused: the plan has no other provider.
 */
export function resourceClass(name: string, type: unknown): ResourceClass {
    const parts = typeof type === "string" ? type.split(":") : [];
    if (parts[0] === "user-backend" && (parts.length === 2 || (parts.length === 3 && parts[1] === "index"))) {
        const component = COMPONENTS[parts[parts.length - 1]];
        if (component) return component;
        throw new PlanInputError(`resource ${name}: user-backend has no component ${parts[parts.length - 1]} (it has ${Object.keys(COMPONENTS).join(", ")})`);
    }
    if (parts[0] === "aws" && parts.length === 3) {
        const [module, file] = parts[1].split("/");
        const found = (aws as any)[module]?.[parts[2]];
        const token: unknown = found?.__pulumiType;
        if (typeof token !== "string") throw new PlanInputError(`resource ${name}: type ${type} is not a resource of @pulumi/aws (no class aws.${module}.${parts[2]})`);
        const agrees = file === undefined ? token.startsWith(`aws:${module}/`) && token.endsWith(`:${parts[2]}`) : token === type;
        if (!agrees) throw new PlanInputError(`resource ${name}: type ${type} does not match aws.${module}.${parts[2]}, whose type is ${token}`);
        return found;
    }
    throw new PlanInputError(
        `resource ${name}: type ${typeof type === "string" ? type : JSON.stringify(type)} is not supported offline: the plan runs user-backend:index:<Component> (${Object.keys(COMPONENTS).join(", ")}) and aws:<module>:<Class> resources`,
    );
}

/**
 * Refuses, with a message naming the resource and key, what the plan cannot evaluate: `variables`,
 * `fn::` functions, resource keys and options it does not know, types it cannot create, references
 * to nothing, and cycles.
 */
export function checkYamlProgram(program: YamlProgram): void {
    if (program.variables !== undefined) {
        const names = program.variables && typeof program.variables === "object" ? Object.keys(program.variables).join(", ") : "";
        throw new PlanInputError(`variables (${names}) are not supported by the offline plan: write each value where it is used, or declare it under config`);
    }
    if (!program.resources || typeof program.resources !== "object" || Array.isArray(program.resources)) throw new PlanInputError("resources must be a mapping of resource names to resources");
    const config = configNames(program);
    const check = (where: string, value: unknown, at: string) => {
        const fn = functionIn(value, at);
        if (fn) throw new PlanInputError(`${where}: ${fn.at} uses ${fn.fn}, which the offline plan does not support (no fn:: function is)`);
        for (const ref of referencesIn(value)) {
            if (ref.root === "pulumi") {
                if (ref.path.length !== 1 || !["stack", "project"].includes(ref.path[0])) throw new PlanInputError(`${where}: \${${ref.text}} is not supported (pulumi.stack and pulumi.project are)`);
            } else if (!config.includes(ref.root) && !(ref.root in program.resources)) {
                throw new PlanInputError(`${where}: \${${ref.text}} names no resource or configuration key (resources: ${Object.keys(program.resources).join(", ") || "none"}; config: ${config.join(", ") || "none"})`);
            }
        }
    };
    for (const [name, resource] of Object.entries(program.resources)) {
        const where = `resource ${name}`;
        if (!resource || typeof resource !== "object") throw new PlanInputError(`${where} must be a mapping with type and properties`);
        const extra = Object.keys(resource).find((k) => !RESOURCE_KEYS.includes(k));
        if (extra) throw new PlanInputError(`${where}: ${extra} is not supported by the offline plan (a resource has ${RESOURCE_KEYS.join(", ")})`);
        resourceClass(name, resource.type);
        const option = Object.keys(resource.options ?? {}).find((k) => !(YAML_OPTIONS as readonly string[]).includes(k));
        if (option) throw new PlanInputError(`${where}: option ${option} is not supported by the offline plan (supported: ${YAML_OPTIONS.join(", ")})`);
        check(where, resource.properties, "properties");
        check(where, resource.options, "options");
    }
    check("outputs", program.outputs, "outputs");
    dependencyOrder(program);
}

const configNames = (program: YamlProgram): string[] => Object.keys(program.config ?? {}).filter((k) => !k.includes(":"));

/** A configuration value as its declared type, from the string the engine stores. */
function typedConfig(key: string, raw: string, declared: YamlConfigDeclaration): unknown {
    const type = (declared.type ?? (declared.default === undefined || typeof declared.default === "string" ? "string" : "json")).toLowerCase();
    const fail = (what: string) => new PlanInputError(`config ${key} must be ${what} (received: ${JSON.stringify(raw)})`);
    if (type === "string") return raw;
    if (type === "integer" || type === "int" || type === "number") {
        const n = Number(raw);
        if (raw.trim() === "" || Number.isNaN(n)) throw fail("a number");
        return n;
    }
    if (type === "boolean") {
        if (raw !== "true" && raw !== "false") throw fail("true or false");
        return raw === "true";
    }
    try {
        return JSON.parse(raw);
    } catch {
        throw fail(`JSON (${declared.type ?? "a structured value"})`);
    }
}

/** The program's configuration by key: the stack's value or the declared default, typed; secret keys as secret outputs. */
function readConfig(program: YamlProgram, secretKeys: readonly string[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const key of configNames(program)) {
        const raw = program.config![key];
        const declared: YamlConfigDeclaration = raw && typeof raw === "object" ? raw : { default: raw };
        const full = `${program.name}:${key}`;
        const stored = pulumi.runtime.getConfig(full);
        let value: unknown;
        if (stored !== undefined) value = typedConfig(key, stored, declared);
        else if (declared.default !== undefined) value = declared.default;
        else throw new PlanInputError(`config ${key} is required and has no default: set it in Pulumi.${pulumi.getStack()}.yaml (pulumi config set ${key} <value>)`);
        values[key] = declared.secret || secretKeys.includes(full) ? pulumi.secret(value) : value;
    }
    return values;
}

/** One step into a value: into a plain object, or, for an Output, inside `apply`. */
function step(value: unknown, key: string, label: string): unknown {
    const pick = (here: any) => {
        if (here === null || typeof here !== "object" || !(key in here)) throw new PlanInputError(`${label}: nothing at ${key} (received: ${JSON.stringify(here)?.slice(0, 80)})`);
        return here[key];
    };
    return pulumi.Output.isInstance(value) ? value.apply(pick) : pick(value);
}

/** Resolves one reference to a value: a resource, one of its outputs (a pulumi Output or a plain value), config, or the stack and project. */
type Scope = (ref: Reference, where: string) => unknown;

/** Every `${...}` in a value resolved; a string with text around expressions becomes an Output when any part is one. */
function resolve(value: unknown, scope: Scope, where: string): unknown {
    if (typeof value === "string") {
        const parts = parseTemplate(value);
        if (parts.length === 1 && typeof parts[0] !== "string") return scope(parts[0], where);
        const values = parts.map((p) => {
            if (typeof p === "string") return p;
            const v = scope(p, where);
            if (pulumi.Resource.isInstance(v)) throw new PlanInputError(`${where}: \${${p.text}} is a resource, which cannot stand inside text: name one of its outputs`);
            return v;
        });
        const text = (vs: unknown[]) => vs.map((v) => (typeof v === "string" ? v : v !== null && typeof v === "object" ? JSON.stringify(v) : String(v))).join("");
        return values.some((v) => pulumi.Output.isInstance(v)) ? pulumi.all(values).apply(text) : text(values);
    }
    if (Array.isArray(value)) return value.map((v) => resolve(v, scope, where));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope, where)]));
    return value;
}

/** The Pulumi resource options for a resource's YAML `options`, resolved, each checked for its shape. */
function resourceOptions(name: string, raw: Record<string, unknown>, scope: Scope): pulumi.CustomResourceOptions {
    const where = `resource ${name}`;
    const options = resolve(raw, scope, where) as Record<string, unknown>;
    const fail = (key: string, what: string, value: unknown) =>
        new PlanInputError(`${where}: options.${key} must be ${what} (received: ${pulumi.Resource.isInstance(value) ? "a resource" : JSON.stringify(raw[key] ?? value)})`);
    const resource = (key: string, value: unknown) => {
        if (!pulumi.Resource.isInstance(value)) throw fail(key, "a resource, written ${name}", value);
        return value;
    };
    const boolean = (key: string) => {
        if (options[key] !== undefined && typeof options[key] !== "boolean") throw fail(key, "true or false", options[key]);
        return options[key] as boolean | undefined;
    };
    const out: pulumi.CustomResourceOptions = {};
    const set = (key: keyof pulumi.CustomResourceOptions, value: unknown) => {
        if (value !== undefined) (out as Record<string, unknown>)[key] = value;
    };
    if (options.dependsOn !== undefined) set("dependsOn", (Array.isArray(options.dependsOn) ? options.dependsOn : [options.dependsOn]).map((d, i) => resource(`dependsOn[${i}]`, d)));
    if (options.parent !== undefined) set("parent", resource("parent", options.parent));
    set("protect", boolean("protect"));
    set("retainOnDelete", boolean("retainOnDelete"));
    set("deleteBeforeReplace", boolean("deleteBeforeReplace"));
    if (options.ignoreChanges !== undefined) {
        if (!Array.isArray(options.ignoreChanges) || options.ignoreChanges.some((p) => typeof p !== "string")) throw fail("ignoreChanges", "a list of property paths", options.ignoreChanges);
        set("ignoreChanges", options.ignoreChanges);
    }
    if (options.aliases !== undefined) {
        if (!Array.isArray(options.aliases)) throw fail("aliases", "a list of URNs or of aliases (name, type, parent, stack, project)", options.aliases);
        set(
            "aliases",
            options.aliases.map((alias, i) => {
                if (typeof alias === "string" || pulumi.Output.isInstance(alias)) return alias;
                const keys = ["name", "type", "parent", "stack", "project"];
                if (!alias || typeof alias !== "object" || Object.keys(alias).some((k) => !keys.includes(k))) throw fail(`aliases[${i}]`, `a URN or a mapping of ${keys.join(", ")}`, alias);
                return alias as pulumi.Alias;
            }),
        );
    }
    return out;
}

/**
 * The program as a function `record()` runs: it checks the program first (see `checkYamlProgram`),
 * then, at run time, creates each resource with `new Class(name, properties, options)` in dependency
 * order and returns the resolved `outputs:`. Configuration comes from the run's stack config
 * (`<project>:<key>`), typed as declared, or the declared default; `secretKeys` (`<project>:<key>`)
 * are read as secrets.
 */
export function yamlEvaluator(program: YamlProgram, options: { readonly secretKeys?: readonly string[] } = {}): YamlProgramFunction {
    checkYamlProgram(program);
    const order = dependencyOrder(program);
    return async () => {
        const config = readConfig(program, options.secretKeys ?? []);
        const created: Record<string, pulumi.Resource> = {};
        const scope: Scope = (ref, where) => {
            const label = `${where}: \${${ref.text}}`;
            if (ref.root === "pulumi") return ref.path[0] === "stack" ? pulumi.getStack() : pulumi.getProject();
            if (ref.root in config) return ref.path.reduce((v, key) => step(v, key, label), config[ref.root]);
            const resource = created[ref.root] as pulumi.Resource & Record<string, unknown>;
            if (ref.path.length === 0) return resource;
            const [output, ...rest] = ref.path;
            if (!(output in resource) || typeof resource[output] === "function") throw new PlanInputError(`${label}: ${program.resources[ref.root].type} has no output ${output}`);
            return rest.reduce((v, key) => step(v, key, label), resource[output]);
        };
        for (const name of order) {
            const resource = program.resources[name];
            const Class = resourceClass(name, resource.type);
            created[name] = new Class(name, resolve(resource.properties ?? {}, scope, `resource ${name}`), resourceOptions(name, resource.options ?? {}, scope));
        }
        return resolve(program.outputs ?? {}, scope, "outputs") as Record<string, unknown>;
    };
}
