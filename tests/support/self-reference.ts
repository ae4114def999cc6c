/**
 * Lets the examples and the reference stack import this library by its package name under test,
 * as consumers do, without building it first: `pulumi-user-backend` resolves to `components/` and
 * `pulumi-user-backend/offline` to `offline/` (tsconfig.json `paths` does the same for type-checking).
 */
import * as path from "path";

const Module = require("module") as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const root = path.resolve(__dirname, "..", "..");
const targets: Record<string, string> = {
    "pulumi-user-backend": path.join(root, "components", "index.ts"),
    "pulumi-user-backend/offline": path.join(root, "offline", "index.ts"),
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return resolve.call(this, targets[request] ?? request, ...rest);
};
