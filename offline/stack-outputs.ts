// How the value a program returns becomes the stack outputs of a run (`Recording.result`): Outputs
// resolved, secrets masked, returned resources shown as the engine shows them, and, with preview
// outputs, what a preview would not know marked unknown (preview.ts decides that).
import * as pulumi from "@pulumi/pulumi";
import type { PreviewInference } from "./preview";
import { isUnknown, resolveOutput, RecordedResource, unknown } from "./recording";

/** How a secret stack output reads when `RecordOptions.maskSecrets` is set. */
export const SECRET = "[secret]";

export interface Resolution {
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
export async function resolveDeep(value: unknown, how: Resolution): Promise<unknown> {
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
