import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedApi } from "pulumi-user-backend";

const config = new pulumi.Config();
// Set on the VPC and read again by the security group, so the group admits exactly the VPC's range.
const vpcCidrBlock = config.get("vpcCidrBlock") ?? "10.0.0.0/16";
const stackName = `${pulumi.getProject()}-${pulumi.getStack()}`;
const region = aws.getRegionOutput().region;
const accountId = aws.getCallerIdentityOutput().accountId;

// Two AZs of private subnets, and no NAT gateway: nothing in this VPC needs the internet (the API is
// reached through the endpoint below, and the API's Lambda does not run in the VPC), and a NAT
// gateway costs by the hour in every AZ it serves. With `None`, awsx gives private subnets no route
// out at all (pulumi-awsx awsx/ec2/vpc.ts: the NAT route is made only when the strategy is not "none").
// Private DNS on the endpoint needs both DNS attributes of the VPC ("To enable private DNS, the
// enableDnsSupport and enableDnsHostnames attributes of your VPC must be set to true", API Gateway
// developer guide, "Create a private API", Prerequisites).
const vpc = new awsx.ec2.Vpc("network", {
    cidrBlock: vpcCidrBlock,
    numberOfAvailabilityZones: 2,
    subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
    subnetSpecs: [{ type: awsx.ec2.SubnetType.Private, cidrMask: 24 }],
    natGateways: { strategy: awsx.ec2.NatGatewayStrategy.None },
    enableDnsHostnames: true,
    enableDnsSupport: true,
});

// The endpoint's network interfaces answer HTTPS from inside the VPC and nothing else. No egress rule:
// security groups are stateful, so answers to admitted requests go out anyway, and the provider
// removes the default allow-all egress rule of a group it creates (terraform-provider-aws docs,
// aws_security_group: "Terraform will remove this default rule").
const endpointSecurityGroup = new aws.ec2.SecurityGroup("execute-api-endpoint", {
    vpcId: vpc.vpcId,
    description: `HTTPS to the execute-api endpoint of ${stackName}, from the VPC only`,
});
new aws.vpc.SecurityGroupIngressRule("execute-api-endpoint-https", {
    securityGroupId: endpointSecurityGroup.id,
    description: "HTTPS from the VPC's own range",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: vpcCidrBlock,
});

// An interface endpoint for API Gateway's execute-api service in this region, in both AZs. With
// private DNS, clients in the VPC call the API's usual https://<api id>.execute-api.<region>.amazonaws.com
// name and it resolves to the endpoint ("Turn on private DNS for your VPC ... you can invoke your API
// within a VPC without passing the Host or x-apigw-api-id header", API Gateway developer guide,
// "Private REST APIs in API Gateway"). It also sends the VPC's calls to any public execute-api API
// through the endpoint, where they fail: use an edge or custom domain name for those (same page).
const endpoint = new aws.ec2.VpcEndpoint("execute-api", {
    vpcId: vpc.vpcId,
    serviceName: pulumi.interpolate`com.amazonaws.${region}.execute-api`,
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: vpc.privateSubnetIds,
    securityGroupIds: [endpointSecurityGroup.id],
});

// A small function behind IAM: it answers with the signed caller and the endpoint the call came through.
const whoamiLogs = new aws.cloudwatch.LogGroup("whoami-logs", {
    name: `/aws/lambda/${stackName}-whoami`,
    retentionInDays: 365,
});
const whoamiRole = new aws.iam.Role("whoami-role", {
    description: `Execution role of the ${stackName} whoami function`,
    assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    }),
});
// Only its own log group: the function calls nothing else.
new aws.iam.RolePolicy("whoami-logs", {
    role: whoamiRole.name,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`${whoamiLogs.arn}:*`] }],
    }),
});
const whoami = new aws.lambda.Function("whoami", {
    name: `${stackName}-whoami`,
    runtime: aws.lambda.Runtime.NodeJS22dX,
    handler: "index.handler",
    role: whoamiRole.arn,
    timeout: 5,
    loggingConfig: { logGroup: whoamiLogs.name, logFormat: "JSON" },
    code: new pulumi.asset.AssetArchive({
        // The Lambda proxy event carries the SigV4 caller and, for a private API, the VPC endpoint id.
        "index.mjs": new pulumi.asset.StringAsset(
            [
                "export const handler = async (event) => ({",
                "    statusCode: 200,",
                '    headers: { "Content-Type": "application/json" },',
                "    body: JSON.stringify({ caller: event.requestContext.identity.userArn, vpceId: event.requestContext.identity.vpceId ?? null }),",
                "});",
                "",
            ].join("\n"),
        ),
    }),
});

// PRIVATE: API Gateway has no public endpoint for it. Its resource policy (the component's
// `privateApiStatements`) allows execute-api:Invoke and denies every call whose aws:SourceVpce is not
// this endpoint, and every route needs a SigV4 signature of a principal allowed execute-api:Invoke.
const api = new AuthorizedApi("api", {
    endpointType: "PRIVATE",
    vpcEndpointIds: [endpoint.id],
    defaultAuthorization: "iam",
    routes: {
        "GET /health": { mock: { body: { status: "ok" } } },
        "GET /whoami": { lambda: { functionArn: whoami.arn } },
    },
});

export const vpcId = vpc.vpcId;
export const privateSubnetIds = vpc.privateSubnetIds;
export const vpcEndpointId = endpoint.id;
export const apiUrl = api.url;
export const executeApiArn = api.executionArn;
