// The shapes of the plan's report, in one module of types only, so that the stages (run, posture,
// links, access matrix) and the renderers import them without importing one another.
import type { AccessSimulator } from "../simulator";
import type { record } from "../recorder";
import type { Recording } from "../recording";
import type { RuleReport } from "../rules";

export interface PlanOptions {
    /** The Pulumi project folder. */
    readonly cwd: string;
    readonly stack: string;
    /** @default 60 */
    readonly timeoutSeconds?: number;
    /** Declared rule exceptions. @default `plan-exceptions.yaml` beside Pulumi.yaml, when there is one */
    readonly exceptionsFile?: string;
    /** Loads the access simulator; tests replace it to check the unavailable path. @default `AccessSimulator.load` */
    readonly loadSimulator?: (rec: Recording) => AccessSimulator;
    /** Runs the program; the benchmark wraps it to time the run. @default `record` */
    readonly record?: typeof record;
}

export interface TreeNode {
    readonly type: string;
    readonly name: string;
    readonly children: TreeNode[];
}

export interface PostureItem {
    readonly check: string;
    readonly value: string;
    readonly ok: boolean;
}

export interface ComponentPosture {
    readonly component: string;
    readonly name: string;
    readonly items: PostureItem[];
    /** For an AuthorizedApi, one row per route. */
    readonly routes?: RoutePosture[];
}

export interface RoutePosture {
    readonly route: string;
    readonly integration: string;
    readonly authorization: string;
    readonly caching: string;
    readonly throttling: string;
}

export interface AccessRow {
    readonly bucket: string;
    readonly principal: string;
    readonly level: string;
    readonly get: boolean;
    readonly list: boolean;
    readonly put: boolean;
    readonly delete: boolean;
}

/**
 * A role that is not an identity pool role and reaches every user's private prefix: a function or an
 * API route acting for all users. It is correct only while the code that uses it takes the owner from
 * the caller's verified token, never from the request (shared/SECURITY.md, mistake 14); the plan lists
 * it so a reviewer sees that trust boundary.
 */
export interface ServiceRoleReach {
    /** The role's logical name. */
    readonly role: string;
    /** Who acts with it: `Lambda <function>`, or the API routes whose integration passes it. */
    readonly usedBy: string;
    /** The bucket, as the access rows name it. */
    readonly bucket: string;
    /** The S3 actions it is allowed on every user's private prefix (a list when `s3:prefix` spans all users). */
    readonly actions: string[];
    /** Always `SERVICE_ROLE_NOTE` (plan/access-matrix.ts). */
    readonly note: string;
}

export interface AccessMatrix {
    readonly rows: AccessRow[];
    /** Roles, other than identity pool roles, allowed on every user's private prefix. */
    readonly serviceRoles: ServiceRoleReach[];
    /** Routes anyone may call without credentials. */
    readonly publicRoutes: string[];
    /** What the matrix leaves out and why (no guests, no identity pool). */
    readonly notes: string[];
    /** Why the matrix could not be computed, if it could not. */
    readonly unavailable?: string;
}

export interface PlanReport {
    readonly project: string;
    readonly stack: string;
    readonly resources: { readonly tree: TreeNode[]; readonly counts: Record<string, number>; readonly total: number };
    /** Stack outputs as a preview shows them: computed values unknown, secrets hidden. */
    readonly outputs: Record<string, unknown>;
    readonly posture: ComponentPosture[];
    /** How the components and the resources they reach are linked, for the diagram. */
    readonly links: Link[];
    readonly access: AccessMatrix;
    readonly findings: RuleReport;
    /**
     * The OpenAPI document of every RestApi defined by a `body` that parses, by the RestApi's logical
     * name: what teams generate clients and docs from (`plan --out` writes each beside the report).
     */
    readonly openApiDocuments: Record<string, unknown>;
    /** The file the declared exceptions came from (its name), when there was one. */
    readonly exceptionsFile?: string;
    /** The Pulumi ESC environments the stack file imports, which the plan cannot read. */
    readonly environments: readonly string[];
}

/** One edge of the diagram: `from` uses `to`, both logical names of components or top-level resources. */
export interface Link {
    readonly from: string;
    readonly to: string;
    readonly label: string;
}
