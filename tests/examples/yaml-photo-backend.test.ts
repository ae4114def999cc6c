import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { readYamlProgram, schemaProblems, YamlProgram } from "../support/yaml-program";

// examples/yaml-photo-backend: the components from Pulumi YAML, through the component package. Every
// type, property, enum value and output it names must exist in the package's schema (schema.json, which
// tests/plugin/host.test.ts proves is what the host serves); tests/plugin runs it through Construct.

const dir = path.resolve(__dirname, "../../examples/yaml-photo-backend");
const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../schema.json"), "utf8"));

describe("the Pulumi YAML example (examples/yaml-photo-backend)", () => {
    const program = readYamlProgram(dir);
    const copy = (): YamlProgram => JSON.parse(JSON.stringify(program));

    it("is a YAML program that uses the three components of the package this repository is", () => {
        assert.equal(program.runtime, "yaml");
        assert.equal(program.packages?.["user-backend"], "../..", "the package source is this repository");
        assert.deepEqual(Object.values(program.resources).map((r) => r.type).sort(), ["user-backend:index:AuthorizedApi", "user-backend:index:CognitoAuth", "user-backend:index:SecureUserBucket"]);
    });

    it("names only types, properties, enum values and outputs the schema has", () => {
        assert.deepEqual(schemaProblems(program, schema), []);
    });

    it("would be caught naming a property, an enum value or an output the schema does not have", () => {
        const renamed = copy();
        (renamed.resources.auth.properties as any).mfaMode = "ON";
        assert.deepEqual(schemaProblems(renamed, schema), ["auth.mfaMode: no such property"]);

        const badEnum = copy();
        (badEnum.resources.auth.properties as any).mfa = "SOMETIMES";
        assert.match(schemaProblems(badEnum, schema).join("\n"), /^auth\.mfa: "SOMETIMES" is not one of "OFF", "OPTIONAL", "ON"$/);

        const nested = copy();
        (nested.resources.photos.properties as any).grants[0].roles = {};
        assert.deepEqual(schemaProblems(nested, schema), ["photos.grants[0].roles: no such property"]);

        const output = copy();
        (output.outputs as any).apiUrl = "${api.endpoint}";
        assert.deepEqual(schemaProblems(output, schema), ["outputs: ${api.endpoint} is not an output of user-backend:index:AuthorizedApi"]);

        const missing = copy();
        delete (missing.resources.api.properties as any).routes;
        assert.deepEqual(schemaProblems(missing, schema), ["api.routes: required"]);
    });

    it("has a dev stack that sets the region and every configuration key the program declares", () => {
        const stack = parse(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
        assert.equal(stack.config["aws:region"], "eu-west-1");
        for (const key of Object.keys(program.config ?? {})) assert.ok(`${program.name}:${key}` in stack.config, key);
    });
});
