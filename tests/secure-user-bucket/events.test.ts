import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { SecureUserBucket, SecureUserBucketArgs } from "../../components";
import { AccessSimulator, record, Recording } from "../../offline";
import { inputErrorOf } from "../support/input-errors";

// SecureUserBucket upload events: EventBridge notifications, one rule per event, and exactly the
// permission each target needs.

const MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:thumbnails";
const QUEUE = "arn:aws:sqs:us-east-1:123456789012:uploads";
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:resize";

const errorOf = inputErrorOf;
const rejects = (args: SecureUserBucketArgs, expected: string) => assert.equal(errorOf(() => new SecureUserBucket("photos", args)), `SecureUserBucket "photos": ${expected}`);

describe("SecureUserBucket upload events", () => {
    describe("defaults", () => {
        it("creates no notification, rule or target without eventBridge (the default graph is unchanged)", async () => {
            const rec = await record(() => void new SecureUserBucket("photos", {}));
            for (const type of [aws.s3.BucketNotification, aws.cloudwatch.EventRule, aws.cloudwatch.EventTarget, aws.sqs.QueuePolicy, aws.lambda.Permission]) assert.deepEqual(rec.all(type), []);
        });

        it("eventBridge: true sends the bucket's events to EventBridge, in the one notification configuration the bucket has", async () => {
            const rec = await record(() => ({ bucket: new SecureUserBucket("photos", { eventBridge: true }).bucketName }));
            const [notification] = rec.all(aws.s3.BucketNotification);
            assert.equal(notification.name, "photos-eventbridge");
            assert.deepEqual({ bucket: notification.inputs.bucket, eventbridge: notification.inputs.eventbridge }, { bucket: rec.result.bucket, eventbridge: true });
            assert.equal(rec.all(aws.s3.BucketNotification).length, 1);
            assert.deepEqual(rec.all(aws.cloudwatch.EventRule), []);
        });
    });

    describe("targets (recorded)", () => {
        let rec: Recording<{ bucket: string }>;
        before(async () => {
            rec = await record(() => {
                const photos = new SecureUserBucket("photos", {
                    eventBridge: true,
                    uploadEvents: [{ name: "thumbs", prefix: "private/{owner}/photos/", stateMachineArn: MACHINE }],
                });
                photos.onObjectCreated("queue", { prefix: "public/", target: { queueArn: QUEUE } });
                photos.onObjectCreated("resize", { prefix: "protected/", target: { functionArn: FUNCTION } });
                return { bucket: photos.bucketName };
            });
        });
        const rule = (name: string) => rec.one(aws.cloudwatch.EventRule, `photos-${name}-rule`);
        const patternOf = (name: string) => JSON.parse(rule(name).inputs.eventPattern);

        it("matches Object Created events of this bucket, by key prefix, or by wildcard for {owner}", () => {
            assert.deepEqual(patternOf("queue"), { source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [rec.result.bucket] }, object: { key: [{ prefix: "public/" }] } } });
            // The owner segment: private/<owner>/photos/... for every owner, and the key names the owner.
            assert.deepEqual(patternOf("thumbs").detail.object.key, [{ wildcard: "private/*/photos/*" }]);
            assert.ok(rule("thumbs").dependencies.includes(rec.one(aws.s3.BucketNotification, "photos-eventbridge").urn), "the rule waits for the notification");
        });

        it("a state machine: a role trusted by EventBridge for this rule only, allowed only to start that machine (simulated)", async () => {
            const role = rec.one(aws.iam.Role, "photos-thumbs-role");
            const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement;
            assert.deepEqual(trust, [
                { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { ArnEquals: { "aws:SourceArn": rule("thumbs").outputs.arn }, StringEquals: { "aws:SourceAccount": "123456789012" } } },
            ]);
            const target = rec.one(aws.cloudwatch.EventTarget, "photos-thumbs-target");
            assert.deepEqual({ rule: target.inputs.rule, arn: target.inputs.arn, roleArn: target.inputs.roleArn }, { rule: rule("thumbs").outputs.name, arn: MACHINE, roleArn: role.outputs.arn });
            assert.ok(target.dependencies.includes(rec.one(aws.iam.RolePolicy, "photos-thumbs-role-policy").urn), "the target waits for the role's policy");
            const sim = AccessSimulator.load(rec);
            const as = { role: String(role.outputs.name) };
            assert.equal(await sim.can(as, "states:StartExecution", MACHINE), true);
            assert.equal(await sim.can(as, "states:StartExecution", "arn:aws:states:us-east-1:123456789012:stateMachine:other"), false);
            assert.equal(await sim.can(as, "states:StopExecution", `${MACHINE.replace(":stateMachine:", ":execution:")}:x`), false);
            assert.equal(await sim.can(as, "s3:GetObject", `arn:aws:s3:::${rec.result.bucket}/private/someone/photos/x.jpg`), false);
            assert.equal(await sim.can(as, "sqs:SendMessage", QUEUE), false);
        });

        it("a queue: its policy lets EventBridge send only this rule's events (simulated)", async () => {
            const policy = rec.one(aws.sqs.QueuePolicy, "photos-queue-queue-policy");
            assert.equal(policy.inputs.queueUrl, "https://sqs.us-east-1.amazonaws.com/123456789012/uploads");
            const sim = AccessSimulator.load(rec);
            const events = { service: "events.amazonaws.com" };
            assert.equal(await sim.can(events, "sqs:SendMessage", QUEUE, { "aws:SourceArn": String(rule("queue").outputs.arn), "aws:SourceAccount": "123456789012" }), true);
            assert.equal(await sim.can(events, "sqs:SendMessage", QUEUE, { "aws:SourceArn": String(rule("thumbs").outputs.arn), "aws:SourceAccount": "123456789012" }), false, "another rule");
            assert.equal(await sim.can(events, "sqs:ReceiveMessage", QUEUE, { "aws:SourceArn": String(rule("queue").outputs.arn) }), false);
            assert.equal(await sim.can({ service: "sns.amazonaws.com" }, "sqs:SendMessage", QUEUE, { "aws:SourceArn": String(rule("queue").outputs.arn) }), false);
            assert.ok(rec.one(aws.cloudwatch.EventTarget, "photos-queue-target").dependencies.includes(policy.urn));
        });

        it("a function: a permission for EventBridge with this rule as its source", () => {
            const permission = rec.one(aws.lambda.Permission, "photos-resize-permission").inputs;
            assert.deepEqual(
                { action: permission.action, function: permission.function, principal: permission.principal, sourceArn: permission.sourceArn },
                { action: "lambda:InvokeFunction", function: FUNCTION, principal: "events.amazonaws.com", sourceArn: rule("resize").outputs.arn },
            );
            assert.equal(rec.one(aws.cloudwatch.EventTarget, "photos-resize-target").inputs.arn, FUNCTION);
        });
    });

    describe("validation", () => {
        const event = { name: "thumbs", prefix: "private/{owner}/photos/", stateMachineArn: MACHINE };

        it("needs eventBridge: true", () => {
            rejects({ uploadEvents: [event] }, "uploadEvents[0] needs eventBridge: true on the bucket (the rule matches the events S3 sends to EventBridge only then) (received: false)");
            assert.match(errorOf(() => new SecureUserBucket("photos", {}).onObjectCreated("thumbs", { prefix: "private/", target: { stateMachineArn: MACHINE } })), /: thumbs needs eventBridge: true on the bucket/);
        });

        it("the prefix sits under an access level, ends in / and holds {owner} only as the owner segment", () => {
            rejects({ eventBridge: true, uploadEvents: [{ ...event, prefix: "uploads/" }] }, `uploadEvents[0].prefix must sit under one of the bucket's access-level prefixes (private/, protected/, public/) (received: "uploads/")`);
            rejects({ eventBridge: true, uploadEvents: [{ ...event, prefix: "private/photos" }] }, `uploadEvents[0].prefix must end with "/" (received: "private/photos")`);
            rejects({ eventBridge: true, uploadEvents: [{ ...event, prefix: "private/*/photos/" }] }, `uploadEvents[0].prefix must use only letters, digits and ! - _ . ' ( ) in its segments (no wildcards or policy variables) (received: "private/*/photos/")`);
            for (const prefix of ["public/{owner}/", "private/photos/{owner}/", "private/{owner}/{owner}/"]) {
                rejects({ eventBridge: true, uploadEvents: [{ ...event, prefix }] }, `uploadEvents[0].prefix may hold {owner} only once, as the whole segment right after the private or protected prefix (private/{owner}/...) (received: "${prefix}")`);
            }
            // Custom access-level prefixes are the ones checked.
            rejects({ eventBridge: true, prefixes: { private: "me/" }, uploadEvents: [event] }, `uploadEvents[0].prefix must sit under one of the bucket's access-level prefixes (me/, protected/, public/) (received: "private/{owner}/photos/")`);
        });

        it("names exactly one target, of the right ARN shape", () => {
            rejects({ eventBridge: true, uploadEvents: [{ ...event, queueArn: QUEUE }] }, `uploadEvents[0] must name exactly one target of stateMachineArn, queueArn, functionArn (received: ["stateMachineArn","queueArn"])`);
            rejects({ eventBridge: true, uploadEvents: [{ name: "thumbs", prefix: "public/" }] }, `uploadEvents[0] must name exactly one target of stateMachineArn, queueArn, functionArn (received: [])`);
            rejects({ eventBridge: true, uploadEvents: [{ ...event, stateMachineArn: FUNCTION }] }, `uploadEvents[0].stateMachineArn must be an ARN like arn:aws:states:<region>:<account>:stateMachine:<name> (received: "${FUNCTION}")`);
            rejects({ eventBridge: true, uploadEvents: [{ name: "q", prefix: "public/", queueArn: "https://sqs.us-east-1.amazonaws.com/123456789012/uploads" }] }, `uploadEvents[0].queueArn must be an ARN like arn:aws:sqs:<region>:<account>:<queue name> (received: "https://sqs.us-east-1.amazonaws.com/123456789012/uploads")`);
            rejects({ eventBridge: true, uploadEvents: [{ name: "f", prefix: "public/", functionArn: "resize" }] }, `uploadEvents[0].functionArn must be an ARN like arn:aws:lambda:<region>:<account>:function:<name>[:<alias>] (received: "resize")`);
        });

        it("names are unique, across uploadEvents and onObjectCreated", () => {
            rejects({ eventBridge: true, uploadEvents: [event, event] }, `uploadEvents[1].name is already used by another upload event on this bucket (received: "thumbs")`);
            rejects({ eventBridge: true, uploadEvents: [{ ...event, name: "no spaces" }] }, `uploadEvents[0].name must be 1-40 letters, digits, '-' or '_', starting with a letter or digit (received: "no spaces")`);
            assert.equal(
                errorOf(() => new SecureUserBucket("photos", { eventBridge: true, uploadEvents: [event] }).onObjectCreated("thumbs", { prefix: "public/", target: { queueArn: QUEUE } })),
                `SecureUserBucket "photos": onObjectCreated name is already used by another upload event on this bucket (received: "thumbs")`,
            );
        });

        it("refuses before anything is created", async () => {
            const rec = await record(() => {
                try {
                    new SecureUserBucket("photos", { eventBridge: true, uploadEvents: [{ ...event, prefix: "uploads/" }] });
                } catch {
                    // refused
                }
            }, { allowEmpty: true });
            assert.deepEqual(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"), []);
        });
    });
});
