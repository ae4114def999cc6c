// Step Functions, offline: enough of the JSONPath state language to run a workflow's leading Pass
// states on an execution input, for tests that check where a workflow takes its owner from.

/**
 * Runs a workflow's leading Pass states on an execution input as Step Functions would, for what
 * the definitions use: `Parameters` whose `.$` keys take a JSONPath (`$`, `$.a.b`) or
 * `States.Format('...{}...', <paths>)`, `States.StringSplit(<path>, '<delimiters>')`, `States.ArrayGetItem(<path>, <index>)`. A path missing from the input fails, as it does in AWS
 * (States.Runtime).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html (States.Format)
 */
export function runPassStates(definition: any, input: unknown): any {
    const read = (path: string, data: any): any =>
        path === "$"
            ? data
            : path
                  .slice(2)
                  .split(".")
                  .reduce((value, key) => {
                      if (value === null || typeof value !== "object" || !(key in value)) throw new Error(`States.Runtime: ${path} is not in the input`);
                      return value[key];
                  }, data);
    const evaluate = (expression: string, data: any): any => {
        // States.StringSplit(<path>, '<delimiters>') and States.ArrayGetItem(<path>, <index>), as the thumbnail workflow uses them.
        const split = /^States\.StringSplit\((\$[\w.]*), *'([^']*)'\)$/.exec(expression);
        if (split) return String(read(split[1], data)).split(new RegExp(`[${split[2].replace(/[\]\\^-]/g, "\\$&")}]`)).filter((part) => part !== "");
        const item = /^States\.ArrayGetItem\((\$[\w.]*), *(\d+)\)$/.exec(expression);
        if (item) {
            const value = read(item[1], data)[Number(item[2])];
            if (value === undefined) throw new Error(`States.Runtime: ${item[1]} has no item ${item[2]}`);
            return value;
        }
        const format = /^States\.Format\('([^']*)'((?:, *\$[\w.]*)*)\)$/.exec(expression);
        if (!format) return read(expression, data);
        const args = format[2].split(",").slice(1).map((a) => read(a.trim(), data));
        return format[1].replace(/\{\}/g, () => String(args.shift()));
    };
    const apply = (parameters: Record<string, any>, data: any): any =>
        Object.fromEntries(
            Object.entries(parameters).map(([key, value]) =>
                key.endsWith(".$") ? [key.slice(0, -2), evaluate(value, data)] : [key, value !== null && typeof value === "object" && !Array.isArray(value) ? apply(value, data) : value],
            ),
        );
    let data = input;
    for (let state = definition.States[definition.StartAt]; state?.Type === "Pass"; state = state.End ? undefined : definition.States[state.Next]) {
        if (state.Parameters) data = apply(state.Parameters, data);
    }
    return data;
}

/** Every JSONPath a definition reads: the `.$` values, and the paths inside their intrinsic functions. */
export function pathsRead(node: unknown): string[] {
    if (node === null || typeof node !== "object") return [];
    return Object.entries(node).flatMap(([key, value]) =>
        key.endsWith(".$") && typeof value === "string" ? [...value.matchAll(/\$[\w.]*/g)].map((m) => m[0]) : pathsRead(value),
    );
}
