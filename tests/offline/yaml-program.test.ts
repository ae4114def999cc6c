import { strict as assert } from "assert";
import * as path from "path";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "../../components";
import { record } from "../../offline";
import { AccessRow, PlanReport, runPlan } from "../../offline/plan";
import { Recording } from "../../offline/recording";
import { readYamlProgram, yamlEvaluator } from "../../offline/yaml-program";
import { cli, root, scratchProject } from "../support/scratch";

// The plan runs Pulumi YAML programs (offline/yaml-program.ts): the example plans like the
// TypeScript photo stacks, every construct the evaluator does not support is refused by name, and
// what it does support (aws resources, expressions, options, typed config) reaches the recording.

const example = path.join(root, "examples/yaml-photo-backend");

/** A throwaway YAML project with this program (and a dev stack with this config), planned as `plan --stack dev`. */
function yamlProject(program: string, stackConfig = "  aws:region: eu-west-1\n"): string {
    return scratchProject({ "Pulumi.yaml": `name: scratch\nruntime: yaml\n${program}`, "Pulumi.dev.yaml": `config:\n${stackConfig}` }, "yaml-");
}

const planOf = (dir: string): Promise<PlanReport> => runPlan({ cwd: dir, stack: "dev" });

/** Records a YAML program's text, as the plan evaluates it, with these stack config values (`scratch:<key>`). */
function recordYaml(program: string, config: Record<string, string> = {}, secretConfigKeys: string[] = []): Promise<Recording> {
    const dir = yamlProject(program);
    return record(yamlEvaluator(readYamlProgram(dir), { secretKeys: secretConfigKeys }), { project: "scratch", stack: "dev", config: { "aws:region": "eu-west-1", ...config }, secretConfigKeys });
}

const byName = (rec: Recording, name: string) => {
    const found = rec.resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name} (${rec.resources.map((r) => r.name).join(", ")})`);
    return found;
};

describe("the offline plan of a Pulumi YAML program (offline/yaml-program.ts)", function () {
    this.timeout(60_000);

    describe("examples/yaml-photo-backend, stack dev", () => {
        let report: PlanReport;
        before(async () => {
            report = await planOf(example);
        });

        const access = (row: AccessRow | undefined) => row && { get: row.get, list: row.list, put: row.put, delete: row.delete };
        const rowOf = (principal: string, level: string) => access(report.access.rows.find((r) => r.bucket === "photos" && r.principal === principal && r.level === level));
        const none = { get: false, list: false, put: false, delete: false };
        const all = { get: true, list: true, put: true, delete: true };

        it("creates the three components and their resources, with the program's outputs", () => {
            assert.equal(report.project, "yaml-photo-backend");
            assert.deepEqual(report.resources.tree.map((n) => `${n.name} ${n.type}`), ["auth user-backend:index:CognitoAuth", "photos user-backend:index:SecureUserBucket", "api user-backend:index:AuthorizedApi"]);
            for (const type of ["aws:cognito/userPool:UserPool", "aws:cognito/identityPool:IdentityPool", "aws:s3/bucket:Bucket", "aws:iam/rolePolicy:RolePolicy", "aws:apigateway/restApi:RestApi"]) assert.ok(report.resources.counts[type] > 0, `no ${type}`);
            assert.deepEqual(Object.keys(report.outputs), ["apiUrl", "bucketName", "amplifyConfig"]);
            assert.match(String(report.outputs.bucketName), /^photos-bucket-/);
        });

        it("states the posture of the three components, with no finding above low", () => {
            assert.deepEqual(report.posture.map((c) => `${c.component} ${c.name}`), ["CognitoAuth auth", "SecureUserBucket photos", "AuthorizedApi api"]);
            assert.deepEqual(report.posture.find((c) => c.component === "AuthorizedApi")!.routes!.map((r) => `${r.route} ${r.authorization}`), ["GET /health none (public)", "GET /photos/{key} cognito", "PUT /photos/{key} cognito"]);
            assert.deepEqual(report.findings.findings.filter((f) => f.severity !== "low").map((f) => f.ruleId), []);
        });

        it("isolates each user's files, as the TypeScript photo stacks do: own prefix yes, another user's no, group members too", () => {
            assert.deepEqual(rowOf("owner", "own private/"), all);
            assert.deepEqual(rowOf("owner", "another user's private/"), none);
            assert.deepEqual(rowOf("other user", "another user's private/"), none);
            assert.deepEqual(rowOf("group member (editors)", "own private/"), all);
            assert.deepEqual(rowOf("group member (editors)", "another user's private/"), none);
            assert.deepEqual(rowOf("unauthenticated caller", "another user's private/"), none);
            assert.deepEqual(report.access.publicRoutes, ["GET /health"]);
        });

        it("runs from the command line in the example folder: exit 0, the findings line", async () => {
            const { code, out, err } = await cli("plan", "--stack", "dev", "--cwd", example);
            assert.equal(err, "");
            assert.equal(code, 0);
            assert.match(out, /^4\. Findings: \d+ \(0 high, 0 medium, \d+ low\)/m);
        });

        it("registers the same resources as the TypeScript program that builds the three components with the same args and grants with grantUserAccess", async () => {
            const project = "yaml-photo-backend";
            const config = { "aws:region": "eu-west-1", "yaml-photo-backend:appOrigin": "http://localhost:5173" };
            const yaml = await record(yamlEvaluator(readYamlProgram(example)), { project, stack: "dev", config });
            const typescript = await record(
                () => {
                    const origin = "http://localhost:5173";
                    const auth = new CognitoAuth("auth", {
                        mfa: "OPTIONAL",
                        clients: { web: { oauth: { callbackUrls: [`${origin}/callback`], logoutUrls: [`${origin}/`] } } },
                        domain: { prefix: "yaml-photo-backend-dev" },
                        groups: { editors: { precedence: 1, role: true, description: "Curate the public gallery" } },
                        principalTags: { sub: "sub" },
                    });
                    // The grant as a TypeScript program gives it: the method, with the identities.
                    const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub", corsOrigins: [origin] });
                    photos.grantUserAccess("users", { identities: auth });
                    const bucket = { bucketName: photos.bucketName, bucketArn: photos.bucketArn, ownerPrincipalTag: "sub" };
                    new AuthorizedApi("api", {
                        userPoolArn: auth.userPoolArn,
                        defaultAuthorization: "cognito",
                        corsOrigins: [origin],
                        accountLogRole: "managed",
                        routes: {
                            "GET /health": { authorization: "none", mock: { body: { ok: true } } },
                            "GET /photos/{key}": { s3: { operation: "get", bucket } },
                            "PUT /photos/{key}": { s3: { operation: "put", bucket } },
                        },
                    });
                },
                { project, stack: "dev", config },
            );
            const shape = (rec: Recording) => {
                const nameOf = (urn?: string) => rec.resources.find((r) => r.urn === urn)?.name ?? "";
                return rec.resources.map((r) => `${r.type} ${r.name} < ${nameOf(r.parent)}`).sort();
            };
            assert.ok(shape(yaml).length > 40);
            assert.deepEqual(shape(yaml), shape(typescript));
            const policy = (rec: Recording) => byName(rec, "photos-users-group-editors").inputs.policy;
            assert.equal(policy(yaml), policy(typescript), "the grant's policy is the same");
        });
    });

    describe("what it evaluates", () => {
        it("creates an aws resource from aws:<module>:<Class> or aws:<module>/<file>:<Class>, with its properties", async () => {
            const rec = await recordYaml(`resources:
  uploads:
    type: aws:s3:Bucket
    properties:
      forceDestroy: false
      tags:
        team: photos
  uploads-versioning:
    type: aws:s3/bucketVersioning:BucketVersioning
    properties:
      bucket: \${uploads.id}
      versioningConfiguration:
        status: Enabled
`);
            const bucket = byName(rec, "uploads");
            assert.equal(bucket.type, "aws:s3/bucket:Bucket");
            assert.deepEqual(bucket.inputs.tags, { team: "photos" });
            assert.equal(bucket.inputs.forceDestroy, false);
            const versioning = byName(rec, "uploads-versioning");
            assert.equal(versioning.inputs.bucket, bucket.id);
            assert.deepEqual(versioning.inputs.versioningConfiguration, { status: "Enabled" });
            assert.deepEqual(versioning.propertyDependencies.bucket, [bucket.urn]);
        });

        it("interpolates expressions inside a string: outputs, config, pulumi.stack and project, a key into a map", async () => {
            const rec = await recordYaml(
                `config:
  team:
    type: string
  retentionDays:
    type: integer
    default: 30
resources:
  uploads:
    type: aws:s3:Bucket
    properties:
      tags:
        team: \${team}
  reader:
    type: aws:iam:Policy
    properties:
      policy: '{"Version":"2012-10-17","Statement":[]}'
      description: reads \${uploads.arn}/* for \${uploads.tags["team"]} in \${pulumi.project}-\${pulumi.stack}
      tags:
        owner: \${uploads.tags.team}
  logs:
    type: aws:cloudwatch:LogGroup
    properties:
      retentionInDays: \${retentionDays}
      name: /photos/\${team}
`,
                { "scratch:team": "photos" },
            );
            const arn = byName(rec, "uploads").outputs.arn;
            assert.match(arn, /^arn:aws:s3:::uploads-/);
            assert.equal(byName(rec, "reader").inputs.description, `reads ${arn}/* for photos in scratch-dev`);
            assert.deepEqual(byName(rec, "reader").inputs.tags, { owner: "photos" });
            assert.equal(byName(rec, "logs").inputs.retentionInDays, 30, "the declared default, typed");
            assert.equal(byName(rec, "logs").inputs.name, "/photos/photos");
        });

        it("types config as declared and keeps a secret key secret", async () => {
            const rec = await recordYaml(
                `config:
  days:
    type: integer
  encrypt:
    type: boolean
  note:
    type: string
resources:
  logs:
    type: aws:cloudwatch:LogGroup
    properties:
      retentionInDays: \${days}
      skipDestroy: \${encrypt}
      tags:
        note: \${note}
`,
                { "scratch:days": "14", "scratch:encrypt": "true", "scratch:note": "hush" },
                ["scratch:note"],
            );
            const logs = byName(rec, "logs");
            assert.equal(logs.inputs.retentionInDays, 14);
            assert.equal(logs.inputs.skipDestroy, true);
            assert.ok(logs.secretInputs.has("tags"), "a secret config value stays secret");
        });

        it("maps options to resource options: dependsOn, parent, protect, retainOnDelete, ignoreChanges, deleteBeforeReplace, aliases", async () => {
            const rec = await recordYaml(`resources:
  uploads:
    type: aws:s3:Bucket
  logs:
    type: aws:s3:Bucket
    options:
      dependsOn:
        - \${uploads}
      parent: \${uploads}
      protect: true
      retainOnDelete: true
      deleteBeforeReplace: true
      ignoreChanges:
        - tags
      aliases:
        - name: old-logs
`);
            const uploads = byName(rec, "uploads");
            const logs = byName(rec, "logs");
            assert.equal(logs.parent, uploads.urn);
            assert.deepEqual(logs.explicitDependencies, [uploads.urn]);
            assert.equal(logs.protect, true);
            assert.equal(logs.retainOnDelete, true);
            assert.equal(logs.deleteBeforeReplace, true);
            assert.deepEqual(logs.ignoreChanges, ["tags"]);
            assert.ok(logs.aliases.some((a) => a.name === "old-logs"), JSON.stringify(logs.aliases));
        });

        it("accepts runtime: { name: yaml }, and returns outputs: as the stack outputs", async () => {
            const dir = scratchProject(
                {
                    "Pulumi.yaml": "name: scratch\nruntime:\n  name: yaml\nresources:\n  uploads:\n    type: aws:s3:Bucket\noutputs:\n  where: s3://${uploads.bucket}\n  label: photos-${pulumi.stack}\n",
                    "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n",
                },
                "yaml-",
            );
            const report = await planOf(dir);
            assert.equal(report.resources.total, 1);
            // As a preview shows them: the bucket's name is known only after create, text and the stack name now.
            assert.deepEqual(report.outputs, { where: "(known after apply)", label: "photos-dev" });
        });
    });

    describe("what it refuses, by name", () => {
        const refused = async (program: string, message: RegExp) => {
            await assert.rejects(planOf(yamlProject(program)), (e: Error) => {
                assert.equal(e.name, "PlanInputError");
                assert.match(e.message, message);
                return true;
            });
        };

        it("a type that is neither a user-backend component nor an aws resource", () =>
            refused("resources:\n  b:\n    type: gcp:storage:Bucket\n", /^resource b: type gcp:storage:Bucket is not supported offline: the plan runs user-backend:index:<Component> \(CognitoAuth, SecureUserBucket, AuthorizedApi\) and aws:<module>:<Class> resources$/));

        it("a component the package does not have, and an aws type whose class does not exist or does not match", async () => {
            await refused("resources:\n  b:\n    type: user-backend:index:Queue\n", /^resource b: user-backend has no component Queue \(it has CognitoAuth, SecureUserBucket, AuthorizedApi\)$/);
            await refused("resources:\n  b:\n    type: aws:s3:Bucketz\n", /^resource b: type aws:s3:Bucketz is not a resource of @pulumi\/aws \(no class aws\.s3\.Bucketz\)$/);
            await refused("resources:\n  b:\n    type: aws:s3/bucketV2:Bucket\n", /^resource b: type aws:s3\/bucketV2:Bucket does not match aws\.s3\.Bucket, whose type is aws:s3\/bucket:Bucket$/);
        });

        it("an fn:: function, named with where it is", () =>
            refused("resources:\n  b:\n    type: aws:s3:Bucket\n    properties:\n      tags:\n        region:\n          fn::invoke:\n            function: aws:index:getRegion\n", /^resource b: properties\.tags\.region uses fn::invoke, which the offline plan does not support/));

        it("variables", () => refused("variables:\n  prefix: photos\nresources:\n  b:\n    type: aws:s3:Bucket\n", /^variables \(prefix\) are not supported by the offline plan: write each value where it is used, or declare it under config$/));

        it("a reference to no resource or config key, and an output the resource does not have", async () => {
            await refused("resources:\n  b:\n    type: aws:s3:Bucket\n    properties:\n      bucket: ${nope.bucket}\n", /^resource b: \$\{nope\.bucket\} names no resource or configuration key \(resources: b; config: none\)$/);
            await refused("resources:\n  a:\n    type: aws:s3:Bucket\n  b:\n    type: aws:s3:Bucket\n    properties:\n      bucket: ${a.nothing}\n", /^resource b: \$\{a\.nothing\}: aws:s3:Bucket has no output nothing$/);
            await refused("resources:\n  a:\n    type: aws:s3:Bucket\noutputs:\n  x: ${pulumi.organization}\n", /^outputs: \$\{pulumi\.organization\} is not supported \(pulumi\.stack and pulumi\.project are\)$/);
        });

        it("a dependency cycle", () =>
            refused("resources:\n  a:\n    type: aws:s3:Bucket\n    properties:\n      bucket: ${b.bucket}\n  b:\n    type: aws:s3:Bucket\n    properties:\n      bucket: ${a.bucket}\n", /^a dependency cycle among a, b: each names another with \$\{\.\.\.\}$/));

        it("an option it does not map, a resource key it does not know, and an option of the wrong shape", async () => {
            await refused("resources:\n  b:\n    type: aws:s3:Bucket\n    options:\n      provider: ${p}\n", /^resource b: option provider is not supported by the offline plan \(supported: dependsOn, protect, retainOnDelete, ignoreChanges, parent, deleteBeforeReplace, aliases\)$/);
            await refused("resources:\n  b:\n    type: aws:s3:Bucket\n    get:\n      id: my-bucket\n", /^resource b: get is not supported by the offline plan \(a resource has type, properties, options\)$/);
            await refused("resources:\n  a:\n    type: aws:s3:Bucket\n  b:\n    type: aws:s3:Bucket\n    options:\n      dependsOn:\n        - a\n", /^resource b: options\.dependsOn\[0\] must be a resource, written \$\{name\} \(received: "a"\)$/);
        });

        it("a required config key that the stack does not set", () => refused("config:\n  team:\n    type: string\nresources:\n  b:\n    type: aws:s3:Bucket\n", /^config team is required and has no default: set it in Pulumi\.dev\.yaml \(pulumi config set team <value>\)$/));

        it("on the command line: one line, exit 2", async () => {
            const { code, err } = await cli("plan", "--stack", "dev", "--cwd", yamlProject("variables:\n  x: 1\nresources: {}\n"));
            assert.equal(code, 2);
            assert.equal(err, "pulumi-user-backend plan: variables (x) are not supported by the offline plan: write each value where it is used, or declare it under config\n");
        });

        it("a runtime other than nodejs and yaml", async () => {
            const dir = scratchProject({ "Pulumi.yaml": "name: py\nruntime: python\n", "Pulumi.dev.yaml": "config: {}\n" }, "py-");
            await assert.rejects(planOf(dir), /^PlanInputError: the plan runs Node.js and Pulumi YAML programs; this project's runtime is python$/);
        });
    });
});
