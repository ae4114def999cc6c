import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

// The README's Python program cannot run here (no Pulumi CLI, so no generated SDK), but every name it
// uses must be one the SDK generated from schema.json would have: each component and its keyword
// arguments, each enum and member, each output it reads. Pulumi's Python SDKs name properties in
// snake_case and enum members in UPPER_SNAKE_CASE.

const root = path.resolve(__dirname, "../..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const upperSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/** Every name the program uses that the schema must have, with whether it has it. */
function pythonNames(program: string): { name: string; known: boolean }[] {
    const out: { name: string; known: boolean }[] = [];
    const variables = new Map<string, string>();
    // `x = user_backend.Component("name", kw=..., ...)`: the call runs to the next blank line or statement.
    for (const call of program.matchAll(/^(\w+) = user_backend\.(\w+)\("[^"]+",([\s\S]*?)\)\n(?=\n|\S)/gm)) {
        const [, variable, component, body] = call;
        const resource = schema.resources[`user-backend:index:${component}`];
        out.push({ name: component, known: resource !== undefined });
        variables.set(variable, component);
        for (const kw of body.matchAll(/(?:^|\n)\s+(\w+)=/g)) out.push({ name: `${component}.${camel(kw[1])}`, known: resource?.inputProperties?.[camel(kw[1])] !== undefined });
    }
    for (const use of program.matchAll(/user_backend\.(\w+)\.(\w+)/g)) {
        const type = schema.types[`user-backend:index:${use[1]}`];
        out.push({ name: `${use[1]}.${use[2]}`, known: type?.enum?.some((e: { name: string }) => upperSnake(e.name) === use[2]) === true });
    }
    for (const read of program.matchAll(/\b(\w+)\.(\w+)\b/g)) {
        const component = variables.get(read[1]);
        if (component) out.push({ name: `${component}#${camel(read[2])}`, known: schema.resources[`user-backend:index:${component}`].properties[camel(read[2])] !== undefined });
    }
    return out;
}

describe("the README's Python program", () => {
    const blocks = [...readme.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]);

    it("is there, and uses the three components", () => {
        assert.equal(blocks.length, 1);
        const components = pythonNames(blocks[0]).filter((n) => !/[.#]/.test(n.name)).map((n) => n.name);
        assert.deepEqual(components.sort(), ["AuthorizedApi", "CognitoAuth", "SecureUserBucket"]);
    });

    it("names only arguments, enum members and outputs the generated SDK has", () => {
        const names = pythonNames(blocks[0]);
        assert.ok(names.length > 15, `only ${names.length} names checked`);
        assert.deepEqual(names.filter((n) => !n.known).map((n) => n.name), []);
    });

    it("would be caught naming what the schema does not have", () => {
        const broken = blocks[0].replace("owner_principal_tag=", "owner_tag=").replace("MfaMode.OPTIONAL", "MfaMode.SOMETIMES").replace("api.url", "api.endpoint");
        assert.deepEqual(pythonNames(broken).filter((n) => !n.known).map((n) => n.name).sort(), ["AuthorizedApi#endpoint", "MfaMode.SOMETIMES", "SecureUserBucket.ownerTag"]);
    });
});
