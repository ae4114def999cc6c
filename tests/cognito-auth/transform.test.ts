import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs } from "../../components";
import { evaluateRules, record, Recording } from "../../offline";

// Typed escape hatches (issue 14): `transform` changes a child's arguments right before the child is
// created. The logical name stays outside the transform, so URNs never move, and the offline rules
// judge whatever the transform produced: a platform team can adjust a child, and a transform that
// weakens a secure default is still reported.

const oauth = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };
const base: CognitoAuthArgs = {
    clients: { web: { oauth }, admin: {} },
    domain: { prefix: "acme-photos-test" },
    allowGuests: true,
    groups: { editors: { precedence: 1, role: true } },
};
const boundary = "arn:aws:iam::123456789012:policy/platform-boundary";

const urns = (rec: Recording) => rec.resources.map((r) => r.urn).sort();
const findings = (rec: Recording, ruleId: string) =>
    evaluateRules(rec)
        .findings.filter((f) => f.ruleId === ruleId)
        .map((f) => `${f.resource.name} ${f.property}`)
        .sort();

describe("CognitoAuth transforms", () => {
    let plain: Recording;
    let transformed: Recording;
    const clientNames: string[] = [];

    before(async () => {
        plain = await record(() => void new CognitoAuth("auth", base));
        transformed = await record(
            () =>
                void new CognitoAuth("auth", {
                    ...base,
                    transform: {
                        userPool: { tags: { costCenter: "auth" } },
                        // Every client, with its logical name: here only the admin client is changed.
                        client: (args, name) => {
                            clientNames.push(name);
                            return name === "auth-client-admin" ? { ...args, preventUserExistenceErrors: "LEGACY" } : undefined;
                        },
                        identityPool: { allowClassicFlow: true },
                        domain: (args) => ({ ...args, managedLoginVersion: 2 }),
                        authenticatedRole: { permissionsBoundary: boundary },
                        guestRole: { permissionsBoundary: boundary },
                        groupRole: { permissionsBoundary: boundary },
                    },
                }),
        );
    });

    it("changes the recorded inputs of the children they name", () => {
        assert.deepEqual(transformed.one(aws.cognito.UserPool, "auth-pool").inputs.tags, { costCenter: "auth" });
        assert.equal(plain.one(aws.cognito.UserPool, "auth-pool").inputs.tags, undefined);
        assert.equal(transformed.one(aws.cognito.IdentityPool, "auth-identity-pool").inputs.allowClassicFlow, true);
        assert.equal(transformed.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.managedLoginVersion, 2);
        for (const role of ["auth-authenticated-role", "auth-guest-role", "auth-group-editors-role"]) {
            assert.equal(transformed.one(aws.iam.Role, role).inputs.permissionsBoundary, boundary, role);
            assert.equal(plain.one(aws.iam.Role, role).inputs.permissionsBoundary, undefined, role);
        }
    });

    it("apply the client transform to every client, with the client's logical name as the second argument", () => {
        assert.deepEqual([...clientNames].sort(), ["auth-client-admin", "auth-client-web"]);
        assert.equal(transformed.one(aws.cognito.UserPoolClient, "auth-client-admin").inputs.preventUserExistenceErrors, "LEGACY");
        assert.equal(transformed.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.preventUserExistenceErrors, "ENABLED");
    });

    it("keep every URN, and leave the inputs of children without a transform exactly as they were", () => {
        assert.deepEqual(urns(transformed), urns(plain));
        for (const [type, name] of [
            [aws.cognito.IdentityPoolRoleAttachment, "auth-roles"],
            [aws.cognito.UserGroup, "auth-group-editors"],
        ] as const) {
            assert.deepEqual(transformed.one(type, name).inputs, plain.one(type, name).inputs, name);
        }
    });

    it("are judged by the rules: a transform that turns the classic flow on, or existence errors back on, is reported", () => {
        assert.deepEqual(findings(plain, "UB-COG-CLASSIC-FLOW"), []);
        assert.deepEqual(findings(transformed, "UB-COG-CLASSIC-FLOW"), ["auth-identity-pool allowClassicFlow"]);
        assert.deepEqual(findings(plain, "UB-COG-CLIENT"), []);
        assert.deepEqual(findings(transformed, "UB-COG-CLIENT"), ["auth-client-admin preventUserExistenceErrors"]);
    });
});
