import { strings } from "../graph";
import type { Rule, Violation } from "./types";

// WAF web ACLs: logging to a destination WAF accepts.

/** Where a WAF web ACL's logs go must be named `aws-waf-logs-...` (AWS WAF API reference "LoggingConfiguration": "The name that you give the destination must start with aws-waf-logs-"). */
function wafDestinationName(arn: string): string | undefined {
    return /:log-group:([^:]+)/.exec(arn)?.[1] ?? /^arn:[^:]+:s3:::([^/]+)/.exec(arn)?.[1] ?? /:deliverystream\/(.+)$/.exec(arn)?.[1];
}

export const wafRules: readonly Rule[] = [
    {
        id: "UB-WAF-LOGGING",
        severity: "low",
        title: "WAF web ACLs log to an aws-waf-logs- destination",
        rationale: "Web ACL logs show which requests were blocked and why; WAF accepts only destinations whose name starts with aws-waf-logs-.",
        mirrors: ["CKV2_AWS_31"],
        check: (graph) => {
            const configs = graph.all("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
            return graph.all("aws:wafv2/webAcl:WebAcl").flatMap((acl): Violation[] => {
                const config = configs.find((c) => typeof acl.outputs.arn === "string" && c.inputs.resourceArn === acl.outputs.arn);
                if (!config) return [{ resource: acl, property: "(no WebAclLoggingConfiguration)", message: `web ACL ${acl.name} writes no logs` }];
                const destinations = strings(config.inputs.logDestinationConfigs);
                if (destinations.length === 0) return [{ resource: config, property: "logDestinationConfigs", message: `web ACL ${acl.name} logs to no destination` }];
                return destinations.flatMap((d, i) => {
                    const name = wafDestinationName(d);
                    return name !== undefined && !name.startsWith("aws-waf-logs-") ? [{ resource: config, property: `logDestinationConfigs[${i}]`, message: `web ACL ${acl.name} logs to ${d}, whose name does not start with aws-waf-logs-` }] : [];
                });
            });
        },
    },
];
