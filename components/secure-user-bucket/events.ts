// Upload events: S3's EventBridge notifications for the bucket, and one EventBridge rule per upload
// event with exactly the permission its target needs. `uploadEvents` and `onObjectCreated` both end here.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { checkWhenKnown, Issues } from "../validation";
import type { ObjectCreatedArgs, UploadEventArgs } from "./events-args";
import { checkTargetArn, EventBucketFacts, OWNER_SEGMENT, TARGET_FIELDS, TargetField, validateObjectCreated } from "./events-validation";

/** The service principal EventBridge delivers to targets as ("Using resource-based policies for Amazon EventBridge"). */
export const EVENTS_PRINCIPAL = "events.amazonaws.com";

/** The children of one upload event. Which of `role`, `queuePolicy` and `permission` exists depends on the target. */
export interface UploadEvent {
    readonly rule: aws.cloudwatch.EventRule;
    readonly target: aws.cloudwatch.EventTarget;
    /** A state machine target: the role EventBridge assumes to start it. */
    readonly role?: aws.iam.Role;
    /** A queue target: the queue's policy. */
    readonly queuePolicy?: aws.sqs.QueuePolicy;
    /** A function target: its resource-based permission. */
    readonly permission?: aws.lambda.Permission;
}

/**
 * The EventBridge pattern of an upload event: "Object Created" events of this bucket whose key starts
 * with the prefix. S3 sends `source` "aws.s3", `detail-type` "Object Created", `detail.bucket.name`
 * and `detail.object.key` ("EventBridge event message structure", Amazon S3 User Guide). A literal
 * prefix uses the `prefix` filter; one with `{owner}` the `wildcard` filter, whose `*` matches any
 * characters ("Comparison operators for use in event patterns in Amazon EventBridge", prefix and
 * wildcard matching). Either way the key the workflow receives begins with `<level>/<owner>/`, so the
 * owner is the segment after the level prefix, read from the event, never from a request.
 */
export function uploadEventPattern(bucketName: pulumi.Input<string>, prefix: string): pulumi.Output<string> {
    const key = prefix.includes(OWNER_SEGMENT) ? { wildcard: `${prefix.replace(OWNER_SEGMENT, "*")}*` } : { prefix };
    return pulumi.jsonStringify({ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [bucketName] }, object: { key: [key] } } });
}

/** The account of an ARN (its fifth field). */
const accountOf = (arn: pulumi.Input<string>) => pulumi.output(arn).apply((a) => a.split(":")[4]);

/** A queue's URL from its ARN: `https://sqs.<region>.<dns suffix>/<account>/<name>` ("Amazon SQS queue and message identifiers"). */
export function queueUrlOf(queueArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(queueArn).apply((arn) => {
        const [, partition, , region, account, name] = arn.split(":");
        return `https://sqs.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}/${account}/${name}`;
    });
}

/** The upload events of one bucket: the notification setting and each rule, names kept unique. */
export class UploadEvents {
    /** The bucket's EventBridge notification, with `eventBridge: true`. */
    readonly notification?: aws.s3.BucketNotification;
    private readonly names = new Set<string>();

    constructor(
        private readonly component: string,
        private readonly bucket: aws.s3.Bucket,
        private readonly facts: EventBucketFacts,
        private readonly parent: pulumi.Resource,
    ) {
        if (facts.eventBridge) {
            // S3 keeps ONE notification configuration per bucket, and the provider models it as one
            // resource that owns all of it (aws_s3_bucket_notification: "S3 Buckets only support a single
            // notification configuration resource ... Declaring multiple ... will cause a perpetual
            // difference", terraform-provider-aws website/docs/r/s3_bucket_notification.html.markdown).
            // EventBridge delivery lifts that limit for consumers: every consumer is a rule, not a
            // configuration. Do not declare another BucketNotification for this bucket.
            this.notification = new aws.s3.BucketNotification(`${component}-eventbridge`, { bucket: bucket.bucket, eventbridge: true }, { parent });
        }
    }

    /** `onObjectCreated`: checks the call, then creates as an `uploadEvents` entry does. */
    onObjectCreated(name: string, args: ObjectCreatedArgs): UploadEvent {
        validateObjectCreated(this.component, name, args, this.names, this.facts);
        return this.add({ name, prefix: args.prefix, ...args.target });
    }

    /** Every upload event, once validated: the rule, its target and the target's one permission. */
    add(event: UploadEventArgs): UploadEvent {
        this.names.add(event.name);
        const at = `${this.component}-${event.name}`;
        const opts = { parent: this.parent };
        const kind = TARGET_FIELDS.find((field) => event[field] !== undefined) as TargetField;
        const targetArn = checkWhenKnown("SecureUserBucket", this.component, event[kind]!, (issues: Issues, value: string) => checkTargetArn(issues, kind, kind, value));
        const rule = new aws.cloudwatch.EventRule(
            `${at}-rule`,
            { description: `Objects created under ${event.prefix} in the ${this.component} bucket`, eventPattern: uploadEventPattern(this.bucket.bucket, event.prefix) },
            // Events flow only once the bucket sends them to EventBridge.
            { ...opts, dependsOn: this.notification ? [this.notification] : [] },
        );
        // Each permission is trusted only for this rule: aws:SourceArn is the rule's ARN,
        // arn:aws:events:<region>:<account>:rule/<name> on the default bus ("Managing access permissions to
        // your Amazon EventBridge resources", the Rule ARN format), as "Cross-service confused deputy
        // prevention in Amazon EventBridge" and "Using resource-based policies for Amazon EventBridge" advise
        // for target roles, queue policies and function permissions. That EventBridge sends these keys when it
        // assumes the role is AWS's documentation, not provable offline: the simulator checks the policies only.
        if (kind === "stateMachineArn") {
            const role = new aws.iam.Role(
                `${at}-role`,
                {
                    description: `EventBridge starts ${event.name} for uploads under ${event.prefix}`,
                    assumeRolePolicy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: EVENTS_PRINCIPAL },
                                Action: "sts:AssumeRole",
                                Condition: { ArnEquals: { "aws:SourceArn": rule.arn }, StringEquals: { "aws:SourceAccount": accountOf(rule.arn) } },
                            },
                        ],
                    }),
                },
                opts,
            );
            // The delivery role needs states:StartExecution on the machine ("Step Functions state machine
            // target", EventBridge User Guide): on that machine only.
            const policy = new aws.iam.RolePolicy(
                `${at}-role-policy`,
                { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Sid: "StartThisStateMachine", Effect: "Allow", Action: ["states:StartExecution"], Resource: [targetArn] }] }) },
                opts,
            );
            const target = new aws.cloudwatch.EventTarget(`${at}-target`, { rule: rule.name, arn: targetArn, roleArn: role.arn }, { ...opts, dependsOn: [policy] });
            return { rule, target, role };
        }
        if (kind === "queueArn") {
            const queuePolicy = new aws.sqs.QueuePolicy(
                `${at}-queue-policy`,
                {
                    queueUrl: queueUrlOf(targetArn),
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "EventBridgeSendsThisRulesEvents",
                                Effect: "Allow",
                                Principal: { Service: EVENTS_PRINCIPAL },
                                Action: "sqs:SendMessage",
                                Resource: targetArn,
                                Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
                            },
                        ],
                    }),
                },
                opts,
            );
            const target = new aws.cloudwatch.EventTarget(`${at}-target`, { rule: rule.name, arn: targetArn }, { ...opts, dependsOn: [queuePolicy] });
            return { rule, target, queuePolicy };
        }
        const permission = new aws.lambda.Permission(`${at}-permission`, { action: "lambda:InvokeFunction", function: targetArn, principal: EVENTS_PRINCIPAL, sourceArn: rule.arn }, opts);
        const target = new aws.cloudwatch.EventTarget(`${at}-target`, { rule: rule.name, arn: targetArn }, { ...opts, dependsOn: [permission] });
        return { rule, target, permission };
    }
}
