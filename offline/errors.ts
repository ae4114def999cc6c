/** A mistake in what the plan was asked to run: shown as one line, without a stack trace. */
export class PlanInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanInputError";
    }
}
