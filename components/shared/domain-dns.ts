// A custom domain's DNS, for AuthorizedApi and CognitoAuth when they are given a `hostedZoneId`: an
// ACM certificate validated through DNS records in the zone, and the alias records of the name.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { CLOUDFRONT_CERTIFICATE_REGION } from "./domains";

/**
 * The provider of a component's us-east-1 children (`<name>-us-east-1`): the certificate of an EDGE
 * API's domain and of a Cognito custom domain, which CloudFront serves and which must live in
 * us-east-1 (see `CLOUDFRONT_CERTIFICATE_REGION`).
 *
 * It takes the stack's `aws:` configuration (profile, credentials, assumed roles, allowed accounts,
 * default and ignored tags, retries, proxies, FIPS and dual-stack settings) with the region set to
 * us-east-1. Not inherited: `endpoints` (they name the stack region's endpoints), and anything of
 * an explicit provider given to the component or its parents (`opts.provider`): a component cannot
 * read another provider's settings. With such a provider, give `certificateArn` instead.
 */
export function usEast1Provider(scope: pulumi.ComponentResource, name: string): aws.Provider {
    const c = aws.config;
    const secret = (value: string | undefined) => (value === undefined ? undefined : pulumi.secret(value));
    return new aws.Provider(
        `${name}-us-east-1`,
        {
            region: CLOUDFRONT_CERTIFICATE_REGION,
            profile: c.profile,
            accessKey: secret(c.accessKey),
            secretKey: secret(c.secretKey),
            token: secret(c.token),
            sharedConfigFiles: c.sharedConfigFiles,
            sharedCredentialsFiles: c.sharedCredentialsFiles,
            assumeRoles: c.assumeRoles,
            assumeRoleWithWebIdentity: c.assumeRoleWithWebIdentity,
            allowedAccountIds: c.allowedAccountIds,
            forbiddenAccountIds: c.forbiddenAccountIds,
            defaultTags: c.defaultTags,
            ignoreTags: c.ignoreTags,
            maxRetries: c.maxRetries,
            retryMode: c.retryMode,
            httpProxy: c.httpProxy,
            httpsProxy: c.httpsProxy,
            noProxy: c.noProxy,
            customCaBundle: c.customCaBundle,
            insecure: c.insecure,
            stsRegion: c.stsRegion,
            skipCredentialsValidation: c.skipCredentialsValidation,
            skipMetadataApiCheck: c.skipMetadataApiCheck,
            skipRequestingAccountId: c.skipRequestingAccountId,
            useFipsEndpoint: c.useFipsEndpoint,
            useDualstackEndpoint: c.useDualstackEndpoint,
        },
        { parent: scope },
    );
}

/** What `dnsValidatedCertificate` made. */
export interface DnsValidatedCertificate {
    readonly certificate: aws.acm.Certificate;
    readonly validationRecord: aws.route53.Record;
    readonly validation: aws.acm.CertificateValidation;
    /** The certificate's ARN once ACM has issued it: give this to the domain, so it waits for validation. */
    readonly certificateArn: pulumi.Output<string>;
}

/**
 * An ACM certificate for one name, validated through a CNAME record in the zone (ACM User Guide, "DNS
 * validation"). A certificate of one name has exactly one `domainValidationOptions` entry, so the one
 * record is declared up front with a stable name instead of inside an `apply` (where a preview would
 * not show it). The record may overwrite an existing one of the same name (`allowOverwrite`, as the
 * terraform-provider-aws `aws_acm_certificate_validation` example does): a certificate that is
 * replaced, or requested again for the same name, can be given the CNAME name that is already there.
 * Not provable offline: whether ACM repeats the record for a name.
 * `provider` is the us-east-1 provider for a CloudFront-served domain; the validation must be made in
 * the certificate's region, so it takes the same provider. Route 53 is global: its records do not.
 */
export function dnsValidatedCertificate(
    scope: pulumi.ComponentResource,
    name: string,
    domain: { readonly domainName: string; readonly hostedZoneId: pulumi.Input<string>; readonly tags?: Record<string, string> },
    provider: aws.Provider | undefined,
): DnsValidatedCertificate {
    const regional = provider ? { parent: scope, provider } : { parent: scope };
    const certificate = new aws.acm.Certificate(
        `${name}-certificate`,
        { domainName: domain.domainName, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: domain.tags },
        regional,
    );
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const validationRecord = new aws.route53.Record(
        `${name}-certificate-validation`,
        { zoneId: domain.hostedZoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true },
        { parent: scope },
    );
    const validation = new aws.acm.CertificateValidation(`${name}-certificate-validation`, { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] }, regional);
    return { certificate, validationRecord, validation, certificateArn: validation.certificateArn };
}

/**
 * The alias A and AAAA records of a custom domain in its zone, to the API Gateway or CloudFront target
 * (Route 53 API reference, AliasTarget: "The name of the record that you're creating must match a
 * custom domain name for your API"). Alias records have no TTL, and `evaluateTargetHealth` is false:
 * Route 53 cannot check the health of an API Gateway or CloudFront target.
 */
export function aliasRecords(
    scope: pulumi.ComponentResource,
    name: string,
    alias: { readonly domainName: pulumi.Input<string>; readonly hostedZoneId: pulumi.Input<string>; readonly targetName: pulumi.Input<string>; readonly targetZoneId: pulumi.Input<string> },
): aws.route53.Record[] {
    return (["A", "AAAA"] as const).map(
        (type) =>
            new aws.route53.Record(
                `${name}-alias-${type.toLowerCase()}`,
                { zoneId: alias.hostedZoneId, name: alias.domainName, type, aliases: [{ name: alias.targetName, zoneId: alias.targetZoneId, evaluateTargetHealth: false }] },
                { parent: scope },
            ),
    );
}
