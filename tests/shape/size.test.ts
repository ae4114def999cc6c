import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { lineCount, root, tsFiles } from "./shape";

// No file in components/ or offline/ over 500 lines (issue 14: "No file in components/ or offline/
// over about 500 lines"), so each reads as one responsibility.

const LIMIT = 500;

describe("file size", () => {
    it(`keeps every file in components/ and offline/ at ${LIMIT} lines or fewer`, () => {
        const over = tsFiles("components", "offline")
            .map((file) => ({ file: path.relative(root, file), lines: lineCount(fs.readFileSync(file, "utf8")) }))
            .filter((f) => f.lines > LIMIT)
            .map((f) => `${f.file} (${f.lines} lines)`);
        assert.deepEqual(over, [], `files over ${LIMIT} lines:\n  ${over.join("\n  ")}`);
    });

    it("counts lines as an editor shows them", () => {
        assert.equal(lineCount(""), 0);
        assert.equal(lineCount("a"), 1);
        assert.equal(lineCount("a\n"), 1);
        assert.equal(lineCount("a\nb\n"), 2);
        assert.equal(lineCount("a\n\n"), 2);
    });
});
