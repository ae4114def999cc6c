import * as fs from "fs";
import * as path from "path";
import { PlanInputError, renderJson, renderMarkdown, renderText, runPlan } from "./plan";
import { EXCEPTIONS_FILE } from "./project";
import { Severity, severityAtLeast } from "./rules";

const USAGE = `usage: pulumi-user-backend plan --stack <name> [--cwd <project folder>] [--format text|json] [--out <dir>]
                                [--fail-on high|medium|low] [--exceptions <file>] [--timeout <seconds>] [--verbose]`;

const HELP = `${USAGE}

Runs a Pulumi program offline, under mocks, and reports what it would create, how secure it is,
who can reach which user's files, and the rule findings. No AWS account and no Pulumi CLI needed.

  --stack, -s <name>   the stack whose Pulumi.<name>.yaml supplies the config (required)
  --cwd <folder>       the Pulumi project folder (default: the current folder)
  --format text|json   what to print (default: text)
  --out <dir>          also write <stack>.json, <stack>.md and each API's OpenAPI document there
  --fail-on <level>    exit 1 when a finding is at high, medium or low severity or above
  --exceptions <file>  declared rule exceptions (default: ${EXCEPTIONS_FILE} beside Pulumi.yaml)
  --timeout <seconds>  how long the program may run (default: 60)
  --verbose            add the stack trace to an error
  --help, -h           print this and exit

Exit codes: 0 done, 1 a finding reached --fail-on, 2 bad input or a program that failed.
`;

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

/** At most this many lines of a failing program's error detail; --verbose prints the whole error. */
const DETAIL_LINES = 40;

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

function parseArgs(argv: string[]): PlanArgs | "help" {
    const [command, ...rest] = argv;
    // `--help` and `plan --help` (anywhere after plan) print the usage, as CLIs do; `help` too.
    if (command === "help" || (command !== undefined && isHelp(command)) || (command === "plan" && rest.some(isHelp))) return "help";
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
        const parsed = parseArgs(argv);
        if (parsed === "help") {
            io.write(HELP);
            return 0;
        }
        args = parsed;
        const report = await runPlan({ cwd: args.cwd, stack: args.stack, timeoutSeconds: args.timeout, exceptionsFile: args.exceptions });
        io.write(args.format === "json" ? renderJson(report) : renderText(report));
        if (args.out) {
            fs.mkdirSync(args.out, { recursive: true });
            fs.writeFileSync(path.join(args.out, `${args.stack}.json`), renderJson(report));
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
            const cause = (e as any).cause as Error | undefined;
            if (args?.verbose && cause) io.error(`${cause.stack}\n`);
            else if (cause) for (const line of causeDetail(e.message, cause)) io.error(`${line}\n`);
            return 2;
        }
        io.error(`pulumi-user-backend plan: unexpected error: ${(e as Error).message}\n`);
        if (args?.verbose) io.error(`${(e as Error).stack}\n`);
        return 2;
    }
}

/**
 * The lines of a failing program's error after its first, which the one-line message leaves out:
 * each issue of a component's `UserBackendInputError` ("2 invalid inputs:" and one line per issue).
 * Stack frames are never part of it; lines already in the message are not repeated.
 */
function causeDetail(message: string, cause: Error): string[] {
    const lines = String(cause.message ?? "")
        .split("\n")
        .slice(1)
        .filter((line) => line.trim() !== "" && !/^\s+at /.test(line) && !message.includes(line.trim()));
    if (lines.length <= DETAIL_LINES) return lines;
    return [...lines.slice(0, DETAIL_LINES), `  ... ${lines.length - DETAIL_LINES} more lines (--verbose prints the whole error)`];
}

if (require.main === module) {
    // exitCode, not exit(): process.exit() ends the process before a pipe has taken the rest of
    // stdout, which cut reports at 64 KiB through `| less` or a CI log (issue 13). Node writes to
    // pipes asynchronously ("process.stdout and process.stderr" in Node's process docs).
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        () => (process.exitCode = 2),
    );
}
