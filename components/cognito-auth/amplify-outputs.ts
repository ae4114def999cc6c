// The Amplify Gen 2 outputs (`amplify_outputs.json`): the form `Amplify.configure` of aws-amplify v6
// accepts besides its own ResourcesConfig (it tells them apart by `version`, which must start with
// "1": @aws-amplify/core dist/cjs/parseAmplifyOutputs.js `isAmplifyOutputs`). Auth is converted from
// `amplifyConfig`, so both forms say the same; storage is generated from each bucket's `grantedAccess`,
// so the paths say what the policies allow.
//
// Path format, from the Amplify docs "Use Amplify Storage with any S3 bucket"
// (docs.amplify.aws/<platform>/build-a-backend/storage/use-with-custom-s3/, "Use amplify_outputs.json"):
// paths are key patterns ending in `*`, each mapped to access per kind of caller, `guest`,
// `authenticated`, `groups<group name>` (`groupsadmin`) and `entityidentity` (the owner), and the
// owner's folder is written with the IAM variable itself: `protected/${cognito-identity.amazonaws.com:sub}/*`.
// (`{entity_id}` is only the token `defineStorage` takes as input.) aws-amplify substitutes exactly that
// variable with the session's identity id (@aws-amplify/storage dist/cjs/internals/utils/constants.js
// `ENTITY_IDENTITY_URL`, used by internals/apis/listPaths/resolveLocationsForCurrentSession.js).
import * as pulumi from "@pulumi/pulumi";
import { identityIdVariable } from "../shared/contract";
import { Issues } from "../validation";
import type { SecureUserBucket } from "../secure-user-bucket";
import type { GrantedOperation } from "../secure-user-bucket/granted-access";
import type { AmplifyAuthConfig } from "./amplify";
import type { AmplifyOAuthResponseType } from "./enums";
import type { AmplifyOutputsIdentityProvider, AmplifyOutputsMfaConfiguration, AmplifyOutputsMfaMethod, AmplifyOutputsUsernameAttribute } from "./amplify-outputs-enums";

/** The schema version written: 1.4 has `storage.buckets[].paths` (client_config_v1.4.ts). */
export const AMPLIFY_OUTPUTS_VERSION = "1.4";

/** `amplify_outputs.json`: auth, and with `amplifyOutputs(auth, { buckets })` storage. */
export interface AmplifyOutputs {
    /** The schema version, `1.4`. */
    version: string;
    auth: AmplifyOutputsAuth;
    storage?: AmplifyOutputsStorage;
    /** What this package could not say in Amplify's schema; Amplify ignores it. */
    custom?: AmplifyOutputsCustom;
}

/** `auth`: the user pool, its public client and the identity pool. */
export interface AmplifyOutputsAuth {
    aws_region: string;
    user_pool_id: string;
    user_pool_client_id: string;
    identity_pool_id: string;
    password_policy: AmplifyOutputsPasswordPolicy;
    /** The hosted UI, when the pool has a domain and the client has OAuth. */
    oauth?: AmplifyOutputsOAuth;
    standard_required_attributes: string[];
    username_attributes: AmplifyOutputsUsernameAttribute[];
    unauthenticated_identities_enabled: boolean;
    mfa_configuration: AmplifyOutputsMfaConfiguration;
    mfa_methods: AmplifyOutputsMfaMethod[];
    /** Each group with a precedence, as `{ <group>: { precedence: <number> } }`. */
    groups: Record<string, Record<string, number>>[];
}

/** `auth.password_policy`. */
export interface AmplifyOutputsPasswordPolicy {
    min_length: number;
    require_numbers: boolean;
    require_lowercase: boolean;
    require_uppercase: boolean;
    require_symbols: boolean;
}

/** `auth.oauth`. */
export interface AmplifyOutputsOAuth {
    /** The social providers; SAML and OIDC providers have no value here (see `custom.user_backend.notes`). */
    identity_providers: AmplifyOutputsIdentityProvider[];
    /** The hosted UI host, without a scheme. */
    domain: string;
    scopes: string[];
    redirect_sign_in_uri: string[];
    redirect_sign_out_uri: string[];
    response_type: AmplifyOAuthResponseType;
}

/** `storage`: the default bucket, and every bucket with its paths. */
export interface AmplifyOutputsStorage {
    aws_region: string;
    bucket_name: string;
    buckets: AmplifyOutputsBucket[];
}

/** One entry of `storage.buckets`. */
export interface AmplifyOutputsBucket {
    /** The friendly name apps pass as `options.bucket`: the SecureUserBucket's name. */
    name: string;
    bucket_name: string;
    aws_region: string;
    /** Key pattern → caller kind (`guest`, `authenticated`, `groups<name>`, `entityidentity`) → operations. */
    paths: Record<string, Record<string, GrantedOperation[]>>;
}

/** `custom`: Amplify reads only `custom.events`, so this section is the package's own. */
export interface AmplifyOutputsCustom {
    user_backend: AmplifyOutputsNotes;
}

/** What the outputs leave out, and what the app must do instead. */
export interface AmplifyOutputsNotes {
    notes: string[];
    /** Per-user paths keyed by something Amplify cannot substitute (a session tag): the app builds these keys itself. */
    owner_keyed_paths: AmplifyOwnerKeyedPath[];
}

/** A per-user path of a bucket keyed by a session tag rather than the identity id. */
export interface AmplifyOwnerKeyedPath {
    /** The bucket's friendly name. */
    bucket: string;
    /** The key pattern with the policy variable, e.g. `private/${aws:PrincipalTag/sub}/*`. */
    path: string;
    /** The token claim the tag is mapped from, when a grant said so (`ownerClaim`). */
    owner_claim?: string;
    /** The operations the owner has there. */
    operations: GrantedOperation[];
}

/** Options of `amplifyOutputs`. */
export interface AmplifyOutputsOptions {
    /**
     * The buckets Amplify Storage may use, each named by its component name. Call `amplifyOutputs`
     * after every `grantUserAccess`: the paths are read from the grants made so far.
     * @default [] (auth only)
     */
    buckets?: SecureUserBucket[];
    /**
     * The bucket `storage.bucket_name` names, used when an app passes no `options.bucket`.
     * @default the first of `buckets`
     */
    defaultBucket?: SecureUserBucket;
}

/** Where the functions' errors say they come from. */
const COMPONENT = "amplifyOutputs";
const INSTANCE = "amplify_outputs.json";

const MFA: Record<string, AmplifyOutputsMfaConfiguration> = { on: "REQUIRED", optional: "OPTIONAL", off: "NONE" };
const PROVIDERS: Record<string, AmplifyOutputsIdentityProvider> = { Google: "GOOGLE", Facebook: "FACEBOOK", Amazon: "LOGIN_WITH_AMAZON", Apple: "SIGN_IN_WITH_APPLE" };
const OPERATION_ORDER: readonly GrantedOperation[] = ["get", "list", "write", "delete"];

/**
 * Internal. The auth-only outputs of CognitoAuth, converted from its `amplifyConfig`. The region is
 * the user pool id's prefix: Cognito user pool ids are `<region>_<suffix>` (Cognito API Reference,
 * UserPoolType `Id`, pattern `[\w-]+_[0-9a-zA-Z]+`).
 */
export function amplifyOutputsOf(config: pulumi.Output<AmplifyAuthConfig> | undefined): pulumi.Output<AmplifyOutputs> | undefined {
    return config?.apply((c) => {
        const cognito = c.Auth.Cognito;
        const notes: string[] = [];
        const oauth = cognito.loginWith.oauth;
        const custom = (oauth?.providers ?? []).filter((p) => typeof p !== "string").map((p) => (p as { custom: string }).custom);
        if (custom.length > 0) {
            // parseAmplifyOutputs.js `getOAuthProviders` keeps only the four social providers.
            notes.push(
                `auth.oauth.identity_providers cannot name the SAML/OIDC providers ${JSON.stringify(custom)}: sign in with ` +
                    `signInWithRedirect({ provider: { custom: "<name>" } }), which needs no entry here.`,
            );
        }
        const outputs: AmplifyOutputs = {
            version: AMPLIFY_OUTPUTS_VERSION,
            auth: {
                aws_region: cognito.userPoolId.split("_")[0],
                user_pool_id: cognito.userPoolId,
                user_pool_client_id: cognito.userPoolClientId,
                identity_pool_id: cognito.identityPoolId,
                password_policy: {
                    min_length: cognito.passwordFormat.minLength,
                    require_numbers: cognito.passwordFormat.requireNumbers,
                    require_lowercase: cognito.passwordFormat.requireLowercase,
                    require_uppercase: cognito.passwordFormat.requireUppercase,
                    require_symbols: cognito.passwordFormat.requireSpecialCharacters,
                },
                ...(oauth
                    ? {
                          oauth: {
                              identity_providers: oauth.providers.filter((p): p is string => typeof p === "string").map((p) => PROVIDERS[p]),
                              domain: oauth.domain,
                              scopes: oauth.scopes,
                              redirect_sign_in_uri: oauth.redirectSignIn,
                              redirect_sign_out_uri: oauth.redirectSignOut,
                              response_type: oauth.responseType,
                          },
                      }
                    : {}),
                standard_required_attributes: Object.keys(cognito.userAttributes),
                username_attributes: [
                    ...(cognito.loginWith.email ? ["email" as const] : []),
                    ...(cognito.loginWith.phone ? ["phone_number" as const] : []),
                    ...(cognito.loginWith.username ? ["username" as const] : []),
                ],
                unauthenticated_identities_enabled: cognito.allowGuestAccess,
                mfa_configuration: MFA[cognito.mfa.status],
                mfa_methods: [...(cognito.mfa.smsEnabled ? ["SMS" as const] : []), ...(cognito.mfa.totpEnabled ? ["TOTP" as const] : [])],
                groups: cognito.groups,
            },
        };
        return notes.length > 0 ? { ...outputs, custom: { user_backend: { notes, owner_keyed_paths: [] } } } : outputs;
    });
}

/** The Amplify caller kind of a role key, by the `signedInRoles` convention; undefined for any other key. */
function callerKindOf(roleKey: string): string | undefined {
    if (roleKey === "authenticated" || roleKey === "guest") return roleKey;
    if (roleKey.startsWith("group-")) return `groups${roleKey.slice("group-".length)}`;
    return undefined;
}

function addAccess(paths: Record<string, Record<string, GrantedOperation[]>>, path: string, kind: string, operations: readonly GrantedOperation[]): void {
    const rule = (paths[path] ??= {});
    const merged = new Set([...(rule[kind] ?? []), ...operations]);
    rule[kind] = OPERATION_ORDER.filter((op) => merged.has(op));
}

/** Internal. One bucket's entry, its notes and the per-user paths Amplify cannot resolve, from its grants. */
export function bucketOutputsOf(
    bucket: Pick<SecureUserBucket, "grantedAccess" | "ownerVariable" | "ownerClaim">,
    names: { name: string; bucketName: string; region: string },
): { entry: AmplifyOutputsBucket; notes: string[]; ownerKeyed: AmplifyOwnerKeyedPath[] } {
    const paths: Record<string, Record<string, GrantedOperation[]>> = {};
    const notes: string[] = [];
    const ownerKeyed: Record<string, Set<GrantedOperation>> = {};
    const byIdentityId = bucket.ownerVariable === identityIdVariable;
    for (const grant of bucket.grantedAccess) {
        for (const roleKey of grant.roleKeys) {
            const kind = callerKindOf(roleKey);
            if (kind === undefined) {
                notes.push(`${names.name}: grant "${grant.name}" role key "${roleKey}" is not "authenticated", "guest" or "group-<name>", so its access has no Amplify caller kind and is left out of paths.`);
                continue;
            }
            for (const p of grant.prefixes) {
                const path = `${p.prefix}*`;
                if (!p.perOwner) {
                    addAccess(paths, path, kind, p.operations);
                } else if (!byIdentityId) {
                    const seen = (ownerKeyed[path] ??= new Set());
                    for (const op of p.operations) seen.add(op);
                } else if (kind === "guest") {
                    // resolveLocationsForCurrentSession.js substitutes the identity id only for signed-in sessions.
                    notes.push(`${names.name}: grant "${grant.name}" gives guests their own ${path}; Amplify has no guest owner kind, so it is left out of paths.`);
                } else {
                    addAccess(paths, path, "entityidentity", p.operations);
                }
            }
        }
    }
    const ownerPaths = Object.keys(ownerKeyed).sort();
    if (ownerPaths.length > 0) {
        const claim = bucket.ownerClaim;
        notes.push(
            `${names.name}: per-user prefixes are keyed by ${bucket.ownerVariable} (ownerPrincipalTag), not by the identity id that Amplify ` +
                `substitutes for ${identityIdVariable}, so ${ownerPaths.join(", ")} are not in paths. Build those keys in the app from the ` +
                `${claim === undefined ? "token claim the identity pool maps to the tag" : `token claim "${claim}"`} ` +
                `(for "sub": (await fetchAuthSession()).tokens?.idToken?.payload.sub) and pass uploadData a string path.`,
        );
    }
    const sortedPaths = Object.fromEntries(Object.keys(paths).sort().map((path) => [path, Object.fromEntries(Object.keys(paths[path]).sort().map((k) => [k, paths[path][k]]))]));
    return {
        entry: { name: names.name, bucket_name: names.bucketName, aws_region: names.region, paths: sortedPaths },
        notes,
        ownerKeyed: ownerPaths.map((path) => ({ bucket: names.name, path, ...(bucket.ownerClaim !== undefined ? { owner_claim: bucket.ownerClaim } : {}), operations: OPERATION_ORDER.filter((op) => ownerKeyed[path].has(op)) })),
    };
}

/** The component name of a resource: the last `::` segment of its URN. */
function nameOf(bucket: SecureUserBucket): pulumi.Output<string> {
    return bucket.urn.apply((urn) => urn.slice(urn.lastIndexOf("::") + 2));
}

/** Internal. Exported for testing: the rules `amplifyOutputs` checks before it builds anything. */
export function validateAmplifyOutputsOptions(hasAuthOutputs: boolean, options: AmplifyOutputsOptions): void {
    const issues = new Issues(COMPONENT, INSTANCE);
    if (!hasAuthOutputs) issues.add("auth", "must have a public app client (one without a secret, which Amplify signs in with); every client is confidential");
    const buckets = options.buckets ?? [];
    buckets.forEach((bucket, i) => {
        if (buckets.indexOf(bucket) !== i) issues.add(`buckets[${i}]`, `is the same bucket as buckets[${buckets.indexOf(bucket)}]; Amplify refuses a friendly name twice`);
        else if (bucket.grantedAccess.length === 0) issues.add(`buckets[${i}]`, "has no grant yet: call amplifyOutputs after grantUserAccess (or give the bucket grants), or Amplify gets no path", []);
    });
    if (options.defaultBucket !== undefined && !buckets.includes(options.defaultBucket)) issues.add("defaultBucket", "must be one of buckets");
    issues.throwIfAny();
}

/**
 * The Amplify Gen 2 outputs (`amplify_outputs.json`) of a CognitoAuth and the buckets its users
 * reach: auth as `auth.amplifyOutputs`, and for each bucket the paths its grants allow, by caller
 * kind. Role keys name the kind (`authenticated`, `guest`, `group-<name>` → `groups<name>`, the
 * keys of `signedInRoles`); per-user prefixes keyed by the identity id become
 * `<prefix>${cognito-identity.amazonaws.com:sub}/*` for `entityidentity`. A bucket keyed by a session
 * tag (`ownerPrincipalTag`) gets no per-user paths, which Amplify could not resolve: they are listed in
 * `custom.user_backend`, with what the app must do.
 *
 * @example
 * ```ts
 * photos.grantUserAccess("users", { roles: auth.signedInRoles });
 * export const amplifyOutputsJson = amplifyOutputsJson(auth, { buckets: [photos] });
 * ```
 */
export function amplifyOutputs(auth: { readonly amplifyOutputs?: pulumi.Output<AmplifyOutputs> }, options: AmplifyOutputsOptions = {}): pulumi.Output<AmplifyOutputs> {
    validateAmplifyOutputsOptions(auth.amplifyOutputs !== undefined, options);
    const buckets = options.buckets ?? [];
    if (buckets.length === 0) return auth.amplifyOutputs!;
    const defaultBucket = options.defaultBucket ?? buckets[0];
    const entries = pulumi.all(
        buckets.map((bucket) =>
            pulumi.all([nameOf(bucket), bucket.bucketName, bucket.region]).apply(([name, bucketName, region]) => bucketOutputsOf(bucket, { name, bucketName, region })),
        ),
    );
    return pulumi.all([auth.amplifyOutputs!, entries, defaultBucket.bucketName, defaultBucket.region]).apply(([base, built, bucketName, region]) => {
        const notes = [...(base.custom?.user_backend.notes ?? []), ...built.flatMap((b) => b.notes)];
        const ownerKeyed = built.flatMap((b) => b.ownerKeyed);
        const outputs: AmplifyOutputs = { ...base, storage: { aws_region: region, bucket_name: bucketName, buckets: built.map((b) => b.entry) } };
        delete outputs.custom;
        return notes.length > 0 || ownerKeyed.length > 0 ? { ...outputs, custom: { user_backend: { notes, owner_keyed_paths: ownerKeyed } } } : outputs;
    });
}

/** `amplifyOutputs` as JSON text, to write to the web app's `amplify_outputs.json`. */
export function amplifyOutputsJson(auth: { readonly amplifyOutputs?: pulumi.Output<AmplifyOutputs> }, options: AmplifyOutputsOptions = {}): pulumi.Output<string> {
    return pulumi.jsonStringify(amplifyOutputs(auth, options));
}
