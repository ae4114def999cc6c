import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { COMPONENT_TYPES } from "../shared/contract";
import { amplifyConfigOf, type AmplifyAuthConfig } from "./amplify";
import { amplifyOutputsOf, type AmplifyOutputs } from "./amplify-outputs";
import type { CognitoAuthArgs } from "./args";
import { clientWritableAttributes, createClients, createDomain, createResourceServers } from "./clients";
import { resolveCognitoDefaults } from "./defaults";
import { attachRoles, createIdentityPool, createRolesAndGroups } from "./identity-pool";
import { createIdentityProviders, providerPlans } from "./identity-providers";
import { createBrandings } from "./sign-in";
import { createSenderKey, finishSenders } from "./senders";
import { createSmsRole, createTriggerPermissions, createUserPool } from "./user-pool";
import { validateCognitoAuthArgs } from "./validation";

export { MAX_GROUP_NAME_LENGTH, MFA_EMAIL_LIMITS } from "./validation";

/**
 * Sign-up, sign-in and AWS credentials for an app's users: a Cognito user pool with app clients,
 * optional hosted UI, federation and groups, and an identity pool whose roles start with no
 * permissions at all.
 *
 * @example Minimal: email sign-in, one public client `web`, no guests.
 * ```ts
 * const auth = new CognitoAuth("auth", {});
 * ```
 * @example Common: hosted UI with Google, an editors group with its own role, and per-user storage that
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
    /** The session tags the identity pool sets (the keys of `principalTags`, in their order). */
    readonly principalTagKeys: string[];
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
    readonly userWritableClaims: string[];
    /** The full custom scope names (`<identifier>/<scope>`) by resource server key. */
    readonly resourceServerScopes: Readonly<Record<string, pulumi.Output<string[]>>>;
    /** `Amplify.configure` input for `amplifyClient`, when there is a public client. */
    readonly amplifyConfig?: pulumi.Output<AmplifyAuthConfig>;
    /**
     * `amplifyConfig` as JSON text, for a program that writes it to the web app's configuration
     * file (such as `amplify_outputs.json`) rather than passing the object on.
     */
    readonly amplifyConfigJson?: pulumi.Output<string>;
    /**
     * The same client in the Amplify Gen 2 outputs form (`amplify_outputs.json`, auth only), which
     * `Amplify.configure` also accepts; `amplifyOutputs(auth, { buckets })` adds storage.
     */
    readonly amplifyOutputs?: pulumi.Output<AmplifyOutputs>;
    /** `amplifyOutputs` as JSON text, the content of `amplify_outputs.json`. */
    readonly amplifyOutputsJson?: pulumi.Output<string>;

    /** Escape hatches to the children. */
    readonly userPool: aws.cognito.UserPool;
    readonly clients: Readonly<Record<string, aws.cognito.UserPoolClient>>;
    readonly domain?: aws.cognito.UserPoolDomain;
    /** The managed login style of each client, by client key, on a `managedLoginVersion: 2` domain. */
    readonly managedLoginBrandings: Readonly<Record<string, aws.cognito.ManagedLoginBranding>>;
    readonly identityProviders: Readonly<Record<string, aws.cognito.IdentityProvider>>;
    readonly resourceServers: Readonly<Record<string, aws.cognito.ResourceServer>>;
    readonly groups: Readonly<Record<string, aws.cognito.UserGroup>>;
    readonly groupRoles: Readonly<Record<string, aws.iam.Role>>;
    readonly identityPool: aws.cognito.IdentityPool;
    readonly authenticatedRole: aws.iam.Role;
    readonly guestRole?: aws.iam.Role;
    readonly smsRole?: aws.iam.Role;
    /** The KMS key Cognito encrypts the codes for `customSenders` with, when the component creates it. */
    readonly customSenderKey?: aws.kms.Key;
    /** Its key policy, for this pool only, written once the pool exists. */
    readonly customSenderKeyPolicy?: aws.kms.KeyPolicy;

    constructor(name: string, args: CognitoAuthArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateCognitoAuthArgs(name, args);
        super(COMPONENT_TYPES.CognitoAuth, name, {}, opts);
        // Every default in one place (defaults.ts); the steps below only read it.
        const d = resolveCognitoDefaults(name, args, opts);
        // The pools are stateful: users, and the identity ids per-user storage is keyed by. Their
        // logical names never change, and `protect` turns a replacement into a preview error.
        const stateful: pulumi.CustomResourceOptions = {
            parent: this,
            // Off, the pools inherit the component's own `protect` option rather than overriding it.
            protect: d.deletionProtection ? true : undefined,
            retainOnDelete: d.retainOnDelete,
        };

        // 1. The user pool: the SMS role first (Cognito checks it can assume it), then the pool and
        // the invoke permissions of its triggers.
        const sms = d.sms ? createSmsRole(this, name, args) : undefined;
        this.smsRole = sms?.role;
        const senders = createSenderKey(this, name, args); // customSenders: the key first, for the pool's lambdaConfig
        this.customSenderKey = senders?.key;
        this.userPool = createUserPool(this, name, args, d, stateful, sms, senders?.lambdaConfig);
        this.userPoolId = this.userPool.id;
        this.userPoolArn = this.userPool.arn;
        this.providerName = this.userPool.endpoint;
        this.issuerUrl = pulumi.interpolate`https://${this.userPool.endpoint}`;
        createTriggerPermissions(this, name, args, this.userPool);
        this.customSenderKeyPolicy = finishSenders(this, name, args, senders, this.userPool);

        // 2. Resource servers, whose scopes clients may request.
        const resourceServers = createResourceServers(this, name, args, d, this.userPool);
        this.resourceServers = resourceServers.servers;
        this.resourceServerScopes = resourceServers.scopes;

        // 3. Identity providers, which the clients list.
        const plans = providerPlans(d.identityProviders);
        this.identityProviders = createIdentityProviders(this, name, args, this.userPool, plans);

        // 4. App clients, and what their users can write about themselves.
        const writable = clientWritableAttributes(d, plans);
        // Frozen: per-user grants read it to refuse an owner tag, so nothing may shorten it by accident.
        // Typed as a plain list because the package schema has no read-only one.
        this.userWritableClaims = Object.freeze([...writable]) as string[];
        this.clients = createClients(this, name, args, d, { userPool: this.userPool, plans, identityProviders: this.identityProviders, resourceServers: this.resourceServers, writable });
        this.clientIds = Object.fromEntries(Object.entries(this.clients).map(([key, client]) => [key, client.id]));

        // 5. The hosted UI domain.
        const domain = createDomain(this, name, args, this.userPool);
        this.domain = domain?.domain;
        this.hostedUiUrl = domain?.url;
        this.hostedUiCloudFrontTarget = domain?.cloudFrontTarget;
        this.managedLoginBrandings = createBrandings(this, name, args, this.userPool, this.clients, domain?.domain);

        // 6. The identity pool, its roles and groups, the role attachment and the session tags.
        this.principalTagKeys = Object.freeze(Object.keys(d.principalTags)) as string[];
        this.principalTagClaims = Object.freeze({ ...d.principalTags });
        this.identityPool = createIdentityPool(this, name, args, d, stateful, this.userPool, this.clients);
        this.identityPoolId = this.identityPool.id;
        const roles = createRolesAndGroups(this, name, args, d, this.userPool, this.identityPool);
        this.authenticatedRole = roles.authenticatedRole;
        this.authenticatedRoleArn = roles.authenticatedRole.arn;
        this.authenticatedRoleName = roles.authenticatedRole.name;
        this.guestRole = roles.guestRole;
        this.guestRoleArn = roles.guestRole?.arn;
        this.guestRoleName = roles.guestRole?.name;
        this.groups = roles.groups;
        this.groupRoles = roles.groupRoles;
        this.groupRoleArns = Object.fromEntries(Object.entries(roles.groupRoles).map(([groupName, r]) => [groupName, r.arn]));
        this.groupRoleNames = Object.fromEntries(Object.entries(roles.groupRoles).map(([groupName, r]) => [groupName, r.name]));
        this.signedInRoles = {
            authenticated: this.authenticatedRole,
            ...Object.fromEntries(Object.entries(roles.groupRoles).map(([groupName, r]) => [`group-${groupName}`, r])),
        };
        attachRoles(this, name, args, d, { userPool: this.userPool, identityPool: this.identityPool, clients: this.clients, roles });

        // 7. What a front end needs.
        this.amplifyConfig = amplifyConfigOf(d, { userPool: this.userPool, identityPool: this.identityPool, clients: this.clients, plans, domainHost: domain?.host });
        this.amplifyConfigJson = this.amplifyConfig && pulumi.jsonStringify(this.amplifyConfig);
        this.amplifyOutputs = amplifyOutputsOf(this.amplifyConfig);
        this.amplifyOutputsJson = this.amplifyOutputs && pulumi.jsonStringify(this.amplifyOutputs);

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
            amplifyConfigJson: this.amplifyConfigJson,
            amplifyOutputs: this.amplifyOutputs,
            amplifyOutputsJson: this.amplifyOutputsJson,
        });
    }
}
