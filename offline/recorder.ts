// The recorder: runs a Pulumi program in this process under the mock provider, reads every
// registration the SDK sends to the engine, and returns the Recording (recording.ts), with the stack
// outputs resolved as stack-outputs.ts and preview.ts decide.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";
import { OfflineEnvironment, offlineEnvironment } from "./mock-provider";
import { mocks as offlineMocks } from "./mocks";
import { PreviewInference } from "./preview";
import { RecordedAlias, RecordedResource, Recording, unknown } from "./recording";
import { resolveDeep, Resolution } from "./stack-outputs";
import { omitFramesOfAnonymousTraces } from "./traces";

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

/** Whether a configuration key is secret: the SDK's own check (runtime/config.js, marked internal), else no. */
function isConfigSecret(key: string): boolean {
    const check = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
    return check ? check(key) : false;
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

    // The run's configuration replaces the process's for the run only: it is put back afterwards, so a
    // later test of the same mocha worker (or a user's own code) never reads a recorded stack's `aws:region`.
    const previousConfig = pulumi.runtime.allConfig();
    const previousSecrets = Object.keys(previousConfig).filter((key) => isConfigSecret(key));
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
        pulumi.runtime.setAllConfig(previousConfig, previousSecrets);
        process.off("unhandledRejection", onRejection);
        for (const listener of others) process.on("unhandledRejection", listener);
        restoreStackTraces();
    }
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
