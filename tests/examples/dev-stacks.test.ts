import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { runPlan } from "../../offline/plan";

const examples = path.resolve(__dirname, "../../examples");
/** Every example, TypeScript or Pulumi YAML (yaml-photo-backend: the plan evaluates it in process). */
const folders = fs.readdirSync(examples).filter((f) => fs.existsSync(path.join(examples, f, "Pulumi.yaml")));

/** `npx pulumi-user-backend plan --stack dev` in each example folder, as a new user would try it. */
describe("each example's dev stack (Pulumi.dev.yaml)", function () {
    // One plan per example, about a second each.
    this.timeout(60_000);

    it("there are examples to check", () => assert.ok(folders.length >= 4, folders.join(", ")));

    for (const folder of folders) {
        it(`${folder}: sets aws:region and every key the project declares, and plans in that region`, async () => {
            const dir = path.join(examples, folder);
            const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, unknown> };
            const stack = parse(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
            assert.equal(stack.config["aws:region"], "eu-west-1");
            for (const key of Object.keys(project.config ?? {})) assert.ok(`${project.name}:${key}` in stack.config, `Pulumi.dev.yaml does not set ${key}`);
            for (const key of Object.keys(stack.config)) assert.ok(key === "aws:region" || (project.config ?? {})[key.slice(project.name.length + 1)] !== undefined, `${key} is not declared in Pulumi.yaml`);

            const report = await runPlan({ cwd: dir, stack: "dev" });
            assert.equal(report.project, project.name);
            assert.ok(report.resources.total > 0);
            assert.ok(report.posture.length > 0, "the example's components are in the posture");
            assert.deepEqual(report.findings.findings.filter((f) => f.severity === "high").map((f) => `${f.ruleId} ${f.resource.name}`), [], "no high finding");
            // Nothing in the recorder's default region: the stack's aws:region was read.
            assert.doesNotMatch(JSON.stringify(report), /us-east-1/);
        });
    }
});
