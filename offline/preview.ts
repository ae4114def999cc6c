// The preview-output inference: after a full run, which of the stack's Outputs a `pulumi preview`
// would have known (`RecordOptions.previewOutputs`).
import * as pulumi from "@pulumi/pulumi";
import { checkedInputs } from "./mock-provider";
import { isUnknown, resolveOutput, RecordedResource } from "./recording";

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
export class PreviewInference {
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
