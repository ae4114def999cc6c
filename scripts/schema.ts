// Writes schema.json: the schema the component provider host serves on GetSchema, inferred by the
// SDK's analyzer (with plugin/analyzer-adapter.ts) from the components' TypeScript types.
// `npm run schema` rewrites it; tests/plugin/schema.test.ts fails when it is stale.
import * as fs from "fs";
import * as path from "path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { installAnalyzerAdapter } from "../plugin/analyzer-adapter";
import { hostOptions, packageRoot } from "../plugin/host";

/** The schema as the host would serve it, pretty-printed as committed. */
export async function inferSchema(root: string = packageRoot(path.join(__dirname, ".."))): Promise<string> {
    installAnalyzerAdapter();
    const provider = new ComponentProvider(hostOptions(root));
    return `${JSON.stringify(JSON.parse(await provider.getSchema()), null, 2)}\n`;
}

if (require.main === module) {
    const root = packageRoot(path.join(__dirname, ".."));
    inferSchema(root).then(
        (schema) => {
            fs.writeFileSync(path.join(root, "schema.json"), schema);
            console.log(`schema.json: ${Object.keys(JSON.parse(schema).resources).length} resources, ${Object.keys(JSON.parse(schema).types).length} types`);
        },
        (e: Error) => {
            console.error(e.message);
            process.exit(1);
        },
    );
}
