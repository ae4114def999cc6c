/**
 * The public surface of `pulumi-user-backend/offline`. What is exported here is a promise to users:
 * removing or renaming it is a breaking change. `tests/package/api-report.test.ts` pins the names and
 * kinds in `tests/package/api-report/pulumi-user-backend-offline.txt`, so a change here is made on purpose.
 *
 * Public:
 * - the recorder: `record`, `Recording`, its options and recorded shapes, `resolveOutput`,
 *   `OfflineTimeoutError`, the unknown marker of previews (`unknown`, `UnknownValue`, `isUnknown`,
 *   `containsUnknown`), and the environment recordings pretend to deploy into (`defaultEnvironment`,
 *   `OfflineEnvironment`, so a test can predict an ARN);
 * - the ready mocks for users' own suites (`mocks`);
 * - the access simulator: `AccessSimulator`, its principals, requests and decisions,
 *   `SimulatorUnavailableError`, and `defaultKeyPolicy` for an external key's policy;
 * - the rule set (`rules/`): `rules`, `evaluateRules`, `severityAtLeast` (the `--fail-on` comparison),
 *   and the types of rules and findings; the graph the rules read (`graph/`): `Graph` and the types of
 *   its policy statements and routes;
 * - the plan: `runPlan`, `PlanInputError`, the report's types and its renderers (`renderText`,
 *   `renderMarkdown`);
 * - the update steps: `planUpdate`, `formatSteps` and the snapshots they compare (`snapshotOf`,
 *   `writeSnapshot`, `readSnapshot`).
 *
 * Internal (import the module file): the simulator's loader (`loadIamSimulate`), the mock engine's
 * naming (`autoName`), rule-id checks (`isRuleId`), the plan's OpenAPI extraction
 * (`openApiDocuments`), and the step planner's helpers (`aliasUrns`, `compactValue`, `REPLACED_BY`).
 */
export { record, OfflineTimeoutError, EmptyRecordingError } from "./recorder";
export type { RecordOptions } from "./recorder";
export { resolveOutput, Recording, UnknownValue, unknown, isUnknown, containsUnknown } from "./recording";
export type { RecordedResource, RecordedAlias } from "./recording";
export { AccessSimulator, SimulatorUnavailableError, defaultKeyPolicy } from "./simulator";
export type { SimulatedPrincipal, RoleSessionPrincipal, AnonymousPrincipal, ServicePrincipal, WebIdentity, AccessRequest, AccessDecision } from "./simulator";
export { defaultEnvironment } from "./mock-provider";
export type { OfflineEnvironment } from "./mock-provider";
export { rules, evaluateRules, severityAtLeast } from "./rules";
export type { Rule, Severity, Finding, FindingResource, Violation, RuleException, ExceptedFinding, RuleReport } from "./rules";
export { Graph } from "./graph";
export type { PolicyStatement, ApiRoute, AuthorizationKind, RouteAuthorizer, RouteIntegration, RouteSite } from "./graph";
export { runPlan, PlanInputError } from "./plan";
export type { PlanOptions, PlanReport, TreeNode, PostureItem, ComponentPosture, RoutePosture, AccessRow, AccessMatrix, Link, ServiceRoleReach } from "./plan";
export { renderText, renderMarkdown, renderJson } from "./plan";
export type { StackContext, ExceptionCounts } from "./plan";
export { planUpdate, formatSteps, snapshotOf, writeSnapshot, readSnapshot } from "./steps";
export type { Step, StepOp, Snapshot, SnapshotResource } from "./steps";
export { mocks, type MocksOptions } from "./mocks";
