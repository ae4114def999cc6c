import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { record, Recording, unknown } from "../../offline";
import { compactValue, formatSteps, planUpdate, readSnapshot, snapshotOf, SnapshotResource, Step, writeSnapshot } from "../../offline/steps";

/** A small API: RestApi, a Resource and a Method on it, a Deployment and a Stage, with knobs to change. */
interface Knobs {
    routes?: string[];
    description?: string;
    trigger?: string;
    deleteBeforeReplace?: boolean;
    stageName?: string;
}

function api(knobs: Knobs = {}) {
    const restApi = new aws.apigateway.RestApi("api", { description: knobs.description ?? "v1" });
    const methods = (knobs.routes ?? ["photos"]).map((path) => {
        const resource = new aws.apigateway.Resource(`path-${path}`, { restApi: restApi.id, parentId: restApi.rootResourceId, pathPart: path });
        return new aws.apigateway.Method(`get-${path}`, { restApi: restApi.id, resourceId: resource.id, httpMethod: "GET", authorization: "NONE" });
    });
    const deployment = new aws.apigateway.Deployment(
        "deployment",
        { restApi: restApi.id, triggers: { definition: knobs.trigger ?? "1" } },
        { dependsOn: methods, deleteBeforeReplace: knobs.deleteBeforeReplace },
    );
    new aws.apigateway.Stage("stage", { restApi: restApi.id, deployment: deployment.id, stageName: knobs.stageName ?? "api" });
    return {};
}

const run = (knobs?: Knobs): Promise<Recording> => record(() => api(knobs));

/** `op name` of every step that does something, in order. */
const ops = (steps: Step[]) => steps.filter((s) => s.op !== "same").map((s) => `${s.op}${s.original ? " original" : ""} ${s.name}`);
const at = (steps: Step[], op: string, name: string) => {
    const i = steps.findIndex((s) => `${s.op}${s.original ? " original" : ""} ${s.name}` === `${op} ${name}`);
    assert.ok(i >= 0, `no step "${op} ${name}" in:\n${formatSteps(steps)}`);
    return i;
};

/** A raw resource, for programs a recording cannot produce (dependencies out of registration order). */
function raw(name: string, type: string, inputs: Record<string, unknown>, options: Partial<SnapshotResource> = {}): SnapshotResource {
    return {
        urn: `urn:pulumi:stack::project::${type}::${name}`,
        type,
        name,
        custom: true,
        inputs,
        dependencies: [],
        deleteBeforeReplace: false,
        replaceOnChanges: [],
        retainOnDelete: false,
        protect: false,
        aliases: [],
        ...options,
    };
}
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/rolePolicy:RolePolicy";
const urnOf = (name: string, type: string) => `urn:pulumi:stack::project::${type}::${name}`;

describe("offline step list (planUpdate)", () => {
    it("creates everything of a new stack in dependency order, whatever order the program lists it in", () => {
        const policy = raw("policy", POLICY, { role: "r" }, { dependencies: [urnOf("role", ROLE)], propertyDependencies: { role: [urnOf("role", ROLE)] } });
        const role = raw("role", ROLE, { assumeRolePolicy: "{}" });
        const steps = planUpdate([], [policy, role]);
        assert.deepEqual(ops(steps), ["create role", "create policy"]);
    });

    it("creates a recorded program's resources after what they depend on", async () => {
        const steps = planUpdate([], await run());
        for (const [first, then] of [
            ["api", "path-photos"],
            ["path-photos", "get-photos"],
            ["get-photos", "deployment"],
            ["deployment", "stage"],
        ]) {
            assert.ok(at(steps, "create", first) < at(steps, "create", then), `${first} before ${then}`);
        }
    });

    it("does nothing when the program has not changed", async () => {
        const steps = planUpdate(await run(), await run());
        assert.deepEqual(ops(steps), []);
        assert.ok(steps.every((s) => s.op === "same"));
    });

    it("updates in place an input the provider can change (RestApi description)", async () => {
        const steps = planUpdate(await run(), await run({ description: "v2" }));
        assert.deepEqual(ops(steps), ["update api"]);
        assert.deepEqual(steps.find((s) => s.name === "api")!.changed, ["description"]);
    });

    it("replaces a resource when a ForceNew input changes (Stage stageName), with the input and the rule as reason", async () => {
        const steps = planUpdate(await run(), await run({ stageName: "v2" }));
        const stage = steps[at(steps, "replace", "stage")];
        assert.deepEqual(stage.changed, ["stageName"]);
        assert.equal(stage.reason, "stageName cannot change in place");
    });

    it("creates a replacement before deleting the original, and updates dependents in between (Deployment triggers)", async () => {
        const steps = planUpdate(await run(), await run({ trigger: "2" }));
        assert.deepEqual(ops(steps), ["replace deployment", "update stage", "delete original deployment"]);
        // The Stage's deployment id comes from the replacement, so it is unknown until then: a change.
        assert.deepEqual(steps[at(steps, "update", "stage")].changed, ["deployment"]);
    });

    it("deletes the original just before its replacement with deleteBeforeReplace", async () => {
        const steps = planUpdate(await run({ deleteBeforeReplace: true }), await run({ deleteBeforeReplace: true, trigger: "2" }));
        assert.deepEqual(ops(steps), ["delete original deployment", "replace deployment", "update stage"]);
        assert.match(steps[at(steps, "delete original", "deployment")].reason!, /^deleteBeforeReplace: triggers cannot change in place/);
    });

    it("deletes resources gone from the program last, dependents before what they depend on", async () => {
        const steps = planUpdate(await run({ routes: ["photos", "uploads"] }), await run({ routes: ["photos"] }));
        assert.deepEqual(ops(steps), ["delete get-uploads", "delete path-uploads"]);
        assert.equal(steps[at(steps, "delete", "get-uploads")].reason, "no longer in the program");
    });

    it("orders deletes by the old program's dependencies, not by the order it listed them", () => {
        const role = raw("role", ROLE, { assumeRolePolicy: "{}" });
        const policy = raw("policy", POLICY, { role: "r" }, { dependencies: [role.urn] });
        assert.deepEqual(ops(planUpdate([role, policy], [])), ["delete policy", "delete role"]);
        assert.deepEqual(ops(planUpdate([policy, role], [])), ["delete policy", "delete role"]);
    });

    it("replaces on a change to a property listed in replaceOnChanges, naming it", () => {
        const before = raw("role", ROLE, { description: "a" }, { replaceOnChanges: ["description"] });
        const steps = planUpdate([before], [{ ...before, inputs: { description: "b" } }]);
        assert.deepEqual(ops(steps), ["replace role", "delete original role"]);
        assert.equal(steps[at(steps, "replace", "role")].reason, "replaceOnChanges: description");
    });

    it("counts a value unknown in a preview as changed (and RolePolicy role is ForceNew)", () => {
        const before = raw("policy", POLICY, { role: "r", policy: "{}" });
        const steps = planUpdate([before], [{ ...before, inputs: { role: unknown, policy: "{}" } }]);
        assert.deepEqual(ops(steps), ["replace policy", "delete original policy"]);
        assert.deepEqual(steps[0].changed, ["role"]);
    });

    it("replaces a Lambda permission on any change: it has no update", () => {
        const type = "aws:lambda/permission:Permission";
        const before = raw("invoke", type, { action: "lambda:InvokeFunction", function: "f", principal: "apigateway.amazonaws.com", sourceArn: "arn:a" });
        const steps = planUpdate([before], [{ ...before, inputs: { ...before.inputs, sourceArn: "arn:b" } }]);
        assert.equal(steps[0].op, "replace");
    });

    it("replaces an Authorizer only when its type switches to or from COGNITO_USER_POOLS", () => {
        const type = "aws:apigateway/authorizer:Authorizer";
        const before = raw("authorizer", type, { restApi: "a", type: "TOKEN" });
        assert.equal(planUpdate([before], [{ ...before, inputs: { restApi: "a", type: "REQUEST" } }])[0].op, "update");
        assert.equal(planUpdate([before], [{ ...before, inputs: { restApi: "a", type: "COGNITO_USER_POOLS" } }])[0].op, "replace");
    });

    it("says when it assumed an update for a type outside its table", () => {
        const before = raw("table", "aws:dynamodb/table:Table", { hashKey: "a" });
        const [step] = planUpdate([before], [{ ...before, inputs: { hashKey: "b" } }]);
        assert.equal(step.op, "update");
        assert.equal(step.reason, "no replacement table for aws:dynamodb/table:Table: assumed an in-place update");
    });

    it("follows an alias: a renamed or re-parented resource is the same resource, not a create and a delete", async () => {
        const before = await record(() => new aws.iam.Role("old-name", { assumeRolePolicy: "{}" }) && {});
        const after = await record(() => new aws.iam.Role("new-name", { assumeRolePolicy: "{}" }, { aliases: [{ name: "old-name" }] }) && {});
        const moved = await record(() => {
            const parent = new pulumi.ComponentResource("user-backend:test:Box", "box");
            new aws.iam.Role("old-name", { assumeRolePolicy: "{}" }, { parent, aliases: [{ parent: pulumi.rootStackResource }] });
            return {};
        });
        assert.deepEqual(ops(planUpdate(before, after)), []);
        assert.deepEqual(ops(planUpdate(before, moved)), ["create box"]);
    });

    it("warns that pulumi up stops at a protected resource it would delete, and that retainOnDelete leaves it in AWS", () => {
        const kept = raw("pool", "aws:cognito/userPool:UserPool", {}, { protect: true, retainOnDelete: true });
        const [step] = planUpdate([kept], []);
        assert.equal(step.reason, "no longer in the program; protected, so pulumi up stops here; retainOnDelete: left in AWS, removed from the stack only");
    });

    it("plans the same from a JSON snapshot of the old program as from its recording", async () => {
        const old = await run({ routes: ["photos", "uploads"] });
        const snapshot = readSnapshot(writeSnapshot(snapshotOf(old, "test")));
        assert.deepEqual(planUpdate(snapshot, await run()), planUpdate(old, await run()));
        assert.equal(snapshot.resources.length, old.resources.length);
    });

    it("keeps long strings and secrets in a snapshot as digests, equal when the values are equal", () => {
        const long = "x".repeat(300);
        assert.match(compactValue(long) as string, /^sha256:[0-9a-f]{16} \(300 chars\)$/);
        assert.equal(compactValue(long), compactValue("x".repeat(300)));
        assert.notEqual(compactValue(long), compactValue("y".repeat(300)));
        assert.match(compactValue("hunter2", true) as string, /^secret sha256:/);
        assert.equal(compactValue("short"), "short");
    });

    it("refuses a snapshot without a resource list, quoting what it received", () => {
        assert.throws(() => readSnapshot('{"source": "x"}'), /a snapshot must hold a "resources" list \(received: \{"source": "x"\}\)/);
    });

    it("lists the steps one a line, as pulumi preview marks them", async () => {
        const text = formatSteps(planUpdate(await run({ routes: ["photos", "uploads"] }), await run({ trigger: "2" })));
        assert.equal(
            text,
            [
                "+- replace Deployment deployment [triggers]",
                "~ update Stage stage [deployment]",
                "- delete original Deployment deployment",
                "- delete Method get-uploads",
                "- delete Resource path-uploads",
            ].join("\n"),
        );
    });
});
