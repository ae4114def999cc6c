// The arguments of SecureUserBucket's upload events: types only, so that validation imports no
// implementation. Every type is one Pulumi's schema analyzer can say (named interfaces, plain fields).
import type * as pulumi from "@pulumi/pulumi";

/**
 * What an upload event starts: exactly one of a state machine, a queue or a function, each given by
 * its ARN. Each gets exactly the permission EventBridge needs for this one rule, and nothing more.
 */
export interface UploadEventTarget {
    /**
     * Start an execution of this Step Functions state machine per event. EventBridge assumes a role
     * the component creates, allowed only `states:StartExecution` on this machine, trusted only for
     * this rule.
     * @default undefined (one of stateMachineArn, queueArn, functionArn is required)
     * @example "arn:aws:states:us-east-1:123456789012:stateMachine:thumbnails"
     */
    readonly stateMachineArn?: pulumi.Input<string>;
    /**
     * Send each event to this SQS queue. The component writes the queue's policy (an
     * `aws.sqs.QueuePolicy`, which owns the whole policy of the queue), allowing only
     * `sqs:SendMessage` from EventBridge for this rule. Give a queue no other policy owner.
     * @default undefined (one of stateMachineArn, queueArn, functionArn is required)
     * @example "arn:aws:sqs:us-east-1:123456789012:uploads"
     */
    readonly queueArn?: pulumi.Input<string>;
    /**
     * Invoke this Lambda function per event, through a resource-based permission for EventBridge
     * with this rule as its source.
     * @default undefined (one of stateMachineArn, queueArn, functionArn is required)
     * @example "arn:aws:lambda:us-east-1:123456789012:function:resize"
     */
    readonly functionArn?: pulumi.Input<string>;
}

/**
 * One upload event of `SecureUserBucketArgs.uploadEvents`: what an `onObjectCreated(name, { prefix,
 * target })` call creates, as data. Needs `eventBridge: true`.
 */
export interface UploadEventArgs {
    /**
     * The event's name: it names the children `<component>-<name>-rule`, `-target` and the target's
     * permission, so keep it. Unique among the bucket's upload events.
     * @example "thumbnails"
     */
    readonly name: string;
    /**
     * The key prefix whose new objects start the target, under one of the bucket's access-level
     * prefixes and ending in `/`. `{owner}` as the segment right after the private or protected
     * prefix stands for any owner (`private/{owner}/photos/`): the rule then matches
     * `private/<owner>/photos/...` for every owner. The owner of an object is the key's segment after
     * the level prefix: a workflow takes it from the event's `detail.object.key`, never from a request.
     * @example "private/{owner}/photos/"
     */
    readonly prefix: string;
    /**
     * Start an execution of this state machine per event (see `UploadEventTarget.stateMachineArn`).
     * @default undefined (exactly one of stateMachineArn, queueArn, functionArn is required)
     */
    readonly stateMachineArn?: pulumi.Input<string>;
    /**
     * Send each event to this queue (see `UploadEventTarget.queueArn`).
     * @default undefined (exactly one of stateMachineArn, queueArn, functionArn is required)
     */
    readonly queueArn?: pulumi.Input<string>;
    /**
     * Invoke this function per event (see `UploadEventTarget.functionArn`).
     * @default undefined (exactly one of stateMachineArn, queueArn, functionArn is required)
     */
    readonly functionArn?: pulumi.Input<string>;
}

/** The arguments of `SecureUserBucket.onObjectCreated`: the same facts as an `UploadEventArgs` entry. */
export interface ObjectCreatedArgs {
    /**
     * The key prefix whose new objects start the target (see `UploadEventArgs.prefix`).
     * @example "private/{owner}/photos/"
     */
    readonly prefix: string;
    /** What the event starts: exactly one target. */
    readonly target: UploadEventTarget;
}
