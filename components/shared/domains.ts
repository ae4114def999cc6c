// The facts about custom domains that the components decide and `offline/` (the rule set, the plan's
// posture) reads back: where a certificate must live for each kind of endpoint, the Route 53 zone of
// CloudFront alias targets, and the shapes validation accepts. Imports nothing of the project.

/**
 * The region of every certificate CloudFront serves: an EDGE API's custom domain and a Cognito
 * custom domain (both are CloudFront distributions).
 * - ACM User Guide, "Supported Regions": "To use an ACM certificate with Amazon CloudFront, you must
 *   request or import the certificate in the US East (N. Virginia) region."
 * - API Gateway Developer Guide, "Set up an edge-optimized custom domain name in API Gateway": "You
 *   must request or import a certificate for your edge-optimized custom domain name in the US East
 *   (N. Virginia) – us-east-1 Region."
 * - Cognito API reference, UpdateUserPoolDomain: "When you add your new certificate in ACM, you must
 *   choose US East (N. Virginia) as the AWS Region."
 * A REGIONAL API's domain needs a certificate in the API's own region (AWS Knowledge Center, "How
 * can I set up a custom domain name for my API Gateway API?": "Regional custom domain names must use
 * an SSL/TLS certificate that's in the same AWS Region as your API").
 */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

/**
 * The Route 53 hosted zone of every CloudFront distribution, the alias target zone of a Cognito custom
 * domain and of an EDGE API's domain: the Route 53 API reference, AliasTarget, gives Z2FDTNDATAQYW2 as
 * the HostedZoneId of a CloudFront distribution, and the API Gateway DomainName reference says of
 * `distributionHostedZoneId` "The valid value is Z2FDTNDATAQYW2 for all the regions" (the AWS CDK's
 * `CloudFrontTarget.CLOUDFRONT_ZONE_ID` is the same constant: "This value never changes").
 */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/**
 * A Route 53 hosted zone id, `Z` and uppercase letters or digits (at most 32 characters, Route 53 API
 * reference "HostedZone"), without the `/hostedzone/` prefix that ListHostedZones puts before it
 * (CloudFormation reference, DomainValidationOption HostedZoneId: "The ListHostedZones API returns
 * IDs in the format "/hostedzone/Z111111QQQQQQQ"", which a record's `zoneId` does not take).
 */
export const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** An ACM certificate ARN; group 1 is its region. */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;

/** A lowercase DNS name of two labels or more (internationalised top-level domains in punycode). */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{0,58}[a-z0-9])$/;

/** The region field of an ACM certificate ARN, or undefined when the value is not one. */
export function certificateRegion(arn: unknown): string | undefined {
    return typeof arn === "string" ? ACM_CERTIFICATE_ARN.exec(arn)?.[1] : undefined;
}

/**
 * API Gateway security policies that refuse TLS 1.0 and 1.1: the legacy `TLS_1_2`, and the enhanced
 * `SecurityPolicy_TLS12_...` / `SecurityPolicy_TLS13_...` policies (API Gateway Developer Guide,
 * "Choose a security policy for your custom domain in API Gateway": "If you choose a TLS 1.2 security
 * policy, the security policy accepts TLS 1.2 and TLS 1.3 traffic and rejects TLS 1.0 traffic";
 * "Any policy that starts with SecurityPolicy_ is an enhanced security policy").
 */
export function isTls12Policy(policy: unknown): boolean {
    return policy === "TLS_1_2" || (typeof policy === "string" && /^SecurityPolicy_TLS1[23]_/.test(policy));
}
