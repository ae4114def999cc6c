// What one offline run produced: the unknown marker of previews, the recorded registrations, and the
// `Recording` that indexes them. Nothing here runs a program (that is recorder.ts).
import * as pulumi from "@pulumi/pulumi";
import type { OfflineEnvironment } from "./mock-provider";

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
