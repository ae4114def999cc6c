import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import { OfflineEnvironment, checkedInputs, offlineEnvironment } from "./aws-outputs";
import { mocks as offlineMocks } from "./mocks";

/**
 * A value that is not known until the resource is created. Offline previews show it the way
 * `pulumi preview` does; offline updates never contain it.
 */
export class UnknownValue {
    toString(): string {
        return "(known after apply)";
    }
    toJSON(): string {
        return this.toString();
    }
}

export const unknown = new UnknownValue();

/** How a secret stack output reads when `RecordOptions.maskSecrets` is set. */
export const SECRET = "[secret]";

export function isUnknown(value: unknown): value is UnknownValue {
    return value instanceof UnknownValue;
}

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** An alias as the program declared it: either a whole URN or the parts that changed. */
export interface RecordedAlias {
    urn?: string;
    name?: string;
    type?: string;
    parentUrn?: string;
    noParent?: boolean;
    stack?: string;
    project?: string;
}

/** One resource registration, as the Pulumi engine would have received it. */
export interface RecordedResource {
    readonly urn: string;
    /** The type token, for example `aws:s3/bucket:Bucket`. */
    readonly type: string;
    /** The logical (Pulumi) name. */
    readonly name: string;
    /** False for component resources. */
    readonly custom: boolean;
    /** URN of the parent resource, if any. */
    readonly parent?: string;
    /** Resolved inputs. Secret values are plain here and listed in `secretInputs`. */
    readonly inputs: Record<string, any>;
    /** Top-level input names whose values are secret. */
    readonly secretInputs: ReadonlySet<string>;
    /** State after create (inputs plus computed outputs); in a preview, only what is known before create. */
    readonly outputs: Record<string, any>;
    /** The physical id, or `unknown` in a preview. */
    readonly id?: string | UnknownValue;
    /** URNs of every resource this one waits for: explicit `dependsOn` and resources its inputs came from. */
    readonly dependencies: readonly string[];
    /** For each input, the URNs of the resources its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /**
     * URNs this resource waits for that none of its inputs explains: what `dependsOn` added.
     * A resource named in `dependsOn` that also feeds an input is not listed here.
     */
    readonly explicitDependencies: readonly string[];
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly replaceOnChanges: readonly string[];
    readonly aliases: readonly RecordedAlias[];
    /** Reference of the explicit provider, if one was given. */
    readonly provider?: string;
    /** What a component passed to `registerOutputs` (empty for custom resources and until it is called). */
    readonly registeredOutputs: Record<string, any>;
}

/** How to run a program offline. */
export interface RecordOptions {
    /** @default "project" */
    readonly project?: string;
    /** @default "stack" */
    readonly stack?: string;
    /**
     * Run as a preview: computed outputs stay unknown, as in `pulumi preview`.
     * @default false
     */
    readonly preview?: boolean;
    /**
     * In a full run, show `Recording.result` the way a preview would: an Output built from a value
     * that exists only after create (an id, an ARN, a computed attribute) reads as `unknown`, while
     * plain values, configuration and autonamed names stay known. The resource graph keeps its
     * realistic values, so one run serves both the report and the rules.
     *
     * The recorder cannot see which values an Output was computed from, only the resources it came
     * from and its resolved value, so this is an inference (see `PreviewInference`): exact for a
     * resource's own property read directly, and for any Output that carries a computed value, an id
     * or ARN say. Where it cannot tell, it says unknown; a preview would sometimes know those values.
     * @default false
     */
    readonly previewOutputs?: boolean;
    /** Stack configuration, keyed `namespace:key` as in `Pulumi.<stack>.yaml`. Values are strings, as Pulumi stores them. */
    readonly config?: Record<string, string>;
    /** Configuration keys (`namespace:key`) whose values are secret. */
    readonly secretConfigKeys?: readonly string[];
    /**
     * The account, region and partition to pretend to deploy into. A region left out is `aws:region`
     * from `config`, as the provider reads it, else `us-east-1`.
     */
    readonly environment?: Partial<OfflineEnvironment>;
    /**
     * Show secret stack outputs as `[secret]` in `Recording.result`, as `pulumi preview` does.
     * @default false
     */
    readonly maskSecrets?: boolean;
    /**
     * Give up on a program that has not finished after this many seconds.
     * @default 60
     */
    readonly timeoutSeconds?: number;
    /**
     * Accept a run in which the program registered no resource. Without it such a run throws
     * `EmptyRecordingError`: it is most often a program that was not run at all (see there).
     * @default false
     */
    readonly allowEmpty?: boolean;
}

/**
 * Raised when the program registered no resource (the stack aside), unless `RecordOptions.allowEmpty`.
 * The usual cause is `record(() => require("./index"))` run twice in one process: Node returns the
 * module it cached the first time without running it again, and rules then find nothing to check.
 */
export class EmptyRecordingError extends Error {
    constructor() {
        super(
            "record(): the program registered no resource. A program loaded with require() or import earlier in this process is not run again " +
                '(Node caches modules): give record() its path, record("./index"), to load it fresh on every run. ' +
                "If the program is meant to create nothing, pass { allowEmpty: true }.",
        );
        this.name = "EmptyRecordingError";
    }
}

/** Raised when a program does not finish within `RecordOptions.timeoutSeconds`. */
export class OfflineTimeoutError extends Error {
    constructor(
        readonly seconds: number,
        readonly registered: number,
    ) {
        super(`the program did not finish within ${seconds} s (${registered} resources registered by then); it may wait on something that never resolves`);
        this.name = "OfflineTimeoutError";
    }
}

type ResourceClass = { readonly __pulumiType: string } | { prototype: unknown; name: string };

function typeOf(kind: string | ResourceClass): string {
    if (typeof kind === "string") return kind;
    const token = (kind as any).__pulumiType;
    if (typeof token !== "string") {
        throw new Error(`${(kind as any).name ?? "value"} is not a Pulumi resource class with a type token`);
    }
    return token;
}

/**
 * The resource graph that one offline run of a program registered, with what it returned.
 * Find resources by type (a token or a resource class such as `aws.s3.Bucket`) and logical name.
 *
 * Lookups use indexes built once, the first time they are needed, so that reading a graph of
 * thousands of resources stays linear in its size. The graph is not meant to change after the run.
 */
export class Recording<T = unknown> {
    private readonly byUrn: ReadonlyMap<string, RecordedResource>;
    private byType?: Map<string, RecordedResource[]>;
    private byParent?: Map<string, RecordedResource[]>;
    private readonly byOutput = new Map<string, Map<unknown, RecordedResource>>();

    constructor(
        readonly resources: readonly RecordedResource[],
        /**
         * What the program returned, with its Outputs resolved (the stack outputs). In a preview, or
         * with `RecordOptions.previewOutputs`, a value not known before create is `unknown`, and a
         * resource the program returned reads as its properties, as `pulumi preview` shows it (its
         * type still says resource); a full run returns the resource object itself.
         */
        readonly result: T,
        readonly preview: boolean,
        readonly environment: OfflineEnvironment,
    ) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }

    private ofType(type: string): readonly RecordedResource[] {
        this.byType ??= group(this.resources, (r) => r.type);
        return this.byType.get(type) ?? [];
    }

    /** Every resource of a type, in registration order. */
    all(kind: string | ResourceClass): RecordedResource[] {
        return [...this.ofType(typeOf(kind))];
    }

    /** The one resource of this type and name; throws if there is none or more than one. */
    one(kind: string | ResourceClass, name: string): RecordedResource {
        const type = typeOf(kind);
        const found = this.ofType(type).filter((r) => r.name === name);
        if (found.length !== 1) {
            const names = this.ofType(type).map((r) => r.name);
            throw new Error(
                `expected one ${type} named "${name}", found ${found.length} (names of that type: ${names.join(", ") || "none"})`,
            );
        }
        return found[0];
    }

    /** The resource of this type and name, or undefined. */
    find(kind: string | ResourceClass, name: string): RecordedResource | undefined {
        return this.ofType(typeOf(kind)).find((r) => r.name === name);
    }

    byUrnOrThrow(urn: string): RecordedResource {
        const found = this.byUrn.get(urn);
        if (!found) throw new Error(`no recorded resource has URN ${urn}`);
        return found;
    }

    /** Direct children of a resource, in registration order. */
    children(parent: RecordedResource): RecordedResource[] {
        this.byParent ??= group(
            this.resources.filter((r) => r.parent !== undefined),
            (r) => r.parent!,
        );
        return [...(this.byParent.get(parent.urn) ?? [])];
    }

    /** Every resource below a resource, depth first. */
    descendants(parent: RecordedResource): RecordedResource[] {
        const out: RecordedResource[] = [];
        // An explicit stack rather than recursion: a deep tree neither overflows nor copies arrays per level.
        const pending = this.children(parent).reverse();
        while (pending.length > 0) {
            const next = pending.pop()!;
            out.push(next);
            pending.push(...this.children(next).reverse());
        }
        return out;
    }

    parentOf(resource: RecordedResource): RecordedResource | undefined {
        return resource.parent ? this.byUrn.get(resource.parent) : undefined;
    }

    /** True when `resource` waits for `other`, directly (the engine orders creates by this). */
    dependsOn(resource: RecordedResource, other: RecordedResource): boolean {
        return resource.dependencies.includes(other.urn);
    }

    /** The resource whose output `property` equals `value`, for following ids and ARNs between resources. */
    findByOutput(kind: string | ResourceClass, property: string, value: unknown): RecordedResource | undefined {
        const type = typeOf(kind);
        const key = `${type}\u0000${property}`;
        let index = this.byOutput.get(key);
        if (!index) {
            index = new Map();
            // The first in registration order wins, as a scan would find it.
            for (const r of this.ofType(type)) if (!index.has(r.outputs[property])) index.set(r.outputs[property], r);
            this.byOutput.set(key, index);
        }
        // A Map matches like `===` except that NaN equals NaN; no id or ARN is NaN.
        return index.get(value);
    }
}

function group<K>(items: readonly RecordedResource[], key: (r: RecordedResource) => K): Map<K, RecordedResource[]> {
    const out = new Map<K, RecordedResource[]>();
    for (const item of items) {
        const k = key(item);
        const list = out.get(k);
        if (list) list.push(item);
        else out.set(k, [item]);
    }
    return out;
}

/** Lets the caller read an Output's value, or learn that it is unknown (in a preview). */
export async function resolveOutput<T>(value: pulumi.Input<T>): Promise<T | UnknownValue> {
    const output = pulumi.output(value) as any;
    // `isKnown` and `promise()` are the SDK's own way to read an Output outside `apply`;
    // `apply` never runs its callback for an unknown value, which would hang a preview.
    if (!(await output.isKnown)) return unknown;
    return (await output.promise()) as T;
}

interface Resolution {
    readonly maskSecrets: boolean;
    /**
     * Show a returned resource as its properties, as the engine shows stack outputs; set for a preview
     * and for preview outputs, which are for display. A full run returns the resource object itself.
     */
    readonly expandResources: boolean;
    /** Set with `RecordOptions.previewOutputs`: decides which Outputs a preview would know. */
    readonly inference?: PreviewInference;
    /** Resources being expanded, outermost first, so that a resource met again inside itself reads as its URN. */
    readonly expanding: readonly pulumi.Resource[];
    /** The run's registrations, for a component's registered outputs. */
    readonly byUrn: ReadonlyMap<string, RecordedResource>;
}

/** Resolves the Outputs inside a plain value (what a program returns), leaving unknowns marked. */
async function resolveDeep(value: unknown, how: Resolution): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // `isSecret` is the SDK's own flag, set for secret config and everything derived from it.
        if (how.maskSecrets && (await (value as any).isSecret)) return SECRET;
        const resolved = await resolveOutput(value);
        if (how.inference && !isUnknown(resolved) && !(await how.inference.wouldKnow(value, resolved))) return unknown;
        return resolveDeep(resolved, how);
    }
    if (value instanceof Promise) return resolveDeep(await value, how);
    if (isUnknown(value) || (pulumi.Resource.isInstance(value) && !how.expandResources)) return value;
    if (pulumi.Resource.isInstance(value)) {
        // The engine shows an exported resource as its properties, without the SDK's own `__` fields,
        // and a resource met again inside itself as its URN (`massage` in @pulumi/pulumi runtime/stack.js).
        if (how.expanding.includes(value)) return resolveDeep(value.urn, how);
        const inner = { ...how, expanding: [...how.expanding, value] };
        const shown = await componentOutputs(value, how);
        if (shown) {
            const entries = await Promise.all(Object.entries(shown).map(async ([k, v]) => [k, await resolveDeep(v, inner)] as const));
            return Object.fromEntries(entries);
        }
        const keys = Object.keys(value).filter((k) => !k.startsWith("__"));
        const entries = await Promise.all(keys.map(async (k) => [k, await resolveDeep((value as any)[k], inner)] as const));
        return Object.fromEntries(entries);
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => resolveDeep(v, how)));
    if (value && typeof value === "object") {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v, how)] as const));
        return Object.fromEntries(entries);
    }
    return value;
}

/**
 * What an exported component shows: its URN and what it passed to `registerOutputs`, the outputs its
 * author chose, rather than every field (children included) as the engine's `massage` would print.
 * Each output is read from the component's field of the same name when it has one, so that a preview
 * decides it like any Output; otherwise from the registration, where in a full run with preview
 * outputs a value that contains one of its resources' computed values reads as unknown. Undefined for
 * a custom resource and for a component that registered no outputs: those show as their properties.
 */
async function componentOutputs(resource: pulumi.Resource, how: Resolution): Promise<Record<string, unknown> | undefined> {
    if (pulumi.CustomResource.isInstance(resource)) return undefined;
    const urn = await resolveOutput(resource.urn);
    const recorded = typeof urn === "string" ? how.byUrn.get(urn) : undefined;
    if (!recorded || Object.keys(recorded.registeredOutputs).length === 0) return undefined;
    const shown: Record<string, unknown> = { urn };
    for (const [key, registered] of Object.entries(recorded.registeredOutputs)) {
        const field = (resource as any)[key];
        if (field !== undefined && !key.startsWith("__")) shown[key] = field;
        else shown[key] = how.inference && !how.inference.knownInComponent(recorded, registered) ? unknown : registered;
    }
    return shown;
}

/** What a preview would have known about one resource, worked out from its full-run registration. */
interface PreviewFacts {
    /** Properties a preview knows: the URN, and the checked inputs (autonamed names included) that were known themselves. */
    readonly known: ReadonlySet<string>;
    /** Strings that exist only after create: the id and every other property's value. */
    readonly computed: readonly string[];
    /** The strings of the known properties, the URN included. */
    readonly knownValues: readonly string[];
}

/**
 * Decides, after a full run, whether a preview would have known an Output, for
 * `RecordOptions.previewOutputs`.
 *
 * A preview knows a resource's URN and its checked inputs (what the mock returns before create,
 * autonamed names included), each only if the input itself was known; the id and everything the
 * provider computes stay unknown, and so does every Output built from one of them (an `apply` over
 * an unknown value never runs). The SDK tracks which resources an Output came from
 * (`getAllResources`), not which of their properties, so:
 * - an Output that is a resource's own property (`bucket.arn`, `pool.id`) is decided exactly;
 * - an Output from no resource (plain values, configuration, invokes) is known;
 * - any other Output is unknown when its value contains, as a whole token, a value one of its
 *   resources computed (an id inside a URL, an ARN inside a document), and known when it contains
 *   a known value of each of its resources. When it contains neither (`id.apply((id) => id.length)`),
 *   nothing shows what it was built from, and it reads as unknown.
 * Where a computed value equals a known one (a bucket's id is its name), a built Output that
 * contains it reads as unknown: `interpolate` over `bucket.bucket` does, although a preview knows it.
 */
class PreviewInference {
    private readonly facts = new Map<string, PreviewFacts>();

    constructor(private readonly byUrn: ReadonlyMap<string, RecordedResource>) {}

    async wouldKnow(output: pulumi.Output<unknown>, value: unknown): Promise<boolean> {
        const sources: RecordedResource[] = [];
        for (const resource of await pulumi.getAllResources(output)) {
            const urn = await resolveOutput(resource.urn);
            const recorded = typeof urn === "string" ? this.byUrn.get(urn) : undefined;
            // A custom resource the recorder never saw registered (read, not created): nothing shows what is known.
            if (!recorded) {
                if (pulumi.CustomResource.isInstance(resource)) return false;
                continue;
            }
            // A component's Outputs come from its children, which the SDK lists as well.
            if (!recorded.custom) continue;
            for (const key of Object.keys(resource)) {
                if ((resource as any)[key] === output) return this.of(recorded).known.has(key);
            }
            sources.push(recorded);
        }
        return this.builtFromKnown(stringsIn(value), sources);
    }

    /** For a value a component registered that no field holds: unknown when it contains a value one of its resources computed. */
    knownInComponent(component: RecordedResource, value: unknown): boolean {
        const strings = stringsIn(value);
        for (const resource of this.byUrn.values()) {
            if (!resource.custom || !this.isBelow(resource, component)) continue;
            if (this.of(resource).computed.some((c) => strings.some((s) => containsToken(s, c)))) return false;
        }
        return true;
    }

    private isBelow(resource: RecordedResource, ancestor: RecordedResource): boolean {
        for (let at = resource.parent; at !== undefined; at = this.byUrn.get(at)?.parent) if (at === ancestor.urn) return true;
        return false;
    }

    private builtFromKnown(strings: readonly string[], sources: readonly RecordedResource[]): boolean {
        const facts = sources.map((r) => this.of(r));
        if (facts.some((f) => f.computed.some((c) => strings.some((s) => containsToken(s, c))))) return false;
        return facts.every((f) => f.knownValues.some((k) => strings.some((s) => containsToken(s, k))));
    }

    private of(resource: RecordedResource): PreviewFacts {
        const cached = this.facts.get(resource.urn);
        if (cached) return cached;
        const checked = checkedInputs(resource.type, resource.name, resource.inputs);
        const known = new Set(["urn"]);
        for (const key of Object.keys(checked)) if (this.inputKnown(resource, key)) known.add(key);
        const computed = stringsIn(resource.id);
        const knownValues = [resource.urn];
        for (const [key, value] of Object.entries(resource.outputs)) (known.has(key) ? knownValues : computed).push(...stringsIn(value));
        const facts = { known, computed, knownValues };
        this.facts.set(resource.urn, facts);
        return facts;
    }

    /** A preview knows an input that came from no resource, or one built from known values of the resources it came from. */
    private inputKnown(resource: RecordedResource, key: string): boolean {
        const from = resource.propertyDependencies[key] ?? [];
        if (from.length === 0) return true;
        const sources: RecordedResource[] = [];
        for (const urn of from) {
            const source = this.byUrn.get(urn);
            if (!source) return false;
            if (source.custom) sources.push(source);
        }
        return this.builtFromKnown(stringsIn(resource.inputs[key]), sources);
    }
}

/** Every non-empty string inside a value (not inside Outputs or resources, which are resolved on their own). */
function stringsIn(value: unknown, out: string[] = []): string[] {
    if (typeof value === "string") {
        if (value !== "") out.push(value);
    } else if (Array.isArray(value)) {
        for (const v of value) stringsIn(v, out);
    } else if (value && typeof value === "object" && !pulumi.Output.isInstance(value) && !pulumi.Resource.isInstance(value) && !isUnknown(value)) {
        for (const v of Object.values(value)) stringsIn(v, out);
    }
    return out;
}

const TOKEN_CHARACTER = /[A-Za-z0-9_]/;

/**
 * Internal. Exported for testing. True when `token` occurs in `text` as a whole: not glued to a
 * letter, digit or `_` on a side where the token itself ends in one. `abc123` is in
 * `https://abc123.execute-api…` and in `pool-abc123-suffix`, not in `abc1234`.
 */
export function containsToken(text: string, token: string): boolean {
    const gluedBefore = TOKEN_CHARACTER.test(token[0]);
    const gluedAfter = TOKEN_CHARACTER.test(token[token.length - 1]);
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
        const before = at > 0 && gluedBefore && TOKEN_CHARACTER.test(text[at - 1]);
        const after = at + token.length < text.length && gluedAfter && TOKEN_CHARACTER.test(text[at + token.length]);
        if (!before && !after) return true;
    }
    return false;
}

function plain(value: any): any {
    if (value === pulumi.runtime.unknownValue || pulumi.isUnknown(value)) {
        return unknown;
    }
    if (pulumi.runtime.isRpcSecret(value)) return plain(pulumi.runtime.unwrapRpcSecret(value));
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") {
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) out[k] = plain(v);
        return out;
    }
    return value;
}

/**
 * A resource passed as an input travels as a reference; the provider reads it as the resource's id
 * (a component's URN). Record that value rather than letting the SDK rebuild a live resource object.
 */
function referencesAsIds(value: any): any {
    if (Array.isArray(value)) return value.map(referencesAsIds);
    if (value && typeof value === "object") {
        if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialResourceSig) {
            return value.id === undefined ? value.urn : value.id === "" ? pulumi.runtime.unknownValue : value.id;
        }
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) out[k] = referencesAsIds(v);
        return out;
    }
    return value;
}

function deserialize(struct: any): { values: Record<string, any>; secrets: Set<string> } {
    const js = referencesAsIds(struct.toJavaScript());
    // The SDK reads only `toJavaScript()` of the struct.
    const raw = pulumi.runtime.deserializeProperties({ toJavaScript: () => js } as Parameters<typeof pulumi.runtime.deserializeProperties>[0], true);
    const secrets = new Set<string>();
    const values: Record<string, any> = {};
    for (const [k, v] of Object.entries(raw)) {
        if (pulumi.runtime.isRpcSecret(v)) secrets.add(k);
        values[k] = plain(v);
    }
    return { values, secrets };
}

function readAlias(alias: any): RecordedAlias {
    const urn = alias.getUrn?.();
    if (urn) return { urn };
    const spec = alias.getSpec();
    const out: RecordedAlias = {};
    if (spec.getName()) out.name = spec.getName();
    if (spec.getType()) out.type = spec.getType();
    if (spec.getParenturn()) out.parentUrn = spec.getParenturn();
    if (spec.getNoparent()) out.noParent = true;
    if (spec.getStack()) out.stack = spec.getStack();
    if (spec.getProject()) out.project = spec.getProject();
    return out;
}

/** One offline run at a time: the Pulumi runtime is a process-wide singleton. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Runs a Pulumi program in this process against a recording mock engine and returns the
 * resource graph it registered. No Pulumi CLI, provider plugin or cloud account is involved.
 *
 * The program is a function, or the path of its module: `record("./index")`. A path is resolved
 * like `require` resolves it, from the file that calls `record` (an absolute path as it is), and
 * the module is loaded fresh on every run, with every module of its folder outside `node_modules`:
 * a module Node has cached would not run again and would register nothing. A module that exports a
 * function is called, and what it returns is the outputs, as the Pulumi CLI does.
 *
 * The program runs inside a stack resource, like `pulumi up`; what it returns becomes the stack
 * outputs (`Recording.result`). A run that registers no resource throws `EmptyRecordingError`
 * unless `allowEmpty` is set. Runs are serialized, because the Pulumi runtime is global state.
 */
export function record<T>(program: () => T | Promise<T>, options?: RecordOptions): Promise<Recording<pulumi.Unwrap<T>>>;
export function record(program: string, options?: RecordOptions): Promise<Recording<Record<string, any>>>;
export function record(program: string | (() => unknown), options: RecordOptions = {}): Promise<Recording<any>> {
    let body: () => unknown;
    if (typeof program === "string") {
        let file: string;
        try {
            file = resolveProgram(program, callerDirectory());
        } catch (e) {
            return Promise.reject(e);
        }
        body = () => loadProgram(file);
    } else {
        body = program;
    }
    const run = running.then(
        () => recordNow(body, options),
        () => recordNow(body, options),
    );
    running = run.catch(() => undefined);
    return run;
}

/** The directory of the file that called `record`, or the working directory when there is none. */
function callerDirectory(): string {
    const installed = Error.prepareStackTrace;
    let files: (string | undefined)[] = [];
    try {
        // V8's structured stack trace API: the frames as CallSite objects, below `record` itself.
        Error.prepareStackTrace = (_error, frames) => frames.map((frame) => frame.getFileName() ?? undefined);
        const holder: { stack?: unknown } = {};
        Error.captureStackTrace(holder, record);
        files = (holder.stack as (string | undefined)[] | undefined) ?? [];
    } finally {
        Error.prepareStackTrace = installed;
    }
    const file = files.find((f) => f !== undefined && f !== __filename && !f.startsWith("node:"));
    if (!file) return process.cwd();
    return path.dirname(file.startsWith("file:") ? fileURLToPath(file) : file);
}

function resolveProgram(specifier: string, from: string): string {
    try {
        return require.resolve(specifier, { paths: [from] });
    } catch (e) {
        throw new Error(`record(): cannot find the program "${specifier}" from ${from}: ${(e as Error).message.split("\n")[0]}`);
    }
}

/**
 * Internal. Loads a program's module afresh, as the plan and `record(path)` run it: every module of
 * its folder outside `node_modules` is dropped from `require.cache` first, since the program
 * registers its resources when it is loaded. A module that exports a function is called, as the
 * Pulumi CLI does (`@pulumi/pulumi` cmd/run/run.js: "If the exported value was itself a Function").
 */
export function loadProgram(file: string): unknown {
    // Node caches modules by their real path, so a symlinked program folder is cleared by its target.
    const programDir = fs.realpathSync(path.dirname(file));
    for (const cached of Object.keys(require.cache)) {
        if (cached.startsWith(programDir + path.sep) && !cached.includes(`${path.sep}node_modules${path.sep}`)) delete require.cache[cached];
    }
    const exported = require(file);
    return typeof exported === "function" ? exported() : exported;
}

async function recordNow<T>(program: () => T | Promise<T>, options: RecordOptions): Promise<Recording<pulumi.Unwrap<T>>> {
    const config = options.config ?? {};
    const env = offlineEnvironment(options.environment, (key) => config[key]);
    const preview = options.preview ?? false;
    const resources: RecordedResource[] = [];
    const byUrn = new Map<string, RecordedResource>();

    // A failed registration leaves the resources that wait for it pending forever, so the run ends at
    // the first failure instead of waiting for them; a program that never settles ends at the timeout.
    const failures: unknown[] = [];
    let fail: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const onRejection = (reason: unknown) => {
        failures.push(reason);
        fail(reason);
    };
    // The ready mocks users get (offline/mocks.ts), with the run's environment fixed.
    const answers = offlineMocks({ environment: env, preview });
    const mocks: pulumi.runtime.Mocks = {
        newResource: (args) => answers.newResource(args),
        call(args) {
            try {
                return answers.call(args);
            } catch (e) {
                // The SDK reports a failed invoke to the program as a bare "Error"; keep the reason.
                fail(e);
                throw e;
            }
        },
    };

    pulumi.runtime.setAllConfig(config, [...(options.secretConfigKeys ?? [])]);
    await pulumi.runtime.setMocks(mocks, options.project ?? "project", options.stack ?? "stack", preview);

    // `newResource` does not see a resource's parent, options or dependencies, so read them from
    // the registration request that the SDK sends to the monitor.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp?: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err) {
                try {
                    const recorded = readRegistration(req, resp, preview);
                    resources.push(recorded);
                    byUrn.set(recorded.urn, recorded);
                } catch (e) {
                    return callback(e);
                }
            }
            callback(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp?: any) => void) => {
        const resource = byUrn.get(req.getUrn());
        if (resource) Object.assign(resource.registeredOutputs, deserialize(req.getOutputs()).values);
        registerOutputs(req, callback);
    };

    const restoreStackTraces = omitFramesOfAnonymousTraces();

    // The SDK reports a failed registration (an input whose `apply` threw, say) as an unhandled
    // rejection. Take those over for the run, so they fail this run instead of the host process
    // (or the test runner's current test), and give the other listeners back afterwards.
    const others = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", onRejection);
    const timeoutSeconds = options.timeoutSeconds ?? 60;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
            () => reject(new OfflineTimeoutError(timeoutSeconds, resources.length)),
            timeoutSeconds * 1000,
        );
    });
    const run = async () => {
        let returned: unknown;
        await pulumi.runtime.runInPulumiStack(async () => {
            returned = await program();
            return returned;
        });
        // Resources registered from inside `apply` callbacks may still be on their way.
        await pulumi.runtime.disconnect();
        // A failed registration surfaces as an unhandled rejection on a later turn: wait for it.
        await new Promise((resolve) => setImmediate(resolve));
        if (failures.length > 0) throw failures[0];
        if (!options.allowEmpty && !resources.some((r) => r.type !== "pulumi:pulumi:Stack")) throw new EmptyRecordingError();
        const inference = options.previewOutputs && !preview ? new PreviewInference(byUrn) : undefined;
        const how: Resolution = { maskSecrets: options.maskSecrets ?? false, expandResources: preview || options.previewOutputs === true, inference, expanding: [], byUrn };
        return (await resolveDeep(returned, how)) as pulumi.Unwrap<T>;
    };
    try {
        const result = await Promise.race([run(), failed, timedOut]);
        return new Recording(resources, result, preview, env);
    } catch (e) {
        await new Promise((resolve) => setImmediate(resolve));
        throw e;
    } finally {
        clearTimeout(timer);
        process.off("unhandledRejection", onRejection);
        for (const listener of others) process.on("unhandledRejection", listener);
        restoreStackTraces();
    }
}

/** How many anonymous traces the recorder has formatted without frames, in this process. */
let anonymousTraces = 0;

/** Internal. Exported for testing: the number of anonymous traces formatted without frames so far. */
export function anonymousTracesFormatted(): number {
    return anonymousTraces;
}

/** `new Error()` or `new Error("")` of the plain Error class, with nothing that says what went wrong. */
function isAnonymous(error: unknown): boolean {
    return error instanceof Error && Object.getPrototypeOf(error) === Error.prototype && error.name === "Error" && error.message === "";
}

/**
 * The SDK reads `new Error().stack` for every promise it tracks (`debuggablePromise` in
 * runtime/debuggable.js keeps it for its leak report) and once more per resource, with no frame
 * limit, to find the program's source position (`Resource.callsites` in resource.js). Formatting
 * those frames, and under ts-node mapping each through source maps, was most of a large run's CPU,
 * and their text most of its memory (issue 11). For the length of a run, an anonymous error's trace
 * is therefore just `Error`, with no frames; every other error keeps the installed formatter, so a
 * program's own errors still point at its TypeScript lines.
 *
 * What that gives up: the SDK's report of a leaked promise would show no frames (it shows them only
 * when PULUMI_DEBUG_PROMISE_LEAKS is set), and registrations carry no source position (the engine
 * uses it to point diagnostics at a program line; nothing offline reads it, the recorder included). V8
 * formats a trace when `stack` is first read, so an SDK error that gets its message before then
 * (`preallocError` in runtime/resource.js) keeps its frames. A program that throws `new Error()`
 * with no message loses its location offline; any message brings it back.
 *
 * Node and V8 public API only: `Error.prepareStackTrace`. Returns the function that puts the
 * installed formatter back.
 */
function omitFramesOfAnonymousTraces(): () => void {
    const installed = Error.prepareStackTrace;
    // Node installs a default formatter of its own (v20.20 does); without one, format as V8 does.
    const others = installed ?? ((error: Error, frames: NodeJS.CallSite[]) => `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`);
    const formatter = (error: Error, frames: NodeJS.CallSite[]) => {
        if (!isAnonymous(error)) return others(error, frames);
        anonymousTraces++;
        return "Error";
    };
    Error.prepareStackTrace = formatter;
    return () => {
        // Leave a formatter someone else installed meanwhile in place.
        if (Error.prepareStackTrace === formatter) Error.prepareStackTrace = installed;
    };
}

function readRegistration(req: any, resp: any, preview: boolean): RecordedResource {
    const inputs = deserialize(req.getObject());
    const outputs = deserialize(resp.getObject());
    const propertyDependencies: Record<string, string[]> = {};
    const explained = new Set<string>();
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
        deps.getUrnsList().forEach((u: string) => explained.add(u));
    });
    const dependencies: string[] = req.getDependenciesList();
    const id = resp.getId();
    return {
        urn: resp.getUrn(),
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        inputs: inputs.values,
        secretInputs: inputs.secrets,
        outputs: outputs.values,
        id: req.getCustom() ? (id ? id : preview ? unknown : undefined) : undefined,
        dependencies,
        propertyDependencies,
        explicitDependencies: dependencies.filter((u) => !explained.has(u)),
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        deleteBeforeReplace: req.getDeletebeforereplace() === true,
        ignoreChanges: req.getIgnorechangesList(),
        replaceOnChanges: req.getReplaceonchangesList(),
        aliases: req.getAliasesList().map(readAlias),
        provider: req.getProvider() || undefined,
        registeredOutputs: {},
    };
}
