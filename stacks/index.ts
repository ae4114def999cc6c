import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "../components";
import { readConfig } from "./config";
import { logsKeyPolicy, Place, wafLogDeliveryPolicy, workflowPolicy } from "./policies";

// The reference photo-sharing backend. Users sign up and sign in (CognitoAuth); they upload photos to
// their own prefix directly with identity pool credentials or through the API (SecureUserBucket keyed
// by the user pool sub); they list and fetch their own photos through a Lambda; a public cached health
// route completes the API (AuthorizedApi); uploads start a thumbnail workflow through EventBridge.
const settings = readConfig();
const region = aws.getRegionOutput().region;
const place: Place = { partition: aws.getPartitionOutput().partition, region, accountId: aws.getCallerIdentityOutput().accountId };
// Names AWS requires us to choose (WAF's log group, the workflow's vended log group) carry the
// project and the stack, so two stacks in one account never collide.
const stackName = `${pulumi.getProject()}-${pulumi.getStack()}`;

// The stack's key for its log groups (CKV_AWS_158), where the config's encryptLogs asks for one (staging, prod).
// CloudWatch Logs needs a key policy that lets it use the key; see stacks/policies.ts.
const logsKey = settings.encryptLogs
    ? new aws.kms.Key(
          "logs-key",
          {
              description: `Encrypts the log groups of ${stackName}`,
              enableKeyRotation: true,
              deletionWindowInDays: 30,
              policy: logsKeyPolicy(place),
          },
          { retainOnDelete: settings.retainOnDelete },
      )
    : undefined;
// CloudWatch Logs takes the key's ARN, not its id or an alias ("Encrypt log data in CloudWatch Logs using AWS KMS").
const logsKmsKeyArn = logsKey?.arn;
// The provider region as configured (aws:region), known before anything runs, for the passkey relying party.
const awsRegion = new pulumi.Config("aws").get("region");
const oauth = settings.callbackUrls.length > 0 ? { callbackUrls: settings.callbackUrls, logoutUrls: settings.logoutUrls } : undefined;

const auth = new CognitoAuth("auth", {
    mfa: settings.mfa,
    threatProtection: settings.threatProtection,
    deletionProtection: settings.deletionProtection,
    retainOnDelete: settings.retainOnDelete,
    clients: { web: { oauth } },
    // Prefixes are global per region across all accounts: the default names the project and the stack
    // (stacks/config.ts, defaultDomainPrefix); on "Domain already associated with another user pool",
    // set authDomainPrefix to another value.
    domain: oauth ? { prefix: settings.authDomainPrefix, managedLoginVersion: settings.managedLoginVersion === 2 ? 2 : undefined } : undefined,
    // Passkeys beside the password (TOTP stays offered as MFA). The relying party is pinned to the
    // prefix domain's host: a changed one strands every registered passkey, and its parent
    // auth.<region>.amazoncognito.com is a public suffix no passkey can be bound to.
    ...(settings.passkeys
        ? {
              signInPolicy: { allowedFirstAuthFactors: ["PASSWORD" as const, "WEB_AUTHN" as const] },
              webAuthn: { relyingPartyId: oauth && awsRegion ? `${settings.authDomainPrefix}.auth.${awsRegion}.amazoncognito.com` : undefined, userVerification: "required" as const },
          }
        : {}),
    groups: { editors: { precedence: 1, role: true, description: "Curate the public gallery" } },
    // Storage is keyed by the user pool sub, so the API (which knows only the token) and direct
    // uploads (identity pool credentials) reach the same prefix.
    principalTags: { sub: "sub" },
});

const photos = new SecureUserBucket("photos", {
    ownerPrincipalTag: "sub",
    corsOrigins: settings.appOrigins,
    createKmsKey: settings.createKmsKey,
    forceDestroy: settings.forceDestroy,
    retainOnDelete: settings.retainOnDelete,
    // Uploads start the thumbnail workflow through EventBridge (see `thumbnails` below).
    eventBridge: true,
});
photos.grantUserAccess("users", { identities: auth });

// The photo Lambda: lists and fetches the caller's own photos. Its code is the TypeScript handler,
// transpiled here; it needs only the AWS SDK that the Lambda runtime ships.
const handlerSource = fs.readFileSync(path.join(__dirname, "handlers", "photos.ts"), "utf8");
const handlerCode = ts.transpileModule(handlerSource, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
const functionLogs = new aws.cloudwatch.LogGroup("photos-fn-logs", { retentionInDays: settings.logRetentionDays, kmsKeyId: logsKmsKeyArn });
const functionRole = new aws.iam.Role("photos-fn-role", {
    description: "The photo Lambda of the reference stack",
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
new aws.iam.RolePolicy("photos-fn-policy", {
    role: functionRole.name,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            // The function serves every user; the handler takes the owner from the token claims only.
            { Sid: "ListUserPrefixes", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [photos.bucketArn], Condition: { StringLike: { "s3:prefix": ["private/*"] } } },
            { Sid: "ReadUserPhotos", Effect: "Allow", Action: ["s3:GetObject"], Resource: [pulumi.interpolate`${photos.bucketArn}/private/*`] },
            ...(settings.createKmsKey
                ? [
                      {
                          Sid: "DecryptThroughS3ForThisBucket",
                          Effect: "Allow",
                          Action: ["kms:Decrypt"],
                          Resource: [photos.kmsKeyArn],
                          Condition: {
                              StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` },
                              // S3 passes the bucket ARN as `aws:s3:arn` when the bucket uses an S3 Bucket Key, the
                              // object ARN otherwise ("Encryption context" in the S3 SSE-KMS guide): both, of this bucket only.
                              StringLike: { "kms:EncryptionContext:aws:s3:arn": [photos.bucketArn, pulumi.interpolate`${photos.bucketArn}/*`] },
                          },
                      },
                  ]
                : []),
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`${functionLogs.arn}:*`] },
            // X-Ray has no resource-level permissions: "*" is the only resource it accepts.
            { Sid: "Traces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        ],
    }),
});
const photosFunction = new aws.lambda.Function("photos-fn", {
    role: functionRole.arn,
    runtime: "nodejs22.x",
    architectures: ["arm64"],
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(handlerCode) }),
    timeout: 10,
    memorySize: 256,
    environment: { variables: { BUCKET_NAME: photos.bucketName, PRIVATE_PREFIX: photos.prefixes.private } },
    loggingConfig: { logFormat: "JSON", logGroup: functionLogs.name },
    tracingConfig: { mode: "Active" },
});

// The thumbnail workflow: a placeholder state machine, started by uploads through EventBridge. Its role
// may deliver execution logs and traces, read photos and write thumbnails, nothing else
// (stacks/policies.ts, workflowPolicy).
const workflowRole = new aws.iam.Role("thumbnails-role", {
    description: "The thumbnail workflow of the reference stack (reads photos, writes thumbnails, logs and traces)",
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const workflowPermissions = new aws.iam.RolePolicy("thumbnails-policy", {
    role: workflowRole.name,
    policy: workflowPolicy({ bucketArn: photos.bucketArn, privatePrefix: photos.prefixes.private, kmsKeyArn: settings.createKmsKey ? photos.kmsKeyArn : undefined, region }),
});
// Step Functions delivers execution logs as vended logs; a group under /aws/vendedlogs/ is covered by
// one account resource policy statement for that whole prefix instead of one statement per group, which
// keeps the policy under its size limit ("Logs sent to CloudWatch Logs", CloudWatch Logs guide).
const workflowLogs = new aws.cloudwatch.LogGroup("thumbnails-logs", {
    name: `/aws/vendedlogs/states/${stackName}-thumbnails`,
    retentionInDays: settings.logRetentionDays,
    kmsKeyId: logsKmsKeyArn,
});
const thumbnails = new aws.sfn.StateMachine(
    "thumbnails",
    {
        roleArn: workflowRole.arn,
        type: "STANDARD",
        // EventBridge starts it with S3's "Object Created" event for a key private/<sub>/photos/...
        // (the rule below): no request reaches it. The owner is the key's second segment, split from
        // `detail.object.key` ("EventBridge event message structure", Amazon S3 User Guide); the bucket
        // keys prefixes by the user pool sub, and only that user (or the API on their behalf) writes
        // under private/<sub>/. It writes under private/<owner>/thumbnails/ only, which the rule's
        // pattern (private/*/photos/*) does not match, so a thumbnail never starts the workflow again.
        // A key ending in ".$" takes its value from a JSONPath or an intrinsic function ("Intrinsic
        // functions for JSONPath states in Step Functions": States.StringSplit, States.ArrayGetItem, States.Format).
        definition: JSON.stringify({
            Comment: "Makes thumbnails of a photo just uploaded, into its owner's thumbnails/ (steps to come).",
            StartAt: "ReadEvent",
            States: {
                ReadEvent: {
                    Type: "Pass",
                    Parameters: { "bucket.$": "$.detail.bucket.name", "source.$": "$.detail.object.key", "segments.$": "States.StringSplit($.detail.object.key, '/')" },
                    Next: "FindOwner",
                },
                FindOwner: { Type: "Pass", Parameters: { "bucket.$": "$.bucket", "source.$": "$.source", "owner.$": "States.ArrayGetItem($.segments, 1)" }, Next: "LocateThumbnails" },
                LocateThumbnails: {
                    Type: "Pass",
                    Parameters: { "bucket.$": "$.bucket", "source.$": "$.source", "owner.$": "$.owner", "destination.$": "States.Format('private/{}/thumbnails/', $.owner)" },
                    End: true,
                },
            },
        }),
        tracingConfiguration: { enabled: true },
        // ERROR, not ALL: a failed thumbnail is what someone acts on, and a standard workflow's full
        // history stays in Step Functions for 90 days anyway ("Standard and Express workflow types"),
        // so logging every transition would pay ingestion for a copy. No execution data: the input
        // holds the caller's sub and the photo's key (CKV_AWS_285 asks for logging, not for data).
        // The destination is the group's ARN ending in ":*" (the provider's loggingConfiguration.logDestination doc).
        loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: pulumi.interpolate`${workflowLogs.arn}:*` },
    },
    {
        // Step Functions checks the role's log delivery permissions when the machine is created: a
        // machine created before its policy fails with "The state machine IAM Role is not authorized to
        // access the Log Destination". IAM is eventually consistent, so this orders, but cannot prove, it.
        dependsOn: [workflowPermissions],
    },
);
// Every photo a user uploads under private/<sub>/photos/ (directly or through PUT /uploads) starts
// the workflow: a rule on the default bus for this bucket's keys, and a role EventBridge assumes that
// may start this machine only (SecureUserBucket.onObjectCreated).
photos.onObjectCreated("thumbnails", { prefix: "private/{owner}/photos/", target: { stateMachineArn: thumbnails.arn } });

// The API's web ACL: AWS's common and known-bad-inputs rule groups and a per-address rate limit.
// The common group's 8 KB body limit would block photo uploads through PUT /uploads, so that one
// rule only counts; S3 and the Lambda limit sizes themselves.
const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
const webAcl = settings.waf
    ? new aws.wafv2.WebAcl("api-waf", {
          scope: "REGIONAL",
          description: "The reference stack's API",
          defaultAction: { allow: {} },
          rules: [
              {
                  name: "aws-common",
                  priority: 0,
                  overrideAction: { none: {} },
                  statement: {
                      managedRuleGroupStatement: {
                          vendorName: "AWS",
                          name: "AWSManagedRulesCommonRuleSet",
                          ruleActionOverrides: [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }],
                      },
                  },
                  visibilityConfig: visibility("aws-common"),
              },
              {
                  name: "aws-known-bad-inputs",
                  priority: 1,
                  overrideAction: { none: {} },
                  statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } },
                  visibilityConfig: visibility("aws-known-bad-inputs"),
              },
              {
                  name: "rate-per-address",
                  priority: 2,
                  action: { block: {} },
                  statement: { rateBasedStatement: { limit: settings.wafRateLimit, aggregateKeyType: "IP" } },
                  visibilityConfig: visibility("rate-per-address"),
              },
          ],
          visibilityConfig: visibility("api-waf"),
      })
    : undefined;

// The web ACL's traffic log (CKV2_AWS_31). WAF delivers only to log groups whose name starts with
// "aws-waf-logs-" ("Sending web ACL traffic logs to an Amazon CloudWatch Logs log group", log group
// naming). The stack writes the group's resource policy itself rather than letting WAF grow the
// account's shared AWSWAF-LOGS policy (stacks/policies.ts), and the logging configuration waits for it.
if (webAcl) {
    const wafLogs = new aws.cloudwatch.LogGroup("api-waf-logs", {
        name: `aws-waf-logs-${stackName}-api`,
        retentionInDays: settings.logRetentionDays,
        kmsKeyId: logsKmsKeyArn,
    });
    const wafLogDelivery = new aws.cloudwatch.LogResourcePolicy("api-waf-logs-policy", {
        // Account-scoped: one of the region's 10 such policies (the provider's policyName doc).
        policyName: `${stackName}-waf-logs`,
        policyDocument: wafLogDeliveryPolicy(place, wafLogs.arn),
    });
    new aws.wafv2.WebAclLoggingConfiguration(
        "api-waf-logging",
        {
            resourceArn: webAcl.arn,
            // The group's ARN in WAF's format, without ":*" ("Sending web ACL traffic logs to an Amazon
            // CloudWatch Logs log group"); the provider's LogGroup.arn already drops that suffix.
            logDestinationConfigs: [wafLogs.arn],
            // A WAF record holds the request's headers: the Cognito ID token travels in Authorization.
            // The header name must be lowercase (the provider's singleHeader doc).
            redactedFields: [{ singleHeader: { name: "authorization" } }],
        },
        { dependsOn: [wafLogDelivery] },
    );
}

const api = new AuthorizedApi("api", {
    userPoolArn: auth.userPoolArn,
    defaultAuthorization: "cognito",
    corsOrigins: settings.appOrigins,
    throttle: settings.apiThrottle,
    cache: settings.apiCacheSize ? { size: settings.apiCacheSize, ttlSeconds: 300 } : undefined,
    accessLogRetentionDays: settings.logRetentionDays,
    logsKmsKeyArn,
    // The account's API Gateway CloudWatch role: set once per account and region by baseline/.
    accountLogRole: settings.apiAccountLogRole,
    binaryMediaTypes: ["image/*"],
    webAclArn: webAcl?.arn,
    routes: {
        // Uploads through the API land under private/<sub>/, the same prefix as direct uploads.
        "PUT /uploads/{key+}": { s3: { bucket: photos, operation: "put" } },
        "GET /photos": { lambda: { functionArn: photosFunction.arn } },
        "GET /photos/{name}": { lambda: { functionArn: photosFunction.arn } },
        // No POST /thumbnails: uploads start the workflow (onObjectCreated above), and a workflow started
        // by an event takes its owner from the object's key, never from a request body.
        "GET /health": { mock: { body: { status: "ok" } }, authorization: "none", cache: settings.apiCacheSize ? { ttlSeconds: 60 } : undefined },
    },
});

export const apiUrl = api.url;
export const bucketName = photos.bucketName;
export const userPoolId = auth.userPoolId;
export const identityPoolId = auth.identityPoolId;
/** What the web app passes to `Amplify.configure`: Cognito plus the API. */
export const amplifyConfig = pulumi.all([auth.amplifyConfig!, api.url, region]).apply(([config, url, regionName]) => ({
    ...config,
    API: { REST: { photos: { endpoint: url, region: regionName } } },
}));
