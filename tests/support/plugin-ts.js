// Preloaded into the plugin host the tests start: transpiles TypeScript with SWC, as the rest of the
// tests do, and makes the `ts-node` registration that `@pulumi/pulumi/cmd/run-plugin` performs a no-op.
// The real language host type-checks the plugin with ts-node; here `tsc --noEmit` (npm test) type-checks
// the same sources once, and the host starts in a second instead of half a minute.
const tsNode = require("ts-node");
tsNode.register({ transpileOnly: true, swc: true });
tsNode.register = () => undefined;
