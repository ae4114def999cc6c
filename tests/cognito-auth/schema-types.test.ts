import { strict as assert } from "assert";
import {
    AccountRecoveryMethod,
    AmbiguousRoleResolution,
    AmplifyMfaStatus,
    CognitoAuth,
    CognitoAuthArgs,
    CustomAttributeType,
    EmailVerificationStyle,
    ExtraAuthFlow,
    FeatureTier,
    MfaMode,
    OAuthFlow,
    PolicyEffect,
    RoleMappingMatchType,
    RoleMappingType,
    StandardAttribute,
    ThreatProtectionMode,
    UserBackendInputError,
    validateCognitoAuthArgs,
} from "../../components";
import { record } from "../../offline";

// The argument types other languages see (issue 15): every closed set of values is a named enum, and
// the enum and the validator must agree value for value, or a schema would offer a value the
// component refuses (or hide one it accepts).

const CALLBACK = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };
const OBJECTS = "arn:aws:s3:::acme-photos/*";

/** The issues the validator finds in `args`, or none. */
function issuesOf(args: CognitoAuthArgs): readonly { field: string; rule: string; received?: unknown }[] {
    try {
        validateCognitoAuthArgs("auth", args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.issues;
    }
    return [];
}

/** Each enum, the field that takes it, and arguments that are valid for every one of its values. */
const FIELDS: { name: string; values: Record<string, string>; field: string; args: (value: string) => CognitoAuthArgs; rule?: string }[] = [
    { name: "MfaMode", values: MfaMode, field: "mfa", args: (v) => ({ mfa: v as MfaMode }) },
    { name: "AccountRecoveryMethod", values: AccountRecoveryMethod, field: "accountRecovery[0]", args: (v) => ({ accountRecovery: [v as AccountRecoveryMethod] }) },
    { name: "EmailVerificationStyle", values: EmailVerificationStyle, field: "verificationMessages.emailStyle", args: (v) => ({ verificationMessages: { emailStyle: v as EmailVerificationStyle } }) },
    { name: "StandardAttribute", values: StandardAttribute, field: "requiredAttributes[0]", args: (v) => ({ requiredAttributes: [v as StandardAttribute] }), rule: "must be a standard attribute (custom attributes cannot be required)" },
    { name: "CustomAttributeType", values: CustomAttributeType, field: "customAttributes.plan.type", args: (v) => ({ customAttributes: { plan: { type: v as CustomAttributeType } } }) },
    { name: "FeatureTier", values: FeatureTier, field: "featureTier", args: (v) => ({ featureTier: v as FeatureTier }) },
    { name: "ThreatProtectionMode", values: ThreatProtectionMode, field: "threatProtection", args: (v) => ({ threatProtection: v as ThreatProtectionMode }) },
    {
        name: "OAuthFlow",
        values: OAuthFlow,
        field: "clients.web.oauth.flows[0]",
        args: (v) =>
            v === OAuthFlow.ClientCredentials
                ? {
                      resourceServers: { api: { identifier: "https://api.acme.dev", scopes: { read: "Read" } } },
                      clients: { web: { confidential: true, oauth: { flows: [v], scopes: ["https://api.acme.dev/read"] } } },
                  }
                : { clients: { web: { oauth: { ...CALLBACK, flows: [v as OAuthFlow] } } } },
    },
    { name: "ExtraAuthFlow", values: ExtraAuthFlow, field: "clients.web.extraAuthFlows[0]", args: (v) => ({ clients: { web: { extraAuthFlows: [v as ExtraAuthFlow] } } }) },
    {
        name: "RoleMappingType",
        values: RoleMappingType,
        field: "roleMapping.type",
        args: (v) => ({
            groups: { editors: { precedence: 1, role: true } },
            roleMapping: { type: v as RoleMappingType, ...(v === RoleMappingType.Rules ? { rules: [{ claim: "custom:plan", matchType: "Equals", value: "pro", role: "editors" }] } : {}) },
        }),
    },
    {
        name: "RoleMappingMatchType",
        values: RoleMappingMatchType,
        field: "roleMapping.rules[0].matchType",
        args: (v) => ({ roleMapping: { type: "rules", rules: [{ claim: "custom:plan", matchType: v as RoleMappingMatchType, value: "pro", role: "authenticated" }] } }),
    },
    { name: "AmbiguousRoleResolution", values: AmbiguousRoleResolution, field: "roleMapping.ambiguous", args: (v) => ({ roleMapping: { ambiguous: v as AmbiguousRoleResolution } }) },
    {
        name: "PolicyEffect",
        values: PolicyEffect,
        field: "authenticatedRoleStatements[0].Effect",
        args: (v) => ({ authenticatedRoleStatements: [{ Effect: v as PolicyEffect, Action: ["s3:GetObject"], Resource: OBJECTS }] }),
    },
];

describe("CognitoAuth schema types", () => {
    describe("each enum lists exactly the values validation accepts", () => {
        for (const { name, values, field, args, rule } of FIELDS) {
            it(`${name} (${field})`, () => {
                for (const value of Object.values(values)) {
                    assert.deepEqual(issuesOf(args(value)), [], `${name} value ${JSON.stringify(value)} must be accepted`);
                }
                const refused = issuesOf(args("not-a-member")).filter((i) => i.field === field);
                assert.deepEqual(refused, [{ field, rule: rule ?? `must be one of ${Object.values(values).join(", ")}`, received: "not-a-member" }]);
            });
        }

        it("StandardAttribute holds Cognito's seventeen standard attributes, without sub and the *_verified flags", () => {
            assert.deepEqual(Object.values(StandardAttribute), [
                "address", "birthdate", "email", "family_name", "gender", "given_name", "locale", "middle_name", "name",
                "nickname", "phone_number", "picture", "preferred_username", "profile", "updated_at", "website", "zoneinfo",
            ]);
        });

        it("AmplifyMfaStatus is MfaMode in lower case, as amplifyConfig writes it", () => {
            assert.deepEqual(Object.values(AmplifyMfaStatus), Object.values(MfaMode).map((m) => m.toLowerCase()));
        });
    });

    it("still takes the literal strings TypeScript programs write, and the enum members other languages use", () => {
        // Compile-level: `tsc --noEmit` type-checks both spellings against the same argument types.
        const literals: CognitoAuthArgs = {
            mfa: "ON",
            accountRecovery: ["email", "phone"],
            verificationMessages: { emailStyle: "link" },
            requiredAttributes: ["given_name"],
            customAttributes: { plan: { type: "String" } },
            featureTier: "PLUS",
            threatProtection: "ENFORCED",
            clients: { web: { oauth: { ...CALLBACK, flows: ["code"] }, extraAuthFlows: ["userAuth"] } },
            groups: { editors: { precedence: 1, role: true, roleStatements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: [OBJECTS] }] } },
            roleMapping: { type: "rules", rules: [{ claim: "custom:plan", matchType: "StartsWith", value: "pro", role: "editors" }], ambiguous: "deny" },
        };
        const members: CognitoAuthArgs = {
            mfa: MfaMode.On,
            accountRecovery: [AccountRecoveryMethod.Email, AccountRecoveryMethod.Phone],
            verificationMessages: { emailStyle: EmailVerificationStyle.Link },
            requiredAttributes: [StandardAttribute.GivenName],
            customAttributes: { plan: { type: CustomAttributeType.String } },
            featureTier: FeatureTier.Plus,
            threatProtection: ThreatProtectionMode.Enforced,
            clients: { web: { oauth: { ...CALLBACK, flows: [OAuthFlow.Code] }, extraAuthFlows: [ExtraAuthFlow.UserAuth] } },
            groups: { editors: { precedence: 1, role: true, roleStatements: [{ Effect: PolicyEffect.Allow, Action: "s3:GetObject", Resource: [OBJECTS] }] } },
            roleMapping: {
                type: RoleMappingType.Rules,
                rules: [{ claim: "custom:plan", matchType: RoleMappingMatchType.StartsWith, value: "pro", role: "editors" }],
                ambiguous: AmbiguousRoleResolution.Deny,
            },
        };
        assert.deepEqual(members, literals);
        assert.deepEqual(issuesOf(literals), []);
    });

    it("amplifyConfigJson is amplifyConfig as JSON text, and absent with it", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", {
                clients: { web: { oauth: CALLBACK } },
                domain: { prefix: "acme-prod" },
                identityProviders: { google: { clientId: "google-client", clientSecret: "google-secret" }, oidc: { Workforce: { issuer: "https://login.acme.dev", clientId: "c", clientSecret: "s" } } },
                groups: { editors: { precedence: 1 } },
            });
            const machine = new CognitoAuth("machines", { clients: { server: { confidential: true } } });
            return { config: auth.amplifyConfig!, json: auth.amplifyConfigJson!, noMachineJson: machine.amplifyConfigJson === undefined };
        });
        const { config, json, noMachineJson } = rec.result;
        assert.equal(typeof json, "string");
        assert.deepEqual(JSON.parse(json), config);
        assert.deepEqual(config.Auth.Cognito.loginWith.oauth?.providers, ["Google", { custom: "Workforce" }]);
        assert.equal(noMachineJson, true, "no public client, no Amplify configuration");
    });

    it("principalTagKeys and userWritableClaims are plain lists, frozen so a grant's check cannot be shortened", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", { principalTags: { sub: "sub", tenant: "custom:tenant" }, customAttributes: { tenant: { type: "String" } } });
            return { keys: auth.principalTagKeys, claims: auth.userWritableClaims, frozen: Object.isFrozen(auth.principalTagKeys) && Object.isFrozen(auth.userWritableClaims) };
        });
        const { keys, claims, frozen } = rec.result;
        assert.deepEqual(keys, ["sub", "tenant"]);
        assert.ok(Array.isArray(claims) && claims.includes("email") && !claims.includes("sub"));
        assert.equal(frozen, true);
    });
});
