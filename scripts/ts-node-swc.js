// Registers ts-node for this repository's own tools (the tests, `npm run plan`, the bench), transpiling
// with SWC and without type checks: `npm test` type-checks once with `tsc --noEmit` beside mocha.
// This lives here rather than in tsconfig.json's "ts-node" section, because the Pulumi CLI also reads
// that section when it runs stacks/ and baseline/, and it refuses `swc` when asked to type-check
// (ts-node: "Cannot enable 'swc' option with 'transpileOnly: false'").
require("ts-node").register({ transpileOnly: true, swc: true });
