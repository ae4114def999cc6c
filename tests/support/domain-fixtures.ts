import * as aws from "@pulumi/aws";
import { record } from "../../offline/recorder";
import type { RecordedResource, Recording } from "../../offline/recording";
import { once } from "./rules-fixtures";

// The programs of UB-DOMAIN-CERT-REGION and UB-APIG-DOMAIN-TLS (tests/offline/domain-rules.test.ts):
// raw custom domains whose certificate is in the wrong region or whose TLS policy accepts TLS 1.0,
// and the same domains done right. The run's region is eu-west-1, so a regional domain needs a
// certificate of eu-west-1 and a CloudFront-served one a certificate of us-east-1.

export const cert = (region: string, id = "1234abcd-12ab-34cd-56ef-1234567890ab") => `arn:aws:acm:${region}:123456789012:certificate/${id}`;
const ENV = { environment: { region: "eu-west-1" } };

/** Wrong regions for each kind of domain, and TLS 1.0 or no policy on API Gateway domains. */
export const domainGaps = once(() =>
    record(() => {
        new aws.apigateway.DomainName("edge-in-eu", { domainName: "edge.acme.dev", endpointConfiguration: { types: "EDGE" }, certificateArn: cert("eu-west-1"), securityPolicy: "TLS_1_2" });
        new aws.apigateway.DomainName("regional-in-us", { domainName: "api.acme.dev", endpointConfiguration: { types: "REGIONAL" }, regionalCertificateArn: cert("us-east-1"), securityPolicy: "TLS_1_0" });
        new aws.apigateway.DomainName("regional-no-policy", { domainName: "old.acme.dev", endpointConfiguration: { types: "REGIONAL" }, regionalCertificateArn: cert("eu-west-1") });
        const pool = new aws.cognito.UserPool("pool", {});
        new aws.cognito.UserPoolDomain("auth-in-eu", { userPoolId: pool.id, domain: "auth.acme.dev", certificateArn: cert("eu-west-1") });
        return {};
    }, ENV),
);

/** The same domains with the certificates their endpoints need and TLS 1.2 (legacy and enhanced policies). */
export const domainsClosed = once(() =>
    record(() => {
        new aws.apigateway.DomainName("edge-in-us", { domainName: "edge.acme.dev", endpointConfiguration: { types: "EDGE" }, certificateArn: cert("us-east-1"), securityPolicy: "TLS_1_2" });
        new aws.apigateway.DomainName("regional-in-eu", { domainName: "api.acme.dev", endpointConfiguration: { types: "REGIONAL" }, regionalCertificateArn: cert("eu-west-1"), securityPolicy: "SecurityPolicy_TLS13_1_3_2025_09" });
        // A certificate of us-east-1 through an explicit provider, for a domain of that provider's region.
        const usEast1 = new aws.Provider("us-east-1", { region: "us-east-1" });
        new aws.apigateway.DomainName("regional-in-us", { domainName: "us.acme.dev", endpointConfiguration: { types: "REGIONAL" }, regionalCertificateArn: cert("us-east-1"), securityPolicy: "TLS_1_2" }, { provider: usEast1 });
        const pool = new aws.cognito.UserPool("pool", {});
        new aws.cognito.UserPoolDomain("auth-in-us", { userPoolId: pool.id, domain: "auth.acme.dev", certificateArn: cert("us-east-1") });
        new aws.cognito.UserPoolDomain("prefix", { userPoolId: pool.id, domain: "acme-photos" });
        return {};
    }, ENV),
);

/** The provider a resource was created through, or undefined for the default provider. */
export function providerOf(rec: Recording, r: RecordedResource): RecordedResource | undefined {
    return r.provider ? rec.resources.find((p) => r.provider!.startsWith(`${p.urn}::`)) : undefined;
}
