import { forEach } from "./support";
import type { Rule } from "./types";

// CloudWatch log groups: retention, and the stack's customer key.

export const logsRules: readonly Rule[] = [
    {
        id: "UB-LOGS-RETENTION",
        severity: "low",
        title: "Log groups have a retention period",
        rationale: "Logs kept forever cost more every month and keep personal data longer than anyone needs.",
        mirrors: ["CKV_AWS_66"],
        check: (graph) => forEach(graph, "aws:cloudwatch/logGroup:LogGroup", (g) => (!(g.inputs.retentionInDays > 0) ? { property: "retentionInDays", message: `log group ${g.name} keeps logs forever` } : undefined)),
    },
    {
        id: "UB-LOGS-ENCRYPTION",
        severity: "low",
        title: "Log groups are encrypted with the stack's customer key",
        rationale:
            "Logs hold request details and user ids. Where the stack already keeps a customer key, its log groups should use it too, so access to the logs follows the key policy (which must then allow logs.<region>.amazonaws.com).",
        // Checkov's CKV_AWS_158 wants a key on every log group; this rule asks it only where the stack has a customer key.
        mirrors: ["related: CKV_AWS_158"],
        check: (graph) => {
            const key = graph.all("aws:kms/key:Key").find((k) => (k.inputs.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT" && (k.inputs.customerMasterKeySpec ?? k.inputs.keySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT");
            if (!key) return [];
            return forEach(graph, "aws:cloudwatch/logGroup:LogGroup", (g) => (g.inputs.kmsKeyId ? undefined : { property: "kmsKeyId", message: `log group ${g.name} is not encrypted with a customer key, though the stack has one (${key.name})` }));
        },
    },
];
