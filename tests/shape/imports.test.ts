import { strict as assert } from "assert";
import * as path from "path";
import { importCircles, moduleGraph, root, tsFiles } from "./shape";

// No import circle among components/** and offline/** (issue 14): a module and the modules it
// imports can be read, and moved, in one direction. Type-only imports count too.

const relative = (file: string): string => path.relative(root, file);

describe("module graph", () => {
    it("has no import circle among components/ and offline/", () => {
        const circles = importCircles(moduleGraph(tsFiles("components", "offline")));
        assert.deepEqual(
            circles.map((circle) => circle.map(relative).join(" -> ")),
            [],
            "import circles (each path returns to where it starts):",
        );
    });

    it("keeps components/shared/contract.ts free of any other module of the project", () => {
        const graph = moduleGraph(tsFiles("components", "offline"));
        assert.deepEqual((graph.get(path.join(root, "components/shared/contract.ts")) ?? []).map(relative), []);
    });

    describe("the check itself", () => {
        const files: Record<string, string> = {
            "/p/a.ts": 'import { b } from "./b";\nimport type { T } from "./dir";\n',
            "/p/b.ts": 'export { c } from "./c";\n',
            "/p/c.ts": 'const a = require("./a");\nimport * as fs from "fs";\n',
            "/p/dir/index.ts": 'import type { A } from "../a";\n',
            "/p/solo.ts": 'import("./solo");\n',
            "/p/leaf.ts": 'import { a } from "./a";\n',
        };
        const graph = moduleGraph(Object.keys(files), (f) => files[f]);

        it("follows import, import type, export from, require and import(), and folders to index.ts", () => {
            assert.deepEqual(graph.get("/p/a.ts"), ["/p/b.ts", "/p/dir/index.ts"]);
            assert.deepEqual(graph.get("/p/c.ts"), ["/p/a.ts"]);
        });

        it("names every circle as a path back to its start, and nothing outside a circle", () => {
            // a, b, c and dir/index are one tangle; the shortest way back to a is named.
            const circles = importCircles(graph).map((c) => c.join(" -> ")).sort();
            assert.deepEqual(circles, ["/p/a.ts -> /p/dir/index.ts -> /p/a.ts", "/p/solo.ts -> /p/solo.ts"]);
        });
    });
});
