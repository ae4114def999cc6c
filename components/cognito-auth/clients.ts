// What apps sign in through: the resource servers whose scopes clients request, the app clients,
// and the hosted UI domain.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { WRITABLE_STANDARD_ATTRIBUTES } from "../policy";
import { applyTransform } from "../shared/transform";
import type { CognitoAuthArgs } from "./args";
import type { CognitoDefaults } from "./defaults";
import type { ProviderPlan } from "./identity-providers";
import { clientAuthFlows } from "./sign-in";
import { regionOf } from "./user-pool";
import { hostedUiAliasRecords, hostedUiCertificateArn } from "./domain-dns";

const AUTH_FLOWS = {
    userPassword: "ALLOW_USER_PASSWORD_AUTH",
    adminUserPassword: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    custom: "ALLOW_CUSTOM_AUTH",
    userAuth: "ALLOW_USER_AUTH",
} as const;

/** One resource server per key, and the full names of its scopes. */
export function createResourceServers(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    d: CognitoDefaults,
    userPool: aws.cognito.UserPool,
): { servers: Record<string, aws.cognito.ResourceServer>; scopes: Record<string, pulumi.Output<string[]>> } {
    const servers: Record<string, aws.cognito.ResourceServer> = {};
    const scopes: Record<string, pulumi.Output<string[]>> = {};
    for (const [key, server] of Object.entries(d.resourceServers)) {
        const logicalName = `${name}-resource-server-${key}`;
        servers[key] = new aws.cognito.ResourceServer(
            logicalName,
            applyTransform<aws.cognito.ResourceServerArgs>(
                {
                    userPoolId: userPool.id,
                    identifier: server.identifier,
                    name: key,
                    scopes: Object.entries(server.scopes).map(([scopeName, scopeDescription]) => ({ scopeName, scopeDescription })),
                },
                logicalName,
                args.transform?.resourceServer,
            ),
            { parent: scope },
        );
        scopes[key] = servers[key].scopeIdentifiers;
    }
    return { servers, scopes };
}

/**
 * The attributes app clients may write: the standard attributes, the custom ones marked
 * userWritable, and whatever identity providers map (Cognito refuses a mapping onto an attribute the
 * client cannot write). The same list is what users can change about themselves: `userWritableClaims`.
 */
export function clientWritableAttributes(d: CognitoDefaults, plans: readonly ProviderPlan[]): string[] {
    return [
        ...new Set([
            ...WRITABLE_STANDARD_ATTRIBUTES,
            ...Object.keys(d.customAttributes).filter((n) => d.customAttributes[n].userWritable).map((n) => `custom:${n}`),
            ...plans.flatMap((p) => Object.keys(p.attributeMapping)).filter((a) => a !== "username"),
        ]),
    ];
}

/** One app client per key: SRP and refresh always, PKCE code flow only, no existence errors, revocable tokens. */
export function createClients(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    d: CognitoDefaults,
    refs: {
        userPool: aws.cognito.UserPool;
        plans: readonly ProviderPlan[];
        identityProviders: Readonly<Record<string, aws.cognito.IdentityProvider>>;
        resourceServers: Readonly<Record<string, aws.cognito.ResourceServer>>;
        writable: readonly string[];
    },
): Record<string, aws.cognito.UserPoolClient> {
    // Without custom attributes Cognito's default (every writable standard attribute) is the same
    // list, and leaving it out keeps existing clients' inputs unchanged.
    const writeAttributes = Object.keys(d.customAttributes).length === 0 ? undefined : [...refs.writable];
    const clients: Record<string, aws.cognito.UserPoolClient> = {};
    for (const key of Object.keys(d.clients)) {
        const c = d.client(key);
        const providerNames = [
            ...(c.cognitoSignIn ? [pulumi.output("COGNITO")] : []),
            // The provider resource's name output makes the client wait for the provider: Cognito
            // refuses a client that lists a provider that does not exist yet.
            ...refs.plans.map((p) => refs.identityProviders[p.key].providerName),
        ];
        const logicalName = `${name}-client-${key}`;
        clients[key] = new aws.cognito.UserPoolClient(
            logicalName,
            applyTransform<aws.cognito.UserPoolClientArgs>(
                {
                    name: key,
                    userPoolId: refs.userPool.id,
                    generateSecret: c.confidential,
                    explicitAuthFlows: clientAuthFlows(args, c.oauth?.flows, ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", ...c.extraAuthFlows.map((f) => AUTH_FLOWS[f])]),
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
                logicalName,
                args.transform?.client,
            ),
            // Custom scopes exist only once their resource server does.
            { parent: scope, dependsOn: Object.values(refs.resourceServers) },
        );
    }
    return clients;
}

/** The hosted UI domain, its base URL and (with a custom domain) the CloudFront target of its DNS alias. */
/** The hosted UI domain with what the component reads of it. */
export interface CreatedDomain {
    readonly domain: aws.cognito.UserPoolDomain;
    /** The host name, without a scheme, as Amplify's `oauth.domain` wants it. */
    readonly host: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    readonly cloudFrontTarget: pulumi.Output<string> | undefined;
}

export function createDomain(scope: pulumi.ComponentResource, name: string, args: CognitoAuthArgs, userPool: aws.cognito.UserPool): CreatedDomain | undefined {
    if (!args.domain) return undefined;
    const domainName = args.domain.customDomain ?? args.domain.prefix!;
    const logicalName = `${name}-domain`;
    const domain = new aws.cognito.UserPoolDomain(
        logicalName,
        applyTransform<aws.cognito.UserPoolDomainArgs>({ userPoolId: userPool.id, domain: domainName, certificateArn: hostedUiCertificateArn(scope, name, args.domain, args.tags), managedLoginVersion: args.domain.managedLoginVersion }, logicalName, args.transform?.domain),
        { parent: scope },
    );
    hostedUiAliasRecords(scope, name, args.domain, domain);
    const host = args.domain.customDomain ? pulumi.output(args.domain.customDomain) : pulumi.interpolate`${domain.domain}.auth.${regionOf(userPool.id)}.amazoncognito.com`;
    return {
        domain,
        /** The host name, without a scheme, as Amplify's `oauth.domain` wants it. */
        host,
        url: args.domain.customDomain ? pulumi.output(`https://${args.domain.customDomain}`) : pulumi.interpolate`https://${domain.domain}.auth.${regionOf(userPool.id)}.amazoncognito.com`,
        cloudFrontTarget: args.domain.customDomain ? domain.cloudfrontDistribution : undefined,
    };
}
