import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ExceptedFinding, Finding, rules, RuleReport, Severity } from "../../offline/rules";

/**
 * Building blocks for the rule set's specification (tests/offline/rules.test.ts): raw AWS resources
 * in their secure shape, trust policies, and assertions on a RuleReport.
 */

/** Type tokens of the resources findings name. */
export const T = {
    bucket: "aws:s3/bucket:Bucket",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    kmsKey: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    policy: "aws:iam/policy:Policy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPool: "aws:cognito/userPool:UserPool",
    identityPool: "aws:cognito/identityPool:IdentityPool",
    client: "aws:cognito/userPoolClient:UserPoolClient",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

/** An IAM policy document as the JSON string AWS takes; statements may hold Outputs. */
export function policyDocument(statements: unknown[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** The trust policy of an identity pool role: this pool's identities of one kind only. */
export function identityPoolTrust(poolId: pulumi.Input<string>, amr: "authenticated" | "unauthenticated" = "authenticated"): pulumi.Output<string> {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Federated: "cognito-identity.amazonaws.com" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": poolId },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
            },
        },
    ]);
}

/** The trust policy of a role an AWS service assumes (not an identity pool role). */
export function serviceTrust(service: string): pulumi.Output<string> {
    return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]);
}

/** The statement UB-S3-TLS looks for: deny s3:* without TLS, on [bucket ARN, bucket ARN/*]. */
export function denyWithoutTls(bucketArn: pulumi.Input<string>): unknown {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

type BlockFlag = "blockPublicAcls" | "blockPublicPolicy" | "ignorePublicAcls" | "restrictPublicBuckets";

/**
 * What `hardenedBucket` sets up. Every part defaults to its secure form; `false` leaves the part
 * out, any other value replaces it. Access logging is off unless `logTo` names a log bucket.
 */
export interface BucketSpec {
    readonly forceDestroy?: boolean;
    readonly publicAccessBlock?: false | Partial<Record<BlockFlag, boolean>>;
    /** The statements of the bucket policy. @default [denyWithoutTls(arn)] */
    readonly policy?: false | ((bucketArn: pulumi.Output<string>) => unknown[]);
    /** The default encryption algorithm. @default "AES256" */
    readonly encryption?: false | string;
    /** @default "BucketOwnerEnforced" */
    readonly ownership?: false | string;
    /** @default "Enabled" */
    readonly versioning?: false | string;
    /** @default an enabled rule that aborts multipart uploads and one that expires noncurrent versions */
    readonly lifecycle?: false | aws.types.input.s3.BucketLifecycleConfigurationRule[];
    readonly logTo?: aws.s3.Bucket;
}

/**
 * A bucket named `<name>` with its parts named `<name>-public-access-block`, `<name>-policy`,
 * `<name>-encryption`, `<name>-ownership`, `<name>-versioning`, `<name>-lifecycle` and `<name>-logging`.
 */
export function hardenedBucket(name: string, spec: BucketSpec = {}): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(name, { forceDestroy: spec.forceDestroy });
    if (spec.publicAccessBlock !== false) {
        new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
            ...spec.publicAccessBlock,
        });
    }
    if (spec.policy !== false) {
        const statements = spec.policy ? spec.policy(bucket.arn) : [denyWithoutTls(bucket.arn)];
        new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: policyDocument(statements) });
    }
    if (spec.encryption !== false) {
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: spec.encryption ?? "AES256" } }],
        });
    }
    if (spec.ownership !== false) {
        new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: spec.ownership ?? "BucketOwnerEnforced" } });
    }
    if (spec.versioning !== false) {
        new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: spec.versioning ?? "Enabled" } });
    }
    if (spec.lifecycle !== false) {
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucket.id,
            rules: spec.lifecycle ?? [
                { id: "abort-uploads", status: "Enabled", filter: { prefix: "" }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                { id: "old-versions", status: "Enabled", filter: { prefix: "" }, noncurrentVersionExpiration: { noncurrentDays: 30 } },
            ],
        });
    }
    if (spec.logTo) {
        new aws.s3.BucketLogging(`${name}-logging`, { bucket: bucket.id, targetBucket: spec.logTo.id, targetPrefix: `${name}/` });
    }
    return bucket;
}

/**
 * A component of someone else's making (not one of this package's) whose three identity pool roles
 * get the same policy by the three mechanisms Pulumi offers: `<name>-inline` through `inlinePolicies`,
 * `<name>-attached` through an `aws.iam.RolePolicy` (`<name>-attached-policy`), and `<name>-managed`
 * through an `aws.iam.Policy` (`<name>-managed-policy`) and a `RolePolicyAttachment`.
 * The policy lists the bucket and reads `protected/*`; with `ownPrefixOnly` it lists and reads only
 * the caller's own `private/<identity id>/` instead.
 */
export class Uploader extends pulumi.ComponentResource {
    constructor(name: string, args: { identityPoolId: pulumi.Input<string>; bucketArn: pulumi.Input<string>; ownPrefixOnly?: boolean }, opts?: pulumi.ComponentResourceOptions) {
        super("acme:index:Uploader", name, {}, opts);
        const parent = { parent: this };
        const own = "private/${cognito-identity.amazonaws.com:sub}/";
        const policy = policyDocument(
            args.ownPrefixOnly
                ? [
                      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [args.bucketArn], Condition: { StringLike: { "s3:prefix": [own, `${own}*`] } } },
                      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${args.bucketArn}/${own}*`] },
                  ]
                : [
                      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [args.bucketArn] },
                      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${args.bucketArn}/protected/*`] },
                  ],
        );
        const trust = identityPoolTrust(args.identityPoolId);
        new aws.iam.Role(`${name}-inline`, { assumeRolePolicy: trust, inlinePolicies: [{ name: "uploads", policy }] }, parent);
        const attached = new aws.iam.Role(`${name}-attached`, { assumeRolePolicy: trust }, parent);
        new aws.iam.RolePolicy(`${name}-attached-policy`, { role: attached, policy }, parent);
        const managed = new aws.iam.Role(`${name}-managed`, { assumeRolePolicy: trust }, parent);
        const managedPolicy = new aws.iam.Policy(`${name}-managed-policy`, { policy }, parent);
        new aws.iam.RolePolicyAttachment(`${name}-managed-attachment`, { role: managed.name, policyArn: managedPolicy.arn }, parent);
        this.registerOutputs({});
    }
}

// ---------------------------------------------------------------------------------------------
// Assertions on a RuleReport.

export interface ExpectedFinding {
    readonly rule: string;
    readonly severity: Severity;
    readonly type: string;
    /** The logical name of the resource at fault. */
    readonly resource: string;
    readonly property: string;
    readonly message: string | RegExp;
}

const show = (items: readonly (Finding | ExceptedFinding)[]) =>
    JSON.stringify(
        items.map((i) => ("finding" in i ? i.finding : i)).map((f) => `${f.ruleId} ${f.resource.name} ${f.property}: ${f.message}`),
        null,
        1,
    );

/** The findings of a rule, optionally on one resource. */
export function findingsOf(report: RuleReport, rule: string, resource?: string): Finding[] {
    return report.findings.filter((f) => f.ruleId === rule && (resource === undefined || f.resource.name === resource));
}

/** The excepted findings of a rule on one resource, optionally at one property. */
export function exceptedOf(report: RuleReport, rule: string, resource: string, property?: string): ExceptedFinding[] {
    return report.excepted.filter((e) => e.finding.ruleId === rule && e.finding.resource.name === resource && (property === undefined || e.finding.property === property));
}

function checkMessage(actual: string, expected: string | RegExp): void {
    if (typeof expected === "string") assert.equal(actual, expected);
    else assert.match(actual, expected);
}

/** Asserts exactly one (not excepted) finding of the rule on the resource at the property, and what it says. */
export function assertFinding(report: RuleReport, expected: ExpectedFinding): Finding {
    const found = findingsOf(report, expected.rule, expected.resource).filter((f) => f.property === expected.property);
    assert.equal(found.length, 1, `expected one ${expected.rule} finding on ${expected.resource} at ${expected.property}; ${expected.rule} findings: ${show(findingsOf(report, expected.rule))}`);
    const [finding] = found;
    assert.equal(finding.severity, expected.severity);
    assert.equal(finding.resource.type, expected.type);
    assert.match(finding.resource.urn, new RegExp(`::${expected.resource.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    checkMessage(finding.message, expected.message);
    assert.deepEqual(finding.mirrors, rules.find((r) => r.id === expected.rule)!.mirrors);
    assert.equal(exceptedOf(report, expected.rule, expected.resource, expected.property).length, 0, "a finding is never also excepted");
    return finding;
}

/** Asserts that the rule reports nothing (optionally: nothing on this resource), excepted or not. */
export function assertNoFinding(report: RuleReport, rule: string, resource?: string): void {
    assert.deepEqual(findingsOf(report, rule, resource), [], `unexpected ${rule} findings: ${show(findingsOf(report, rule, resource))}`);
}

/** Asserts that the rule recognised its own deliberate pattern here, with a reason. */
export function assertRuleException(report: RuleReport, expected: { rule: string; resource: string; property: string; message?: string | RegExp; reason: string | RegExp }): ExceptedFinding {
    const found = exceptedOf(report, expected.rule, expected.resource, expected.property);
    assert.equal(found.length, 1, `expected one excepted ${expected.rule} on ${expected.resource} at ${expected.property}; excepted: ${show(report.excepted.filter((e) => e.finding.ruleId === expected.rule))}`);
    const [excepted] = found;
    assert.equal(excepted.source, "rule");
    checkMessage(excepted.reason, expected.reason);
    if (expected.message !== undefined) checkMessage(excepted.finding.message, expected.message);
    assert.deepEqual(findingsOf(report, expected.rule, expected.resource).filter((f) => f.property === expected.property), [], "an excepted finding is not also a finding");
    return excepted;
}

/** Memoizes an async fixture, so several describe blocks can share one recording. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
    let made: Promise<T> | undefined;
    return () => (made ??= make());
}
