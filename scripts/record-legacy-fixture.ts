/**
 * Remakes tests/fixtures/migration/*.json: JSON snapshots of programs built with the legacy
 * AuthorizedApi (per-route Resource/Method/Integration/... resources), recorded offline.
 *
 *   git worktree add /tmp/legacy f3264bf
 *   ln -s "$PWD/node_modules" /tmp/legacy/node_modules
 *   npx ts-node --transpile-only scripts/record-legacy-fixture.ts /tmp/legacy
 *   rm /tmp/legacy/node_modules && git worktree remove /tmp/legacy
 *
 * The programs run against the checkout's own components/, stacks/ and offline recorder; only the
 * snapshot format (offline/steps.ts) and the small programs (tests/fixtures/migration/programs.ts)
 * come from this working tree.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { snapshotOf, writeSnapshot } from "../offline/steps";
import { RouteSet, smallProgram } from "../tests/fixtures/migration/programs";

const checkout = path.resolve(process.argv[2] ?? "/tmp/legacy");
const out = path.resolve(__dirname, "../tests/fixtures/migration");
const commit = execFileSync("git", ["-C", checkout, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();

// The checkout's modules, so the legacy component registers exactly what it did at that commit.
const { record } = require(path.join(checkout, "offline/recorder"));
const { loadStack } = require(path.join(checkout, "offline/project"));
const components = require(path.join(checkout, "components"));

function save(file: string, source: string, recording: any): void {
    const snapshot = snapshotOf(recording, source);
    fs.writeFileSync(path.join(out, file), writeSnapshot(snapshot));
    console.log(`${file}: ${snapshot.resources.length} resources`);
}

async function main(): Promise<void> {
    for (const stack of ["dev", "prod"]) {
        const loaded = loadStack(checkout, stack);
        const programDir = fs.realpathSync(path.dirname(loaded.program));
        const recording = await record(
            () => {
                for (const file of Object.keys(require.cache)) if (file.startsWith(programDir + path.sep)) delete require.cache[file];
                return require(loaded.program);
            },
            {
                project: loaded.project,
                stack,
                config: loaded.config,
                secretConfigKeys: loaded.secretKeys,
                environment: loaded.config["aws:region"] ? { region: loaded.config["aws:region"] } : undefined,
            },
        );
        save(`reference-${stack}.legacy.json`, `commit ${commit}: stacks/ with Pulumi.yaml + Pulumi.${stack}.yaml (loadStack), recorded offline (not a preview)`, recording);
    }
    for (const routes of ["A+B", "A"] as RouteSet[]) {
        const recording = await record(() => smallProgram(components, routes), { project: "migration", stack: "test" });
        save(`api-${routes === "A+B" ? "ab" : "a"}.legacy.json`, `commit ${commit}: tests/fixtures/migration/programs.ts smallProgram(routes ${routes}), recorded offline (not a preview)`, recording);
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
