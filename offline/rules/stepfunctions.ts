import { actions as componentActions } from "../../components/policy";
import { objectAt } from "../graph";
import { allows, coveredActions, forEach, ROLE } from "./support";
import type { Rule } from "./types";

// Step Functions state machines: execution logs, and the X-Ray permissions tracing needs.

const X_RAY_ACTIONS: readonly string[] = componentActions.xrayTracing;

export const stepFunctionsRules: readonly Rule[] = [
    {
        id: "UB-SFN-LOGGING",
        severity: "medium",
        title: "State machines write execution logs",
        rationale: "Without execution logs a failed or misused workflow leaves no record of its input and its steps beyond the 90-day execution history.",
        // Checkov's CKV_AWS_285 tests include_execution_data only; this rule wants a level other than OFF and a destination.
        mirrors: ["FSBP StepFunctions.1", "related: CKV_AWS_285"],
        check: (graph) =>
            forEach(graph, "aws:sfn/stateMachine:StateMachine", (machine) => {
                const logging = objectAt(machine.inputs.loggingConfiguration);
                const level = typeof logging.level === "string" ? logging.level : "OFF";
                const faults = [level === "OFF" ? `level ${level}` : undefined, typeof logging.logDestination === "string" && logging.logDestination !== "" ? undefined : "no log destination"].filter(Boolean);
                return faults.length ? { property: "loggingConfiguration", message: `state machine ${machine.name} writes no execution logs: ${faults.join(", ")}` } : undefined;
            }),
    },
    {
        id: "UB-SFN-XRAY",
        severity: "medium",
        title: "Traced state machines may send traces to X-Ray",
        rationale:
            "With tracing on, Step Functions sends segments under the state machine's role; without xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets no trace arrives (AWS doc \"IAM policies for using AWS X-Ray in Step Functions\": only a role the console creates gets them by itself).",
        mirrors: ["Step Functions X-Ray IAM policy"],
        check: (graph) =>
            forEach(graph, "aws:sfn/stateMachine:StateMachine", (machine) => {
                if (objectAt(machine.inputs.tracingConfiguration).enabled !== true) return undefined;
                const role = graph.resolve(ROLE, machine.inputs.roleArn);
                // A role outside the program cannot be read: say nothing rather than guess.
                if (!role) return undefined;
                const allowed = graph.roleStatements(role).filter((s) => allows(s.statement)).flatMap((s) => coveredActions(s.statement, X_RAY_ACTIONS));
                const missing = X_RAY_ACTIONS.filter((a) => !allowed.includes(a));
                return missing.length ? { property: "roleArn", message: `state machine ${machine.name} traces with X-Ray but its role ${role.name} lacks ${missing.join(", ")}` } : undefined;
            }),
    },
];
