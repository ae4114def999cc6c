import type { EnforcementLevel, PolicyPackArgs, PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { defaultEnvironment } from "../offline/mock-provider";
import { containsUnknown, RecordedResource, Recording, UnknownValue } from "../offline/recording";
import { Graph } from "../offline/graph";
import { evaluateRules, Rule, rules, Severity } from "../offline/rules";

/**
 * The project's rule set as CrossGuard stack validation policies: one policy per rule of
 * `offline/rules/`, running that same rule object over the stack's resources. Nothing here
 * restates a rule; it only maps what the engine hands a stack policy into the graph the rules read.
 *
 * Internal. Exported for testing: `index.ts` builds the PolicyPack from `policyPackArgs()`
 * (constructing a PolicyPack starts its gRPC server, so tests call the policies directly).
 */

/** How each severity is enforced unless a policy's own config says otherwise. */
export const DEFAULT_ENFORCEMENT: Readonly<Record<Severity, EnforcementLevel>> = { high: "mandatory", medium: "advisory", low: "advisory" };

/** A declared exception in a policy's config: as in `plan-exceptions.yaml`, without the rule (the policy is the rule). */
export interface PolicyException {
    /** The logical name of the resource at fault. */
    readonly resource: string;
    /** Only this property (a prefix of the finding's property path). */
    readonly property?: string;
    readonly reason: string;
}

/** What a policy of this pack reads from its config (`pulumi preview --policy-pack-config`). */
export interface PolicyConfig {
    readonly exceptions?: readonly PolicyException[];
}

/**
 * The value with every property the engine does not know yet (a preview) replaced by its own
 * `UnknownValue`, as the recorder writes them. The policy SDK hands stack policies a proxy that
 * throws on reading an unknown property (@pulumi/policy proxy.js, `unknownCheckingProxy`); the
 * rules read properties freely and skip unknown values, so they must see a marker rather than
 * stop. A fresh marker per value keeps two unknown ids from comparing equal.
 */
export function plainValue(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => readOrUnknown(value, i));
    return Object.fromEntries(Object.keys(value).map((k) => [k, readOrUnknown(value as Record<string, unknown>, k)]));
}

function readOrUnknown(holder: any, key: string | number): unknown {
    try {
        return plainValue(holder[key]);
    } catch {
        return new UnknownValue();
    }
}

/**
 * A CrossGuard resource as the recorder would have registered it. The engine gives a stack policy
 * each resource's final state (`props`): for a custom resource, its inputs with the provider's
 * outputs, including `id`; for a component, what it passed to `registerOutputs`. So the rules read
 * `props` as both inputs and outputs of a custom resource, and as the registered outputs of a
 * component. A resource with a provider is custom; components have none.
 */
export function recordedResource(r: PolicyResource): RecordedResource {
    const props = plainValue(r.props) as Record<string, any>;
    const custom = r.provider !== undefined || r.type.startsWith("pulumi:providers:");
    const urns = (list: readonly PolicyResource[] | undefined) => (list ?? []).map((d) => d.urn);
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom,
        parent: r.parent?.urn ?? r.opts?.parent,
        inputs: custom ? props : {},
        secretInputs: new Set(),
        outputs: custom ? props : {},
        id: custom && (typeof props.id === "string" || props.id instanceof UnknownValue) ? props.id : undefined,
        dependencies: urns(r.dependencies),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, urns(v)])),
        // The engine does not say which dependencies came from dependsOn; no rule needs it.
        explicitDependencies: [],
        protect: r.opts?.protect === true,
        retainOnDelete: false,
        deleteBeforeReplace: r.opts?.deleteBeforeReplace === true,
        ignoreChanges: r.opts?.ignoreChanges ?? [],
        replaceOnChanges: [],
        aliases: (r.opts?.aliases ?? []).map((urn) => ({ urn })),
        provider: r.provider?.urn,
        registeredOutputs: custom ? {} : props,
    };
}

/** The stack's resources as a recording the rules can read (not a preview: the values are what the engine has). */
export function recordingOf(resources: readonly PolicyResource[]): Recording {
    return new Recording(resources.map(recordedResource), undefined, false, defaultEnvironment);
}

// Every policy of a run gets the same resources: build the graph once per stack, not once per rule.
let cached: { key: readonly PolicyResource[] | string; graph: Graph } | undefined;

function graphOf(resources: readonly PolicyResource[]): Graph {
    if (cached?.key === resources) return cached.graph;
    const recording = recordingOf(resources);
    // The engine builds a new array for each policy, with the same resources in it: compare by content.
    const key = JSON.stringify(recording.resources.map((r) => [r.urn, r.inputs, r.registeredOutputs, r.dependencies]));
    if (cached?.key === key) return cached.graph;
    const graph = new Graph(recording);
    cached = { key, graph };
    return graph;
}

/**
 * The stack validation of one rule: run it over the graph and report each finding it does not
 * except (by the rule's own reason, or by a declared exception in the policy's config) on the
 * resource's URN. A finding on a resource with values not known yet (a preview) is held back:
 * the rule may only be missing what apply fills in, and stack policies run again on the final
 * state at the end of `pulumi up`.
 */
export function validateStackWith(rule: Rule): (args: StackValidationArgs, reportViolation: ReportViolation) => void {
    return (args, reportViolation) => {
        const graph = graphOf(args.resources);
        const config = (typeof args.getConfig === "function" ? args.getConfig<PolicyConfig>() : {}) ?? {};
        const exceptions = (config.exceptions ?? []).map((e) => ({ ...e, rule: rule.id }));
        const report = evaluateRules(graph, { exceptions, only: [rule.id] });
        const byUrn = new Map(graph.recording.resources.map((r) => [r.urn, r]));
        for (const finding of report.findings) {
            const resource = byUrn.get(finding.resource.urn);
            if (resource && (containsUnknown(resource.inputs) || containsUnknown(resource.registeredOutputs))) continue;
            reportViolation(`${finding.message} (${finding.resource.name} ${finding.property})`, finding.resource.urn);
        }
    };
}

/** Options for the pack: how each severity is enforced. A stack's policy config can still set any one policy's level. */
export interface PackOptions {
    readonly enforcement?: Partial<Record<Severity, EnforcementLevel>>;
}

/** One stack validation policy per rule, named by the rule id. */
export function policiesOf(options: PackOptions = {}): StackValidationPolicy[] {
    const enforcement = { ...DEFAULT_ENFORCEMENT, ...options.enforcement };
    return rules.map(
        (rule): StackValidationPolicy => ({
            name: rule.id,
            description: `${rule.title}. ${rule.rationale} Mirrors: ${rule.mirrors.join(", ")}.`,
            enforcementLevel: enforcement[rule.severity],
            severity: rule.severity,
            configSchema: {
                properties: {
                    exceptions: {
                        type: "array",
                        description: "Deliberate exceptions to this rule, each with its reason (as in plan-exceptions.yaml).",
                        items: {
                            type: "object",
                            properties: { resource: { type: "string" }, property: { type: "string" }, reason: { type: "string", minLength: 10 } },
                            required: ["resource", "reason"],
                        },
                    },
                },
            },
            validateStack: validateStackWith(rule),
        }),
    );
}

/** The arguments of the pack `index.ts` serves. */
export function policyPackArgs(options: PackOptions = {}): PolicyPackArgs {
    return {
        description: "pulumi-user-backend's rule set (offline/rules/): S3, KMS, Cognito, IAM, API Gateway, Step Functions, WAF and log checks over the whole stack.",
        policies: policiesOf(options),
    };
}
