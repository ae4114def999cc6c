import { strict as assert } from "assert";
import { UserBackendInputError } from "../../components/validation";

/** The message of the UserBackendInputError `build` throws; fails the test when it throws nothing, or anything else. */
export function inputErrorOf(build: () => unknown): string {
    try {
        build();
    } catch (e) {
        assert.ok(e instanceof UserBackendInputError, `expected UserBackendInputError, got ${e}`);
        return e.message;
    }
    assert.fail("expected the arguments to be rejected");
}
