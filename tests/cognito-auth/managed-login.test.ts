import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs, UserBackendInputError, validateCognitoAuthArgs } from "../../components";
import { record } from "../../offline";

// Managed login (version 2) on the hosted UI domain, and each client's branding style: as data, or
// from a settings document and image files read when the program runs.

const oauth = { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] };
const v2: CognitoAuthArgs = { clients: { web: { oauth } }, domain: { prefix: "acme-photos", managedLoginVersion: 2 } };

function rejects(args: CognitoAuthArgs, expected: string): void {
    try {
        new CognitoAuth("auth", args);
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        assert.equal(e.message, expected);
        return;
    }
    assert.fail("expected the arguments to be rejected");
}
const recordAuth = (args: CognitoAuthArgs) => record(() => (new CognitoAuth("auth", args), {}));

describe("CognitoAuth managed login", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "branding-"));
    const settingsFile = path.join(dir, "web.json");
    const logoFile = path.join(dir, "logo.png");
    before(() => {
        fs.writeFileSync(settingsFile, JSON.stringify({ categories: { global: { colorSchemeMode: "DARK" } } }));
        fs.writeFileSync(logoFile, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("by default the domain is the classic hosted UI: no version sent, no branding", async () => {
        const rec = await recordAuth({ clients: { web: { oauth } }, domain: { prefix: "acme-photos" } });
        assert.equal(rec.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.managedLoginVersion, undefined);
        assert.equal(rec.all(aws.cognito.ManagedLoginBranding).length, 0);
    });

    it("version 1 is sent when asked, still with no branding", async () => {
        const rec = await recordAuth({ clients: { web: { oauth } }, domain: { prefix: "acme-photos", managedLoginVersion: 1 } });
        assert.equal(rec.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.managedLoginVersion, 1);
        assert.equal(rec.all(aws.cognito.ManagedLoginBranding).length, 0);
    });

    it("version 2 gives every OAuth client Cognito's style, after the domain; API-only clients get none", async () => {
        const rec = await recordAuth({ ...v2, clients: { web: { oauth }, api: {} } });
        const domain = rec.one(aws.cognito.UserPoolDomain, "auth-domain");
        assert.equal(domain.inputs.managedLoginVersion, 2);
        const branding = rec.one(aws.cognito.ManagedLoginBranding, "auth-branding-web");
        assert.equal(branding.inputs.useCognitoProvidedValues, true);
        assert.equal(branding.inputs.settings, undefined);
        assert.equal(branding.inputs.userPoolId, rec.one(aws.cognito.UserPool, "auth-pool").id);
        assert.equal(branding.inputs.clientId, rec.one(aws.cognito.UserPoolClient, "auth-client-web").id);
        assert.ok(rec.dependsOn(branding, domain), "the style is created once the domain exists");
        assert.equal(rec.all(aws.cognito.ManagedLoginBranding).length, 1);
    });

    it("branding as data: the settings document as JSON, images as base64", async () => {
        const settings = { components: { primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } } } };
        const rec = await recordAuth({ ...v2, clients: { web: { oauth, branding: { settings, assets: [{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: "iVBORw==" }] } } } });
        const branding = rec.one(aws.cognito.ManagedLoginBranding, "auth-branding-web").inputs;
        assert.equal(branding.useCognitoProvidedValues, false);
        assert.deepEqual(JSON.parse(branding.settings), settings);
        assert.deepEqual(branding.assets, [{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", bytes: "iVBORw==" }]);
    });

    it("branding from files, read when the program runs", async () => {
        const rec = await recordAuth({ ...v2, clients: { web: { oauth, branding: { settingsFile, assets: [{ category: "PAGE_HEADER_LOGO", colorMode: "DYNAMIC", extension: "PNG", file: logoFile }] } } } });
        const branding = rec.one(aws.cognito.ManagedLoginBranding, "auth-branding-web").inputs;
        assert.deepEqual(JSON.parse(branding.settings), { categories: { global: { colorSchemeMode: "DARK" } } });
        assert.equal(branding.assets[0].bytes, Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString("base64"));
    });

    describe("validation", () => {
        it("the version is 1 or 2", () => {
            rejects({ ...v2, domain: { prefix: "acme-photos", managedLoginVersion: 3 as never } }, 'CognitoAuth "auth": domain.managedLoginVersion must be 1 (the classic hosted UI) or 2 (managed login) (received: 3)');
        });

        it("branding needs a version 2 domain", () => {
            rejects({ clients: { web: { oauth, branding: {} } }, domain: { prefix: "acme-photos" } }, 'CognitoAuth "auth": clients.web.branding needs domain.managedLoginVersion: 2: branding styles the managed login pages, which the classic hosted UI does not use (received: undefined)');
        });

        it("branding needs an OAuth client", () => {
            rejects({ ...v2, clients: { web: { oauth }, api: { branding: {} } } }, 'CognitoAuth "auth": clients.api.branding needs clients.api.oauth: managed login signs users in through OAuth (received: undefined)');
        });

        it("Cognito's style excludes settings and assets", () => {
            rejects(
                { ...v2, clients: { web: { oauth, branding: { useCognitoProvidedValues: true, settings: {} } } } },
                'CognitoAuth "auth": clients.web.branding.useCognitoProvidedValues excludes settings, settingsFile and assets: Cognito applies its own style and ignores them (received: ["settings"])',
            );
        });

        it("settings or settingsFile, not both; one of them without Cognito's style", () => {
            rejects({ ...v2, clients: { web: { oauth, branding: { settings: {}, settingsFile } } } }, 'CognitoAuth "auth": clients.web.branding must set only one of settings and settingsFile (received: ["settings","settingsFile"])');
            rejects({ ...v2, clients: { web: { oauth, branding: { useCognitoProvidedValues: false } } } }, 'CognitoAuth "auth": clients.web.branding needs settings or settingsFile when useCognitoProvidedValues is false (received: {"useCognitoProvidedValues":false})');
            rejects({ ...v2, clients: { web: { oauth, branding: { settings: [] as never } } } }, 'CognitoAuth "auth": clients.web.branding.settings must be a JSON object (the branding designer\'s settings document) (received: [])');
        });

        it("a missing or malformed settings file fails before anything is created", () => {
            const missing = path.join(dir, "missing.json");
            rejects(
                { ...v2, clients: { web: { oauth, branding: { settingsFile: missing } } } },
                `CognitoAuth "auth": clients.web.branding.settingsFile must name a readable JSON file (${missing}: ENOENT); paths are relative to the working directory (received: ${JSON.stringify(missing)})`,
            );
            const bad = path.join(dir, "bad.json");
            fs.writeFileSync(bad, "[1]");
            rejects({ ...v2, clients: { web: { oauth, branding: { settingsFile: bad } } } }, `CognitoAuth "auth": clients.web.branding.settingsFile must hold a JSON object, the branding designer's settings document (${bad}) (received: ${JSON.stringify(bad)})`);
        });

        it("assets: known category, mode and type, and exactly one of file and bytes; the file must exist", () => {
            rejects(
                { ...v2, clients: { web: { oauth, branding: { settings: {}, assets: [{ category: "LOGO" as never, colorMode: "LIGHT", extension: "PNG", bytes: "x" }] } } } },
                `CognitoAuth "auth": clients.web.branding.assets[0].category must be one of FAVICON_ICO, FAVICON_SVG, EMAIL_GRAPHIC, SMS_GRAPHIC, AUTH_APP_GRAPHIC, PASSWORD_GRAPHIC, PASSKEY_GRAPHIC, PAGE_HEADER_LOGO, PAGE_HEADER_BACKGROUND, PAGE_FOOTER_LOGO, PAGE_FOOTER_BACKGROUND, PAGE_BACKGROUND, FORM_BACKGROUND, FORM_LOGO, IDP_BUTTON_ICON (received: "LOGO")`,
            );
            rejects(
                { ...v2, clients: { web: { oauth, branding: { settings: {}, assets: [{ category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG" }] } } } },
                'CognitoAuth "auth": clients.web.branding.assets[0] must set exactly one of file and bytes (received: {"category":"FORM_LOGO","colorMode":"LIGHT","extension":"PNG"})',
            );
            const missing = path.join(dir, "none.png");
            rejects(
                { ...v2, clients: { web: { oauth, branding: { settings: {}, assets: [{ category: "FORM_LOGO", colorMode: "DARK", extension: "PNG", file: missing }] } } } },
                `CognitoAuth "auth": clients.web.branding.assets[0].file must name a readable image file (${missing}: ENOENT); paths are relative to the working directory (received: ${JSON.stringify(missing)})`,
            );
        });

        it("accepts Cognito's style on a version 2 domain, and passkeys with managed login", () => {
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", { ...v2, clients: { web: { oauth, branding: { useCognitoProvidedValues: true } } } }));
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", { ...v2, signInPolicy: { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] } }));
        });
    });
});
