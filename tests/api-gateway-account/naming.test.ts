import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { accountLogRoleResources, ApiGatewayAccountLogging } from "../../components/api-gateway-account";
import { record } from "../../offline";

/**
 * The account setting is shared by every API in the region: its children keep their URNs (stacks
 * are deployed with them), and deleting them never changes the region's setting.
 */
describe("ApiGatewayAccountLogging children", () => {
    const urn = (parentType: string, type: string, name: string) => `urn:pulumi:stack::project::${parentType}$${type}::${name}`;

    it("are exactly <name>-account-log-role, <name>-account-log-policy and <name>-account, with pinned URNs", async () => {
        const rec = await record(() => void new ApiGatewayAccountLogging("apigateway-logs", { tags: { team: "platform" } }));
        const component = "user-backend:index:ApiGatewayAccountLogging";
        assert.deepEqual(
            rec.resources.filter((r) => r.custom).map((r) => r.urn).sort(),
            [
                urn(component, "aws:apigateway/account:Account", "apigateway-logs-account"),
                urn(component, "aws:iam/role:Role", "apigateway-logs-account-log-role"),
                urn(component, "aws:iam/rolePolicy:RolePolicy", "apigateway-logs-account-log-policy"),
            ].sort(),
        );
        const parent = rec.one(component, "apigateway-logs");
        for (const child of rec.resources.filter((r) => r.custom)) assert.equal(child.parent, parent.urn, child.name);
    });

    it("keep the URNs AuthorizedApi stacks were deployed with, when AuthorizedApi calls the function", async () => {
        // A stand-in for AuthorizedApi "api": the children's URNs depend only on the parent's type and name.
        class StandIn extends pulumi.ComponentResource {
            constructor(name: string) {
                super("user-backend:index:AuthorizedApi", name, {}, {});
                accountLogRoleResources(name, this, { partition: "aws", region: "us-east-1", accountId: "123456789012" });
                this.registerOutputs({});
            }
        }
        const rec = await record(() => void new StandIn("api"));
        const parent = "user-backend:index:AuthorizedApi";
        assert.deepEqual(
            rec.resources.filter((r) => r.custom).map((r) => r.urn).sort(),
            [
                urn(parent, "aws:apigateway/account:Account", "api-account"),
                urn(parent, "aws:iam/role:Role", "api-account-log-role"),
                urn(parent, "aws:iam/rolePolicy:RolePolicy", "api-account-log-policy"),
            ].sort(),
        );
    });

    it("are all retained on delete, so a destroy never resets or breaks the region's setting", async () => {
        const rec = await record(() => void new ApiGatewayAccountLogging("apigateway-logs"));
        for (const r of rec.resources.filter((r) => r.custom)) assert.equal(r.retainOnDelete, true, r.name);
        // Nothing else protects or replaces them in a surprising way.
        for (const r of rec.resources.filter((r) => r.custom)) {
            assert.equal(r.deleteBeforeReplace, false, r.name);
            assert.deepEqual(r.aliases, [], r.name);
        }
    });

    it("set the account's cloudwatchRoleArn to the role, after the role's policy exists", async () => {
        const rec = await record(() => new ApiGatewayAccountLogging("apigateway-logs"));
        const account = rec.one(aws.apigateway.Account, "apigateway-logs-account");
        const role = rec.one(aws.iam.Role, "apigateway-logs-account-log-role");
        const policy = rec.one(aws.iam.RolePolicy, "apigateway-logs-account-log-policy");
        assert.equal(account.inputs.cloudwatchRoleArn, role.outputs.arn);
        assert.deepEqual(Object.keys(account.inputs).sort(), ["cloudwatchRoleArn"], "no region override: the provider's region");
        // The policy feeds no input of the Account, so only dependsOn orders them.
        assert.ok(account.explicitDependencies.includes(policy.urn));
        assert.equal(policy.inputs.role, role.outputs.name);
    });

    it("register roleArn and roleName as outputs, and tag the role", async () => {
        const rec = await record(() => {
            const logging = new ApiGatewayAccountLogging("apigateway-logs", { tags: { team: "platform" } });
            return { roleArn: logging.roleArn, roleName: logging.roleName };
        });
        const role = rec.one(aws.iam.Role, "apigateway-logs-account-log-role");
        assert.deepEqual(rec.one("user-backend:index:ApiGatewayAccountLogging", "apigateway-logs").registeredOutputs, { roleArn: role.outputs.arn, roleName: role.outputs.name });
        assert.deepEqual(rec.result, { roleArn: "arn:aws:iam::123456789012:role/" + role.outputs.name, roleName: role.outputs.name });
        assert.deepEqual(role.inputs.tags, { team: "platform" });
        assert.match(String(role.outputs.name), /^apigateway-logs-account-log-role-[0-9a-f]{7}$/);
    });

    it("follow the component's provider, so another region is one more instance", async () => {
        const rec = await record(() => {
            const euWest1 = new aws.Provider("eu-west-1", { region: "eu-west-1" });
            new ApiGatewayAccountLogging("apigateway-logs-eu-west-1", {}, { provider: euWest1 });
        });
        for (const r of rec.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws")) {
            assert.match(String(r.provider), /::eu-west-1::/, r.name);
        }
    });
});
