import * as pulumi from "@pulumi/pulumi";

/**
 * IAM actions the components grant, in one place. Every grant is built from these lists, so a
 * reviewer can see the whole permission surface here. There is no `s3:*`, no ACL action, no
 * version-level action (users cannot erase history) and no bucket-level write.
 */
export const actions = {
    /** Read an object (GetObject also covers HEAD). */
    objectGet: ["s3:GetObject"],
    /** Create or overwrite an object, including multipart uploads and abandoning them. */
    objectWrite: ["s3:PutObject", "s3:AbortMultipartUpload"],
    /** Delete an object: with versioning this adds a delete marker, the data stays recoverable. */
    objectDelete: ["s3:DeleteObject"],
    /** List keys; always granted with an `s3:prefix` condition. */
    bucketList: ["s3:ListBucket"],
    /** Read objects encrypted with a customer managed key. */
    kmsDecrypt: ["kms:Decrypt"],
    /** Write objects encrypted with a customer managed key; multipart uploads also decrypt the data key. */
    kmsEncrypt: ["kms:GenerateDataKey", "kms:Decrypt"],
    /**
     * What Cognito does with a custom sender key, through the AWS Encryption SDK: a KMS keyring's
     * generator key "generates a plaintext data key and encrypts it" (GenerateDataKey) and additional
     * keys encrypt that data key (Encrypt) (AWS Encryption SDK Developer Guide, "AWS KMS keyrings").
     */
    kmsEncryptCodes: ["kms:GenerateDataKey", "kms:Encrypt"],
    /**
     * How whoever creates or updates a user pool gives Cognito the use of its custom sender key: "The IAM
     * principal that creates or updates your user pool creates a one-time grant against the KMS key"
     * (Cognito Developer Guide, "Custom sender Lambda triggers", step 2).
     */
    kmsGrantForCognito: ["kms:CreateGrant"],
    /** How an identity pool obtains credentials for one of its roles on a user's behalf. */
    assumeWithWebIdentity: ["sts:AssumeRoleWithWebIdentity"],
    /** Lets the identity pool attach principal tags (mapped from token claims) to the session. */
    tagSession: ["sts:TagSession"],
    /** How Cognito assumes the role it sends SMS messages with. */
    assumeRole: ["sts:AssumeRole"],
    /** Sending an SMS text message (to a phone number, which has no ARN). */
    snsPublish: ["sns:Publish"],
    /** Running a Lambda function, as a Cognito trigger or an API integration. */
    lambdaInvoke: "lambda:InvokeFunction",
    /** What an API Gateway S3 route may do, one operation per route. */
    apiS3: { get: ["s3:GetObject"], put: ["s3:PutObject"], delete: ["s3:DeleteObject"], list: ["s3:ListBucket"] },
    /** Starting a Step Functions execution: standard machines asynchronously, express machines synchronously. */
    startExecution: ["states:StartExecution"],
    startSyncExecution: ["states:StartSyncExecution"],
    /** Sending one message to a queue. */
    sqsSend: ["sqs:SendMessage"],
    /** The DynamoDB operations an API route may run, one per route. */
    apiDynamoDb: { GetItem: ["dynamodb:GetItem"], Query: ["dynamodb:Query"], PutItem: ["dynamodb:PutItem"] },
    /**
     * What the account may do to administer the key this component creates: read and change its
     * policy, description, tags, rotation and state, and schedule its deletion (the calls
     * terraform-provider-aws `internal/service/kms/key.go` makes), plus aliases and grant cleanup.
     * No cryptographic action and no `kms:CreateGrant`: a grant would allow key use without the S3
     * conditions of the use statement. Keeping `kms:PutKeyPolicy` for the account means it can never
     * be locked out of the key (AWS KMS "Default key policy", the lockout safety check of
     * `CreateKey`/`PutKeyPolicy`).
     */
    kmsAdminister: [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:ListKeyPolicies",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:DisableKeyRotation",
        "kms:ListKeyRotations",
        "kms:RotateKeyOnDemand",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:UntagResource",
        "kms:UpdateKeyDescription",
        "kms:EnableKey",
        "kms:DisableKey",
        "kms:ScheduleKeyDeletion",
        "kms:CancelKeyDeletion",
        "kms:CreateAlias",
        "kms:UpdateAlias",
        "kms:DeleteAlias",
        "kms:ListGrants",
        "kms:RevokeGrant",
    ],
    /**
     * What a traced state machine's role needs ("IAM policies for AWS X-Ray" in the Step Functions
     * guide); X-Ray has no resource-level permissions.
     */
    xrayTracing: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
    /**
     * What a Step Functions role needs to set up execution logging ("Using CloudWatch Logs to log
     * execution history in Step Functions"). None of them takes a resource ARN.
     */
    stepFunctionsLogDelivery: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
    ],
    /**
     * What API Gateway does with the account's CloudWatch role, for execution logs and access logs:
     * the write and lookup actions of AWS's managed policy AmazonAPIGatewayPushToCloudWatchLogs
     * (its read actions `logs:GetLogEvents` and `logs:FilterLogEvents` are left out: delivering logs
     * reads nothing; not provable offline). `DescribeLogGroups` has no resource type in IAM.
     */
    apiGatewayAccountLogs: {
        push: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        findLogGroups: ["logs:DescribeLogGroups"],
    },
} as const;

/** The federated principal of every identity pool role's trust policy. */
export const cognitoIdentityPrincipal = "cognito-identity.amazonaws.com";

/**
 * The trust policy of an identity pool role: only identities of this identity pool (`aud`) of one
 * kind (`amr`: `authenticated` or `unauthenticated`, never both) may assume it, and only through the
 * identity pool. With `tagSession`, the identity pool may also attach principal tags to the session.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html
 */
export function identityPoolTrust(identityPoolId: pulumi.Input<string>, amr: "authenticated" | "unauthenticated", tagSession: boolean): PolicyStatement[] {
    return [
        {
            Sid: amr === "authenticated" ? "SignedInIdentitiesOfThisPool" : "GuestIdentitiesOfThisPool",
            Effect: "Allow",
            Principal: { Federated: cognitoIdentityPrincipal },
            Action: [...actions.assumeWithWebIdentity, ...(tagSession ? actions.tagSession : [])],
            Condition: {
                StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
                "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
            },
        },
    ];
}

// The owner variables are facts the offline plan reads too: defined once in the contract.
export { identityIdVariable, principalTagVariable } from "./shared/contract";

/**
 * IAM's "one value or a list of them". The schema (plugin/analyzer-adapter.ts) says "list of T":
 * every list is valid here too.
 */
export type OneOrMany<T> = T | readonly T[];

/**
 * A statement's `Principal`: `"*"` (anyone), or principals by type (`AWS`, `Service`, `Federated`,
 * `CanonicalUser`). The schema says the map; `{ AWS: ["*"] }` means what `"*"` means.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
export type PolicyPrincipal = "*" | Record<string, OneOrMany<pulumi.Input<string>>>;

/** Whether a statement allows or denies its actions. An explicit Deny wins over every Allow. */
export const PolicyEffect = {
    Allow: "Allow",
    Deny: "Deny",
} as const;
export type PolicyEffect = (typeof PolicyEffect)[keyof typeof PolicyEffect];

/**
 * Conditions by operator, then by condition key, such as
 * `{ StringEquals: { "aws:PrincipalTag/sub": "abc" } }`.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 */
export type ConditionBlock = Record<string, Record<string, OneOrMany<pulumi.Input<string>>>>;

/** One statement of an IAM policy, in the JSON policy grammar. */
export interface PolicyStatement {
    /** An identifier, unique in the policy. */
    Sid?: string;
    Effect: PolicyEffect;
    /** Only in resource and trust policies; a role's own (identity) policy has none. */
    Principal?: PolicyPrincipal;
    /** Actions such as `s3:GetObject`. */
    Action: OneOrMany<string>;
    /** Resource ARNs. Left out only in trust policies, whose resource is the role itself. */
    Resource?: OneOrMany<pulumi.Input<string>>;
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** Serializes a policy once, resolving the Outputs inside it. */
export function policyJson(statements: PolicyStatement[]): pulumi.Output<string> {
    const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
    return pulumi.jsonStringify(document);
}

/**
 * Denies every S3 request that is not made over TLS 1.2 or later, for anyone.
 * `Resource` is an array with both the bucket and its objects: FSBP S3.5 and cdk-nag AwsSolutions-S10
 * checkers look for exactly that shape and reject a single string.
 */
export function denyInsecureTransport(bucketArn: pulumi.Input<string>): PolicyStatement[] {
    const resources = [bucketArn, pulumi.interpolate`${bucketArn}/*`];
    return [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
            Sid: "DenyOutdatedTls",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: resources,
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
    ];
}

/**
 * Conditions that confine key use to S3 requests on this bucket. `kms:ViaService` is the S3
 * endpoint of the bucket's region; the encryption context S3 sends is the bucket ARN with an S3
 * Bucket Key (which this component turns on), or the object ARN without one.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html (kms:ViaService, kms:EncryptionContext:context-key)
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html (the encryption context with a bucket key)
 */
export function keyUseThroughS3(region: pulumi.Input<string>, bucketArn: pulumi.Input<string>): NonNullable<PolicyStatement["Condition"]> {
    return {
        StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, pulumi.interpolate`${bucketArn}/*`] },
    };
}

/**
 * Claims a user can change about themselves in any user pool (UpdateUserAttributes with their own
 * access token), so no owner tag may come from them (SECURITY.md, known mistake 11).
 */
export const USER_CHANGEABLE_CLAIMS = ["preferred_username", "email", "phone_number", "name"] as const;

/**
 * Cognito's standard attributes that an app client may write: every one but `sub` and the
 * `*_verified` flags, which are Cognito's to set. A client without `writeAttributes` may write them
 * all (Cognito API reference, UserPoolClientType.WriteAttributes).
 */
export const WRITABLE_STANDARD_ATTRIBUTES = [
    "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name",
    "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
] as const;
