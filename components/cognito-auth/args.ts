// The arguments of CognitoAuth: types only, so validation and the child modules import no
// implementation through them.
import type * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { PolicyStatement } from "../policy";
import type { Transform } from "../shared/transform";
import type { IdentityProviders } from "./identity-provider-args";
import type { CognitoTriggers, CustomSenders } from "./trigger-args";
import type { ClientBranding, ManagedLoginVersion, SignInPolicy, WebAuthnSettings } from "./sign-in-args";
import type {
    AccountRecoveryMethod,
    AmbiguousRoleResolution,
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
} from "./enums";

// Value exports: each enum is an object (for other languages and for `MfaMode.On`) and a type.
export * from "./enums";
export * from "./sign-in-args";
export type { AppleProvider, AttributeMapping, IdentityProviders, OidcProvider, SamlProvider, SocialProvider } from "./identity-provider-args";
export type { CognitoTriggers, CustomSenders } from "./trigger-args";
export * from "./trigger-enums";

/** How users name themselves when they sign in. */
export interface SignInOptions {
    /** Sign in with an email address. @default true when no other option is set */
    readonly email?: boolean;
    /** Sign in with a phone number. Needs SMS, so the component creates the SNS role. @default false */
    readonly phone?: boolean;
    /** Sign in with a username the user picks; email and phone then become aliases of it. @default false */
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
     * @default - Cognito's built-in sender (`COGNITO_DEFAULT`)
     */
    readonly sesIdentityArn?: pulumi.Input<string>;
    /** The sender, such as `Acme <no-reply@acme.dev>`. Needs `sesIdentityArn`. @default - none: Cognito picks the sender address */
    readonly from?: string;
    /** The Reply-To address. @default - none */
    readonly replyTo?: string;
    /** An SES configuration set, for delivery metrics. Needs `sesIdentityArn`. @default - none */
    readonly configurationSet?: string;
}

/** Texts of the messages that confirm an email address or phone number. */
export interface VerificationMessages {
    /** Confirm email addresses with a code to type or a link to follow. @default "code" */
    readonly emailStyle?: EmailVerificationStyle;
    /** @default Cognito's subject */
    readonly emailSubject?: string;
    /** Must contain `{####}` (the code), or `{##text##}` (the link) with `emailStyle: "link"`. @default Cognito's text */
    readonly emailMessage?: string;
    /** Must contain `{####}`. @default Cognito's text */
    readonly smsMessage?: string;
}

/** Texts of the invitation an administrator-created user receives. Each must contain `{username}` and `{####}`. */
export interface InvitationMessages {
    /** The subject of the invitation email. @default Cognito's subject */
    readonly emailSubject?: string;
    /** The invitation email. @default Cognito's text */
    readonly emailMessage?: string;
    /** The invitation text message. @default Cognito's text */
    readonly smsMessage?: string;
}

/**
 * A custom attribute, stored as `custom:<name>`. Attributes can be added later but never changed or
 * removed: Cognito has no API for that.
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-custom-attributes
 */
export interface CustomAttribute {
    /** The data type: `String`, `Number`, `Boolean` or `DateTime`. */
    readonly type: CustomAttributeType;
    /** Whether the value can change after it is first set. @default true */
    readonly mutable?: boolean;
    /**
     * Whether users may set it themselves through the app clients. Leave it off for anything that
     * decides access (a tenant, a plan, a role): users could otherwise grant it to themselves.
     * @default false
     */
    readonly userWritable?: boolean;
    /** For `String`: the shortest value (0 to 2048). @default 0 */
    readonly minLength?: number;
    /** For `String`: the longest value (1 to 2048). @default 2048 */
    readonly maxLength?: number;
    /** For `Number`: the smallest value. @default - no lower bound */
    readonly min?: number;
    /** For `Number`: the largest value. @default - no upper bound */
    readonly max?: number;
}

/** OAuth 2.0 settings of an app client, used by the hosted UI and federation. */
export interface ClientOAuth {
    /**
     * Where Cognito may send users after sign-in. Each must be https, or http://localhost for local
     * development. No fragments, and no example.com placeholders.
     * Required with the `code` flow; a `client_credentials` client redirects nowhere.
     * @example ["https://app.acme.dev/auth/callback", "http://localhost:5173/auth/callback"]
     * @default - none: required with the `code` flow (a placeholder would send codes to someone else)
     */
    readonly callbackUrls?: string[];
    /** Where Cognito may send users after sign-out, with the same rules. Required with the `code` flow. @default - none: required with the `code` flow */
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
    readonly flows?: OAuthFlow[];
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
export interface CognitoClient {
    /**
     * Give the client a secret, for server-side apps that can keep one. Public clients (browsers,
     * mobile apps) must not have one.
     * @default false
     */
    readonly confidential?: boolean;
    /** OAuth for the hosted UI and federation. @default - no OAuth: the client signs in through the Cognito API only */
    readonly oauth?: ClientOAuth;
    /**
     * Extra API sign-in flows besides SRP (`ALLOW_USER_SRP_AUTH`) and refresh (`ALLOW_REFRESH_TOKEN_AUTH`),
     * which every client gets: `userPassword` sends the password itself (for migrations),
     * `adminUserPassword` is for trusted servers, `custom` for custom challenges, `userAuth` for choice-based sign-in.
     * @default []
     */
    readonly extraAuthFlows?: ExtraAuthFlow[];
    /** @default see `TokenValidity` */
    readonly tokenValidity?: TokenValidity;
    /** Let users of this client get AWS credentials from the identity pool. @default true for public clients, false for confidential ones */
    readonly identityPool?: boolean;
    /** Offer sign-in with a Cognito username and password besides the identity providers. @default true */
    readonly cognitoSignIn?: boolean;
    /** The managed login style of this client; needs `oauth` and `domain.managedLoginVersion: 2`. @default { useCognitoProvidedValues: true } with managed login and `oauth`, otherwise none */
    readonly branding?: ClientBranding;
}

/** A resource server: an API whose custom scopes clients can request and authorizers can require. */
export interface ResourceServer {
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
     * @default - none: set exactly one of `prefix` and `customDomain`
     */
    readonly prefix?: string;
    /**
     * Your own domain, such as `auth.acme.dev`. Point it at the `hostedUiCloudFrontTarget` output.
     * @default - none: set exactly one of `prefix` and `customDomain`
     */
    readonly customDomain?: string;
    /** ACM certificate for `customDomain`. It must be in us-east-1, whatever the pool's region. With `hostedZoneId`, only the alias records are created for it. @default - none; required with `customDomain` unless `hostedZoneId` is set */
    readonly certificateArn?: pulumi.Input<string>;
    /** Route 53 public zone of `customDomain`: CognitoAuth then creates the certificate (us-east-1, own provider), its DNS validation and the alias A/AAAA records. @default - none: point the name at `hostedUiCloudFrontTarget` yourself */
    readonly hostedZoneId?: pulumi.Input<string>;
    /** `1`: the classic hosted UI. `2`: managed login, styled per client (`branding`); passkeys need it in the hosted pages. @default 1 (left out: Cognito's classic hosted UI) */
    readonly managedLoginVersion?: ManagedLoginVersion;
}

/** A user pool group. */
export interface Group {
    /** Up to 2048 characters. @default - none */
    readonly description?: string;
    /**
     * Lower wins when a user is in several groups with roles: the token's `cognito:preferred_role`
     * is the role of the group with the lowest precedence. Required (and unique) for groups with a role.
     * @default - none: required for a group with a role
     */
    readonly precedence?: number;
    /**
     * Give the group an IAM role that members receive from the identity pool instead of the
     * authenticated role. It starts with no permissions; grant to it through `signedInRoles`.
     * @default false
     */
    readonly role?: boolean;
    /** Policy statements for the group's role. Needs `role: true`. @default - none: the role starts with no permissions */
    readonly roleStatements?: PolicyStatement[];
}

/** One role mapping rule: a claim in the user's ID token selects a role. */
export interface RoleMappingRule {
    /** @example "custom:plan" */
    readonly claim: string;
    /** How the claim is compared with `value`. */
    readonly matchType: RoleMappingMatchType;
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
    readonly type?: RoleMappingType;
    /** Rules, in order, for `type: "rules"`. At most 25. @default - none: required (1 to 25) with `type: "rules"` */
    readonly rules?: RoleMappingRule[];
    /** What happens when no group or rule decides: fall back to the authenticated role, or refuse credentials. @default "authenticatedRole" */
    readonly ambiguous?: AmbiguousRoleResolution;
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
    readonly mfa?: MfaMode;
    /** @default { totp: true } */
    readonly mfaFactors?: MfaFactors;
    /** Choice-based sign-in: passkeys and one-time passwords as first factors. @default - none: passwords only, as today */
    readonly signInPolicy?: SignInPolicy;
    /** Passkey settings, with `WEB_AUTHN` in `signInPolicy`. @default see `WebAuthnSettings` */
    readonly webAuthn?: WebAuthnSettings;
    /**
     * How a user who forgot their password proves who they are, in order of preference.
     * `[]` means only an administrator can reset it.
     * @default ["email"] (["phone"] when users sign in by phone only)
     */
    readonly accountRecovery?: AccountRecoveryMethod[];
    /** Where Cognito sends email from. @default - Cognito's built-in sender, meant for testing */
    readonly email?: EmailSettings;
    /** The email of MFA codes, with `mfaFactors.email`. @default see `MfaEmailMessage` */
    readonly mfaEmailMessage?: MfaEmailMessage;
    /** Texts that confirm an email address or phone number. @default - Cognito's texts, with a code to type */
    readonly verificationMessages?: VerificationMessages;
    /** Texts of the invitation an administrator-created user receives. @default - Cognito's texts */
    readonly invitationMessages?: InvitationMessages;
    /**
     * Standard attributes that users must give at sign-up. Like custom attributes, this is fixed
     * once the pool exists.
     * @default [] (the sign-in attribute is always present)
     */
    readonly requiredAttributes?: StandardAttribute[];
    /** Custom attributes, by name without the `custom:` prefix. @default - none */
    readonly customAttributes?: Readonly<Record<string, CustomAttribute>>;
    /** Lambda functions Cognito calls during sign-up and sign-in. @default - none */
    readonly triggers?: CognitoTriggers;
    /** Lambda functions that send the pool's email and text messages, with the KMS key Cognito encrypts codes for them with. @default - none: Cognito sends them */
    readonly customSenders?: CustomSenders;
    /**
     * The user pool feature plan. ESSENTIALS is what AWS gives new pools; LITE costs less and lacks
     * email MFA; PLUS adds threat protection at a higher price per user.
     * @default "ESSENTIALS" ("PLUS" when `threatProtection` is set)
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-sign-in-feature-plans.html
     */
    readonly featureTier?: FeatureTier;
    /**
     * Threat protection (formerly advanced security): `AUDIT` logs risky sign-ins, `ENFORCED` blocks
     * them (AwsSolutions-COG8, FSBP Cognito.1). Needs the PLUS tier, which costs more per user.
     * @default undefined (off)
     */
    readonly threatProtection?: ThreatProtectionMode;
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

    /** App clients, keyed by a stable name (it names the child resource). @default { web: {} } (one public client with SRP sign-in and no OAuth) */
    readonly clients?: Readonly<Record<string, CognitoClientArgs>>;
    /** The public client that `amplifyConfig` describes. @default the first public client */
    readonly amplifyClient?: string;
    /** Resource servers (APIs) with custom scopes, keyed by a stable name. @default - none */
    readonly resourceServers?: Readonly<Record<string, ResourceServerArgs>>;
    /** The hosted UI (managed login) domain. Needs a client with `oauth`. @default - no hosted UI */
    readonly domain?: HostedUiDomain;
    /** Federated sign-in. Needs `domain` and a client with `oauth`. @default - none: users sign in with the pool's own accounts */
    readonly identityProviders?: IdentityProviders;
    /**
     * Groups, keyed by group name: 1 to `MAX_GROUP_NAME_LENGTH` (40) letters, digits, `-` or `_`.
     * A group with a role appears in `signedInRoles` as `group-<name>`.
     * @default - no groups
     */
    readonly groups?: Readonly<Record<string, GroupArgs>>;

    /** Let people who have not signed in get credentials for the guest role. @default false */
    readonly allowGuests?: boolean;
    /** The identity pool's name. @default the component name, with characters AWS refuses replaced by `_` */
    readonly identityPoolName?: string;
    /** How the identity pool picks a signed-in user's role. @default see `RoleMapping` */
    readonly roleMapping?: RoleMapping;
    /**
     * Session tags the identity pool sets from the user's token claims, as `{ tag: claim }`. Map the
     * user pool `sub` to key storage by it (`SecureUserBucket` `ownerPrincipalTag`). Roles then also
     * trust `sts:TagSession`. Never key storage by a claim the user can change (`preferred_username`,
     * `email`, a `userWritable` attribute: see `userWritableClaims`): a user would set it to a
     * victim's value and receive the victim's prefix.
     * @example { sub: "sub" }
     * @see https://docs.aws.amazon.com/cognito/latest/developerguide/attributes-for-access-control.html
     * @default - none: no session tags, and the roles do not trust `sts:TagSession`
     */
    readonly principalTags?: Readonly<Record<string, string>>;
    /**
     * Policy statements for the authenticated role. Prefer grants such as `SecureUserBucket.grantUserAccess`.
     * @default - none: the role starts with no permissions
     */
    readonly authenticatedRoleStatements?: PolicyStatement[];
    /** Policy statements for the guest role. Needs `allowGuests`. @default - none: the role starts with no permissions */
    readonly guestRoleStatements?: PolicyStatement[];
    /** Tags for the user pool, the identity pool and the IAM roles. @default - no tags */
    readonly tags?: Record<string, string>;
    /**
     * Changes to the arguments of a child, applied right before it is created. The child's logical
     * name stays outside the transform, so URNs never move, and the offline rules judge whatever the
     * transform produced. Outputs the component derives from its own arguments (`amplifyConfig`,
     * `hostedUiUrl`, `userWritableClaims`) do not see a transform.
     * @example { userPool: { tags: { costCenter: "auth" } }, client: (args, name) => ({ ...args, idTokenValidity: 30 }) }
     * @default undefined
     */
    readonly transform?: CognitoAuthTransforms;
}

/** The children of CognitoAuth a transform can change, each with the arguments of its resource. */
export interface CognitoAuthTransforms {
    /** The user pool (`<name>-pool`). @default undefined */
    readonly userPool?: Transform<aws.cognito.UserPoolArgs>;
    /** Every app client (`<name>-client-<key>`); a function receives the client's logical name second. @default undefined */
    readonly client?: Transform<aws.cognito.UserPoolClientArgs>;
    /** Every resource server (`<name>-resource-server-<key>`). @default undefined */
    readonly resourceServer?: Transform<aws.cognito.ResourceServerArgs>;
    /** Every identity provider (`<name>-idp-<key>`). @default undefined */
    readonly identityProvider?: Transform<aws.cognito.IdentityProviderArgs>;
    /** The hosted UI domain (`<name>-domain`). @default undefined */
    readonly domain?: Transform<aws.cognito.UserPoolDomainArgs>;
    /** Every user pool group (`<name>-group-<group>`). @default undefined */
    readonly group?: Transform<aws.cognito.UserGroupArgs>;
    /** The identity pool (`<name>-identity-pool`). @default undefined */
    readonly identityPool?: Transform<aws.cognito.IdentityPoolArgs>;
    /** The identity pool's role attachment and role mappings (`<name>-roles`). @default undefined */
    readonly roleAttachment?: Transform<aws.cognito.IdentityPoolRoleAttachmentArgs>;
    /** The role of signed-in users (`<name>-authenticated-role`), such as a permissions boundary. @default undefined */
    readonly authenticatedRole?: Transform<aws.iam.RoleArgs>;
    /** The guest role (`<name>-guest-role`), with `allowGuests`. @default undefined */
    readonly guestRole?: Transform<aws.iam.RoleArgs>;
    /** Every group role (`<name>-group-<group>-role`). @default undefined */
    readonly groupRole?: Transform<aws.iam.RoleArgs>;
    /** The role Cognito sends SMS with (`<name>-sms-role`), when SMS is on. @default undefined */
    readonly smsRole?: Transform<aws.iam.RoleArgs>;
    /** The KMS key of the custom senders (`<name>-sender-key`), when the component creates it. @default undefined */
    readonly customSenderKey?: Transform<aws.kms.KeyArgs>;
}

// The earlier TypeScript names of the types above, from before the package schema named them as
// other languages' SDKs do (their SDKs add `Args` to input types themselves). Both names stay.
/** The same type as `CognitoClient`. */
export type CognitoClientArgs = CognitoClient;
/** The same type as `ResourceServer`. */
export type ResourceServerArgs = ResourceServer;
/** The same type as `Group`. */
export type GroupArgs = Group;
