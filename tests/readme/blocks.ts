/**
 * Reads the TypeScript blocks of the READMEs and type-checks them, each as its own module, in one
 * TypeScript program with this repository's compiler options. The package is imported by its name,
 * which tsconfig.json `paths` resolves to the sources, as `tests/support/self-reference.ts` does at
 * run time.
 */
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

export const root = path.resolve(__dirname, "..", "..");

/** A fenced ```ts (or ```typescript) block of a Markdown file. */
export interface CodeBlock {
    /** The Markdown file, relative to the repository root, with `/` separators. */
    readonly file: string;
    /** The 1-based line of the opening fence. */
    readonly fence: number;
    /** The 1-based line of the block's first code line. */
    readonly line: number;
    /** The nearest heading above the block, without its `#`s: what names the block in the preludes. */
    readonly heading: string;
    readonly code: string;
}

const typeScriptInfo = new Set(["ts", "typescript"]);

/**
 * The TypeScript blocks of a Markdown text, in order. A fence may be indented (inside a list item);
 * its indentation is removed from the block's lines. Blocks in other languages are skipped, and a
 * fence of backticks closes only on a fence of at least as many backticks, as CommonMark says.
 */
export function extractBlocks(file: string, markdown: string): CodeBlock[] {
    const lines = markdown.split(/\r?\n/);
    const out: CodeBlock[] = [];
    let heading = "";
    for (let i = 0; i < lines.length; i++) {
        const open = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i]);
        if (!open) {
            const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(lines[i]);
            if (h) heading = h[1];
            continue;
        }
        const [, indent, fence, info] = open;
        const body: string[] = [];
        let j = i + 1;
        for (; j < lines.length; j++) {
            const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]);
            if (close && close[1][0] === fence[0] && close[1].length >= fence.length) break;
            body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
        }
        if (typeScriptInfo.has(info.toLowerCase())) out.push({ file, fence: i + 1, line: i + 2, heading, code: body.join("\n") });
        i = j;
    }
    return out;
}

/** README.md and every example's README.md, relative to the repository root. */
export function readmeFiles(): string[] {
    const examples = fs
        .readdirSync(path.join(root, "examples"), { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, "examples", d.name, "README.md")))
        .map((d) => `examples/${d.name}/README.md`)
        .sort();
    return ["README.md", "examples/README.md", ...examples].filter((f) => fs.existsSync(path.join(root, f)));
}

/** One diagnostic, placed in the README: `README.md:214:5 TS2304 Cannot find name 'orders'.` */
export interface BlockDiagnostic {
    readonly file: string;
    /** The README line, or undefined for a diagnostic in the prelude. */
    readonly line?: number;
    readonly column: number;
    readonly code: number;
    readonly message: string;
}

export function formatDiagnostic(d: BlockDiagnostic): string {
    const where = d.line === undefined ? `${d.file} (prelude)` : `${d.file}:${d.line}:${d.column}`;
    return `${where} TS${d.code} ${d.message}`;
}

/**
 * Type-checks each block as its own module, the prelude for it first. The module sits beside the
 * README (so `./client` in an example's README means that example's `client.ts`), or in the folder
 * `folderOf` names, under a name no real file has.
 */
export function typeCheck(
    blocks: readonly CodeBlock[],
    preludeOf: (block: CodeBlock) => string,
    folderOf: (block: CodeBlock) => string = (block) => path.dirname(block.file),
): Map<CodeBlock, BlockDiagnostic[]> {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
    });
    if (!config) throw new Error("tsconfig.json could not be read");
    // A block without an import is a script to TypeScript; pasted into a file of its own it is a module.
    const options: ts.CompilerOptions = { ...config.options, moduleDetection: ts.ModuleDetectionKind.Force, noEmit: true };

    const virtual = new Map<string, { block: CodeBlock; preludeLines: number; text: string }>();
    for (const block of blocks) {
        const prelude = preludeOf(block);
        const preludeText = prelude === "" ? "" : prelude.replace(/\n?$/, "\n");
        const fileName = path.join(root, folderOf(block), `__readme_${path.basename(block.file, ".md")}_L${block.line}.ts`).split(path.sep).join("/");
        virtual.set(fileName, { block, preludeLines: preludeText === "" ? 0 : preludeText.split("\n").length - 1, text: preludeText + block.code + "\n" });
    }

    const host = ts.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        const v = virtual.get(fileName);
        return v ? ts.createSourceFile(fileName, v.text, languageVersion, true) : getSourceFile(fileName, languageVersion, onError, shouldCreate);
    };
    host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
    host.readFile = (fileName) => virtual.get(fileName)?.text ?? readFile(fileName);

    const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
    const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
    if (global.length > 0) throw new Error(ts.formatDiagnostics(global, host));

    const out = new Map<CodeBlock, BlockDiagnostic[]>();
    for (const [fileName, v] of virtual) {
        const sourceFile = program.getSourceFile(fileName)!;
        const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
        out.set(
            v.block,
            diagnostics.map((d) => {
                const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
                const inBlock = line >= v.preludeLines;
                return {
                    file: v.block.file,
                    line: inBlock ? v.block.line + line - v.preludeLines : undefined,
                    column: character + 1,
                    code: d.code,
                    message: ts.flattenDiagnosticMessageText(d.messageText, " "),
                };
            }),
        );
    }
    return out;
}
