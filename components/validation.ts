import * as pulumi from "@pulumi/pulumi";

/** One thing wrong with one input field. */
export interface InputIssue {
    /** The field path as the user wrote it, for example `corsOrigins[1]` or `prefixes.private`. */
    readonly field: string;
    /** What the field must be, for example `must be an https:// origin`. */
    readonly rule: string;
    /** The value received, when there is one to show. */
    readonly received?: unknown;
}

function describe(value: unknown): string {
    if (pulumi.Output.isInstance(value)) return "<output>";
    if (value === undefined) return "undefined";
    try {
        return JSON.stringify(value);
    } catch {
        return String(value);
    }
}

export function formatIssue(issue: InputIssue): string {
    const received = "received" in issue ? ` (received: ${describe(issue.received)})` : "";
    return `${issue.field} ${issue.rule}${received}`;
}

/**
 * The error every component raises for a mistake in its arguments, before it creates anything.
 * The message names the component, the instance, the field, the rule and the value received:
 * `SecureUserBucket "photos": corsOrigins[1] must be an https:// origin (received: "http://example.com")`.
 * All the problems found are reported at once; `issues` lists them for programs that want to act on them.
 */
export class UserBackendInputError extends Error {
    constructor(
        readonly component: string,
        readonly instance: string,
        readonly issues: readonly InputIssue[],
    ) {
        super(
            issues.length === 1
                ? `${component} "${instance}": ${formatIssue(issues[0])}`
                : `${component} "${instance}": ${issues.length} invalid inputs:\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`,
        );
        this.name = "UserBackendInputError";
    }
}

/** Collects the issues of one component instance, then throws them together. */
export class Issues {
    private readonly found: InputIssue[] = [];

    constructor(
        readonly component: string,
        readonly instance: string,
    ) {}

    add(field: string, rule: string, ...received: [unknown?]): void {
        this.found.push(received.length > 0 ? { field, rule, received: received[0] } : { field, rule });
    }

    /** Throws a `UserBackendInputError` if anything was found. */
    throwIfAny(): void {
        if (this.found.length > 0) throw new UserBackendInputError(this.component, this.instance, this.found);
    }
}

/** True for a plain value the program wrote down; false for an Output that is only known later. */
export function isPlain<T>(value: pulumi.Input<T> | undefined): value is T {
    return value !== undefined && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

export function checkPositiveDays(issues: Issues, field: string, value: number | undefined): void {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
        issues.add(field, "must be a positive whole number of days", value);
    }
}

/**
 * Checks a value that may be an Output: now if it is plain, otherwise when it resolves (the error
 * then fails the deployment of the child that uses it, with the same message).
 */
export function checkWhenKnown<T>(
    component: string,
    instance: string,
    value: pulumi.Input<T>,
    check: (issues: Issues, value: T) => void,
): pulumi.Output<T> {
    return pulumi.output(value).apply((resolved) => {
        const issues = new Issues(component, instance);
        check(issues, resolved as T);
        issues.throwIfAny();
        return resolved as T;
    }) as pulumi.Output<T>;
}

/**
 * A browser origin as S3 CORS and API Gateway accept it: `https://host[:port]` (one leading `*.`
 * label allowed), or plain http only for local development on localhost / 127.0.0.1. No path.
 */
export function originProblem(origin: unknown): string | undefined {
    if (typeof origin !== "string" || origin.length === 0) return "must be a non-empty origin string";
    const match = /^(https?):\/\/(\*\.)?([A-Za-z0-9.-]+)(:\d{1,5})?$/.exec(origin);
    if (!match) return "must be an origin like https://app.example.com, with no path, query or trailing slash";
    const [, scheme, wildcard, host] = match;
    const local = host === "localhost" || host === "127.0.0.1";
    if (scheme === "http" && !(local && !wildcard)) return "must be an https:// origin (http:// is accepted only for localhost)";
    if (!local && !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(host)) {
        return "must have a valid host name";
    }
    return undefined;
}

/**
 * A key prefix that an IAM policy can use literally: `segment/segment/`, each segment of letters,
 * digits and `! - _ . ' ( )`, ending with `/`. Wildcards and policy variables (`* ? $ { }`) would
 * widen what a statement matches, so they are refused.
 */
export function prefixProblem(prefix: unknown): string | undefined {
    if (typeof prefix !== "string" || prefix.length === 0) return "must be a non-empty key prefix such as \"private/\"";
    if (prefix.startsWith("/")) return "must not start with \"/\"";
    if (!prefix.endsWith("/")) return "must end with \"/\"";
    if (prefix.length > 256) return "must be at most 256 characters";
    const segments = prefix.slice(0, -1).split("/");
    if (segments.some((s) => s.length === 0)) return "must not contain an empty segment (\"//\")";
    if (segments.some((s) => s === "." || s === "..")) return "must not contain \".\" or \"..\" segments";
    if (segments.some((s) => !/^[A-Za-z0-9!_.'()-]+$/.test(s))) {
        return "must use only letters, digits and ! - _ . ' ( ) in its segments (no wildcards or policy variables)";
    }
    return undefined;
}

/** True for a plain object the program wrote down: not null, not an array, not an Output or a Promise. */
export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** The kind of container a field must be, for `checkShapes`. */
export type Shape = "object" | "list" | "text";

/**
 * Checks that the containers of an argument object are what the component will read (an object, a
 * list, text), before any rule reads inside them, so that a wrong type is refused by name instead
 * of failing with a TypeError. `fields` maps a field path (as the message names it) to the value
 * and its shape; absent (undefined) values pass. Returns false when something was wrong.
 */
export function checkShapes(issues: Issues, fields: readonly [string, unknown, Shape][]): boolean {
    let ok = true;
    for (const [field, value, shape] of fields) {
        if (value === undefined) continue;
        const fits = shape === "object" ? isRecord(value) : shape === "list" ? Array.isArray(value) : typeof value === "string";
        if (!fits) {
            ok = false;
            issues.add(field, { object: "must be an object", list: "must be a list", text: "must be text" }[shape], value);
        }
    }
    return ok;
}
