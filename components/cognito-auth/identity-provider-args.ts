// The federated identity providers of CognitoAuth's arguments: types only, beside `args.ts`
// (which re-exports them) so that neither file passes the 500 lines a module may have.
import type * as pulumi from "@pulumi/pulumi";

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
    /** The https:// URL of the provider's metadata document. @default - none: give this or `metadataXml` */
    readonly metadataUrl?: pulumi.Input<string>;
    /** The provider's metadata document itself. @default - none: give this or `metadataUrl` */
    readonly metadataXml?: pulumi.Input<string>;
    /** SAML attributes have URIs for names, so there is no default mapping. @example { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" } */
    readonly attributeMapping: AttributeMapping;
    /** Email domains or identifiers that route users to this provider. @default - none */
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
    /** Email domains or identifiers that route users to this provider. @default - none */
    readonly identifiers?: string[];
}

/** Federated identity providers. Every client offers all of them. */
export interface IdentityProviders {
    /** Sign in with Google. @default - none */
    readonly google?: SocialProvider;
    /** Sign in with Facebook. @default - none */
    readonly facebook?: SocialProvider;
    /** Login with Amazon. @default - none */
    readonly amazon?: SocialProvider;
    /** Sign in with Apple. @default - none */
    readonly apple?: AppleProvider;
    /** SAML providers, keyed by provider name (shown to users and used in `identity_provider=` links). @default - none */
    readonly saml?: Readonly<Record<string, SamlProvider>>;
    /** OpenID Connect providers, keyed by provider name. @default - none */
    readonly oidc?: Readonly<Record<string, OidcProvider>>;
}
