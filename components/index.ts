export { SecureUserBucket, validateSecureUserBucketArgs } from "./secure-user-bucket";
export type { SecureUserBucketArgs, AccessLevelPrefixes, UserAccessGrantArgs, UserIdentities, ObjectOperation } from "./secure-user-bucket";
export { CognitoAuth } from "./cognito-auth";
export type {
    CognitoAuthArgs,
    AmplifyAuthConfig,
    AppleProvider,
    AttributeMapping,
    ClientOAuth,
    CognitoClientArgs,
    CognitoTriggers,
    CustomAttribute,
    EmailSettings,
    GroupArgs,
    HostedUiDomain,
    IdentityProviders,
    InvitationMessages,
    MfaFactors,
    OidcProvider,
    PasswordPolicy,
    ResourceServerArgs,
    RoleMapping,
    RoleMappingRule,
    SamlProvider,
    SignInOptions,
    SocialProvider,
    StandardAttribute,
    TokenValidity,
    VerificationMessages,
} from "./cognito-auth";
export { validateCognitoAuthArgs } from "./cognito-auth-validation";
export { AuthorizedApi, CACHE_SIZES, LOG_RETENTION_DAYS, methodSettingsPath } from "./authorized-api";
export type {
    AuthorizedApiArgs,
    CacheSize,
    DynamoDbRoute,
    HttpMethod,
    LambdaAuthorizerArgs,
    RouteArgs,
    RouteCache,
    S3Route,
    S3RouteBucket,
    SqsRoute,
    StepFunctionsRoute,
    Throttle,
    UsagePlanArgs,
} from "./authorized-api";
export { validateAuthorizedApiArgs } from "./authorized-api-validation";
export { UserBackendInputError } from "./validation";
export type { InputIssue } from "./validation";
export { actions, identityIdVariable, principalTagVariable, identityPoolTrust } from "./policy";
export type { PolicyDocument, PolicyStatement } from "./policy";
