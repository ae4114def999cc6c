// The checks of one field or one nested object of CognitoAuth's arguments, which
// validateCognitoAuthArgs (validation.ts) applies across the whole argument tree. Pure: types and
// the shared helpers only.
import type { AttributeMapping, ClientOAuth } from "./args";
import { PolicyEffect, type PolicyStatement } from "../policy";
import { OAuthFlow, StandardAttribute } from "./enums";
import { isPlain, isRecord as isPlainObject, Issues } from "../validation";
import { DEFAULT_OAUTH_FLOWS, DEFAULT_OAUTH_SCOPES } from "./defaults";

export const STANDARD_ATTRIBUTES: readonly StandardAttribute[] = Object.values(StandardAttribute);
export const STANDARD_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

/** True for an object a field can be read from: the shared test, as a plain boolean (no narrowing of the typed args). */
export function isRecord(value: unknown): boolean {
    return isPlainObject(value);
}

/** A text field: absent, or a string; anything else is reported and treated as absent. */
export function text(issues: Issues, field: string, value: unknown): string | undefined {
    if (value === undefined || typeof value === "string") return value;
    issues.add(field, "must be text", value);
    return undefined;
}

/** A list field: absent, or an array; anything else is reported and treated as empty. */
export function list<T>(issues: Issues, field: string, value: readonly T[] | undefined, what: string): readonly T[] {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    issues.add(field, `must be a list of ${what}`, value);
    return [];
}

export function isInteger(value: unknown, min: number, max: number): boolean {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

export function checkRange(issues: Issues, field: string, value: number | undefined, min: number, max: number, unit: string): void {
    if (value !== undefined && !isInteger(value, min, max)) issues.add(field, `must be a whole number of ${unit} from ${min} to ${max}`, value);
}

export function checkOneOf(issues: Issues, field: string, value: unknown, allowed: readonly string[]): void {
    if (value !== undefined && !allowed.includes(value as string)) issues.add(field, `must be one of ${allowed.join(", ")}`, value);
}

/**
 * A redirect URL Cognito may send tokens or codes to: https, or http only on localhost for local
 * development; no fragment (Cognito refuses one); and not a documentation placeholder, because a
 * code sent to a domain nobody in the team controls is a leaked code.
 */
export function redirectUrlProblem(value: unknown): string | undefined {
    if (typeof value !== "string" || value.length === 0) return "must be a non-empty URL";
    if (value.length > 1024) return "must be at most 1024 characters";
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return "must be an absolute URL such as https://app.acme.dev/callback";
    }
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    if (url.protocol === "http:" && !local) return "must use https:// (http:// is accepted only for localhost)";
    if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https:// (or http://localhost)";
    if (value.includes("#")) return "must not contain a fragment (#)";
    if (/(^|\.)example\.(com|net|org)\.?$/i.test(url.hostname)) return "must not be a placeholder on example.com/.net/.org: use your app's real URL";
    return undefined;
}

export function checkUrls(issues: Issues, field: string, urls: unknown): void {
    if (!Array.isArray(urls) || urls.length === 0) {
        issues.add(field, "must list at least one URL (there is no default: a placeholder would send codes to someone else)", urls);
        return;
    }
    if (urls.length > 100) issues.add(field, "must list at most 100 URLs", urls.length);
    urls.forEach((u, i) => {
        const problem = redirectUrlProblem(u);
        if (problem) issues.add(`${field}[${i}]`, problem, u);
    });
    if (new Set(urls).size !== urls.length) issues.add(field, "must not list a URL twice", urls);
}

export function checkOAuth(issues: Issues, field: string, oauth: ClientOAuth, confidential: boolean, customScopes: ReadonlySet<string>): void {
    if (!isRecord(oauth)) {
        issues.add(field, "must be an object with callbackUrls, logoutUrls, scopes and flows", oauth);
        return;
    }
    const flows: readonly string[] = oauth.flows ?? DEFAULT_OAUTH_FLOWS;
    // Machine clients (client_credentials) redirect nowhere; user sign-in needs both lists.
    if (!Array.isArray(flows) || flows.includes("code") || oauth.callbackUrls !== undefined) checkUrls(issues, `${field}.callbackUrls`, oauth.callbackUrls);
    if (!Array.isArray(flows) || flows.includes("code") || oauth.logoutUrls !== undefined) checkUrls(issues, `${field}.logoutUrls`, oauth.logoutUrls);
    if (!Array.isArray(flows) || flows.length === 0) {
        issues.add(`${field}.flows`, "must list at least one of code, client_credentials", flows);
    } else {
        flows.forEach((flow, i) => {
            if ((flow as string) === "implicit") {
                issues.add(`${field}.flows[${i}]`, "must not be implicit: tokens in the URL leak through history and referrers; use code (with PKCE)", flow);
            } else {
                checkOneOf(issues, `${field}.flows[${i}]`, flow, Object.values(OAuthFlow));
            }
        });
    }
    const scopes: readonly string[] = oauth.scopes ?? DEFAULT_OAUTH_SCOPES;
    if (!Array.isArray(scopes) || scopes.length === 0) {
        issues.add(`${field}.scopes`, "must list at least one scope", scopes);
        return;
    }
    scopes.forEach((scope, i) => {
        if (!STANDARD_SCOPES.includes(scope) && !customScopes.has(scope)) {
            issues.add(`${field}.scopes[${i}]`, `must be one of ${STANDARD_SCOPES.join(", ")} or a scope of resourceServers (<identifier>/<scope>)`, scope);
        }
    });
    if (scopes.some((s) => ["email", "phone", "profile"].includes(s)) && !scopes.includes("openid")) {
        issues.add(`${field}.scopes`, "must include openid when it includes email, phone or profile", scopes);
    }
    if (Array.isArray(flows) && flows.includes("client_credentials")) {
        if (!confidential) issues.add(`${field}.flows`, "may use client_credentials only on a confidential client (one with a secret)", flows);
        if (flows.includes("code")) issues.add(`${field}.flows`, "must not combine client_credentials with code: machine and user clients are separate clients", flows);
        if (scopes.some((s) => STANDARD_SCOPES.includes(s))) {
            issues.add(`${field}.scopes`, "must hold only resource-server scopes with client_credentials (there is no user to describe)", scopes);
        }
    }
}

/** Identity policy statements passed in for a role: no wildcard actions, no `*` resources, no principals. */
export function checkStatements(issues: Issues, field: string, statements: unknown): void {
    if (statements === undefined) return;
    if (!Array.isArray(statements)) {
        issues.add(field, "must be a list of policy statements", statements);
        return;
    }
    (statements as PolicyStatement[]).forEach((s, i) => {
        const at = `${field}[${i}]`;
        if (!s || typeof s !== "object") {
            issues.add(at, "must be a policy statement object", s);
            return;
        }
        checkOneOf(issues, `${at}.Effect`, s.Effect, Object.values(PolicyEffect));
        if (s.Effect === undefined) issues.add(`${at}.Effect`, "must be Allow or Deny", s.Effect);
        if (s.Principal !== undefined) issues.add(`${at}.Principal`, "must be left out: a role's own policy applies to the role", s.Principal);
        const list = typeof s.Action === "string" ? [s.Action] : Array.isArray(s.Action) ? s.Action : [];
        if (list.length === 0) issues.add(`${at}.Action`, "must name at least one action", s.Action);
        for (const action of list) {
            if (typeof action !== "string" || (action !== "*" && !/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(action))) {
                issues.add(`${at}.Action`, "must hold actions such as s3:GetObject", action);
            } else if (s.Effect === "Allow" && (action === "*" || action.endsWith(":*"))) {
                issues.add(`${at}.Action`, "must not allow a whole service or every action (AwsSolutions-IAM5): name the actions", action);
            } else if (s.Effect === "Allow" && /^cognito-(identity|sync):/.test(action)) {
                issues.add(`${at}.Action`, "must not allow cognito-identity or cognito-sync actions: users must not manage identities", action);
            }
        }
        const resources = s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource];
        if (resources.length === 0) issues.add(`${at}.Resource`, "must name at least one resource ARN", s.Resource);
        for (const resource of resources) {
            if (s.Effect === "Allow" && isPlain(resource) && resource === "*") {
                issues.add(`${at}.Resource`, "must not be \"*\" in an Allow (AwsSolutions-IAM5): name the resources", resource);
            }
        }
    });
}

export function checkMapping(issues: Issues, field: string, mapping: AttributeMapping | undefined, custom: ReadonlySet<string>, required: boolean): void {
    if (mapping === undefined) return;
    const keys = Object.keys(mapping);
    if (required && keys.length === 0) issues.add(field, "must map at least one attribute", mapping);
    for (const attribute of keys) {
        const ok =
            ["username", "email_verified", "phone_number_verified"].includes(attribute) ||
            STANDARD_ATTRIBUTES.includes(attribute as StandardAttribute) ||
            custom.has(attribute);
        if (!ok) issues.add(field, "keys must be user pool attributes: standard ones, username, or custom:<name> from customAttributes", attribute);
        if (typeof mapping[attribute] !== "string" || mapping[attribute].length === 0) issues.add(`${field}.${attribute}`, "must name the provider's attribute", mapping[attribute]);
    }
}
