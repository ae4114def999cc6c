// Offline answers for remote (multi-language) components, which a provider plugin builds: under mocks
// the plugin never runs, so the component's outputs must come from here. Only awsx's Vpc for now.
import { createHash } from "crypto";
import type { OfflineEnvironment } from "./mock-provider";

type RemoteOutputs = (name: string, inputs: Record<string, any>, env: OfflineEnvironment) => Record<string, unknown>;

function hex(...parts: string[]): string {
    return createHash("sha256").update(parts.join("::")).digest("hex");
}

/**
 * `awsx:ec2:Vpc` (@pulumi/awsx 3): the plugin creates the aws.ec2.Vpc, a subnet per AZ and subnet
 * spec, route tables and NAT gateways, and returns their ids. Offline, only the id outputs exist:
 * the children themselves are not in the recording (the plugin would register them), so rules and
 * the simulator see the VPC through the resources the program creates in it.
 * The AZs are `<region>a`, `<region>b`, ... as the plugin's getAvailabilityZones would list them in
 * most regions; which AZs AWS returns for an account cannot be known offline.
 */
const awsxVpc: RemoteOutputs = (name, inputs, env) => {
    const count = Number(inputs.availabilityZoneNames?.length ?? inputs.numberOfAvailabilityZones ?? 3);
    const zones: string[] = inputs.availabilityZoneNames ?? Array.from({ length: count }, (_, i) => `${env.region}${String.fromCharCode(97 + i)}`);
    // awsx's default layout is one public and one private subnet per AZ (pulumi-awsx awsx/ec2/vpc.ts).
    const specs: { type: string; cidrMask?: number }[] = inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }];
    const vpcId = `vpc-${hex("vpc", name).slice(0, 17)}`;
    const idsOf = (type: string) =>
        specs.filter((s) => s.type === type).flatMap((_, k) => zones.map((zone) => `subnet-${hex("subnet", name, type, String(k), zone).slice(0, 17)}`));
    return {
        ...inputs,
        vpcId,
        publicSubnetIds: idsOf("Public"),
        privateSubnetIds: idsOf("Private"),
        isolatedSubnetIds: idsOf("Isolated"),
        subnetLayout: specs.map((s) => ({ type: s.type, ...(s.cidrMask !== undefined ? { cidrMask: s.cidrMask } : {}) })),
        availabilityZoneNames: zones,
    };
};

const remoteComponents: Record<string, RemoteOutputs> = { "awsx:ec2:Vpc": awsxVpc };

/** The outputs of a remote component offline, or `{}` for a local component (the engine keeps no state for those). */
export function remoteComponentOutputs(type: string, name: string, inputs: Record<string, any>, env: OfflineEnvironment): Record<string, unknown> {
    return remoteComponents[type]?.(name, inputs, env) ?? {};
}
