// The hosted UI custom domain's DNS, with `domain.hostedZoneId`: the certificate (us-east-1, through the
// component's own provider), its DNS validation, and the alias A/AAAA records to Cognito's CloudFront
// distribution. Called from clients.ts `createDomain`; without a zone nothing here is created.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { HostedUiDomain } from "./args";
import { aliasRecords, dnsValidatedCertificate, usEast1Provider } from "../shared/domain-dns";
import { CLOUDFRONT_HOSTED_ZONE_ID } from "../shared/domains";

/**
 * The certificate the domain uses: the given `certificateArn`, or with a zone and none given, the
 * `certificateArn` output of a CertificateValidation (`<name>-certificate-validation`), so that the
 * UserPoolDomain is created only after ACM has issued it. Cognito serves a custom domain through
 * CloudFront, so the certificate is made in us-east-1 (`CLOUDFRONT_CERTIFICATE_REGION`) through the
 * provider `<name>-us-east-1`, whatever the pool's region.
 */
export function hostedUiCertificateArn(scope: pulumi.ComponentResource, name: string, dom: HostedUiDomain, tags: Record<string, string> | undefined): pulumi.Input<string> | undefined {
    if (dom.hostedZoneId === undefined || dom.customDomain === undefined || dom.certificateArn !== undefined) return dom.certificateArn;
    return dnsValidatedCertificate(scope, name, { domainName: dom.customDomain, hostedZoneId: dom.hostedZoneId, tags }, usEast1Provider(scope, name)).certificateArn;
}

/**
 * The alias A and AAAA records of the custom domain to its CloudFront distribution. The zone is
 * CloudFront's constant (`CLOUDFRONT_HOSTED_ZONE_ID`, Route 53 AliasTarget), which is also what the
 * provider reports as `cloudfrontDistributionZoneId`. Cognito API reference, CreateUserPoolDomain,
 * CloudFrontDomain: "Your domain-name authority must have an alias record that points requests for
 * your custom domain to this FQDN." Not provable offline, and not created here: the parent domain
 * (`acme.dev` for `auth.acme.dev`) must already resolve when Cognito creates the domain, as Cognito's
 * custom domain guide asks.
 */
export function hostedUiAliasRecords(scope: pulumi.ComponentResource, name: string, dom: HostedUiDomain, domain: aws.cognito.UserPoolDomain): aws.route53.Record[] {
    if (dom.hostedZoneId === undefined || dom.customDomain === undefined) return [];
    return aliasRecords(scope, name, { domainName: domain.domain, hostedZoneId: dom.hostedZoneId, targetName: domain.cloudfrontDistribution, targetZoneId: CLOUDFRONT_HOSTED_ZONE_ID });
}
