#!/usr/bin/env node
// The offline plan: `npx pulumi-user-backend plan --stack <name>` in a Pulumi project folder.
require("../dist/offline/cli.js")
    .main(process.argv.slice(2))
    .then((code) => process.exit(code), () => process.exit(2));
