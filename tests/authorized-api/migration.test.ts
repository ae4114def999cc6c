import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as components from "../../components";
import { record, Recording } from "../../offline";
import { loadStack } from "../../offline/project";
import { formatSteps, planUpdate, readSnapshot, Snapshot, Step } from "../../offline/steps";
import { ROUTE_A, ROUTE_B, RouteSet, smallProgram } from "../fixtures/migration/programs";

// The upgrade from the AuthorizedApi of commit f3264bf (one Resource/Method/Integration/... per route)
// to the one that imports a single OpenAPI document as the RestApi's body. The old state is a JSON
// snapshot of the old program (tests/fixtures/migration/README.md); the new program is recorded here.
// planUpdate orders the steps as the Pulumi engine does (offline/steps.ts): only the order along
// dependencies, and creates/updates before deletes, is what the engine guarantees.

const root = path.resolve(__dirname, "../..");
const fixture = (file: string): Snapshot => readSnapshot(fs.readFileSync(path.join(root, "tests/fixtures/migration", file), "utf8"));

/** The reference stack as `pulumi up` runs it, with the stack's config from Pulumi.yaml and Pulumi.<stack>.yaml. */
function recordReference(stack: string): Promise<Recording> {
    const loaded = loadStack(root, stack);
    const programDir = fs.realpathSync(path.dirname(loaded.program));
    return record(
        () => {
            for (const file of Object.keys(require.cache)) if (file.startsWith(programDir + path.sep)) delete require.cache[file];
            return require(loaded.program);
        },
        { project: loaded.project, stack, config: loaded.config, secretConfigKeys: loaded.secretKeys, environment: { region: loaded.config["aws:region"] } },
    );
}

const recordSmall = (routes: RouteSet): Promise<Recording> => record(() => smallProgram(components, routes), { project: "migration", stack: "test" });

const index = (steps: Step[], op: string, name: string): number => {
    const i = steps.findIndex((s) => `${s.op}${s.original ? " original" : ""}` === op && s.name === name);
    assert.ok(i >= 0, `no step "${op} ${name}" in:\n${formatSteps(steps)}`);
    return i;
};

/** The resource kinds the old component made per route (or per API) and the new one leaves to the document. */
const PER_ROUTE_TYPES = [
    aws.apigateway.Resource,
    aws.apigateway.Method,
    aws.apigateway.Integration,
    aws.apigateway.MethodResponse,
    aws.apigateway.IntegrationResponse,
    aws.apigateway.Authorizer,
    aws.apigateway.Model,
    aws.apigateway.RequestValidator,
    aws.apigateway.Response,
].map((t) => (t as unknown as { __pulumiType: string }).__pulumiType);

/** State that must survive the upgrade: the API and its stage (their URLs), logs, users, files, keys. */
const STATEFUL_TYPES = [
    "aws:apigateway/restApi:RestApi",
    "aws:apigateway/stage:Stage",
    "aws:cognito/userPool:UserPool",
    "aws:cognito/identityPool:IdentityPool",
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
];

/**
 * What `pulumi up` does to the reference stack, legacy state → new program, apart from the deletes of
 * the per-route resources (listed by kind below). Read top to bottom: the order the engine runs them.
 * The rest of this release comes along: the thumbnails workflow takes its owner from the event's key and
 * logs its errors, the dev stack gets a hosted UI domain, and prod encrypts its logs and WAF-logs and
 * offers passkeys through managed login v2 (the pool, domain and client updated in place, the branding
 * created; MFA becomes optional, since Cognito refuses passwordless first factors with MFA required).
 * Uploads start the thumbnails workflow through EventBridge (the bucket's notification, the rule, its
 * role and target created), so POST /thumbnails goes, and with it its integration role (api-role-9ab4b277).
 */
const REFERENCE_STEPS: Record<string, string> = {
    dev: `
+ create LogGroup thumbnails-logs
~ update Role thumbnails-role [description]
+ create BucketNotification photos-eventbridge
+ create UserPoolDomain auth-domain
+ create EventRule photos-thumbnails-rule
+ create RolePolicy thumbnails-policy
~ update StateMachine thumbnails [definition, loggingConfiguration]
+ create Role photos-thumbnails-role
+ create RolePolicy photos-thumbnails-role-policy
~ update RestApi api-api [body, putRestApiMode]
+ create EventTarget photos-thumbnails-target
+- replace Deployment api-deployment [triggers]
+ create LogGroup api-execution-logs
~ update Stage api-stage [deployment]
- delete original Deployment api-deployment
- delete RolePolicy api-role-9ab4b277-policy
- delete Role api-role-9ab4b277`,
    prod: `
~ update Role thumbnails-role [description]
+ create BucketNotification photos-eventbridge
+ create Key logs-key
~ update UserPool auth-pool [mfaConfiguration, signInPolicy, webAuthnConfiguration]
+ create EventRule photos-thumbnails-rule
~ update UserPoolDomain auth-domain [managedLoginVersion]
~ update LogGroup photos-fn-logs [kmsKeyId]
~ update LogGroup api-access-logs [kmsKeyId]
+ create LogGroup thumbnails-logs
+ create LogGroup api-waf-logs
~ update Key photos-key [policy]
~ update UserPoolClient auth-client-web [explicitAuthFlows]
+ create Role photos-thumbnails-role
+ create RolePolicy thumbnails-policy
+ create ManagedLoginBranding auth-branding-web
+ create LogResourcePolicy api-waf-logs-policy
~ update RolePolicy photos-fn-policy [policy]
+ create WebAclLoggingConfiguration api-waf-logging
~ update StateMachine thumbnails [definition, loggingConfiguration]
~ update RolePolicy api-role-329586aa-policy [policy]
+ create RolePolicy photos-thumbnails-role-policy
~ update RestApi api-api [body, putRestApiMode]
+ create EventTarget photos-thumbnails-target
+- replace Deployment api-deployment [triggers]
+ create LogGroup api-execution-logs
~ update Stage api-stage [deployment]
~ update MethodSettings api-settings [settings]
+ create MethodSettings api-settings-get-photos-61abab
+ create MethodSettings api-settings-get-photos-name-0811cf
~ update MethodSettings api-settings-get-health-74fac6 [settings]
- delete original Deployment api-deployment
- delete RolePolicy api-role-9ab4b277-policy
- delete Role api-role-9ab4b277`,
};

describe("AuthorizedApi migration: per-route resources → one OpenAPI body (pulumi up, planned offline)", () => {
    for (const stack of ["dev", "prod"]) {
        describe(`reference stack ${stack}`, () => {
            let steps: Step[];
            let after: Recording;
            before(async () => {
                after = await recordReference(stack);
                steps = planUpdate(fixture(`reference-${stack}.legacy.json`), after);
                if (process.env.SHOW_STEPS) console.log(formatSteps(steps));
            });

            it("takes the expected steps, then deletes only per-route resources the new program no longer has", () => {
                const perRoute = steps.filter((s) => s.op === "delete" && PER_ROUTE_TYPES.includes(s.type));
                const rest = steps.filter((s) => !perRoute.includes(s));
                assert.equal(formatSteps(rest), REFERENCE_STEPS[stack].trim());
                assert.ok(perRoute.length > 0);
                for (const s of perRoute) assert.equal(s.reason, "no longer in the program", s.name);
                for (const type of PER_ROUTE_TYPES) assert.equal(after.all(type).length, 0, `the new program still has a ${type}`);
            });

            it("never replaces or deletes the RestApi, the stage, the access log group or anything that holds users, files or keys", () => {
                const destructive = steps.filter((s) => (s.op === "replace" || s.op === "delete") && (STATEFUL_TYPES.includes(s.type) || s.name === "api-access-logs"));
                assert.deepEqual(destructive, []);
                for (const name of ["api-api", "api-stage", "api-access-logs", "auth-pool", "auth-identity-pool", "photos-bucket"]) {
                    assert.ok(steps.some((s) => s.name === name && (s.op === "same" || s.op === "update")), `${name} is kept`);
                }
            });

            it("updates the RestApi's body, then creates the new deployment, then points the stage at it", () => {
                const restApi = index(steps, "update", "api-api");
                assert.ok(steps[restApi].changed.includes("body"));
                const deployment = index(steps, "replace", "api-deployment");
                assert.deepEqual(steps[deployment].changed, ["triggers"]);
                const stage = index(steps, "update", "api-stage");
                assert.ok(restApi < deployment && deployment < stage, formatSteps(steps));
                // The order holds because the new deployment waits for the RestApi (not only for its id).
                assert.ok(after.one(aws.apigateway.Deployment, "api-deployment").dependencies.includes(after.one(aws.apigateway.RestApi, "api-api").urn));
            });

            // Harmless: the overwrite import already removed them from the API, and the provider's deletes treat
            // NotFound as done (terraform-provider-aws apigateway method.go, integration.go, resource.go,
            // method_response.go, integration_response.go, model.go, request_validator.go, gateway_response.go,
            // authorizer.go). Which provider version pulumi-aws bundles is not checked offline.
            it("deletes the old Methods, Integrations, Resources, ... only after the new deployment exists (the overwrite already removed them from the API)", () => {
                const created = index(steps, "replace", "api-deployment");
                const deletes = steps.map((s, i) => ({ s, i })).filter(({ s }) => s.op === "delete" && PER_ROUTE_TYPES.includes(s.type));
                for (const { s, i } of deletes) assert.ok(i > created, `${s.name} is deleted before the new deployment is created`);
                // The old deployment goes before the resources it depended on, and after the stage has moved.
                assert.ok(index(steps, "update", "api-stage") < index(steps, "delete original", "api-deployment"));
            });
        });
    }

    describe("removing a route", () => {
        let legacy: Step[];
        let current: Step[];
        let withB: Recording;
        let withoutB: Recording;
        before(async () => {
            legacy = planUpdate(fixture("api-ab.legacy.json"), fixture("api-a.legacy.json"));
            withB = await recordSmall("A+B");
            withoutB = await recordSmall("A");
            current = planUpdate(withB, withoutB);
        });

        it("legacy shape: the new deployment is created before route B's Method and Integration are deleted, so it still serves route B (pulumi-aws #3289, #3683)", () => {
            const created = index(legacy, "replace", "api-deployment");
            const routeB = legacy.filter((s) => s.op === "delete" && /put-uploads/.test(s.name) && ["aws:apigateway/method:Method", "aws:apigateway/integration:Integration"].includes(s.type));
            assert.equal(routeB.length, 2, formatSteps(legacy));
            for (const s of routeB) assert.ok(legacy.indexOf(s) > created, `${s.name} is deleted after the deployment snapshotted it`);
        });

        it("new shape: the RestApi update drops route B's path from the body, and the new deployment is created after that update", () => {
            const body = (rec: Recording) => JSON.parse(rec.one(aws.apigateway.RestApi, "api-api").inputs.body as string);
            const pathOf = (key: string) => key.split(" ")[1];
            assert.ok(body(withB).paths[pathOf(ROUTE_B)], "route B is in the deployed document");
            assert.equal(body(withoutB).paths[pathOf(ROUTE_B)], undefined);
            assert.ok(body(withoutB).paths[pathOf(ROUTE_A)].get, "route A stays");
            const update = index(current, "update", "api-api");
            assert.deepEqual(current[update].changed, ["body"]);
            assert.ok(update < index(current, "replace", "api-deployment"));
            // Nothing route B had is left to delete from the API itself: only its integration role goes.
            assert.deepEqual(
                current.filter((s) => s.op === "delete" && !s.original).map((s) => s.type),
                ["aws:iam/rolePolicy:RolePolicy", "aws:iam/role:Role"],
            );
        });

        it("lists the steps as the README shows them", () => {
            assert.equal(
                formatSteps(legacy).split("\n").slice(0, 3).join("\n"),
                ["+- replace Deployment api-deployment [triggers]", "~ update Stage api-stage [deployment]", "- delete original Deployment api-deployment"].join("\n"),
            );
            assert.equal(
                formatSteps(current),
                [
                    "~ update RestApi api-api [body]",
                    "+- replace Deployment api-deployment [triggers]",
                    "~ update Stage api-stage [deployment]",
                    "- delete original Deployment api-deployment",
                    "- delete RolePolicy api-role-329586aa-policy",
                    "- delete Role api-role-329586aa",
                ].join("\n"),
            );
        });
    });
});
