"use strict";
// package.json `main`: what Pulumi's Node.js language host loads when it runs this folder as a
// component package (`@pulumi/pulumi/cmd/run-plugin` requires the folder). TypeScript and JavaScript
// programs never load it: they import `pulumi-user-backend`, which `exports` maps to dist/components.
//
// From a checkout the host has registered ts-node (run-plugin registers it unless told otherwise),
// so the TypeScript entry runs from source. From the installed package (inside node_modules, where
// ts-node compiles nothing) the compiled entry runs. Both start the same host: index.ts.
const path = require("path");
const fromSource = require.extensions[".ts"] !== undefined && !__dirname.split(path.sep).includes("node_modules");
require(fromSource ? "./index.ts" : "./dist/index.js");
