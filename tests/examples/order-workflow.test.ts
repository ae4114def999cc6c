import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { AccessSimulator, record, Recording } from "../../offline";
import { documentOf, operationOf, routesOf } from "../support/api";
import { alice, bob } from "../support/identities";
import { pathsRead, runPassStates } from "../support/states";
import { renderTemplate, REQUEST_TIME_EPOCH } from "../support/vtl";
import { exampleProjectSpecs } from "../support/examples";

const root = path.resolve(__dirname, "../..");
const dir = path.join(root, "examples/order-workflow");
const program = path.join(dir, "index.ts");
type ConfigDeclaration = { type: string; description: string; default?: unknown };
const projectFile = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; runtime: unknown; config: Record<string, ConfigDeclaration> };

type Outputs = pulumi.Unwrap<typeof import("../../examples/order-workflow/index")>;

/** Config as the Pulumi CLI hands it to the program: the declared defaults, then the stack's values; structured values as JSON. */
function stackConfig(values: Record<string, unknown>): Record<string, string> {
    for (const key of Object.keys(values)) assert.ok(key in projectFile.config, `${key} is not declared in Pulumi.yaml`);
    const defaults = Object.entries(projectFile.config).filter(([, d]) => d.default !== undefined).map(([key, d]) => [key, d.default]);
    const merged = { ...Object.fromEntries(defaults), ...values };
    return Object.fromEntries(Object.entries(merged).map(([key, v]) => [`${projectFile.name}:${key}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function run(values: Record<string, unknown>): Promise<Recording<Outputs>> {
    return record(
        () => {
            delete require.cache[program];
            return require(program);
        },
        { project: projectFile.name, stack: "dev", config: stackConfig(values) },
    );
}

/** A request mapping template rendered for one request by the caller `sub`, parsed as the JSON it must be. */
function render(template: string, request: { sub: string; params?: Record<string, string>; body?: Record<string, unknown> }): any {
    return JSON.parse(renderTemplate(template, { claims: { sub: request.sub }, path: request.params, body: JSON.stringify(request.body ?? {}) }).output);
}

/** The execution input POST /orders starts the workflow with for one request: StartExecution's `input`, a JSON string, parsed. */
function executionInput(template: string, request: { sub: string; body: Record<string, unknown> }): any {
    return JSON.parse(render(template, request).input);
}

const notesRoutes = { "GET /notes": "Query", "GET /notes/{id}": "GetItem", "PUT /notes/{id}": "PutItem" } as const;
// A request value that would take over the partition key if it were inserted without escaping.
const hostile = `x"}, "owner": {"S": "${bob.sub}"}, "y": {"S": "`;

describe("example order-workflow", () => {
    let rec: Recording<Outputs>;
    let sim: AccessSimulator;
    before(async () => {
        rec = await run({});
        sim = AccessSimulator.load(rec);
    });

    const table = () => rec.one(aws.dynamodb.Table, "notes");
    const machine = () => rec.one(aws.sfn.StateMachine, "orders");
    const integration = (route: string) => operationOf(rec, route)["x-amazon-apigateway-integration"];
    const template = (route: string): string => integration(route).requestTemplates!["application/json"];
    const roleOf = (route: string) => {
        const role = rec.findByOutput(aws.iam.Role, "arn", integration(route).credentials);
        assert.ok(role, `no role for ${route}`);
        return { role: String(role.outputs.name) };
    };

    exampleProjectSpecs(dir, () => rec);

    it("POST /orders starts this state machine, and its role can start nothing else", async () => {
        const arn = String(machine().outputs.arn);
        assert.equal(rec.result.stateMachineArn, arn);
        assert.ok(String(integration("POST /orders").uri).endsWith(":states:action/StartExecution"));
        assert.ok(template("POST /orders").startsWith(`{"stateMachineArn": "${arn}", `));
        assert.equal(render(template("POST /orders"), { sub: alice.sub!, body: {} }).stateMachineArn, arn);
        const role = roleOf("POST /orders");
        assert.equal(await sim.can(role, "states:StartExecution", arn), true);
        assert.equal(await sim.can(role, "states:StartExecution", "arn:aws:states:us-east-1:123456789012:stateMachine:payments"), false);
        assert.equal(await sim.can(role, "states:StartSyncExecution", arn), false);
        assert.equal(await sim.can(role, "states:StopExecution", `arn:aws:states:us-east-1:123456789012:execution:${machine().outputs.name}:x`), false);
        assert.equal(await sim.can(role, "dynamodb:PutItem", String(table().outputs.arn)), false);
    });

    it("each notes route's role runs its one DynamoDB operation, on this table only", async () => {
        const arn = String(table().outputs.arn);
        const operations = ["GetItem", "Query", "PutItem", "Scan", "UpdateItem", "DeleteItem", "BatchGetItem", "BatchWriteItem"];
        for (const [route, allowed] of Object.entries(notesRoutes)) {
            const role = roleOf(route);
            for (const operation of operations) {
                assert.equal(await sim.can(role, `dynamodb:${operation}`, arn), operation === allowed, `${route}: ${operation}`);
            }
            assert.equal(await sim.can(role, `dynamodb:${allowed}`, "arn:aws:dynamodb:us-east-1:123456789012:table/other"), false, `${route}: another table`);
            assert.equal(await sim.can(role, "states:StartExecution", String(machine().outputs.arn)), false, `${route}: the workflow`);
        }
    });

    it("POST /orders starts the workflow with the request body and the caller's sub from the authorizer, whatever the body holds", () => {
        const body = { items: [{ sku: `tea-01 "green" \\ it's`, quantity: 2 }], owner: bob.sub, caller: { type: "cognito-sub", id: bob.sub } };
        const input = executionInput(template("POST /orders"), { sub: alice.sub!, body });
        assert.deepEqual(input, { body, caller: { type: "cognito-sub", id: alice.sub } });
    });

    it("the workflow records the caller as the order's owner, and reads no owner from the body", () => {
        const definition = JSON.parse(machine().inputs.definition);
        assert.deepEqual(definition.States[definition.StartAt].Parameters["owner.$"], "$.caller.id");
        // The body is read whole as the order, and nothing else is read from it.
        assert.deepEqual(pathsRead(definition).sort(), ["$.body", "$.caller.id"]);
        const items = [{ sku: "tea-01", quantity: 2 }];
        const input = executionInput(template("POST /orders"), { sub: alice.sub!, body: { items } });
        assert.deepEqual(runPassStates(definition, input), { order: { items }, owner: alice.sub, status: "RECEIVED" });
        // The same body from another user is that user's order.
        assert.equal(runPassStates(definition, executionInput(template("POST /orders"), { sub: bob.sub!, body: { items } })).owner, bob.sub);
        // An input without a caller (not one this route sends) fails rather than record an order with no owner.
        assert.throws(() => runPassStates(definition, { body: { items }, caller: null }), /States\.Runtime: \$\.caller\.id/);
        // The API refuses any field beside items, so no owner travels in the body.
        const schema = documentOf(rec).components.schemas[operationOf(rec, "POST /orders").requestBody!.content["application/json"].schema.$ref.split("/").pop()!];
        assert.equal(schema.additionalProperties, false);
        assert.deepEqual(Object.keys(schema.properties as object), ["items"]);
    });

    it("the templates key every item by the caller's sub from the authorizer, whatever the request holds", () => {
        for (const route of Object.keys(notesRoutes)) {
            assert.ok(template(route).startsWith('#set($callerId = "$context.authorizer.claims.sub")\n#set($callerType = "cognito-sub")\n'), route);
        }
        const TableName = table().outputs.name;
        const query = render(template("GET /notes"), { sub: alice.sub! });
        assert.deepEqual(query, {
            TableName,
            KeyConditionExpression: "#owner = :owner",
            ExpressionAttributeNames: { "#owner": "owner" },
            ExpressionAttributeValues: { ":owner": { S: alice.sub } },
        });
        const get = render(template("GET /notes/{id}"), { sub: alice.sub!, params: { id: hostile } });
        assert.deepEqual(get, { TableName, Key: { owner: { S: alice.sub }, id: { S: hostile } } });
        const put = render(template("PUT /notes/{id}"), { sub: alice.sub!, params: { id: hostile }, body: { text: `Don't forget "milk" \\ ${hostile}` } });
        assert.deepEqual(put, {
            TableName,
            Item: { owner: { S: alice.sub }, id: { S: hostile }, text: { S: `Don't forget "milk" \\ ${hostile}` }, updatedAt: { N: String(REQUEST_TIME_EPOCH) } },
        });
    });

    it("has no Lambda function in the path: every route is a direct service integration", () => {
        assert.equal(rec.all(aws.lambda.Function).length, 0);
        assert.equal(rec.all(aws.lambda.Permission).length, 0);
        for (const route of ["POST /orders", ...Object.keys(notesRoutes)]) {
            assert.equal(integration(route).type, "aws", route);
        }
        for (const { route, operation } of routesOf(rec)) assert.ok(["aws", "mock"].includes(operation["x-amazon-apigateway-integration"].type), route);
        assert.deepEqual(rec.all(aws.apigateway.Integration), [], "no integration outside the document");
    });

    it("keeps notes in an on-demand table keyed by owner and id, with point-in-time recovery, encryption and deletion protection", () => {
        const { inputs } = table();
        assert.equal(inputs.billingMode, "PAY_PER_REQUEST");
        assert.equal(inputs.hashKey, "owner");
        assert.equal(inputs.rangeKey, "id");
        assert.deepEqual(inputs.attributes, [
            { name: "owner", type: "S" },
            { name: "id", type: "S" },
        ]);
        assert.deepEqual(inputs.pointInTimeRecovery, { enabled: true });
        assert.deepEqual(inputs.serverSideEncryption, { enabled: true });
        assert.equal(inputs.deletionProtectionEnabled, true);
        assert.equal(rec.result.notesTableName, "order-workflow-dev-notes");
    });

    it("runs a STANDARD Pass/Succeed workflow that logs to a kept log group, as a role that trusts Step Functions and may only deliver logs", async () => {
        const { inputs } = machine();
        assert.equal(inputs.type, "STANDARD");
        const definition = JSON.parse(inputs.definition);
        assert.deepEqual(Object.values(definition.States).map((s: any) => s.Type), ["Pass", "Succeed"]);
        const logs = rec.one(aws.cloudwatch.LogGroup, "orders-log");
        assert.equal(inputs.loggingConfiguration.logDestination, `${logs.outputs.arn}:*`);
        assert.equal(inputs.loggingConfiguration.level, "ALL");
        assert.equal(logs.inputs.retentionInDays, 365);

        const role = rec.findByOutput(aws.iam.Role, "arn", inputs.roleArn);
        assert.ok(role);
        const [trust] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
        assert.deepEqual(trust.Principal, { Service: "states.amazonaws.com" });
        assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
        assert.ok(machine().dependencies.includes(rec.one(aws.iam.RolePolicy, "orders-log-delivery").urn), "the role may deliver logs before the machine is created");
        const workflow = { role: String(role.outputs.name) };
        assert.equal(await sim.can(workflow, "logs:CreateLogDelivery", "*"), true);
        assert.equal(await sim.can(workflow, "states:StartExecution", String(machine().outputs.arn)), false);
        assert.equal(await sim.can(workflow, "dynamodb:GetItem", String(table().outputs.arn)), false);
        assert.equal(await sim.can(workflow, "logs:DeleteLogGroup", String(logs.outputs.arn)), false);
    });

    it("authorizes every route with Cognito and validates the bodies of POST /orders and PUT /notes/{id}", () => {
        const document = documentOf(rec);
        assert.deepEqual(document.components.securitySchemes["cognito-user-pool"]["x-amazon-apigateway-authorizer"], {
            type: "cognito_user_pools",
            providerARNs: [rec.one(aws.cognito.UserPool, "auth-pool").outputs.arn],
        });
        assert.deepEqual(routesOf(rec).map((r) => r.route).sort(), ["POST /orders", ...Object.keys(notesRoutes)].sort());
        for (const { route, operation } of routesOf(rec)) {
            assert.deepEqual(operation.security, route.startsWith("OPTIONS ") ? undefined : [{ "cognito-user-pool": [] }], route);
        }
        assert.deepEqual(rec.all(aws.apigateway.Method), [], "no method outside the document");
        for (const [route, required] of [["POST /orders", "items"], ["PUT /notes/{id}", "text"]]) {
            const operation = operationOf(rec, route);
            const schema = document.components.schemas[operation.requestBody!.content["application/json"].schema.$ref.replace("#/components/schemas/", "")];
            assert.deepEqual(schema.required, [required], route);
            const validator = operation["x-amazon-apigateway-request-validator"];
            assert.deepEqual(document["x-amazon-apigateway-request-validators"]?.[validator!], { validateRequestBody: true, validateRequestParameters: true }, route);
        }
    });
});
