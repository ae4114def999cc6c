export { SecureUserBucket, validateSecureUserBucketArgs } from "./secure-user-bucket";
export type { SecureUserBucketArgs, AccessLevelPrefixes, UserAccessGrantArgs, UserIdentities, ObjectOperation } from "./secure-user-bucket";
export { CognitoAuth, MAX_GROUP_NAME_LENGTH, MFA_EMAIL_LIMITS, WRITABLE_STANDARD_ATTRIBUTES } from "./cognito-auth";
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
    MfaEmailMessage,
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
export { AuthorizedApi, CACHE_SIZES, LOG_RETENTION_DAYS, CACHE_CONTROL_STRATEGIES, ACCOUNT_LOG_ROLE_MODES, methodSettingsPath, buildOpenApiDocument, executionLogGroupName, validateAuthorizedApiArgs } from "./authorized-api";
export type {
    AccountLogRoleMode,
    AuthorizedApiArgs,
    CacheControlStrategy,
    CacheSize,
    DynamoDbRoute,
    HttpMethod,
    LambdaAuthorizerArgs,
    OpenApiDocument,
    OpenApiEnvironment,
    OpenApiIntegration,
    OpenApiOperation,
    OpenApiSecurityScheme,
    RouteArgs,
    RouteCache,
    S3Route,
    S3RouteBucket,
    SqsRoute,
    StepFunctionsRoute,
    Throttle,
    UsagePlanArgs,
} from "./authorized-api";
export { ApiGatewayAccountLogging, validateApiGatewayAccountLoggingArgs } from "./api-gateway-account";
export type { ApiGatewayAccountLoggingArgs } from "./api-gateway-account";
export { UserBackendInputError } from "./validation";
export type { InputIssue } from "./validation";
export { actions, identityIdVariable, principalTagVariable, identityPoolTrust, USER_CHANGEABLE_CLAIMS } from "./policy";
export type { PolicyDocument, PolicyStatement } from "./policy";
