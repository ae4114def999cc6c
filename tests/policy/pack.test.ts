import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { loadStack } from "../../offline/project";
import { record } from "../../offline/recorder";
import { isUnknown, Recording } from "../../offline/recording";
import { evaluateRules, RuleException, rules } from "../../offline/rules";
import { hardenedBucket } from "../support/rules-fixtures";
import { DEFAULT_ENFORCEMENT, PolicyConfig, policiesOf, policyPackArgs, recordingOf } from "../../policy/policies";

/**
 * The CrossGuard pack (policy/) gives the same verdicts as the offline plan: its stack validation
 * policies, called as the policy SDK calls them, over the recorded resources mapped to what the
 * engine hands a stack policy, report exactly the findings of `evaluateRules` (rule id and URN) on
 * the broken fixture and on the reference stack prod.
 *
 * What this cannot prove offline: that the engine's `props` for every resource are the recorder's
 * outputs (inputs plus computed outputs, with `id`), and a component's its registered outputs; and
 * what a real `pulumi preview --policy-pack policy/` reports (that needs the Pulumi CLI).
 */

const root = path.resolve(__dirname, "../..");
const broken = path.join(__dirname, "../fixtures/broken-stack");

// The policy SDK wraps props in a proxy that throws on reading a value not known yet, and marks
// those values with sentinels (@pulumi/policy proxy.js). Using its own proxy keeps this test honest.
const sdkProxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy(value: unknown): any; unknownStringValue: string };

/** A recorded value as the engine serializes it: the recorder's unknowns become the SDK's sentinel. */
function engineValue(value: unknown): unknown {
    if (isUnknown(value)) return sdkProxy.unknownStringValue;
    if (Array.isArray(value)) return value.map(engineValue);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, engineValue(v)]));
    return value;
}

/**
 * The recorded resources as the engine gives them to a stack policy: the final state of a custom
 * resource (its inputs and outputs, with `id`), the registered outputs of a component, a default
 * provider for every custom resource, parents and dependencies as resource objects.
 */
function policyResources(rec: Recording, unknownProps: Readonly<Record<string, readonly string[]>> = {}): PolicyResource[] {
    const provider = { type: "pulumi:providers:aws", urn: "urn:pulumi:stack::project::pulumi:providers:aws::default", name: "default", props: {} };
    const byUrn = new Map<string, PolicyResource>();
    const out = rec.resources.map((r) => {
        const state: Record<string, unknown> = r.custom ? { ...r.outputs, ...(r.id !== undefined ? { id: r.id } : {}) } : { ...r.registeredOutputs };
        // As an update preview shows a resource whose inputs change with another's output.
        for (const k of unknownProps[r.name] ?? []) state[k] = sdkProxy.unknownStringValue;
        const resource: PolicyResource = {
            type: r.type,
            name: r.name,
            urn: r.urn,
            props: sdkProxy.unknownCheckingProxy(engineValue(state)),
            opts: { protect: r.protect, ignoreChanges: [...r.ignoreChanges], deleteBeforeReplace: r.deleteBeforeReplace, aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], parent: r.parent },
            ...(r.custom ? { provider } : {}),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    rec.resources.forEach((r, i) => {
        const resource = out[i] as { parent?: PolicyResource; dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> };
        if (r.parent && byUrn.has(r.parent)) resource.parent = byUrn.get(r.parent);
        resource.dependencies = r.dependencies.flatMap((d) => (byUrn.has(d) ? [byUrn.get(d)!] : []));
        for (const [k, v] of Object.entries(r.propertyDependencies)) resource.propertyDependencies[k] = v.flatMap((d) => (byUrn.has(d) ? [byUrn.get(d)!] : []));
    });
    return out;
}

interface Reported {
    readonly policy: string;
    readonly urn?: string;
    readonly message: string;
}

/** Runs every policy's stack validation as the SDK does (server.js makeAnalyzeStackRpcFun), with each policy's config. */
async function validate(policies: StackValidationPolicy[], resources: PolicyResource[], config: (policy: string) => PolicyConfig = () => ({})): Promise<Reported[]> {
    const reported: Reported[] = [];
    for (const policy of policies) {
        const args: StackValidationArgs = {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => config(policy.name) as T,
            notApplicable: (reason?: string) => {
                throw new Error(`not applicable: ${reason}`);
            },
        };
        await policy.validateStack(args, (message, urn) => reported.push({ policy: policy.name, urn, message }));
    }
    return reported;
}

/** Records a Pulumi project's stack program as the plan does. */
async function recordStack(cwd: string, stack: string, config: Record<string, string> = {}): Promise<{ rec: Recording; exceptions: RuleException[] }> {
    const loaded = loadStack(cwd, stack);
    const dir = path.dirname(loaded.program);
    const rec = await record(
        () => {
            for (const file of Object.keys(require.cache).filter((f) => f.startsWith(dir) && !f.includes("node_modules"))) delete require.cache[file];
            return require(loaded.program);
        },
        { project: loaded.project, stack, config: { ...loaded.config, ...config } },
    );
    return { rec, exceptions: loaded.exceptions.filter((e) => !e.stacks || e.stacks.includes(stack)) };
}

const pairs = (items: { ruleId?: string; policy?: string; urn?: string; resource?: { urn: string } }[]) => items.map((i) => `${i.ruleId ?? i.policy} ${i.urn ?? i.resource!.urn}`).sort();

describe("CrossGuard policy pack (policy/)", () => {
    it("has one stack validation policy per rule, named by its id, enforced by severity: high mandatory, medium and low advisory", () => {
        const policies = policiesOf();
        assert.deepEqual(policies.map((p) => p.name), rules.map((r) => r.id));
        for (const [i, rule] of rules.entries()) {
            assert.equal(policies[i].severity, rule.severity);
            assert.equal(policies[i].enforcementLevel, { high: "mandatory", medium: "advisory", low: "advisory" }[rule.severity], rule.id);
            assert.ok(policies[i].description.startsWith(`${rule.title}. ${rule.rationale}`));
            assert.equal(typeof policies[i].validateStack, "function");
        }
        assert.deepEqual(DEFAULT_ENFORCEMENT, { high: "mandatory", medium: "advisory", low: "advisory" });
        assert.equal(policyPackArgs().policies.length, rules.length);
    });

    it("lets a platform team choose the enforcement per severity", () => {
        const strict = policiesOf({ enforcement: { medium: "mandatory", low: "disabled" } });
        for (const [i, rule] of rules.entries()) assert.equal(strict[i].enforcementLevel, { high: "mandatory", medium: "mandatory", low: "disabled" }[rule.severity], rule.id);
    });

    describe("gives the plan's verdicts", () => {
        it("on the broken fixture: every finding of evaluateRules, by rule id and URN, and nothing else", async () => {
            const { rec } = await recordStack(broken, "dev");
            const findings = evaluateRules(rec).findings;
            assert.ok(findings.length >= 7, "the fixture is broken");
            const reported = await validate(policiesOf(), policyResources(rec));
            assert.deepEqual(pairs(reported), pairs(findings));
            // Each violation says what the finding says, on the resource at fault.
            for (const f of findings) assert.ok(reported.some((r) => r.policy === f.ruleId && r.urn === f.resource.urn && r.message === `${f.message} (${f.resource.name} ${f.property})`), `${f.ruleId} ${f.message}`);
        });

        it("on the broken fixture with the newer rules' mistakes: each of those rules finds its mistake, and the pack reports the same", async () => {
            const { rec } = await recordStack(broken, "dev", { "broken-backend:serviceGaps": "true" });
            const findings = evaluateRules(rec).findings;
            const found = new Set(findings.map((f) => f.ruleId));
            assert.deepEqual(["UB-KMS-KEY-POLICY", "UB-LOGS-ENCRYPTION", "UB-SFN-LOGGING", "UB-SFN-XRAY", "UB-WAF-LOGGING", "UB-COG-OWNER-TAG"].filter((id) => !found.has(id)), []);
            assert.deepEqual(pairs(await validate(policiesOf(), policyResources(rec))), pairs(findings));
        });

        it("on the reference stack prod, with its declared exceptions as policy config: the same findings (none once prod is clean)", async () => {
            const { rec, exceptions } = await recordStack(root, "prod");
            const plan = evaluateRules(rec, { exceptions, stack: "prod" });
            assert.ok(plan.excepted.length > 0, "prod has excepted findings, so the exceptions are exercised");
            const config = (policy: string): PolicyConfig => ({ exceptions: exceptions.filter((e) => e.rule === policy).map(({ resource, property, reason }) => ({ resource, property, reason })) });
            const reported = await validate(policiesOf(), policyResources(rec), config);
            assert.deepEqual(pairs(reported), pairs(plan.findings));
            // Without the declared exceptions, the pack reports what they except: they are not dropped silently.
            const declared = plan.excepted.filter((e) => e.source === "declared").map((e) => e.finding);
            assert.ok(declared.length > 0);
            const bare = await validate(policiesOf(), policyResources(rec));
            assert.deepEqual(pairs(bare), pairs([...plan.findings, ...declared]));
        });

        it("reads the mapped resources as the recorder wrote them: types, parents, inputs, component outputs, dependencies", async () => {
            const { rec } = await recordStack(root, "prod");
            const mapped = recordingOf(policyResources(rec));
            for (const r of rec.resources) {
                const m = mapped.byUrnOrThrow(r.urn);
                assert.deepEqual([m.type, m.name, m.custom, m.parent, m.dependencies], [r.type, r.name, r.custom, r.parent, r.dependencies], r.urn);
                if (r.custom) {
                    assert.equal(m.id, r.id);
                    for (const [k, v] of Object.entries(r.inputs)) assert.deepEqual(m.inputs[k], v, `${r.urn} ${k}`);
                } else {
                    assert.deepEqual(m.registeredOutputs, r.registeredOutputs, r.urn);
                }
            }
        });
    });

    describe("in a preview, with values not known yet", () => {
        const program = () => {
            hardenedBucket("files");
            new aws.cloudwatch.LogGroup("forever", {});
            return {};
        };

        it("reports findings on resources it knows, and holds back those on resources with unknown values, where a rule may only miss what apply fills in", async () => {
            const full = await record(program);
            const plan = evaluateRules(full).findings;
            assert.deepEqual(pairs(await validate(policiesOf(), policyResources(full))), pairs(plan));
            // An update preview: the bucket policy's document is not known until the bucket's ARN is.
            const previewed = policyResources(full, { "files-policy": ["policy"] });
            const reported = await validate(policiesOf(), previewed);
            assert.deepEqual(pairs(reported), pairs(plan));
            // The rules alone would read the unknown document as "no TLS deny": that is what the pack holds back.
            const tls = evaluateRules(recordingOf(previewed)).findings.filter((f) => f.ruleId === "UB-S3-TLS");
            assert.deepEqual(tls.map((f) => f.resource.name), ["files-policy"]);
            assert.ok(!reported.some((r) => r.policy === "UB-S3-TLS"));
            assert.ok(reported.some((r) => r.policy === "UB-LOGS-RETENTION" && r.urn === full.one(aws.cloudwatch.LogGroup, "forever").urn));
        });

        it("a first preview, where every created resource's id is unknown, runs every policy without stopping and reports nothing it cannot know", async () => {
            const preview = await record(program, { preview: true });
            assert.ok(preview.resources.some((r) => isUnknown(r.id)), "the preview has unknown ids");
            assert.deepEqual(await validate(policiesOf(), policyResources(preview)), []);
        });
    });

    it("loads under Node 20 and serves: `node policy/index.ts` run from policy/ prints the analyzer's port", async function () {
        this.timeout(60_000);
        assert.equal(process.versions.node.split(".")[0], "20");
        const child = spawn(process.execPath, ["-r", path.join(root, "scripts/ts-node-swc.js"), "index.ts"], { cwd: path.join(root, "policy"), stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        const port = await new Promise<string>((resolve, reject) => {
            child.stdout.on("data", (d) => {
                out += d;
                if (/^\d+\n/.test(out)) resolve(out.trim());
            });
            child.stderr.on("data", (d) => (err += d));
            child.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${err}`)));
        }).finally(() => child.kill());
        assert.ok(Number(port) > 0, port);
    });
});
