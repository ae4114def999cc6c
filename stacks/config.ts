import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_LOG_ROLE_MODES, AccountLogRoleMode, CacheSize } from "../components";

/** The reference stack's settings, read from the stack's config with the types Pulumi.yaml declares. */
export interface ReferenceConfig {
    readonly appOrigins: string[];
    readonly callbackUrls: string[];
    readonly logoutUrls: string[];
    readonly authDomainPrefix?: string;
    readonly mfa: "OFF" | "OPTIONAL" | "ON";
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
    const threatProtection = config.get("threatProtection") ?? "";
    if (!["", "AUDIT", "ENFORCED"].includes(threatProtection)) {
        throw new Error(`config threatProtection must be empty, AUDIT or ENFORCED (received: ${JSON.stringify(threatProtection)})`);
    }
    // AWS WAF accepts 10 to 2,000,000,000 requests per address in five minutes.
    const wafRateLimit = config.getNumber("wafRateLimit") ?? 2000;
    if (!Number.isInteger(wafRateLimit) || wafRateLimit < 10 || wafRateLimit > 2_000_000_000) {
        throw new Error(`config wafRateLimit must be an integer from 10 to 2000000000 requests per 5 minutes (received: ${JSON.stringify(wafRateLimit)})`);
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
        authDomainPrefix: config.get("authDomainPrefix") || undefined,
        mfa: mfa as ReferenceConfig["mfa"],
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
    };
}
