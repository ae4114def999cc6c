import type { Graph } from "../graph";
import type { RecordedResource } from "../recording";

// The shapes of the rule set: a rule, what its check returns, and the report `evaluateRules` makes.

export type Severity = "high" | "medium" | "low";

export const SEVERITY_ORDER: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** True when `severity` is `threshold` or worse. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
    return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold];
}

/** A resource at fault, as a finding names it. */
export interface FindingResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

export interface Finding {
    readonly ruleId: string;
    readonly severity: Severity;
    readonly resource: FindingResource;
    /** The input at fault, as a path (`settings.cacheDataEncrypted`, `policy.Statement[2].Resource`). */
    readonly property: string;
    readonly message: string;
    /** The cdk-nag / FSBP / Checkov rule ids this rule mirrors; `related: <id>` where that check tests something else too. */
    readonly mirrors: readonly string[];
}

/** What a check reports: a violation, or one the rule itself knows to be deliberate (with why). */
export interface Violation {
    readonly resource: RecordedResource;
    readonly property: string;
    readonly message: string;
    /** Set when the rule recognises a deliberate pattern: the finding is listed as excepted with this reason. */
    readonly exception?: string;
}

export interface Rule {
    readonly id: string;
    readonly severity: Severity;
    readonly title: string;
    /** Why the rule exists, in a sentence. */
    readonly rationale: string;
    readonly mirrors: readonly string[];
    check(graph: Graph): Violation[];
}

/**
 * A deliberate exception declared by the stack's owners (the plan reads them from
 * `plan-exceptions.yaml`). It needs a reason; one that matches nothing is reported as unused.
 */
export interface RuleException {
    readonly rule: string;
    /** The logical name of the resource at fault. */
    readonly resource: string;
    /** Only this property (a prefix of the finding's property path). */
    readonly property?: string;
    readonly reason: string;
    /** Only in these stacks; every stack when absent. */
    readonly stacks?: readonly string[];
}

export interface ExceptedFinding {
    readonly finding: Finding;
    readonly reason: string;
    /** `rule` when the rule recognises the pattern itself, `declared` for an exception of the stack's owners. */
    readonly source: "rule" | "declared";
}

export interface RuleReport {
    readonly findings: Finding[];
    readonly excepted: ExceptedFinding[];
    /** Declared exceptions that matched no finding: stale, and worth removing. */
    readonly unusedExceptions: RuleException[];
    /** The rules evaluated, for the report's legend. */
    readonly rules: { id: string; severity: Severity; title: string; mirrors: readonly string[] }[];
}
