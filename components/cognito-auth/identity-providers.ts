// Federation: the identity providers of the user pool, planned first (the clients and Amplify need
// their names before they exist), then created.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { applyTransform } from "../shared/transform";
import type { CognitoAuthArgs } from "./args";
import type { AttributeMapping, IdentityProviders } from "./identity-provider-args";
import { DEFAULT_ATTRIBUTE_MAPPING, DEFAULT_OIDC_SCOPES, DEFAULT_SOCIAL_SCOPES } from "./defaults";

/** Cognito's names for the social providers. */
const SOCIAL_PROVIDER_NAMES = { google: "Google", facebook: "Facebook", amazon: "LoginWithAmazon", apple: "SignInWithApple" } as const;
/** Amplify's names for the same providers. */
const AMPLIFY_PROVIDER_NAMES = { google: "Google", facebook: "Facebook", amazon: "Amazon", apple: "Apple" } as const;

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

/** An identity provider the component creates, with what the clients and Amplify need to know of it. */
export interface ProviderPlan {
    key: string;
    providerName: string;
    providerType: string;
    /** Plain keys, so the keys Cognito adds besides them are known before anything is created. */
    details: Record<string, pulumi.Input<string>>;
    attributeMapping: AttributeMapping;
    identifiers?: string[];
    amplifyName: "Google" | "Facebook" | "Amazon" | "Apple" | { custom: string };
}

/** The providers to create, in a fixed order: social ones, Apple, then SAML and OIDC by name. */
export function providerPlans(providers: IdentityProviders): ProviderPlan[] {
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
            attributeMapping: p.attributeMapping ?? DEFAULT_ATTRIBUTE_MAPPING,
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
            attributeMapping: p.attributeMapping ?? DEFAULT_ATTRIBUTE_MAPPING,
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
                authorize_scopes: (p.scopes ?? DEFAULT_OIDC_SCOPES).join(" "),
                attributes_request_method: "GET",
            },
            attributeMapping: p.attributeMapping ?? DEFAULT_ATTRIBUTE_MAPPING,
            identifiers: p.identifiers,
            amplifyName: { custom: providerName },
        });
    }
    return plans;
}

/** One provider resource per plan, keyed by the plan's key. */
export function createIdentityProviders(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    userPool: aws.cognito.UserPool,
    plans: readonly ProviderPlan[],
): Record<string, aws.cognito.IdentityProvider> {
    const identityProviders: Record<string, aws.cognito.IdentityProvider> = {};
    for (const plan of plans) {
        const logicalName = `${name}-idp-${plan.key}`;
        identityProviders[plan.key] = new aws.cognito.IdentityProvider(
            logicalName,
            applyTransform<aws.cognito.IdentityProviderArgs>(
                {
                    userPoolId: userPool.id,
                    providerName: plan.providerName,
                    providerType: plan.providerType,
                    providerDetails: plan.details,
                    attributeMapping: { ...plan.attributeMapping },
                    idpIdentifiers: plan.identifiers,
                },
                logicalName,
                args.transform?.identityProvider,
            ),
            { parent: scope, ignoreChanges: cognitoFilledDetailPaths(plan) },
        );
    }
    return identityProviders;
}

/**
 * The `ignoreChanges` paths of one identity provider: the keys Cognito fills in for its type, less
 * any key the component sends itself (a sent key must keep updating the provider).
 */
function cognitoFilledDetailPaths(plan: ProviderPlan): string[] {
    const sent = new Set(Object.keys(plan.details));
    return (COGNITO_FILLED_PROVIDER_DETAILS[plan.providerType] ?? []).filter((key) => !sent.has(key)).map((key) => `providerDetails.${key}`);
}
