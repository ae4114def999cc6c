import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { parse } from "yaml";
import { record, Recording } from "../../offline";

const root = path.resolve(__dirname, "../..");
const folder = path.join(root, "baseline");

/** Runs the baseline program as `pulumi up` in baseline/ would, for one account and region. */
function runBaseline(stack: string, environment: { accountId: string; region: string }): Promise<Recording<{ roleArn: string; roleName: string }>> {
    return record(
        () => {
            for (const file of Object.keys(require.cache).filter((f) => f.startsWith(folder + path.sep))) delete require.cache[file];
            return require(path.join(folder, "index.ts"));
        },
        { project: "user-backend-account-baseline", stack, environment },
    );
}

describe("account baseline program (baseline/)", () => {
    it("is a TypeScript Pulumi project named user-backend-account-baseline whose program is index.ts", () => {
        const project = parse(fs.readFileSync(path.join(folder, "Pulumi.yaml"), "utf8"));
        assert.equal(project.name, "user-backend-account-baseline");
        assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true } });
        assert.equal(project.main, "index.ts");
        assert.ok(fs.existsSync(path.join(folder, project.main)));
    });

    it("sets the region's API Gateway CloudWatch role with one ApiGatewayAccountLogging, and exports it", async () => {
        const rec = await runBaseline("123456789012-us-east-1", { accountId: "123456789012", region: "us-east-1" });
        assert.deepEqual(rec.all("user-backend:index:ApiGatewayAccountLogging").map((r) => r.name), ["apigateway-logs"]);
        assert.deepEqual(rec.resources.filter((r) => r.custom).map((r) => r.type).sort(), ["aws:apigateway/account:Account", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"]);
        const role = rec.one(aws.iam.Role, "apigateway-logs-account-log-role");
        assert.equal(rec.one(aws.apigateway.Account, "apigateway-logs-account").inputs.cloudwatchRoleArn, role.outputs.arn);
        assert.deepEqual(rec.result, { roleArn: role.outputs.arn, roleName: role.outputs.name });
        for (const r of rec.resources.filter((r) => r.custom)) assert.equal(r.retainOnDelete, true, r.name);
    });

    it("writes the policy for the stack's own account and region", async () => {
        const rec = await runBaseline("210987654321-eu-west-1", { accountId: "210987654321", region: "eu-west-1" });
        const policy = JSON.parse(rec.one(aws.iam.RolePolicy, "apigateway-logs-account-log-policy").inputs.policy);
        assert.deepEqual(
            policy.Statement.map((s: { Resource: unknown }) => s.Resource),
            [["arn:aws:logs:eu-west-1:210987654321:log-group:*"], "*"],
        );
        const trust = JSON.parse(rec.one(aws.iam.Role, "apigateway-logs-account-log-role").inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "210987654321" } });
    });
});
