import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import { parse } from "yaml";
import { slugOf } from "../../components/authorized-api";
import { AccessSimulator, Recording, RoleSessionPrincipal } from "../../offline";
import { documentOf, operationOf, routesOf } from "../support/api";
import { alice, bob, carol, TestUser } from "../support/identities";
import { pathsRead, runPassStates } from "../support/states";
import { Outputs, project, root, runStack, stackConfig } from "../support/reference";


describe("reference stack (stacks/)", () => {
    const stacks: Record<string, Recording<Outputs>> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "prod"]) stacks[stack] = await runStack(stack);
    });

    it("has a config file per environment, next to Pulumi.yaml, whose keys Pulumi.yaml declares", () => {
        const declared = Object.keys((parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { config: object }).config);
        for (const stack of ["dev", "staging", "prod"]) {
            for (const key of Object.keys(stackConfig(stack))) {
                if (key.startsWith("aws:")) continue;
                assert.ok(declared.includes(key.replace(`${project}:`, "")), `${stack}: ${key} is not declared in Pulumi.yaml`);
            }
        }
    });

    it("composes the three components into the photo backend in every environment", () => {
        for (const [stack, rec] of Object.entries(stacks)) {
            for (const component of ["CognitoAuth", "SecureUserBucket", "AuthorizedApi"]) {
                assert.equal(rec.all(`user-backend:index:${component}`).length, 1, `${stack}: ${component}`);
            }
            assert.equal(rec.all(aws.lambda.Function).length, 1);
            assert.equal(rec.all(aws.sfn.StateMachine).length, 1);
        }
    });

    it("outputs the API URL and the aws-amplify configuration with Cognito and the API", () => {
        const { apiUrl, amplifyConfig, userPoolId, identityPoolId } = stacks.prod.result;
        assert.match(apiUrl, /^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/api$/);
        assert.equal(amplifyConfig.Auth.Cognito.userPoolId, userPoolId);
        assert.equal(amplifyConfig.Auth.Cognito.identityPoolId, identityPoolId);
        assert.equal(amplifyConfig.Auth.Cognito.loginWith.oauth.domain, "acme-photos.auth.us-east-1.amazoncognito.com");
        assert.deepEqual(amplifyConfig.API.REST.photos, { endpoint: apiUrl, region: "us-east-1" });
    });

    describe("environments differ the way real ones do", () => {
        const stageSettings = (stack: string) => stacks[stack].one(aws.apigateway.MethodSettings, "api-settings").inputs.settings;
        const pool = (stack: string) => stacks[stack].one(aws.cognito.UserPool, "auth-pool");

        it("throttling limits grow from dev to prod", () => {
            const limits = ["dev", "staging", "prod"].map((s) => [stageSettings(s).throttlingRateLimit, stageSettings(s).throttlingBurstLimit]);
            assert.deepEqual(limits, [[20, 40], [100, 200], [500, 1000]]);
        });

        it("caching is off in dev and on in staging and prod, with the health route cached and no other", () => {
            const routeSettings = (stack: string, route: string) => stacks[stack].find(aws.apigateway.MethodSettings, `api-settings-${slugOf(route)}`);
            assert.equal(stacks.dev.one(aws.apigateway.Stage, "api-stage").inputs.cacheClusterEnabled, false);
            assert.deepEqual(stacks.dev.all(aws.apigateway.MethodSettings).map((m) => m.name), ["api-settings"]);
            assert.equal(stageSettings("dev").cachingEnabled, undefined);
            for (const [stack, size] of [["staging", "0.5"], ["prod", "1.6"]]) {
                const stage = stacks[stack].one(aws.apigateway.Stage, "api-stage").inputs;
                assert.equal(stage.cacheClusterEnabled, true);
                assert.equal(stage.cacheClusterSize, size);
                assert.equal(stageSettings(stack).cachingEnabled, false, `${stack}: */*`);
                const health = routeSettings(stack, "GET /health")!.inputs;
                assert.equal(health.methodPath, "~1health/GET");
                assert.equal(health.settings.cachingEnabled, true);
                // A public route: an anonymous Cache-Control: max-age=0 gets the cached answer, not a 403.
                assert.equal(health.settings.unauthorizedCacheControlHeaderStrategy, "SUCCEED_WITHOUT_RESPONSE_HEADER");
                // AWS caches every GET once the stage has a cache: the photo routes say "off" themselves.
                for (const route of ["GET /photos", "GET /photos/{name}"]) {
                    const settings = routeSettings(stack, route);
                    assert.ok(settings, `${stack}: ${route} has no method settings`);
                    assert.equal(settings.inputs.settings.cachingEnabled, false, `${stack}: ${route}`);
                    assert.equal(operationOf(stacks[stack], route)["x-amazon-apigateway-integration"].cacheKeyParameters, undefined, `${stack}: ${route}`);
                }
            }
        });

        it("log retention: a week in dev, a month in staging, a year in prod, execution logs included", () => {
            for (const [stack, days] of [["dev", 7], ["staging", 30], ["prod", 365]] as const) {
                const rec = stacks[stack];
                const executionLogs = rec.one(aws.cloudwatch.LogGroup, "api-execution-logs");
                assert.equal(executionLogs.inputs.name, `API-Gateway-Execution-Logs_${rec.one(aws.apigateway.RestApi, "api-api").id}/api`, stack);
                assert.ok(rec.one(aws.apigateway.Stage, "api-stage").dependencies.includes(executionLogs.urn), `${stack}: the group exists before the stage logs`);
                for (const logs of stacks[stack].all(aws.cloudwatch.LogGroup)) assert.equal(logs.inputs.retentionInDays, days, `${stack} ${logs.name}`);
            }
        });

        it("MFA is optional with TOTP everywhere: prod offers passkeys, which Cognito gives no user who must use MFA", () => {
            for (const stack of ["dev", "staging", "prod"]) {
                assert.equal(pool(stack).inputs.mfaConfiguration, "OPTIONAL", stack);
                assert.deepEqual(pool(stack).inputs.softwareTokenMfaConfiguration, { enabled: true }, stack);
            }
        });

        it("prod offers passkeys beside the password on managed login; dev and staging keep passwords on the classic hosted UI", () => {
            const prod = stacks.prod;
            assert.deepEqual(pool("prod").inputs.signInPolicy, { allowedFirstAuthFactors: ["PASSWORD", "WEB_AUTHN"] });
            assert.deepEqual(pool("prod").inputs.webAuthnConfiguration, { relyingPartyId: "acme-photos.auth.us-east-1.amazoncognito.com", userVerification: "required" });
            assert.equal(prod.one(aws.cognito.UserPoolDomain, "auth-domain").inputs.managedLoginVersion, 2);
            assert.equal(prod.one(aws.cognito.ManagedLoginBranding, "auth-branding-web").inputs.useCognitoProvidedValues, true);
            assert.ok(prod.one(aws.cognito.UserPoolClient, "auth-client-web").inputs.explicitAuthFlows.includes("ALLOW_USER_AUTH"));
            for (const stack of ["dev", "staging"]) {
                assert.equal(pool(stack).inputs.signInPolicy, undefined, stack);
                assert.equal(stacks[stack].all(aws.cognito.ManagedLoginBranding).length, 0, stack);
            }
        });

        it("prod protects and retains everything stateful; dev can be torn down", () => {
            const prod = stacks.prod;
            assert.equal(pool("prod").inputs.deletionProtection, "ACTIVE");
            assert.equal(pool("prod").protect, true);
            for (const r of [pool("prod"), prod.one(aws.cognito.IdentityPool, "auth-identity-pool"), prod.one(aws.s3.Bucket, "photos-bucket"), prod.one(aws.s3.Bucket, "photos-logs"), prod.one(aws.kms.Key, "photos-key")]) {
                assert.equal(r.retainOnDelete, true, r.name);
            }
            assert.equal(pool("dev").inputs.deletionProtection, "INACTIVE");
            assert.equal(pool("dev").protect, false);
            assert.equal(stacks.dev.one(aws.s3.Bucket, "photos-bucket").retainOnDelete, false);
        });

        it("force-destroy is on only in dev, and refused in any other stack", async () => {
            assert.equal(stacks.dev.one(aws.s3.Bucket, "photos-bucket").inputs.forceDestroy, true);
            for (const stack of ["staging", "prod"]) assert.equal(stacks[stack].one(aws.s3.Bucket, "photos-bucket").inputs.forceDestroy, false);
            await assert.rejects(runStack("prod", { ...stackConfig("prod"), [`${project}:forceDestroy`]: "true" }), /config forceDestroy may be true only in the dev stack.*\(stack: prod\)/);
        });

        it("a config value of the wrong kind fails with the key", async () => {
            await assert.rejects(runStack("dev", { ...stackConfig("dev"), [`${project}:mfa`]: "SOMETIMES" }), /config mfa must be OFF, OPTIONAL or ON \(received: "SOMETIMES"\)/);
            await assert.rejects(runStack("dev", { ...stackConfig("dev"), [`${project}:threatProtection`]: "ON" }), /config threatProtection must be empty, AUDIT or ENFORCED \(received: "ON"\)/);
            await assert.rejects(runStack("dev", { ...stackConfig("dev"), [`${project}:wafRateLimit`]: "5" }), /config wafRateLimit must be an integer from 100 to 2000000000 requests per address in five minutes .*\(received: 5\)/);
        });

        it("prod enforces threat protection (the PLUS tier); the other stacks leave it off", () => {
            assert.deepEqual(pool("prod").inputs.userPoolAddOns, { advancedSecurityMode: "ENFORCED" });
            assert.equal(pool("prod").inputs.userPoolTier, "PLUS");
            for (const stack of ["dev", "staging"]) assert.equal(pool(stack).inputs.userPoolTier, "ESSENTIALS", stack);
        });

        it("staging and prod put the API behind a WAF web ACL that still lets photo uploads through; dev has none", () => {
            assert.equal(stacks.dev.find(aws.wafv2.WebAcl, "api-waf"), undefined);
            for (const stack of ["staging", "prod"]) {
                const acl = stacks[stack].one(aws.wafv2.WebAcl, "api-waf");
                assert.equal(acl.inputs.scope, "REGIONAL");
                const rules = Object.fromEntries(acl.inputs.rules.map((r: any) => [r.name, r]));
                assert.deepEqual(Object.keys(rules), ["aws-common", "aws-known-bad-inputs", "rate-per-address"]);
                // The common rule group blocks bodies over 8 KB: only counted, or no photo could be uploaded.
                assert.deepEqual(rules["aws-common"].statement.managedRuleGroupStatement.ruleActionOverrides, [{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
                assert.deepEqual(rules["rate-per-address"].statement.rateBasedStatement, { limit: 2000, aggregateKeyType: "IP" });
                assert.deepEqual(rules["rate-per-address"].action, { block: {} });
                const association = stacks[stack].one(aws.wafv2.WebAclAssociation, "api-waf");
                assert.equal(association.inputs.webAclArn, acl.outputs.arn);
                assert.equal(association.inputs.resourceArn, stacks[stack].one(aws.apigateway.Stage, "api-stage").outputs.arn);
            }
        });
    });

    describe("user A cannot read user B's photos by any path (prod)", () => {
        let sim: AccessSimulator;
        let rec: Recording<Outputs>;
        before(() => {
            rec = stacks.prod;
            sim = AccessSimulator.load(rec);
        });
        const object = (owner: TestUser, name: string) => `arn:aws:s3:::${rec.result.bucketName}/private/${owner.sub}/${name}`;
        const session = (user: TestUser, role: string): RoleSessionPrincipal => ({
            role,
            identityId: user.identityId,
            principalTags: { sub: user.sub! },
            webIdentity: { identityPoolId: rec.result.identityPoolId, amr: "authenticated", provider: `cognito-idp.us-east-1.amazonaws.com/${rec.result.userPoolId}` },
        });
        const signedInRoles = () => [rec.one(aws.iam.Role, "auth-authenticated-role"), rec.one(aws.iam.Role, "auth-group-editors-role")].map((r) => String(r.outputs.name));

        it("directly, with identity pool credentials of any role she can receive", async () => {
            for (const role of signedInRoles()) {
                assert.equal(await sim.can(session(alice, role), "s3:GetObject", object(alice, "beach.jpg")), true, `own photo as ${role}`);
                for (const other of [bob, carol]) {
                    assert.equal(await sim.can(session(alice, role), "s3:GetObject", object(other, "beach.jpg")), false, `${other.sub} as ${role}`);
                    assert.equal(await sim.can(session(alice, role), "s3:ListBucket", `arn:aws:s3:::${rec.result.bucketName}`, { "s3:prefix": `private/${other.sub}/` }), false);
                }
            }
        });

        it("through the API: integration roles cannot read photos, and the upload route's owner comes from the token", async () => {
            const upload = operationOf(rec, "PUT /uploads/{key+}")["x-amazon-apigateway-integration"];
            assert.ok(String(upload.uri).endsWith(`:s3:path/${rec.result.bucketName}/private/{owner}/{key}`), upload.uri);
            assert.equal(upload.requestParameters!["integration.request.path.owner"], "context.authorizer.claims.sub");
            const uploadRole = String(rec.findByOutput(aws.iam.Role, "arn", upload.credentials)!.outputs.name);
            assert.equal(await sim.can({ role: uploadRole }, "s3:GetObject", object(bob, "beach.jpg")), false);
            assert.equal(await sim.can({ role: uploadRole }, "s3:ListBucket", `arn:aws:s3:::${rec.result.bucketName}`, { "s3:prefix": `private/${bob.sub}/` }), false);
            // No route lets the caller choose the owner segment: no parameter it declares is an owner.
            for (const { route, operation } of routesOf(rec)) {
                assert.ok(!(operation.parameters ?? []).some((p) => /owner/i.test(p.name)), route);
            }
            assert.deepEqual(rec.all(aws.apigateway.Method), [], "no method outside the document");
        });

        it("through the thumbnail workflow: an upload under private/<sub>/photos/ starts it through EventBridge, no request does", () => {
            const [notification] = rec.all(aws.s3.BucketNotification);
            assert.deepEqual({ bucket: notification.inputs.bucket, eventbridge: notification.inputs.eventbridge }, { bucket: rec.result.bucketName, eventbridge: true });
            const rule = rec.one(aws.cloudwatch.EventRule, "photos-thumbnails-rule");
            assert.deepEqual(JSON.parse(rule.inputs.eventPattern), {
                source: ["aws.s3"],
                "detail-type": ["Object Created"],
                detail: { bucket: { name: [rec.result.bucketName] }, object: { key: [{ wildcard: "private/*/photos/*" }] } },
            });
            const machine = rec.one(aws.sfn.StateMachine, "thumbnails");
            const target = rec.one(aws.cloudwatch.EventTarget, "photos-thumbnails-target");
            assert.equal(target.inputs.arn, machine.outputs.arn);
            assert.equal(target.inputs.roleArn, rec.one(aws.iam.Role, "photos-thumbnails-role").outputs.arn);
            // The API no longer starts it: no route names the machine.
            assert.deepEqual(routesOf(rec).filter(({ operation }) => JSON.stringify(operation).includes(String(machine.outputs.arn))), []);
        });

        it("through the thumbnail workflow: it takes the owner from the event's key and writes only under private/<owner>/thumbnails/ (simulated)", async () => {
            const machine = rec.one(aws.sfn.StateMachine, "thumbnails");
            const definition = JSON.parse(machine.inputs.definition);
            // Only the event's bucket and key are read: nothing a request could carry.
            assert.deepEqual([...new Set(pathsRead(definition))].sort(), ["$.bucket", "$.detail.bucket.name", "$.detail.object.key", "$.owner", "$.segments", "$.source"]);
            const workflow = { role: String(rec.one(aws.iam.Role, "thumbnails-role").outputs.name) };
            const key = (path: string) => `arn:aws:s3:::${rec.result.bucketName}/${path}`;
            for (const [owner, other] of [[alice, bob], [bob, alice]] as const) {
                // S3's Object Created event for the upload, as EventBridge delivers it ("EventBridge event message structure").
                const event = { source: "aws.s3", "detail-type": "Object Created", detail: { bucket: { name: rec.result.bucketName }, object: { key: `private/${owner.sub}/photos/2026/beach.jpg` } } };
                const located = runPassStates(definition, event);
                assert.equal(located.owner, owner.sub);
                assert.equal(located.destination, `private/${owner.sub}/thumbnails/`);
                assert.equal(await sim.can(workflow, "s3:GetObject", key(located.source)), true, "reads the photo");
                assert.equal(await sim.can(workflow, "s3:PutObject", key(`${located.destination}beach.jpg`)), true, "writes its thumbnail");
                // Nowhere else: not the photos, not the owner's other keys, not public/ or protected/.
                for (const denied of [`private/${owner.sub}/photos/x.jpg`, `private/${owner.sub}/x.jpg`, "public/x.jpg", `protected/${owner.sub}/thumbnails/x.jpg`]) {
                    assert.equal(await sim.can(workflow, "s3:PutObject", key(denied)), false, denied);
                }
                assert.equal(await sim.can(workflow, "s3:DeleteObject", key(`${located.destination}beach.jpg`)), false);
                // Another owner's thumbnails: IAM lets the role write every owner's thumbnails/ (it runs for every
                // user), so the bound is the definition's: the destination is built from this event's key only.
                assert.notEqual(located.destination, `private/${other.sub}/thumbnails/`);
            }
            // A thumbnail written by the workflow does not match the rule's pattern, so it never starts the workflow again.
            const pattern = /^private\/.*\/photos\/.*$/;
            assert.equal(pattern.test(`private/${alice.sub}/thumbnails/beach.jpg`), false);
        });

        it("through the thumbnail workflow: EventBridge's role may start this machine and do nothing else (simulated)", async () => {
            const role = rec.one(aws.iam.Role, "photos-thumbnails-role");
            const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
            assert.deepEqual(trust.Principal, { Service: "events.amazonaws.com" });
            assert.equal(trust.Condition.ArnEquals["aws:SourceArn"], rec.one(aws.cloudwatch.EventRule, "photos-thumbnails-rule").outputs.arn);
            const as = { role: String(role.outputs.name) };
            const machine = String(rec.one(aws.sfn.StateMachine, "thumbnails").outputs.arn);
            assert.equal(await sim.can(as, "states:StartExecution", machine), true);
            assert.equal(await sim.can(as, "states:StartExecution", machine.replace(/:stateMachine:.*/, ":stateMachine:other")), false);
            assert.equal(await sim.can(as, "s3:PutObject", object(alice, "thumbnails/x.jpg")), false);
            assert.equal(await sim.can(as, "s3:GetObject", object(alice, "photos/x.jpg")), false);
        });

        it("through the API's photo Lambda: its role reaches private/ only, and the handler takes the owner from the token claims", async () => {
            const role = String(rec.one(aws.iam.Role, "photos-fn-role").outputs.name);
            assert.equal(await sim.can({ role }, "s3:GetObject", `arn:aws:s3:::${rec.result.bucketName}/public/banner.jpg`), false);
            assert.equal(await sim.can({ role }, "s3:PutObject", object(bob, "beach.jpg")), false);
            const source = fs.readFileSync(path.join(root, "stacks/handlers/photos.ts"), "utf8");
            assert.match(source, /authorizer\?*\.claims\?*\.sub/);
            const fn = rec.one(aws.lambda.Function, "photos-fn");
            assert.equal(fn.inputs.environment.variables.BUCKET_NAME, rec.result.bucketName);
            assert.equal(fn.inputs.tracingConfig.mode, "Active");
        });

        it("unauthenticated API callers reach only the public health route", () => {
            const open = routesOf(rec).filter(({ route, operation }) => operation.security === undefined && !route.startsWith("OPTIONS "));
            assert.deepEqual(open.map((r) => r.route), ["GET /health"]);
            const scheme = documentOf(rec).components.securitySchemes["cognito-user-pool"];
            assert.deepEqual(scheme["x-amazon-apigateway-authorizer"], { type: "cognito_user_pools", providerARNs: [rec.one(aws.cognito.UserPool, "auth-pool").outputs.arn] });
            for (const { route, operation } of routesOf(rec).filter((r) => r.operation.security !== undefined)) {
                assert.deepEqual(operation.security, [{ "cognito-user-pool": [] }], route);
            }
            assert.deepEqual(rec.all(aws.apigateway.Method), [], "no method outside the document");
        });
    });
});
