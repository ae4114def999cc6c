import { asArray, parseDocument, Statement, strings } from "../graph";
import { allows, forEach } from "./support";
import type { Rule } from "./types";

// KMS keys: rotation and an explicit key policy.

/** An account root principal: `arn:<partition>:iam::<account>:root`, or the bare account id IAM accepts for it. */
const isAccountRoot = (principal: string): boolean => /^arn:[^:]+:iam::\d{12}:root$/.test(principal) || /^\d{12}$/.test(principal);

/**
 * True for the statement AWS writes into a key created without a policy: the account root may do
 * `kms:*` on `*`, with no condition, which hands the key to IAM policies alone.
 * @see AWS KMS doc "Default key policy" ("Allows access to the AWS account and enables IAM policies")
 */
function isDefaultKeyStatement(s: Statement): boolean {
    const principals = typeof s.Principal === "object" && s.Principal !== null ? strings((s.Principal as any).AWS) : [];
    return (
        allows(s) &&
        principals.length > 0 &&
        principals.every(isAccountRoot) &&
        strings(s.Action).some((a) => a === "*" || a.toLowerCase() === "kms:*") &&
        strings(s.Resource).includes("*") &&
        Object.keys(s.Condition ?? {}).length === 0
    );
}

export const kmsRules: readonly Rule[] = [
    {
        id: "UB-KMS-ROTATION",
        severity: "medium",
        title: "KMS key rotates",
        rationale: "Yearly rotation limits what one leaked key version can decrypt.",
        mirrors: ["AS-KMS5", "CKV_AWS_7"],
        check: (graph) => forEach(graph, "aws:kms/key:Key", (k) => (k.inputs.enableKeyRotation !== true && (k.inputs.customerMasterKeySpec ?? k.inputs.keySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT" ? { property: "enableKeyRotation", message: `key ${k.name} does not rotate` } : undefined)),
    },
    {
        id: "UB-KMS-KEY-POLICY",
        severity: "medium",
        title: "KMS key has an explicit key policy",
        rationale:
            "A key created without a policy gets AWS's default one: the account root may do kms:*, so any principal an IAM policy allows can use or administer it. A policy whose only statement is that one is the default written out; an explicit policy names who administers the key and who may use it, and how.",
        // Checkov's CKV2_AWS_64 passes any `policy`; this rule also refuses the default written out.
        mirrors: ["related: CKV2_AWS_64"],
        check: (graph) =>
            forEach(graph, "aws:kms/key:Key", (k) => {
                if (k.inputs.policy === undefined || k.inputs.policy === null || k.inputs.policy === "") {
                    return { property: "policy", message: `key ${k.name} has no key policy, so AWS's default gives the account root kms:* and leaves the key to IAM policies` };
                }
                const statements = asArray(parseDocument(k.inputs.policy)?.Statement) as Statement[];
                // A policy not known yet (a preview) is skipped, never guessed.
                if (statements.length === 1 && isDefaultKeyStatement(statements[0])) {
                    return { property: "policy.Statement[0]", message: `key ${k.name} policy only gives the account root kms:* without conditions, which is AWS's default key policy` };
                }
                return undefined;
            }),
    },
];
