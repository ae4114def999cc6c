// The stack-trace formatter the recorder installs for the length of a run (issue 11).

/** How many anonymous traces the recorder has formatted without frames, in this process. */
let anonymousTraces = 0;

/** Internal. Exported for testing: the number of anonymous traces formatted without frames so far. */
export function anonymousTracesFormatted(): number {
    return anonymousTraces;
}

/** `new Error()` or `new Error("")` of the plain Error class, with nothing that says what went wrong. */
function isAnonymous(error: unknown): boolean {
    return error instanceof Error && Object.getPrototypeOf(error) === Error.prototype && error.name === "Error" && error.message === "";
}

/**
 * The SDK reads `new Error().stack` for every promise it tracks (`debuggablePromise` in
 * runtime/debuggable.js keeps it for its leak report) and once more per resource, with no frame
 * limit, to find the program's source position (`Resource.callsites` in resource.js). Formatting
 * those frames, and under ts-node mapping each through source maps, was most of a large run's CPU,
 * and their text most of its memory (issue 11). For the length of a run, an anonymous error's trace
 * is therefore just `Error`, with no frames; every other error keeps the installed formatter, so a
 * program's own errors still point at its TypeScript lines.
 *
 * What that gives up: the SDK's report of a leaked promise would show no frames (it shows them only
 * when PULUMI_DEBUG_PROMISE_LEAKS is set), and registrations carry no source position (the engine
 * uses it to point diagnostics at a program line; nothing offline reads it, the recorder included). V8
 * formats a trace when `stack` is first read, so an SDK error that gets its message before then
 * (`preallocError` in runtime/resource.js) keeps its frames. A program that throws `new Error()`
 * with no message loses its location offline; any message brings it back.
 *
 * Node and V8 public API only: `Error.prepareStackTrace`. Returns the function that puts the
 * installed formatter back.
 */
export function omitFramesOfAnonymousTraces(): () => void {
    const installed = Error.prepareStackTrace;
    // Node installs a default formatter of its own (v20.20 does); without one, format as V8 does.
    const others = installed ?? ((error: Error, frames: NodeJS.CallSite[]) => `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`);
    const formatter = (error: Error, frames: NodeJS.CallSite[]) => {
        if (!isAnonymous(error)) return others(error, frames);
        anonymousTraces++;
        return "Error";
    };
    Error.prepareStackTrace = formatter;
    return () => {
        // Leave a formatter someone else installed meanwhile in place.
        if (Error.prepareStackTrace === formatter) Error.prepareStackTrace = installed;
    };
}
