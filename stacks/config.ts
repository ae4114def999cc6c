import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_LOG_ROLE_MODES, AccountLogRoleMode, CacheSize } from "../components";

/** The reference stack's settings, read from the stack's config with the types Pulumi.yaml declares. */
export interface ReferenceConfig {
    readonly appOrigins: string[];
    readonly callbackUrls: string[];
    readonly logoutUrls: string[];
    /** The hosted UI domain prefix: the configured one, or `defaultDomainPrefix`. */
    readonly authDomainPrefix: string;
    readonly mfa: "OFF" | "OPTIONAL" | "ON";
    /** Offer passkeys as a first factor beside the password (choice-based sign-in); needs mfa other than ON. */
    readonly passkeys: boolean;
    /** The hosted UI: 1, the classic hosted UI; 2, managed login (which shows passkeys). */
    readonly managedLoginVersion: 1 | 2;
    readonly threatProtection?: "AUDIT" | "ENFORCED";
    readonly waf: boolean;
    readonly wafRateLimit: number;
    readonly deletionProtection: boolean;
    readonly retainOnDelete: boolean;
    readonly forceDestroy: boolean;
    readonly createKmsKey: boolean;
    readonly apiThrottle: { rateLimit: number; burstLimit: number };
    readonly apiCacheSize?: CacheSize;
    readonly apiAccountLogRole: AccountLogRoleMode;
    readonly logRetentionDays: number;
    /** Encrypt the stack's log groups (function, workflow, WAF, API) with a customer managed key of the stack's own. */
    readonly encryptLogs: boolean;
}

/**
 * The range of `wafRateLimit`. The AWS WAF API reference gives `RateBasedStatement.Limit` a valid
 * range of 10 to 2,000,000,000 (lowered from 100 in August 2024: "AWS WAF enhances rate-based rules
 * to support lower rate limits"), but the Pulumi AWS provider still refuses anything under 100 before
 * calling AWS ("expected ... limit to be in the range (100 - 2000000000)", pulumi-aws #5841, open;
 * terraform-provider-aws lowered its own check in PR #39107). 100 is the floor until that is fixed.
 */
export const WAF_RATE_LIMIT = { min: 100, max: 2_000_000_000 } as const;

/** Words a hosted UI domain prefix may not contain ("Using the Amazon Cognito prefix domain"). */
const RESERVED_PREFIX_WORDS = /aws|amazon|cognito/g;

/**
 * The hosted UI domain prefix a stack gets when `authDomainPrefix` is empty: `<project>-<stack>`,
 * lowercased, with anything but letters, digits and hyphens turned into hyphens and the words
 * Cognito reserves left out, cut to 63 characters. Prefixes are global per region across all AWS
 * accounts (a taken one fails `up` with "Domain already associated with another user pool"), so
 * naming the project and the stack makes a collision with another team unlikely, and two stacks
 * of this project never collide with each other. It is not random: a rename would replace the
 * domain and change the sign-in URL.
 */
export function defaultDomainPrefix(project: string, stack: string): string {
    const prefix = `${project}-${stack}`
        .toLowerCase()
        .replace(RESERVED_PREFIX_WORDS, "")
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/-{2,}/g, "-")
        .slice(0, 63)
        .replace(/^-+|-+$/g, "");
    return prefix === "" ? "user-backend" : prefix;
}

/** Stacks allowed to delete buckets with their contents. */
const THROWAWAY_STACKS = ["dev"];

/**
 * Reads and checks the config. The defaults repeat Pulumi.yaml's, so the program also runs where
 * the CLI has not applied them (the offline plan, tests). Mistakes fail with the key and the value.
 */
export function readConfig(stack: string = pulumi.getStack()): ReferenceConfig {
    const config = new pulumi.Config();
    const strings = (key: string) => {
        const value = config.getObject<unknown>(key) ?? [];
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
            throw new Error(`config ${key} must be a list of strings (received: ${JSON.stringify(value)})`);
        }
        return value as string[];
    };
    const mfa = config.get("mfa") ?? "OPTIONAL";
    if (!["OFF", "OPTIONAL", "ON"].includes(mfa)) throw new Error(`config mfa must be OFF, OPTIONAL or ON (received: ${JSON.stringify(mfa)})`);
    const passkeys = config.getBoolean("passkeys") ?? false;
    if (passkeys && mfa === "ON") throw new Error('config passkeys needs mfa OPTIONAL: Cognito offers no passwordless sign-in to users who must use MFA (received: mfa "ON")');
    const managedLoginVersion = config.getNumber("managedLoginVersion") ?? 1;
    if (managedLoginVersion !== 1 && managedLoginVersion !== 2) throw new Error(`config managedLoginVersion must be 1 (classic hosted UI) or 2 (managed login) (received: ${JSON.stringify(managedLoginVersion)})`);
    const threatProtection = config.get("threatProtection") ?? "";
    if (!["", "AUDIT", "ENFORCED"].includes(threatProtection)) {
        throw new Error(`config threatProtection must be empty, AUDIT or ENFORCED (received: ${JSON.stringify(threatProtection)})`);
    }
    const wafRateLimit = config.getNumber("wafRateLimit") ?? 2000;
    if (!Number.isInteger(wafRateLimit) || wafRateLimit < WAF_RATE_LIMIT.min || wafRateLimit > WAF_RATE_LIMIT.max) {
        throw new Error(
            `config wafRateLimit must be an integer from ${WAF_RATE_LIMIT.min} to ${WAF_RATE_LIMIT.max} requests per address in five minutes ` +
                `(the Pulumi AWS provider refuses less than ${WAF_RATE_LIMIT.min}, pulumi-aws #5841) (received: ${JSON.stringify(wafRateLimit)})`,
        );
    }
    const forceDestroy = config.getBoolean("forceDestroy") ?? false;
    if (forceDestroy && !THROWAWAY_STACKS.includes(stack)) {
        throw new Error(`config forceDestroy may be true only in the ${THROWAWAY_STACKS.join(", ")} stack: it lets pulumi destroy delete users' photos (stack: ${stack})`);
    }
    const cacheSize = config.get("apiCacheSize") ?? "";
    const accountLogRole = config.get("apiAccountLogRole") ?? "baseline";
    if (!(ACCOUNT_LOG_ROLE_MODES as readonly string[]).includes(accountLogRole)) {
        throw new Error(`config apiAccountLogRole must be ${ACCOUNT_LOG_ROLE_MODES.join(", ")} (received: ${JSON.stringify(accountLogRole)})`);
    }
    return {
        appOrigins: strings("appOrigins"),
        callbackUrls: strings("callbackUrls"),
        logoutUrls: strings("logoutUrls"),
        // Empty (the default) derives one from the project and the stack: see defaultDomainPrefix.
        authDomainPrefix: config.get("authDomainPrefix") || defaultDomainPrefix(pulumi.getProject(), stack),
        mfa: mfa as ReferenceConfig["mfa"],
        passkeys,
        managedLoginVersion,
        threatProtection: threatProtection === "" ? undefined : (threatProtection as "AUDIT" | "ENFORCED"),
        waf: config.getBoolean("waf") ?? false,
        wafRateLimit,
        deletionProtection: config.getBoolean("deletionProtection") ?? true,
        retainOnDelete: config.getBoolean("retainOnDelete") ?? false,
        forceDestroy,
        createKmsKey: config.getBoolean("createKmsKey") ?? false,
        apiThrottle: { rateLimit: config.getNumber("apiRateLimit") ?? 100, burstLimit: config.getNumber("apiBurstLimit") ?? 200 },
        // The component checks the size against the ones API Gateway offers.
        apiCacheSize: cacheSize === "" ? undefined : (cacheSize as CacheSize),
        apiAccountLogRole: accountLogRole as AccountLogRoleMode,
        logRetentionDays: config.getNumber("logRetentionDays") ?? 30,
        encryptLogs: config.getBoolean("encryptLogs") ?? false,
    };
}
