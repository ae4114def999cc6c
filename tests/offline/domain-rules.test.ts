import { strict as assert } from "assert";
import { evaluateRules } from "../../offline/rules";
import { record } from "../../offline/recorder";
import { AuthorizedApi, CognitoAuth } from "../../components";
import { assertFinding, assertNoFinding, findingsOf } from "../support/rules-fixtures";
import { domainGaps, domainsClosed } from "../support/domain-fixtures";
import { functionArn, userPoolArn } from "../support/api";

// UB-DOMAIN-CERT-REGION: a custom domain's certificate in a region its endpoint cannot use (high: `up` fails).
// UB-APIG-DOMAIN-TLS: an API Gateway domain whose security policy accepts TLS 1.0 (medium).

const API_DOMAIN = "aws:apigateway/domainName:DomainName";
const POOL_DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain";

describe("UB-DOMAIN-CERT-REGION", () => {
    it("an EDGE domain, a REGIONAL domain and a Cognito domain with certificates of the wrong region", async () => {
        const report = evaluateRules(await domainGaps());
        const rule = "UB-DOMAIN-CERT-REGION";
        assertFinding(report, { rule, severity: "high", type: API_DOMAIN, resource: "edge-in-eu", property: "certificateArn", message: "domain edge-in-eu uses a certificate of eu-west-1, but an EDGE domain is served by CloudFront: it needs one of us-east-1" });
        assertFinding(report, { rule, severity: "high", type: API_DOMAIN, resource: "regional-in-us", property: "regionalCertificateArn", message: "domain regional-in-us uses a certificate of us-east-1, but a REGIONAL domain takes a certificate of its own region: it needs one of eu-west-1" });
        assertFinding(report, { rule, severity: "high", type: POOL_DOMAIN, resource: "auth-in-eu", property: "certificateArn", message: "domain auth-in-eu uses a certificate of eu-west-1, but Cognito serves a custom domain through CloudFront: it needs one of us-east-1" });
        assert.equal(findingsOf(report, rule).length, 3);
    });

    it("certificates of the region each endpoint needs (a domain's region read from its provider), and a prefix domain, get no finding", async () => {
        assertNoFinding(evaluateRules(await domainsClosed()), "UB-DOMAIN-CERT-REGION");
    });

    it("the components' own certificates, made with hostedZoneId, fit their endpoints in any region", async () => {
        const report = evaluateRules(
            await record(
                () => {
                    const auth = new CognitoAuth("auth", { clients: { web: { oauth: { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] } } }, domain: { customDomain: "auth.acme.dev", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
                    new AuthorizedApi("edge", { userPoolArn: auth.userPoolArn, defaultAuthorization: "cognito", endpointType: "EDGE", routes: { "GET /a": { lambda: { functionArn: functionArn() } } }, domain: { domainName: "edge.acme.dev", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
                    new AuthorizedApi("regional", { userPoolArn, defaultAuthorization: "cognito", routes: { "GET /a": { lambda: { functionArn: functionArn() } } }, domain: { domainName: "api.acme.dev", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
                    return {};
                },
                { config: { "aws:region": "eu-west-1" } },
            ),
        );
        assertNoFinding(report, "UB-DOMAIN-CERT-REGION");
        assertNoFinding(report, "UB-APIG-DOMAIN-TLS");
    });

    it("a certificate ARN still unknown (a preview) is not judged", async () => {
        const report = evaluateRules(
            await record(() => (new AuthorizedApi("api", { userPoolArn, defaultAuthorization: "cognito", endpointType: "EDGE", routes: { "GET /a": { lambda: { functionArn: functionArn() } } }, domain: { domainName: "edge.acme.dev", hostedZoneId: "Z0123456789ABCDEFGHIJ" } }), {}), { preview: true, config: { "aws:region": "eu-west-1" } }),
        );
        assertNoFinding(report, "UB-DOMAIN-CERT-REGION");
    });
});

describe("UB-APIG-DOMAIN-TLS", () => {
    it("a domain with TLS_1_0, and one with no security policy", async () => {
        const report = evaluateRules(await domainGaps());
        const rule = "UB-APIG-DOMAIN-TLS";
        assertFinding(report, { rule, severity: "medium", type: API_DOMAIN, resource: "regional-in-us", property: "securityPolicy", message: "domain api.acme.dev has security policy TLS_1_0, which accepts TLS 1.0" });
        assertFinding(report, { rule, severity: "medium", type: API_DOMAIN, resource: "regional-no-policy", property: "securityPolicy", message: "domain old.acme.dev sets no security policy: API Gateway's default is not pinned to TLS 1.2" });
        assert.equal(findingsOf(report, rule).length, 2);
    });

    it("TLS_1_2 and an enhanced TLS 1.3 policy get no finding", async () => {
        assertNoFinding(evaluateRules(await domainsClosed()), "UB-APIG-DOMAIN-TLS");
    });
});
