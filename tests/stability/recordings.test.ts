import { strict as assert } from "assert";
import { Recording } from "../../offline";
import { examples, recordProgram } from "../support/stability";

/**
 * Two runs of the same program must ask the engine for exactly the same thing (issue 12): any input
 * that differs between runs (a timestamp, a random suffix, an order taken from a Set or a hash) would
 * show as a diff, or a replacement, on every `pulumi up`. Compared for every resource, not only the
 * deployment, with the options that decide replacements.
 */
function registrations(rec: Recording): Map<string, unknown> {
    return new Map(
        rec.resources.map((r) => [
            r.urn,
            {
                inputs: r.inputs,
                secretInputs: [...r.secretInputs].sort(),
                parent: r.parent,
                dependencies: [...r.dependencies].sort(),
                protect: r.protect,
                retainOnDelete: r.retainOnDelete,
                deleteBeforeReplace: r.deleteBeforeReplace,
                ignoreChanges: r.ignoreChanges,
                replaceOnChanges: r.replaceOnChanges,
                aliases: r.aliases,
            },
        ]),
    );
}

function assertSameRegistrations(first: Recording, second: Recording, what: string): void {
    const a = registrations(first);
    const b = registrations(second);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), `${what}: the two runs registered different resources`);
    const differing = [...a.keys()].filter((urn) => {
        try {
            assert.deepStrictEqual(b.get(urn), a.get(urn));
            return false;
        } catch {
            return true;
        }
    });
    for (const urn of differing) assert.deepStrictEqual(b.get(urn), a.get(urn), `${what}: ${urn} differs between two runs of the same program (${differing.length} resources differ)`);
}

describe("stability: two recordings of the same program are identical", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"]) {
        it(`the reference stack ${stack}: every resource gets the same inputs and options`, async () => {
            const first = await recordProgram("reference", stack);
            const second = await recordProgram("reference", stack);
            assert.ok(first.resources.length > 30, `only ${first.resources.length} resources`);
            assertSameRegistrations(first, second, `reference ${stack}`);
        });
    }

    for (const example of examples) {
        it(`${example}: every resource gets the same inputs and options`, async () => {
            const first = await recordProgram(example);
            const second = await recordProgram(example);
            assert.ok(first.resources.length > 5, `only ${first.resources.length} resources`);
            assertSameRegistrations(first, second, example);
        });
    }
});
