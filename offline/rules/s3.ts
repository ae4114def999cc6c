import { asArray, Graph, parseDocument, Statement, strings } from "../graph";
import type { RecordedResource } from "../recording";
import { allows, BUCKET, conditionValues, forEach } from "./support";
import type { Rule, Violation } from "./types";

// S3 buckets: public access, TLS, encryption, ownership, versioning, access logs, lifecycle, forceDestroy.

const forBuckets = (graph: Graph, check: Parameters<typeof forEach>[2]) => forEach(graph, BUCKET, check);

function bucketPolicy(graph: Graph, bucket: RecordedResource): { holder?: RecordedResource; statements: Statement[] } {
    const holder = graph.bucketPart("aws:s3/bucketPolicy:BucketPolicy", bucket);
    const inline = holder ? holder.inputs.policy : bucket.inputs.policy;
    return { holder, statements: asArray(parseDocument(inline)?.Statement) as Statement[] };
}

const isEveryone = (principal: unknown): boolean => principal === "*" || strings((principal as any)?.AWS).includes("*");

export const s3Rules: readonly Rule[] = [
    {
        id: "UB-S3-PUBLIC-ACCESS-BLOCK",
        severity: "high",
        title: "S3 bucket blocks all public access",
        rationale: "Without all four public access block flags, one ACL or policy change makes user files public.",
        mirrors: ["AS-S2", "FSBP S3.8", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const block = graph.bucketPart("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket);
                if (!block) return { property: "(no BucketPublicAccessBlock)", message: `bucket ${bucket.name} has no public access block` };
                const off = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].filter((k) => block.inputs[k] !== true);
                return off.length ? { resource: block, property: off.join(", "), message: `public access block of ${bucket.name} leaves ${off.join(", ")} off` } : undefined;
            }),
    },
    {
        id: "UB-S3-PUBLIC-POLICY",
        severity: "high",
        title: "S3 bucket policy grants nothing to everyone",
        rationale: "An Allow to Principal \"*\" without a condition that narrows the caller opens the bucket to the internet.",
        mirrors: ["FSBP S3.2", "FSBP S3.3", "CKV_AWS_70"],
        check: (graph) => {
            const out: Violation[] = [];
            for (const bucket of graph.all(BUCKET)) {
                const { holder, statements } = bucketPolicy(graph, bucket);
                statements.forEach((s, i) => {
                    // A condition narrows the caller only with a value that is not itself a wildcard.
                    const narrowed = ["aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "aws:SourceVpce", "aws:PrincipalAccount", "aws:PrincipalArn"].some((k) => (conditionValues(s, k) ?? []).some((v) => v !== "*" && v !== ""));
                    if (allows(s) && isEveryone(s.Principal) && !narrowed) {
                        out.push({ resource: holder ?? bucket, property: `policy.Statement[${i}].Principal`, message: `bucket ${bucket.name} allows ${strings(s.Action).join(", ") || "actions"} to everyone` });
                    }
                });
            }
            return out;
        },
    },
    {
        id: "UB-S3-TLS",
        severity: "high",
        title: "S3 bucket policy denies requests without TLS",
        rationale: "A deny on aws:SecureTransport false keeps every request to the bucket encrypted in transit; S3.5 checkers want Resource as an array of the bucket and its objects.",
        mirrors: ["AS-S10", "FSBP S3.5"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const { holder, statements } = bucketPolicy(graph, bucket);
                const arn = String(bucket.outputs.arn ?? "");
                const ok = statements.some((s) => {
                    const resources = Array.isArray(s.Resource) ? strings(s.Resource) : [];
                    return (
                        s.Effect === "Deny" &&
                        isEveryone(s.Principal) &&
                        strings(s.Action).some((a) => a === "s3:*" || a === "*") &&
                        (conditionValues(s, "aws:SecureTransport") ?? []).includes("false") &&
                        resources.includes(arn) &&
                        resources.includes(`${arn}/*`)
                    );
                });
                return ok ? undefined : { resource: holder ?? bucket, property: "policy", message: `bucket ${bucket.name} has no policy that denies s3:* without TLS on [bucket ARN, bucket ARN/*]` };
            }),
    },
    {
        id: "UB-S3-ENCRYPTION",
        severity: "medium",
        title: "S3 bucket has default encryption",
        rationale: "Default encryption (SSE-S3, or SSE-KMS with a customer key) states how objects are encrypted at rest rather than leaving it to AWS defaults.",
        // CKV_AWS_145 requires SSE-KMS, which this rule does not: SSE-S3 passes here (checkov S3KMSEncryptedByDefault).
        mirrors: ["CKV_AWS_19", "related: CKV_AWS_145"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const config = graph.bucketPart("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
                const algorithm = config?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm;
                return ["AES256", "aws:kms", "aws:kms:dsse"].includes(algorithm) ? undefined : { resource: config ?? bucket, property: "rules[0].applyServerSideEncryptionByDefault.sseAlgorithm", message: `bucket ${bucket.name} declares no default encryption` };
            }),
    },
    {
        id: "UB-S3-OWNERSHIP",
        severity: "medium",
        title: "S3 bucket disables ACLs (BucketOwnerEnforced)",
        rationale: "With ACLs off, access is decided by policies only, which the access simulation can prove.",
        mirrors: ["FSBP S3.12", "CKV2_AWS_65"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const controls = graph.bucketPart("aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucket);
                return controls?.inputs.rule?.objectOwnership === "BucketOwnerEnforced" ? undefined : { resource: controls ?? bucket, property: "rule.objectOwnership", message: `bucket ${bucket.name} does not enforce bucket-owner ownership (ACLs stay on)` };
            }),
    },
    {
        id: "UB-S3-VERSIONING",
        severity: "medium",
        title: "S3 bucket keeps versions",
        rationale: "Versioning keeps an overwritten or deleted user file recoverable.",
        mirrors: ["CKV_AWS_21"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const versioning = graph.bucketPart("aws:s3/bucketVersioning:BucketVersioning", bucket);
                return versioning?.inputs.versioningConfiguration?.status === "Enabled" ? undefined : { resource: versioning ?? bucket, property: "versioningConfiguration.status", message: `bucket ${bucket.name} does not keep versions` };
            }),
    },
    {
        id: "UB-S3-ACCESS-LOGS",
        severity: "medium",
        title: "S3 bucket writes server access logs",
        rationale: "Access logs record who read or wrote which key, for audits and incident response.",
        // CKV_AWS_18 passes a bucket that is another bucket's logging target; here that bucket is listed as excepted, with why.
        mirrors: ["AS-S1", "FSBP S3.9", "related: CKV_AWS_18"],
        check: (graph) => {
            const targets = new Set(graph.all("aws:s3/bucketLogging:BucketLogging").map((l) => l.inputs.targetBucket));
            return forBuckets(graph, (bucket) => {
                if (graph.bucketPart("aws:s3/bucketLogging:BucketLogging", bucket)) return undefined;
                const isTarget = targets.has(bucket.id) || targets.has(bucket.outputs.bucket);
                return {
                    property: "(no BucketLogging)",
                    message: `bucket ${bucket.name} writes no server access logs`,
                    exception: isTarget ? "it is the access log bucket of another bucket: logging it to itself would loop, and a further log bucket would need logs of its own" : undefined,
                };
            });
        },
    },
    {
        id: "UB-S3-LIFECYCLE",
        severity: "low",
        title: "S3 bucket aborts stale multipart uploads and expires old versions",
        rationale: "Unfinished uploads and noncurrent versions otherwise cost storage forever.",
        // CKV_AWS_300 tests the abort-multipart rule only; this rule also wants noncurrent versions expired.
        mirrors: ["FSBP S3.13", "related: CKV_AWS_300"],
        check: (graph) =>
            forBuckets(graph, (bucket) => {
                const lifecycle = graph.bucketPart("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket);
                const enabled = asArray(lifecycle?.inputs.rules).filter((r: any) => r?.status === "Enabled") as any[];
                const missing = [
                    enabled.some((r) => r.abortIncompleteMultipartUpload?.daysAfterInitiation) ? undefined : "abortIncompleteMultipartUpload",
                    enabled.some((r) => r.noncurrentVersionExpiration?.noncurrentDays) ? undefined : "noncurrentVersionExpiration",
                ].filter(Boolean);
                return missing.length ? { resource: lifecycle ?? bucket, property: `rules (${missing.join(", ")})`, message: `bucket ${bucket.name} has no enabled lifecycle rule for ${missing.join(" and ")}` } : undefined;
            }),
    },
    {
        id: "UB-S3-FORCE-DESTROY",
        severity: "medium",
        title: "S3 bucket is not force-destroyed",
        rationale: "forceDestroy lets `pulumi destroy` delete every object in the bucket with it.",
        mirrors: ["data safety"],
        check: (graph) => forBuckets(graph, (bucket) => (bucket.inputs.forceDestroy === true ? { property: "forceDestroy", message: `bucket ${bucket.name} is deleted with its objects by pulumi destroy` } : undefined)),
    },
];
