import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { record, Recording } from "../../offline";

/** The reference stack (`stacks/`), run offline as `pulumi up` would run it. */
export const root = path.resolve(__dirname, "../..");
export const program = path.join(root, "stacks/index.ts");
export const project = "user-backend-reference";

export type Outputs = { apiUrl: string; bucketName: string; userPoolId: string; identityPoolId: string; amplifyConfig: any };

/** A stack's config as the Pulumi CLI hands it to the program: every value a string, structured values as JSON. */
export function stackConfig(stack: string): Record<string, string> {
    const file = parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(file.config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Runs the reference program with a stack's config, its modules loaded fresh. */
export function runStack(stack: string, config: Record<string, string> = stackConfig(stack)): Promise<Recording<Outputs>> {
    return record(
        () => {
            for (const file of Object.keys(require.cache).filter((f) => f.startsWith(path.join(root, "stacks")))) delete require.cache[file];
            return require(program);
        },
        { project, stack, config },
    );
}
