// Renders API Gateway mapping templates offline with velocityjs, with `$input`, `$context` and
// `$util` as API Gateway documents them. API Gateway runs Apache Velocity on the JVM, so string
// results behave like Java strings here: `replaceAll` takes a regular expression, as in Java.
// @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
// What this cannot prove: that AWS's engine and velocityjs agree on every corner of the language.
import { render } from "velocityjs";

/** A Java string as Velocity on the JVM sees it. */
class JavaString {
    constructor(private readonly value: string) {}
    replaceAll(regex: string, replacement: string): JavaString {
        return new JavaString(this.value.replace(new RegExp(regex, "g"), replacement));
    }
    toString(): string {
        return this.value;
    }
}

/** `$util.escapeJavaScript`: JavaScript string escaping, which escapes `'` too. */
function escapeJavaScript(value: unknown): JavaString {
    const text = String(value);
    const escaped = text.replace(/[\\"'\n\r\t\u2028\u2029]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029" })[c]!);
    return new JavaString(escaped);
}

/** `$context.requestTimeEpoch` in rendered templates. */
export const REQUEST_TIME_EPOCH = 1767225600000;

export interface TemplateRequest {
    readonly body?: string;
    readonly headers?: Record<string, string>;
    readonly path?: Record<string, string>;
    readonly claims?: Record<string, string>;
    readonly principalId?: string;
    readonly cognitoIdentityId?: string;
}

export interface RenderedTemplate {
    readonly output: string;
    /** What the template set with `$context.responseOverride` / `$context.requestOverride`. */
    readonly responseHeaders: Record<string, string>;
    readonly requestQuery: Record<string, string>;
}

export function renderTemplate(template: string, request: TemplateRequest = {}): RenderedTemplate {
    const body = request.body ?? "{}";
    const responseHeaders: Record<string, string> = {};
    const requestQuery: Record<string, string> = {};
    const params = (name?: string) => {
        const all = { header: new Map(Object.entries(request.headers ?? {})), path: new Map(Object.entries(request.path ?? {})) };
        if (name === undefined) return all;
        return request.path?.[name] ?? request.headers?.[name] ?? "";
    };
    const context = {
        authorizer: { claims: request.claims ?? {}, principalId: request.principalId ?? "" },
        identity: { cognitoIdentityId: request.cognitoIdentityId ?? "" },
        responseOverride: { header: responseHeaders },
        requestOverride: { querystring: requestQuery },
        requestTimeEpoch: REQUEST_TIME_EPOCH,
    };
    const input = { body, json: (path: string) => (path === "$" ? body : JSON.stringify(JSON.parse(body)[path.replace(/^\$\./, "")])), params, path: (path: string) => JSON.parse(body)[path.replace(/^\$\./, "")] };
    const util = { escapeJavaScript, urlEncode: (value: unknown) => encodeURIComponent(String(value)) };
    const output = render(template, { input, context, util });
    // Velocity leaves a reference it cannot resolve as written: a template that names a variable or
    // a request value that does not exist shows up as `$` in the output.
    const unresolved = /\$!?\{?[A-Za-z]/.exec(output);
    if (unresolved && !(request.body ?? "").includes("$")) throw new Error(`unresolved reference in the rendered template: ${output.slice(unresolved.index, unresolved.index + 40)}`);
    return { output, responseHeaders, requestQuery };
}
