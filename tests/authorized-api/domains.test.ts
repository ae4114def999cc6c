import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, AuthorizedApiArgs } from "../../components";
import { record, RecordOptions } from "../../offline/recorder";
import type { Recording } from "../../offline/recording";
import { validateApiDomain } from "../../components/authorized-api/domain";
import { functionArn, userPoolArn } from "../support/api";
import { providerOf } from "../support/domain-fixtures";
import { inputErrorOf } from "../support/input-errors";

// AuthorizedApi's custom domain with a Route 53 zone: the certificate in the region its endpoint needs,
// validated before the domain is created, and the alias records to the domain's target.

const ZONE = "Z0123456789ABCDEFGHIJ";
const P = 'AuthorizedApi "api":';
const base: AuthorizedApiArgs = { userPoolArn, defaultAuthorization: "cognito", routes: { "GET /notes": { lambda: { functionArn: functionArn() } } } };
const recordWith = (args: Partial<AuthorizedApiArgs>, options: RecordOptions = {}) => record(() => (new AuthorizedApi("api", { ...base, ...args }), {}), options);

const errorOf = inputErrorOf;

describe("AuthorizedApi custom domain with hostedZoneId", () => {
    describe("EDGE", () => {
        let rec: Recording;
        before(async () => {
            rec = await recordWith({ endpointType: "EDGE", domain: { domainName: "api.acme.dev", hostedZoneId: ZONE } }, { config: { "aws:region": "eu-west-1" } });
        });

        it("creates the certificate in us-east-1 through a provider of its own, a child of the component", () => {
            const certificate = rec.one(aws.acm.Certificate, "api-certificate");
            const provider = providerOf(rec, certificate);
            assert.ok(provider, "the certificate has an explicit provider");
            assert.equal(provider!.type, "pulumi:providers:aws");
            assert.equal(provider!.name, "api-us-east-1");
            assert.equal(provider!.inputs.region, "us-east-1");
            assert.equal(provider!.parent, rec.one("user-backend:index:AuthorizedApi", "api").urn);
            assert.match(String(certificate.outputs.arn), /^arn:aws:acm:us-east-1:123456789012:certificate\//);
            assert.deepEqual({ domainName: certificate.inputs.domainName, validationMethod: certificate.inputs.validationMethod }, { domainName: "api.acme.dev", validationMethod: "DNS" });
            // The validation is made in the certificate's region; the Route 53 records are global (default provider).
            assert.equal(providerOf(rec, rec.one(aws.acm.CertificateValidation, "api-certificate-validation"))?.name, "api-us-east-1");
            assert.equal(providerOf(rec, rec.one(aws.route53.Record, "api-certificate-validation")), undefined);
        });

        it("validates through the CNAME ACM asked for, in the zone, and the domain waits for the validation", () => {
            const certificate = rec.one(aws.acm.Certificate, "api-certificate");
            const record = rec.one(aws.route53.Record, "api-certificate-validation");
            const option = certificate.outputs.domainValidationOptions[0];
            assert.deepEqual(
                { zoneId: record.inputs.zoneId, name: record.inputs.name, type: record.inputs.type, records: record.inputs.records },
                { zoneId: ZONE, name: option.resourceRecordName, type: "CNAME", records: [option.resourceRecordValue] },
            );
            const validation = rec.one(aws.acm.CertificateValidation, "api-certificate-validation");
            assert.equal(validation.inputs.certificateArn, certificate.outputs.arn);
            assert.deepEqual(validation.propertyDependencies.validationRecordFqdns, [record.urn]);
            const domain = rec.one(aws.apigateway.DomainName, "api-domain");
            // The EDGE domain's certificate input comes from the validation's output: it is created once ACM has issued it.
            assert.equal(domain.inputs.certificateArn, certificate.outputs.arn);
            assert.equal(domain.inputs.regionalCertificateArn, undefined);
            assert.deepEqual(domain.propertyDependencies.certificateArn, [validation.urn]);
            assert.ok(domain.dependencies.includes(validation.urn));
            assert.equal(domain.inputs.securityPolicy, "TLS_1_2");
            assert.equal(domain.inputs.endpointConfiguration.types, "EDGE");
        });

        it("aliases A and AAAA to the CloudFront distribution of the domain", () => {
            const domain = rec.one(aws.apigateway.DomainName, "api-domain");
            for (const type of ["A", "AAAA"]) {
                const alias = rec.one(aws.route53.Record, `api-alias-${type.toLowerCase()}`);
                assert.deepEqual(
                    { zoneId: alias.inputs.zoneId, name: alias.inputs.name, type: alias.inputs.type, aliases: alias.inputs.aliases },
                    { zoneId: ZONE, name: "api.acme.dev", type, aliases: [{ name: domain.outputs.cloudfrontDomainName, zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }] },
                );
                assert.ok(alias.dependencies.includes(domain.urn));
            }
        });
    });

    describe("REGIONAL", () => {
        let rec: Recording;
        before(async () => {
            rec = await recordWith({ domain: { domainName: "api.acme.dev", hostedZoneId: ZONE, basePath: "v1" } }, { config: { "aws:region": "eu-west-1" } });
        });

        it("creates the certificate in the API's region, through the component's own provider, and no us-east-1 provider", () => {
            const certificate = rec.one(aws.acm.Certificate, "api-certificate");
            assert.equal(certificate.provider, undefined);
            assert.match(String(certificate.outputs.arn), /^arn:aws:acm:eu-west-1:/);
            assert.equal(rec.resources.filter((r) => r.type === "pulumi:providers:aws").length, 0);
        });

        it("gives the domain the validated certificate as its regional certificate, and aliases to the regional name", () => {
            const domain = rec.one(aws.apigateway.DomainName, "api-domain");
            const validation = rec.one(aws.acm.CertificateValidation, "api-certificate-validation");
            assert.equal(domain.inputs.regionalCertificateArn, rec.one(aws.acm.Certificate, "api-certificate").outputs.arn);
            assert.deepEqual(domain.propertyDependencies.regionalCertificateArn, [validation.urn]);
            const a = rec.one(aws.route53.Record, "api-alias-a");
            assert.deepEqual(a.inputs.aliases, [{ name: domain.outputs.regionalDomainName, zoneId: domain.outputs.regionalZoneId, evaluateTargetHealth: false }]);
            assert.equal(rec.one(aws.apigateway.BasePathMapping, "api-base-path").inputs.basePath, "v1");
        });
    });

    it("with a certificate and a zone, uses the certificate and creates only the alias records", async () => {
        const cert = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
        const rec = await recordWith({ domain: { domainName: "api.acme.dev", certificateArn: cert, hostedZoneId: ZONE } });
        assert.equal(rec.all(aws.acm.Certificate).length, 0);
        assert.equal(rec.all(aws.acm.CertificateValidation).length, 0);
        assert.equal(rec.one(aws.apigateway.DomainName, "api-domain").inputs.regionalCertificateArn, cert);
        assert.deepEqual(rec.all(aws.route53.Record).map((r) => r.name).sort(), ["api-alias-a", "api-alias-aaaa"]);
    });

    it("without a zone, creates no certificate, record or provider (bring your own certificate), and says where to point the name", async () => {
        const cert = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
        const rec = await record(() => {
            const api = new AuthorizedApi("api", { ...base, domain: { domainName: "api.acme.dev", certificateArn: cert } });
            return { target: api.domainTarget };
        });
        for (const type of ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation", "aws:route53/record:Record", "pulumi:providers:aws"]) assert.equal(rec.all(type).length, 0, type);
        assert.equal((rec.result as { target: string }).target, rec.one(aws.apigateway.DomainName, "api-domain").outputs.regionalDomainName);
    });

    describe("validation", () => {
        const domain = { domainName: "api.acme.dev" };
        it("needs a certificate or a zone", () => {
            assert.equal(
                errorOf(() => new AuthorizedApi("api", { ...base, domain })),
                `${P} domain.certificateArn is required unless domain.hostedZoneId is set (the API then creates the certificate) (received: undefined)`,
            );
        });

        it("hostedZoneId must be a Route 53 zone id, without /hostedzone/", () => {
            for (const zone of ["/hostedzone/Z0123456789ABCDEFGHIJ", "z0123", "example.com"]) {
                assert.equal(
                    errorOf(() => validateApiDomain("api", { ...base, domain: { ...domain, hostedZoneId: zone } }, undefined)),
                    `${P} domain.hostedZoneId must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ, without the /hostedzone/ prefix (received: "${zone}")`,
                );
            }
            assert.doesNotThrow(() => validateApiDomain("api", { ...base, domain: { ...domain, hostedZoneId: ZONE } }, undefined));
        });

        it("a REGIONAL API's certificate must be in the API's region, when the stack's region is known", async () => {
            const eu = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
            assert.equal(
                errorOf(() => validateApiDomain("api", { ...base, domain: { ...domain, certificateArn: eu } }, "us-east-1")),
                `${P} domain.certificateArn must be in the API's region us-east-1 for a REGIONAL API, not eu-west-1 (received: "${eu}")`,
            );
            assert.doesNotThrow(() => validateApiDomain("api", { ...base, domain: { ...domain, certificateArn: eu } }, "eu-west-1"));
            // The region unknown (an explicit provider): nothing is guessed.
            assert.doesNotThrow(() => validateApiDomain("api", { ...base, domain: { ...domain, certificateArn: eu } }, undefined));
            // From the stack's aws:region, through the constructor.
            await assert.rejects(recordWith({ domain: { ...domain, certificateArn: eu } }, { config: { "aws:region": "us-west-2" } }), /domain.certificateArn must be in the API's region us-west-2 for a REGIONAL API, not eu-west-1/);
        });

        it("an EDGE API's certificate must be in us-east-1, and a PRIVATE API takes no custom domain", () => {
            const eu = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
            assert.match(errorOf(() => new AuthorizedApi("api", { ...base, endpointType: "EDGE", domain: { ...domain, certificateArn: eu } })), /domain.certificateArn must be in us-east-1 for an EDGE API \(CloudFront serves it\)/);
            assert.match(
                errorOf(() => new AuthorizedApi("api", { ...base, endpointType: "PRIVATE", vpcEndpointIds: ["vpce-0123456789abcdef0"], domain: { ...domain, hostedZoneId: ZONE } })),
                /domain is not supported here for a PRIVATE API \(received: "api.acme.dev"\)/,
            );
        });

        it("domainName must be a lowercase DNS name", () => {
            assert.match(errorOf(() => new AuthorizedApi("api", { ...base, domain: { domainName: "API.acme.dev", hostedZoneId: ZONE } })), /domain.domainName must be a lowercase DNS name such as api.acme.dev/);
        });
    });
});
