import type { PlanReport, TreeNode } from "./types";

/** The file the plan reads declared exceptions from, unless `--exceptions` names another. */
const DEFAULT_EXCEPTIONS_FILE = "plan-exceptions.yaml";

/**
 * What the stack's files say beyond its config, which every format reports: the file that declared
 * the exceptions, and the Pulumi ESC environments the stack imports, which the plan cannot read.
 */
export interface StackContext {
    /** @default "plan-exceptions.yaml" */
    readonly exceptionsFile?: string;
    /** The ESC environments named by the stack file's `environment:`. @default [] */
    readonly environments?: readonly string[];
}

/** How many findings are excepted, and by whom: the rules' own recognised patterns, or the stack's owners. */
export interface ExceptionCounts {
    /** Excepted by a rule that recognises the pattern as deliberate (a per-user ARN, a declared public route). */
    readonly builtIntoRules: number;
    /** Excepted by an entry of the exceptions file. */
    readonly declared: number;
    readonly declaredIn: string;
}

/** The stack context a report carries. */
function contextOf(report: PlanReport): StackContext {
    return { exceptionsFile: report.exceptionsFile, environments: report.environments };
}

export function exceptionCounts(report: PlanReport, context: StackContext = contextOf(report)): ExceptionCounts {
    const excepted = report.findings.excepted;
    return {
        builtIntoRules: excepted.filter((e) => e.source === "rule").length,
        declared: excepted.filter((e) => e.source === "declared").length,
        declaredIn: context.exceptionsFile ?? DEFAULT_EXCEPTIONS_FILE,
    };
}

/** The note on ESC environments, or none when the stack imports none. */
export function environmentsNote(context: StackContext): string | undefined {
    const names = context.environments ?? [];
    if (names.length === 0) return undefined;
    return `the stack imports the ESC environment${names.length === 1 ? "" : "s"} ${names.join(", ")}, which the plan cannot read (they live in Pulumi Cloud): config they provide is missing here, and the program saw only Pulumi.yaml and the stack file`;
}

/**
 * The report as `--format json` prints it and `--out` writes it: the plan's report, with how its
 * exceptions divide and the ESC environments it could not read.
 */
export function renderJson(report: PlanReport, context: StackContext = contextOf(report)): string {
    const note = environmentsNote(context);
    return JSON.stringify({ ...report, exceptionCounts: exceptionCounts(report, context), ...(note ? { environmentsNote: note } : {}) }, null, 2) + "\n";
}

/** `12 built into the rules, 2 declared in plan-exceptions.yaml`, or `none`. */
function describeExceptions(counts: ExceptionCounts): string {
    const parts = [counts.builtIntoRules ? `${counts.builtIntoRules} built into the rules` : "", counts.declared ? `${counts.declared} declared in ${counts.declaredIn}` : ""].filter(Boolean);
    return parts.join(", ") || "none";
}

/** Text safe inside a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const mark = (ok: boolean) => (ok ? "ok " : "!! ");
const tick = (allowed: boolean) => (allowed ? "yes" : " - ");

function table(headers: string[], rows: string[][]): string[] {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** `aws:apigateway/method:Method` as the class a program names: `apigateway.Method`. */
function shortType(type: string): string {
    const m = /^([^:]+):([^/:]+)(?:\/[^:]*)?:(.+)$/.exec(type);
    if (!m) return type;
    return m[1] === "user-backend" ? m[3] : `${m[2] === "index" ? m[1] : m[2]}.${m[3]}`;
}

/**
 * The resource tree, with the children of one type folded into a single line when there are more
 * than two of them: an API's dozens of methods and integrations would otherwise hide its shape.
 */
function treeLines(nodes: TreeNode[], indent = ""): string[] {
    // Leaves group by type; a node with children of its own always stands alone.
    const key = (n: TreeNode) => (n.children.length ? `node:${n.name}` : n.type);
    const groups = new Map<string, TreeNode[]>();
    for (const n of nodes) groups.set(key(n), [...(groups.get(key(n)) ?? []), n]);
    const entries = [...groups.values()].flatMap((group) => (group.length > 2 ? [group] : group.map((n) => [n])));
    return entries.flatMap((group, i) => {
        const last = i === entries.length - 1;
        const branch = `${indent}${last ? "└─ " : "├─ "}`;
        if (group.length > 1) return [`${branch}${group.length} × ${shortType(group[0].type)}`];
        const n = group[0];
        return [`${branch}${n.name} (${shortType(n.type)})`, ...treeLines(n.children, `${indent}${last ? "   " : "│  "}`)];
    });
}

/** The plan for a terminal: four sections, readable at a glance. */
export function renderText(report: PlanReport, context: StackContext = contextOf(report)): string {
    const out: string[] = [`Offline plan of ${report.project} (stack ${report.stack})`, ""];
    const note = environmentsNote(context);
    if (note) out.push(`Note: ${note}.`, "");

    const components = Object.entries(report.resources.counts).filter(([t]) => t.startsWith("user-backend:")).reduce((n, [, c]) => n + c, 0);
    out.push(`1. Resources: ${report.resources.total} (${components} components, ${report.resources.total - components} cloud resources)`, ...treeLines(report.resources.tree), "");
    out.push(...table(["type", "count"], Object.entries(report.resources.counts).sort().map(([t, c]) => [shortType(t), String(c)])).map((l) => `  ${l}`), "");
    if (Object.keys(report.outputs).length > 0) {
        out.push("Outputs:");
        for (const [k, v] of Object.entries(report.outputs)) out.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
        out.push("");
    }

    out.push("2. Security posture");
    if (report.posture.length === 0) out.push("  no pulumi-user-backend components here; the findings below cover every resource");
    for (const component of report.posture) {
        out.push(`${component.component} ${component.name}`);
        for (const item of component.items) out.push(`  ${mark(item.ok)}${item.check.padEnd(20)} ${item.value}`);
        if (component.routes?.length) {
            out.push(...table(["route", "integration", "authorization", "caching", "throttling"], component.routes.map((r) => [r.route, r.integration, r.authorization, r.caching, r.throttling])).map((l) => `  ${l}`));
        }
    }
    out.push("");

    out.push("3. Per-user access (simulated)");
    if (report.access.unavailable) {
        out.push(`  not computed: ${report.access.unavailable}`);
    } else if (report.access.rows.length === 0) {
        out.push("  no per-user bucket with identity pool roles");
    } else {
        out.push(...table(["bucket", "principal", "prefix", "get", "list", "put", "delete"], report.access.rows.map((r) => [r.bucket, r.principal, r.level, tick(r.get), tick(r.list), tick(r.put), tick(r.delete)])).map((l) => `  ${l}`));
    }
    for (const note of report.access.notes) out.push(`  ${note}`);
    const service = report.access.serviceRoles ?? [];
    if (service.length) {
        out.push(`  service roles that reach every user's prefix (correct only while the owner is taken from the token, never from the request):`);
        out.push(...table(["role", "used by", "bucket", "actions", "trust boundary"], service.map((r) => [r.role, r.usedBy, r.bucket, r.actions.join(" "), r.note])).map((l) => `    ${l}`));
    }
    out.push(`  public API routes (no credentials): ${report.access.publicRoutes.join(", ") || "none"}`, "");

    const { findings, excepted } = report.findings;
    out.push(`4. Findings: ${findings.length} (${["high", "medium", "low"].map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(", ")}); ${excepted.length} excepted: ${describeExceptions(exceptionCounts(report, context))}`);
    for (const f of findings) out.push(`  [${f.severity}] ${f.ruleId} ${f.resource.name} ${f.property}: ${f.message} (${f.mirrors.join(", ")})`);
    if (excepted.length) {
        const byRule = new Map<string, number>();
        for (const e of excepted) byRule.set(e.finding.ruleId, (byRule.get(e.finding.ruleId) ?? 0) + 1);
        out.push(`  excepted, each with its reason in --format json and the --out Markdown: ${[...byRule].map(([rule, n]) => `${rule} ×${n}`).join(", ")}`);
    }
    const unused = report.findings.unusedExceptions;
    if (unused.length) {
        const one = unused.length === 1;
        out.push(`  ${unused.length} declared exception${one ? " matches" : "s match"} nothing (remove ${one ? "it" : "them"}): ${unused.map((e) => `${e.rule} ${e.resource}`).join(", ")}`);
    }
    return out.join("\n") + "\n";
}

/** The plan for a pull request: the same sections in Markdown, with a Mermaid diagram of the components. */
export function renderMarkdown(report: PlanReport, context: StackContext = contextOf(report)): string {
    const out: string[] = [`# Offline plan: ${report.project} / ${report.stack}`, ""];
    const note = environmentsNote(context);
    if (note) out.push(`> **Note:** ${note[0].toUpperCase()}${note.slice(1)}.`, "");
    const counts = exceptionCounts(report, context);
    out.push("```mermaid", "graph LR", ...mermaid(report), "```", "");
    out.push(`## 1. Resources (${report.resources.total})`, "", "| type | count |", "|---|---|");
    for (const [type, count] of Object.entries(report.resources.counts).sort()) out.push(`| \`${type}\` | ${count} |`);
    out.push("", "## 2. Security posture", "");
    for (const component of report.posture) {
        out.push(`### ${component.component} \`${component.name}\``, "", "| check | value |", "|---|---|");
        for (const item of component.items) out.push(`| ${item.ok ? "✅" : "⚠️"} ${item.check} | ${item.value} |`);
        if (component.routes?.length) {
            out.push("", "| route | integration | authorization | caching | throttling |", "|---|---|---|---|---|");
            for (const r of component.routes) out.push(`| \`${r.route}\` | ${r.integration} | ${r.authorization} | ${r.caching} | ${r.throttling} |`);
        }
        out.push("");
    }
    out.push("## 3. Per-user access (simulated)", "");
    if (report.access.unavailable) out.push(`Not computed: ${report.access.unavailable}`);
    else {
        out.push("| bucket | principal | prefix | get | list | put | delete |", "|---|---|---|---|---|---|---|");
        for (const r of report.access.rows) out.push(`| ${r.bucket} | ${r.principal} | ${r.level} | ${tick(r.get)} | ${tick(r.list)} | ${tick(r.put)} | ${tick(r.delete)} |`);
    }
    for (const note of report.access.notes) out.push("", note);
    const service = report.access.serviceRoles ?? [];
    if (service.length) {
        out.push("", "Service roles that reach every user's prefix: each is correct only while the code using it takes the owner from the caller's token, never from the request.", "");
        out.push("| role | used by | bucket | actions | trust boundary |", "|---|---|---|---|---|");
        for (const r of service) out.push(`| ${cell(r.role)} | ${cell(r.usedBy)} | ${cell(r.bucket)} | ${r.actions.map((a) => `\`${a}\``).join(", ")} | ${cell(r.note)} |`);
    }
    out.push("", `Public API routes: ${report.access.publicRoutes.map((r) => `\`${r}\``).join(", ") || "none"}`, "");
    out.push(`## 4. Findings (${report.findings.findings.length})`, "");
    if (report.findings.findings.length) out.push("| severity | rule | resource | property | finding | mirrors |", "|---|---|---|---|---|---|");
    else out.push("No findings.");
    for (const f of report.findings.findings) out.push(`| ${f.severity} | \`${f.ruleId}\` | ${f.resource.name} | \`${cell(f.property)}\` | ${cell(f.message)} | ${f.mirrors.join(", ")} |`);
    if (report.findings.excepted.length) {
        out.push("", `### Excepted findings (${report.findings.excepted.length}: ${describeExceptions(counts)})`, "", "| rule | resource | property | why it is deliberate | declared by |", "|---|---|---|---|---|");
        for (const e of report.findings.excepted) out.push(`| \`${e.finding.ruleId}\` | ${e.finding.resource.name} | \`${cell(e.finding.property)}\` | ${cell(e.reason)} | ${e.source === "rule" ? "the rule" : counts.declaredIn} |`);
    }
    if (report.findings.unusedExceptions.length) {
        out.push("", "Declared exceptions that match nothing (remove them): " + report.findings.unusedExceptions.map((e) => `\`${e.rule}\` ${e.resource}`).join(", "));
    }
    return out.join("\n") + "\n";
}

/** Components, and the resources they reach, as nodes; the links the graph shows as edges. */
function mermaid(report: PlanReport): string[] {
    const id = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");
    const kinds = new Map(report.posture.map((c) => [c.name, c.component]));
    const typeOf = new Map(report.resources.tree.map((n) => [n.name, n.type]));
    const nodes = [...new Set([...report.posture.map((c) => c.name), ...report.links.flatMap((l) => [l.from, l.to])])];
    return [
        ...nodes.map((n) => `  ${id(n)}["${kinds.get(n) ?? shortType(typeOf.get(n) ?? "")} ${n}"]`),
        ...report.links.map((l) => `  ${id(l.from)} -- "${l.label}" --> ${id(l.to)}`),
    ];
}
