// The posture line of a PRIVATE API: which VPC endpoints can reach it, read from its resource policy.
import type { Graph } from "../graph";
import type { RecordedResource } from "../recording";
import type { PostureItem } from "./types";

// A private API is reachable only through interface VPC endpoints of execute-api, and which of them
// its resource policy admits: "Restrict access to your private API to specific VPCs or VPC endpoints.
// Add aws:SourceVpc and aws:SourceVpce conditions to your API's resource policy" (API Gateway
// developer guide, "Private REST APIs in API Gateway", best practices). Without such a Deny, any
// endpoint of any account that the Allow names reaches it.
const KEYS = ["aws:SourceVpce", "aws:SourceVpc"] as const;

function asList<T>(value: T | T[] | undefined): T[] {
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function policyOf(graph: Graph, api: RecordedResource): Record<string, any> | undefined {
    const inline = graph.openApiDocument(api)?.["x-amazon-apigateway-policy"] ?? api.inputs.policy;
    if (typeof inline !== "string") return inline;
    try {
        return JSON.parse(inline);
    } catch {
        return undefined;
    }
}

/** The "reachable through" item of an API whose endpoint type is PRIVATE; undefined for other APIs. */
export function privateApiReach(graph: Graph, api: RecordedResource): Omit<PostureItem, "check"> | undefined {
    if (!asList(api.inputs.endpointConfiguration?.types).includes("PRIVATE")) return undefined;
    const statements: Record<string, any>[] = asList(policyOf(graph, api)?.Statement);
    // The Deny that refuses every call not coming through the listed endpoints (or VPCs).
    const limits = statements
        .filter((s) => s.Effect === "Deny" && asList(s.Action).some((a: string) => a === "execute-api:Invoke" || a === "execute-api:*" || a === "*"))
        .flatMap((s) => KEYS.map((key) => ({ key, values: asList<string>(s.Condition?.StringNotEquals?.[key]) })))
        .filter((l) => l.values.length > 0);
    if (limits.length === 0) return { value: "any VPC endpoint its resource policy allows (no aws:SourceVpce or aws:SourceVpc deny)", ok: false };
    const endpoints = graph.recording.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint");
    const described = limits.flatMap(({ key, values }) =>
        values.map((value) => {
            const endpoint = key === "aws:SourceVpce" ? endpoints.find((e) => e.id === value || e.outputs.id === value) : undefined;
            const where = endpoint ? ` (${endpoint.name}, private DNS ${endpoint.inputs.privateDnsEnabled === true ? "on" : "off"}, in ${endpoint.inputs.vpcId})` : "";
            return `${key === "aws:SourceVpce" ? "endpoint" : "VPC"} ${value}${where}`;
        }),
    );
    return { value: `only ${described.join(", ")}: the resource policy denies every other ${limits.map((l) => l.key).join("/")}`, ok: true };
}
