// The component package: what Pulumi runs when a program in another language uses these components.
// `pulumi package add <this repository or folder>` reads PulumiPlugin.yaml (runtime nodejs), and the
// Node.js language host runs this folder as a plugin: `@pulumi/pulumi/cmd/run-plugin` requires the
// folder, which resolves package.json `main` (index.js, which loads index.ts or its compiled copy;
// index.ts calls `serve()`). The host
// answers `GetSchema` with the schema the SDK's analyzer infers from the TypeScript types (the
// committed schema.json is that answer, checked by tests/plugin), and `Construct` by running the
// TypeScript constructor, whose children register with the calling program's engine.
import * as fs from "fs";
import * as path from "path";
import { componentProviderHost, ComponentProviderOptions } from "@pulumi/pulumi/provider/experimental";
import { PUBLISHED_COMPONENTS } from "../components/published";
import { installAnalyzerAdapter } from "./analyzer-adapter";

/** The folder that holds package.json, PulumiPlugin.yaml and the sources the analyzer reads: this file's parent, from a checkout or from dist/plugin/ in the published package. */
export function packageRoot(from: string = __dirname): string {
    let dir = from;
    for (;;) {
        if (fs.existsSync(path.join(dir, "PulumiPlugin.yaml")) && fs.existsSync(path.join(dir, "package.json"))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error(`pulumi-user-backend plugin: no PulumiPlugin.yaml beside a package.json above ${from}`);
        dir = parent;
    }
}

/**
 * The schema's package name, from package.json: the npm name without a scope and without the
 * conventional `pulumi-` prefix (`pulumi-user-backend` → `user-backend`), which is the first part of
 * every resource token the components register (`user-backend:index:CognitoAuth`).
 */
export function pluginName(packageJsonName: string): string {
    const bare = packageJsonName.replace(/^@[^/]+\//, "").replace(/^pulumi-/, "");
    if (!/^[a-z][a-z0-9-]*$/.test(bare)) throw new Error(`pulumi-user-backend plugin: package.json name "${packageJsonName}" gives the plugin name "${bare}", which is not a valid Pulumi package name (lowercase letters, digits and dashes, starting with a letter)`);
    return bare;
}

/** The options the component provider host runs with. */
export function hostOptions(root: string = packageRoot()): ComponentProviderOptions {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { name: string };
    return { name: pluginName(manifest.name), dirname: root, components: Object.values(PUBLISHED_COMPONENTS) };
}

/** Starts the component provider host on this process's arguments (the engine's address), as `run-plugin` calls it. */
export function serve(): Promise<void> {
    installAnalyzerAdapter();
    return componentProviderHost(hostOptions());
}
