// The plan's posture line for a component's custom domain: its name, where its certificate is, its
// TLS policy, and whether its DNS is managed here or left to the user (and what to point it at).
import { certificateRegion } from "../../components/shared/domains";
import type { Recording, RecordedResource } from "../recording";
import { domainEndpointType } from "../rules/domains";

/** The rules whose findings on the component make its domain line not ok. */
export const DOMAIN_RULE_IDS = ["UB-DOMAIN-CERT-REGION", "UB-APIG-DOMAIN-TLS"];

/** The alias records among the component's resources that point the domain's name at its target. */
function aliasesTo(rec: Recording, component: RecordedResource, name: unknown, target: unknown): RecordedResource[] {
    return rec.descendants(component).filter((r) => r.type === "aws:route53/record:Record" && r.inputs.name === name && (r.inputs.aliases ?? []).some((a: { name?: unknown }) => a.name === target));
}

function domainLine(rec: Recording, component: RecordedResource, domain: { name: unknown; kind: string; certificate: unknown; tls: string; target: unknown }): string {
    const region = certificateRegion(domain.certificate);
    const made = rec.descendants(component).some((r) => r.type === "aws:acm/certificate:Certificate" && r.outputs.arn === domain.certificate);
    const aliases = aliasesTo(rec, component, domain.name, domain.target);
    const dns = aliases.length
        ? `DNS managed (${aliases.map((a) => a.inputs.type).sort().join("/")} alias in ${aliases[0].inputs.zoneId})`
        : `DNS by hand: alias ${domain.name} to ${typeof domain.target === "string" ? domain.target : "the domain's target (known after create)"}`;
    const certificate = `certificate ${region ?? "(region known after create)"}${made ? ", created and DNS-validated here" : ", given"}`;
    return `${domain.name} (${domain.kind}): ${certificate}; TLS ${domain.tls}; ${dns}`;
}

/** The custom domain line of an AuthorizedApi or a CognitoAuth, or undefined when it has none. */
export function domainPosture(rec: Recording, component: RecordedResource, kind: string): string | undefined {
    const mine = rec.descendants(component);
    if (kind === "AuthorizedApi") {
        const domain = mine.find((r) => r.type === "aws:apigateway/domainName:DomainName");
        if (!domain) return undefined;
        const edge = domainEndpointType(domain) === "EDGE";
        return domainLine(rec, component, {
            name: domain.inputs.domainName,
            kind: edge ? "EDGE" : "REGIONAL",
            certificate: edge ? domain.inputs.certificateArn : domain.inputs.regionalCertificateArn,
            tls: String(domain.inputs.securityPolicy ?? "API Gateway's default (not pinned)"),
            target: edge ? domain.outputs.cloudfrontDomainName : domain.outputs.regionalDomainName,
        });
    }
    if (kind === "CognitoAuth") {
        // A prefix domain has no certificate of its own: only a custom domain gets a line.
        const domain = mine.find((r) => r.type === "aws:cognito/userPoolDomain:UserPoolDomain" && r.inputs.certificateArn !== undefined);
        if (!domain) return undefined;
        // CreateUserPoolDomain's CustomDomainConfigType has a CertificateArn only: the TLS policy is Cognito's.
        return domainLine(rec, component, { name: domain.inputs.domain, kind: "hosted UI, CloudFront", certificate: domain.inputs.certificateArn, tls: "set by Cognito (not configurable)", target: domain.outputs.cloudfrontDistribution });
    }
    return undefined;
}
