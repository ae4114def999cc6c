// The offline `plan` command: run a stack's program (run.ts), judge it with the rules, and report its
// posture (posture.ts), its links (links.ts) and who reaches which user's files (access-matrix.ts),
// rendered by report.ts. The report's shapes are in types.ts.
export { runPlan, openApiDocuments } from "./run";
export { PlanInputError } from "../project";
export { SERVICE_ROLE_NOTE } from "./access-matrix";
export { renderText, renderMarkdown, renderJson, exceptionCounts, environmentsNote } from "./report";
export type { StackContext, ExceptionCounts } from "./report";
export type { PlanOptions, PlanReport, TreeNode, PostureItem, ComponentPosture, RoutePosture, AccessRow, AccessMatrix, Link, ServiceRoleReach } from "./types";
