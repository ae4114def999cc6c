import { identityIdVariable, principalTagVariable } from "../../components/shared/contract";
import { Graph, PolicyStatement, Statement, strings } from "../graph";
import type { RecordedResource } from "../recording";
import type { Violation } from "./types";

// Helpers every service's rules share: reading statements, and one violation per resource.

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The contract's session-tag variable around a placeholder tag name: the text before and after the name, escaped. */
const [TAG_BEFORE, TAG_AFTER] = principalTagVariable("\u0000").split("\u0000").map(escapeRegExp);

/** The owner variables that make an ARN per-user: the identity id or a session tag (as the components write them). */
export const OWNER_VARIABLE = new RegExp(`${escapeRegExp(identityIdVariable)}|${TAG_BEFORE}[^}]+${TAG_AFTER}`);

/** The session tags a value keys by: `${aws:PrincipalTag/owner}` gives `owner`. */
export function principalTagsIn(value: string): string[] {
    return [...value.matchAll(new RegExp(`${TAG_BEFORE}([^}]+)${TAG_AFTER}`, "g"))].map((m) => m[1]);
}

/** True when an IAM action pattern (`s3:Put*`, `*`, `S3:ListBucket`) covers the action: IAM matches case-insensitively with `*` and `?`. */
export function actionMatches(pattern: string, action: string): boolean {
    const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return regex.test(action);
}

/** The actions of `candidates` that a statement's Action patterns cover. */
export function coveredActions(statement: Statement, candidates: readonly string[]): string[] {
    const patterns = strings(statement.Action);
    return candidates.filter((action) => patterns.some((p) => actionMatches(p, action)));
}

export function allows(statement: Statement): boolean {
    return statement.Effect === "Allow";
}

/** True when a condition block constrains `key` (with any operator). */
export function conditionValues(statement: Statement, key: string): string[] | undefined {
    const out: string[] = [];
    let found = false;
    for (const operator of Object.values(statement.Condition ?? {})) {
        for (const [k, v] of Object.entries(operator ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) {
                found = true;
                out.push(...strings(v));
            }
        }
    }
    return found ? out : undefined;
}

export function at(s: PolicyStatement, field: string): { resource: RecordedResource; property: string } {
    return { resource: s.holder, property: `${s.property}.${field}` };
}

/** Resources of a statement that are wildcards, and whether each is a per-user pattern (documented). */
export function wildcardResources(statement: Statement): { resource: string; perUser: boolean }[] {
    return strings(statement.Resource)
        .filter((r) => r.includes("*"))
        .map((r) => {
            const owner = OWNER_VARIABLE.exec(r);
            // Per-user: the only wildcards come after the owner variable (`.../private/${owner}/*`).
            return { resource: r, perUser: !!owner && !r.slice(0, owner.index).includes("*") };
        });
}

export const BUCKET = "aws:s3/bucket:Bucket";
export const ROLE = "aws:iam/role:Role";
export const STAGE = "aws:apigateway/stage:Stage";


/** One violation at most per resource of a type: `check` returns what is wrong with it, or nothing. */
export function forEach(graph: Graph, type: string, check: (resource: RecordedResource) => (Omit<Violation, "resource"> & { resource?: RecordedResource }) | undefined): Violation[] {
    const out: Violation[] = [];
    for (const resource of graph.all(type)) {
        const v = check(resource);
        if (v) out.push({ resource: v.resource ?? resource, property: v.property, message: v.message, exception: v.exception });
    }
    return out;
}
