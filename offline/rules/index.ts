import { Graph } from "../graph";
import type { Recording } from "../recording";
import { apigatewayRules } from "./apigateway";
import { cognitoRules } from "./cognito";
import { domainRules } from "./domains";
import { eventsRules } from "./events";
import { iamRules } from "./iam";
import { kmsRules } from "./kms";
import { logsRules } from "./logs";
import { s3Rules } from "./s3";
import { stepFunctionsRules } from "./stepfunctions";
import { SEVERITY_ORDER } from "./types";
import type { ExceptedFinding, Finding, Rule, RuleException, RuleReport } from "./types";
import { wafRules } from "./waf";

/**
 * The project's rule set: checks over a recorded resource graph that mirror the cdk-nag
 * (AwsSolutions), Security Hub FSBP and Checkov rules none of those tools can run on a Pulumi
 * program. The same rules serve the tests, the offline plan and the CrossGuard policy pack in
 * `policy/`: each reads only resource types, inputs and the links between resources (through
 * `Graph`, in `../graph`). Each service keeps its rules as data in its own file, one rule per place.
 */

export { severityAtLeast } from "./types";
export type { Severity, FindingResource, Finding, Violation, Rule, RuleException, ExceptedFinding, RuleReport } from "./types";

/** Every rule, in the order reports and the README's table list them. */
export const rules: readonly Rule[] = [...s3Rules, ...kmsRules, ...cognitoRules, ...iamRules, ...apigatewayRules, ...domainRules, ...logsRules, ...stepFunctionsRules, ...eventsRules, ...wafRules];

const RULE_IDS = new Set(rules.map((r) => r.id));

/** True when the id names a rule of this set. */
export function isRuleId(id: string): boolean {
    return RULE_IDS.has(id);
}

/**
 * The rule id closest to a mistyped one (case-insensitive Levenshtein distance), for a "did you
 * mean"; undefined when none is within a third of the id's length, so unrelated text gets no guess.
 */
export function closestRuleId(id: string): string | undefined {
    const typed = id.toUpperCase();
    let best: { id: string; distance: number } | undefined;
    for (const candidate of RULE_IDS) {
        const distance = editDistance(typed, candidate);
        if (!best || distance < best.distance) best = { id: candidate, distance };
    }
    return best && best.distance <= Math.max(2, Math.ceil(typed.length / 3)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
    }
    return previous[b.length];
}

/**
 * Runs every rule over a recording (made without preview: rules read resolved policies). Findings
 * that the rule itself recognises as deliberate, or that a declared exception covers, are listed
 * as excepted with their reason; they are never dropped.
 */
export function evaluateRules(recording: Recording | Graph, options: { exceptions?: readonly RuleException[]; stack?: string; only?: readonly string[] } = {}): RuleReport {
    // A caller that queries the graph too (the plan) passes its own, so routes and documents are read once.
    const graph = recording instanceof Graph ? recording : new Graph(recording);
    // An exception limited to some stacks applies only where the stack is known to be one of them.
    const declared = (options.exceptions ?? []).filter((e) => !e.stacks || (options.stack !== undefined && e.stacks.includes(options.stack)));
    const used = new Set<RuleException>();
    const findings: Finding[] = [];
    const excepted: ExceptedFinding[] = [];
    // `only` runs some rules (the policy pack runs one rule per policy); the legend still lists them all.
    for (const rule of options.only ? rules.filter((r) => options.only!.includes(r.id)) : rules) {
        for (const v of rule.check(graph)) {
            const finding: Finding = {
                ruleId: rule.id,
                severity: rule.severity,
                resource: { urn: v.resource.urn, type: v.resource.type, name: v.resource.name },
                property: v.property,
                message: v.message,
                mirrors: rule.mirrors,
            };
            if (v.exception) {
                excepted.push({ finding, reason: v.exception, source: "rule" });
                continue;
            }
            const match = declared.find((e) => e.rule === rule.id && e.resource === v.resource.name && (!e.property || v.property.startsWith(e.property)));
            if (match) {
                used.add(match);
                excepted.push({ finding, reason: match.reason, source: "declared" });
            } else {
                findings.push(finding);
            }
        }
    }
    findings.sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity]);
    return {
        findings,
        excepted,
        unusedExceptions: declared.filter((e) => !used.has(e)),
        rules: rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, mirrors: r.mirrors })),
    };
}
