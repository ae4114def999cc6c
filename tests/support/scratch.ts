import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../offline/cli";

/** The repository root. */
export const root = path.resolve(__dirname, "../..");

const made: string[] = [];
// Removed when the test process ends: one hook for every spec file that makes scratch folders.
process.on("exit", () => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway folder under the system's temporary directory, removed when the tests end. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** A throwaway Pulumi project (or program folder) with these files, finding @pulumi/* in its own node_modules as a project would. */
export function scratchProject(files: Record<string, string>, prefix = "project-"): string {
    const dir = tempDir(prefix);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** Runs the plan's command line in this process and captures what it prints and its exit code. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(argv, { write: (s) => (out += s), error: (s) => (err += s) });
    return { code, out, err };
}
