import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { record, Recording } from "../../offline";
import { runPlan } from "../../offline/plan";
import { loadIamSimulate } from "../../offline/simulator";
import { documentOf, routesOf } from "../support/api";
import { exampleProjectSpecs } from "../support/examples";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, "examples/private-api");
const program = path.join(dir, "index.ts");
type ConfigDeclaration = { type: string; description: string; default?: unknown };
const projectFile = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: unknown; config: Record<string, ConfigDeclaration> };
const devStack = parse(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };

type Outputs = pulumi.Unwrap<typeof import("../../examples/private-api/index")>;

/** Config as the Pulumi CLI hands it to the program: the declared defaults, then the stack's values (aws:region from Pulumi.dev.yaml). */
function stackConfig(values: Record<string, unknown>): Record<string, string> {
    for (const key of Object.keys(values)) assert.ok(key in projectFile.config, `${key} is not declared in Pulumi.yaml`);
    const defaults = Object.entries(projectFile.config).filter(([, d]) => d.default !== undefined).map(([key, d]) => [key, d.default]);
    const merged = { ...Object.fromEntries(defaults), ...values };
    return {
        "aws:region": String(devStack.config["aws:region"]),
        ...Object.fromEntries(Object.entries(merged).map(([key, v]) => [`${projectFile.name}:${key}`, typeof v === "string" ? v : JSON.stringify(v)])),
    };
}

function run(values: Record<string, unknown>): Promise<Recording<Outputs>> {
    return record(
        () => {
            delete require.cache[program];
            return require(program);
        },
        { project: projectFile.name, stack: "dev", config: stackConfig(values) },
    );
}

describe("example private-api", () => {
    let rec: Recording<Outputs>;
    before(async () => {
        rec = await run({});
    });

    const vpc = () => rec.one("awsx:ec2:Vpc", "network");
    const endpoint = () => rec.one(aws.ec2.VpcEndpoint, "execute-api");
    const securityGroup = () => rec.one(aws.ec2.SecurityGroup, "execute-api-endpoint");
    const resourcePolicy = () => documentOf(rec)["x-amazon-apigateway-policy"] as { Statement: Record<string, any>[] };

    /**
     * The API's resource policy evaluated by iam-simulate for a SigV4 caller of this account with no
     * identity policy of its own. API Gateway expands `execute-api:/*` to the API's ARN on import
     * ('On import, "execute-api:/*" is converted to arn:aws:execute-api:region:account-id:api-id/*',
     * API Gateway developer guide, "x-amazon-apigateway-policy"); the expansion is done here the same way.
     */
    async function invoke(route: string, sourceVpce: string | undefined): Promise<string> {
        const api = String(rec.one(aws.apigateway.RestApi, "api-api").outputs.executionArn);
        const [method, routePath] = route.split(" ");
        const policy = JSON.parse(JSON.stringify(resourcePolicy()).replaceAll('"execute-api:/', `"${api}/`));
        const response = await loadIamSimulate().runSimulation(
            {
                request: {
                    principal: `arn:aws:iam::${rec.environment.accountId}:role/internal-client`,
                    action: "execute-api:Invoke",
                    resource: { resource: `${api}/api/${method}${routePath}`, accountId: rec.environment.accountId },
                    contextVariables: sourceVpce === undefined ? {} : { "aws:SourceVpce": sourceVpce },
                },
                identityPolicies: [],
                serviceControlPolicies: [],
                resourceControlPolicies: [],
                resourcePolicy: policy,
            },
            {},
        );
        if (response.resultType === "error") throw new Error(JSON.stringify(response.errors));
        return String(response.overallResult);
    }

    // The library tests the example with the awsx it installs for development.
    exampleProjectSpecs(dir, () => rec, { devDependencies: ["@pulumi/awsx"] });

    it("builds a small awsx VPC: two AZs of private subnets, no NAT gateway, DNS on for the endpoint's private DNS", () => {
        const { inputs, outputs } = vpc();
        assert.equal(inputs.cidrBlock, "10.0.0.0/16");
        assert.equal(inputs.numberOfAvailabilityZones, 2);
        assert.deepEqual(inputs.subnetSpecs, [{ type: "Private", cidrMask: 24 }]);
        assert.deepEqual(inputs.natGateways, { strategy: "None" });
        assert.equal(inputs.enableDnsHostnames, true);
        assert.equal(inputs.enableDnsSupport, true);
        assert.equal(outputs.privateSubnetIds.length, 2);
        assert.deepEqual(outputs.publicSubnetIds, []);
        assert.deepEqual(rec.result.privateSubnetIds, outputs.privateSubnetIds);
        assert.equal(rec.result.vpcId, outputs.vpcId);
    });

    it("puts an interface endpoint for this region's execute-api, with private DNS, in both private subnets", () => {
        const { inputs, id } = endpoint();
        assert.equal(inputs.serviceName, "com.amazonaws.eu-west-1.execute-api");
        assert.equal(inputs.vpcEndpointType, "Interface");
        assert.equal(inputs.privateDnsEnabled, true);
        assert.equal(inputs.vpcId, vpc().outputs.vpcId);
        assert.deepEqual(inputs.subnetIds, vpc().outputs.privateSubnetIds);
        assert.deepEqual(inputs.securityGroupIds, [securityGroup().id]);
        assert.equal(rec.result.vpcEndpointId, id);
    });

    it("its security group admits HTTPS (443) from the VPC's range, and nothing else", () => {
        const group = securityGroup();
        assert.equal(group.inputs.vpcId, vpc().outputs.vpcId);
        // No inline rules, no egress rules: only the one ingress rule below.
        assert.equal(group.inputs.ingress, undefined);
        assert.equal(group.inputs.egress, undefined);
        assert.deepEqual(rec.all("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"), []);
        assert.deepEqual(rec.all("aws:ec2/securityGroupRule:SecurityGroupRule"), []);
        const rules = rec.all(aws.vpc.SecurityGroupIngressRule).filter((r) => r.inputs.securityGroupId === group.id);
        assert.deepEqual(
            rules.map((r) => ({ ipProtocol: r.inputs.ipProtocol, fromPort: r.inputs.fromPort, toPort: r.inputs.toPort, cidrIpv4: r.inputs.cidrIpv4, cidrIpv6: r.inputs.cidrIpv6, from: r.inputs.referencedSecurityGroupId })),
            [{ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: vpc().inputs.cidrBlock, cidrIpv6: undefined, from: undefined }],
        );
    });

    it("the security group follows the VPC when its range changes", async () => {
        const other = await run({ vpcCidrBlock: "10.42.0.0/16" });
        assert.equal(other.one("awsx:ec2:Vpc", "network").inputs.cidrBlock, "10.42.0.0/16");
        assert.equal(other.one(aws.vpc.SecurityGroupIngressRule, "execute-api-endpoint-https").inputs.cidrIpv4, "10.42.0.0/16");
    });

    it("the API is PRIVATE, accepts calls through that endpoint only, and requires IAM (SigV4) on every route", () => {
        const api = rec.one(aws.apigateway.RestApi, "api-api");
        assert.equal(api.inputs.endpointConfiguration.types, "PRIVATE");
        const document = documentOf(rec);
        assert.deepEqual(document["x-amazon-apigateway-endpoint-configuration"], { vpcEndpointIds: [endpoint().id] });
        const denies = resourcePolicy().Statement.filter((s) => s.Effect === "Deny");
        assert.deepEqual(denies.map((s) => s.Condition), [{ StringNotEquals: { "aws:SourceVpce": [endpoint().id] } }]);
        const routes = routesOf(rec);
        assert.deepEqual(routes.map((r) => r.route).sort(), ["GET /health", "GET /whoami"]);
        for (const { route, operation } of routes) assert.deepEqual(operation.security, [{ sigv4: [] }], route);
        assert.equal(document.components.securitySchemes.sigv4["x-amazon-apigateway-authtype"], "awsSigv4");
    });

    it("simulated: a signed call through the endpoint is allowed; through another endpoint, or none, it is denied", async () => {
        for (const route of ["GET /health", "GET /whoami"]) {
            assert.equal(await invoke(route, String(endpoint().id)), "Allowed", route);
            assert.equal(await invoke(route, "vpce-0a1b2c3d4e5f60718"), "ExplicitlyDenied", `${route} through another endpoint`);
            assert.equal(await invoke(route, undefined), "ExplicitlyDenied", `${route} not through an endpoint`);
        }
    });

    it("the whoami function may be invoked only by this API's stage on its route", () => {
        const permission = rec.all(aws.lambda.Permission).find((p) => p.name.startsWith("api-invoke-get-whoami"));
        assert.ok(permission);
        assert.equal(permission.inputs.principal, "apigateway.amazonaws.com");
        assert.equal(permission.inputs.function, rec.one(aws.lambda.Function, "whoami").outputs.arn);
        assert.match(String(permission.inputs.sourceArn), /\/api\/GET\/whoami$/);
    });

    it("the plan's posture says the API is reachable only through that endpoint", async function () {
        this.timeout(60_000);
        const report = await runPlan({ cwd: dir, stack: "dev" });
        const api = report.posture.find((p) => p.component === "AuthorizedApi" && p.name === "api");
        assert.ok(api);
        assert.deepEqual(api.items.find((i) => i.check === "endpoint"), { check: "endpoint", value: "PRIVATE", ok: true });
        const reach = api.items.find((i) => i.check === "reachable through");
        assert.ok(reach, JSON.stringify(api.items));
        assert.equal(reach.ok, true);
        assert.match(reach.value, /^only endpoint vpce-[0-9a-f]{17} \(execute-api, private DNS on, in vpc-[0-9a-f]{17}\): the resource policy denies every other aws:SourceVpce$/);
    });
});
