import { strict as assert } from "assert";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { UserBackendInputError } from "../../components/validation";
import { evaluateRules, record } from "../../offline";

/**
 * How much the fuzz suite does, bounded so `npm test` stays fast and repeatable: a fixed seed unless
 * FUZZ_SEED says otherwise (print it to replay a CI failure), FUZZ_RUNS argument sets per component,
 * and one accepted set in FUZZ_RECORD_EVERY recorded as a graph, at most FUZZ_RECORDS per component.
 */
export const fuzz = {
    seed: Number(process.env.FUZZ_SEED ?? 20261201),
    runs: Number(process.env.FUZZ_RUNS ?? 1000),
    recordEvery: Number(process.env.FUZZ_RECORD_EVERY ?? 20),
    records: Number(process.env.FUZZ_RECORDS ?? 4),
};

/** The longest a pure validator may take on one argument set (huge arrays included) before it counts as a hang: generous, because the machine is shared; a linear validator takes a few ms. */
const VALIDATOR_BUDGET_MS = 2000;

/** An Output of a plain value, which a failure report prints as `pulumi.output(<value>)`. */
export function output<T>(value: T): pulumi.Output<pulumi.Unwrap<T>> {
    return Object.assign(pulumi.output(value), { [fc.toStringMethod]: () => `pulumi.output(${fc.stringify(value)})` }) as pulumi.Output<pulumi.Unwrap<T>>;
}

/** Objects as programs write them: fast-check would also make null-prototype ones, which no caller passes. */
export const plainObjects = { noNullPrototype: true } as const;

/** A value a careless or hostile caller might pass where anything else was expected. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constant(""),
    fc.constant(" "),
    fc.constant(NaN),
    fc.constant(-1),
    fc.constant(0),
    fc.constant(1e21),
    fc.constant(Infinity),
    fc.constant(true),
    fc.constant([]),
    fc.constant({}),
    fc.constant("__proto__"),
    fc.constant("../../etc/passwd"),
    fc.constant("a".repeat(5000)),
    // Huge arrays: a validator that loops over them must stay linear.
    fc.constant(Array.from({ length: 20000 }, (_, i) => `x${i}`)),
    fc.constant(Array.from({ length: 5000 }, () => ({}))),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 4, ...plainObjects }),
    // An Output where a plain value is expected: validation must skip or defer it, never read it.
    fc.constantFrom<unknown>(output("arn:aws:s3:::x"), output(42), output(["x"]), output({ a: "b" })),
);

/**
 * Mostly the valid value, sometimes a near miss (`near`), sometimes anything at all: each field of an
 * argument set is drawn this way, so most sets differ from a valid one in a field or two.
 */
export function field<T>(valid: fc.Arbitrary<T>, ...near: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
    return fc.oneof({ weight: 20, arbitrary: valid }, ...near.map((arbitrary) => ({ weight: 2, arbitrary })), { weight: 1, arbitrary: hostile });
}

/** The valid value only: how the same builder draws argument sets meant to be accepted. */
export function validField<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
    return valid;
}

export type Field = typeof field;

/**
 * Argument sets from one builder, a third drawn from valid values only (they should be accepted, and
 * exercise the recorded path), the rest with near misses and hostile values in any field.
 */
export function argumentSets<A>(build: (f: Field) => fc.Arbitrary<A>): fc.Arbitrary<A> {
    return fc.oneof({ weight: 1, arbitrary: build(validField) }, { weight: 2, arbitrary: build(field) });
}

/** An object of optional fields (each absent, or drawn by `field`). */
export function optionalFields(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
    return fc.record(fields, { requiredKeys: [], ...plainObjects }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value rendered for a failure message: Outputs and huge values stay readable. */
export function show(value: unknown): string {
    const text = fc.stringify(value);
    return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text;
}

/**
 * The project's input error, naming the component, the instance and at least one field. Anything
 * else thrown (a TypeError from reading a wrong type, an unnamed Error) is a bug in the component.
 */
export function assertInputError(error: unknown, component: string, input: string): void {
    if (!(error instanceof UserBackendInputError)) {
        const e = error as Error;
        assert.fail(`${component} threw ${e?.name ?? typeof error} instead of UserBackendInputError: ${e?.message ?? String(error)}\n  input: ${input}\n  ${(e?.stack ?? "").split("\n").slice(1, 4).join("\n  ")}`);
    }
    assert.equal(error.component, component, `wrong component in: ${error.message}`);
    assert.ok(error.issues.length > 0, `no issue in: ${error.message}`);
    for (const issue of error.issues) {
        assert.ok(typeof issue.field === "string" && issue.field.length > 0, `an issue names no field: ${error.message}\n  input: ${input}`);
        assert.ok(typeof issue.rule === "string" && issue.rule.length > 0, `an issue states no rule: ${error.message}\n  input: ${input}`);
    }
    assert.ok(error.message.startsWith(`${component} "`), `the message does not start with the component: ${error.message}`);
}

export interface FuzzTarget<A> {
    readonly component: string;
    /** Instance names and arguments. */
    readonly sets: fc.Arbitrary<[string, A]>;
    /** The pure validator, run on every set. */
    readonly validate: (name: string, args: A) => void;
    /** A program creating the component (and what it needs), recorded for a sample of the accepted sets. */
    readonly program: (name: string, args: A) => void;
}

export interface FuzzStats {
    readonly runs: number;
    readonly refused: number;
    readonly accepted: number;
    readonly recorded: number;
    readonly refusedAtRecord: number;
    /** How often each top-level field was named by a refusal. */
    readonly fields: ReadonlyMap<string, number>;
}

/**
 * What went wrong, grouped so that one bug is reported once: the error's class and message with the
 * values taken out, and the component line it came from.
 */
function signature(error: unknown): string {
    const e = error as Error;
    const where = (e?.stack ?? "").split("\n").find((line) => line.includes("/components/"))?.trim().replace(/^at /, "").replace(/\(?[^ ]*\/components\//, "components/").replace(/\)$/, "") ?? "?";
    const message = String(e?.message ?? error).replace(/"[^"]*"|\d+/g, "…").slice(0, 160);
    return `${e?.name ?? typeof error}: ${message} [${where}]`;
}

/** Every distinct failure with its shortest input, or nothing. */
class Failures {
    private readonly found = new Map<string, string>();
    add(error: unknown, input: string): void {
        const key = error instanceof assert.AssertionError ? `AssertionError: ${error.message.split("\n")[0].slice(0, 200)}` : signature(error);
        const known = this.found.get(key);
        if (known === undefined || input.length < known.length) this.found.set(key, input);
    }
    assertNone(component: string): void {
        const lines = [...this.found].map(([what, input], i) => `  ${i + 1}. ${what}\n     shortest input: ${input}`);
        assert.equal(lines.length, 0, `${component}: ${lines.length} kinds of failure (seed ${fuzz.seed}, FUZZ_SEED to replay):\n${lines.join("\n")}`);
    }
}

/**
 * Runs `fuzz.runs` argument sets (drawn with the fixed seed) through the validator: each must be
 * refused with a named input error, or accepted. A sample of the accepted ones is then recorded: the
 * run either fails with the input error (a value that was an Output, checked once known) or records a
 * graph with no high finding. Every distinct failure is reported at once, with its shortest input, so
 * one run lists every bug rather than the first.
 */
export async function fuzzComponent<A>(target: FuzzTarget<A>, runs = fuzz.runs): Promise<FuzzStats> {
    const failures = new Failures();
    const samples: [string, A][] = [];
    let refused = 0;
    let accepted = 0;
    const fields = new Map<string, number>();
    const rules = new Map<string, number>();
    for (const [name, args] of fc.sample(target.sets, { seed: fuzz.seed, numRuns: runs })) {
        const input = show([name, args]);
        const started = performance.now();
        try {
            target.validate(name, args);
            accepted++;
            if (accepted % fuzz.recordEvery === 1 && samples.length < fuzz.records) samples.push([name, args]);
        } catch (e) {
            try {
                assertInputError(e, target.component, input);
                refused++;
                for (const issue of (e as UserBackendInputError).issues) {
                    const top = issue.field.replace(/[[.].*$/, "");
                    fields.set(top, (fields.get(top) ?? 0) + 1);
                }
                const only = (e as UserBackendInputError).issues;
                if (process.env.FUZZ_VERBOSE && only.length === 1) rules.set(`${only[0].field.replace(/\[.*$/, "[]")} ${only[0].rule}`, (rules.get(`${only[0].field.replace(/\[.*$/, "[]")} ${only[0].rule}`) ?? 0) + 1);
            } catch {
                failures.add(e, input);
            }
        }
        const took = performance.now() - started;
        if (took > VALIDATOR_BUDGET_MS) failures.add(new assert.AssertionError({ message: `validation took more than ${VALIDATOR_BUDGET_MS} ms` }), input);
    }
    let refusedAtRecord = 0;
    for (const [name, args] of samples) {
        const input = show([name, args]);
        let graph;
        try {
            graph = await record(() => target.program(name, args), { timeoutSeconds: 20, allowEmpty: true });
        } catch (e) {
            try {
                assertInputError(e, target.component, input);
                refusedAtRecord++;
            } catch {
                failures.add(e, `${input} (accepted by validation, failed when recorded)`);
            }
            continue;
        }
        for (const f of evaluateRules(graph).findings.filter((f) => f.severity === "high")) {
            failures.add(new assert.AssertionError({ message: `accepted arguments record a high finding: ${f.ruleId} ${f.property}: ${f.message}` }), input);
        }
    }
    const stats = { runs, refused, accepted, recorded: samples.length, refusedAtRecord, fields };
    if (process.env.FUZZ_VERBOSE) {
        console.log(`    ${target.component}: ${JSON.stringify({ ...stats, fields: Object.fromEntries(fields) })}`);
        for (const [rule, n] of [...rules].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`      ${n} × ${rule.slice(0, 200)}`);
    }
    failures.assertNone(target.component);
    return stats;
}
