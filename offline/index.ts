export { record, resolveOutput, Recording, OfflineTimeoutError, UnknownValue, unknown, isUnknown, containsUnknown } from "./recorder";
export type { RecordedResource, RecordedAlias, RecordOptions } from "./recorder";
export { AccessSimulator, SimulatorUnavailableError, loadIamSimulate, defaultKeyPolicy } from "./simulator";
export type { SimulatedPrincipal, RoleSessionPrincipal, AnonymousPrincipal, ServicePrincipal, WebIdentity, AccessRequest, AccessDecision } from "./simulator";
export { defaultEnvironment, autoName } from "./aws-outputs";
export type { OfflineEnvironment } from "./aws-outputs";
