import * as fs from "fs";
import * as path from "path";
import { PlanInputError, runPlan } from "./plan";
import { renderMarkdown, renderText } from "./report";
import { Severity, severityAtLeast } from "./rules";

const USAGE = `usage: pulumi-user-backend plan --stack <name> [--cwd <project folder>] [--format text|json] [--out <dir>]
                                [--fail-on high|medium|low] [--exceptions <file>] [--timeout <seconds>] [--verbose]`;

interface PlanArgs {
    stack: string;
    cwd: string;
    format: "text" | "json";
    out?: string;
    exceptions?: string;
    failOn?: Severity;
    timeout: number;
    verbose: boolean;
}

function parseArgs(argv: string[]): PlanArgs {
    const [command, ...rest] = argv;
    if (command !== "plan") throw new PlanInputError(command === undefined ? USAGE : `unknown command "${command}"\n${USAGE}`);
    const args: Partial<PlanArgs> = { cwd: process.cwd(), format: "text", timeout: 60, verbose: false };
    for (let i = 0; i < rest.length; i++) {
        const flag = rest[i];
        const value = () => {
            const v = rest[++i];
            if (v === undefined || v.startsWith("--")) throw new PlanInputError(`${flag} needs a value\n${USAGE}`);
            return v;
        };
        if (flag === "--stack" || flag === "-s") args.stack = value();
        else if (flag === "--cwd") args.cwd = path.resolve(value());
        else if (flag === "--out") args.out = path.resolve(value());
        else if (flag === "--exceptions") args.exceptions = path.resolve(value());
        else if (flag === "--verbose") args.verbose = true;
        else if (flag === "--format") {
            const f = value();
            if (f !== "text" && f !== "json") throw new PlanInputError(`--format must be text or json (received: ${f})`);
            args.format = f;
        } else if (flag === "--fail-on") {
            const s = value();
            if (!["high", "medium", "low"].includes(s)) throw new PlanInputError(`--fail-on must be high, medium or low (received: ${s})`);
            args.failOn = s as Severity;
        } else if (flag === "--timeout") {
            const t = Number(value());
            if (!(t > 0)) throw new PlanInputError(`--timeout must be a number of seconds above 0 (received: ${rest[i]})`);
            args.timeout = t;
        } else throw new PlanInputError(`unknown option ${flag}\n${USAGE}`);
    }
    if (!args.stack) throw new PlanInputError(`--stack is required\n${USAGE}`);
    return args as PlanArgs;
}

/**
 * Runs the command line. Returns the exit code: 0, 1 when findings reach `--fail-on`, 2 for bad input.
 * Output goes to `write` (stdout) and errors to `error` (stderr), so tests can capture both.
 */
export async function main(argv: string[], io: { write: (s: string) => void; error: (s: string) => void } = { write: (s) => process.stdout.write(s), error: (s) => process.stderr.write(s) }): Promise<number> {
    let args: PlanArgs | undefined;
    try {
        args = parseArgs(argv);
        const report = await runPlan({ cwd: args.cwd, stack: args.stack, timeoutSeconds: args.timeout, exceptionsFile: args.exceptions });
        io.write(args.format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderText(report));
        if (args.out) {
            fs.mkdirSync(args.out, { recursive: true });
            fs.writeFileSync(path.join(args.out, `${args.stack}.json`), JSON.stringify(report, null, 2) + "\n");
            fs.writeFileSync(path.join(args.out, `${args.stack}.md`), renderMarkdown(report));
            // Each API's OpenAPI document beside the report, for client and doc generators.
            for (const [api, document] of Object.entries(report.openApiDocuments ?? {})) {
                fs.writeFileSync(path.join(args.out, `${args.stack}.${api.replace(/[^A-Za-z0-9._-]/g, "_")}.openapi.json`), JSON.stringify(document, null, 2) + "\n");
            }
        }
        const failOn = args.failOn;
        const failing = failOn ? report.findings.findings.filter((f) => severityAtLeast(f.severity, failOn)).length : 0;
        if (failing > 0) {
            io.error(`pulumi-user-backend plan: ${failing} finding${failing === 1 ? "" : "s"} at or above ${failOn}\n`);
            return 1;
        }
        return 0;
    } catch (e) {
        if (e instanceof PlanInputError) {
            io.error(`pulumi-user-backend plan: ${e.message}\n`);
            if (args?.verbose && (e as any).cause) io.error(`${((e as any).cause as Error).stack}\n`);
            return 2;
        }
        io.error(`pulumi-user-backend plan: unexpected error: ${(e as Error).message}\n`);
        if (args?.verbose) io.error(`${(e as Error).stack}\n`);
        return 2;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        () => process.exit(2),
    );
}
