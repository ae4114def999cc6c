import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { record, Recording } from "../../offline";

export const root = path.resolve(__dirname, "../..");

/** Config as the Pulumi CLI hands it to a program: declared defaults, then the stack file's values; structured values as JSON. */
function configOf(projectDir: string, stack?: string, given: Record<string, unknown> = {}): { project: string; config: Record<string, string> } {
    const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, any> };
    const values: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        if (declaration && typeof declaration === "object" && "default" in declaration) values[`${project.name}:${key}`] = declaration.default;
    }
    if (stack) {
        const file = parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
        for (const [key, value] of Object.entries(file.config ?? {})) values[key.includes(":") ? key : `${project.name}:${key}`] = value;
    }
    for (const [key, value] of Object.entries(given)) values[`${project.name}:${key}`] = value;
    return { project: project.name, config: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) };
}

/** What an example needs beyond its declared defaults, as its README has a user set it. */
const exampleConfig: Record<string, Record<string, unknown>> = {
    "examples/direct-upload": { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"], domainPrefix: "acme-uploads" },
};

/**
 * Runs a program as `pulumi up` would, from fresh modules (a program registers its resources when it
 * is loaded): the reference stack (`stacks/`) with a stack's config, or an example with its defaults.
 */
export function recordProgram(program: "reference" | `examples/${string}`, stack = "dev"): Promise<Recording> {
    const projectDir = program === "reference" ? root : path.join(root, program);
    const entry = program === "reference" ? path.join(root, "stacks/index.ts") : path.join(projectDir, "index.ts");
    const { project, config } = configOf(projectDir, program === "reference" ? stack : undefined, program === "reference" ? {} : exampleConfig[program]);
    const fresh = path.dirname(entry);
    return record(
        () => {
            for (const file of Object.keys(require.cache)) if (file.startsWith(fresh + path.sep)) delete require.cache[file];
            return require(entry);
        },
        { project, stack, config },
    );
}

/** The examples, by folder. */
export const examples = fs
    .readdirSync(path.join(root, "examples"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, "examples", d.name, "index.ts")))
    .map((d) => `examples/${d.name}` as const)
    .sort();
