import { CLOUDFRONT_CERTIFICATE_REGION, certificateRegion, isTls12Policy } from "../../components/shared/domains";
import type { Graph } from "../graph";
import type { RecordedResource } from "../recording";
import type { Rule, Violation } from "./types";

// Custom domains: the certificate's region against the endpoint that serves it, and the TLS policy of
// API Gateway domains. The facts (which region, which policies) live in components/shared/domains.ts.

/** The region a resource is managed in: its ARN's region field, its own `region` input (provider v7), else the run's region. */
export function regionOfResource(graph: Graph, r: RecordedResource): string {
    const fromArn = typeof r.outputs.arn === "string" ? /^arn:[^:]+:[^:]+:([a-z0-9-]+):/.exec(r.outputs.arn)?.[1] : undefined;
    return fromArn ?? (typeof r.inputs.region === "string" ? r.inputs.region : graph.recording.environment.region);
}

/** The endpoint type of an API Gateway REST domain: its one `endpointConfiguration.types` (a string in provider v7, a list before). */
export function domainEndpointType(domain: RecordedResource): string {
    const types = domain.inputs.endpointConfiguration?.types;
    return String((Array.isArray(types) ? types[0] : types) ?? "EDGE");
}

/** Where a custom domain's certificate is, with the region it needs and why. */
interface CertificateUse {
    readonly resource: RecordedResource;
    readonly property: string;
    readonly arn: unknown;
    readonly needs: string;
    readonly because: string;
}

function certificateUses(graph: Graph): CertificateUse[] {
    const uses: CertificateUse[] = [];
    for (const domain of graph.all("aws:apigateway/domainName:DomainName")) {
        if (domainEndpointType(domain) === "EDGE") {
            uses.push({ resource: domain, property: "certificateArn", arn: domain.inputs.certificateArn, needs: CLOUDFRONT_CERTIFICATE_REGION, because: "an EDGE domain is served by CloudFront" });
        } else {
            uses.push({ resource: domain, property: "regionalCertificateArn", arn: domain.inputs.regionalCertificateArn, needs: regionOfResource(graph, domain), because: "a REGIONAL domain takes a certificate of its own region" });
        }
    }
    for (const domain of graph.all("aws:apigatewayv2/domainName:DomainName")) {
        uses.push({ resource: domain, property: "domainNameConfiguration.certificateArn", arn: domain.inputs.domainNameConfiguration?.certificateArn, needs: regionOfResource(graph, domain), because: "an HTTP API domain is regional" });
    }
    for (const domain of graph.all("aws:cognito/userPoolDomain:UserPoolDomain")) {
        uses.push({ resource: domain, property: "certificateArn", arn: domain.inputs.certificateArn, needs: CLOUDFRONT_CERTIFICATE_REGION, because: "Cognito serves a custom domain through CloudFront" });
    }
    for (const distribution of graph.all("aws:cloudfront/distribution:Distribution")) {
        uses.push({ resource: distribution, property: "viewerCertificate.acmCertificateArn", arn: distribution.inputs.viewerCertificate?.acmCertificateArn, needs: CLOUDFRONT_CERTIFICATE_REGION, because: "CloudFront takes certificates of us-east-1 only" });
    }
    return uses;
}

export const domainRules: readonly Rule[] = [
    {
        id: "UB-DOMAIN-CERT-REGION",
        severity: "high",
        title: "Custom domains use a certificate of the region their endpoint needs",
        rationale:
            "CloudFront (an EDGE API's domain, a Cognito custom domain) takes ACM certificates of us-east-1 only, and a REGIONAL domain one of its own region; any other certificate makes `up` fail when the domain is created.",
        mirrors: ["API Gateway CreateDomainName / Cognito CreateUserPoolDomain certificate region (refused at create)"],
        check: (graph) =>
            certificateUses(graph).flatMap((use): Violation[] => {
                const region = certificateRegion(use.arn);
                if (region === undefined || region === use.needs) return []; // unknown (preview) or not an ACM ARN: nothing to judge
                return [{ resource: use.resource, property: use.property, message: `domain ${use.resource.name} uses a certificate of ${region}, but ${use.because}: it needs one of ${use.needs}` }];
            }),
    },
    {
        id: "UB-APIG-DOMAIN-TLS",
        severity: "medium",
        title: "API Gateway custom domains refuse TLS 1.0 and 1.1",
        rationale: "A domain's security policy sets the oldest TLS its clients may use; TLS_1_2 (or an enhanced SecurityPolicy_TLS12/13 policy) refuses TLS 1.0 and 1.1, which are deprecated (RFC 8996).",
        // KICS "API Gateway Without Security Policy" flags a missing policy and any other than TLS_1_2, as this rule does.
        mirrors: ["KICS 4e1cc5d3-2811-4fb2-861c-ee9b3cb7f90b (API Gateway Without Security Policy)"],
        check: (graph) =>
            graph.all("aws:apigateway/domainName:DomainName").flatMap((domain): Violation[] => {
                const policy = domain.inputs.securityPolicy;
                if (isTls12Policy(policy)) return [];
                const name = domain.inputs.domainName ?? domain.name;
                return [
                    {
                        resource: domain,
                        property: "securityPolicy",
                        message: policy === undefined ? `domain ${name} sets no security policy: API Gateway's default is not pinned to TLS 1.2` : `domain ${name} has security policy ${policy}, which accepts TLS 1.0`,
                    },
                ];
            }),
    },
];
