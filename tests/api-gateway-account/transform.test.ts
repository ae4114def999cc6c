import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { ApiGatewayAccountLogging, ApiGatewayAccountLoggingArgs } from "../../components";
import { evaluateRules, record, Recording } from "../../offline";

/**
 * `transform` changes the role's or the account setting's arguments just before they are created:
 * the logical names stay outside it, so no URN moves, and the rule set judges what it produced.
 */
describe("ApiGatewayAccountLogging transforms", () => {
    const recordLogging = (args: ApiGatewayAccountLoggingArgs): Promise<Recording> => record(() => void new ApiGatewayAccountLogging("apigateway-logs", args));
    const urns = (rec: Recording) => rec.resources.map((r) => r.urn).sort();
    const findings = (rec: Recording, ruleId: string) =>
        evaluateRules(rec)
            .findings.filter((f) => f.ruleId === ruleId)
            .map((f) => f.resource.name);
    const managed = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

    it("a role transform that attaches an AWS managed policy changes the role's inputs, keeps every URN, and is reported as UB-IAM-MANAGED-POLICY", async () => {
        const plain = await recordLogging({});
        const transformed = await recordLogging({ transform: { role: { managedPolicyArns: [managed] } } });

        assert.equal(plain.one(aws.iam.Role, "apigateway-logs-account-log-role").inputs.managedPolicyArns, undefined);
        assert.deepEqual(transformed.one(aws.iam.Role, "apigateway-logs-account-log-role").inputs.managedPolicyArns, [managed]);
        // The fields the transform did not name stay the component's.
        assert.equal(
            transformed.one(aws.iam.Role, "apigateway-logs-account-log-role").inputs.assumeRolePolicy,
            plain.one(aws.iam.Role, "apigateway-logs-account-log-role").inputs.assumeRolePolicy,
        );
        assert.deepEqual(urns(transformed), urns(plain));

        assert.deepEqual(findings(plain, "UB-IAM-MANAGED-POLICY"), []);
        assert.deepEqual(findings(transformed, "UB-IAM-MANAGED-POLICY"), ["apigateway-logs-account-log-role"]);
    });

    it("an account transform receives the setting's arguments and logical name; pointing it at another role loses the role's wildcard exception", async () => {
        const seen: string[] = [];
        const rec = await recordLogging({
            transform: {
                account: (args, name) => {
                    seen.push(name);
                    assert.ok(args.cloudwatchRoleArn !== undefined, "the transform did not receive the role ARN");
                    return { ...args, cloudwatchRoleArn: "arn:aws:iam::123456789012:role/someone-elses-role" };
                },
            },
        });
        assert.deepEqual(seen, ["apigateway-logs-account"]);
        assert.equal(rec.one(aws.apigateway.Account, "apigateway-logs-account").inputs.cloudwatchRoleArn, "arn:aws:iam::123456789012:role/someone-elses-role");
        // The log-group wildcard is deliberate only on the role the region's setting names.
        assert.deepEqual(findings(await recordLogging({}), "UB-IAM-WILDCARD"), []);
        assert.ok(findings(rec, "UB-IAM-WILDCARD").includes("apigateway-logs-account-log-policy"), JSON.stringify(findings(rec, "UB-IAM-WILDCARD")));
    });
});
