import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs } from "../../components";
import { record } from "../../offline/recorder";
import type { Recording } from "../../offline/recording";
import { providerOf } from "../support/domain-fixtures";
import { inputErrorOf } from "../support/input-errors";

// CognitoAuth's hosted UI custom domain with a Route 53 zone: the certificate in us-east-1 (Cognito
// serves the domain through CloudFront) whatever the pool's region, validated before the domain is
// created, and alias records to the domain's CloudFront distribution.

const ZONE = "Z0123456789ABCDEFGHIJ";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const clients: CognitoAuthArgs["clients"] = { web: { oauth: { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] } } };
const P = 'CognitoAuth "auth":';

const errorOf = inputErrorOf;

describe("CognitoAuth custom domain with hostedZoneId", () => {
    let rec: Recording<{ target: string; url: string }>;
    before(async () => {
        rec = await record(
            () => {
                const auth = new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev", hostedZoneId: ZONE } });
                return { target: auth.hostedUiCloudFrontTarget!, url: auth.hostedUiUrl! };
            },
            { config: { "aws:region": "eu-west-1" } },
        );
    });

    it("creates the certificate in us-east-1 through the component's own provider, though the pool is in eu-west-1", () => {
        const certificate = rec.one(aws.acm.Certificate, "auth-certificate");
        const provider = providerOf(rec, certificate);
        assert.equal(provider?.name, "auth-us-east-1");
        assert.equal(provider?.inputs.region, "us-east-1");
        assert.equal(provider?.parent, rec.one("user-backend:index:CognitoAuth", "auth").urn);
        assert.match(String(certificate.outputs.arn), /^arn:aws:acm:us-east-1:/);
        assert.match(String(rec.one(aws.cognito.UserPool, "auth-pool").outputs.arn), /:eu-west-1:/);
        assert.deepEqual({ domainName: certificate.inputs.domainName, validationMethod: certificate.inputs.validationMethod }, { domainName: "auth.acme.dev", validationMethod: "DNS" });
    });

    it("validates the certificate through its CNAME in the zone before the domain is created", () => {
        const certificate = rec.one(aws.acm.Certificate, "auth-certificate");
        const record = rec.one(aws.route53.Record, "auth-certificate-validation");
        const option = certificate.outputs.domainValidationOptions[0];
        assert.deepEqual({ zoneId: record.inputs.zoneId, name: record.inputs.name, type: record.inputs.type, records: record.inputs.records }, { zoneId: ZONE, name: option.resourceRecordName, type: "CNAME", records: [option.resourceRecordValue] });
        const validation = rec.one(aws.acm.CertificateValidation, "auth-certificate-validation");
        assert.equal(providerOf(rec, validation)?.name, "auth-us-east-1");
        assert.deepEqual(validation.propertyDependencies.validationRecordFqdns, [record.urn]);
        const domain = rec.one(aws.cognito.UserPoolDomain, "auth-domain");
        assert.equal(domain.inputs.certificateArn, certificate.outputs.arn);
        assert.deepEqual(domain.propertyDependencies.certificateArn, [validation.urn]);
        assert.equal(domain.inputs.domain, "auth.acme.dev");
        // The domain itself stays with the pool's provider (Cognito domains belong to the pool's region).
        assert.equal(domain.provider, undefined);
    });

    it("aliases A and AAAA to the domain's CloudFront distribution, in CloudFront's zone", () => {
        const domain = rec.one(aws.cognito.UserPoolDomain, "auth-domain");
        for (const type of ["A", "AAAA"]) {
            const alias = rec.one(aws.route53.Record, `auth-alias-${type.toLowerCase()}`);
            assert.deepEqual(
                { zoneId: alias.inputs.zoneId, name: alias.inputs.name, type: alias.inputs.type, aliases: alias.inputs.aliases },
                { zoneId: ZONE, name: "auth.acme.dev", type, aliases: [{ name: domain.outputs.cloudfrontDistribution, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }] },
            );
            assert.ok(alias.dependencies.includes(domain.urn));
        }
        assert.equal(rec.result.target, domain.outputs.cloudfrontDistribution);
        assert.equal(rec.result.url, "https://auth.acme.dev");
    });

    it("with a certificate too, uses it and creates only the alias records; without a zone, nothing of DNS", async () => {
        const both = await record(() => (new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev", certificateArn: CERT, hostedZoneId: ZONE } }), {}));
        assert.equal(both.all(aws.acm.Certificate).length, 0);
        assert.equal(both.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.certificateArn, CERT);
        assert.deepEqual(both.all(aws.route53.Record).map((r) => r.name).sort(), ["auth-alias-a", "auth-alias-aaaa"]);
        const byo = await record(() => (new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev", certificateArn: CERT } }), {}));
        for (const type of ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation", "aws:route53/record:Record", "pulumi:providers:aws"]) assert.equal(byo.all(type).length, 0, type);
    });

    describe("validation", () => {
        it("certificateArn is required with customDomain unless hostedZoneId is set", () => {
            assert.equal(
                errorOf(() => new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev" } })),
                `${P} domain.certificateArn is required with customDomain unless domain.hostedZoneId is set (CognitoAuth then creates it) (received: undefined)`,
            );
        });

        it("hostedZoneId must be a Route 53 zone id", () => {
            assert.equal(
                errorOf(() => new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev", hostedZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" } })),
                `${P} domain.hostedZoneId must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, without the /hostedzone/ prefix (received: "/hostedzone/Z0123456789ABCDEFGHIJ")`,
            );
        });

        it("hostedZoneId applies only to a custom domain", () => {
            assert.equal(
                errorOf(() => new CognitoAuth("auth", { clients, domain: { prefix: "acme-photos", hostedZoneId: ZONE } })),
                `${P} domain.hostedZoneId applies only to customDomain (a prefix domain is served under amazoncognito.com) (received: "${ZONE}")`,
            );
        });

        it("a given certificate must be in us-east-1", () => {
            const eu = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
            assert.match(errorOf(() => new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev", certificateArn: eu, hostedZoneId: ZONE } })), /domain.certificateArn must be an ACM certificate ARN in us-east-1 \(Cognito serves custom domains through CloudFront\)/);
        });
    });
});
