import { createHash } from "crypto";
import type { RecordedAlias, Recording, RecordedResource } from "./recording";

/** One resource as a JSON snapshot keeps it: what the step list reads of the last deployment. */
export interface SnapshotResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly custom: boolean;
    readonly inputs: Record<string, any>;
    readonly dependencies: readonly string[];
    readonly deleteBeforeReplace: boolean;
    readonly replaceOnChanges: readonly string[];
    readonly retainOnDelete: boolean;
    readonly protect: boolean;
    readonly aliases: readonly RecordedAlias[];
    /**
     * For each input, the resources its value came from (only inputs that have some). `planUpdate`
     * reads them from the new program, to see values that a replacement makes unknown.
     */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** A recording saved as JSON (see `snapshotOf`), with where it came from. */
export interface Snapshot {
    /** How the snapshot was made: the commit, the program and the stack. */
    readonly source: string;
    /**
     * When set, every URN in `resources` (urn, parent, dependencies, alias URNs) is written without
     * this prefix (`urn:pulumi:<stack>::<project>::`); `readSnapshot` puts it back.
     */
    readonly urnPrefix?: string;
    readonly resources: readonly SnapshotResource[];
}

/** Strings longer than this are kept as a digest: equal digests mean equal strings. */
const LONG_STRING = 256;

/** A value with long strings and secrets replaced by digests, so a snapshot stays small and safe to commit. */
export function compactValue(value: unknown, secret = false): unknown {
    if (typeof value === "string" && (secret || value.length > LONG_STRING)) {
        return `${secret ? "secret " : ""}sha256:${createHash("sha256").update(value).digest("hex").slice(0, 16)} (${value.length} chars)`;
    }
    if (secret && value !== undefined && value !== null && typeof value !== "object") return compactValue(JSON.stringify(value), true);
    if (Array.isArray(value)) return value.map((v) => compactValue(v, secret));
    if (value && typeof value === "object" && !isUnknownLike(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compactValue(v, secret)]));
    }
    return value;
}

function isUnknownLike(value: object): boolean {
    return typeof (value as any).toJSON === "function" && (value as any).toJSON() === "(known after apply)";
}

/** The parts of a recorded resource that `planUpdate` reads, with long strings and secret inputs as digests. */
export function snapshotResource(r: RecordedResource | SnapshotResource): SnapshotResource {
    const secrets = "secretInputs" in r ? r.secretInputs : new Set<string>();
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        ...(r.parent ? { parent: r.parent } : {}),
        custom: r.custom,
        inputs: Object.fromEntries(Object.entries(r.inputs).map(([k, v]) => [k, compactValue(v, secrets.has(k))])),
        dependencies: [...r.dependencies],
        deleteBeforeReplace: r.deleteBeforeReplace,
        replaceOnChanges: [...r.replaceOnChanges],
        retainOnDelete: r.retainOnDelete,
        protect: r.protect,
        aliases: [...r.aliases],
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).filter(([, urns]) => urns.length > 0)),
    };
}

/** A recording as a snapshot, to stand for the state of a stack that was deployed from it. */
export function snapshotOf(recording: Pick<Recording, "resources">, source: string): Snapshot {
    return { source, resources: recording.resources.map(snapshotResource) };
}

function mapUrns(r: SnapshotResource, f: (urn: string) => string): SnapshotResource {
    return {
        ...r,
        urn: f(r.urn),
        ...(r.parent ? { parent: f(r.parent) } : {}),
        dependencies: r.dependencies.map(f),
        aliases: r.aliases.map((a) => ({ ...a, ...(a.urn ? { urn: f(a.urn) } : {}), ...(a.parentUrn ? { parentUrn: f(a.parentUrn) } : {}) })),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, urns]) => [k, urns.map(f)])),
    };
}

/** Fields left out of a snapshot's JSON when they hold their default. */
const DEFAULTS = { inputs: {}, dependencies: [], deleteBeforeReplace: false, replaceOnChanges: [], retainOnDelete: false, protect: false, aliases: [], propertyDependencies: {} };

/** The snapshot as JSON text: URNs without their common prefix, defaults left out, one resource a line. */
export function writeSnapshot(snapshot: Snapshot): string {
    const prefix = /^urn:pulumi:[^:]+::[^:]+::/.exec(snapshot.resources[0]?.urn ?? "")?.[0];
    const strip = (urn: string) => (prefix && urn.startsWith(prefix) ? urn.slice(prefix.length) : urn);
    const isDefault = (key: string, value: unknown) => key in DEFAULTS && JSON.stringify(value) === JSON.stringify((DEFAULTS as Record<string, unknown>)[key]);
    const lines = snapshot.resources.map((r) => JSON.stringify(Object.fromEntries(Object.entries(mapUrns(r, strip)).filter(([k, v]) => !isDefault(k, v)))));
    return `{"source": ${JSON.stringify(snapshot.source)},\n"urnPrefix": ${JSON.stringify(prefix ?? "")},\n"resources": [\n${lines.join(",\n")}\n]}\n`;
}

/** Reads what `writeSnapshot` wrote (or any JSON `Snapshot`), with whole URNs. */
export function readSnapshot(text: string): Snapshot {
    const doc = JSON.parse(text) as Snapshot;
    if (!doc || !Array.isArray(doc.resources)) throw new Error(`a snapshot must hold a "resources" list (received: ${text.slice(0, 80)})`);
    const prefix = doc.urnPrefix ?? "";
    const whole = (urn: string) => (urn.startsWith("urn:") ? urn : prefix + urn);
    return { source: doc.source, resources: doc.resources.map((r) => mapUrns({ ...DEFAULTS, ...r }, whole)) };
}

/**
 * Inputs whose change makes the provider replace the resource instead of updating it in place,
 * for the types an AuthorizedApi (and its migration) touches. Each entry is the Pulumi name of a
 * terraform-provider-aws attribute declared `ForceNew: true` in the file named beside it (the
 * bridged pulumi-aws provider diffs with the same schema). `"*"` means every input: the resource
 * has no Update at all. A type that is listed with no inputs updates every input in place.
 * Types not listed are treated as updates, and the step says that it assumed so.
 */
export const REPLACED_BY: Readonly<Record<string, readonly string[]>> = {
    // internal/service/apigateway/rest_api.go: no ForceNew attribute; a new body is a PutRestApi on the same API.
    "aws:apigateway/restApi:RestApi": [],
    // internal/service/apigateway/deployment.go: rest_api_id, triggers and variables are ForceNew (only description updates).
    "aws:apigateway/deployment:Deployment": ["restApi", "triggers", "variables"],
    // internal/service/apigateway/stage.go: rest_api_id, stage_name; deployment_id is an in-place update.
    "aws:apigateway/stage:Stage": ["restApi", "stageName"],
    // internal/service/apigateway/method_settings.go: rest_api_id, stage_name, method_path.
    "aws:apigateway/methodSettings:MethodSettings": ["restApi", "stageName", "methodPath"],
    // internal/service/apigateway/method.go: rest_api_id, resource_id, http_method.
    "aws:apigateway/method:Method": ["restApi", "resourceId", "httpMethod"],
    // internal/service/apigateway/integration.go: rest_api_id, resource_id, http_method, type, credentials,
    // integration_http_method, passthrough_behavior.
    "aws:apigateway/integration:Integration": ["restApi", "resourceId", "httpMethod", "type", "credentials", "integrationHttpMethod", "passthroughBehavior"],
    // internal/service/apigateway/resource.go: rest_api_id only (parent_id and path_part update in place).
    "aws:apigateway/resource:Resource": ["restApi"],
    // internal/service/apigateway/authorizer.go: rest_api_id; `type` too when it switches to or from
    // COGNITO_USER_POOLS (its CustomizeDiff), handled in `forcesReplacement`.
    "aws:apigateway/authorizer:Authorizer": ["restApi"],
    // internal/service/apigateway/model.go: rest_api_id, name, content_type.
    "aws:apigateway/model:Model": ["restApi", "name", "contentType"],
    // internal/service/apigateway/request_validator.go: rest_api_id.
    "aws:apigateway/requestValidator:RequestValidator": ["restApi"],
    // internal/service/apigateway/gateway_response.go: rest_api_id, response_type.
    "aws:apigateway/response:Response": ["restApiId", "responseType"],
    // internal/service/apigateway/method_response.go: rest_api_id, resource_id, http_method.
    "aws:apigateway/methodResponse:MethodResponse": ["restApi", "resourceId", "httpMethod"],
    // internal/service/apigateway/integration_response.go: rest_api_id, resource_id, http_method.
    "aws:apigateway/integrationResponse:IntegrationResponse": ["restApi", "resourceId", "httpMethod"],
    // internal/service/apigateway/account.go: cloudwatch_role_arn updates in place.
    "aws:apigateway/account:Account": [],
    // internal/service/lambda/permission.go: every attribute is ForceNew and there is no Update function.
    "aws:lambda/permission:Permission": ["*"],
    // internal/service/iam/role.go: name, name_prefix, path.
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    // internal/service/iam/role_policy.go: name, name_prefix, role.
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
    // internal/service/logs/group.go: name, name_prefix, log_group_class (retention and KMS key update in place).
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
};

export type StepOp = "create" | "update" | "replace" | "delete" | "same";

/** One step of a `pulumi up`, in an order the engine may run them. */
export interface Step {
    readonly op: StepOp;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Top-level input names that differ (for update and replace). */
    readonly changed: string[];
    /** Why a replace or delete happens, or what the step assumed. */
    readonly reason?: string;
    /** On a delete: it removes the original of a replaced resource (not a resource gone from the program). */
    readonly original?: boolean;
}

type Resources<T> = { readonly resources: readonly T[] } | readonly T[];

const list = <T>(r: Resources<T>): readonly T[] => (Array.isArray(r) ? r : (r as { resources: readonly T[] }).resources);

function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
    const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

/** A value still unknown in a preview: the recorder's marker, or how it reads once written to JSON. */
function hasUnknown(value: unknown): boolean {
    if (value === "(known after apply)") return true;
    if (Array.isArray(value)) return value.some(hasUnknown);
    if (value && typeof value === "object") return isUnknownLike(value) || Object.values(value).some(hasUnknown);
    return false;
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, taken apart. */
function urnParts(urn: string): { prefix: string; qualifiedType: string; name: string } | undefined {
    const m = /^(urn:pulumi:[^:]*::[^:]*::)(.*?)::([^]*)$/.exec(urn);
    return m ? { prefix: m[1], qualifiedType: m[2], name: m[3] } : undefined;
}

/**
 * The URNs a resource may have had before, from its aliases (Pulumi docs, resource option
 * "aliases": an alias names the old URN, or the parts of it that changed: name, type, parent,
 * stack, project). The engine qualifies a child's type with its parent's whole type chain and
 * leaves the stack out; Pulumi's mock monitor (the recorder's) uses the parent's own type and
 * counts the stack as a parent. Both spellings are tried: only URNs in the old state match.
 */
export function aliasUrns(r: SnapshotResource): string[] {
    const own = urnParts(r.urn);
    const STACK = "pulumi:pulumi:Stack";
    return r.aliases.flatMap((alias) => {
        if (alias.urn) return [alias.urn];
        if (!own) return [];
        const [, stack, project] = /^urn:pulumi:([^:]*)::([^:]*)::$/.exec(own.prefix)!;
        const parent = alias.noParent ? undefined : (alias.parentUrn ?? r.parent);
        const type = alias.type ?? r.type;
        const chain = parent ? urnParts(parent)?.qualifiedType : undefined;
        const prefixes = chain ? [`${chain}$`, `${chain.split("$").pop()}$`] : ["", `${STACK}$`];
        if (chain === STACK || chain?.startsWith(`${STACK}$`)) prefixes.push(chain === STACK ? "" : `${chain.slice(STACK.length + 1)}$`);
        return [...new Set(prefixes)].map((p) => `urn:pulumi:${alias.stack ?? stack}::${alias.project ?? project}::${p}${type}::${alias.name ?? r.name}`);
    });
}

/** Orders resources so each comes after what it depends on (and its parent); ties keep registration order. */
function topological<T extends SnapshotResource>(resources: readonly T[]): T[] {
    const byUrn = new Map(resources.map((r, i) => [r.urn, i]));
    const waitsFor = resources.map((r) => new Set([...r.dependencies, ...(r.parent ? [r.parent] : [])].map((u) => byUrn.get(u)).filter((i): i is number => i !== undefined)));
    const done = new Set<number>();
    const out: T[] = [];
    while (out.length < resources.length) {
        const next = resources.findIndex((_, i) => !done.has(i) && [...waitsFor[i]].every((d) => done.has(d) || d === i));
        // A cycle cannot come from a real program; keep the rest in registration order rather than loop.
        const pick = next >= 0 ? next : resources.findIndex((_, i) => !done.has(i));
        done.add(pick);
        out.push(resources[pick]);
    }
    return out;
}

/** Whether changing these inputs replaces the resource, and why. */
function forcesReplacement(before: SnapshotResource, after: SnapshotResource, changed: string[]): { replace: boolean; reason?: string } {
    if (before.type !== after.type) return { replace: true, reason: `type changed from ${before.type}` };
    // Pulumi docs, resource option "replaceOnChanges": a change to a listed property path (or "*") replaces.
    const forced = after.replaceOnChanges.filter((path) => path === "*" || changed.some((k) => path === k || path.startsWith(`${k}.`) || path.startsWith(`${k}[`)));
    if (forced.length > 0) return { replace: true, reason: `replaceOnChanges: ${forced.join(", ")}` };
    const table = REPLACED_BY[after.type];
    if (!table) return { replace: false, reason: `no replacement table for ${after.type}: assumed an in-place update` };
    const immutable = table.includes("*") ? changed : changed.filter((k) => table.includes(k));
    if (after.type === "aws:apigateway/authorizer:Authorizer" && changed.includes("type") && [before.inputs.type, after.inputs.type].includes("COGNITO_USER_POOLS")) {
        immutable.push("type");
    }
    return immutable.length > 0 ? { replace: true, reason: `${immutable.join(", ")} cannot change in place` } : { replace: false };
}

/**
 * The steps a `pulumi up` takes from the stack `before` describes (a recording of the program as
 * last deployed, or its JSON snapshot) to the program recorded in `after`. Resources are matched
 * by URN, or by an alias of the new resource. Inputs are compared after the same compaction a
 * snapshot applies, so long strings compare by digest.
 *
 * Order, as the Pulumi engine runs an update ("How Pulumi works"; resource options
 * "deleteBeforeReplace" and "replaceOnChanges"): creates, updates and the create half of each
 * replacement in dependency order of the new program; a replacement creates the new resource
 * first and deletes the original at the end, unless `deleteBeforeReplace` deletes it just
 * before; then the originals and the resources no longer in the program are deleted, dependents
 * first (reverse dependency order of the old state). The engine runs independent steps in
 * parallel, so only the order along dependencies and between the two phases is guaranteed.
 *
 * A dependent's input that comes from a resource being replaced counts as changed: the
 * replacement's outputs (its id, its ARN) are unknown until it exists, so a preview shows them as
 * unknown and the engine diffs them as changes. An input that is unknown in `after` (a preview
 * recording) counts as changed too. Not modelled: the engine's cascade of `deleteBeforeReplace`
 * onto dependents, provider-side diff customisations other than the Authorizer type switch, and
 * `ignoreChanges`.
 */
export function planUpdate(before: Resources<SnapshotResource | RecordedResource>, after: Resources<SnapshotResource | RecordedResource>): Step[] {
    const olds = list(before).map(snapshotResource);
    const news = list(after).map(snapshotResource);
    const oldByUrn = new Map(olds.map((r) => [r.urn, r]));
    const matched = new Map<string, SnapshotResource>();
    for (const r of news) {
        const old = oldByUrn.get(r.urn) ?? aliasUrns(r).map((u) => oldByUrn.get(u)).find((o) => o !== undefined);
        if (old) matched.set(r.urn, old);
    }
    const kept = new Set([...matched.values()].map((o) => o.urn));

    const steps: Step[] = [];
    const lateDeletes: { old: SnapshotResource; original: boolean; reason: string }[] = [];
    /** New resources whose outputs are unknown until the step runs (replacements). */
    const pending = new Set<string>();
    for (const r of topological(news)) {
        const base = { urn: r.urn, type: r.type, name: r.name };
        const old = matched.get(r.urn);
        if (!old) {
            steps.push({ op: "create", ...base, changed: [] });
            continue;
        }
        const keys = [...new Set([...Object.keys(old.inputs), ...Object.keys(r.inputs)])].sort();
        const changed = keys.filter(
            (k) => !deepEqual(old.inputs[k], r.inputs[k]) || hasUnknown(r.inputs[k]) || (r.propertyDependencies?.[k] ?? []).some((u) => pending.has(u)),
        );
        if (!r.custom || changed.length === 0) {
            steps.push({ op: "same", ...base, changed: [] });
            continue;
        }
        const decision = forcesReplacement(old, r, changed);
        if (!decision.replace) {
            steps.push({ op: "update", ...base, changed, ...(decision.reason ? { reason: decision.reason } : {}) });
            continue;
        }
        pending.add(r.urn);
        const reason = `${decision.reason}${old.protect ? "; the original is protected, so pulumi up stops here" : ""}`;
        if (r.deleteBeforeReplace) {
            steps.push({ op: "delete", urn: old.urn, type: old.type, name: old.name, changed: [], reason: `deleteBeforeReplace: ${reason}`, original: true });
            steps.push({ op: "replace", ...base, changed, reason: `deleteBeforeReplace: ${reason}` });
        } else {
            steps.push({ op: "replace", ...base, changed, reason });
            lateDeletes.push({ old, original: true, reason: `original of the replacement (${reason})` });
        }
    }
    for (const old of olds) {
        if (!kept.has(old.urn)) {
            const notes = [old.protect ? "protected, so pulumi up stops here" : "", old.retainOnDelete ? "retainOnDelete: left in AWS, removed from the stack only" : ""].filter(Boolean);
            lateDeletes.push({ old, original: false, reason: ["no longer in the program", ...notes].join("; ") });
        }
    }
    const position = new Map(topological(olds).map((r, i) => [r.urn, i]));
    lateDeletes.sort((a, b) => position.get(b.old.urn)! - position.get(a.old.urn)!);
    for (const d of lateDeletes) {
        steps.push({ op: "delete", urn: d.old.urn, type: d.old.type, name: d.old.name, changed: [], reason: d.reason, ...(d.original ? { original: true } : {}) });
    }
    return steps;
}

/** One line per step that does something (`same` left out): `+ create aws:...:Type name`, as `pulumi preview` marks them. */
export function formatSteps(steps: readonly Step[]): string {
    const mark: Record<StepOp, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };
    return steps
        .filter((s) => s.op !== "same")
        .map((s) => {
            const op = s.op === "delete" && s.original ? "delete original" : s.op;
            const what = s.changed.length > 0 ? ` [${s.changed.join(", ")}]` : "";
            return `${mark[s.op]} ${op} ${s.type.split(":").pop()} ${s.name}${what}`;
        })
        .join("\n");
}
