import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, CognitoAuth } from "../../components";
import { record } from "../../offline/recorder";
import { Graph } from "../../offline/graph";
import { evaluateRules } from "../../offline/rules";
import { posture } from "../../offline/plan/posture";
import { functionArn, userPoolArn } from "../support/api";

// The plan's posture shows each custom domain: its name, the certificate's region, the TLS policy,
// and whether its DNS is managed by the stack or left to the user (with what to point it at).

const ZONE = "Z0123456789ABCDEFGHIJ";
const EU_CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
const routes = { "GET /a": { lambda: { functionArn: functionArn() } } };
const clients = { web: { oauth: { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] } } };

describe("plan posture: custom domains", () => {
    it("states each domain's certificate region, TLS policy and DNS, ok when no domain rule finds fault", async () => {
        const rec = await record(
            () => {
                new CognitoAuth("auth", { clients, domain: { customDomain: "auth.acme.dev", hostedZoneId: ZONE } });
                new AuthorizedApi("edge", { userPoolArn, defaultAuthorization: "cognito", endpointType: "EDGE", routes, domain: { domainName: "edge.acme.dev", hostedZoneId: ZONE } });
                new AuthorizedApi("byo", { userPoolArn, defaultAuthorization: "cognito", routes, domain: { domainName: "api.acme.dev", certificateArn: EU_CERT } });
                return {};
            },
            { config: { "aws:region": "eu-west-1" } },
        );
        const graph = new Graph(rec);
        const lines = Object.fromEntries(posture(graph, evaluateRules(graph)).map((c) => [c.name, c.items.find((i) => i.check === "custom domain")]));
        const target = (name: string) => rec.one(aws.apigateway.DomainName, `${name}-domain`).outputs.regionalDomainName;
        assert.deepEqual(lines.auth, { check: "custom domain", ok: true, value: `auth.acme.dev (hosted UI, CloudFront): certificate us-east-1, created and DNS-validated here; TLS set by Cognito (not configurable); DNS managed (A/AAAA alias in ${ZONE})` });
        assert.deepEqual(lines.edge, { check: "custom domain", ok: true, value: `edge.acme.dev (EDGE): certificate us-east-1, created and DNS-validated here; TLS TLS_1_2; DNS managed (A/AAAA alias in ${ZONE})` });
        assert.deepEqual(lines.byo, { check: "custom domain", ok: true, value: `api.acme.dev (REGIONAL): certificate eu-west-1, given; TLS TLS_1_2; DNS by hand: alias api.acme.dev to ${target("byo")}` });
    });

    it("is not ok when a domain rule finds fault on the component's domain", async () => {
        // A transform that puts the domain on TLS 1.0: the posture says so and agrees with the finding.
        const rec = await record(() => (new AuthorizedApi("old", { userPoolArn, defaultAuthorization: "cognito", routes, domain: { domainName: "api.acme.dev", certificateArn: EU_CERT }, transform: { domainName: { securityPolicy: "TLS_1_0" } } }), {}), {
            config: { "aws:region": "eu-west-1" },
        });
        const graph = new Graph(rec);
        const line = posture(graph, evaluateRules(graph)).find((c) => c.name === "old")!.items.find((i) => i.check === "custom domain")!;
        assert.equal(line.ok, false);
        assert.match(line.value, /TLS TLS_1_0/);
    });

    it("a component without a custom domain has no domain line", async () => {
        const rec = await record(() => (new AuthorizedApi("plain", { userPoolArn, defaultAuthorization: "cognito", routes }), new CognitoAuth("auth", { clients, domain: { prefix: "acme-photos" } }), {}));
        const graph = new Graph(rec);
        for (const c of posture(graph, evaluateRules(graph))) assert.equal(c.items.find((i) => i.check === "custom domain"), undefined, c.name);
    });
});
