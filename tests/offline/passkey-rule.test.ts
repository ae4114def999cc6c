import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth } from "../../components";
import { record } from "../../offline/recorder";
import { evaluateRules } from "../../offline/rules";
import { assertFinding, assertNoFinding, findingsOf, T } from "../support/rules-fixtures";

// UB-COG-PASSKEY-RECOVERY: a pool whose only first factor is a passkey has no way in for a new user
// and no way back for one who lost the device. A breaking and a compliant fixture.

const pool = { deletionProtection: "ACTIVE", mfaConfiguration: "OPTIONAL", softwareTokenMfaConfiguration: { enabled: true }, userPoolTier: "ESSENTIALS" };
const oauth = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };

describe("UB-COG-PASSKEY-RECOVERY", () => {
    it("breaking: passkeys only, written directly or through a transform of CognitoAuth", async () => {
        const rec = await record(() => {
            new aws.cognito.UserPool("passkeys-only", { ...pool, signInPolicy: { allowedFirstAuthFactors: ["WEB_AUTHN"] }, webAuthnConfiguration: { relyingPartyId: "auth.acme.dev", userVerification: "required" } });
            // The component refuses passkeys alone; a transform can still produce them, and the rule judges what was produced.
            new CognitoAuth("auth", {
                signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] },
                clients: { web: { oauth } },
                domain: { prefix: "acme-photos", managedLoginVersion: 2 },
                transform: { userPool: (args) => ({ ...args, signInPolicy: { allowedFirstAuthFactors: ["WEB_AUTHN"] } }) },
            });
            return {};
        });
        const report = evaluateRules(rec);
        for (const name of ["passkeys-only", "auth-pool"]) {
            assertFinding(report, {
                rule: "UB-COG-PASSKEY-RECOVERY",
                severity: "high",
                type: T.userPool,
                resource: name,
                property: "signInPolicy.allowedFirstAuthFactors",
                message: `user pool ${name} signs in with passkeys only (WEB_AUTHN): no password or one-time code to register a passkey with or fall back to`,
            });
        }
        assert.equal(findingsOf(report, "UB-COG-PASSKEY-RECOVERY").length, 2);
    });

    it("compliant: passkeys beside a password (the component's way), or beside an email code; pools without a policy", async () => {
        const rec = await record(() => {
            new aws.cognito.UserPool("with-email-code", { ...pool, signInPolicy: { allowedFirstAuthFactors: ["WEB_AUTHN", "EMAIL_OTP"] } });
            new aws.cognito.UserPool("no-policy", pool);
            new CognitoAuth("auth", { signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] }, clients: { web: { oauth } }, domain: { prefix: "acme-photos", managedLoginVersion: 2 } });
            return {};
        });
        const report = evaluateRules(rec);
        assertNoFinding(report, "UB-COG-PASSKEY-RECOVERY");
    });
});
