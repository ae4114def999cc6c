// The parts of a Pulumi deployment a component provider host talks to, for tests: the host itself,
// started the way the Node.js language host starts a plugin (`node @pulumi/pulumi/cmd/run-plugin
// <plugin folder> <engine address>`, which registers ts-node and requires the folder, so its
// package.json `main`); an engine that
// takes its log messages; and a resource monitor that records what `Construct` registers and answers
// with the project's mocks. All of it speaks gRPC on 127.0.0.1, with the protocol definitions that
// ship in @pulumi/pulumi, and stops when the suite stops it or after `lifetimeSeconds`.
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mocks as offlineMocks } from "../../offline/mocks";

/* eslint-disable @typescript-eslint/no-require-imports */
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
const provproto = require("@pulumi/pulumi/proto/provider_pb.js");
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb.js");
const resproto = require("@pulumi/pulumi/proto/resource_pb.js");
const enginerpc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
const engineproto = require("@pulumi/pulumi/proto/engine_pb.js");
const structproto = require("google-protobuf/google/protobuf/struct_pb.js");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb.js");
/* eslint-enable @typescript-eslint/no-require-imports */

export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");

/**
 * An output value as an engine sends it inside a Construct's inputs (an SDK in another language passing
 * one resource's output to the component): its value, or none when unknown (a preview), and the URNs it
 * came from. The wire form is the SDK's (`pulumi.runtime.specialOutputValueSig`).
 */
export function outputValue(value: unknown, dependencies: string[], secret = false): Record<string, unknown> {
    const out: Record<string, unknown> = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialOutputValueSig, dependencies };
    if (value !== undefined) out.value = value;
    if (secret) out.secret = true;
    return out;
}

/** A resource the host registered with the monitor. */
export interface Registration {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent: string;
    readonly inputs: Record<string, unknown>;
}

function bind(server: grpc.Server): Promise<string> {
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(`127.0.0.1:${port}`))),
    );
}

function stopServer(server: grpc.Server): Promise<void> {
    return new Promise((resolve) => server.tryShutdown(() => resolve()));
}

type Callback = (err: Error | null, value?: unknown) => void;

/** The engine's side the host calls: it logs there (warnings, and errors before it answers). */
export class TestEngine {
    readonly logs: { severity: number; message: string }[] = [];
    private readonly server = new grpc.Server();
    address = "";

    async start(): Promise<this> {
        this.server.addService(enginerpc.EngineService, {
            log: (call: { request: any }, callback: Callback) => {
                this.logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
                callback(null, new emptyproto.Empty());
            },
            getRootResource: (_call: unknown, callback: Callback) => callback(null, new engineproto.GetRootResourceResponse()),
            setRootResource: (_call: unknown, callback: Callback) => callback(null, new engineproto.SetRootResourceResponse()),
            requirePulumiVersion: (_call: unknown, callback: Callback) => callback(null, new emptyproto.Empty()),
            startDebugging: (_call: unknown, callback: Callback) => callback(null, new emptyproto.Empty()),
        });
        this.address = await bind(this.server);
        return this;
    }

    stop(): Promise<void> {
        return stopServer(this.server);
    }
}

/** Features this monitor answers "yes" to: what setMocks enables, without output values, transforms or hooks. */
const SUPPORTED_FEATURES = new Set(["secrets", "resourceReferences", "deletedWith", "aliasSpecs", "parameterization"]);

/** A resource monitor that records registrations and answers them with the project's mocks (offline/mocks.ts). */
export class TestMonitor {
    readonly registrations: Registration[] = [];
    private readonly qualifiedTypes = new Map<string, string>();
    private readonly server = new grpc.Server();
    private readonly mocks = offlineMocks();
    address = "";

    constructor(
        readonly project = "project",
        readonly stack = "stack",
    ) {}

    /** The stack resource's URN, the parent a program's top-level resources have. */
    get stackUrn(): string {
        return `urn:pulumi:${this.stack}::${this.project}::pulumi:pulumi:Stack::${this.project}-${this.stack}`;
    }

    private urnOf(parent: string, type: string, name: string): string {
        const parentType = parent === "" || parent === this.stackUrn ? undefined : this.qualifiedTypes.get(parent);
        const qualified = parentType === undefined ? type : `${parentType}$${type}`;
        const urn = `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
        this.qualifiedTypes.set(urn, qualified);
        return urn;
    }

    async start(): Promise<this> {
        const handle = (work: () => Promise<unknown>, callback: Callback) => work().then((value) => callback(null, value), (err: Error) => callback(err));
        this.server.addService(resrpc.ResourceMonitorService, {
            supportsFeature: (call: { request: any }, callback: Callback) => {
                const response = new resproto.SupportsFeatureResponse();
                response.setHassupport(SUPPORTED_FEATURES.has(call.request.getId()));
                callback(null, response);
            },
            registerResource: (call: { request: any }, callback: Callback) =>
                handle(async () => {
                    const req = call.request;
                    const inputs = pulumi.runtime.deserializeProperties(req.getObject(), true);
                    const urn = this.urnOf(req.getParent(), req.getType(), req.getName());
                    const result = await this.mocks.newResource({ type: req.getType(), name: req.getName(), inputs, provider: req.getProvider(), custom: req.getCustom(), id: req.getImportid() });
                    this.registrations.push({ urn, type: req.getType(), name: req.getName(), custom: req.getCustom(), parent: req.getParent(), inputs });
                    const response = new resproto.RegisterResourceResponse();
                    response.setUrn(urn);
                    response.setId(result.id ?? "");
                    response.setObject(structproto.Struct.fromJavaScript(await pulumi.runtime.serializeProperties("", result.state)));
                    return response;
                }, callback),
            registerResourceOutputs: (_call: unknown, callback: Callback) => callback(null, new emptyproto.Empty()),
            invoke: (call: { request: any }, callback: Callback) =>
                handle(async () => {
                    const req = call.request;
                    const result = await this.mocks.call({ token: req.getTok(), inputs: pulumi.runtime.deserializeProperties(req.getArgs()), provider: req.getProvider() });
                    const response = new provproto.InvokeResponse();
                    response.setReturn(structproto.Struct.fromJavaScript(await pulumi.runtime.serializeProperties("", result)));
                    return response;
                }, callback),
            registerPackage: (_call: unknown, callback: Callback) => {
                const response = new resproto.RegisterPackageResponse();
                response.setRef("test-package");
                callback(null, response);
            },
            signalAndWaitForShutdown: (_call: unknown, callback: Callback) => callback(null, new emptyproto.Empty()),
        });
        this.address = await bind(this.server);
        return this;
    }

    /** What was registered below `urn` (its children and theirs), in registration order. */
    descendantsOf(urn: string): Registration[] {
        const below = new Set([urn]);
        const out: Registration[] = [];
        for (const r of this.registrations) {
            if (below.has(r.parent)) {
                below.add(r.urn);
                out.push(r);
            }
        }
        return out;
    }

    stop(): Promise<void> {
        return stopServer(this.server);
    }
}

/** A component provider host process, and a client of its ResourceProvider service. */
export class PluginHost {
    private stderrText = "";
    private client: any;
    private constructor(private readonly child: ChildProcess) {
        child.stderr!.on("data", (chunk: Buffer) => (this.stderrText += chunk.toString()));
    }

    /**
     * Starts the plugin in `folder` as the Node.js language host does, and waits for the port it
     * prints. The process is killed after `lifetimeSeconds` if the suite has not stopped it.
     */
    static start(folder: string, engineAddress: string, lifetimeSeconds = 180): Promise<PluginHost> {
        const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [folder] });
        // Exactly the language host's command (pulumi-language-nodejs RunPlugin: the run-plugin script, the
        // plugin's folder, then the engine's address), so run-plugin registers ts-node with type checks as
        // it does under `pulumi`, and the folder's package.json `main` decides what runs.
        // The working directory is the calling program's (a Python project, say, with no tsconfig.json),
        // not the plugin's: run-plugin then compiles the plugin with ts-node's defaults.
        const program = fs.mkdtempSync(path.join(os.tmpdir(), "user-backend-program-"));
        const child = spawn(process.execPath, [runPlugin, folder, engineAddress], { cwd: program, stdio: ["ignore", "pipe", "pipe"] });
        child.on("exit", () => fs.rmSync(program, { recursive: true, force: true }));
        const host = new PluginHost(child);
        const timer = setTimeout(() => child.kill("SIGKILL"), lifetimeSeconds * 1000);
        timer.unref();
        child.on("exit", () => clearTimeout(timer));
        return new Promise((resolve, reject) => {
            let stdout = "";
            const failed = (why: string) => reject(new Error(`the plugin host ${why}; stderr:\n${host.stderrText}`));
            child.on("exit", (code) => failed(`exited (code ${code}) before printing its port`));
            child.stdout!.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
                if (port !== undefined && host.client === undefined) {
                    host.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
                    resolve(host);
                }
            });
        });
    }

    get stderr(): string {
        return this.stderrText;
    }

    private call<T>(method: string, request: unknown, seconds = 90): Promise<T> {
        return new Promise((resolve, reject) =>
            this.client[method](request, { deadline: Date.now() + seconds * 1000 }, (err: Error | null, response: T) => (err ? reject(err) : resolve(response))),
        );
    }

    /** `GetSchema`, parsed. */
    async getSchema(): Promise<any> {
        const request = new provproto.GetSchemaRequest();
        const response: any = await this.call("getSchema", request);
        return JSON.parse(response.getSchema());
    }

    /**
     * `Construct` of one component, with inputs in their wire form (plain JSON, or output values built
     * with `outputValue`), registering with `monitor`. `dependencies` lists, per top-level input, the
     * URNs its value came from, as the engine sends them.
     */
    async construct(monitor: TestMonitor, type: string, name: string, inputs: Record<string, unknown>, options: { dryRun?: boolean; dependencies?: Record<string, string[]> } = {}): Promise<{ urn: string; state: Record<string, unknown> }> {
        const request = new provproto.ConstructRequest();
        request.setProject(monitor.project);
        request.setStack(monitor.stack);
        request.setDryrun(options.dryRun ?? false);
        request.setParallel(4);
        request.setMonitorendpoint(monitor.address);
        request.setType(type);
        request.setName(name);
        request.setParent(monitor.stackUrn);
        request.setInputs(structproto.Struct.fromJavaScript(inputs));
        for (const [key, urns] of Object.entries(options.dependencies ?? {})) {
            const deps = new provproto.ConstructRequest.PropertyDependencies();
            deps.setUrnsList(urns);
            request.getInputdependenciesMap().set(key, deps);
        }
        const response: any = await this.call("construct", request);
        return { urn: response.getUrn(), state: pulumi.runtime.deserializeProperties(response.getState()) };
    }

    stop(): void {
        this.child.kill("SIGKILL");
        this.client?.close();
    }
}
