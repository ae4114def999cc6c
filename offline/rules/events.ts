import { asArray, parseDocument, strings } from "../graph";
import type { Graph, Statement } from "../graph";
import type { RecordedResource } from "../recording";
import { allows, ROLE } from "./support";
import type { Rule, Violation } from "./types";

// EventBridge: the roles rules on a bucket's upload events deliver with.

/**
 * The one action EventBridge needs on each kind of target, by the service of the target's ARN
 * ("Step Functions state machine target", EventBridge User Guide: states:StartExecution; queues and
 * functions are reached through their resource policies, sqs:SendMessage and lambda:InvokeFunction,
 * "Using resource-based policies for Amazon EventBridge").
 */
const TARGET_ACTION: Record<string, string> = { states: "states:StartExecution", sqs: "sqs:SendMessage", lambda: "lambda:InvokeFunction" };
/** The services whose actions could reach the bucket's objects or start other work. */
const WATCHED_SERVICES = ["s3", "states", "sqs", "lambda"];

/** True when a trust policy lets EventBridge assume the role. */
function trustsEventBridge(role: RecordedResource): boolean {
    return asArray(parseDocument(role.inputs.assumeRolePolicy)?.Statement).some((s: any) => s?.Effect === "Allow" && strings(s.Principal?.Service).includes("events.amazonaws.com"));
}

/** What a statement allows beyond the target's one action on the target itself, as text; undefined when nothing. */
function beyondTarget(statement: Statement, targetArn: string): string | undefined {
    if (statement.NotAction !== undefined) return `NotAction ${JSON.stringify(statement.NotAction)}`;
    const service = targetArn.split(":")[2];
    const expected = TARGET_ACTION[service];
    const watched = strings(statement.Action).filter((a) => a === "*" || WATCHED_SERVICES.includes(a.split(":")[0].toLowerCase()));
    const wider = watched.filter((a) => a.toLowerCase() !== expected?.toLowerCase());
    if (wider.length > 0) return wider.join(", ");
    if (watched.length === 0) return undefined;
    const resources = statement.NotResource !== undefined ? ["NotResource"] : strings(statement.Resource);
    const others = resources.filter((r) => r !== targetArn);
    return others.length > 0 ? `${watched.join(", ")} on ${others.join(", ")}` : undefined;
}

export const eventsRules: readonly Rule[] = [
    {
        id: "UB-EVENTS-TARGET-ROLE",
        severity: "high",
        title: "An upload event's delivery role reaches its one target only",
        rationale:
            "A rule matching a bucket's keys under a prefix runs for whoever can write there; a delivery role allowed more than the one target action (states:*, another state machine, *) turns every upload into a way to start other work or touch other data.",
        mirrors: ["related: AwsSolutions-IAM5", "related: FSBP IAM.1"],
        check: (graph) => {
            const out: Violation[] = [];
            for (const flow of eventFlows(graph)) {
                for (const target of flow.targets) {
                    const role = graph.resolve(ROLE, target.inputs.roleArn);
                    // A role outside the program cannot be read: say nothing rather than guess.
                    if (!role || !trustsEventBridge(role)) continue;
                    const targetArn = String(target.inputs.arn ?? "");
                    for (const { statement, holder, property } of graph.roleStatements(role)) {
                        if (!allows(statement)) continue;
                        const wider = beyondTarget(statement, targetArn);
                        if (!wider) continue;
                        out.push({
                            resource: holder,
                            property,
                            message: `role ${role.name}, which EventBridge assumes for rule ${flow.rule.name} (objects created in ${flow.bucket.name} under ${flow.keyFilter}), allows ${wider}: only ${TARGET_ACTION[targetArn.split(":")[2]] ?? "the target's action"} on ${targetArn}`,
                        });
                    }
                }
            }
            return out;
        },
    },
];

/** One EventBridge rule on a recorded bucket's events: the bucket, the rule, its key filter as text, its targets. */
export interface EventFlow {
    readonly bucket: RecordedResource;
    readonly rule: RecordedResource;
    /** `private/*\/photos/*` for a wildcard filter, `public/…` for a prefix filter, `(any key)` without one. */
    readonly keyFilter: string;
    readonly targets: RecordedResource[];
}

/**
 * The rules whose pattern matches S3 events of a bucket in the graph (`detail.bucket.name` names it),
 * with the key filter of `detail.object.key` and the EventTargets that name the rule.
 */
export function eventFlows(graph: Graph): EventFlow[] {
    const out: EventFlow[] = [];
    for (const rule of graph.all("aws:cloudwatch/eventRule:EventRule")) {
        let pattern: any;
        try {
            pattern = typeof rule.inputs.eventPattern === "string" ? JSON.parse(rule.inputs.eventPattern) : undefined;
        } catch {
            continue;
        }
        const names: unknown[] = Array.isArray(pattern?.detail?.bucket?.name) ? pattern.detail.bucket.name : [];
        const bucket = graph.all("aws:s3/bucket:Bucket").find((b) => names.includes(b.outputs.bucket ?? b.inputs.bucket));
        if (!bucket) continue;
        const filters: any[] = Array.isArray(pattern?.detail?.object?.key) ? pattern.detail.object.key : [];
        const keyFilter = filters.map((f) => (typeof f === "string" ? f : f?.wildcard ?? (f?.prefix !== undefined ? `${f.prefix}…` : JSON.stringify(f)))).join(" | ") || "(any key)";
        const ruleName = rule.outputs.name ?? rule.inputs.name;
        const targets = graph.all("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.inputs.rule === ruleName);
        out.push({ bucket, rule, keyFilter, targets });
    }
    return out;
}
