import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ApiGatewayAccountLogging } from "../../components/api-gateway-account";
import { AccessSimulator, record, Recording, RecordedResource } from "../../offline";
import { loadIamSimulate } from "../../offline/simulator";

/**
 * The account role does what API Gateway needs for every REST API of the account in its region, both
 * kinds of logs, and nothing in another region or account; only API Gateway acting for this account
 * can assume it. Proven by evaluating the recorded policies with iam-simulate.
 */
describe("ApiGatewayAccountLogging access", () => {
    let rec: Recording;
    let sim: AccessSimulator;
    const role = { role: "apigateway-logs-account-log-role" };
    const group = (name: string, region = "us-east-1", account = "123456789012") => `arn:aws:logs:${region}:${account}:log-group:${name}`;
    const stream = (name: string, region?: string, account?: string) => `${group(name, region, account)}:log-stream:0f1e2d3c`;

    /**
     * The trust policy evaluated for `sts:AssumeRole` by an AWS service principal: the simulator's
     * `canAssume` covers web identities only, so this asks iam-simulate directly, the same way.
     */
    async function serviceCanAssume(recording: Recording, roleResource: RecordedResource, service: string, sourceAccount?: string): Promise<boolean> {
        const response = await loadIamSimulate().runSimulation(
            {
                request: {
                    principal: service,
                    action: "sts:AssumeRole",
                    resource: { resource: String(roleResource.outputs.arn), accountId: recording.environment.accountId },
                    contextVariables: sourceAccount === undefined ? {} : { "aws:SourceAccount": sourceAccount },
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: JSON.parse(roleResource.inputs.assumeRolePolicy),
            },
            {},
        );
        if (response.resultType === "error") throw new Error(JSON.stringify(response.errors));
        return response.overallResult === "Allowed";
    }

    before(async () => {
        rec = await record(() => void new ApiGatewayAccountLogging("apigateway-logs"));
        sim = AccessSimulator.load(rec);
    });

    it("writes access logs to a log group of any name in the region", async () => {
        for (const name of ["photos-api-access-logs-9a8b7c6", "/aws/api-gateway/orders", "team.a_b-c/prod"]) {
            assert.equal(await sim.can(role, "logs:CreateLogStream", stream(name)), true, name);
            assert.equal(await sim.can(role, "logs:PutLogEvents", stream(name)), true, name);
            assert.equal(await sim.can(role, "logs:DescribeLogStreams", group(name)), true, name);
        }
    });

    it("creates and writes the execution log group API-Gateway-Execution-Logs_<id>/<stage> of any API", async () => {
        for (const name of ["API-Gateway-Execution-Logs_a1b2c3d4e5/api", "API-Gateway-Execution-Logs_z9y8x7w6v5/prod"]) {
            assert.equal(await sim.can(role, "logs:CreateLogGroup", group(name)), true, name);
            assert.equal(await sim.can(role, "logs:CreateLogStream", stream(name)), true, name);
            assert.equal(await sim.can(role, "logs:PutLogEvents", stream(name)), true, name);
        }
        // Listing groups has no resource-level permission: IAM accepts only "*".
        assert.equal(await sim.can(role, "logs:DescribeLogGroups", "*"), true);
    });

    it("writes nothing in another region or another account", async () => {
        for (const name of ["photos-api-access-logs", "API-Gateway-Execution-Logs_a1b2c3d4e5/api"]) {
            assert.equal(await sim.can(role, "logs:PutLogEvents", stream(name, "eu-west-1")), false, `${name} in eu-west-1`);
            assert.equal(await sim.can(role, "logs:CreateLogStream", stream(name, "eu-west-1")), false, `${name} in eu-west-1`);
            assert.equal(await sim.can(role, "logs:CreateLogGroup", group(name, "eu-west-1")), false, `${name} in eu-west-1`);
            assert.equal(await sim.can(role, "logs:PutLogEvents", stream(name, "us-east-1", "210987654321")), false, `${name} in another account`);
            assert.equal(await sim.can(role, "logs:CreateLogStream", stream(name, "us-east-1", "210987654321")), false, `${name} in another account`);
        }
    });

    it("cannot read, delete or reconfigure logs, or do anything outside CloudWatch Logs", async () => {
        const name = "photos-api-access-logs";
        assert.equal(await sim.can(role, "logs:GetLogEvents", stream(name)), false);
        assert.equal(await sim.can(role, "logs:FilterLogEvents", group(name)), false);
        assert.equal(await sim.can(role, "logs:DeleteLogGroup", group(name)), false);
        assert.equal(await sim.can(role, "logs:PutRetentionPolicy", group(name)), false);
        assert.equal(await sim.can(role, "logs:AssociateKmsKey", group(name)), false);
        assert.equal(await sim.can(role, "s3:GetObject", "arn:aws:s3:::any-bucket/any-key"), false);
    });

    it("only API Gateway acting for this account can assume it", async () => {
        const logRole = rec.one(aws.iam.Role, "apigateway-logs-account-log-role");
        assert.equal(await serviceCanAssume(rec, logRole, "apigateway.amazonaws.com", "123456789012"), true);
        assert.equal(await serviceCanAssume(rec, logRole, "apigateway.amazonaws.com", "210987654321"), false, "for another account");
        assert.equal(await serviceCanAssume(rec, logRole, "apigateway.amazonaws.com"), false, "without aws:SourceAccount");
        assert.equal(await serviceCanAssume(rec, logRole, "lambda.amazonaws.com", "123456789012"), false, "another service");
        assert.equal(await serviceCanAssume(rec, logRole, "arn:aws:iam::123456789012:root", "123456789012"), false, "the account itself");
        // No managed policy (AS-IAM4), no other way in.
        assert.equal(logRole.inputs.managedPolicyArns, undefined);
        assert.equal(rec.all(aws.iam.RolePolicyAttachment).length, 0);
        assert.equal(rec.all(aws.iam.RolePolicy).length, 1);
    });

    it("follows the account, region and partition it is deployed into", async () => {
        const china = await record(() => void new ApiGatewayAccountLogging("apigateway-logs"), { environment: { accountId: "111122223333", region: "cn-north-1", partition: "aws-cn" } });
        const chinaSim = AccessSimulator.load(china);
        const arn = (region: string) => `arn:aws-cn:logs:${region}:111122223333:log-group:API-Gateway-Execution-Logs_a1b2c3d4e5/api:log-stream:0f1e2d3c`;
        assert.equal(await chinaSim.can(role, "logs:PutLogEvents", arn("cn-north-1")), true);
        assert.equal(await chinaSim.can(role, "logs:PutLogEvents", arn("cn-northwest-1")), false);
        assert.equal(await chinaSim.can(role, "logs:PutLogEvents", stream("API-Gateway-Execution-Logs_a1b2c3d4e5/api")), false, "the default environment's ARN");
        const logRole = china.one(aws.iam.Role, "apigateway-logs-account-log-role");
        assert.equal(await serviceCanAssume(china, logRole, "apigateway.amazonaws.com", "111122223333"), true);
        assert.equal(await serviceCanAssume(china, logRole, "apigateway.amazonaws.com", "123456789012"), false);
    });
});
