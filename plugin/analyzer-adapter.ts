// What this package teaches Pulumi's schema analyzer (`@pulumi/pulumi/provider/experimental`, the
// analyzer that `componentProviderHost` runs on `GetSchema`). The analyzer infers a schema from the
// TypeScript types of the components' `args` and public fields, and stops at the first type it cannot
// say. Every argument of the three components is written so that the analyzer says it unaided (named
// `as const` enums, named interfaces, string maps), except for the two shapes below, which TypeScript
// users rely on and a schema has no word for. For those, and only those, this adapter gives the
// analyzer the schema type to use:
//
// - `Transform<T>` (components/shared/transform.ts): in TypeScript, an object of argument overrides or
//   a function. Other languages can pass only the object, so the schema types it as a free-form value
//   (`pulumi.json#/Any`), deliberately: the component spreads it over the child's arguments.
// - `OneOrMany<T>` (components/policy.ts): IAM's "a string or a list of strings". Every list is valid
//   TypeScript, so the schema says "list of T".
// - `PolicyPrincipal` (components/policy.ts): `"*"` or a map of principal types to principals. The
//   schema says the map, with lists; `{ AWS: ["*"] }` means what `"*"` means (IAM User Guide, "AWS JSON
//   policy elements: Principal", anonymous users).
//
// It also leaves out of the outputs the class members that are not public: the analyzer reads every
// field of the class as an output, including private state (SDK 3.248, analyzer.ts `analyzeComponent`).
//
// The adapter wraps three methods of the analyzer's prototype, so it depends on the analyzer's internals:
// `tests/plugin/schema.test.ts` starts the real host and fails when the schema it serves differs from
// the committed schema.json, which is how an SDK upgrade that changes them is caught.
import type * as TypeScript from "typescript";
// The analyzer's own TypeScript: the project's when it is installed, else the one @pulumi/pulumi vendors
// (typescript-shim.js). Its flags and its checker must be the same module's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts: typeof TypeScript = require("@pulumi/pulumi/typescript-shim");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerModule = require("@pulumi/pulumi/provider/experimental/analyzer");

/** The property definition the analyzer writes into the schema (analyzer.d.ts `PropertyDefinition`). */
interface PropertyDefinition {
    type?: string;
    $ref?: string;
    items?: PropertyDefinition;
    additionalProperties?: PropertyDefinition;
    description?: string;
    optional?: boolean;
    plain?: boolean;
}

/** analyzer.ts `InputOutput.Neither`: a property outside any Input or Output, which the schema marks plain. */
const NEITHER = 0;

/** The type aliases the adapter answers for, by name, with the source file that must declare them. */
const ALIASES: Record<string, string> = {
    Transform: "/components/shared/transform.ts",
    OneOrMany: "/components/policy.ts",
    PolicyPrincipal: "/components/policy.ts",
};

/** The alias a type was written with, when it is one of ours (a union keeps its alias unless `| undefined` widened it). */
function typeAliasOf(type: TypeScript.Type): { alias: string; argument?: TypeScript.Type } | undefined {
    const symbol = type.aliasSymbol;
    const name = symbol?.getName();
    if (!name || !(name in ALIASES)) return undefined;
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, "/") ?? "";
    if (!file.endsWith(ALIASES[name])) return undefined;
    return { alias: name, argument: type.aliasTypeArguments?.[0] };
}

/** Which of our aliases a property is declared with, with its type argument. */
function aliasOf(checker: TypeScript.TypeChecker, declaration: TypeScript.Declaration | undefined): { alias: string; argument?: TypeScript.TypeNode } | undefined {
    if (!declaration || !(ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))) return undefined;
    const node = declaration.type;
    if (!node || !ts.isTypeReferenceNode(node)) return undefined;
    const symbol = checker.getSymbolAtLocation(node.typeName);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const name = target?.getName();
    if (!name || !(name in ALIASES)) return undefined;
    const file = target?.declarations?.[0]?.getSourceFile().fileName.replace(/\\/g, "/") ?? "";
    if (!file.endsWith(ALIASES[name])) return undefined;
    return { alias: name, argument: node.typeArguments?.[0] };
}

function docOf(declaration: TypeScript.Declaration | undefined): string | undefined {
    const docs = (declaration as { jsDoc?: { comment?: unknown }[] } | undefined)?.jsDoc;
    if (!docs || docs.length === 0) return undefined;
    const text = docs.map((d) => (typeof d.comment === "string" ? d.comment : "")).join("\n");
    return text === "" ? undefined : text;
}

function isPublic(symbol: TypeScript.Symbol): boolean {
    const declaration = symbol.valueDeclaration;
    if (!declaration) return true;
    if ((declaration as TypeScript.NamedDeclaration).name && ts.isPrivateIdentifier((declaration as TypeScript.NamedDeclaration).name!)) return false;
    const flags = ts.getCombinedModifierFlags(declaration);
    return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

/** The analyzer as the adapter calls it (its members are private in analyzer.d.ts). */
interface Analyzer {
    checker: TypeScript.TypeChecker;
    analyzeType(context: Context, type: TypeScript.Type, location: TypeScript.Node | undefined, optional?: boolean, docString?: string): PropertyDefinition;
}

interface Context {
    inputOutput?: number;
    property?: string;
}

let installed = false;

/** Teaches the analyzer the two aliases and the public-only outputs. Safe to call more than once. */
export function installAnalyzerAdapter(): void {
    if (installed) return;
    installed = true;
    const prototype = analyzerModule.Analyzer.prototype;
    const analyzeSymbol = prototype.analyzeSymbol;
    const analyzeSymbols = prototype.analyzeSymbols;
    const analyzeType = prototype.analyzeType;
    if (typeof analyzeSymbol !== "function" || typeof analyzeSymbols !== "function" || typeof analyzeType !== "function") {
        throw new Error("pulumi-user-backend plugin: this @pulumi/pulumi analyzer has no analyzeSymbol/analyzeSymbols; the schema adapter needs updating for it.");
    }
    prototype.analyzeSymbols = function (this: Analyzer, context: Context, symbols: TypeScript.Symbol[]) {
        return analyzeSymbols.call(this, context, symbols.filter(isPublic));
    };
    const schemaFor = (self: Analyzer, context: Context, alias: string, argument: TypeScript.Type | undefined, location: TypeScript.Node | undefined, optional: boolean, description: string | undefined): PropertyDefinition => {
        let prop: PropertyDefinition;
        if (alias === "Transform") {
            // Never plain: like the analyzer's own Any, it may hold anything, an Output included.
            prop = { $ref: "pulumi.json#/Any" };
        } else if (alias === "OneOrMany") {
            prop = { type: "array", items: self.analyzeType({ ...context, property: `${context.property}[]` }, argument!, location, false) };
            if (context.inputOutput === NEITHER) prop.plain = true;
        } else {
            const list: PropertyDefinition = { type: "array", items: { type: "string" } };
            prop = { type: "object", additionalProperties: list };
            if (context.inputOutput === NEITHER) {
                prop.plain = true;
                list.plain = true;
                list.items!.plain = true;
            }
        }
        if (optional) prop.optional = true;
        if (description) prop.description = description;
        return prop;
    };
    prototype.analyzeSymbol = function (this: Analyzer, context: Context, symbol: TypeScript.Symbol) {
        const found = aliasOf(this.checker, symbol.valueDeclaration);
        if (!found) return analyzeSymbol.call(this, context, symbol);
        const argument = found.argument && this.checker.getTypeFromTypeNode(found.argument);
        return schemaFor(this, context, found.alias, argument, symbol.valueDeclaration, (symbol.flags & ts.SymbolFlags.Optional) !== 0, docOf(symbol.valueDeclaration));
    };
    prototype.analyzeType = function (this: Analyzer, context: Context, type: TypeScript.Type, location: TypeScript.Node | undefined, optional = false, docString: string | undefined = undefined) {
        const found = typeAliasOf(type);
        if (!found) return analyzeType.call(this, context, type, location, optional, docString);
        return schemaFor(this, context, found.alias, found.argument, location, optional, docString);
    };
}
