import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, identityPoolTrust, policyJson, PolicyStatement, WRITABLE_STANDARD_ATTRIBUTES as WRITABLE_STANDARD_ATTRIBUTE_NAMES } from "./policy";
import { validateCognitoAuthArgs } from "./cognito-auth-validation";

export { MAX_GROUP_NAME_LENGTH, MFA_EMAIL_LIMITS } from "./cognito-auth-validation";

/** How users name themselves when they sign in. */
export interface SignInOptions {
    /**
     * Sign in with an email address.
     * @default true when no other option is set
     */
    readonly email?: boolean;
    /** Sign in with a phone number. Needs SMS, so the component creates the SNS role. @default false */
    readonly phone?: boolean;
    /**
     * Sign in with a username the user picks; email and phone then become aliases of it.
     * @default false
     */
    readonly username?: boolean;
    /** With `username`, also accept the `preferred_username` attribute as an alias. @default false */
    readonly preferredUsername?: boolean;
}

/**
 * Password rules. AWS accepts a minimum length of 8 to 99.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
 */
export interface PasswordPolicy {
    /** @default 12 */
    readonly minimumLength?: number;
    /** @default true */
    readonly requireLowercase?: boolean;
    /** @default true */
    readonly requireUppercase?: boolean;
    /** @default true */
    readonly requireNumbers?: boolean;
    /** @default true */
    readonly requireSymbols?: boolean;
    /** Days an administrator-issued temporary password stays valid: 1 to 7. @default 7 */
    readonly temporaryPasswordValidityDays?: number;
}

/** Second factors users may register. */
export interface MfaFactors {
    /** Authenticator apps (TOTP). @default true */
    readonly totp?: boolean;
    /**
     * Codes by SMS; the component creates the SNS role Cognito sends them with. SMS is also set up
     * for phone sign-in and phone recovery, and then also serves as a second factor.
     * @default false
     */
    readonly sms?: boolean;
    /**
     * Codes by email; needs `email.sesIdentityArn`, the ESSENTIALS or PLUS feature tier, and a second
     * `accountRecovery` method.
     * @default false
     */
    readonly email?: boolean;
}

/**
 * The email that carries an MFA (or email one-time password) code. Cognito needs both texts: the
 * provider drops an empty `emailMfaConfiguration` block, and email MFA then never switches on
 * (terraform-provider-aws #43917), so the component always sends a subject and a message.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html
 */
export interface MfaEmailMessage {
    /** 1 to 140 letters, digits, punctuation, symbols or spaces. @default "Your sign-in code" */
    readonly subject?: string;
    /**
     * 6 to 20,000 characters; must contain `{####}`, where Cognito puts the code.
     * @default "Your sign-in code is {####}. If you did not try to sign in, change your password."
     */
    readonly message?: string;
}

/** Where Cognito sends email from. */
export interface EmailSettings {
    /**
     * Send through this verified SES identity instead of Cognito's built-in sender, which is limited
     * to a few dozen messages a day and meant for testing.
     * @example "arn:aws:ses:us-east-1:123456789012:identity/example.org"
     */
    readonly sesIdentityArn?: pulumi.Input<string>;
    /** The sender, such as `Acme <no-reply@acme.dev>`. Needs `sesIdentityArn`. */
    readonly from?: string;
    /** The Reply-To address. */
    readonly replyTo?: string;
    /** An SES configuration set, for delivery metrics. Needs `sesIdentityArn`. */
    readonly configurationSet?: string;
}

/** Texts of the messages that confirm an email address or phone number. */
export interface VerificationMessages {
    /** Confirm email addresses with a code to type or a link to follow. @default "code" */
    readonly emailStyle?: "code" | "link";
    /** @default Cognito's subject */
    readonly emailSubject?: string;
    /** Must contain `{####}` (the code), or `{##text##}` (the link) with `emailStyle: "link"`. @default Cognito's text */
    readonly emailMessage?: string;
    /** Must contain `{####}`. @default Cognito's text */
    readonly smsMessage?: string;
}

/** Texts of the invitation an administrator-created user receives. Each must contain `{username}` and `{####}`. */
export interface InvitationMessages {
    readonly emailSubject?: string;
    readonly emailMessage?: string;
    readonly smsMessage?: string;
}

/**
 * A custom attribute, stored as `custom:<name>`. Attributes can be added later but never changed or
 * removed: Cognito has no API for that.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-custom-attributes
 */
export interface CustomAttribute {
    readonly type: "String" | "Number" | "Boolean" | "DateTime";
    /** Whether the value can change after it is first set. @default true */
    readonly mutable?: boolean;
    /**
     * Whether users may set it themselves through the app clients. Leave it off for anything that
     * decides access (a tenant, a plan, a role): users could otherwise grant it to themselves.
     * @default false
     */
    readonly userWritable?: boolean;
    /** For `String`: the shortest and longest value (0 to 2048). @default 0 and 2048 */
    readonly minLength?: number;
    readonly maxLength?: number;
    /** For `Number`: the smallest and largest value. */
    readonly min?: number;
    readonly max?: number;
}

/** Standard attributes a user must give at sign-up. */
export type StandardAttribute =
    | "address"
    | "birthdate"
    | "email"
    | "family_name"
    | "gender"
    | "given_name"
    | "locale"
    | "middle_name"
    | "name"
    | "nickname"
    | "phone_number"
    | "picture"
    | "preferred_username"
    | "profile"
    | "updated_at"
    | "website"
    | "zoneinfo";

/** Lambda functions Cognito calls during sign-up and sign-in, by ARN. Each gets the invoke permission it needs. */
export interface CognitoTriggers {
    readonly preSignUp?: pulumi.Input<string>;
    readonly postConfirmation?: pulumi.Input<string>;
    readonly preAuthentication?: pulumi.Input<string>;
    readonly postAuthentication?: pulumi.Input<string>;
    /** Called with the version-1 event (ID token claims); works on every feature tier. */
    readonly preTokenGeneration?: pulumi.Input<string>;
    readonly customMessage?: pulumi.Input<string>;
    readonly defineAuthChallenge?: pulumi.Input<string>;
    readonly createAuthChallenge?: pulumi.Input<string>;
    readonly verifyAuthChallengeResponse?: pulumi.Input<string>;
    readonly userMigration?: pulumi.Input<string>;
}

/** OAuth 2.0 settings of an app client, used by the hosted UI and federation. */
export interface ClientOAuth {
    /**
     * Where Cognito may send users after sign-in. Each must be https, or http://localhost for local
     * development. No fragments, and no example.com placeholders.
     * Required with the `code` flow; a `client_credentials` client redirects nowhere.
     * @example ["https://app.acme.dev/auth/callback", "http://localhost:5173/auth/callback"]
     */
    readonly callbackUrls?: string[];
    /** Where Cognito may send users after sign-out, with the same rules. Required with the `code` flow. */
    readonly logoutUrls?: string[];
    /**
     * Scopes the client may request: `openid`, `email`, `phone`, `profile`,
     * `aws.cognito.signin.user.admin`, or `<resource server identifier>/<scope>` from `resourceServers`.
     * @default ["openid", "email", "profile"]
     */
    readonly scopes?: string[];
    /**
     * Grant types. Public clients may only use `code` (Amplify and OAuth 2.1 libraries send PKCE with it);
     * the implicit flow is never offered. `client_credentials` is for confidential clients and
     * resource-server scopes only.
     * @default ["code"]
     */
    readonly flows?: ("code" | "client_credentials")[];
}

/** Token lifetimes of an app client. */
export interface TokenValidity {
    /** Minutes an access token is valid: 5 to 1440. @default 60 */
    readonly accessTokenMinutes?: number;
    /** Minutes an ID token is valid: 5 to 1440. @default 60 */
    readonly idTokenMinutes?: number;
    /** Days a refresh token is valid: 1 to 3650. @default 30 */
    readonly refreshTokenDays?: number;
    /** Minutes a sign-in session (between MFA steps) is valid: 3 to 15. @default 3 */
    readonly authSessionMinutes?: number;
}

/** An app client. Keyed by a stable name in `clients`. */
export interface CognitoClientArgs {
    /**
     * Give the client a secret, for server-side apps that can keep one. Public clients (browsers,
     * mobile apps) must not have one.
     * @default false
     */
    readonly confidential?: boolean;
    /** OAuth for the hosted UI and federation. Left out, the client signs in through the Cognito API only. */
    readonly oauth?: ClientOAuth;
    /**
     * Extra API sign-in flows besides SRP (`ALLOW_USER_SRP_AUTH`) and refresh (`ALLOW_REFRESH_TOKEN_AUTH`),
     * which every client gets: `userPassword` sends the password itself (for migrations),
     * `adminUserPassword` is for trusted servers, `custom` for custom challenges, `userAuth` for choice-based sign-in.
     * @default []
     */
    readonly extraAuthFlows?: ("userPassword" | "adminUserPassword" | "custom" | "userAuth")[];
    /** @default see `TokenValidity` */
    readonly tokenValidity?: TokenValidity;
    /**
     * Let users of this client get AWS credentials from the identity pool.
     * @default true for public clients, false for confidential ones
     */
    readonly identityPool?: boolean;
    /** Offer sign-in with a Cognito username and password besides the identity providers. @default true */
    readonly cognitoSignIn?: boolean;
}

/** A resource server: an API whose custom scopes clients can request and authorizers can require. */
export interface ResourceServerArgs {
    /** The identifier that prefixes its scopes, usually the API's URL. @example "https://api.acme.dev" */
    readonly identifier: string;
    /** Scope names and their descriptions. @example { "photos.read": "Read photos" } */
    readonly scopes: Readonly<Record<string, string>>;
}

/** Hosted UI domain: a Cognito prefix, or your own domain with an ACM certificate in us-east-1. */
export interface HostedUiDomain {
    /**
     * `https://<prefix>.auth.<region>.amazoncognito.com`. Lowercase letters, digits and hyphens,
     * without `aws`, `amazon` or `cognito`.
     *
     * Prefixes are one namespace per region, shared by every AWS account, and validation cannot see
     * which are taken: a taken prefix passes preview and fails at `pulumi up` with
     * `InvalidParameterException: Domain already associated with another user pool.` Include the app
     * and stack names (`acme-photos-prod`), and if it is taken all the same, pick another prefix and
     * run `up` again (nothing else was created for the domain).
     * @example `acme-photos-${pulumi.getStack()}`
     */
    readonly prefix?: string;
    /** Your own domain, such as `auth.acme.dev`. Point it at the `hostedUiCloudFrontTarget` output. */
    readonly customDomain?: string;
    /** ACM certificate for `customDomain`. It must be in us-east-1, whatever the pool's region. */
    readonly certificateArn?: pulumi.Input<string>;
}

/** Maps user pool attributes to the identity provider's attribute names. */
export type AttributeMapping = Readonly<Record<string, string>>;

/** A social identity provider whose app gives a client id and secret (Google, Facebook, Login with Amazon). */
export interface SocialProvider {
    readonly clientId: pulumi.Input<string>;
    /** Stored as a Pulumi secret. */
    readonly clientSecret: pulumi.Input<string>;
    /** @default ["openid", "email", "profile"] for Google, ["public_profile", "email"] for Facebook, ["profile"] for Amazon */
    readonly scopes?: string[];
    /** @default { email: "email" } */
    readonly attributeMapping?: AttributeMapping;
}

/** Sign in with Apple. */
export interface AppleProvider {
    /** The Services ID. */
    readonly servicesId: pulumi.Input<string>;
    readonly teamId: pulumi.Input<string>;
    readonly keyId: pulumi.Input<string>;
    /** The private key (.p8 contents). Stored as a Pulumi secret. */
    readonly privateKey: pulumi.Input<string>;
    /** @default ["email", "name"] */
    readonly scopes?: string[];
    /** @default { email: "email" } */
    readonly attributeMapping?: AttributeMapping;
}

/** A SAML 2.0 identity provider. Give exactly one of `metadataUrl` and `metadataXml`. */
export interface SamlProvider {
    readonly metadataUrl?: pulumi.Input<string>;
    readonly metadataXml?: pulumi.Input<string>;
    /** SAML attributes have URIs for names, so there is no default mapping. @example { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" } */
    readonly attributeMapping: AttributeMapping;
    /** Email domains or identifiers that route users to this provider. */
    readonly identifiers?: string[];
    /** Sign users out of the SAML provider too. @default false */
    readonly signOut?: boolean;
}

/** An OpenID Connect identity provider. */
export interface OidcProvider {
    /** The issuer URL (https). */
    readonly issuer: string;
    readonly clientId: pulumi.Input<string>;
    /** Stored as a Pulumi secret. */
    readonly clientSecret: pulumi.Input<string>;
    /** @default ["openid", "email", "profile"] */
    readonly scopes?: string[];
    /** @default { email: "email" } */
    readonly attributeMapping?: AttributeMapping;
    /** Email domains or identifiers that route users to this provider. */
    readonly identifiers?: string[];
}

/** Federated identity providers. Every client offers all of them. */
export interface IdentityProviders {
    readonly google?: SocialProvider;
    readonly facebook?: SocialProvider;
    readonly amazon?: SocialProvider;
    readonly apple?: AppleProvider;
    /** Keyed by provider name (shown to users and used in `identity_provider=` links). */
    readonly saml?: Readonly<Record<string, SamlProvider>>;
    /** Keyed by provider name. */
    readonly oidc?: Readonly<Record<string, OidcProvider>>;
}

/** A user pool group. */
export interface GroupArgs {
    readonly description?: string;
    /**
     * Lower wins when a user is in several groups with roles: the token's `cognito:preferred_role`
     * is the role of the group with the lowest precedence. Required (and unique) for groups with a role.
     */
    readonly precedence?: number;
    /**
     * Give the group an IAM role that members receive from the identity pool instead of the
     * authenticated role. It starts with no permissions; grant to it through `signedInRoles`.
     * @default false
     */
    readonly role?: boolean;
    /** Policy statements for the group's role. Needs `role: true`. */
    readonly roleStatements?: PolicyStatement[];
}

/** One role mapping rule: a claim in the user's ID token selects a role. */
export interface RoleMappingRule {
    /** @example "custom:plan" */
    readonly claim: string;
    readonly matchType: "Equals" | "Contains" | "StartsWith" | "NotEqual";
    readonly value: string;
    /** `authenticated`, or the key of a group with `role: true`. */
    readonly role: string;
}

/** How the identity pool picks the role of a signed-in user. */
export interface RoleMapping {
    /**
     * `token`: the role of the user's group (`cognito:preferred_role`). `rules`: the first matching rule.
     * @default "token" when a group has a role, otherwise none (everyone gets the authenticated role)
     */
    readonly type?: "token" | "rules";
    /** Rules, in order, for `type: "rules"`. At most 25. */
    readonly rules?: RoleMappingRule[];
    /**
     * What happens when no group or rule decides: fall back to the authenticated role, or refuse credentials.
     * @default "authenticatedRole"
     */
    readonly ambiguous?: "authenticatedRole" | "deny";
}

export interface CognitoAuthArgs {
    /** The user pool's name. @default autonamed `<name>-pool-<7 characters>` */
    readonly userPoolName?: string;
    /**
     * How users sign in. Usernames (and email addresses used as usernames) are case-insensitive.
     * Fixed once the pool exists: Cognito cannot change it (see `deletionProtection`).
     * @default { email: true }
     */
    readonly signIn?: SignInOptions;
    /** Let users sign themselves up. Off, only administrators create users. @default true */
    readonly selfSignUp?: boolean;
    /** @default minimum 12 characters with lower, upper, numbers and symbols; temporary passwords 7 days */
    readonly passwordPolicy?: PasswordPolicy;
    /**
     * `OPTIONAL`: users may add a second factor. `ON`: everyone must. `OFF` fails AwsSolutions-COG2.
     * @default "OPTIONAL"
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
     */
    readonly mfa?: "OFF" | "OPTIONAL" | "ON";
    /** @default { totp: true } */
    readonly mfaFactors?: MfaFactors;
    /**
     * How a user who forgot their password proves who they are, in order of preference.
     * `[]` means only an administrator can reset it.
     * @default ["email"] (["phone"] when users sign in by phone only)
     */
    readonly accountRecovery?: ("email" | "phone")[];
    readonly email?: EmailSettings;
    /** The email of MFA codes, with `mfaFactors.email`. @default see `MfaEmailMessage` */
    readonly mfaEmailMessage?: MfaEmailMessage;
    readonly verificationMessages?: VerificationMessages;
    readonly invitationMessages?: InvitationMessages;
    /**
     * Standard attributes that users must give at sign-up. Like custom attributes, this is fixed
     * once the pool exists.
     * @default [] (the sign-in attribute is always present)
     */
    readonly requiredAttributes?: StandardAttribute[];
    /** Custom attributes, by name without the `custom:` prefix. */
    readonly customAttributes?: Readonly<Record<string, CustomAttribute>>;
    readonly triggers?: CognitoTriggers;
    /**
     * The user pool feature plan. ESSENTIALS is what AWS gives new pools; LITE costs less and lacks
     * email MFA; PLUS adds threat protection at a higher price per user.
     * @default "ESSENTIALS" ("PLUS" when `threatProtection` is set)
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
     */
    readonly featureTier?: "LITE" | "ESSENTIALS" | "PLUS";
    /**
     * Threat protection (formerly advanced security): `AUDIT` logs risky sign-ins, `ENFORCED` blocks
     * them (AwsSolutions-COG8, FSBP Cognito.1). Needs the PLUS tier, which costs more per user.
     * @default undefined (off)
     */
    readonly threatProtection?: "AUDIT" | "ENFORCED";
    /**
     * Guard the user pool and the identity pool against loss: Cognito deletion protection on the
     * pool, and Pulumi's `protect` on both, so a change that would replace either (a new sign-in
     * option, a changed attribute) fails at preview instead of deleting every user and changing
     * every identity id that per-user storage is keyed by. Turn it off only for throwaway stacks.
     * @default true
     */
    readonly deletionProtection?: boolean;
    /** Keep the pools in AWS when they leave the program. @default the component's `retainOnDelete` option */
    readonly retainOnDelete?: boolean;

    /**
     * App clients, keyed by a stable name (it names the child resource).
     * @default { web: {} } (one public client with SRP sign-in and no OAuth)
     */
    readonly clients?: Readonly<Record<string, CognitoClientArgs>>;
    /**
     * The public client that `amplifyConfig` describes.
     * @default the first public client
     */
    readonly amplifyClient?: string;
    /** Resource servers (APIs) with custom scopes, keyed by a stable name. */
    readonly resourceServers?: Readonly<Record<string, ResourceServerArgs>>;
    /** The hosted UI (managed login) domain. Needs a client with `oauth`. */
    readonly domain?: HostedUiDomain;
    readonly identityProviders?: IdentityProviders;
    /**
     * Groups, keyed by group name: 1 to `MAX_GROUP_NAME_LENGTH` (40) letters, digits, `-` or `_`.
     * A group with a role appears in `signedInRoles` as `group-<name>`.
     */
    readonly groups?: Readonly<Record<string, GroupArgs>>;

    /** Let people who have not signed in get credentials for the guest role. @default false */
    readonly allowGuests?: boolean;
    /** The identity pool's name. @default the component name, with characters AWS refuses replaced by `_` */
    readonly identityPoolName?: string;
    readonly roleMapping?: RoleMapping;
    /**
     * Session tags the identity pool sets from the user's token claims, as `{ tag: claim }`. Map the
     * user pool `sub` to key storage by it (`SecureUserBucket` `ownerPrincipalTag`). Roles then also
     * trust `sts:TagSession`. Never key storage by a claim the user can change (`preferred_username`,
     * `email`, a `userWritable` attribute: see `userWritableClaims`): a user would set it to a
     * victim's value and receive the victim's prefix.
     * @example { sub: "sub" }
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html
     */
    readonly principalTags?: Readonly<Record<string, string>>;
    /** Policy statements for the authenticated role. Prefer grants such as `SecureUserBucket.grantUserAccess`. */
    readonly authenticatedRoleStatements?: PolicyStatement[];
    /** Policy statements for the guest role. Needs `allowGuests`. */
    readonly guestRoleStatements?: PolicyStatement[];
    /** Tags for the pools and roles. */
    readonly tags?: Record<string, string>;
}

/** The `Auth.Cognito` block of `aws-amplify` v6 `Amplify.configure`. */
export interface AmplifyAuthConfig {
    Auth: {
        Cognito: {
            userPoolId: string;
            userPoolClientId: string;
            identityPoolId: string;
            allowGuestAccess: boolean;
            signUpVerificationMethod: "code" | "link";
            loginWith: {
                email: boolean;
                phone: boolean;
                username: boolean;
                oauth?: {
                    domain: string;
                    scopes: string[];
                    redirectSignIn: string[];
                    redirectSignOut: string[];
                    responseType: "code";
                    providers: ("Google" | "Facebook" | "Amazon" | "Apple" | { custom: string })[];
                };
            };
            userAttributes: Partial<Record<StandardAttribute, { required: boolean }>>;
            mfa: { status: "off" | "optional" | "on"; totpEnabled: boolean; smsEnabled: boolean };
            passwordFormat: {
                minLength: number;
                requireLowercase: boolean;
                requireUppercase: boolean;
                requireNumbers: boolean;
                requireSpecialCharacters: boolean;
            };
            groups: Record<string, { precedence: number }>[];
        };
    };
}

/** Cognito's names for the social providers. */
const SOCIAL_PROVIDER_NAMES = { google: "Google", facebook: "Facebook", amazon: "LoginWithAmazon", apple: "SignInWithApple" } as const;
/** Amplify's names for the same providers. */
const AMPLIFY_PROVIDER_NAMES = { google: "Google", facebook: "Facebook", amazon: "Amazon", apple: "Apple" } as const;
const DEFAULT_SOCIAL_SCOPES = { google: ["openid", "email", "profile"], facebook: ["public_profile", "email"], amazon: ["profile"], apple: ["email", "name"] };

/** Standard attributes an app client may write (see `components/policy.ts`, which the offline rules read too). */
export const WRITABLE_STANDARD_ATTRIBUTES: readonly StandardAttribute[] = WRITABLE_STANDARD_ATTRIBUTE_NAMES;

/** What Cognito sends with email MFA unless `mfaEmailMessage` says otherwise. */
const DEFAULT_MFA_EMAIL = {
    subject: "Your sign-in code",
    message: "Your sign-in code is {####}. If you did not try to sign in, change your password.",
} as const;

/**
 * The constraints Cognito reports for each standard attribute (DescribeUserPool). A required
 * standard attribute must be sent with exactly these, or the provider sees a schema change on every
 * later update and fails with "cannot modify or remove schema items". The values are the table in
 * terraform-provider-aws `internal/service/cognitoidp` (`UserPoolSchemaAttributeMatchesStandardAttribute`,
 * which the provider compares reported attributes against); the need for the block is the
 * `aws_cognito_user_pool` docs note from PR #7808. `birthdate` is exactly 10 characters, and
 * `updated_at` is a Number with a minimum of 0 and no maximum.
 */
const STANDARD_ATTRIBUTE_CONSTRAINTS: Readonly<Record<StandardAttribute, Pick<aws.types.input.cognito.UserPoolSchema, "attributeDataType" | "stringAttributeConstraints" | "numberAttributeConstraints">>> = (() => {
    const text = { attributeDataType: "String", stringAttributeConstraints: { minLength: "0", maxLength: "2048" } };
    return {
        address: text, birthdate: { attributeDataType: "String", stringAttributeConstraints: { minLength: "10", maxLength: "10" } },
        email: text, family_name: text, gender: text, given_name: text, locale: text, middle_name: text, name: text,
        nickname: text, phone_number: text, picture: text, preferred_username: text, profile: text,
        updated_at: { attributeDataType: "Number", numberAttributeConstraints: { minValue: "0" } },
        website: text, zoneinfo: text,
    };
})();

/**
 * `providerDetails` keys Cognito adds to what it was sent, by provider type (the "Describe response"
 * examples of IdentityProviderType in the Cognito API reference). The provider's diff suppression
 * knows these only for Google (terraform-provider-aws `identity_provider.go`,
 * `defaultIdentityProviderDetails`; for SAML it skips only ActiveEncryptionCertificate, and
 * SSORedirectBindingURI with MetadataFile), so every other type would show a `providerDetails`
 * change on every `up`. Their values come from the provider's discovery document or metadata, which
 * cannot be known here, so the component ignores exactly these keys instead of sending them. It
 * never ignores a key it sends: a changed secret, scope or metadata URL still updates the provider.
 */
const COGNITO_FILLED_PROVIDER_DETAILS: Readonly<Record<string, readonly string[]>> = {
    Google: [],
    Facebook: ["attributes_url", "attributes_url_add_attributes", "authorize_url", "token_request_method", "token_url", "api_version"],
    LoginWithAmazon: ["attributes_url", "attributes_url_add_attributes", "authorize_url", "token_request_method", "token_url"],
    SignInWithApple: ["attributes_url_add_attributes", "authorize_url", "oidc_issuer", "token_request_method", "token_url"],
    OIDC: ["attributes_url", "attributes_url_add_attributes", "authorize_url", "jwks_uri", "token_url"],
    SAML: ["ActiveEncryptionCertificate", "EncryptedResponses", "IDPInit", "RequestSigningAlgorithm", "SLORedirectBindingURI", "SSORedirectBindingURI", "MetadataFile"],
};

const TRIGGER_FIELDS: readonly (keyof CognitoTriggers)[] = [
    "preSignUp", "postConfirmation", "preAuthentication", "postAuthentication", "preTokenGeneration",
    "customMessage", "defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse", "userMigration",
];

const AUTH_FLOWS = {
    userPassword: "ALLOW_USER_PASSWORD_AUTH",
    adminUserPassword: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    custom: "ALLOW_CUSTOM_AUTH",
    userAuth: "ALLOW_USER_AUTH",
} as const;

/**
 * The defaults of every optional argument, resolved in one place. Internal.
 * The defaults Cognito fixes when a pool is created (sign-in attributes, case sensitivity, schema)
 * must never change between releases: a new default would mean a new pool for every existing stack.
 */
export function resolveCognitoDefaults(args: CognitoAuthArgs) {
    const signIn = args.signIn ?? {};
    const anySignIn = signIn.email || signIn.phone || signIn.username;
    const email = signIn.email ?? !anySignIn;
    const phone = signIn.phone ?? false;
    const username = signIn.username ?? false;
    const mfa = args.mfa ?? "OPTIONAL";
    const factors = { totp: args.mfaFactors?.totp ?? true, sms: args.mfaFactors?.sms ?? false, email: args.mfaFactors?.email ?? false };
    const accountRecovery = args.accountRecovery ?? (phone && !email ? ["phone"] : ["email"]);
    // SMS is needed for SMS codes, for verifying phone numbers users sign in with, and for phone recovery.
    const sms = factors.sms || phone || accountRecovery.includes("phone");
    const clients = args.clients ?? { web: {} };
    const featureTier = args.featureTier ?? (args.threatProtection ? "PLUS" : "ESSENTIALS");
    return {
        signIn: { email, phone, username, preferredUsername: signIn.preferredUsername ?? false },
        selfSignUp: args.selfSignUp ?? true,
        password: {
            minimumLength: args.passwordPolicy?.minimumLength ?? 12,
            requireLowercase: args.passwordPolicy?.requireLowercase ?? true,
            requireUppercase: args.passwordPolicy?.requireUppercase ?? true,
            requireNumbers: args.passwordPolicy?.requireNumbers ?? true,
            requireSymbols: args.passwordPolicy?.requireSymbols ?? true,
            temporaryPasswordValidityDays: args.passwordPolicy?.temporaryPasswordValidityDays ?? 7,
        },
        mfa,
        // The provider turns SMS codes on whenever SMS is configured and MFA is not OFF.
        factors: mfa === "OFF" ? { totp: false, sms: false, email: false } : { ...factors, sms },
        accountRecovery,
        sms,
        mfaEmail: { subject: args.mfaEmailMessage?.subject ?? DEFAULT_MFA_EMAIL.subject, message: args.mfaEmailMessage?.message ?? DEFAULT_MFA_EMAIL.message },
        emailStyle: args.verificationMessages?.emailStyle ?? "code",
        requiredAttributes: args.requiredAttributes ?? [],
        customAttributes: args.customAttributes ?? {},
        featureTier,
        deletionProtection: args.deletionProtection ?? true,
        clients,
        amplifyClient: args.amplifyClient ?? Object.keys(clients).find((key) => !clients[key].confidential),
        resourceServers: args.resourceServers ?? {},
        groups: args.groups ?? {},
        allowGuests: args.allowGuests ?? false,
        principalTags: args.principalTags ?? {},
        roleMappingType: args.roleMapping?.type ?? (Object.values(args.groups ?? {}).some((g) => g.role) ? "token" : undefined),
        ambiguous: args.roleMapping?.ambiguous ?? "authenticatedRole",
        client: (key: string) => {
            const c = clients[key];
            const confidential = c.confidential ?? false;
            return {
                confidential,
                oauth: c.oauth && { ...c.oauth, scopes: c.oauth.scopes ?? ["openid", "email", "profile"], flows: c.oauth.flows ?? ["code"] },
                extraAuthFlows: c.extraAuthFlows ?? [],
                accessTokenMinutes: c.tokenValidity?.accessTokenMinutes ?? 60,
                idTokenMinutes: c.tokenValidity?.idTokenMinutes ?? 60,
                refreshTokenDays: c.tokenValidity?.refreshTokenDays ?? 30,
                authSessionMinutes: c.tokenValidity?.authSessionMinutes ?? 3,
                identityPool: c.identityPool ?? !confidential,
                cognitoSignIn: c.cognitoSignIn ?? true,
            };
        },
    };
}

/** An identity provider the component creates, with what the clients and Amplify need to know of it. */
interface ProviderPlan {
    key: string;
    providerName: string;
    providerType: string;
    /** Plain keys, so the keys Cognito adds besides them are known before anything is created. */
    details: Record<string, pulumi.Input<string>>;
    attributeMapping: AttributeMapping;
    identifiers?: string[];
    amplifyName: "Google" | "Facebook" | "Amazon" | "Apple" | { custom: string };
}

function providerPlans(providers: IdentityProviders): ProviderPlan[] {
    const plans: ProviderPlan[] = [];
    for (const key of ["google", "facebook", "amazon"] as const) {
        const p = providers[key];
        if (!p) continue;
        plans.push({
            key,
            providerName: SOCIAL_PROVIDER_NAMES[key],
            providerType: SOCIAL_PROVIDER_NAMES[key],
            details: {
                client_id: p.clientId,
                client_secret: pulumi.secret(p.clientSecret),
                authorize_scopes: (p.scopes ?? DEFAULT_SOCIAL_SCOPES[key]).join(key === "facebook" ? "," : " "),
            },
            attributeMapping: p.attributeMapping ?? { email: "email" },
            amplifyName: AMPLIFY_PROVIDER_NAMES[key],
        });
    }
    if (providers.apple) {
        const p = providers.apple;
        plans.push({
            key: "apple",
            providerName: SOCIAL_PROVIDER_NAMES.apple,
            providerType: SOCIAL_PROVIDER_NAMES.apple,
            details: {
                client_id: p.servicesId,
                team_id: p.teamId,
                key_id: p.keyId,
                private_key: pulumi.secret(p.privateKey),
                authorize_scopes: (p.scopes ?? DEFAULT_SOCIAL_SCOPES.apple).join(" "),
            },
            attributeMapping: p.attributeMapping ?? { email: "email" },
            amplifyName: AMPLIFY_PROVIDER_NAMES.apple,
        });
    }
    for (const [providerName, p] of Object.entries(providers.saml ?? {})) {
        const details: Record<string, pulumi.Input<string>> = { IDPSignout: String(p.signOut ?? false) };
        if (p.metadataUrl !== undefined) details.MetadataURL = p.metadataUrl;
        if (p.metadataXml !== undefined) details.MetadataFile = p.metadataXml;
        plans.push({
            key: `saml-${providerName}`,
            providerName,
            providerType: "SAML",
            details,
            attributeMapping: p.attributeMapping,
            identifiers: p.identifiers,
            amplifyName: { custom: providerName },
        });
    }
    for (const [providerName, p] of Object.entries(providers.oidc ?? {})) {
        plans.push({
            key: `oidc-${providerName}`,
            providerName,
            providerType: "OIDC",
            details: {
                client_id: p.clientId,
                client_secret: pulumi.secret(p.clientSecret),
                oidc_issuer: p.issuer,
                authorize_scopes: (p.scopes ?? ["openid", "email", "profile"]).join(" "),
                attributes_request_method: "GET",
            },
            attributeMapping: p.attributeMapping ?? { email: "email" },
            identifiers: p.identifiers,
            amplifyName: { custom: providerName },
        });
    }
    return plans;
}

/** Characters AWS accepts in an identity pool name: letters, digits, underscore and space. */
function identityPoolNameFrom(name: string): string {
    return name.replace(/[^\w ]/g, "_").slice(0, 128);
}

/**
 * Sign-up, sign-in and AWS credentials for an app's users: a Cognito user pool with app clients,
 * optional hosted UI, federation and groups, and an identity pool whose roles start with no
 * permissions at all.
 *
 * Minimal: email sign-in, one public client `web`, no guests.
 * ```ts
 * const auth = new CognitoAuth("auth", {});
 * ```
 *
 * Common: hosted UI with Google, an editors group with its own role, and per-user storage that
 * every role a signed-in user can receive is granted.
 * ```ts
 * const auth = new CognitoAuth("auth", {
 *     clients: { web: { oauth: { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] } } },
 *     domain: { prefix: `acme-photos-${pulumi.getStack()}` }, // global per region: include app and stack
 *     identityProviders: { google: { clientId: googleId, clientSecret: googleSecret } },
 *     groups: { editors: { precedence: 1, role: true } },
 *     principalTags: { sub: "sub" },
 * });
 * const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub" });
 * photos.grantUserAccess("users", { identities: auth }); // every role in auth.signedInRoles
 * export const amplifyConfig = auth.amplifyConfig;
 * ```
 */
export class CognitoAuth extends pulumi.ComponentResource {
    readonly userPoolId: pulumi.Output<string>;
    readonly userPoolArn: pulumi.Output<string>;
    /** `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the `iss` of the pool's tokens, for JWT authorizers. */
    readonly issuerUrl: pulumi.Output<string>;
    /** `cognito-idp.<region>.amazonaws.com/<pool id>`: the provider name the identity pool knows the user pool by. */
    readonly providerName: pulumi.Output<string>;
    /** Client ids by client key. */
    readonly clientIds: Readonly<Record<string, pulumi.Output<string>>>;
    /** The hosted UI base URL, when a domain is configured. */
    readonly hostedUiUrl?: pulumi.Output<string>;
    /** With a custom domain: the CloudFront host name its DNS alias (A/AAAA ALIAS or CNAME) must point to. */
    readonly hostedUiCloudFrontTarget?: pulumi.Output<string>;
    readonly identityPoolId: pulumi.Output<string>;
    readonly authenticatedRoleArn: pulumi.Output<string>;
    readonly authenticatedRoleName: pulumi.Output<string>;
    readonly guestRoleArn?: pulumi.Output<string>;
    readonly guestRoleName?: pulumi.Output<string>;
    /** Role ARNs of the groups that have one, by group name. */
    readonly groupRoleArns: Readonly<Record<string, pulumi.Output<string>>>;
    /** Role names of the groups that have one, by group name. */
    readonly groupRoleNames: Readonly<Record<string, pulumi.Output<string>>>;
    /**
     * Every role a signed-in user can receive: `authenticated` and `group-<name>` for each group with
     * a role. Pass it as `roles` to per-user grants so group members keep their own access.
     */
    readonly signedInRoles: Readonly<Record<string, aws.iam.Role>>;
    /** The session tags the identity pool sets (the keys of `principalTags`). */
    readonly principalTagKeys: readonly string[];
    /**
     * The session tags the identity pool sets and the token claim each one is taken from, as
     * `{ tag: claim }`: exactly the mapping the identity pool receives. A per-user grant keyed by a
     * tag checks here which claim decides the owner.
     */
    readonly principalTagClaims: Readonly<Record<string, string>>;
    /**
     * Every claim a signed-in user can change about themselves, and so must never decide whose data
     * they reach: the standard attributes the app clients may write (among them `preferred_username`,
     * `email`, `phone_number` and `name`), the custom attributes marked `userWritable` (as
     * `custom:<name>`), and the attributes identity providers map (clients must be able to write
     * them, and users edit them at the provider). `sub` is never in it. Per-user grants refuse an owner
     * tag whose claim is listed here.
     */
    readonly userWritableClaims: readonly string[];
    /** The full custom scope names (`<identifier>/<scope>`) by resource server key. */
    readonly resourceServerScopes: Readonly<Record<string, pulumi.Output<string[]>>>;
    /** `Amplify.configure` input for `amplifyClient`, when there is a public client. */
    readonly amplifyConfig?: pulumi.Output<AmplifyAuthConfig>;

    /** Escape hatches to the children. */
    readonly userPool: aws.cognito.UserPool;
    readonly clients: Readonly<Record<string, aws.cognito.UserPoolClient>>;
    readonly domain?: aws.cognito.UserPoolDomain;
    readonly identityProviders: Readonly<Record<string, aws.cognito.IdentityProvider>>;
    readonly resourceServers: Readonly<Record<string, aws.cognito.ResourceServer>>;
    readonly groups: Readonly<Record<string, aws.cognito.UserGroup>>;
    readonly groupRoles: Readonly<Record<string, aws.iam.Role>>;
    readonly identityPool: aws.cognito.IdentityPool;
    readonly authenticatedRole: aws.iam.Role;
    readonly guestRole?: aws.iam.Role;
    readonly smsRole?: aws.iam.Role;

    constructor(name: string, args: CognitoAuthArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateCognitoAuthArgs(name, args);
        super("user-backend:index:CognitoAuth", name, {}, opts);
        const d = resolveCognitoDefaults(args);
        const parent = { parent: this };
        // The pools are stateful: users, and the identity ids per-user storage is keyed by. Their
        // logical names below never change, and `protect` turns a replacement into a preview error.
        const stateful: pulumi.CustomResourceOptions = {
            parent: this,
            // Off, the pools inherit the component's own `protect` option rather than overriding it.
            protect: d.deletionProtection ? true : undefined,
            retainOnDelete: args.retainOnDelete ?? opts?.retainOnDelete,
        };

        // SMS: Cognito sends texts through SNS with a role it assumes, naming this external id.
        let smsConfiguration: aws.types.input.cognito.UserPoolSmsConfiguration | undefined;
        let smsPolicy: aws.iam.RolePolicy | undefined;
        if (d.sms) {
            // The SMS role's trust names the account before anything of this component exists: the one
            // invoke CognitoAuth makes, and only with SMS on.
            const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
            const externalId = `${pulumi.getProject()}-${pulumi.getStack()}-${name}-sms`;
            this.smsRole = new aws.iam.Role(
                `${name}-sms-role`,
                {
                    description: `Lets Cognito user pool ${name} send SMS messages`,
                    assumeRolePolicy: policyJson([
                        {
                            Sid: "CognitoOfThisAccount",
                            Effect: "Allow",
                            Principal: { Service: "cognito-idp.amazonaws.com" },
                            Action: [...actions.assumeRole],
                            Condition: {
                                StringEquals: { "sts:ExternalId": externalId, "aws:SourceAccount": accountId },
                            },
                        },
                    ]),
                    tags: args.tags,
                },
                parent,
            );
            smsPolicy = new aws.iam.RolePolicy(
                `${name}-sms-policy`,
                {
                    role: this.smsRole.name,
                    policy: policyJson([
                        // Texts go to phone numbers, which have no ARN: the resource must be "*" (an AwsSolutions-IAM5 exception) ...
                        { Sid: "SendTexts", Effect: "Allow", Action: [...actions.snsPublish], Resource: "*" },
                        // ... so publishing to any topic is denied explicitly.
                        // `arn:<partition>:iam::<account>:role/…`: the role's ARN gives the partition, with no invoke.
                        { Sid: "NoTopics", Effect: "Deny", Action: [...actions.snsPublish], Resource: pulumi.interpolate`arn:${arnField(this.smsRole.arn, 1)}:sns:*:*:*` },
                    ]),
                },
                parent,
            );
            smsConfiguration = { externalId, snsCallerArn: this.smsRole.arn };
        }

        const usernameAttributes = d.signIn.username ? undefined : [...(d.signIn.email ? ["email"] : []), ...(d.signIn.phone ? ["phone_number"] : [])];
        const aliasAttributes = d.signIn.username
            ? [...(d.signIn.email ? ["email"] : []), ...(d.signIn.phone ? ["phone_number"] : []), ...(d.signIn.preferredUsername ? ["preferred_username"] : [])]
            : undefined;
        const autoVerified = [...(d.signIn.email || d.accountRecovery.includes("email") ? ["email"] : []), ...(d.sms && (d.signIn.phone || d.accountRecovery.includes("phone")) ? ["phone_number"] : [])];

        const lambdaConfig: aws.types.input.cognito.UserPoolLambdaConfig = {};
        for (const field of TRIGGER_FIELDS) {
            const arn = args.triggers?.[field];
            if (arn === undefined) continue;
            if (field === "preTokenGeneration") {
                lambdaConfig.preTokenGenerationConfig = { lambdaArn: arn, lambdaVersion: "V1_0" };
            } else {
                (lambdaConfig as Record<string, pulumi.Input<string>>)[field] = arn;
            }
        }

        const sesArn = args.email?.sesIdentityArn;
        this.userPool = new aws.cognito.UserPool(
            `${name}-pool`,
            {
                name: args.userPoolName,
                usernameAttributes,
                aliasAttributes,
                // Fixed on purpose: Cognito cannot change case sensitivity after creation.
                usernameConfiguration: { caseSensitive: false },
                autoVerifiedAttributes: autoVerified,
                // An unverified new address must not replace the verified one (account takeover through email change).
                userAttributeUpdateSettings: autoVerified.length > 0 ? { attributesRequireVerificationBeforeUpdates: autoVerified } : undefined,
                passwordPolicy: d.password,
                mfaConfiguration: d.mfa,
                softwareTokenMfaConfiguration: d.mfa === "OFF" ? undefined : { enabled: d.factors.totp },
                // Both texts, always: the provider drops an empty block and email MFA stays off (terraform-provider-aws #43917).
                emailMfaConfiguration: d.factors.email ? { subject: d.mfaEmail.subject, message: d.mfaEmail.message } : undefined,
                smsConfiguration,
                accountRecoverySetting: {
                    recoveryMechanisms:
                        d.accountRecovery.length === 0
                            ? [{ name: "admin_only", priority: 1 }]
                            : d.accountRecovery.map((m, i) => ({ name: m === "email" ? "verified_email" : "verified_phone_number", priority: i + 1 })),
                },
                adminCreateUserConfig: {
                    allowAdminCreateUserOnly: !d.selfSignUp,
                    inviteMessageTemplate: args.invitationMessages && { ...args.invitationMessages },
                },
                verificationMessageTemplate: {
                    defaultEmailOption: d.emailStyle === "link" ? "CONFIRM_WITH_LINK" : "CONFIRM_WITH_CODE",
                    ...(d.emailStyle === "link"
                        ? { emailSubjectByLink: args.verificationMessages?.emailSubject, emailMessageByLink: args.verificationMessages?.emailMessage }
                        : { emailSubject: args.verificationMessages?.emailSubject, emailMessage: args.verificationMessages?.emailMessage }),
                    smsMessage: args.verificationMessages?.smsMessage,
                },
                emailConfiguration:
                    sesArn !== undefined
                        ? {
                              emailSendingAccount: "DEVELOPER",
                              sourceArn: sesArn,
                              fromEmailAddress: args.email?.from,
                              replyToEmailAddress: args.email?.replyTo,
                              configurationSet: args.email?.configurationSet,
                          }
                        : { emailSendingAccount: "COGNITO_DEFAULT", replyToEmailAddress: args.email?.replyTo },
                schemas: schemaOf(d.requiredAttributes, d.customAttributes),
                lambdaConfig: Object.keys(lambdaConfig).length > 0 ? lambdaConfig : undefined,
                userPoolTier: d.featureTier,
                userPoolAddOns: args.threatProtection ? { advancedSecurityMode: args.threatProtection } : undefined,
                deletionProtection: d.deletionProtection ? "ACTIVE" : "INACTIVE",
                tags: args.tags,
            },
            // Cognito checks that it can assume the SMS role when the pool is created.
            { ...stateful, dependsOn: smsPolicy ? [smsPolicy] : [] },
        );
        this.userPoolId = this.userPool.id;
        this.userPoolArn = this.userPool.arn;
        this.providerName = this.userPool.endpoint;
        this.issuerUrl = pulumi.interpolate`https://${this.userPool.endpoint}`;

        for (const field of TRIGGER_FIELDS) {
            const arn = args.triggers?.[field];
            if (arn === undefined) continue;
            new aws.lambda.Permission(
                `${name}-trigger-${field}`,
                {
                    action: actions.lambdaInvoke,
                    function: arn,
                    principal: "cognito-idp.amazonaws.com",
                    sourceArn: this.userPool.arn,
                    // `arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`: the pool's own account.
                    sourceAccount: arnField(this.userPool.arn, 4),
                },
                parent,
            );
        }

        const resourceServers: Record<string, aws.cognito.ResourceServer> = {};
        const resourceServerScopes: Record<string, pulumi.Output<string[]>> = {};
        for (const [key, server] of Object.entries(d.resourceServers)) {
            resourceServers[key] = new aws.cognito.ResourceServer(
                `${name}-resource-server-${key}`,
                {
                    userPoolId: this.userPool.id,
                    identifier: server.identifier,
                    name: key,
                    scopes: Object.entries(server.scopes).map(([scopeName, scopeDescription]) => ({ scopeName, scopeDescription })),
                },
                parent,
            );
            resourceServerScopes[key] = resourceServers[key].scopeIdentifiers;
        }
        this.resourceServers = resourceServers;
        this.resourceServerScopes = resourceServerScopes;

        const plans = providerPlans(args.identityProviders ?? {});
        const identityProviders: Record<string, aws.cognito.IdentityProvider> = {};
        for (const plan of plans) {
            identityProviders[plan.key] = new aws.cognito.IdentityProvider(
                `${name}-idp-${plan.key}`,
                {
                    userPoolId: this.userPool.id,
                    providerName: plan.providerName,
                    providerType: plan.providerType,
                    providerDetails: plan.details,
                    attributeMapping: { ...plan.attributeMapping },
                    idpIdentifiers: plan.identifiers,
                },
                { parent: this, ignoreChanges: cognitoFilledDetailPaths(plan) },
            );
        }
        this.identityProviders = identityProviders;

        // Clients may write the standard attributes, the custom ones marked userWritable, and whatever
        // identity providers map (Cognito refuses a mapping onto an attribute the client cannot write).
        // The same list is what users can change about themselves: `userWritableClaims`.
        const clientWritable = [
            ...new Set([
                ...WRITABLE_STANDARD_ATTRIBUTES,
                ...Object.keys(d.customAttributes).filter((n) => d.customAttributes[n].userWritable).map((n) => `custom:${n}`),
                ...plans.flatMap((p) => Object.keys(p.attributeMapping)).filter((a) => a !== "username"),
            ]),
        ];
        this.userWritableClaims = Object.freeze(clientWritable);
        // Without custom attributes Cognito's default (every writable standard attribute) is the same
        // list, and leaving it out keeps existing clients' inputs unchanged.
        const writeAttributes = Object.keys(d.customAttributes).length === 0 ? undefined : clientWritable;

        const clients: Record<string, aws.cognito.UserPoolClient> = {};
        const clientIds: Record<string, pulumi.Output<string>> = {};
        for (const key of Object.keys(d.clients)) {
            const c = d.client(key);
            const providerNames = [
                ...(c.cognitoSignIn ? [pulumi.output("COGNITO")] : []),
                // The provider resource's name output makes the client wait for the provider: Cognito
                // refuses a client that lists a provider that does not exist yet.
                ...plans.map((p) => identityProviders[p.key].providerName),
            ];
            clients[key] = new aws.cognito.UserPoolClient(
                `${name}-client-${key}`,
                {
                    name: key,
                    userPoolId: this.userPool.id,
                    generateSecret: c.confidential,
                    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", ...c.extraAuthFlows.map((f) => AUTH_FLOWS[f])],
                    preventUserExistenceErrors: "ENABLED",
                    enableTokenRevocation: true,
                    accessTokenValidity: c.accessTokenMinutes,
                    idTokenValidity: c.idTokenMinutes,
                    refreshTokenValidity: c.refreshTokenDays,
                    authSessionValidity: c.authSessionMinutes,
                    tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
                    writeAttributes,
                    supportedIdentityProviders: providerNames,
                    allowedOauthFlowsUserPoolClient: c.oauth !== undefined,
                    allowedOauthFlows: c.oauth?.flows,
                    allowedOauthScopes: c.oauth?.scopes,
                    callbackUrls: c.oauth?.callbackUrls,
                    logoutUrls: c.oauth?.logoutUrls,
                },
                // Custom scopes exist only once their resource server does.
                { parent: this, dependsOn: Object.values(resourceServers) },
            );
            clientIds[key] = clients[key].id;
        }
        this.clients = clients;
        this.clientIds = clientIds;

        if (args.domain) {
            const domainName = args.domain.customDomain ?? args.domain.prefix!;
            this.domain = new aws.cognito.UserPoolDomain(
                `${name}-domain`,
                { userPoolId: this.userPool.id, domain: domainName, certificateArn: args.domain.certificateArn },
                parent,
            );
            this.hostedUiUrl = args.domain.customDomain
                ? pulumi.output(`https://${args.domain.customDomain}`)
                : pulumi.interpolate`https://${this.domain.domain}.auth.${regionOf(this.userPool.id)}.amazoncognito.com`;
            if (args.domain.customDomain) this.hostedUiCloudFrontTarget = this.domain.cloudfrontDistribution;
        }

        const groups: Record<string, aws.cognito.UserGroup> = {};
        const groupRoles: Record<string, aws.iam.Role> = {};
        this.principalTagKeys = Object.keys(d.principalTags);
        this.principalTagClaims = Object.freeze({ ...d.principalTags });
        const tagSession = this.principalTagKeys.length > 0;

        this.identityPool = new aws.cognito.IdentityPool(
            `${name}-identity-pool`,
            {
                identityPoolName: args.identityPoolName ?? identityPoolNameFrom(name),
                allowUnauthenticatedIdentities: d.allowGuests,
                // The basic flow would let any identity assume any role that trusts the pool directly.
                allowClassicFlow: false,
                cognitoIdentityProviders: Object.keys(d.clients)
                    .filter((key) => d.client(key).identityPool)
                    // With the server-side check, tokens revoked by sign-out no longer buy credentials.
                    .map((key) => ({ clientId: clients[key].id, providerName: this.userPool.endpoint, serverSideTokenCheck: true })),
                tags: args.tags,
            },
            stateful,
        );
        this.identityPoolId = this.identityPool.id;

        const role = (logical: string, amr: "authenticated" | "unauthenticated", description: string, statements?: PolicyStatement[]) => {
            const created = new aws.iam.Role(
                logical,
                {
                    description,
                    assumeRolePolicy: policyJson(identityPoolTrust(this.identityPool.id, amr, amr === "authenticated" && tagSession)),
                    // No managed policies, no inline permissions: grants add exactly what the app needs.
                    tags: args.tags,
                },
                parent,
            );
            if (statements && statements.length > 0) {
                new aws.iam.RolePolicy(`${logical}-policy`, { role: created.name, policy: policyJson(statements) }, parent);
            }
            return created;
        };

        this.authenticatedRole = role(`${name}-authenticated-role`, "authenticated", `Signed-in users of ${name}`, args.authenticatedRoleStatements);
        this.authenticatedRoleArn = this.authenticatedRole.arn;
        this.authenticatedRoleName = this.authenticatedRole.name;
        if (d.allowGuests) {
            this.guestRole = role(`${name}-guest-role`, "unauthenticated", `Guests of ${name}`, args.guestRoleStatements);
            this.guestRoleArn = this.guestRole.arn;
            this.guestRoleName = this.guestRole.name;
        }

        const groupRoleArns: Record<string, pulumi.Output<string>> = {};
        const groupRoleNames: Record<string, pulumi.Output<string>> = {};
        for (const [groupName, group] of Object.entries(d.groups)) {
            if (group.role) {
                groupRoles[groupName] = role(`${name}-group-${groupName}-role`, "authenticated", `Members of group ${groupName} of ${name}`, group.roleStatements);
                groupRoleArns[groupName] = groupRoles[groupName].arn;
                groupRoleNames[groupName] = groupRoles[groupName].name;
            }
            groups[groupName] = new aws.cognito.UserGroup(
                `${name}-group-${groupName}`,
                {
                    userPoolId: this.userPool.id,
                    name: groupName,
                    description: group.description,
                    precedence: group.precedence,
                    roleArn: groupRoles[groupName]?.arn,
                },
                parent,
            );
        }
        this.groups = groups;
        this.groupRoles = groupRoles;
        this.groupRoleArns = groupRoleArns;
        this.groupRoleNames = groupRoleNames;
        this.signedInRoles = {
            authenticated: this.authenticatedRole,
            ...Object.fromEntries(Object.entries(groupRoles).map(([groupName, r]) => [`group-${groupName}`, r])),
        };

        const roleArnOf = (roleKey: string) => (roleKey === "authenticated" ? this.authenticatedRole.arn : groupRoles[roleKey].arn);
        const mappedClients = Object.keys(d.clients).filter((key) => d.client(key).identityPool);
        new aws.cognito.IdentityPoolRoleAttachment(
            `${name}-roles`,
            {
                identityPoolId: this.identityPool.id,
                roles: { authenticated: this.authenticatedRole.arn, ...(this.guestRole ? { unauthenticated: this.guestRole.arn } : {}) },
                roleMappings:
                    d.roleMappingType === undefined
                        ? undefined
                        : mappedClients.map((key) => ({
                              identityProvider: pulumi.interpolate`${this.userPool.endpoint}:${clients[key].id}`,
                              type: d.roleMappingType === "token" ? "Token" : "Rules",
                              ambiguousRoleResolution: d.ambiguous === "deny" ? "Deny" : "AuthenticatedRole",
                              mappingRules:
                                  d.roleMappingType === "rules"
                                      ? (args.roleMapping?.rules ?? []).map((r) => ({ claim: r.claim, matchType: r.matchType, value: r.value, roleArn: roleArnOf(r.role) }))
                                      : undefined,
                          })),
            },
            parent,
        );

        if (tagSession) {
            new aws.cognito.IdentityPoolProviderPrincipalTag(
                `${name}-principal-tags`,
                {
                    identityPoolId: this.identityPool.id,
                    identityProviderName: this.userPool.endpoint,
                    principalTags: { ...d.principalTags },
                    useDefaults: false,
                },
                parent,
            );
        }

        if (d.amplifyClient !== undefined) {
            const c = d.client(d.amplifyClient);
            const domainHost = args.domain
                ? args.domain.customDomain
                    ? pulumi.output(args.domain.customDomain)
                    : pulumi.interpolate`${this.domain!.domain}.auth.${regionOf(this.userPool.id)}.amazoncognito.com`
                : undefined;
            this.amplifyConfig = pulumi.output({
                Auth: {
                    Cognito: {
                        userPoolId: this.userPool.id,
                        userPoolClientId: clients[d.amplifyClient].id,
                        identityPoolId: this.identityPool.id,
                        allowGuestAccess: d.allowGuests,
                        signUpVerificationMethod: d.emailStyle,
                        loginWith: {
                            email: d.signIn.email,
                            phone: d.signIn.phone,
                            username: d.signIn.username,
                            ...(c.oauth && domainHost
                                ? {
                                      oauth: {
                                          domain: domainHost,
                                          scopes: c.oauth.scopes,
                                          redirectSignIn: c.oauth.callbackUrls ?? [],
                                          redirectSignOut: c.oauth.logoutUrls ?? [],
                                          responseType: "code" as const,
                                          providers: plans.map((p) => p.amplifyName),
                                      },
                                  }
                                : {}),
                        },
                        userAttributes: Object.fromEntries(
                            [...new Set([...(d.signIn.email ? ["email"] : []), ...(d.signIn.phone ? ["phone_number"] : []), ...d.requiredAttributes])].map((a) => [a, { required: true }]),
                        ),
                        mfa: { status: d.mfa.toLowerCase() as "off" | "optional" | "on", totpEnabled: d.factors.totp, smsEnabled: d.factors.sms },
                        passwordFormat: {
                            minLength: d.password.minimumLength,
                            requireLowercase: d.password.requireLowercase,
                            requireUppercase: d.password.requireUppercase,
                            requireNumbers: d.password.requireNumbers,
                            requireSpecialCharacters: d.password.requireSymbols,
                        },
                        groups: Object.entries(d.groups)
                            .filter(([, g]) => g.precedence !== undefined)
                            .map(([groupName, g]) => ({ [groupName]: { precedence: g.precedence! } })),
                    },
                },
            }) as pulumi.Output<AmplifyAuthConfig>;
        }

        this.registerOutputs({
            userPoolId: this.userPoolId,
            userPoolArn: this.userPoolArn,
            issuerUrl: this.issuerUrl,
            providerName: this.providerName,
            principalTagKeys: this.principalTagKeys,
            principalTagClaims: this.principalTagClaims,
            userWritableClaims: this.userWritableClaims,
            clientIds: this.clientIds,
            hostedUiUrl: this.hostedUiUrl,
            identityPoolId: this.identityPoolId,
            authenticatedRoleArn: this.authenticatedRoleArn,
            guestRoleArn: this.guestRoleArn,
            groupRoleArns: this.groupRoleArns,
            groupRoleNames: this.groupRoleNames,
            amplifyConfig: this.amplifyConfig,
        });
    }
}

/**
 * The `ignoreChanges` paths of one identity provider: the keys Cognito fills in for its type, less
 * any key the component sends itself (a sent key must keep updating the provider).
 */
function cognitoFilledDetailPaths(plan: ProviderPlan): string[] {
    const sent = new Set(Object.keys(plan.details));
    return (COGNITO_FILLED_PROVIDER_DETAILS[plan.providerType] ?? []).filter((key) => !sent.has(key)).map((key) => `providerDetails.${key}`);
}

/** One colon-separated field of an ARN: 1 is the partition, 3 the region, 4 the account ("Amazon Resource Names (ARNs)", IAM User Guide). */
function arnField(arn: pulumi.Output<string>, index: number): pulumi.Output<string> {
    return arn.apply((value) => value.split(":")[index]);
}

/** The region of a pool, from its id (`<region>_<suffix>`). */
function regionOf(userPoolId: pulumi.Output<string>): pulumi.Output<string> {
    return userPoolId.apply((id) => id.split("_")[0]);
}

/**
 * The schema entries: required standard attributes and custom attributes, each with the constraint
 * block Cognito reports back for it, because the provider otherwise sees a schema change on every
 * later update and fails with "cannot modify or remove schema items" (terraform-provider-aws
 * `user_pool.go`, which flattens whatever constraints DescribeUserPool returns; docs note from PR #7808).
 */
function schemaOf(required: readonly StandardAttribute[], custom: Readonly<Record<string, CustomAttribute>>): aws.types.input.cognito.UserPoolSchema[] | undefined {
    const entries: aws.types.input.cognito.UserPoolSchema[] = [];
    for (const attribute of required) {
        entries.push({ name: attribute, required: true, mutable: true, developerOnlyAttribute: false, ...STANDARD_ATTRIBUTE_CONSTRAINTS[attribute] });
    }
    for (const [attributeName, a] of Object.entries(custom)) {
        entries.push({
            name: attributeName,
            attributeDataType: a.type,
            required: false,
            mutable: a.mutable ?? true,
            developerOnlyAttribute: false,
            stringAttributeConstraints: a.type === "String" ? { minLength: String(a.minLength ?? 0), maxLength: String(a.maxLength ?? 2048) } : undefined,
            // A Number attribute always carries the block; Cognito reports it (empty without bounds) for
            // every Number attribute. Bounds left out stay out, as Cognito sets none of its own.
            numberAttributeConstraints:
                a.type === "Number"
                    ? { ...(a.min === undefined ? {} : { minValue: String(a.min) }), ...(a.max === undefined ? {} : { maxValue: String(a.max) }) }
                    : undefined,
        });
    }
    return entries.length > 0 ? entries : undefined;
}
