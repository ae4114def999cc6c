// The rules of SecureUserBucket's upload events, checked before anything is created. Pure: it
// imports the argument types, never the component.
import { DEFAULT_PREFIXES, RESOURCE_KEY } from "../shared/contract";
import { isPlain, isRecord, Issues, prefixProblem } from "../validation";
import type { AccessLevelPrefixes } from "./args";
import type { ObjectCreatedArgs, UploadEventArgs } from "./events-args";

/** The placeholder segment of an upload event prefix that stands for any owner. */
export const OWNER_SEGMENT = "{owner}";

/** The target fields of an upload event, in the order messages list them. */
export const TARGET_FIELDS = ["stateMachineArn", "queueArn", "functionArn"] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/**
 * The ARN each target must have. States: `arn:aws:states:<region>:<account>:stateMachine:<name>`;
 * SQS: `arn:aws:sqs:<region>:<account>:<queue>`; Lambda: `arn:aws:lambda:<region>:<account>:function:<name>`
 * with an optional version or alias ("Actions, resources, and condition keys" for AWS Step Functions,
 * Amazon SQS and AWS Lambda, Service Authorization Reference, their resource types).
 */
const TARGET_ARNS: Record<TargetField, { pattern: RegExp; shape: string }> = {
    stateMachineArn: { pattern: /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/, shape: "arn:aws:states:<region>:<account>:stateMachine:<name>" },
    queueArn: { pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/, shape: "arn:aws:sqs:<region>:<account>:<queue name>" },
    functionArn: { pattern: /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/, shape: "arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]" },
};

/** Internal. The rule of one target ARN, run now on plain values and on Outputs once known. */
export function checkTargetArn(issues: Issues, field: string, kind: TargetField, value: unknown): void {
    if (typeof value !== "string" || !TARGET_ARNS[kind].pattern.test(value)) issues.add(field, `must be an ARN like ${TARGET_ARNS[kind].shape}`, value);
}

/** What validation needs to know of the bucket. */
export interface EventBucketFacts {
    readonly eventBridge: boolean;
    readonly prefixes: AccessLevelPrefixes | undefined;
}

/**
 * The rules of one upload event, whether from `uploadEvents` (`at` is `uploadEvents[0]`) or from
 * `onObjectCreated` (`at` is its name): a unique name, a prefix under an access level, exactly one
 * target of the right shape, and EventBridge turned on.
 */
function checkUploadEvent(issues: Issues, at: { name: string; fields: string }, event: UploadEventArgs, existing: ReadonlySet<string>, bucket: EventBucketFacts): void {
    if (!bucket.eventBridge) issues.add(at.fields, "needs eventBridge: true on the bucket (the rule matches the events S3 sends to EventBridge only then)", bucket.eventBridge);
    if (typeof event.name !== "string" || !RESOURCE_KEY.test(event.name)) {
        issues.add(at.name, "must be 1-40 letters, digits, '-' or '_', starting with a letter or digit", event.name);
    } else if (existing.has(event.name)) {
        issues.add(at.name, "is already used by another upload event on this bucket", event.name);
    }
    const problem = uploadPrefixProblem(event.prefix, { ...DEFAULT_PREFIXES, ...bucket.prefixes });
    if (problem) issues.add(`${at.fields}.prefix`, problem, event.prefix);
    const given = TARGET_FIELDS.filter((field) => event[field] !== undefined);
    if (given.length !== 1) {
        issues.add(`${at.fields}`, `must name exactly one target of ${TARGET_FIELDS.join(", ")}`, given);
    }
    for (const field of given) if (isPlain(event[field])) checkTargetArn(issues, `${at.fields}.${field}`, field, event[field]);
}

/**
 * Why an upload event prefix is refused, or undefined: a key prefix (`prefixProblem`) under one of the
 * access levels, where `{owner}` may stand only for the owner segment right after the private or
 * protected prefix. A prefix outside the levels would start work for keys no grant writes.
 */
export function uploadPrefixProblem(prefix: unknown, prefixes: Required<AccessLevelPrefixes>): string | undefined {
    if (typeof prefix !== "string") return prefixProblem(prefix);
    const levels = [prefixes.private, prefixes.protected, prefixes.public];
    const basic = prefixProblem(prefix.split(OWNER_SEGMENT).join("owner"));
    if (basic) return basic;
    const level = levels.find((p) => prefix.startsWith(p));
    if (level === undefined) return `must sit under one of the bucket's access-level prefixes (${levels.join(", ")})`;
    const owner = prefix.indexOf(OWNER_SEGMENT);
    if (owner === -1) return undefined;
    const perUser = level === prefixes.private || level === prefixes.protected;
    if (!perUser || owner !== level.length || !prefix.startsWith(`${level}${OWNER_SEGMENT}/`) || prefix.indexOf(OWNER_SEGMENT, owner + 1) !== -1) {
        return `may hold ${OWNER_SEGMENT} only once, as the whole segment right after the private or protected prefix (${prefixes.private}${OWNER_SEGMENT}/...)`;
    }
    return undefined;
}

/** Internal. The rules of `uploadEvents`, each entry checked as the `onObjectCreated` call it stands for, in order. */
export function checkUploadEvents(issues: Issues, events: unknown, bucket: EventBucketFacts): void {
    if (events === undefined) return;
    if (!Array.isArray(events)) {
        issues.add("uploadEvents", "must be a list of upload events", events);
        return;
    }
    const names = new Set<string>();
    events.forEach((event: unknown, i) => {
        const at = `uploadEvents[${i}]`;
        if (!isRecord(event)) {
            issues.add(at, "must be an object with a name, a prefix and one target", event);
            return;
        }
        checkUploadEvent(issues, { name: `${at}.name`, fields: at }, event as unknown as UploadEventArgs, names, bucket);
        if (typeof event.name === "string") names.add(event.name);
    });
}

/** Internal. Exported for testing: the rules of an `onObjectCreated` call. */
export function validateObjectCreated(component: string, name: string, args: ObjectCreatedArgs, existing: ReadonlySet<string>, bucket: EventBucketFacts): void {
    const issues = new Issues("SecureUserBucket", component);
    const target = isRecord(args?.target as unknown) ? args.target : {};
    checkUploadEvent(issues, { name: "onObjectCreated name", fields: name }, { name, prefix: args?.prefix, ...target }, existing, bucket);
    issues.throwIfAny();
}
