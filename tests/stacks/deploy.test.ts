import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { parse } from "yaml";
import { AccessSimulator, Recording, runPlan } from "../../offline";
import { loadIamSimulate } from "../../offline/simulator";
import { defaultDomainPrefix, WAF_RATE_LIMIT } from "../../stacks/config";
import { actions } from "../../stacks/policies";
import { Outputs, project, root, runStack, stackConfig } from "../support/reference";

// Issue 12: the reference stack deploys cleanly, every time. One test per pitfall, each citing its evidence.

const projectFile = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { config: Record<string, { description: string; default?: unknown }> };

const policyOf = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as { Statement: any[] };

/** Evaluates one resource policy alone (CloudWatch Logs resource policies, which AccessSimulator does not look up). */
async function resourcePolicyAllows(policy: unknown, principal: string, action: string, resource: string, context: Record<string, string>): Promise<boolean> {
    const response = await loadIamSimulate().runSimulation(
        {
            request: { principal, action, resource: { resource, accountId: "123456789012" }, contextVariables: context },
            identityPolicies: [],
            resourcePolicy: policyOf(policy),
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    assert.notEqual(response.resultType, "error", JSON.stringify(response.errors));
    return response.overallResult === "Allowed";
}

describe("reference stack deploys cleanly (issue 12)", () => {
    const stacks: Record<string, Recording<Outputs>> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) stacks[stack] = await runStack(stack);
    });

    describe("WAF rate limit", () => {
        // The AWS WAF API reference gives RateBasedStatement.Limit "Minimum value of 10. Maximum value of
        // 2000000000" (since August 2024), but the Pulumi AWS provider refuses anything under 100 at `up`:
        // "expected rule.N.statement.0.rate_based_statement.0.limit to be in the range (100 - 2000000000)"
        // (pulumi-aws #5841, open). The config refuses what the provider would refuse, before anything is created.
        const withLimit = (limit: string) => runStack("prod", { ...stackConfig("prod"), [`${project}:wafRateLimit`]: limit });
        const message = (received: string) =>
            new RegExp(`config wafRateLimit must be an integer from 100 to 2000000000 requests per address in five minutes \\(the Pulumi AWS provider refuses less than 100, pulumi-aws #5841\\) \\(received: ${received}\\)`);

        it("refuses 10 to 99, which AWS accepts but the provider does not, and anything above 2000000000", async () => {
            for (const value of ["10", "99", "2000000001", "150.5"]) await assert.rejects(withLimit(value), message(value), value);
        });

        it("accepts the provider's bounds and sends them to the web ACL's rate-based rule", async () => {
            assert.deepEqual(WAF_RATE_LIMIT, { min: 100, max: 2_000_000_000 });
            for (const value of ["100", "2000000000"]) {
                const rec = await withLimit(value);
                const rule = rec.one(aws.wafv2.WebAcl, "api-waf").inputs.rules.find((r: any) => r.name === "rate-per-address");
                assert.equal(rule.statement.rateBasedStatement.limit, Number(value));
            }
        });

        it("Pulumi.yaml states the same range and why", () => {
            assert.match(projectFile.config.wafRateLimit.description, /100 to 2000000000/);
            assert.match(projectFile.config.wafRateLimit.description, /pulumi-aws #5841/);
        });
    });

    describe("Step Functions: tracing permissions, execution logging, and the role's policy first", () => {
        it("the thumbnails machine logs errors without execution data to a group with retention, under /aws/vendedlogs/", () => {
            for (const [stack, days] of [["dev", 7], ["staging", 30], ["prod", 365]] as const) {
                const rec = stacks[stack];
                const machine = rec.one(aws.sfn.StateMachine, "thumbnails").inputs;
                const logs = rec.one(aws.cloudwatch.LogGroup, "thumbnails-logs");
                // CKV_AWS_285: a logging configuration. The input holds the caller's sub, so no execution data.
                assert.deepEqual(machine.loggingConfiguration, { level: "ERROR", includeExecutionData: false, logDestination: `${logs.outputs.arn}:*` });
                assert.deepEqual(machine.tracingConfiguration, { enabled: true });
                assert.equal(logs.inputs.name, `/aws/vendedlogs/states/${project}-${stack}-thumbnails`);
                assert.equal(logs.inputs.retentionInDays, days);
            }
        });

        it("its role may trace, set up log delivery, read photos and write thumbnails, and do nothing else (simulated)", async () => {
            // "IAM policies for AWS X-Ray" (Step Functions guide) for the four X-Ray actions; "Using CloudWatch
            // Logs to log execution history in Step Functions" for the log delivery actions. Neither takes a resource ARN.
            const rec = stacks.prod;
            const sim = AccessSimulator.load(rec);
            const role = { role: "thumbnails-role" };
            for (const action of [...actions.xrayTracing, ...actions.stepFunctionsLogDelivery]) {
                assert.equal(await sim.can(role, action, "*"), true, action);
            }
            const object = (key: string) => `arn:aws:s3:::${rec.result.bucketName}/${key}`;
            assert.equal(await sim.can(role, "s3:GetObject", object("private/someone/photos/beach.jpg")), true);
            assert.equal(await sim.can(role, "s3:PutObject", object("private/someone/thumbnails/beach.jpg")), true);
            const denied: [string, string][] = [
                ["s3:GetObject", object("private/someone/beach.jpg")],
                ["s3:PutObject", object("private/someone/photos/beach.jpg")],
                ["s3:PutObject", object("private/someone/beach.jpg")],
                ["s3:PutObject", object("public/beach.jpg")],
                ["s3:PutObject", object("protected/someone/thumbnails/beach.jpg")],
                ["s3:DeleteObject", object("private/someone/thumbnails/beach.jpg")],
                ["s3:ListBucket", `arn:aws:s3:::${rec.result.bucketName}`],
                ["logs:PutLogEvents", `${rec.one(aws.cloudwatch.LogGroup, "thumbnails-logs").outputs.arn}:log-stream:x`],
                ["logs:DeleteLogGroup", String(rec.one(aws.cloudwatch.LogGroup, "thumbnails-logs").outputs.arn)],
                ["states:StartExecution", String(rec.one(aws.sfn.StateMachine, "thumbnails").outputs.arn)],
                ["xray:BatchGetTraces", "*"],
                ["iam:PassRole", "*"],
            ];
            for (const [action, resource] of denied) assert.equal(await sim.can(role, action, resource), false, `${action} on ${resource}`);
            // Exactly those actions: one policy, whose statements name nothing more.
            const policies = rec.all(aws.iam.RolePolicy).filter((p) => p.inputs.role === rec.one(aws.iam.Role, "thumbnails-role").outputs.name);
            assert.deepEqual(policies.map((p) => p.name), ["thumbnails-policy"]);
            const granted = policyOf(policies[0].inputs.policy).Statement.flatMap((s) => s.Action).sort();
            assert.deepEqual(granted, [...actions.xrayTracing, ...actions.stepFunctionsLogDelivery, "s3:GetObject", "s3:PutObject", "kms:Decrypt", "kms:GenerateDataKey"].sort());
        });

        it("the machine is created after its role's policy, or creation fails on the log destination", () => {
            // Step Functions checks the role when the machine is created with logging: "The state machine IAM Role
            // is not authorized to access the Log Destination" otherwise. The role's ARN alone orders only the role.
            for (const rec of Object.values(stacks)) {
                const machine = rec.one(aws.sfn.StateMachine, "thumbnails");
                const policy = rec.one(aws.iam.RolePolicy, "thumbnails-policy");
                assert.ok(machine.dependencies.includes(policy.urn), "the machine waits for thumbnails-policy");
                assert.equal(policy.inputs.role, rec.one(aws.iam.Role, "thumbnails-role").outputs.name);
                assert.equal(machine.inputs.roleArn, rec.one(aws.iam.Role, "thumbnails-role").outputs.arn);
                assert.ok(machine.dependencies.includes(rec.one(aws.cloudwatch.LogGroup, "thumbnails-logs").urn));
            }
        });
    });

    describe("hosted UI domain prefix", () => {
        // Cognito prefix domains are global per region across all accounts: a taken one fails at `up` with
        // "InvalidParameterException: Domain already associated with another user pool" (reported in
        // aws-samples/websocket-chat-application#56 and aws-samples/amazon-elasticsearch-service-with-cognito#7).
        it("defaults to <project>-<stack>, so a stack with no prefix configured gets one of its own", () => {
            const domain = stacks.dev.one(aws.cognito.UserPoolDomain, "auth-domain");
            assert.equal(domain.inputs.domain, "user-backend-reference-dev");
            assert.equal(stacks.dev.result.amplifyConfig.Auth.Cognito.loginWith.oauth.domain, "user-backend-reference-dev.auth.us-east-1.amazoncognito.com");
        });

        it("a configured prefix wins, so staging and prod keep their sign-in URLs", () => {
            assert.equal(stacks.staging.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.domain, "acme-photos-staging");
            assert.equal(stacks.prod.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.domain, "acme-photos");
        });

        it("derives a prefix Cognito accepts from any project and stack name", () => {
            // "Using the Amazon Cognito prefix domain": lowercase letters, digits and hyphens, at most 63
            // characters, not starting or ending with a hyphen, without aws, amazon or cognito.
            const valid = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
            assert.equal(defaultDomainPrefix("user-backend-reference", "prod"), "user-backend-reference-prod");
            assert.equal(defaultDomainPrefix("My_App", "Feature/Login"), "my-app-feature-login");
            assert.equal(defaultDomainPrefix("aws-photos", "cognito-test"), "photos-test");
            assert.equal(defaultDomainPrefix("amazon", "aws"), "user-backend");
            for (const [p, s] of [["user-backend-reference", "x".repeat(80)], ["a--b", "-c-"], ["ünïcode", "ståck"], ["awsamazoncognito", "dev"]]) {
                const prefix = defaultDomainPrefix(p, s);
                assert.match(prefix, valid, `${p}/${s}: ${prefix}`);
                assert.doesNotMatch(prefix, /aws|amazon|cognito/, `${p}/${s}: ${prefix}`);
            }
        });

        it("Pulumi.yaml says what to do when the prefix is taken", () => {
            const description = projectFile.config.authDomainPrefix.description;
            assert.match(description, /Domain already associated with another user pool/);
            assert.match(description, /pulumi config set authDomainPrefix/);
            assert.equal(projectFile.config.authDomainPrefix.default, "");
        });
    });

    describe("log groups encrypted with the stack's own key in staging and prod (CKV_AWS_158)", () => {
        const logGroups = (rec: Recording) => rec.all(aws.cloudwatch.LogGroup);

        it("staging and prod have a rotating logs key, and every log group of the stack, the API's included, uses it by ARN", () => {
            for (const stack of ["staging", "prod"]) {
                const rec = stacks[stack];
                const key = rec.one(aws.kms.Key, "logs-key");
                assert.equal(key.inputs.enableKeyRotation, true, stack);
                assert.deepEqual(logGroups(rec).map((g) => g.name).sort(), ["api-access-logs", "api-execution-logs", "api-waf-logs", "photos-fn-logs", "thumbnails-logs"]);
                // CloudWatch Logs takes a key ARN, not an alias ("Encrypt log data in CloudWatch Logs using AWS KMS").
                for (const group of logGroups(rec)) assert.equal(group.inputs.kmsKeyId, key.outputs.arn, `${stack} ${group.name}`);
            }
            assert.equal(stacks.prod.one(aws.kms.Key, "logs-key").retainOnDelete, true, "prod retains its keys: deleting one makes its logs unreadable");
        });

        it("dev creates no logs key and leaves its log groups to CloudWatch Logs' own encryption", () => {
            assert.equal(stacks.dev.find(aws.kms.Key, "logs-key"), undefined);
            assert.ok(logGroups(stacks.dev).length > 0);
            for (const group of logGroups(stacks.dev)) assert.equal(group.inputs.kmsKeyId, undefined, group.name);
        });

        it("its key policy lets CloudWatch Logs use it only for this account's log groups in this region (simulated)", async () => {
            // "Encrypt log data in CloudWatch Logs using AWS KMS": the service principal logs.<region>.amazonaws.com,
            // and the kms:EncryptionContext:aws:logs:arn condition on the log group's ARN.
            const rec = stacks.prod;
            const sim = AccessSimulator.load(rec);
            const keyArn = String(rec.one(aws.kms.Key, "logs-key").outputs.arn);
            const logs = { service: "logs.us-east-1.amazonaws.com" };
            const context = (group: string) => ({ "kms:EncryptionContext:aws:logs:arn": group });
            for (const group of logGroups(rec)) {
                for (const action of ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"]) {
                    assert.equal(await sim.can(logs, action, keyArn, context(String(group.outputs.arn))), true, `${action} for ${group.name}`);
                }
            }
            assert.equal(await sim.can(logs, "kms:Decrypt", keyArn, context("arn:aws:logs:us-east-1:210987654321:log-group:theirs")), false, "another account's group");
            assert.equal(await sim.can(logs, "kms:Decrypt", keyArn, context("arn:aws:logs:eu-west-1:123456789012:log-group:elsewhere")), false, "another region's group");
            assert.equal(await sim.can(logs, "kms:Decrypt", keyArn), false, "no encryption context");
            assert.equal(await sim.can({ service: "logs.eu-west-1.amazonaws.com" }, "kms:Decrypt", keyArn, context(String(logGroups(rec)[0].outputs.arn))), false, "another region's service");
            assert.equal(await sim.can({ service: "s3.amazonaws.com" }, "kms:Decrypt", keyArn, context(String(logGroups(rec)[0].outputs.arn))), false, "another service");
            // The account administers it but cannot use it: no role of the stack can decrypt logs with it.
            for (const role of rec.all(aws.iam.Role)) assert.equal(await sim.can({ role: role.name }, "kms:Decrypt", keyArn, context(String(logGroups(rec)[0].outputs.arn))), false, role.name);
            const statements = policyOf(rec.one(aws.kms.Key, "logs-key").inputs.policy).Statement;
            const admin = statements.find((s) => s.Principal?.AWS === "arn:aws:iam::123456789012:root");
            assert.deepEqual(admin.Action, [...actions.keyAdministration]);
            assert.ok(!admin.Action.some((a: string) => /\*|Encrypt|Decrypt|GenerateDataKey/.test(a)), "administration only");
            assert.ok(admin.Action.includes("kms:PutKeyPolicy"), "KMS refuses a policy that would lock the account out of changing it");
        });

        it("the API's own log groups get the same key when the AuthorizedApi takes one", () => {
            const api = stacks.prod.one(aws.kms.Key, "logs-key").outputs.arn;
            for (const name of ["api-access-logs", "api-execution-logs"]) assert.equal(stacks.prod.one(aws.cloudwatch.LogGroup, name).inputs.kmsKeyId, api, name);
        });
    });

    describe("WAF logging (CKV2_AWS_31)", () => {
        it("staging and prod log the web ACL to an aws-waf-logs- group with retention, the authorization header redacted", () => {
            for (const [stack, days] of [["staging", 30], ["prod", 365]] as const) {
                const rec = stacks[stack];
                const group = rec.one(aws.cloudwatch.LogGroup, "api-waf-logs");
                // "Your log group names must start with aws-waf-logs-" (AWS WAF guide, CloudWatch Logs destination).
                assert.equal(group.inputs.name, `aws-waf-logs-${project}-${stack}-api`);
                assert.equal(group.inputs.retentionInDays, days);
                const logging = rec.one(aws.wafv2.WebAclLoggingConfiguration, "api-waf-logging");
                assert.equal(logging.inputs.resourceArn, rec.one(aws.wafv2.WebAcl, "api-waf").outputs.arn);
                // The group's ARN as the provider returns it, without ":*".
                assert.deepEqual(logging.inputs.logDestinationConfigs, [group.outputs.arn]);
                assert.doesNotMatch(String(group.outputs.arn), /:\*$/);
                // The ID token travels in Authorization; WAF would otherwise log it with every request.
                assert.deepEqual(logging.inputs.redactedFields, [{ singleHeader: { name: "authorization" } }]);
            }
            assert.equal(stacks.dev.find(aws.wafv2.WebAclLoggingConfiguration, "api-waf-logging"), undefined);
            assert.equal(stacks.dev.find(aws.cloudwatch.LogGroup, "api-waf-logs"), undefined);
        });

        it("the group's resource policy lets only log delivery for this account write into it, and exists first (simulated)", async () => {
            // "Logs sent to CloudWatch Logs" (CloudWatch Logs guide): delivery.logs.amazonaws.com with aws:SourceAccount
            // and aws:SourceArn. Written by the stack so WAF does not grow the shared AWSWAF-LOGS policy past its
            // size limit (terraform-provider-aws docs, aws_wafv2_web_acl_logging_configuration, the warning).
            for (const stack of ["staging", "prod"]) {
                const rec = stacks[stack];
                const group = String(rec.one(aws.cloudwatch.LogGroup, "api-waf-logs").outputs.arn);
                const policy = rec.one(aws.cloudwatch.LogResourcePolicy, "api-waf-logs-policy");
                assert.equal(policy.inputs.policyName, `${project}-${stack}-waf-logs`);
                const ours = { "aws:SourceAccount": "123456789012", "aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:delivery-source:waf" };
                const stream = `${group}:log-stream:us-east-1_api-waf_0`;
                for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
                    assert.equal(await resourcePolicyAllows(policy.inputs.policyDocument, "delivery.logs.amazonaws.com", action, stream, ours), true, action);
                }
                const denied: [string, string, string, Record<string, string>][] = [
                    // Each condition on its own: delivery for another account, and from a source outside this account and region.
                    ["another source account", "delivery.logs.amazonaws.com", stream, { ...ours, "aws:SourceAccount": "210987654321" }],
                    ["another source ARN", "delivery.logs.amazonaws.com", stream, { ...ours, "aws:SourceArn": "arn:aws:logs:eu-west-1:210987654321:delivery-source:x" }],
                    ["another service", "lambda.amazonaws.com", stream, ours],
                    ["another log group", "delivery.logs.amazonaws.com", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/other:log-stream:x", ours],
                ];
                for (const [why, principal, resource, context] of denied) {
                    assert.equal(await resourcePolicyAllows(policy.inputs.policyDocument, principal, "logs:PutLogEvents", resource, context), false, why);
                }
                assert.equal(await resourcePolicyAllows(policy.inputs.policyDocument, "delivery.logs.amazonaws.com", "logs:DeleteLogGroup", group, ours), false, "delete");
                assert.ok(rec.one(aws.wafv2.WebAclLoggingConfiguration, "api-waf-logging").dependencies.includes(policy.urn), "logging waits for the policy");
            }
        });
    });

    describe("the photo Lambda's key use is limited to this bucket", () => {
        it("decrypts only through S3 and only for objects of the photos bucket (simulated)", async () => {
            // "Encryption context" (S3 SSE-KMS guide): S3 passes aws:s3:arn, the bucket's ARN with an S3 Bucket Key
            // (the photos bucket has one), the object's otherwise.
            const rec = stacks.prod;
            const sim = AccessSimulator.load(rec);
            const role = { role: "photos-fn-role" };
            const keyArn = String(rec.one(aws.kms.Key, "photos-key").outputs.arn);
            const bucket = `arn:aws:s3:::${rec.result.bucketName}`;
            const via = { "kms:ViaService": "s3.us-east-1.amazonaws.com" };
            for (const context of [bucket, `${bucket}/private/someone/beach.jpg`]) {
                assert.equal(await sim.can(role, "kms:Decrypt", keyArn, { ...via, "kms:EncryptionContext:aws:s3:arn": context }), true, context);
            }
            assert.equal(await sim.can(role, "kms:Decrypt", keyArn, { ...via, "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::another-bucket" }), false, "another bucket");
            assert.equal(await sim.can(role, "kms:Decrypt", keyArn, { ...via, "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::another-bucket/x" }), false, "another bucket's object");
            assert.equal(await sim.can(role, "kms:Decrypt", keyArn, { "kms:EncryptionContext:aws:s3:arn": bucket }), false, "not through S3");
            assert.equal(await sim.can(role, "kms:Decrypt", keyArn, via), false, "no encryption context");
            assert.equal(await sim.can(role, "kms:GenerateDataKey", keyArn, { ...via, "kms:EncryptionContext:aws:s3:arn": bucket }), false, "it only reads");
        });
    });

    it("prod stays clean: no finding, every exception with its reason", async () => {
        // `npm run plan -- --stack prod`, with the project's declared exceptions and whatever rules offline/ has now.
        const report = (await runPlan({ cwd: root, stack: "prod" })).findings;
        assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.property}: ${f.message}`), []);
        for (const e of report.excepted) assert.ok(e.reason.trim().length > 0, `${e.finding.ruleId} ${e.finding.resource.name}`);
        assert.deepEqual(report.unusedExceptions, [], "every declared exception still matches something");
    });
});
