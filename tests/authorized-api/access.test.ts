import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "../../components";
import { AccessSimulator, defaultKeyPolicy, record, Recording } from "../../offline";
import { operationOf, queueArn, stateMachineArn, tableArn } from "../support/api";

/**
 * Each AWS-service route has a role of its own that can do its one action on its one resource and
 * nothing else, proven by evaluating the recorded role policies with iam-simulate.
 */
describe("AuthorizedApi integration roles", () => {
    let rec: Recording<{ bucket: string; keyArn: string }>;
    let sim: AccessSimulator;

    before(async () => {
        rec = await record(() => {
            const auth = new CognitoAuth("auth", { principalTags: { sub: "sub" } });
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub", createKmsKey: true });
            new AuthorizedApi("api", {
                userPoolArn: auth.userPoolArn,
                defaultAuthorization: "cognito",
                routes: {
                    "GET /files/{key+}": { s3: { bucket: photos, operation: "get" } },
                    "PUT /files/{key+}": { s3: { bucket: photos, operation: "put" } },
                    "DELETE /files/{key+}": { s3: { bucket: photos, operation: "delete" } },
                    "GET /files": { s3: { bucket: photos, operation: "list" } },
                    "POST /orders": { stepFunctions: { stateMachineArn: stateMachineArn() } },
                    "POST /quotes": { stepFunctions: { stateMachineArn: stateMachineArn("quotes"), express: true } },
                    "POST /events": { sqs: { queueArn: queueArn() } },
                    "GET /notes/{id}": { dynamodb: { tableArn: tableArn(), operation: "GetItem", requestTemplate: '{"TableName": "notes"}' } },
                    "GET /notes": { dynamodb: { tableArn: tableArn(), operation: "Query", indexName: "byOwner", requestTemplate: '{"TableName": "notes"}' } },
                },
            });
            return { bucket: photos.bucketName, keyArn: photos.kmsKeyArn as any };
        });
        sim = AccessSimulator.load(rec);
    });

    const roleOf = (route: string) => {
        const integration = operationOf(rec, route)["x-amazon-apigateway-integration"];
        const role = rec.findByOutput(aws.iam.Role, "arn", integration.credentials);
        assert.ok(role, `no role for ${route}`);
        return { role: String(role.outputs.name) };
    };
    const object = (key: string) => `arn:aws:s3:::${rec.result.bucket}/${key}`;
    const bucket = () => `arn:aws:s3:::${rec.result.bucket}`;

    it("every AWS-service route has its own role, trusted by API Gateway only, without managed policies", () => {
        const routes = ["GET /files/{key+}", "PUT /files/{key+}", "DELETE /files/{key+}", "GET /files", "POST /orders", "POST /quotes", "POST /events", "GET /notes/{id}", "GET /notes"];
        const names = new Set(routes.map((r) => roleOf(r).role));
        assert.equal(names.size, routes.length);
        for (const route of routes) {
            const role = rec.all(aws.iam.Role).find((r) => r.outputs.name === roleOf(route).role)!;
            const [trust] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
            assert.deepEqual(trust.Principal, { Service: "apigateway.amazonaws.com" });
            assert.equal(role.inputs.managedPolicyArns, undefined);
        }
    });

    it("the S3 get role reads objects under the private prefix only, and cannot write, delete or list", async () => {
        const role = roleOf("GET /files/{key+}");
        assert.equal(await sim.can(role, "s3:GetObject", object("private/a11ce/photo.jpg")), true);
        assert.equal(await sim.can(role, "s3:GetObject", object("public/banner.jpg")), false);
        assert.equal(await sim.can(role, "s3:GetObject", object("protected/a11ce/photo.jpg")), false);
        assert.equal(await sim.can(role, "s3:PutObject", object("private/a11ce/photo.jpg")), false);
        assert.equal(await sim.can(role, "s3:DeleteObject", object("private/a11ce/photo.jpg")), false);
        assert.equal(await sim.can(role, "s3:ListBucket", bucket(), { "s3:prefix": "private/" }), false);
        assert.equal(await sim.can(role, "s3:GetObject", "arn:aws:s3:::another-bucket/private/a11ce/photo.jpg"), false);
    });

    it("the S3 put role cannot write outside the mapped prefix pattern", async () => {
        const role = roleOf("PUT /files/{key+}");
        assert.equal(await sim.can(role, "s3:PutObject", object("private/a11ce/photo.jpg")), true);
        assert.equal(await sim.can(role, "s3:PutObject", object("public/photo.jpg")), false);
        assert.equal(await sim.can(role, "s3:PutObject", object("privateer/photo.jpg")), false);
        assert.equal(await sim.can(role, "s3:GetObject", object("private/a11ce/photo.jpg")), false);
        assert.equal(await sim.can(role, "s3:PutObjectAcl", object("private/a11ce/photo.jpg")), false);
    });

    it("the S3 delete and list roles do only that", async () => {
        const remove = roleOf("DELETE /files/{key+}");
        assert.equal(await sim.can(remove, "s3:DeleteObject", object("private/a11ce/photo.jpg")), true);
        assert.equal(await sim.can(remove, "s3:DeleteObject", object("public/photo.jpg")), false);
        assert.equal(await sim.can(remove, "s3:DeleteObjectVersion", object("private/a11ce/photo.jpg")), false);
        const list = roleOf("GET /files");
        assert.equal(await sim.can(list, "s3:ListBucket", bucket(), { "s3:prefix": "private/a11ce/" }), true);
        assert.equal(await sim.can(list, "s3:ListBucket", bucket(), { "s3:prefix": "public/" }), false);
        assert.equal(await sim.can(list, "s3:ListBucket", bucket()), false);
        assert.equal(await sim.can(list, "s3:GetObject", object("private/a11ce/photo.jpg")), false);
    });

    // What S3 sends KMS for an object of a bucket: its endpoint as kms:ViaService, and as encryption
    // context the bucket ARN (with an S3 Bucket Key, as SecureUserBucket uses) or the object ARN.
    const viaS3For = (arn: string) => ({ "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": arn });

    it("the S3 roles use the bucket's key only through S3: decrypt to read, encrypt to write", async () => {
        const viaS3 = viaS3For(bucket());
        assert.equal(await sim.can(roleOf("GET /files/{key+}"), "kms:Decrypt", rec.result.keyArn, viaS3), true);
        assert.equal(await sim.can(roleOf("GET /files/{key+}"), "kms:GenerateDataKey", rec.result.keyArn, viaS3), false);
        assert.equal(await sim.can(roleOf("PUT /files/{key+}"), "kms:GenerateDataKey", rec.result.keyArn, viaS3), true);
        assert.equal(await sim.can(roleOf("GET /files/{key+}"), "kms:Decrypt", rec.result.keyArn), false, "not outside S3");
    });

    it("the S3 delete and list roles cannot use the key at all: neither call reads or writes object data", async () => {
        for (const route of ["DELETE /files/{key+}", "GET /files"]) {
            for (const action of ["kms:Decrypt", "kms:GenerateDataKey"]) {
                assert.equal(await sim.can(roleOf(route), action, rec.result.keyArn, viaS3For(bucket())), false, `${route} ${action}`);
            }
        }
    });

    it("the S3 roles use the key for this bucket's objects only: the encryption context must name it", async () => {
        for (const [route, action] of [["GET /files/{key+}", "kms:Decrypt"], ["PUT /files/{key+}", "kms:GenerateDataKey"], ["PUT /files/{key+}", "kms:Decrypt"]] as const) {
            assert.equal(await sim.can(roleOf(route), action, rec.result.keyArn, viaS3For(object("private/a11ce/photo.jpg"))), true, `${route}: an object of this bucket`);
            assert.equal(await sim.can(roleOf(route), action, rec.result.keyArn, viaS3For("arn:aws:s3:::another-bucket")), false, `${route}: another bucket`);
            assert.equal(await sim.can(roleOf(route), action, rec.result.keyArn, viaS3For("arn:aws:s3:::another-bucket/private/a11ce/photo.jpg")), false, `${route}: another bucket's object`);
            // ViaService alone is not enough: the context must name this bucket.
            assert.equal(await sim.can(roleOf(route), action, rec.result.keyArn, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), false, `${route}: no context`);
        }
    });

    it("the Step Functions roles start their own machine, the way it is started, and no other", async () => {
        const orders = roleOf("POST /orders");
        assert.equal(await sim.can(orders, "states:StartExecution", stateMachineArn()), true);
        assert.equal(await sim.can(orders, "states:StartExecution", stateMachineArn("payments")), false);
        assert.equal(await sim.can(orders, "states:StartSyncExecution", stateMachineArn()), false);
        assert.equal(await sim.can(orders, "states:StopExecution", `arn:aws:states:us-east-1:123456789012:execution:orders:x`), false);
        const quotes = roleOf("POST /quotes");
        assert.equal(await sim.can(quotes, "states:StartSyncExecution", stateMachineArn("quotes")), true);
        assert.equal(await sim.can(quotes, "states:StartExecution", stateMachineArn("quotes")), false);
    });

    it("the SQS role sends to its queue only, and cannot read or purge it", async () => {
        const role = roleOf("POST /events");
        assert.equal(await sim.can(role, "sqs:SendMessage", queueArn()), true);
        assert.equal(await sim.can(role, "sqs:SendMessage", queueArn("other")), false);
        assert.equal(await sim.can(role, "sqs:ReceiveMessage", queueArn()), false);
        assert.equal(await sim.can(role, "sqs:PurgeQueue", queueArn()), false);
    });

    it("the DynamoDB roles run their one operation on their table (and the named index)", async () => {
        const get = roleOf("GET /notes/{id}");
        assert.equal(await sim.can(get, "dynamodb:GetItem", tableArn()), true);
        assert.equal(await sim.can(get, "dynamodb:PutItem", tableArn()), false);
        assert.equal(await sim.can(get, "dynamodb:GetItem", tableArn("other")), false);
        const query = roleOf("GET /notes");
        assert.equal(await sim.can(query, "dynamodb:Query", `${tableArn()}/index/byOwner`), true);
        assert.equal(await sim.can(query, "dynamodb:Query", `${tableArn()}/index/other`), false);
        assert.equal(await sim.can(query, "dynamodb:Scan", tableArn()), false);
    });
});

/**
 * The S3 route roles' own key conditions, on an existing key whose policy delegates everything to
 * IAM (AWS's default): here only the role policy keeps key use to S3 for this bucket's objects.
 */
describe("AuthorizedApi S3 route roles on an existing key", () => {
    const keyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let rec: Recording<{ bucket: string }>;
    let sim: AccessSimulator;

    before(async () => {
        rec = await record(() => {
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub", kmsKeyArn: keyArn });
            new AuthorizedApi("api", {
                userPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example1",
                defaultAuthorization: "cognito",
                routes: {
                    "GET /files/{key+}": { s3: { bucket: photos, operation: "get" } },
                    "PUT /files/{key+}": { s3: { bucket: photos, operation: "put" } },
                },
            });
            return { bucket: photos.bucketName };
        });
        sim = AccessSimulator.load(rec, { externalResourcePolicies: { [keyArn]: defaultKeyPolicy(rec.environment) } });
    });

    const roleOf = (route: string) => {
        const role = rec.findByOutput(aws.iam.Role, "arn", operationOf(rec, route)["x-amazon-apigateway-integration"].credentials);
        assert.ok(role, `no role for ${route}`);
        return { role: String(role.outputs.name) };
    };
    const viaS3For = (arn: string) => ({ "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": arn });

    it("allows key use through S3 for this bucket's objects, and denies it for another bucket's", async () => {
        for (const [route, action] of [["GET /files/{key+}", "kms:Decrypt"], ["PUT /files/{key+}", "kms:GenerateDataKey"]] as const) {
            assert.equal(await sim.can(roleOf(route), action, keyArn, viaS3For(`arn:aws:s3:::${rec.result.bucket}`)), true, `${route}: this bucket`);
            assert.equal(await sim.can(roleOf(route), action, keyArn, viaS3For(`arn:aws:s3:::${rec.result.bucket}/private/a11ce/x.jpg`)), true, `${route}: this bucket's object`);
            assert.equal(await sim.can(roleOf(route), action, keyArn, viaS3For("arn:aws:s3:::another-bucket/private/a11ce/x.jpg")), false, `${route}: another bucket's object`);
            assert.equal(await sim.can(roleOf(route), action, keyArn, { "kms:ViaService": "s3.us-east-1.amazonaws.com" }), false, `${route}: no context`);
            assert.equal(await sim.can(roleOf(route), action, keyArn), false, `${route}: direct`);
        }
    });
});
