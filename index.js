"use strict";
// package.json `main`: what Pulumi's Node.js language host loads when it runs this folder as a
// component package (`@pulumi/pulumi/cmd/run-plugin` requires the folder). TypeScript and JavaScript
// programs never load it: they import `pulumi-user-backend`, which `exports` maps to dist/components.
//
// Inside node_modules (the installed package) the compiled entry runs. From a checkout (a git source
// of `pulumi package add`, or a local path) the TypeScript sources run. run-plugin has registered
// ts-node for them, type-checking with the options of the calling program's folder: for a Python or
// YAML program, which has no tsconfig.json, that means checking every declaration file of @pulumi/aws
// again on each `pulumi up` (about 30 s on two cores). The sources are type-checked once, in this
// repository's CI (`npm test`), so this package's own files are only transpiled here, with the
// repository's compiler options; anything else still goes through ts-node.
const fs = require("fs");
const path = require("path");

const insideNodeModules = __dirname.split(path.sep).includes("node_modules");
if (insideNodeModules || require.extensions[".ts"] === undefined) {
    require("./dist/index.js");
} else {
    const ts = require("typescript");
    const config = ts.getParsedCommandLineOfConfigFile(path.join(__dirname, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const options = { ...(config ? config.options : {}), module: ts.ModuleKind.CommonJS, inlineSourceMap: true, inlineSources: true, sourceMap: false, declaration: false, noEmit: false };
    const ours = __dirname + path.sep;
    const viaTsNode = require.extensions[".ts"];
    require.extensions[".ts"] = function (module, filename) {
        if (!filename.startsWith(ours) || filename.slice(ours.length).split(path.sep).includes("node_modules")) return viaTsNode(module, filename);
        const output = ts.transpileModule(fs.readFileSync(filename, "utf8"), { fileName: filename, compilerOptions: options });
        module._compile(output.outputText, filename);
    };
    require("./index.ts");
}
