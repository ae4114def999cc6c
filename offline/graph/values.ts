import { containsUnknown } from "../recording";

// Plain readers of recorded values, shared by the graph and the rules.

/** An IAM policy statement, as a policy document holds it. */
export type Statement = { Sid?: string; Effect?: string; Principal?: unknown; Action?: unknown; NotAction?: unknown; Resource?: unknown; NotResource?: unknown; Condition?: Record<string, Record<string, unknown>> };

export const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
export const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === "string");

/** A policy document from its JSON text or object; undefined when it is absent, not known yet (a preview) or not JSON. */
export function parseDocument(value: unknown): { Statement?: unknown } | undefined {
    if (value === undefined || value === null || containsUnknown(value)) return undefined;
    try {
        const doc = typeof value === "string" ? JSON.parse(value) : value;
        return doc && typeof doc === "object" ? doc : undefined;
    } catch {
        return undefined;
    }
}

export const isObject = (value: unknown): value is Record<string, any> => value !== null && typeof value === "object" && !Array.isArray(value);
export const objectAt = (value: unknown): Record<string, any> => (isObject(value) ? value : {});
export const stringRecord = (value: unknown): Record<string, string> => Object.fromEntries(Object.entries(objectAt(value)).filter((e): e is [string, string] => typeof e[1] === "string"));
