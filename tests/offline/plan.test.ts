import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { AccessRow, PlanReport, renderMarkdown, renderText, runPlan } from "../../offline/plan";
import { AccessSimulator, record, SimulatorUnavailableError } from "../../offline";
import { loadStack } from "../../offline/project";
import { rules } from "../../offline/rules";
import { cli, root, scratchProject, tempDir } from "../support/scratch";

const broken = path.join(__dirname, "../fixtures/broken-stack");


const access = (row: AccessRow) => ({ get: row.get, list: row.list, put: row.put, delete: row.delete });
const none = { get: false, list: false, put: false, delete: false };
const all = { get: true, list: true, put: true, delete: true };
const readOnly = { get: true, list: true, put: false, delete: false };

function row(report: PlanReport, principal: string, level: string): AccessRow {
    const found = report.access.rows.find((r) => r.principal === principal && r.level === level);
    assert.ok(found, `no access row for ${principal} on ${level} (rows: ${report.access.rows.map((r) => `${r.principal}/${r.level}`).join(", ")})`);
    return found;
}

describe("offline plan", () => {
    it("the README documents every rule with its severity and the ids it mirrors", () => {
        const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
        for (const rule of rules) {
            const line = readme.split("\n").find((l) => l.startsWith(`| \`${rule.id}\` |`));
            assert.ok(line, `README has no row for ${rule.id}`);
            assert.equal(line.split("|")[2].trim(), rule.severity, rule.id);
        }
    });

    describe("of the reference stack", () => {
        let dev: PlanReport;
        let prod: PlanReport;
        before(async () => {
            dev = await runPlan({ cwd: root, stack: "dev" });
            prod = await runPlan({ cwd: root, stack: "prod" });
        });

        it("1. lists the resource tree, component by component, with counts per type", () => {
            const components = dev.resources.tree.filter((n) => n.type.startsWith("user-backend:index:")).map((n) => n.name).sort();
            assert.deepEqual(components, ["api", "auth", "photos"]);
            const auth = dev.resources.tree.find((n) => n.name === "auth")!;
            assert.ok(auth.children.some((c) => c.name === "auth-pool" && c.type === "aws:cognito/userPool:UserPool"));
            const photos = dev.resources.tree.find((n) => n.name === "photos")!;
            assert.deepEqual(photos.children.filter((c) => c.type === "aws:s3/bucket:Bucket").map((c) => c.name).sort(), ["photos-bucket", "photos-logs"]);
            assert.equal(dev.resources.counts["aws:s3/bucket:Bucket"], 2);
            assert.equal(dev.resources.counts["aws:kms/key:Key"], undefined, "dev has no customer key");
            assert.equal(prod.resources.counts["aws:kms/key:Key"], 2, "the bucket's key and the logs key");
            assert.equal(prod.resources.counts["aws:wafv2/webAcl:WebAcl"], 1);
            assert.equal(dev.resources.total, Object.values(dev.resources.counts).reduce((a, b) => a + b, 0));
        });

        it("shows computed outputs as unknown, as a preview does, and known ones as they are", () => {
            assert.equal(dev.outputs.apiUrl, "(known after apply)");
            assert.equal(dev.outputs.userPoolId, "(known after apply)");
            assert.match(String(dev.outputs.bucketName), /^photos-bucket-[0-9a-f]{7}$/, "an autoname is known before create");
        });

        it("2. states each component's posture: encryption, public access, TLS, logging, versioning, deletion protection, MFA, guests", () => {
            const item = (report: PlanReport, component: string, check: string) => {
                const found = report.posture.find((c) => c.component === component)?.items.find((i) => i.check === check);
                assert.ok(found, `${component} has no ${check}`);
                return found;
            };
            assert.deepEqual(item(dev, "SecureUserBucket", "encryption"), { check: "encryption", ok: true, value: "SSE-S3" });
            assert.equal(item(prod, "SecureUserBucket", "encryption").value, "SSE-KMS (customer key, bucket key)");
            assert.deepEqual(item(dev, "SecureUserBucket", "public access"), { check: "public access", ok: true, value: "blocked (all four flags), no public policy" });
            assert.deepEqual(item(dev, "SecureUserBucket", "TLS"), { check: "TLS", ok: true, value: "required, 1.2 or later" });
            assert.match(item(dev, "SecureUserBucket", "access logging").value, /^to photos-logs-/);
            assert.equal(item(dev, "SecureUserBucket", "versioning").value, "Enabled");
            assert.deepEqual(item(dev, "SecureUserBucket", "force destroy"), { check: "force destroy", ok: false, value: "on (objects deleted with the bucket)" });
            assert.equal(item(prod, "SecureUserBucket", "force destroy").ok, true);
            assert.equal(item(dev, "CognitoAuth", "deletion protection").value, "INACTIVE");
            assert.equal(item(prod, "CognitoAuth", "deletion protection").value, "ACTIVE, protect");
            assert.deepEqual(item(dev, "CognitoAuth", "MFA"), { check: "MFA", ok: false, value: "OPTIONAL (TOTP)" }, "AwsSolutions-COG2 wants MFA ON");
            assert.deepEqual(item(prod, "CognitoAuth", "MFA"), { check: "MFA", ok: true, value: "OPTIONAL (TOTP)" });
            assert.equal(item(prod, "CognitoAuth", "threat protection").value, "ENFORCED (PLUS tier)");
            assert.equal(item(dev, "CognitoAuth", "guest access").value, "off");
            assert.equal(item(dev, "CognitoAuth", "classic flow").value, "off");
            assert.equal(item(dev, "AuthorizedApi", "stage throttle").value, "20 rps, burst 40");
            assert.equal(item(prod, "AuthorizedApi", "cache").value, "1.6 GB, encrypted: true");
            assert.equal(item(dev, "AuthorizedApi", "WAF").value, "none");
            for (const report of [dev, prod]) {
                assert.deepEqual(item(report, "AuthorizedApi", "deployment"), { check: "deployment", ok: true, value: "OpenAPI body, redeployed when its hash changes" });
                assert.deepEqual(item(report, "AuthorizedApi", "account log role"), { check: "account log role", ok: true, value: "set once per account and region by the baseline program (baseline/)" });
            }
            assert.deepEqual(item(dev, "AuthorizedApi", "execution log group"), { check: "execution log group", ok: true, value: "7 days retention" });
            assert.equal(item(prod, "AuthorizedApi", "execution log group").value, "365 days retention");
            assert.match(item(prod, "AuthorizedApi", "WAF").value, /^web ACL api-waf-/);
            // ok is the rule set's verdict on the component's own resources: every prod item is ok, dev's are not all.
            assert.deepEqual(prod.posture.flatMap((c) => c.items.filter((i) => !i.ok).map((i) => `${c.name} ${i.check}`)), []);
            assert.deepEqual(dev.posture.flatMap((c) => c.items.filter((i) => !i.ok).map((i) => `${c.name} ${i.check}`)), [
                "auth deletion protection",
                "auth MFA",
                "auth threat protection",
                "photos force destroy",
                "api WAF",
            ]);
        });

        it("2. states per route its integration, authorization, caching (with the cache key) and throttling", () => {
            const routes = (report: PlanReport) => Object.fromEntries(report.posture.find((c) => c.component === "AuthorizedApi")!.routes!.map((r) => [r.route, r]));
            const d = routes(dev);
            const p = routes(prod);
            assert.deepEqual(Object.keys(d).sort(), ["GET /health", "GET /photos", "GET /photos/{name}", "PUT /uploads/{key+}"]);
            assert.equal(d["GET /health"].authorization, "none (public)");
            assert.equal(d["GET /photos"].authorization, "cognito");
            assert.equal(d["GET /photos"].integration, "lambda");
            assert.match(d["PUT /uploads/{key+}"].integration, /^s3 photos-bucket-\w+\/private\/\{owner\}\/\{key\}$/);
            assert.equal(d["GET /health"].caching, "off", "dev has no cache cluster");
            assert.equal(p["GET /health"].caching, "60 s, key: path only");
            assert.equal(p["GET /photos"].caching, "off");
            assert.equal(d["GET /photos"].throttling, "stage (20 rps, burst 40)");
            assert.equal(p["GET /photos"].throttling, "stage (500 rps, burst 1000)");
        });

        it("3. computes the per-user access matrix: owners and group members reach their own prefixes and nobody else's", () => {
            for (const report of [dev, prod]) {
                assert.deepEqual(access(row(report, "owner", "own private/")), all);
                assert.deepEqual(access(row(report, "owner", "another user's private/")), none);
                assert.deepEqual(access(row(report, "other user", "another user's private/")), none);
                assert.deepEqual(access(row(report, "group member (editors)", "own private/")), all, "group members keep owner access through the group role");
                assert.deepEqual(access(row(report, "group member (editors)", "another user's private/")), none);
                assert.deepEqual(access(row(report, "owner", "own protected/")), all);
                assert.deepEqual(access(row(report, "owner", "another user's protected/")), readOnly);
                assert.deepEqual(access(row(report, "owner", "public/")), readOnly);
                for (const level of ["another user's private/", "another user's protected/", "public/"]) {
                    assert.deepEqual(access(row(report, "unauthenticated caller", level)), none, level);
                }
                assert.ok(!report.access.rows.some((r) => r.principal === "guest"), "the reference pool has no guests");
                assert.deepEqual(report.access.notes, ["guests: identity pool auth-identity-pool gives unauthenticated identities no credentials"]);
                assert.deepEqual(report.access.publicRoutes, ["GET /health"]);
            }
        });

        it("3. the matrix is what the simulator answers for the same principals, asked directly", async () => {
            const loaded = loadStack(root, "prod");
            const rec = await record(
                () => {
                    for (const file of Object.keys(require.cache).filter((f) => f.startsWith(path.join(root, "stacks")))) delete require.cache[file];
                    return require(loaded.program);
                },
                { project: loaded.project, stack: "prod", config: loaded.config },
            );
            const sim = AccessSimulator.load(rec);
            const auth = rec.one("user-backend:index:CognitoAuth", "auth").registeredOutputs;
            const bucket = rec.one("user-backend:index:SecureUserBucket", "photos").registeredOutputs.bucketName;
            const roleOf = (logical: string) => rec.one("aws:iam/role:Role", logical).outputs.name as string;
            const alice = { identityId: "us-east-1:00000001-0000-4000-8000-000000000001", sub: "00000001-5b5b-4000-8000-000000000001" };
            const bob = { sub: "00000002-5b5b-4000-8000-000000000002" };
            const session = (role: string, who: typeof alice) => ({
                role,
                identityId: who.identityId,
                principalTags: { sub: who.sub },
                webIdentity: { identityPoolId: auth.identityPoolId, amr: "authenticated" as const, provider: auth.providerName },
            });
            const expect = async (principal: any, prefix: string) => ({
                get: await sim.can(principal, "s3:GetObject", `arn:aws:s3:::${bucket}/${prefix}photo.jpg`),
                list: await sim.can(principal, "s3:ListBucket", `arn:aws:s3:::${bucket}`, { "s3:prefix": prefix }),
                put: await sim.can(principal, "s3:PutObject", `arn:aws:s3:::${bucket}/${prefix}photo.jpg`),
                delete: await sim.can(principal, "s3:DeleteObject", `arn:aws:s3:::${bucket}/${prefix}photo.jpg`),
            });
            const owner = session(roleOf("auth-authenticated-role"), alice);
            assert.deepEqual(access(row(prod, "owner", "own private/")), await expect(owner, `private/${alice.sub}/`));
            assert.deepEqual(access(row(prod, "owner", "another user's private/")), await expect(owner, `private/${bob.sub}/`));
            assert.deepEqual(access(row(prod, "owner", "another user's protected/")), await expect(owner, `protected/${bob.sub}/`));
            const editor = session(roleOf("auth-group-editors-role"), { identityId: "us-east-1:00000003-0000-4000-8000-000000000003", sub: "00000003-5b5b-4000-8000-000000000003" });
            assert.deepEqual(access(row(prod, "group member (editors)", "own private/")), await expect(editor, "private/00000003-5b5b-4000-8000-000000000003/"));
            assert.deepEqual(access(row(prod, "unauthenticated caller", "public/")), await expect({ anonymous: true }, "public/"));
        });

        it("3. lists the service roles that reach every user's prefix, with who uses them: the trust boundary (issue 12)", () => {
            for (const report of [dev, prod]) {
                const roles = report.access.serviceRoles.map((r) => ({ ...r, role: r.role.replace(/^api-role-[0-9a-f]{8}$/, "api-role-<hash>") }));
                assert.deepEqual(roles, [
                    { role: "api-role-<hash>", usedBy: "api PUT /uploads/{key+}", bucket: "photos", actions: ["s3:PutObject"], note: "reaches every user's prefix; the owner is taken from the token" },
                    { role: "photos-fn-role", usedBy: "Lambda photos-fn", bucket: "photos", actions: ["s3:GetObject", "s3:ListBucket"], note: "reaches every user's prefix; the owner is taken from the token" },
                ]);
            }
            // The identity pool roles reach only their own prefix, and are not listed.
            assert.ok(!dev.access.serviceRoles.some((r) => /authenticated|editors/.test(r.role)));
            const text = renderText(dev);
            assert.match(text, /service roles that reach every user's prefix \(correct only while the owner is taken from the token, never from the request\):/);
            assert.match(text, /photos-fn-role +Lambda photos-fn +photos +s3:GetObject s3:ListBucket +reaches every user's prefix; the owner is taken from the token/);
            assert.match(renderMarkdown(dev), /\| photos-fn-role \| Lambda photos-fn \| photos \| `s3:GetObject`, `s3:ListBucket` \| reaches every user's prefix; the owner is taken from the token \|/);
        });

        it("3. a service role is listed only when it spans users: not for one fixed prefix, a policy variable, or another bucket", async () => {
            const statements = {
                "every-object": [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::shared-bucket/*" }],
                "list-unconditioned": [{ Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::shared-bucket" }],
                "one-user": [
                    { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::shared-bucket/private/some-user/*" },
                    { Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::shared-bucket", Condition: { StringLike: { "s3:prefix": ["private/some-user/*"] } } },
                ],
                "per-user-variable": [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::shared-bucket/private/${aws:PrincipalTag/owner}/*" }],
                "public-only": [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::shared-bucket/public/*" }],
                "other-bucket": [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::another-bucket/private/*" }],
            };
            const dir = scratchProject({
                "Pulumi.yaml": "name: service-roles\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": [
                    'const aws = require("@pulumi/aws");',
                    'new aws.s3.Bucket("shared", { bucket: "shared-bucket" });',
                    `for (const [name, Statement] of Object.entries(${JSON.stringify(statements)})) {`,
                    '    const role = new aws.iam.Role(name, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }) });',
                    '    new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: JSON.stringify({ Version: "2012-10-17", Statement }) });',
                    "}",
                ].join("\n"),
            });
            const report = await runPlan({ cwd: dir, stack: "dev" });
            assert.deepEqual(
                report.access.serviceRoles.map((r) => [r.role, r.usedBy, r.bucket, r.actions.join(" ")]),
                [
                    ["every-object", "every-object", "shared", "s3:DeleteObject s3:GetObject s3:PutObject"],
                    ["list-unconditioned", "list-unconditioned", "shared", "s3:ListBucket"],
                ],
            );
        });

        it("4. reports findings with rule ids, severities and mirrored ids: in dev, the deliberate throwaway settings", () => {
            const ids = dev.findings.findings.map((f) => `${f.ruleId} ${f.resource.name}`).sort();
            assert.deepEqual(ids, [
                "UB-APIG-WAF api-stage",
                "UB-COG-DELETION-PROTECTION auth-pool",
                "UB-COG-MFA-REQUIRED auth-pool",
                "UB-COG-THREAT-PROTECTION auth-pool",
                "UB-S3-FORCE-DESTROY photos-bucket",
                "UB-S3-FORCE-DESTROY photos-logs",
            ]);
            const force = dev.findings.findings.find((f) => f.ruleId === "UB-S3-FORCE-DESTROY")!;
            assert.equal(force.severity, "medium");
            assert.equal(force.property, "forceDestroy");
            assert.deepEqual(dev.findings.findings.find((f) => f.ruleId === "UB-COG-DELETION-PROTECTION")!.mirrors, ["FSBP Cognito.6"]);
        });

        it("4. prod is clean: no finding, and every exception is written down with its reason", () => {
            assert.deepEqual(prod.findings.findings, []);
            assert.deepEqual(prod.findings.unusedExceptions, []);
            assert.ok(prod.findings.excepted.length > 0);
            for (const e of prod.findings.excepted) assert.ok(e.reason.length > 20, JSON.stringify(e));
            const reasons = (rule: string) => prod.findings.excepted.filter((e) => e.finding.ruleId === rule);
            // Per-user object ARNs under the IAM wildcard rule: recognised by the rule, with why.
            const perUser = reasons("UB-IAM-WILDCARD").filter((e) => e.finding.message.includes("${aws:PrincipalTag/sub}"));
            assert.ok(perUser.length >= 6 && perUser.every((e) => e.source === "rule" && /per-user ARN/.test(e.reason)));
            // The photo Lambda's read of private/*: declared in plan-exceptions.yaml.
            const lambda = reasons("UB-IAM-WILDCARD").find((e) => e.finding.resource.name === "photos-fn-policy")!;
            assert.equal(lambda.source, "declared");
            assert.match(lambda.reason, /handler takes the owner/);
            // The public health route: declared public in the AuthorizedApi.
            assert.match(reasons("UB-APIG-AUTHORIZATION").find((e) => e.finding.message === "GET /health needs no credentials")!.reason, /declared public \(authorization: "none"\) in AuthorizedApi api/);
        });
    });

    describe("the command", () => {
        it("prints the four sections; --format json prints the report; --out writes <stack>.json and <stack>.md with a Mermaid diagram", async () => {
            const out = tempDir("plan-out-");
            const { code, out: json } = await cli("plan", "--stack", "dev", "--cwd", root, "--format", "json", "--out", out);
            assert.equal(code, 0);
            const report = JSON.parse(json) as PlanReport;
            assert.deepEqual(Object.keys(report).sort(), ["access", "environments", "exceptionCounts", "exceptionsFile", "findings", "links", "openApiDocuments", "outputs", "posture", "project", "resources", "stack"]);
            // Which exceptions the rules recognise themselves and which the stack's owners declared.
            const counts = (report as any).exceptionCounts;
            assert.deepEqual(counts, {
                builtIntoRules: report.findings.excepted.filter((e) => e.source === "rule").length,
                declared: report.findings.excepted.filter((e) => e.source === "declared").length,
                declaredIn: "plan-exceptions.yaml",
            });
            assert.ok(counts.builtIntoRules > 0 && counts.declared > 0, JSON.stringify(counts));
            assert.deepEqual(report.environments, [], "the reference stack imports no ESC environment");
            assert.equal((report as any).environmentsNote, undefined);
            // The diagram's edges, read from the graph: the body's authorizer and integrations, the event flow
            // (bucket → rule with its key filter → target), and role policies.
            assert.deepEqual(report.links, [
                { from: "api", to: "auth", label: "Cognito authorizer" },
                { from: "api", to: "photos-fn", label: "Lambda routes" },
                { from: "api", to: "photos", label: "S3 routes" },
                { from: "photos", to: "photos-thumbnails-rule", label: "Object Created private/*/photos/*" },
                { from: "photos-thumbnails-rule", to: "thumbnails", label: "starts" },
                { from: "photos-fn", to: "photos", label: "S3 access" },
                { from: "thumbnails", to: "photos", label: "S3 access" },
                { from: "auth", to: "photos", label: "per-user grants" },
            ]);
            assert.equal(report.project, "user-backend-reference");
            assert.equal(report.stack, "dev");
            assert.equal(report.outputs.apiUrl, "(known after apply)");
            assert.ok(report.access.rows.length > 0 && report.findings.rules.length > 30);
            assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "dev.json"), "utf8")), report);
            // The AuthorizedApi's OpenAPI document beside the report: the one its RestApi takes as body.
            assert.deepEqual(Object.keys(report.openApiDocuments!), ["api-api"]);
            const written: any = JSON.parse(fs.readFileSync(path.join(out, "dev.api-api.openapi.json"), "utf8"));
            assert.equal(written.openapi, "3.0.1");
            assert.ok(written.paths["/photos/{name}"].get, "the routes are in it");
            assert.deepEqual(written, report.openApiDocuments!["api-api"]);

            const text = renderText(report, { exceptionsFile: "plan-exceptions.yaml" });
            for (const heading of ["1. Resources: ", "2. Security posture", "3. Per-user access (simulated)", "4. Findings: 6 (0 high, 3 medium, 3 low)"]) assert.ok(text.includes(heading), heading);
            assert.ok(text.includes(`; ${report.findings.excepted.length} excepted: ${counts.builtIntoRules} built into the rules, ${counts.declared} declared in plan-exceptions.yaml\n`), text.split("\n").find((l) => l.startsWith("4.")));
            // Leaves of one type fold into one line past two (a per-resource API's dozens of methods).
            const methods = [1, 2, 3].map((n) => ({ type: "aws:apigateway/method:Method", name: `m${n}`, children: [] }));
            const folded = renderText({ ...report, resources: { ...report.resources, tree: [{ type: "aws:apigateway/restApi:RestApi", name: "raw", children: methods }] } });
            assert.match(folded, /raw \(apigateway\.RestApi\)\n {3}└─ 3 × apigateway\.Method\n/);
            assert.match(text, /\[medium\] UB-S3-FORCE-DESTROY photos-bucket forceDestroy: /);

            const markdown = fs.readFileSync(path.join(out, "dev.md"), "utf8");
            assert.equal(markdown, renderMarkdown(report, { exceptionsFile: "plan-exceptions.yaml" }));
            assert.ok(markdown.includes(`### Excepted findings (${report.findings.excepted.length}: ${counts.builtIntoRules} built into the rules, ${counts.declared} declared in plan-exceptions.yaml)`));
            assert.match(markdown, /\| the rule \|\n/);
            assert.match(markdown, /\| plan-exceptions\.yaml \|\n/);
            assert.match(markdown, /```mermaid\ngraph LR\n/);
            assert.match(markdown, /auth -- "per-user grants" --> photos/);
            assert.match(markdown, /api -- "Cognito authorizer" --> auth/);
            assert.match(markdown, /api -- "S3 routes" --> photos/);
            assert.match(markdown, /photos_fn\["lambda\.Function photos-fn"\]/);
            for (const heading of ["## 1. Resources", "## 2. Security posture", "## 3. Per-user access (simulated)", "## 4. Findings (6)"]) assert.ok(markdown.includes(heading), heading);
            assert.match(markdown, /\| photos \| owner \| own private\/ \| yes \| yes \| yes \| yes \|/);
        });

        it("--out writes <stack>.<RestApi>.openapi.json for every RestApi with a body that parses, and none for the others", async () => {
            const swagger = { swagger: "2.0", info: { title: "raw", version: "1" }, paths: { "/ping": { get: { "x-amazon-apigateway-integration": { type: "mock" } } } } };
            const dir = scratchProject({
                "Pulumi.yaml": "name: bodies\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": [
                    'const aws = require("@pulumi/aws");',
                    `new aws.apigateway.RestApi("raw-api", { body: ${JSON.stringify(JSON.stringify(swagger))} });`,
                    'new aws.apigateway.RestApi("resources-api", {});',
                    'new aws.apigateway.RestApi("garbled-api", { body: "{ not json" });',
                ].join("\n"),
            });
            const out = tempDir("plan-out-");
            const { code, out: json } = await cli("plan", "--stack", "dev", "--cwd", dir, "--format", "json", "--out", out);
            assert.equal(code, 0);
            assert.deepEqual((JSON.parse(json) as PlanReport).openApiDocuments, { "raw-api": swagger });
            assert.deepEqual(fs.readdirSync(out).sort(), ["dev.json", "dev.md", "dev.raw-api.openapi.json"]);
            assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "dev.raw-api.openapi.json"), "utf8")), swagger);
        });

        it("an AuthorizedApi's posture says how its account log role is provided, its execution log group, and its deployment shape", async () => {
            // Stand-ins with the component's type token: the posture reads only what the graph records.
            const component = (name: string, accountLogRole: string, retention: string) =>
                [
                    `class Api${name.replace(/\W/g, "")} extends pulumi.ComponentResource {`,
                    "    constructor() {",
                    `        super("user-backend:index:AuthorizedApi", "${name}", {}, {});`,
                    `        new aws.apigateway.RestApi("${name}-api", {}, { parent: this });`,
                    `        new aws.cloudwatch.LogGroup("${name}-execution-logs", { name: "API-Gateway-Execution-Logs_abc/v1"${retention} }, { parent: this });`,
                    `        this.registerOutputs({ accountLogRole: "${accountLogRole}" });`,
                    "    }",
                    "}",
                    `new Api${name.replace(/\W/g, "")}();`,
                ].join("\n");
            const dir = scratchProject({
                "Pulumi.yaml": "name: postures\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": ['const pulumi = require("@pulumi/pulumi");', 'const aws = require("@pulumi/aws");', component("managed", "managed", ""), component("quiet", "none", ", retentionInDays: 30")].join("\n"),
            });
            const report = await runPlan({ cwd: dir, stack: "dev" });
            const items = (name: string) => Object.fromEntries(report.posture.find((c) => c.name === name)!.items.filter((i) => ["account log role", "execution log group", "deployment"].includes(i.check)).map((i) => [i.check, [i.value, i.ok]]));
            assert.deepEqual(items("managed"), {
                deployment: ["per-route resources", true],
                "account log role": ["set by this stack (retained on delete)", true],
                "execution log group": ["kept forever", false],
            });
            assert.deepEqual(items("quiet"), {
                deployment: ["per-route resources", true],
                "account log role": ["none: access and execution logs off", true],
                "execution log group": ["30 days retention", true],
            });
        });

        it("--fail-on exits 1 when a finding reaches that severity, and 0 when none does", async () => {
            const failOn = async (stack: string, severity: string) => (await cli("plan", "--stack", stack, "--cwd", root, "--format", "json", "--fail-on", severity)).code;
            assert.equal(await failOn("dev", "high"), 0);
            assert.equal(await failOn("dev", "low"), 1);
            const prod = await cli("plan", "--stack", "prod", "--cwd", root, "--fail-on", "low");
            assert.equal(prod.code, 0, prod.err);
        });

        it("without the simulator, says how to install it and goes on", async () => {
            const report = await runPlan({
                cwd: broken,
                stack: "dev",
                loadSimulator: () => {
                    throw new SimulatorUnavailableError("@cloud-copilot/iam-simulate", new Error("missing"));
                },
            });
            assert.match(report.access.unavailable!, /npm install --save-dev @cloud-copilot\/iam-simulate/);
            assert.deepEqual(report.access.rows, []);
            assert.ok(report.findings.findings.length > 0, "the other sections are still there");
            assert.match(renderText(report), /3\. Per-user access \(simulated\)\n {2}not computed: access simulation needs the optional peer dependency/);
        });

        it("shows secret config, nested secure values and what is derived from them as [secret]; project-wide values apply", async () => {
            const dir = scratchProject({
                "Pulumi.yaml": "name: secrets\nruntime: nodejs\nconfig:\n  greeting:\n    type: string\n    value: hello\n",
                "Pulumi.dev.yaml": "config:\n  secrets:apiToken:\n    secure: v1:AAAABBBBCCCC\n  secrets:db:\n    host: db.internal\n    password:\n      secure: v1:DDDDEEEE\n",
                "index.js": [
                    'const pulumi = require("@pulumi/pulumi");',
                    "const config = new pulumi.Config();",
                    "module.exports = {",
                    '    token: config.requireSecret("apiToken"),',
                    '    header: pulumi.interpolate`Bearer ${config.requireSecret("apiToken")}`,',
                    '    db: config.getObject("db"),',
                    '    dbSecret: config.requireSecretObject("db"),',
                    '    greeting: config.require("greeting"),',
                    "};",
                ].join("\n"),
            });
            const report = await runPlan({ cwd: dir, stack: "dev" });
            assert.deepEqual(report.outputs, { token: "[secret]", header: "[secret]", db: { host: "db.internal", password: "[secret]" }, dbSecret: "[secret]", greeting: "hello" });
        });
    });

    describe("a deliberately broken program: a public bucket, uncached-key authorized routes (resources and an OpenAPI body), a public body route, a guest role with write access", () => {
        let report: PlanReport;
        before(async () => {
            report = await runPlan({ cwd: broken, stack: "dev" });
        });

        it("finds each mistake at high severity, naming the resource and the property", () => {
            const high = report.findings.findings.filter((f) => f.severity === "high").map((f) => [f.ruleId, f.resource.name, f.property]);
            assert.deepEqual(high.sort(), [
                ["UB-APIG-CACHE-KEY", "get-notes", "cacheKeyParameters"],
                ["UB-APIG-CACHE-KEY", "notes-api", 'body.paths["/notes/{id}"].get["x-amazon-apigateway-integration"].cacheKeyParameters'],
                ["UB-COG-GUEST-WRITE", "guest-uploads", "policy.Statement[0].Resource"],
                ["UB-COG-MFA", "users", "mfaConfiguration"],
                ["UB-S3-PUBLIC-ACCESS-BLOCK", "uploads-public-access", "blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets"],
                ["UB-S3-PUBLIC-POLICY", "uploads-policy", "policy.Statement[0].Principal"],
                ["UB-S3-TLS", "uploads-policy", "policy"],
            ]);
            const message = (id: string, resource?: string) => report.findings.findings.find((f) => f.ruleId === id && (!resource || f.resource.name === resource))!.message;
            assert.equal(message("UB-APIG-CACHE-KEY", "get-notes"), "GET /notes is cached behind COGNITO_USER_POOLS authorization without method.request.header.Authorization in its cache key");
            assert.equal(message("UB-APIG-CACHE-KEY", "notes-api"), "GET /notes/{id} is cached behind COGNITO_USER_POOLS authorization without method.request.header.Authorization in its cache key");
            assert.match(message("UB-COG-GUEST-WRITE"), /^guest role guest may s3:PutObject on arn:aws:s3:::uploads-\w+\/\*, not only under its own identity$/);
            assert.equal(message("UB-S3-PUBLIC-POLICY"), "bucket uploads allows s3:GetObject to everyone");
            assert.ok(report.findings.findings.some((f) => f.ruleId === "UB-COG-GUESTS" && f.severity === "medium"));
        });

        it("its body API: the route with no authorization is a finding in the body, and the per-route cache entry is read for the body route", () => {
            const authorization = report.findings.findings.filter((f) => f.ruleId === "UB-APIG-AUTHORIZATION");
            assert.deepEqual(
                authorization.map((f) => [f.severity, f.resource.name, f.resource.type, f.property, f.message]),
                [["medium", "notes-api", "aws:apigateway/restApi:RestApi", 'body.paths["/feed"].get.security', "GET /feed needs no credentials"]],
            );
            assert.deepEqual(report.access.publicRoutes, ["GET /feed"]);
            // The body API's stage encrypts its cache and says cachingEnabled on */*: no cache-setting finding on it.
            assert.deepEqual(report.findings.findings.filter((f) => f.ruleId === "UB-APIG-CACHE-ENCRYPTION" && f.resource.name.startsWith("notes-")), []);
            assert.deepEqual(report.findings.findings.filter((f) => f.ruleId === "UB-APIG-DEPLOYMENT"), [], "triggered by the body's hash, after the RestApi");
        });

        it("its access matrix shows what the findings mean: anyone reads every user's files, and guests write them", () => {
            assert.deepEqual(access(row(report, "unauthenticated caller", "another user's private/")), { ...none, get: true });
            assert.deepEqual(access(row(report, "guest", "another user's private/")), { get: true, list: false, put: true, delete: false });
            assert.deepEqual(access(row(report, "other user", "another user's private/")), { ...none, get: true });
            assert.ok(report.access.rows.every((r) => r.bucket === "uploads"));
        });

        it("its diagram links the raw resources it can: both APIs' authorizers to the pool (a Method's and a body's), the guest role to the bucket", () => {
            assert.deepEqual(report.links, [
                { from: "api", to: "users", label: "Cognito authorizer" },
                { from: "notes-api", to: "users", label: "Cognito authorizer" },
                { from: "guest", to: "uploads", label: "S3 access" },
            ]);
        });

        it("exits 1 under --fail-on high, and reports the mistakes it counted", async () => {
            const { code, err, out } = await cli("plan", "--stack", "dev", "--cwd", broken, "--fail-on", "high");
            assert.equal(code, 1);
            assert.equal(err, "pulumi-user-backend plan: 7 findings at or above high\n");
            assert.match(out, /\[high\] UB-S3-PUBLIC-POLICY uploads-policy policy\.Statement\[0\]\.Principal: bucket uploads allows s3:GetObject to everyone/);
        });

        it("runs in the stack's region (aws:region from its config), as the provider would", () => {
            assert.equal(report.outputs.region, "eu-west-1");
            assert.match(String(report.outputs.apiUrl), /^\(known after apply\)$/);
        });
    });

    describe("declared exceptions (plan-exceptions.yaml)", () => {
        const exceptionsProject = (exceptions: string) =>
            scratchProject({
                "Pulumi.yaml": "name: excepted\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                // A key with a policy of its own and a log group it encrypts: only rotation and retention are at fault.
                "index.js": [
                    'const aws = require("@pulumi/aws");',
                    'const policy = { Version: "2012-10-17", Statement: [{ Sid: "Administer", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: ["kms:DescribeKey", "kms:PutKeyPolicy"], Resource: "*" }] };',
                    'const key = new aws.kms.Key("key", { policy: JSON.stringify(policy) });',
                    'new aws.cloudwatch.LogGroup("logs", { kmsKeyId: key.arn });',
                    "",
                ].join("\n"),
                "plan-exceptions.yaml": exceptions,
            });

        it("move a finding to the excepted list with its reason, per stack, and report the ones that match nothing", async () => {
            const dir = exceptionsProject(
                [
                    "exceptions:",
                    "  - rule: UB-KMS-ROTATION",
                    "    resource: key",
                    "    reason: An import key whose material we rotate by hand every year.",
                    "  - rule: UB-LOGS-RETENTION",
                    "    resource: logs",
                    "    stacks: [prod]",
                    "    reason: Audit logs that prod must keep without end.",
                    "  - rule: UB-S3-VERSIONING",
                    "    resource: gone",
                    "    reason: A bucket that was removed long ago.",
                ].join("\n"),
            );
            const report = await runPlan({ cwd: dir, stack: "dev" });
            assert.deepEqual(
                report.findings.excepted.map((e) => [e.finding.ruleId, e.source, e.reason]),
                [["UB-KMS-ROTATION", "declared", "An import key whose material we rotate by hand every year."]],
            );
            assert.deepEqual(report.findings.findings.map((f) => f.ruleId), ["UB-LOGS-RETENTION"], "the prod-only exception does not apply to dev");
            assert.deepEqual(report.findings.unusedExceptions.map((e) => e.resource), ["gone"]);
            assert.match(renderText(report), /1 declared exception matches nothing \(remove it\): UB-S3-VERSIONING gone/);
        });

        it("refuse an entry without a known rule, a resource or a reason, in one line", async () => {
            for (const [entry, message] of [
                ["  - rule: UB-NOPE\n    resource: key\n    reason: Something long enough.", /exceptions\[0\]\.rule must be a rule id such as UB-S3-PUBLIC-ACCESS-BLOCK \(received: "UB-NOPE"\)$/m],
                // A near miss gets the closest rule id.
                ["  - rule: UB-KMS-ROTATON\n    resource: key\n    reason: Something long enough.", /exceptions\[0\]\.rule must be a rule id such as UB-S3-PUBLIC-ACCESS-BLOCK \(received: "UB-KMS-ROTATON"\): did you mean UB-KMS-ROTATION\?$/m],
                ["  - rule: ub-s3-versionning\n    resource: key\n    reason: Something long enough.", /\(received: "ub-s3-versionning"\): did you mean UB-S3-VERSIONING\?$/m],
                ["  - rule: UB-KMS-ROTATION\n    reason: Something long enough.", /exceptions\[0\]\.resource must be the logical name of a resource \(received: undefined\)/],
                ["  - rule: UB-KMS-ROTATION\n    resource: key", /exceptions\[0\]\.reason must say why the exception is deliberate, in at least 10 characters \(received: undefined\)/],
                ["  - rule: UB-KMS-ROTATION\n    resource: key\n    reason: later", /exceptions\[0\]\.reason must say why the exception is deliberate, in at least 10 characters \(received: "later"\)/],
                ["  - rule: UB-KMS-ROTATION\n    resource: key\n    property: [1]\n    reason: Something long enough.", /exceptions\[0\]\.property must be a property path \(received: \[1\]\)/],
                ["  - rule: UB-KMS-ROTATION\n    resource: key\n    stacks: prod\n    reason: Something long enough.", /exceptions\[0\]\.stacks must be a list of stack names \(received: "prod"\)/],
                ["  - UB-KMS-ROTATION", /exceptions\[0\] must be a mapping with rule, resource and reason \(received: "UB-KMS-ROTATION"\)/],
            ] as const) {
                const { code, err } = await cli("plan", "--stack", "dev", "--cwd", exceptionsProject(`exceptions:\n${entry}\n`));
                assert.equal(code, 2);
                assert.equal(err.trimEnd().split("\n").length, 1, err);
                assert.match(err, message);
            }
            const notAList = await cli("plan", "--stack", "dev", "--cwd", exceptionsProject("exceptions: UB-KMS-ROTATION\n"));
            assert.equal(notAList.code, 2);
            assert.match(notAList.err, /plan-exceptions\.yaml must hold a list under "exceptions" \(received: \{"exceptions":"UB-KMS-ROTATION"\}\)/);
        });
    });

    describe("a stack file that imports ESC environments", () => {
        const escProject = (stackFile: string) =>
            scratchProject({ "Pulumi.yaml": "name: esc\nruntime: nodejs\n", "Pulumi.dev.yaml": stackFile, "index.js": 'const aws = require("@pulumi/aws");\nnew aws.sqs.Queue("jobs", {});\n' });

        it("names them, in a note in text and Markdown and in the JSON, saying the plan cannot read them", async () => {
            for (const stackFile of ["environment:\n  - acme/common\n  - acme/dev\nconfig: {}\n", "environment:\n  imports:\n    - acme/common\n    - acme/dev: { merge: false }\n"]) {
                const dir = escProject(stackFile);
                const out = tempDir("plan-esc-");
                const text = await cli("plan", "--stack", "dev", "--cwd", dir, "--out", out);
                assert.equal(text.code, 0, text.err);
                assert.match(text.out, /^Note: the stack imports the ESC environments acme\/common, acme\/dev, which the plan cannot read \(they live in Pulumi Cloud\): config they provide is missing here/m);
                const json = JSON.parse((await cli("plan", "--stack", "dev", "--cwd", dir, "--format", "json")).out);
                assert.deepEqual(json.environments, ["acme/common", "acme/dev"]);
                assert.match(json.environmentsNote, /which the plan cannot read/);
                assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "dev.json"), "utf8")).environments, json.environments);
                assert.match(fs.readFileSync(path.join(out, "dev.md"), "utf8"), /^> \*\*Note:\*\* The stack imports the ESC environments acme\/common, acme\/dev, which the plan cannot read/m);
            }
        });

        it("says nothing when there is none, and refuses an environment that is not a list", async () => {
            const none = await cli("plan", "--stack", "dev", "--cwd", escProject("config: {}\n"));
            assert.equal(none.code, 0, none.err);
            assert.doesNotMatch(none.out, /ESC/);
            const bad = await cli("plan", "--stack", "dev", "--cwd", escProject("environment: acme/dev\n"));
            assert.equal(bad.code, 2);
            assert.match(bad.err, /Pulumi\.dev\.yaml: environment must be a list of ESC environment names \(received: "acme\/dev"\)/);
        });
    });

    describe("hand-written MethodSettings", () => {
        // A cached GET /me behind a Cognito authorizer, keyed by path only, with caching turned on for
        // that one method in either spelling of its method path.
        const cached = (methodPath: string) =>
            scratchProject({
                "Pulumi.yaml": "name: method-path\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": [
                    'const aws = require("@pulumi/aws");',
                    'const pool = new aws.cognito.UserPool("pool", {});',
                    'const api = new aws.apigateway.RestApi("api", {});',
                    'const me = new aws.apigateway.Resource("me", { restApi: api.id, parentId: api.rootResourceId, pathPart: "me" });',
                    'const authorizer = new aws.apigateway.Authorizer("cognito", { restApi: api.id, type: "COGNITO_USER_POOLS", providerArns: [pool.arn] });',
                    'const method = new aws.apigateway.Method("get-me", { restApi: api.id, resourceId: me.id, httpMethod: "GET", authorization: "COGNITO_USER_POOLS", authorizerId: authorizer.id });',
                    'const integration = new aws.apigateway.Integration("get-me", { restApi: api.id, resourceId: me.id, httpMethod: "GET", type: "MOCK" });',
                    'const deployment = new aws.apigateway.Deployment("deployment", { restApi: api.id, triggers: { routes: "get-me" } }, { dependsOn: [method, integration] });',
                    'const stage = new aws.apigateway.Stage("stage", { restApi: api.id, deployment: deployment.id, stageName: "v1", cacheClusterEnabled: true, cacheClusterSize: "0.5" });',
                    'new aws.apigateway.MethodSettings("all", { restApi: api.id, stageName: stage.stageName, methodPath: "*/*", settings: { cachingEnabled: false } });',
                    `new aws.apigateway.MethodSettings("me-settings", { restApi: api.id, stageName: stage.stageName, methodPath: ${JSON.stringify(methodPath)}, settings: { cachingEnabled: true } });`,
                    "",
                ].join("\n"),
            });

        it("the cache-key rule fires on `me/GET` (Terraform's form) as on `~1me/GET` (API Gateway's), and not on another method's path", async () => {
            for (const methodPath of ["me/GET", "~1me/GET"]) {
                const report = await runPlan({ cwd: cached(methodPath), stack: "dev" });
                const found = report.findings.findings.filter((f) => f.ruleId === "UB-APIG-CACHE-KEY");
                assert.deepEqual(found.map((f) => [f.resource.name, f.property]), [["get-me", "cacheKeyParameters"]], methodPath);
                assert.match(found[0].message, /GET \/me is cached behind COGNITO_USER_POOLS authorization without method\.request\.header\.Authorization in its cache key/);
            }
            for (const methodPath of ["me/POST", "you/GET", "~1me~1x/GET"]) {
                const report = await runPlan({ cwd: cached(methodPath), stack: "dev" });
                assert.deepEqual(report.findings.findings.filter((f) => f.ruleId === "UB-APIG-CACHE-KEY"), [], methodPath);
            }
        });
    });

    describe("bad input: one clear line and exit code 2", () => {
        const oneLine = (err: string) => {
            assert.equal(err.trimEnd().split("\n").length, 1, err);
            assert.doesNotMatch(err, /\n\s+at /);
        };

        it("no Pulumi.yaml", async () => {
            const dir = scratchProject({});
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /^pulumi-user-backend plan: no Pulumi\.yaml in .*: run the plan in a Pulumi project folder, or pass --cwd <folder>$/m);
        });

        it("an unknown stack", async () => {
            const { code, err } = await cli("plan", "--stack", "qa", "--cwd", root);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /unknown stack "qa": no Pulumi\.qa\.yaml in .* \(stacks there: dev, prod, staging\)/);
        });

        it("a config value of the wrong type", async () => {
            const dir = scratchProject({
                "Pulumi.yaml": "name: typed\nruntime: nodejs\nconfig:\n  limit:\n    type: integer\n    default: 5\n  origins:\n    type: array\n    default: []\n",
                "Pulumi.dev.yaml": "config:\n  typed:limit: fast\n",
                "Pulumi.qa.yaml": "config:\n  typed:origins: https://app.acme.dev\n",
                "index.js": "module.exports = {};\n",
            });
            const integer = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(integer.code, 2);
            oneLine(integer.err);
            assert.match(integer.err, /config typed:limit must be an integer \(received: "fast"\) in Pulumi\.dev\.yaml/);
            const array = await cli("plan", "--stack", "qa", "--cwd", dir);
            assert.match(array.err, /config typed:origins must be an array \(received: "https:\/\/app\.acme\.dev"\) in Pulumi\.qa\.yaml/);
        });

        it("an array item of the wrong type, and a project-wide value of the wrong type", async () => {
            const dir = scratchProject({
                "Pulumi.yaml": "name: items\nruntime: nodejs\nconfig:\n  ports:\n    type: array\n    items:\n      type: integer\n    default: []\n",
                "Pulumi.dev.yaml": "config:\n  items:ports: [443, https]\n",
                "index.js": "module.exports = {};\n",
            });
            const item = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(item.code, 2);
            assert.match(item.err, /config items:ports\[1\] must be an integer \(received: "https"\) in Pulumi\.dev\.yaml/);
            const wide = scratchProject({
                "Pulumi.yaml": "name: wide\nruntime: nodejs\nconfig:\n  retries:\n    type: integer\n    value: often\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": "module.exports = {};\n",
            });
            assert.match((await cli("plan", "--stack", "dev", "--cwd", wide)).err, /config wide:retries must be an integer \(received: "often"\) in Pulumi\.yaml/);
        });

        it("a config value the reference stack refuses: the program's own message", async () => {
            const dir = tempDir("plan-ref-");
            for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) fs.copyFileSync(path.join(root, f), path.join(dir, f));
            fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8").replace("forceDestroy: false", "forceDestroy: true"));
            fs.symlinkSync(path.join(root, "stacks"), path.join(dir, "stacks"), "dir");
            const { code, err } = await cli("plan", "--stack", "prod", "--cwd", dir);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /the program failed: config forceDestroy may be true only in the dev stack: it lets pulumi destroy delete users' photos \(stack: prod\)/);
        });

        it("a program that throws: its message and where", async () => {
            const dir = scratchProject({
                "Pulumi.yaml": "name: throws\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": "const x = 1;\nthrow new Error('bucket name missing');\n",
            });
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /the program failed: bucket name missing \(at index\.js:2\)/);
            const verbose = await cli("plan", "--stack", "dev", "--cwd", dir, "--verbose");
            assert.match(verbose.err, /\n\s+at /, "--verbose adds the stack trace");
        });

        it("a TypeScript program that throws: the line in its source, not in the transpiled code", async () => {
            const dir = scratchProject({
                "Pulumi.yaml": "name: throws-ts\nruntime: nodejs\nmain: index.ts\n",
                "Pulumi.dev.yaml": "config: {}\n",
                // Type-only lines vanish when transpiled: the reported line must still be the source's.
                "index.ts": "interface A {\n    a: string;\n}\ntype B = A;\n\nconst b: B = { a: '' };\nif (b.a === '') throw new Error('no origin configured');\n",
            });
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir);
            assert.equal(code, 2);
            assert.match(err, /the program failed: no origin configured \(at index\.ts:7\)/);
        });

        it("a program that never finishes", async () => {
            const dir = scratchProject({
                "Pulumi.yaml": "name: hangs\nruntime: nodejs\n",
                "Pulumi.dev.yaml": "config: {}\n",
                "index.js": "module.exports = new Promise(() => {});\n",
            });
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", dir, "--timeout", "1");
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /the program did not finish within 1 s \(a promise that never settles\?\); raise the limit with --timeout/);
        });

        it("an exceptions file that is not there", async () => {
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", root, "--exceptions", "nowhere.yaml");
            assert.equal(code, 2);
            oneLine(err);
            assert.match(err, /no exceptions file .*nowhere\.yaml/);
        });

        it("bad options", async () => {
            for (const [argv, message] of [
                [["plan"], /--stack is required/],
                [["deploy"], /unknown command "deploy"/],
                [["plan", "--stack"], /--stack needs a value/],
                [["plan", "--stack", "dev", "--fail-on", "critical"], /--fail-on must be high, medium or low \(received: critical\)/],
                [["plan", "--stack", "dev", "--format", "yaml"], /--format must be text or json \(received: yaml\)/],
                [["plan", "--stack", "dev", "--timeout", "soon"], /--timeout must be a number of seconds above 0 \(received: soon\)/],
                [["plan", "--stack", "dev", "--colour"], /unknown option --colour/],
            ] as const) {
                const { code, err } = await cli(...argv);
                assert.equal(code, 2, argv.join(" "));
                assert.match(err, message);
            }
        });
    });
});
