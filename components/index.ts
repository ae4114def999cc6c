export { SecureUserBucket, validateSecureUserBucketArgs } from "./secure-user-bucket";
export type { SecureUserBucketArgs, AccessLevelPrefixes, UserAccessGrantArgs, ObjectOperation } from "./secure-user-bucket";
export { UserBackendInputError } from "./validation";
export type { InputIssue } from "./validation";
export { actions, identityIdVariable, principalTagVariable } from "./policy";
export type { PolicyDocument, PolicyStatement } from "./policy";
