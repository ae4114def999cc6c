import { asArray, Graph, objectAt, parseDocument, Statement, strings } from "../graph";
import type { RecordedResource } from "../recording";
import { allows, conditionValues, coveredActions, forEach } from "./support";
import type { Rule, Violation } from "./types";

// KMS keys: rotation, an explicit key policy, and custom sender keys only this pool's Cognito and sender use.

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";

/** The key policy in force: an `aws.kms.KeyPolicy` naming the key replaces the one the key was created with. */
function effectivePolicy(graph: Graph, key: RecordedResource): { holder: RecordedResource; policy: unknown } {
    const attached = graph.all(KEY_POLICY).find((p) => p.inputs.keyId === key.id || p.inputs.keyId === key.outputs.arn);
    return attached ? { holder: attached, policy: attached.inputs.policy } : { holder: key, policy: key.inputs.policy };
}

/** What a custom sender key can do that reveals or forges codes: encrypt, decrypt, or hand either on by a grant. */
const SENDER_KEY_USE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:CreateGrant"];
/** Conditions that narrow `Principal: "*"` to known principals (IAM User Guide, "AWS global condition context keys"). */
const PRINCIPAL_NARROWING = ["aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalOrgID", "kms:CallerAccount", "aws:SourceArn", "aws:SourceAccount"];
/** Conditions that confine a service principal to one source (IAM User Guide, "The confused deputy problem"). */
const SOURCE_NARROWING = ["aws:SourceArn", "aws:SourceAccount"];
/**
 * The encryption context Cognito encrypts sender codes under (Cognito Developer Guide, "Custom sender
 * Lambda triggers", step 2: `kms:EncryptionContext:userpool-id`): pinned, an account-wide statement
 * reaches one pool's codes only.
 */
const POOL_CONTEXT = "kms:EncryptionContext:userpool-id";

/** Who a statement lets use a custom sender key too broadly, or undefined when it is narrowed. */
function tooBroad(s: Statement): string | undefined {
    const has = (keys: readonly string[]) => keys.some((k) => conditionValues(s, k) !== undefined);
    const principal = s.Principal;
    const aws = typeof principal === "object" && principal !== null ? strings(objectAt(principal).AWS) : [];
    const services = typeof principal === "object" && principal !== null ? strings(objectAt(principal).Service) : [];
    if (principal === "*" || aws.includes("*")) return has(PRINCIPAL_NARROWING) ? undefined : "anyone (Principal *)";
    if (services.length > 0 && !has(SOURCE_NARROWING)) return `${services.join(", ")} for any source (no aws:SourceArn or aws:SourceAccount)`;
    const roots = aws.filter((a) => /^arn:[^:]+:iam::\d{12}:root$/.test(a) || /^\d{12}$/.test(a));
    if (roots.length > 0 && !has([POOL_CONTEXT])) return `every principal of account ${roots.join(", ")} that IAM allows (no ${POOL_CONTEXT} condition)`;
    return undefined;
}

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

/** The custom sender keys of the program's user pools, and the statements that let too many use them. */
function senderKeyFindings(graph: Graph): Violation[] {
    const out: Violation[] = [];
    const seen = new Set<RecordedResource>();
    for (const pool of graph.all("aws:cognito/userPool:UserPool")) {
        const key = graph.resolve(KEY, objectAt(pool.inputs.lambdaConfig).kmsKeyId);
        // A key the program does not define has a policy that cannot be read offline: never guessed.
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const { holder, policy } = effectivePolicy(graph, key);
        if (policy === undefined || policy === null || policy === "") {
            out.push({ resource: key, property: "policy", message: `key ${key.name}, the custom sender key of user pool ${pool.name}, has no key policy: AWS's default lets every principal of the account that IAM allows decrypt its codes` });
            continue;
        }
        asArray(parseDocument(policy)?.Statement).forEach((statement, i) => {
            const s = statement as Statement;
            if (!s || typeof s !== "object" || !allows(s)) return;
            const uses = coveredActions(s, SENDER_KEY_USE);
            const who = uses.length > 0 ? tooBroad(s) : undefined;
            if (who) {
                out.push({ resource: holder, property: `policy.Statement[${i}]`, message: `key ${key.name}, the custom sender key of user pool ${pool.name}, lets ${who} ${uses.join(", ")}: anyone it reaches can read or forge the pool's codes and temporary passwords` });
            }
        });
    }
    return out;
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
            forEach(graph, KEY, (k) => {
                // A key policy resource naming the key is the policy in force.
                const { holder, policy } = effectivePolicy(graph, k);
                if (policy === undefined || policy === null || policy === "") {
                    return { property: "policy", message: `key ${k.name} has no key policy, so AWS's default gives the account root kms:* and leaves the key to IAM policies` };
                }
                const statements = asArray(parseDocument(policy)?.Statement) as Statement[];
                // A policy not known yet (a preview) is skipped, never guessed.
                if (statements.length === 1 && isDefaultKeyStatement(statements[0])) {
                    return { resource: holder, property: "policy.Statement[0]", message: `key ${k.name} policy only gives the account root kms:* without conditions, which is AWS's default key policy` };
                }
                return undefined;
            }),
    },
    {
        id: "UB-KMS-SENDER-KEY",
        severity: "high",
        title: "A custom sender key is usable only by this pool's Cognito and its sender",
        rationale:
            "Cognito encrypts the codes and temporary passwords it hands custom email and SMS sender functions with the user pool's lambdaConfig.kmsKeyId. Whoever may decrypt with that key (or create a grant on it) reads every code; whoever may encrypt forges them. A statement that lets anyone (Principal *), a service principal without aws:SourceArn/aws:SourceAccount, or the whole account without the pool's kms:EncryptionContext:userpool-id use the key is a finding.",
        mirrors: ["related: CKV_AWS_33 (no wildcard principal in any key policy)", "Cognito custom sender key policy (Developer Guide)"],
        check: senderKeyFindings,
    },
];
