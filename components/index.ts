/**
 * The public surface of `pulumi-user-backend`. What is exported here is a promise to users: removing
 * or renaming it is a breaking change. `tests/package/api-report.test.ts` pins the names and kinds in
 * `tests/package/api-report/pulumi-user-backend.txt`, so a change here is made on purpose.
 *
 * Public:
 * - the components (`SecureUserBucket`, `CognitoAuth`, `AuthorizedApi`, `ApiGatewayAccountLogging`),
 *   the types of their arguments and of their typed outputs (`AmplifyAuthConfig`, `OpenApiDocument`);
 * - their pure validators (`validate…Args`), for users' own tests of their configuration, and the
 *   one error class they throw, `UserBackendInputError`, with its `InputIssue`;
 * - `buildOpenApiDocument` and the OpenAPI types it returns;
 * - `actions` and the policy types that arguments take (`PolicyStatement`, `PolicyDocument`,
 *   `ConditionBlock`);
 * - constants the README documents or an argument is checked against: `MAX_GROUP_NAME_LENGTH`, and
 *   the allowed values of `cache.size`, `logRetentionDays`, `cache.unauthorizedCacheControl` and
 *   `accountLogRole` (`CACHE_SIZES`, `LOG_RETENTION_DAYS`, `CACHE_CONTROL_STRATEGIES`,
 *   `ACCOUNT_LOG_ROLE_MODES`), so that a stack's config reader can refuse a bad value first.
 *
 * Internal (the modules and `offline/` import them from the module files; tests may too): defaults
 * resolution (`resolveCognitoDefaults`), partial validators (`validateUserAccessGrant`), naming and
 * path helpers (`slugOf`, `methodSettingsPath`, `executionLogGroupName`), cache keys
 * (`identityCacheKey`), trust and policy builders (`identityPoolTrust`, `identityIdVariable`,
 * `principalTagVariable`, ...), and the limits and claim lists the validators and rules share
 * (`MFA_EMAIL_LIMITS`, `WRITABLE_STANDARD_ATTRIBUTES`, `USER_CHANGEABLE_CLAIMS`). A smaller surface
 * can grow later without breaking anyone; a helper once exported cannot be taken back.
 */
export { SecureUserBucket } from "./secure-user-bucket";
export { validateSecureUserBucketArgs } from "./secure-user-bucket/validation";
export type {
    SecureUserBucketArgs,
    AccessLevelPrefixes,
    ResolvedAccessLevelPrefixes,
    SecureUserBucketTransforms,
    UserAccessGrant,
    GrantIdentityTags,
    UserAccessGrantArgs,
    UserIdentities,
} from "./secure-user-bucket/args";
export { ObjectOperation } from "./secure-user-bucket/args";
export { GrantedOperation } from "./secure-user-bucket/granted-access";
export type { GrantedAccess, GrantedPrefix } from "./secure-user-bucket/granted-access";
export type { ObjectCreatedArgs, UploadEventArgs, UploadEventTarget } from "./secure-user-bucket/events-args";
export type { UploadEvent } from "./secure-user-bucket/events";
export { amplifyOutputs, amplifyOutputsJson } from "./cognito-auth/amplify-outputs";
export type {
    AmplifyOutputs,
    AmplifyOutputsAuth,
    AmplifyOutputsBucket,
    AmplifyOutputsCustom,
    AmplifyOutputsNotes,
    AmplifyOutputsOAuth,
    AmplifyOutputsOptions,
    AmplifyOutputsPasswordPolicy,
    AmplifyOutputsStorage,
    AmplifyOwnerKeyedPath,
} from "./cognito-auth/amplify-outputs";
export { AmplifyOutputsIdentityProvider, AmplifyOutputsMfaConfiguration, AmplifyOutputsMfaMethod, AmplifyOutputsUsernameAttribute } from "./cognito-auth/amplify-outputs-enums";
export { CognitoAuth, MAX_GROUP_NAME_LENGTH } from "./cognito-auth";
export type {
    CognitoAuthArgs,
    AppleProvider,
    AttributeMapping,
    ClientOAuth,
    CognitoClient,
    CognitoClientArgs,
    CognitoTriggers,
    CustomAttribute,
    EmailSettings,
    Group,
    GroupArgs,
    HostedUiDomain,
    IdentityProviders,
    InvitationMessages,
    MfaEmailMessage,
    MfaFactors,
    OidcProvider,
    PasswordPolicy,
    ResourceServer,
    ResourceServerArgs,
    RoleMapping,
    RoleMappingRule,
    SamlProvider,
    SignInOptions,
    SocialProvider,
    TokenValidity,
    VerificationMessages,
    CognitoAuthTransforms,
    CustomSenders,
} from "./cognito-auth/args";
// Enums: an object and a type of the same name each, so a value export.
export {
    AccountRecoveryMethod,
    AmbiguousRoleResolution,
    AmplifyMfaStatus,
    AmplifyOAuthResponseType,
    CustomAttributeType,
    EmailVerificationStyle,
    ExtraAuthFlow,
    FeatureTier,
    MfaMode,
    OAuthFlow,
    RoleMappingMatchType,
    RoleMappingType,
    StandardAttribute,
    ThreatProtectionMode,
} from "./cognito-auth/enums";
// The pre token generation trigger's event version (access-token customisation).
export { PreTokenGenerationVersion } from "./cognito-auth/trigger-enums";
export type {
    AmplifyAuthConfig,
    AmplifyAuth,
    AmplifyAttributeRequirement,
    AmplifyCognitoConfig,
    AmplifyLoginWith,
    AmplifyMfaConfig,
    AmplifyOAuthConfig,
    AmplifyPasswordFormat,
} from "./cognito-auth/amplify";
export { validateCognitoAuthArgs } from "./cognito-auth/validation";
// Choice-based sign-in (passkeys, one-time passwords) and managed login branding.
export type { BrandingAsset, ClientBranding, SignInPolicy, WebAuthnSettings } from "./cognito-auth/sign-in-args";
export { BrandingAssetCategory, BrandingAssetExtension, BrandingColorMode, FirstAuthFactor, ManagedLoginVersion, PasskeyUserVerification } from "./cognito-auth/sign-in-enums";
export { AuthorizedApi, CACHE_SIZES, LOG_RETENTION_DAYS, CACHE_CONTROL_STRATEGIES, ACCOUNT_LOG_ROLE_MODES, buildOpenApiDocument, validateAuthorizedApiArgs } from "./authorized-api";
// The allowed values of AuthorizedApi's fields: each an enum const and a type of the same name (a value export keeps the const).
export {
    AccountLogRoleMode,
    ApiEndpointType,
    CacheControlStrategy,
    CacheSize,
    DefaultAuthorization,
    DynamoDbOperation,
    ExecutionLogLevel,
    HttpMethod,
    LambdaAuthorizerType,
    MockStatusCode,
    QuotaPeriod,
    RouteAuthorization,
    S3RouteOperation,
} from "./authorized-api";
export type {
    ApiCache,
    ApiDomain,
    AuthorizedApiArgs,
    DynamoDbRoute,
    HttpIntegration,
    LambdaAuthorizer,
    LambdaAuthorizerArgs,
    LambdaIntegration,
    MockIntegration,
    OpenApiDocument,
    OpenApiEnvironment,
    OpenApiIntegration,
    OpenApiOperation,
    OpenApiSecurityScheme,
    Route,
    RouteArgs,
    RouteCache,
    S3Route,
    S3RouteBucket,
    S3RoutePrefixes,
    SqsRoute,
    StepFunctionsRoute,
    Throttle,
    UsagePlan,
    UsagePlanArgs,
    UsagePlanQuota,
} from "./authorized-api";
export type { OpenApiParameter, OpenApiResponses } from "./authorized-api/openapi";
export type { AuthorizedApiTransform } from "./authorized-api/args";
export type { Transform } from "./shared/transform";
export { ApiGatewayAccountLogging, validateApiGatewayAccountLoggingArgs } from "./api-gateway-account";
export type { ApiGatewayAccountLoggingArgs } from "./api-gateway-account";
export { UserBackendInputError } from "./validation";
export type { InputIssue } from "./validation";
export { actions, PolicyEffect } from "./policy";
export type { ConditionBlock, OneOrMany, PolicyDocument, PolicyPrincipal, PolicyStatement } from "./policy";
