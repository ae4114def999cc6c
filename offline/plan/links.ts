// Stage 3 of the plan: the edges of the diagram, read from the graph.
import type { RecordedResource } from "../recording";
import type { Graph } from "../graph";
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
    for (const role of graph.all("aws:iam/role:Role")) {
        // Who acts with this role: a function running as it, or else the role's own node.
        const fn = graph.all("aws:lambda/function:Function").find((f) => f.inputs.role === role.outputs.arn);
        const actor = nodeOf(fn ?? role);
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
