// Stage 3 of the plan: the edges of the diagram, read from the graph.
import type { RecordedResource } from "../recording";
import type { Graph } from "../graph";
import { eventFlows } from "../rules/events";
import type { Link } from "./types";

/**
 * The links the diagram draws, read from the graph rather than assumed: an API's authorizer names a
 * user pool, its integrations and route roles name functions, buckets, state machines, queues and
 * tables; a role policy granting a bucket links the role's owner (a component, or the function that
 * runs as it) to the bucket.
 */
export function links(graph: Graph): Link[] {
    const rec = graph.recording;
    const stack = rec.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const apis = graph.all("aws:apigateway/restApi:RestApi");
    // The node a resource is drawn as: its outermost component, or itself at the top level (a part
    // of a REST API made without a component is drawn as its API).
    const nodeOf = (r: RecordedResource | undefined): string | undefined => {
        let top = r;
        while (top?.parent && top.parent !== stack?.urn) top = rec.parentOf(top);
        const api = top && top.custom && top.inputs.restApi !== undefined ? apis.find((a) => a.id === top!.inputs.restApi) : undefined;
        return (api ?? top)?.name;
    };
    const targets: { type: string; route: string; access: string; key: (r: RecordedResource) => unknown[] }[] = [
        { type: "aws:s3/bucket:Bucket", route: "S3 routes", access: "S3 access", key: (r) => [r.outputs.arn, r.id] },
        { type: "aws:lambda/function:Function", route: "Lambda routes", access: "invokes", key: (r) => [r.outputs.arn] },
        { type: "aws:sfn/stateMachine:StateMachine", route: "Step Functions routes", access: "starts", key: (r) => [r.outputs.arn] },
        { type: "aws:sqs/queue:Queue", route: "SQS routes", access: "sends to", key: (r) => [r.outputs.arn] },
        { type: "aws:dynamodb/table:Table", route: "DynamoDB routes", access: "DynamoDB access", key: (r) => [r.outputs.arn] },
    ];
    const named = targets.flatMap((t) => graph.all(t.type).map((r) => ({ resource: r, ...t, keys: t.key(r).filter((k): k is string => typeof k === "string" && k !== "") })));
    const mentions = (text: string) => named.filter((n) => n.keys.some((k) => text.includes(k)));
    // One edge per pair: the first reason found (authorizer, then routes, then role policies) names it.
    const out = new Map<string, Link>();
    const add = (from: string | undefined, to: string | undefined, label: string) => {
        if (from && to && from !== to && !out.has(`${from}|${to}`)) out.set(`${from}|${to}`, { from, to, label });
    };
    // Routes in either shape: a Method resource or a RestApi body operation is drawn as its API (or component).
    const routes = graph.routes();
    for (const route of routes) {
        for (const arn of route.authorizer?.providerArns ?? []) add(nodeOf(route.sites.operation.resource), nodeOf(graph.resolve("aws:cognito/userPool:UserPool", arn)), "Cognito authorizer");
    }
    for (const route of routes) {
        const integration = route.integration;
        if (!integration) continue;
        for (const n of mentions(`${integration.uri ?? ""} ${integration.credentials ?? ""} ${JSON.stringify(integration.requestTemplates)}`)) add(nodeOf(route.sites.operation.resource), nodeOf(n.resource), n.route);
    }
    // Event flows: a bucket's events → the EventBridge rule that matches its keys (with the key filter)
    // → each target of the rule. The rule is drawn as its own node: it is where the prefix lives.
    const eventRoles = new Set<unknown>();
    for (const flow of eventFlows(graph)) {
        add(nodeOf(flow.bucket), flow.rule.name, `Object Created ${flow.keyFilter}`);
        for (const target of flow.targets) {
            eventRoles.add(target.inputs.roleArn);
            for (const n of mentions(String(target.inputs.arn ?? ""))) add(flow.rule.name, nodeOf(n.resource), n.access);
        }
    }
    for (const role of graph.all("aws:iam/role:Role")) {
        // A role EventBridge assumes for a rule's target is drawn as the rule's edge above.
        if (eventRoles.has(role.outputs.arn)) continue;
        // Who acts with this role: a function or a state machine running as it, or else the role's own node.
        const fn = graph.all("aws:lambda/function:Function").find((f) => f.inputs.role === role.outputs.arn);
        const machine = graph.all("aws:sfn/stateMachine:StateMachine").find((m) => m.inputs.roleArn === role.outputs.arn);
        const actor = nodeOf(fn ?? machine ?? role);
        for (const { statement, holder } of graph.roleStatements(role)) {
            if (statement.Effect !== "Allow") continue;
            for (const n of mentions(JSON.stringify(statement.Resource ?? ""))) {
                const grantedBy = nodeOf(holder);
                // A bucket's grant to another component's roles reads as that component's users reaching the bucket.
                if (n.resource.type === "aws:s3/bucket:Bucket" && grantedBy === nodeOf(n.resource) && graph.webIdentityRoles().includes(role)) add(actor, grantedBy, "per-user grants");
                else add(actor, nodeOf(n.resource), n.access);
            }
        }
    }
    return [...out.values()];
}

