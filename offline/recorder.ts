import * as pulumi from "@pulumi/pulumi";
import { defaultEnvironment, invoke, OfflineEnvironment, synthesize, checkedInputs } from "./aws-outputs";

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
    /** Stack configuration, keyed `namespace:key` as in `Pulumi.<stack>.yaml`. Values are strings, as Pulumi stores them. */
    readonly config?: Record<string, string>;
    /** Configuration keys (`namespace:key`) whose values are secret. */
    readonly secretConfigKeys?: readonly string[];
    /** The account, region and partition to pretend to deploy into. */
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
 */
export class Recording<T = unknown> {
    private readonly byUrn: ReadonlyMap<string, RecordedResource>;

    constructor(
        readonly resources: readonly RecordedResource[],
        /** What the program returned, with its Outputs resolved (the stack outputs). In a preview, a value not known yet is `unknown`. */
        readonly result: T,
        readonly preview: boolean,
        readonly environment: OfflineEnvironment,
    ) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }

    /** Every resource of a type, in registration order. */
    all(kind: string | ResourceClass): RecordedResource[] {
        const type = typeOf(kind);
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of this type and name; throws if there is none or more than one. */
    one(kind: string | ResourceClass, name: string): RecordedResource {
        const type = typeOf(kind);
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        if (found.length !== 1) {
            const names = this.all(type).map((r) => r.name);
            throw new Error(
                `expected one ${type} named "${name}", found ${found.length} (names of that type: ${names.join(", ") || "none"})`,
            );
        }
        return found[0];
    }

    /** The resource of this type and name, or undefined. */
    find(kind: string | ResourceClass, name: string): RecordedResource | undefined {
        const type = typeOf(kind);
        return this.resources.find((r) => r.type === type && r.name === name);
    }

    byUrnOrThrow(urn: string): RecordedResource {
        const found = this.byUrn.get(urn);
        if (!found) throw new Error(`no recorded resource has URN ${urn}`);
        return found;
    }

    /** Direct children of a resource. */
    children(parent: RecordedResource): RecordedResource[] {
        return this.resources.filter((r) => r.parent === parent.urn);
    }

    /** Every resource below a resource, depth first. */
    descendants(parent: RecordedResource): RecordedResource[] {
        return this.children(parent).flatMap((c) => [c, ...this.descendants(c)]);
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
        return this.all(kind).find((r) => r.outputs[property] === value);
    }
}

/** Lets the caller read an Output's value, or learn that it is unknown (in a preview). */
export async function resolveOutput<T>(value: pulumi.Input<T>): Promise<T | UnknownValue> {
    const output = pulumi.output(value) as any;
    // `isKnown` and `promise()` are the SDK's own way to read an Output outside `apply`;
    // `apply` never runs its callback for an unknown value, which would hang a preview.
    if (!(await output.isKnown)) return unknown;
    return (await output.promise()) as T;
}

/** Resolves the Outputs inside a plain value (what a program returns), leaving unknowns marked. */
async function resolveDeep(value: unknown, maskSecrets = false): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // `isSecret` is the SDK's own flag, set for secret config and everything derived from it.
        if (maskSecrets && (await (value as any).isSecret)) return SECRET;
        return resolveDeep(await resolveOutput(value), maskSecrets);
    }
    if (value instanceof Promise) return resolveDeep(await value, maskSecrets);
    if (pulumi.Resource.isInstance(value) || isUnknown(value)) return value;
    if (Array.isArray(value)) return Promise.all(value.map((v) => resolveDeep(v, maskSecrets)));
    if (value && typeof value === "object") {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v, maskSecrets)] as const));
        return Object.fromEntries(entries);
    }
    return value;
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
 * The program runs inside a stack resource, like `pulumi up`; what it returns becomes the stack
 * outputs (`Recording.result`). Runs are serialized, because the Pulumi runtime is global state.
 */
export function record<T>(program: () => T | Promise<T>, options: RecordOptions = {}): Promise<Recording<pulumi.Unwrap<T>>> {
    const run = running.then(
        () => recordNow(program, options),
        () => recordNow(program, options),
    );
    running = run.catch(() => undefined);
    return run;
}

async function recordNow<T>(program: () => T | Promise<T>, options: RecordOptions): Promise<Recording<pulumi.Unwrap<T>>> {
    const env: OfflineEnvironment = { ...defaultEnvironment, ...options.environment };
    const preview = options.preview ?? false;
    const resources: RecordedResource[] = [];

    // A failed registration leaves the resources that wait for it pending forever, so the run ends at
    // the first failure instead of waiting for them; a program that never settles ends at the timeout.
    const failures: unknown[] = [];
    let fail: (reason: unknown) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    const onRejection = (reason: unknown) => {
        failures.push(reason);
        fail(reason);
    };
    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            if (!args.custom) return { id: undefined, state: {} };
            if (preview) {
                // Before create only the checked inputs (with autonamed names) are known; ids and
                // computed outputs are left out, which the SDK turns into unknowns during a preview.
                return { id: undefined, state: checkedInputs(args.type, args.name, args.inputs) };
            }
            const made = synthesize(args.type, args.name, args.inputs, env);
            return { id: made.id, state: made.outputs };
        },
        call(args) {
            try {
                return invoke(args.token, env);
            } catch (e) {
                // The SDK reports a failed invoke to the program as a bare "Error"; keep the reason.
                fail(e);
                throw e;
            }
        },
    };

    pulumi.runtime.setAllConfig(options.config ?? {}, [...(options.secretConfigKeys ?? [])]);
    await pulumi.runtime.setMocks(mocks, options.project ?? "project", options.stack ?? "stack", preview);

    // `newResource` does not see a resource's parent, options or dependencies, so read them from
    // the registration request that the SDK sends to the monitor.
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp?: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err) {
                try {
                    resources.push(readRegistration(req, resp, preview));
                } catch (e) {
                    return callback(e);
                }
            }
            callback(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: any, resp?: any) => void) => {
        const resource = resources.find((r) => r.urn === req.getUrn());
        if (resource) Object.assign(resource.registeredOutputs, deserialize(req.getOutputs()).values);
        registerOutputs(req, callback);
    };

    const restoreStackTraces = skipMappingOfAnonymousTraces();

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
        return (await resolveDeep(returned, options.maskSecrets)) as pulumi.Unwrap<T>;
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

/**
 * The SDK stores `new Error().stack` on every promise it tracks, for its leak report. Under ts-node,
 * source-map-support maps every frame of each of those traces, which is most of a run's time on a
 * large program (see bench/). For the length of a run, traces of anonymous errors (`new Error()`
 * with no message: the SDK's) are formatted the way V8 does by default, without mapping; every
 * other error keeps the installed formatter, so a program's own errors still point at its sources.
 * Returns the function that puts the installed formatter back.
 */
function skipMappingOfAnonymousTraces(): () => void {
    const installed = Error.prepareStackTrace;
    if (!installed) return () => undefined;
    const formatter = (error: Error, frames: NodeJS.CallSite[]) =>
        error.message === "" && error.name === "Error" && Object.getPrototypeOf(error) === Error.prototype
            ? `Error${frames.map((frame) => `\n    at ${frame}`).join("")}`
            : installed(error, frames);
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
