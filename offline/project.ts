import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { SECRET } from "./stack-outputs";
import { closestRuleId, isRuleId, RuleException, rules } from "./rules";
import { PlanInputError } from "./errors";
import { readYamlProgram, runtimeOf, yamlEvaluator, YamlProgramFunction } from "./yaml-program";

export { PlanInputError };

interface ConfigDeclaration {
    type?: "string" | "integer" | "boolean" | "array" | "object";
    /** For arrays, the type of each element. */
    items?: ConfigDeclaration;
    default?: unknown;
    /** A project-wide value, for every stack that does not set its own. */
    value?: unknown;
    secret?: boolean;
}

/** True for a `secure:` value (encrypted by the stack's secrets provider, so unreadable offline). */
const isSecure = (value: unknown): boolean => typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value;

/** The value with every `secure:` part replaced by `[secret]`, and whether there was one. */
function maskSecure(value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) return { value: SECRET, secret: true };
    if (Array.isArray(value)) {
        const parts = value.map(maskSecure);
        return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
    }
    if (value && typeof value === "object") {
        const parts = Object.entries(value).map(([k, v]) => [k, maskSecure(v)] as const);
        return { value: Object.fromEntries(parts.map(([k, p]) => [k, p.value])), secret: parts.some(([, p]) => p.secret) };
    }
    return { value, secret: false };
}

/** A Pulumi project and one of its stacks, as the CLI would load them. */
export interface LoadedStack {
    readonly project: string;
    readonly stack: string;
    readonly projectDir: string;
    /** The program's entry file: index.ts or index.js, or for a Pulumi YAML project its Pulumi.yaml. */
    readonly program: string;
    /**
     * For a Pulumi YAML project (`runtime: yaml`), the program as the function `record()` runs
     * instead of loading `program` (offline/yaml-program.ts).
     */
    readonly evaluate?: YamlProgramFunction;
    /** Config as the engine hands it to a program: every value a string, structured values as JSON. */
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
    /** The stack's declared rule exceptions, and the file they came from. */
    readonly exceptions: RuleException[];
    readonly exceptionsFile?: string;
    /**
     * The Pulumi ESC environments the stack file imports (`environment:`). The plan cannot open them
     * (they live in Pulumi Cloud), so the config they would add is missing and the report says so.
     */
    readonly environments: string[];
}

/**
 * The ESC environments a stack file names. `environment:` is a list of environment names, or a
 * mapping with an `imports` list (an environment definition); an entry is a name or a one-key
 * mapping of a name to import options (`- auth-core: { merge: false }`).
 * @see Pulumi docs "Use Pulumi ESC with Pulumi IaC" and "ESC: imports"
 */
export function stackEnvironments(stackDoc: any, file: string): string[] {
    const environment = stackDoc?.environment;
    if (environment === undefined || environment === null) return [];
    const imports = Array.isArray(environment) ? environment : typeof environment === "object" ? (environment.imports ?? []) : undefined;
    if (!Array.isArray(imports)) throw new PlanInputError(`${path.basename(file)}: environment must be a list of ESC environment names (received: ${JSON.stringify(environment)})`);
    const names = imports.map((entry: unknown) => (typeof entry === "string" ? entry : entry && typeof entry === "object" && Object.keys(entry).length === 1 ? Object.keys(entry)[0] : undefined));
    const bad = names.findIndex((n: unknown) => typeof n !== "string" || n === "");
    if (bad >= 0) throw new PlanInputError(`${path.basename(file)}: environment[${bad}] must be an ESC environment name (received: ${JSON.stringify(imports[bad])})`);
    return names as string[];
}

/** The file beside Pulumi.yaml that lists deliberate rule exceptions, each with its reason. */
export const EXCEPTIONS_FILE = "plan-exceptions.yaml";

/**
 * Reads declared rule exceptions. Every entry needs a known rule id, a resource's logical name and a
 * reason; a mistake stops the plan rather than silently excepting nothing (or everything).
 */
export function loadExceptions(file: string): RuleException[] {
    const doc = readYaml(file) ?? {};
    const where = path.basename(file);
    if (typeof doc !== "object" || (doc.exceptions !== undefined && !Array.isArray(doc.exceptions))) {
        throw new PlanInputError(`${where} must hold a list under "exceptions" (received: ${JSON.stringify(doc).slice(0, 80)})`);
    }
    return (doc.exceptions ?? []).map((entry: any, i: number) => {
        const field = (name: string) => `${where}: exceptions[${i}].${name}`;
        if (!entry || typeof entry !== "object") throw new PlanInputError(`${where}: exceptions[${i}] must be a mapping with rule, resource and reason (received: ${JSON.stringify(entry)})`);
        if (typeof entry.rule !== "string" || !isRuleId(entry.rule)) {
            const guess = typeof entry.rule === "string" ? closestRuleId(entry.rule) : undefined;
            throw new PlanInputError(`${field("rule")} must be a rule id such as ${rules[0].id} (received: ${JSON.stringify(entry.rule)})${guess ? `: did you mean ${guess}?` : ""}`);
        }
        if (typeof entry.resource !== "string" || entry.resource === "") throw new PlanInputError(`${field("resource")} must be the logical name of a resource (received: ${JSON.stringify(entry.resource)})`);
        if (typeof entry.reason !== "string" || entry.reason.trim().length < 10) {
            throw new PlanInputError(`${field("reason")} must say why the exception is deliberate, in at least 10 characters (received: ${JSON.stringify(entry.reason)})`);
        }
        if (entry.property !== undefined && typeof entry.property !== "string") throw new PlanInputError(`${field("property")} must be a property path (received: ${JSON.stringify(entry.property)})`);
        if (entry.stacks !== undefined && (!Array.isArray(entry.stacks) || entry.stacks.some((s: unknown) => typeof s !== "string"))) {
            throw new PlanInputError(`${field("stacks")} must be a list of stack names (received: ${JSON.stringify(entry.stacks)})`);
        }
        return { rule: entry.rule, resource: entry.resource, property: entry.property, reason: entry.reason.trim(), stacks: entry.stacks };
    });
}

function readYaml(file: string): any {
    try {
        return parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new PlanInputError(`${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
}

function typeOf(value: unknown): string {
    if (Array.isArray(value)) return "array";
    if (value === null) return "null";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/** Checks a config value against its declared type, accepting what the CLI would coerce from a string. */
function checkType(key: string, value: unknown, declared: ConfigDeclaration, file: string): void {
    if (!declared.type || isSecure(value)) return;
    const actual = typeOf(value);
    const ok =
        declared.type === "string"
            ? actual === "string"
            : declared.type === "integer"
              ? actual === "integer" || (actual === "string" && /^-?\d+$/.test(value as string))
              : declared.type === "boolean"
                ? actual === "boolean" || value === "true" || value === "false"
                : declared.type === "array"
                  ? actual === "array"
                  : actual === "object";
    if (!ok) {
        throw new PlanInputError(`config ${key} must be ${declared.type === "integer" ? "an integer" : `a${/^[aeiou]/.test(declared.type) ? "n" : ""} ${declared.type}`} (received: ${JSON.stringify(value)}) in ${path.basename(file)}`);
    }
    if (declared.type === "array" && declared.items) (value as unknown[]).forEach((item, i) => checkType(`${key}[${i}]`, item, declared.items!, file));
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the Pulumi CLI does: declared defaults (or
 * project-wide values) first, then the stack's values, each checked against its declared type
 * (and, for arrays, its items' type). `secure:` values cannot be decrypted offline; the program
 * receives `[secret]` for them, wherever they sit in a structured value, and the key is secret.
 */
export function loadStack(cwd: string, stack: string, exceptionsFile?: string): LoadedStack {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(cwd, f)).find((f) => fs.existsSync(f));
    if (!projectFile) throw new PlanInputError(`no Pulumi.yaml in ${cwd}: run the plan in a Pulumi project folder, or pass --cwd <folder>`);
    const projectDir = path.dirname(projectFile);
    const doc = readYaml(projectFile) ?? {};
    const project = doc.name;
    if (typeof project !== "string" || project === "") throw new PlanInputError(`${projectFile} has no project name`);

    const configDir = path.resolve(projectDir, doc.stackConfigDir ?? ".");
    const stackFile = ["yaml", "yml"].map((ext) => path.join(configDir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
    if (!stackFile) {
        const known = fs.existsSync(configDir)
            ? fs.readdirSync(configDir).map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1]).filter((s): s is string => !!s)
            : [];
        throw new PlanInputError(`unknown stack "${stack}": no Pulumi.${stack}.yaml in ${configDir} (stacks there: ${known.join(", ") || "none"})`);
    }
    const stackDoc = readYaml(stackFile) ?? {};

    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    const declarations: Record<string, ConfigDeclaration> = {};
    for (const [key, declaration] of Object.entries<ConfigDeclaration | unknown>(doc.config ?? {})) {
        declarations[qualify(key)] = typeof declaration === "object" && declaration !== null ? (declaration as ConfigDeclaration) : { default: declaration };
    }
    const values: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(declarations)) {
        const value = declaration.value ?? declaration.default;
        if (value === undefined) continue;
        checkType(key, value, declaration, projectFile);
        values[key] = value;
    }
    for (const [key, value] of Object.entries<unknown>(stackDoc.config ?? {})) {
        const qualified = qualify(key);
        if (declarations[qualified]) checkType(qualified, value, declarations[qualified], stackFile);
        values[qualified] = value;
    }

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, raw] of Object.entries(values)) {
        const { value, secret } = maskSecure(raw);
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret || declarations[key]?.secret) secretKeys.push(key);
    }

    const { program, evaluate } = programOf(cwd, projectFile, doc, secretKeys);
    const exceptionsPath = exceptionsFile ? path.resolve(cwd, exceptionsFile) : path.join(projectDir, EXCEPTIONS_FILE);
    if (exceptionsFile && !fs.existsSync(exceptionsPath)) throw new PlanInputError(`no exceptions file ${exceptionsPath}`);
    const exceptions = fs.existsSync(exceptionsPath) ? loadExceptions(exceptionsPath) : [];
    return { project, stack, projectDir, program, evaluate, config, secretKeys, exceptions, exceptionsFile: fs.existsSync(exceptionsPath) ? exceptionsPath : undefined, environments: stackEnvironments(stackDoc, stackFile) };
}

/** A Node.js project's entry file, or a YAML project's program as a function; other runtimes are refused by name. */
function programOf(cwd: string, projectFile: string, doc: any, secretKeys: readonly string[]): { program: string; evaluate?: YamlProgramFunction } {
    const projectDir = path.dirname(projectFile);
    const runtime = runtimeOf(doc);
    if (runtime === "yaml") return { program: projectFile, evaluate: yamlEvaluator(readYamlProgram(projectDir), { secretKeys }) };
    if (runtime !== undefined && runtime !== "nodejs") throw new PlanInputError(`the plan runs Node.js and Pulumi YAML programs; this project's runtime is ${runtime}`);
    const main = path.resolve(projectDir, doc.main ?? ".");
    const candidates = fs.existsSync(main) && fs.statSync(main).isDirectory() ? ["index.ts", "index.js"].map((f) => path.join(main, f)) : [main];
    const program = candidates.find((f) => fs.existsSync(f));
    if (!program) throw new PlanInputError(`the program ${path.relative(cwd, main) || "."} has no index.ts or index.js`);
    return { program };
}
