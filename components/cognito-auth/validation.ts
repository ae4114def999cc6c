// The rules CognitoAuth's arguments must meet, checked before anything is created. Pure: it imports
// the argument types, the defaults and the field checks, never the implementation.
import type { CognitoAuthArgs, CognitoTriggers, InvitationMessages, MfaEmailMessage, VerificationMessages } from "./args";
import { LAMBDA_FUNCTION_ARN, RESOURCE_KEY as KEY } from "../shared/contract";
import { isPlain, Issues } from "../validation";
import { accountRecoveryOf, clientsOf, DEFAULT_STRING_LENGTH, emailStyleOf, featureTierOf, mfaOf, signInOf, smsOf, tokenValidityOf } from "./defaults";
import { AccountRecoveryMethod, AmbiguousRoleResolution, CustomAttributeType, EmailVerificationStyle, ExtraAuthFlow, FeatureTier, MfaMode, RoleMappingMatchType, RoleMappingType, ThreatProtectionMode } from "./enums";
import { checkMapping, checkOAuth, checkOneOf, checkRange, checkStatements, isInteger, isRecord, list, STANDARD_ATTRIBUTES, text } from "./validation-checks";
import { checkSignIn } from "./sign-in-validation";
import { checkHostedUiDomainDns } from "./domain-dns-validation";
import { checkCustomSenders, checkPreTokenGeneration } from "./validation-triggers";

const COMPONENT = "CognitoAuth";

// Keys that name child resources (`KEY`, the shared RESOURCE_KEY) are short, and safe in IAM role names.
const KEY_RULE = "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit";

/**
 * The longest group name CognitoAuth accepts. A group with a role appears in `signedInRoles` as
 * `group-<name>`, so role keys there are at most `"group-".length + MAX_GROUP_NAME_LENGTH` (46)
 * characters; grants that take role keys must accept that length. Cognito itself allows 128.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateGroup.html
 */
export const MAX_GROUP_NAME_LENGTH = 40;
const GROUP_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_GROUP_NAME_LENGTH - 1}}$`);
const GROUP_NAME_RULE = `must be 1-${MAX_GROUP_NAME_LENGTH} letters, digits, '-' or '_', starting with a letter or digit (MAX_GROUP_NAME_LENGTH is ${MAX_GROUP_NAME_LENGTH}: a group's role is keyed group-<name>, at most ${"group-".length + MAX_GROUP_NAME_LENGTH} characters, in signedInRoles)`;

/**
 * Hosted UI prefixes are one namespace per region shared by every AWS account: validation cannot
 * see whether a prefix is taken, and a taken one fails only at `pulumi up`, when Cognito answers
 * "InvalidParameterException: Domain already associated with another user pool." (reported in
 * aws-samples/aws-cdk-examples#402, aws-samples/websocket-chat-application#56).
 */
const PREFIX_NOTE = "prefixes are shared by every AWS account in the region, so include your app and stack names (for example acme-photos-prod)";

/**
 * Email MFA message limits (EmailMfaConfigType): the message is 6-20000 characters and must hold
 * {####}; the page gives the subject a pattern only, so the 140-character limit of Cognito's other
 * email subjects (MessageTemplateType.EmailSubject) is applied too.
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_EmailMfaConfigType.html
 */
export const MFA_EMAIL_LIMITS = { subjectMax: 140, messageMin: 6, messageMax: 20000 } as const;
/** The character class of both EmailMfaConfigType patterns. */
const MFA_EMAIL_TEXT = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]*$/u;

/** The triggers Cognito can call, in the order the user pool's `lambdaConfig` lists them. */
export const TRIGGER_FIELDS: readonly (keyof CognitoTriggers)[] = [
    "preSignUp", "postConfirmation", "preAuthentication", "postAuthentication", "preTokenGeneration",
    "customMessage", "defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse", "userMigration",
];
const RESERVED_PROVIDER_NAMES = ["cognito", "google", "facebook", "loginwithamazon", "signinwithapple"];

/** Internal. Exported for testing: the rules the component's arguments must meet, checked before anything is created. */
export function validateCognitoAuthArgs(name: string, input: CognitoAuthArgs | undefined): void {
    const issues = new Issues(COMPONENT, name);
    // No arguments means every default, as the constructor has it; anything else must be an object.
    const args: CognitoAuthArgs = input === undefined ? {} : input;
    if (!isRecord(args as unknown)) {
        issues.add("args", "must be an object of CognitoAuth arguments", input);
        issues.throwIfAny();
    }

    // Role names are `<name>-authenticated-role-<7>` and `<name>-group-<group>-role-<7>`, at most 64 characters.
    if (typeof name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name) || name.length > 37) {
        issues.add("name", "must be 1-37 letters, digits, '-' or '_', starting with a letter or digit (it prefixes IAM role names, which AWS limits to 64 characters)", name);
    }
    if (args.userPoolName !== undefined && !/^[\w\s+=,.@-]{1,128}$/.test(args.userPoolName)) {
        issues.add("userPoolName", "must be 1-128 letters, digits, spaces and _ + = , . @ -", args.userPoolName);
    }

    const signIn = args.signIn ?? {};
    if (args.signIn !== undefined && signIn.email === false && !signIn.phone && !signIn.username) {
        issues.add("signIn", "must enable at least one of email, phone and username", args.signIn);
    }
    if (signIn.preferredUsername && !signIn.username) {
        issues.add("signIn.preferredUsername", "needs signIn.username: preferred_username is an alias of a username", signIn.preferredUsername);
    }

    const pw = args.passwordPolicy ?? {};
    checkRange(issues, "passwordPolicy.minimumLength", pw.minimumLength, 8, 99, "characters");
    checkRange(issues, "passwordPolicy.temporaryPasswordValidityDays", pw.temporaryPasswordValidityDays, 1, 7, "days");

    checkOneOf(issues, "mfa", args.mfa, Object.values(MfaMode));
    // The defaults come from the per-field resolvers of defaults.ts, which are safe on arguments not yet validated.
    const mfa = mfaOf(args);
    const factors = args.mfaFactors ?? {};
    const resolvedSignIn = signInOf(args.signIn);
    const recovery: unknown = accountRecoveryOf(args, resolvedSignIn);
    const recoveryList: readonly unknown[] = Array.isArray(recovery) ? recovery : [];
    const smsAvailable = smsOf(factors.sms, resolvedSignIn.phone, recoveryList);
    if (mfa === "OFF" && args.mfaFactors !== undefined && Object.values(factors).some(Boolean)) {
        issues.add("mfaFactors", "has no effect with mfa: \"OFF\"; remove one of them", args.mfaFactors);
    }
    if (mfa !== "OFF" && factors.totp === false && !smsAvailable && !factors.email) {
        issues.add("mfaFactors", `must enable at least one factor with mfa: "${mfa}"`, args.mfaFactors);
    }
    const tier = featureTierOf(args);
    checkOneOf(issues, "featureTier", args.featureTier, Object.values(FeatureTier));
    checkOneOf(issues, "threatProtection", args.threatProtection, Object.values(ThreatProtectionMode));
    if (args.threatProtection !== undefined && tier !== "PLUS") {
        issues.add("threatProtection", `needs featureTier: "PLUS" (received featureTier ${JSON.stringify(tier)})`, args.threatProtection);
    }
    const mfaEmail = args.mfaEmailMessage;
    if (mfaEmail !== undefined) {
        if (!factors.email || mfa === "OFF") issues.add("mfaEmailMessage", "needs mfaFactors.email (and mfa not \"OFF\"): it is the text of email MFA codes", mfaEmail);
        const isObject = typeof mfaEmail === "object" && mfaEmail !== null;
        if (!isObject) issues.add("mfaEmailMessage", "must be an object with subject and message", mfaEmail);
        const { subject, message }: MfaEmailMessage = isObject ? mfaEmail : {};
        if (subject !== undefined && (typeof subject !== "string" || subject.length === 0 || subject.length > MFA_EMAIL_LIMITS.subjectMax || !MFA_EMAIL_TEXT.test(subject))) {
            issues.add("mfaEmailMessage.subject", `must be 1-${MFA_EMAIL_LIMITS.subjectMax} letters, digits, punctuation, symbols or spaces`, subject);
        }
        if (message !== undefined) {
            if (typeof message !== "string" || message.length < MFA_EMAIL_LIMITS.messageMin || message.length > MFA_EMAIL_LIMITS.messageMax) {
                issues.add("mfaEmailMessage.message", `must be ${MFA_EMAIL_LIMITS.messageMin}-${MFA_EMAIL_LIMITS.messageMax} characters`, typeof message === "string" ? message.length : message);
            } else if (!message.includes("{####}")) {
                issues.add("mfaEmailMessage.message", "must contain {####}, where Cognito puts the code", message);
            } else if (!MFA_EMAIL_TEXT.test(message)) {
                issues.add("mfaEmailMessage.message", "must hold only letters, digits, punctuation, symbols and whitespace (no control characters)", message);
            }
        }
    }
    if (factors.email) {
        if (args.email?.sesIdentityArn === undefined) issues.add("mfaFactors.email", "needs email.sesIdentityArn: Cognito's built-in sender cannot send MFA codes", true);
        if (tier === "LITE") issues.add("mfaFactors.email", "needs featureTier ESSENTIALS or PLUS", true);
        if (recoveryList.length < 2) {
            issues.add("mfaFactors.email", "needs a second accountRecovery method, so a lost mailbox does not lose both factors (for example [\"email\", \"phone\"])", recovery);
        }
    }

    if (!Array.isArray(recovery)) {
        issues.add("accountRecovery", "must be a list of email and phone", recovery);
    } else {
        recovery.forEach((m, i) => checkOneOf(issues, `accountRecovery[${i}]`, m, Object.values(AccountRecoveryMethod)));
        if (new Set(recovery).size !== recovery.length) issues.add("accountRecovery", "must not list a method twice", recovery);
    }

    const email = args.email ?? {};
    if (email.sesIdentityArn === undefined) {
        if (email.from !== undefined) issues.add("email.from", "needs email.sesIdentityArn: Cognito's built-in sender uses its own address", email.from);
        if (email.configurationSet !== undefined) issues.add("email.configurationSet", "needs email.sesIdentityArn", email.configurationSet);
    } else if (isPlain(email.sesIdentityArn) && !/^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/.test(email.sesIdentityArn)) {
        issues.add("email.sesIdentityArn", "must be an SES identity ARN (arn:aws:ses:<region>:<account>:identity/<address or domain>)", email.sesIdentityArn);
    }

    const v: VerificationMessages = isRecord(args.verificationMessages) ? args.verificationMessages! : {};
    checkOneOf(issues, "verificationMessages.emailStyle", v.emailStyle, Object.values(EmailVerificationStyle));
    const emailMessage = text(issues, "verificationMessages.emailMessage", v.emailMessage);
    if (emailMessage !== undefined) {
        if (emailStyleOf(v) === "code" && !emailMessage.includes("{####}")) {
            issues.add("verificationMessages.emailMessage", "must contain {####}, where Cognito puts the code", emailMessage);
        }
        if (v.emailStyle === "link" && !/\{##.+##\}/.test(emailMessage)) {
            issues.add("verificationMessages.emailMessage", "must contain {##link text##}, where Cognito puts the link", emailMessage);
        }
    }
    const smsMessage = text(issues, "verificationMessages.smsMessage", v.smsMessage);
    if (smsMessage !== undefined && !smsMessage.includes("{####}")) {
        issues.add("verificationMessages.smsMessage", "must contain {####}, where Cognito puts the code", smsMessage);
    }
    const emailSubject = text(issues, "verificationMessages.emailSubject", v.emailSubject);
    if (emailSubject !== undefined && (emailSubject.length === 0 || emailSubject.length > 140)) {
        issues.add("verificationMessages.emailSubject", "must be 1-140 characters", emailSubject);
    }
    const inv: InvitationMessages = isRecord(args.invitationMessages) ? args.invitationMessages! : {};
    for (const field of ["emailMessage", "smsMessage"] as const) {
        const message = text(issues, `invitationMessages.${field}`, inv[field]);
        if (message !== undefined && !(message.includes("{username}") && message.includes("{####}"))) {
            issues.add(`invitationMessages.${field}`, "must contain {username} and {####}, where Cognito puts the username and temporary password", message);
        }
    }

    list(issues, "requiredAttributes", args.requiredAttributes, "standard attributes").forEach((a, i) => {
        if (!STANDARD_ATTRIBUTES.includes(a)) issues.add(`requiredAttributes[${i}]`, "must be a standard attribute (custom attributes cannot be required)", a);
    });
    if (Array.isArray(args.requiredAttributes) && new Set(args.requiredAttributes).size !== args.requiredAttributes.length) {
        issues.add("requiredAttributes", "must not list an attribute twice", args.requiredAttributes);
    }
    const custom = args.customAttributes ?? {};
    const customNames = Object.keys(custom);
    const schemaSize = customNames.length + (args.requiredAttributes?.length ?? 0);
    if (schemaSize > 50) issues.add("customAttributes", "together with requiredAttributes must hold at most 50 attributes", schemaSize);
    for (const attributeName of customNames) {
        const a = custom[attributeName];
        const at = `customAttributes.${attributeName}`;
        if (!/^[A-Za-z0-9_-]{1,20}$/.test(attributeName)) issues.add("customAttributes", "keys must be 1-20 letters, digits, '_' or '-' (without the custom: prefix)", attributeName);
        checkOneOf(issues, `${at}.type`, a?.type, Object.values(CustomAttributeType));
        if (a?.type === undefined) issues.add(`${at}.type`, "must be String, Number, Boolean or DateTime", undefined);
        if (a?.type !== "String" && (a?.minLength !== undefined || a?.maxLength !== undefined)) issues.add(at, "may set minLength and maxLength only for type String", a?.type);
        if (a?.type !== "Number" && (a?.min !== undefined || a?.max !== undefined)) issues.add(at, "may set min and max only for type Number", a?.type);
        checkRange(issues, `${at}.minLength`, a?.minLength, 0, 2048, "characters");
        checkRange(issues, `${at}.maxLength`, a?.maxLength, 1, 2048, "characters");
        if ((a?.minLength ?? DEFAULT_STRING_LENGTH.minLength) > (a?.maxLength ?? DEFAULT_STRING_LENGTH.maxLength)) issues.add(`${at}.minLength`, "must not exceed maxLength", a?.minLength);
        if (a?.min !== undefined && a?.max !== undefined && a.min > a.max) issues.add(`${at}.min`, "must not exceed max", a.min);
        if (a?.userWritable && a.mutable === false) issues.add(`${at}.userWritable`, "cannot be true for an immutable attribute", true);
    }
    const customKeys = new Set(customNames.map((n) => `custom:${n}`));

    for (const [trigger, arn] of Object.entries(args.triggers ?? {})) {
        if (trigger === "preTokenGenerationVersion") continue; // an event version, not a function: checkPreTokenGeneration
        if (!TRIGGER_FIELDS.includes(trigger as keyof CognitoTriggers)) {
            issues.add("triggers", `keys must be one of ${TRIGGER_FIELDS.join(", ")}`, trigger);
        } else if (isPlain(arn) && !LAMBDA_FUNCTION_ARN.test(arn)) {
            issues.add(`triggers.${trigger}`, "must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)", arn);
        }
    }

    checkPreTokenGeneration(issues, args);
    checkCustomSenders(issues, args.customSenders);

    // Resource servers first: clients' scopes refer to them.
    const customScopes = new Set<string>();
    const identifiers = new Set<string>();
    for (const [key, server] of Object.entries(args.resourceServers ?? {})) {
        const at = `resourceServers.${key}`;
        if (!KEY.test(key)) issues.add("resourceServers", `keys ${KEY_RULE}`, key);
        if (typeof server?.identifier !== "string" || !/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(server.identifier)) {
            issues.add(`${at}.identifier`, "must be 1-256 printable characters without spaces, quotes or backslashes, such as https://api.acme.dev", server?.identifier);
        } else if (identifiers.has(server.identifier)) {
            issues.add(`${at}.identifier`, "is used by another resource server", server.identifier);
        }
        identifiers.add(server?.identifier);
        const scopeNames = Object.keys(server?.scopes ?? {});
        if (scopeNames.length === 0) issues.add(`${at}.scopes`, "must define at least one scope", server?.scopes);
        if (scopeNames.length > 100) issues.add(`${at}.scopes`, "must define at most 100 scopes", scopeNames.length);
        for (const scope of scopeNames) {
            if (!/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/.test(scope)) issues.add(`${at}.scopes`, "names must be 1-256 printable characters without spaces, quotes, '/' or backslashes", scope);
            const description = server.scopes[scope];
            if (typeof description !== "string" || description.length === 0 || description.length > 256) issues.add(`${at}.scopes.${scope}`, "must be a description of 1-256 characters", description);
            customScopes.add(`${server.identifier}/${scope}`);
        }
    }

    const clients = clientsOf(args);
    const clientKeys = Object.keys(clients);
    if (clientKeys.length === 0) issues.add("clients", "must define at least one app client", clients);
    const providers = args.identityProviders ?? {};
    const providerCount = ["google", "facebook", "amazon", "apple"].filter((k) => (providers as Record<string, unknown>)[k]).length + Object.keys(providers.saml ?? {}).length + Object.keys(providers.oidc ?? {}).length;
    for (const key of clientKeys) {
        const c = clients[key] ?? {};
        const at = `clients.${key}`;
        if (!KEY.test(key)) issues.add("clients", `keys ${KEY_RULE}`, key);
        if (c.oauth !== undefined) checkOAuth(issues, `${at}.oauth`, c.oauth, c.confidential ?? false, customScopes);
        list(issues, `${at}.extraAuthFlows`, c.extraAuthFlows, Object.values(ExtraAuthFlow).join(", ")).forEach((f, i) => checkOneOf(issues, `${at}.extraAuthFlows[${i}]`, f, Object.values(ExtraAuthFlow)));
        const t = c.tokenValidity ?? {};
        checkRange(issues, `${at}.tokenValidity.accessTokenMinutes`, t.accessTokenMinutes, 5, 1440, "minutes");
        checkRange(issues, `${at}.tokenValidity.idTokenMinutes`, t.idTokenMinutes, 5, 1440, "minutes");
        checkRange(issues, `${at}.tokenValidity.refreshTokenDays`, t.refreshTokenDays, 1, 3650, "days");
        checkRange(issues, `${at}.tokenValidity.authSessionMinutes`, t.authSessionMinutes, 3, 15, "minutes");
        const lifetimes = tokenValidityOf(c.tokenValidity);
        if (lifetimes.refreshTokenDays * 1440 <= Math.max(lifetimes.accessTokenMinutes, lifetimes.idTokenMinutes)) {
            issues.add(`${at}.tokenValidity.refreshTokenDays`, "must outlast the access and ID tokens", t.refreshTokenDays);
        }
        if (c.cognitoSignIn === false && providerCount === 0) {
            issues.add(`${at}.cognitoSignIn`, "cannot be false without identityProviders: users would have no way to sign in", false);
        }
        if (c.identityPool && isRecord(c.oauth) && Array.isArray(c.oauth!.flows) && c.oauth!.flows.includes("client_credentials")) {
            issues.add(`${at}.identityPool`, "cannot be true for a client_credentials client: it has no users to give credentials to", true);
        }
    }
    if (args.amplifyClient !== undefined) {
        if (!clientKeys.includes(args.amplifyClient)) issues.add("amplifyClient", `must name a client (one of ${clientKeys.join(", ")})`, args.amplifyClient);
        else if (clients[args.amplifyClient].confidential) issues.add("amplifyClient", "must name a public client: browsers and apps cannot keep a secret", args.amplifyClient);
    }
    const oauthClients = clientKeys.filter((k) => clients[k]?.oauth !== undefined);

    if (args.domain !== undefined && !isRecord(args.domain)) {
        issues.add("domain", "must be an object with prefix, or customDomain and certificateArn", args.domain);
    } else if (args.domain !== undefined) {
        const dom = args.domain;
        if ((dom.prefix === undefined) === (dom.customDomain === undefined)) {
            issues.add("domain", "must set exactly one of prefix and customDomain", dom);
        }
        if (dom.prefix !== undefined) {
            if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(dom.prefix)) issues.add("domain.prefix", `must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; ${PREFIX_NOTE}`, dom.prefix);
            else if (/aws|amazon|cognito/.test(dom.prefix)) issues.add("domain.prefix", `must not contain aws, amazon or cognito, which AWS reserves; ${PREFIX_NOTE}`, dom.prefix);
            if (dom.certificateArn !== undefined) issues.add("domain.certificateArn", "applies only to customDomain", dom.certificateArn);
        }
        if (dom.customDomain !== undefined) {
            if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(dom.customDomain)) issues.add("domain.customDomain", "must be a lowercase DNS name such as auth.acme.dev", dom.customDomain);
            if (dom.certificateArn === undefined && dom.hostedZoneId === undefined) issues.add("domain.certificateArn", "is required with customDomain unless domain.hostedZoneId is set (CognitoAuth then creates it)", undefined);
            else if (isPlain(dom.certificateArn) && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(dom.certificateArn)) {
                issues.add("domain.certificateArn", "must be an ACM certificate ARN in us-east-1 (Cognito serves custom domains through CloudFront)", dom.certificateArn);
            }
        }
        checkHostedUiDomainDns(issues, dom);
        if (oauthClients.length === 0) issues.add("domain", "needs a client with oauth: the hosted UI signs users in through OAuth", dom);
    }

    if (providerCount > 0) {
        if (args.domain === undefined) issues.add("identityProviders", "need a domain: federated sign-in goes through the hosted UI", Object.keys(providers));
        if (oauthClients.length === 0) issues.add("identityProviders", "need a client with oauth: federated sign-in is an OAuth flow", Object.keys(providers));
    }
    for (const key of ["google", "facebook", "amazon"] as const) {
        const p = providers[key];
        if (!p) continue;
        if (isPlain(p.clientId) && !p.clientId) issues.add(`identityProviders.${key}.clientId`, "must not be empty", p.clientId);
        if (isPlain(p.clientSecret) && !p.clientSecret) issues.add(`identityProviders.${key}.clientSecret`, "must not be empty", "");
        checkMapping(issues, `identityProviders.${key}.attributeMapping`, p.attributeMapping, customKeys, false);
    }
    if (providers.apple) {
        for (const field of ["servicesId", "teamId", "keyId", "privateKey"] as const) {
            const value = providers.apple[field];
            if (isPlain(value) && !value) issues.add(`identityProviders.apple.${field}`, "must not be empty", value);
        }
        checkMapping(issues, "identityProviders.apple.attributeMapping", providers.apple.attributeMapping, customKeys, false);
    }
    const customProviderNames = new Set<string>();
    const checkProviderName = (field: string, providerName: string) => {
        if (!/^[^_\s][^\s]{0,30}[^_\s]$/.test(providerName)) issues.add(field, "keys must be 2-32 characters without spaces, not starting or ending with '_'", providerName);
        if (!KEY.test(providerName)) issues.add(field, `keys ${KEY_RULE} (they name child resources)`, providerName);
        if (RESERVED_PROVIDER_NAMES.includes(providerName.toLowerCase())) issues.add(field, "keys must not be a name Cognito reserves (COGNITO, Google, Facebook, LoginWithAmazon, SignInWithApple)", providerName);
        if (customProviderNames.has(providerName)) issues.add(field, "keys must be unique across saml and oidc", providerName);
        customProviderNames.add(providerName);
    };
    for (const [providerName, p] of Object.entries(providers.saml ?? {})) {
        checkProviderName("identityProviders.saml", providerName);
        if ((p.metadataUrl === undefined) === (p.metadataXml === undefined)) issues.add(`identityProviders.saml.${providerName}`, "must set exactly one of metadataUrl and metadataXml", Object.keys(p));
        if (isPlain(p.metadataUrl) && !/^https:\/\//.test(p.metadataUrl)) issues.add(`identityProviders.saml.${providerName}.metadataUrl`, "must be an https:// URL", p.metadataUrl);
        if (p.attributeMapping === undefined) issues.add(`identityProviders.saml.${providerName}.attributeMapping`, "is required: SAML attribute names are URIs that differ between providers", undefined);
        checkMapping(issues, `identityProviders.saml.${providerName}.attributeMapping`, p.attributeMapping, customKeys, true);
    }
    for (const [providerName, p] of Object.entries(providers.oidc ?? {})) {
        checkProviderName("identityProviders.oidc", providerName);
        if (typeof p.issuer !== "string" || !/^https:\/\/[^\s#?]+$/.test(p.issuer)) issues.add(`identityProviders.oidc.${providerName}.issuer`, "must be the provider's https:// issuer URL", p.issuer);
        if (isPlain(p.clientId) && !p.clientId) issues.add(`identityProviders.oidc.${providerName}.clientId`, "must not be empty", p.clientId);
        if (isPlain(p.clientSecret) && !p.clientSecret) issues.add(`identityProviders.oidc.${providerName}.clientSecret`, "must not be empty", "");
        checkMapping(issues, `identityProviders.oidc.${providerName}.attributeMapping`, p.attributeMapping, customKeys, false);
    }

    const groups = args.groups ?? {};
    const rolePrecedence = new Map<number, string>();
    for (const [groupName, g] of Object.entries(groups)) {
        const at = `groups.${groupName}`;
        if (!GROUP_NAME.test(groupName)) issues.add("groups", `keys ${GROUP_NAME_RULE}`, groupName);
        if (!isRecord(g)) {
            issues.add(at, "must be an object ({} for a group without options)", g);
            continue;
        }
        if (g.precedence !== undefined && !isInteger(g.precedence, 0, 2 ** 31 - 1)) issues.add(`${at}.precedence`, "must be a whole number from 0", g.precedence);
        if (g.role) {
            const nameLength = typeof name === "string" ? name.length : 0;
            if (nameLength + groupName.length > 44) {
                issues.add("groups", `keys with a role must be at most ${Math.max(0, 44 - nameLength)} characters with this component name (the role name <name>-group-<group>-role-<7> is limited to 64)`, groupName);
            }
            if (g.precedence === undefined) {
                issues.add(`${at}.precedence`, "is required for a group with a role: it decides which role a member of several groups receives", undefined);
            } else if (rolePrecedence.has(g.precedence)) {
                issues.add(`${at}.precedence`, `must differ from group ${rolePrecedence.get(g.precedence)}'s: with equal precedence a member of both gets no preferred role`, g.precedence);
            } else {
                rolePrecedence.set(g.precedence, groupName);
            }
        } else if (g.roleStatements !== undefined) {
            issues.add(`${at}.roleStatements`, "needs role: true", Array.isArray(g.roleStatements) ? g.roleStatements.length : g.roleStatements);
        }
        const description = text(issues, `${at}.description`, g.description);
        if (description !== undefined && description.length > 2048) issues.add(`${at}.description`, "must be at most 2048 characters", description.length);
        checkStatements(issues, `${at}.roleStatements`, g.roleStatements);
    }
    const roleGroups = Object.keys(groups).filter((g) => isRecord(groups[g]) && groups[g].role);

    const mapping = args.roleMapping;
    if (mapping !== undefined) {
        checkOneOf(issues, "roleMapping.type", mapping.type, Object.values(RoleMappingType));
        checkOneOf(issues, "roleMapping.ambiguous", mapping.ambiguous, Object.values(AmbiguousRoleResolution));
        if (mapping.type === "token" && roleGroups.length === 0) issues.add("roleMapping.type", "\"token\" needs a group with role: true", mapping.type);
        if (mapping.type !== "rules" && mapping.rules !== undefined) issues.add("roleMapping.rules", "need roleMapping.type: \"rules\"", mapping.rules.length);
        if (mapping.type === "rules") {
            const rules = mapping.rules ?? [];
            if (rules.length === 0 || rules.length > 25) issues.add("roleMapping.rules", "must hold 1 to 25 rules", rules.length);
            rules.forEach((r, i) => {
                const at = `roleMapping.rules[${i}]`;
                if (typeof r.claim !== "string" || r.claim.length === 0 || r.claim.length > 64) issues.add(`${at}.claim`, "must be a claim name of 1-64 characters", r.claim);
                checkOneOf(issues, `${at}.matchType`, r.matchType, Object.values(RoleMappingMatchType));
                if (typeof r.value !== "string" || r.value.length === 0 || r.value.length > 128) issues.add(`${at}.value`, "must be 1-128 characters", r.value);
                if (r.role !== "authenticated" && !roleGroups.includes(r.role)) {
                    issues.add(`${at}.role`, `must be "authenticated" or a group with role: true${roleGroups.length ? ` (${roleGroups.join(", ")})` : ""}`, r.role);
                }
            });
        }
    }

    if (args.identityPoolName !== undefined && !/^[\w\s+=,.@-]{1,128}$/.test(args.identityPoolName)) {
        issues.add("identityPoolName", "must be 1-128 letters, digits, spaces and _ + = , . @ -", args.identityPoolName);
    }
    const tags = Object.entries(args.principalTags ?? {});
    if (tags.length > 50) issues.add("principalTags", "must map at most 50 tags", tags.length);
    for (const [tag, claim] of tags) {
        if (!/^[A-Za-z0-9_.:/=+@-]{1,128}$/.test(tag) || tag.toLowerCase().startsWith("aws:")) {
            issues.add("principalTags", "keys must be session tag keys of 1-128 letters, digits and _ . : / = + - @, not starting with aws:", tag);
        }
        if (typeof claim !== "string" || claim.length === 0 || claim.length > 256) issues.add(`principalTags.${tag}`, "must name a token claim, such as sub", claim);
    }
    if (!args.allowGuests && args.guestRoleStatements !== undefined) {
        issues.add("guestRoleStatements", "needs allowGuests: true (there is no guest role without it)", args.guestRoleStatements.length);
    }
    checkStatements(issues, "authenticatedRoleStatements", args.authenticatedRoleStatements);
    checkStatements(issues, "guestRoleStatements", args.guestRoleStatements);
    checkSignIn(issues, args); // passkeys, one-time passwords, managed login: sign-in-validation.ts
    issues.throwIfAny();
}
