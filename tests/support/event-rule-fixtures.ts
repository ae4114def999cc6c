import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { SecureUserBucket } from "../../components";
import { record } from "../../offline/recorder";
import { once, policyDocument } from "./rules-fixtures";

// The programs of UB-EVENTS-TARGET-ROLE (tests/offline/event-rule.test.ts): upload event rules whose
// delivery roles reach further than their one state machine, and one made by the component, which does not.

const OTHER_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:other";

/** A raw rule on a bucket's keys under a prefix, its target a state machine, delivered with a role of the given statements. */
function rawUploadRule(name: string, bucket: aws.s3.Bucket, machine: aws.sfn.StateMachine, statements: (machineArn: pulumi.Output<string>) => unknown[]): void {
    const rule = new aws.cloudwatch.EventRule(`${name}-rule`, {
        eventPattern: pulumi.jsonStringify({ source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [bucket.bucket] }, object: { key: [{ prefix: "private/" }] } } }),
    });
    const role = new aws.iam.Role(`${name}-role`, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    });
    new aws.iam.RolePolicy(`${name}-role-policy`, { role: role.name, policy: policyDocument(statements(machine.arn)) });
    new aws.cloudwatch.EventTarget(`${name}-target`, { rule: rule.name, arn: machine.arn, roleArn: role.arn });
}

/** Delivery roles wider than their target: every Step Functions action, another state machine too, everything, and S3 beside the start. */
export const wideEventRoles = once(() =>
    record(() => {
        const bucket = new aws.s3.Bucket("uploads", {});
        const machine = new aws.sfn.StateMachine("work", { roleArn: "arn:aws:iam::123456789012:role/work", definition: "{}" });
        rawUploadRule("states-star", bucket, machine, () => [{ Effect: "Allow", Action: "states:*", Resource: "*" }]);
        rawUploadRule("other-machine", bucket, machine, (arn) => [{ Effect: "Allow", Action: "states:StartExecution", Resource: [arn, OTHER_MACHINE] }]);
        rawUploadRule("everything", bucket, machine, () => [{ Effect: "Allow", Action: "*", Resource: "*" }]);
        rawUploadRule("reads-bucket", bucket, machine, (arn) => [
            { Effect: "Allow", Action: "states:StartExecution", Resource: arn },
            { Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucket.arn}/*` },
        ]);
        return {};
    }),
);

/** The component's upload event (a role for its one machine) and a raw rule whose role is as narrow. */
export const narrowEventRoles = once(() =>
    record(() => {
        const machine = new aws.sfn.StateMachine("work", { roleArn: "arn:aws:iam::123456789012:role/work", definition: "{}" });
        const photos = new SecureUserBucket("photos", { eventBridge: true, uploadEvents: [{ name: "thumbs", prefix: "private/{owner}/photos/", stateMachineArn: machine.arn }] });
        rawUploadRule("exact", photos.bucket, machine, (arn) => [{ Effect: "Allow", Action: ["states:StartExecution"], Resource: [arn] }]);
        return {};
    }),
);
