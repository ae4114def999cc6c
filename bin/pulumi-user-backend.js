#!/usr/bin/env node
// The offline plan: `npx pulumi-user-backend plan --stack <name>` in a Pulumi project folder.
// The exit code is set, not forced with process.exit(): that would end the process before a pipe
// has taken the rest of stdout (Node writes to pipes asynchronously), cutting reports at 64 KiB.
require("../dist/offline/cli.js")
    .main(process.argv.slice(2))
    .then(
        (code) => (process.exitCode = code),
        () => (process.exitCode = 2),
    );
