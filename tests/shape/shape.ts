import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

// The checks behind tests/shape: argument docs, import circles and file sizes, as pure functions
// over a TypeScript program or a module graph, so each test can also run them on a small fixture
// and prove it would fail.

export const root = path.resolve(__dirname, "../..");

/** Every `.ts` file under `dirs` (relative to the repository root), as absolute paths. */
export function tsFiles(...dirs: string[]): string[] {
    const files: string[] = [];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const file = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(file);
            else if (file.endsWith(".ts")) files.push(file);
        }
    };
    for (const dir of dirs) walk(path.join(root, dir));
    return files.sort();
}

/**
 * A program over `files` alone, the way tests/package/api-report.test.ts builds one: module
 * resolution off, so `@pulumi/*` is never loaded and the checker follows only our own names.
 */
export function programOf(files: string[], host?: ts.CompilerHost): ts.Program {
    return ts.createProgram(
        files,
        { noResolve: true, noLib: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
        host,
    );
}

const hasTag = (node: ts.Node, tag: string): boolean => ts.getJSDocTags(node).some((t) => t.tagName.text === tag);

/**
 * Optional properties without `@default`, as `<Interface>.<property path>`, over every interface an
 * entry point exports whose name ends in `Args`, and every interface, type alias or inline object
 * type those name (nested args), declared in `ours`.
 */
export function undocumentedDefaults(program: ts.Program, entry: string, ours: (file: string) => boolean): string[] {
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(entry);
    if (!file) throw new Error(`${entry} is not in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`${entry} exports nothing`);
    const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const missing = new Set<string>();
    const seen = new Set<ts.Node>();

    // Walks a type node: object literals are checked where they stand, references to our own
    // interfaces and aliases are followed to their declarations (each checked once, under its own name).
    const visitType = (node: ts.Node, at: string): void => {
        if (ts.isTypeLiteralNode(node)) {
            checkMembers(node.members, at);
            return;
        }
        if (ts.isTypeReferenceNode(node)) {
            const symbol = checker.getSymbolAtLocation(node.typeName);
            for (const declaration of (symbol && resolve(symbol).declarations) ?? []) {
                if (!ours(declaration.getSourceFile().fileName)) continue;
                if (ts.isInterfaceDeclaration(declaration)) visitInterface(declaration);
                else if (ts.isTypeAliasDeclaration(declaration) && !seen.has(declaration)) {
                    seen.add(declaration);
                    visitType(declaration.type, declaration.name.text);
                }
            }
        }
        ts.forEachChild(node, (child) => visitType(child, at));
    };
    const checkMembers = (members: ts.NodeArray<ts.TypeElement>, at: string): void => {
        for (const member of members) {
            if (!ts.isPropertySignature(member) || !member.name) continue;
            const where = `${at}.${member.name.getText()}`;
            if (member.questionToken && !hasTag(member, "default")) missing.add(where);
            if (member.type) visitType(member.type, where);
        }
    };
    const visitInterface = (declaration: ts.InterfaceDeclaration): void => {
        if (seen.has(declaration)) return;
        seen.add(declaration);
        checkMembers(declaration.members, declaration.name.text);
        for (const heritage of declaration.heritageClauses ?? []) for (const type of heritage.types) visitType(type, declaration.name.text);
    };

    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
        if (!symbol.name.endsWith("Args")) continue;
        for (const declaration of resolve(symbol).declarations ?? []) if (ts.isInterfaceDeclaration(declaration)) visitInterface(declaration);
    }
    return [...missing].sort();
}

/** Exported classes that extend a `ComponentResource` and whose doc has no `@example`. */
export function componentsWithoutExample(program: ts.Program, entry: string): string[] {
    const checker = program.getTypeChecker();
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    const out: string[] = [];
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        for (const declaration of target.declarations ?? []) {
            if (!ts.isClassDeclaration(declaration)) continue;
            const extendsComponent = (declaration.heritageClauses ?? []).some(
                (h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => /(^|\.)ComponentResource$/.test(t.expression.getText())),
            );
            if (extendsComponent && !hasTag(declaration, "example")) out.push(symbol.name);
        }
    }
    return out.sort();
}

/**
 * The module graph of `files`: each file to the files it imports, by relative specifier, counting
 * `import`, `import type`, `export ... from`, `require` and `import()`, since a type-only circle
 * still ties two modules together for a reader. Specifiers outside `files` are dropped.
 */
export function moduleGraph(files: string[], read: (file: string) => string = (f) => fs.readFileSync(f, "utf8")): Map<string, string[]> {
    const known = new Set(files);
    const graph = new Map<string, string[]>();
    for (const file of files) {
        const edges = new Set<string>();
        for (const imported of ts.preProcessFile(read(file), true, true).importedFiles) {
            if (!imported.fileName.startsWith(".")) continue;
            const base = path.resolve(path.dirname(file), imported.fileName);
            const target = [`${base}.ts`, path.join(base, "index.ts"), base].find((candidate) => known.has(candidate));
            if (target) edges.add(target);
        }
        graph.set(file, [...edges].sort());
    }
    return graph;
}

/**
 * The import circles of a graph: one per strongly connected component with more than one module
 * (or a module importing itself), each written as a path that returns to its start.
 */
export function importCircles(graph: Map<string, string[]>): string[][] {
    // Tarjan's algorithm, iterative enough for a few hundred modules.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const components: string[][] = [];
    const connect = (node: string): void => {
        indexOf.set(node, index);
        low.set(node, index++);
        stack.push(node);
        onStack.add(node);
        for (const next of graph.get(node) ?? []) {
            if (!indexOf.has(next)) {
                connect(next);
                low.set(node, Math.min(low.get(node)!, low.get(next)!));
            } else if (onStack.has(next)) {
                low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
            }
        }
        if (low.get(node) === indexOf.get(node)) {
            const component: string[] = [];
            let member: string;
            do {
                member = stack.pop()!;
                onStack.delete(member);
                component.push(member);
            } while (member !== node);
            if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
        }
    };
    for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) connect(node);

    // A readable circle through each component: from its first module, breadth-first back to it.
    return components.map((component) => {
        const members = new Set(component);
        const start = [...component].sort()[0];
        const previous = new Map<string, string>();
        const queue = [start];
        while (queue.length > 0) {
            const node = queue.shift()!;
            for (const next of graph.get(node) ?? []) {
                if (!members.has(next)) continue;
                if (next === start) {
                    const circle = [start];
                    for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) circle.splice(1, 0, at);
                    return [...circle, start];
                }
                if (!previous.has(next)) {
                    previous.set(next, node);
                    queue.push(next);
                }
            }
        }
        return [...component, component[0]];
    });
}

/** Lines in a file's text, a final newline not counting as one more. */
export function lineCount(text: string): number {
    if (text === "") return 0;
    return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}
