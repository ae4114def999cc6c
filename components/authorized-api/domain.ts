// AuthorizedApi's custom domain: the DomainName and its base path mapping, and with `hostedZoneId`
// the DNS-validated certificate and the alias records (components/shared/domain-dns.ts).
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { AuthorizedApiArgs } from "./args";
import { aliasRecords, dnsValidatedCertificate, usEast1Provider } from "../shared/domain-dns";
import { certificateRegion, HOSTED_ZONE_ID } from "../shared/domains";
import { applyTransform } from "../shared/transform";
import { isPlain, Issues } from "../validation";

/** The custom domain's children, for the component's outputs. */
export interface CreatedApiDomain {
    readonly domainName: aws.apigateway.DomainName;
    /** The host name the name's DNS alias points to (API Gateway's regional name, or the CloudFront distribution). */
    readonly target: pulumi.Output<string>;
    /** With `hostedZoneId` and no `certificateArn`: the certificate the API created. */
    readonly certificate?: aws.acm.Certificate;
    /** With `hostedZoneId`: the alias A and AAAA records. */
    readonly aliasRecords: aws.route53.Record[];
}

/**
 * The domain, its mapping to the stage and, with `hostedZoneId`, its certificate and DNS. The names
 * `<name>-domain` and `<name>-base-path` are those of the bring-your-own-certificate path, which is
 * unchanged; a zone adds `<name>-certificate`, `<name>-certificate-validation` (record and
 * validation), `<name>-alias-a`, `<name>-alias-aaaa` and, for EDGE, `<name>-us-east-1` (provider).
 */
export function createApiDomain(scope: pulumi.ComponentResource, name: string, args: AuthorizedApiArgs, endpointType: string, restApi: aws.apigateway.RestApi, stage: aws.apigateway.Stage): CreatedApiDomain | undefined {
    const domain = args.domain;
    if (!domain) return undefined;
    const parent = { parent: scope };
    const regional = endpointType !== "EDGE";
    // With a zone and no certificate, the domain takes the validation's certificateArn output, so it
    // is created only once ACM has issued the certificate (CertificateValidation waits for it).
    const issued =
        domain.hostedZoneId !== undefined && domain.certificateArn === undefined
            ? dnsValidatedCertificate(scope, name, { domainName: domain.domainName, hostedZoneId: domain.hostedZoneId, tags: args.tags }, regional ? undefined : usEast1Provider(scope, name))
            : undefined;
    const certificateArn = issued?.certificateArn ?? domain.certificateArn;
    const domainName = new aws.apigateway.DomainName(
        `${name}-domain`,
        applyTransform<aws.apigateway.DomainNameArgs>(
            {
                domainName: domain.domainName,
                endpointConfiguration: { types: regional ? "REGIONAL" : "EDGE" },
                regionalCertificateArn: regional ? certificateArn : undefined,
                certificateArn: regional ? undefined : certificateArn,
                securityPolicy: "TLS_1_2",
                tags: args.tags,
            },
            `${name}-domain`,
            args.transform?.domainName,
        ),
        parent,
    );
    new aws.apigateway.BasePathMapping(
        `${name}-base-path`,
        applyTransform<aws.apigateway.BasePathMappingArgs>({ restApi: restApi.id, stageName: stage.stageName, domainName: domainName.domainName, basePath: domain.basePath }, `${name}-base-path`, args.transform?.basePathMapping),
        parent,
    );
    // Route 53 API reference, AliasTarget DNSName: "For regional APIs, specify the value of
    // regionalDomainName. For edge-optimized APIs, specify the value of distributionDomainName."
    const target = regional ? domainName.regionalDomainName : domainName.cloudfrontDomainName;
    const records =
        domain.hostedZoneId === undefined
            ? []
            : aliasRecords(scope, name, { domainName: domainName.domainName, hostedZoneId: domain.hostedZoneId, targetName: target, targetZoneId: regional ? domainName.regionalZoneId : domainName.cloudfrontZoneId });
    return { domainName, target, certificate: issued?.certificate, aliasRecords: records };
}

/**
 * The region the API is deployed to, when construction can know it: the stack's `aws:region`, unless
 * the component was given an explicit provider (whose region it cannot read). Internal.
 */
export function configuredRegion(opts: pulumi.ComponentResourceOptions | undefined): string | undefined {
    if (opts?.provider !== undefined || opts?.providers !== undefined || opts?.parent !== undefined) return undefined;
    return new pulumi.Config("aws").get("region");
}

/**
 * The checks of `domain` that the pure argument checks leave out: the zone's shape, a certificate or
 * a zone being given, and a REGIONAL certificate in the API's region when that region is known.
 * Internal. Exported for testing.
 */
export function validateApiDomain(name: string, args: AuthorizedApiArgs, region: string | undefined): void {
    const domain = args.domain;
    if (domain === undefined || domain === null || typeof domain !== "object") return;
    const issues = new Issues("AuthorizedApi", name);
    const endpointType = args.endpointType ?? "REGIONAL";
    if (domain.certificateArn === undefined && domain.hostedZoneId === undefined) {
        issues.add("domain.certificateArn", "is required unless domain.hostedZoneId is set (the API then creates the certificate)", undefined);
    }
    if (isPlain(domain.hostedZoneId) && !(typeof domain.hostedZoneId === "string" && HOSTED_ZONE_ID.test(domain.hostedZoneId))) {
        issues.add("domain.hostedZoneId", "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, without the /hostedzone/ prefix", domain.hostedZoneId);
    }
    // API Gateway answers CreateDomainName with a certificate of another region by refusing it; this
    // says so before anything is created, when the API's region is known (AWS Knowledge Center: "Regional
    // custom domain names must use an SSL/TLS certificate that's in the same AWS Region as your API").
    const certRegion = certificateRegion(domain.certificateArn);
    if (endpointType === "REGIONAL" && region !== undefined && certRegion !== undefined && certRegion !== region) {
        issues.add("domain.certificateArn", `must be in the API's region ${region} for a REGIONAL API, not ${certRegion}`, domain.certificateArn);
    }
    issues.throwIfAny();
}
