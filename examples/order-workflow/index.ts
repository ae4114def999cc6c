import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { actions, AuthorizedApi, CognitoAuth } from "pulumi-user-backend";

const config = new pulumi.Config();
const deletionProtection = config.getBoolean("deletionProtection") ?? true;
const stackName = `${pulumi.getProject()}-${pulumi.getStack()}`;
const accountId = aws.getCallerIdentityOutput().accountId;

const auth = new CognitoAuth("auth", { deletionProtection });

// Notes, one partition per user. The mapping templates below name the table, and a template is a
// plain string, so the table gets a name known before it is created instead of an autoname.
const tableName = `${stackName}-notes`;
const notes = new aws.dynamodb.Table("notes", {
    name: tableName,
    billingMode: "PAY_PER_REQUEST",
    hashKey: "owner",
    rangeKey: "id",
    attributes: [
        { name: "owner", type: "S" },
        { name: "id", type: "S" },
    ],
    pointInTimeRecovery: { enabled: true },
    // The AWS managed key (aws/dynamodb): the API's roles need no key permissions to use the table.
    serverSideEncryption: { enabled: true },
    deletionProtectionEnabled: deletionProtection,
});

// The order workflow: a placeholder that records the order as received, with its owner. Replace the
// Pass state with your tasks, and grant the role exactly what they call.
const ordersLog = new aws.cloudwatch.LogGroup("orders-log", {
    // Step Functions delivers logs as vended logs; this prefix keeps the account's log resource policy small.
    name: `/aws/vendedlogs/states/${stackName}-orders`,
    retentionInDays: 365,
});
const ordersRole = new aws.iam.Role("orders-role", {
    description: `Execution role of the ${stackName} order workflow`,
    assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "states.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ],
    }),
});
// The workflow calls no service, so the role may do nothing else. Step Functions refuses a logging
// configuration whose role cannot set up log delivery ("The state machine IAM Role is not authorized
// to access the Log Destination"), and these CloudWatch Logs actions take no resource ARN.
const ordersLogDelivery = new aws.iam.RolePolicy("orders-log-delivery", {
    role: ordersRole.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DeliverExecutionLogs",
                Effect: "Allow",
                Action: [...actions.stepFunctionsLogDelivery],
                Resource: "*",
            },
        ],
    }),
});
const orders = new aws.sfn.StateMachine(
    "orders",
    {
        type: "STANDARD",
        roleArn: ordersRole.arn,
        // The API starts it with {"body": <the validated request body>, "caller": {"type": "cognito-sub",
        // "id": <sub>}}, the caller taken from the Cognito authorizer, never from the request. The
        // owner is read from $.caller only, so a body cannot name another user. A key ending in ".$"
        // takes its value from a JSONPath ("Intrinsic functions for JSONPath states in Step Functions").
        definition: JSON.stringify({
            Comment: "Records an order as received, with the caller as its owner.",
            StartAt: "Receive",
            States: {
                Receive: { Type: "Pass", Parameters: { "order.$": "$.body", "owner.$": "$.caller.id", status: "RECEIVED" }, Next: "Received" },
                Received: { Type: "Succeed" },
            },
        }),
        // Every state transition is logged; the orders themselves (execution data) are not.
        loggingConfiguration: { level: "ALL", includeExecutionData: false, logDestination: pulumi.interpolate`${ordersLog.arn}:*` },
    },
    { dependsOn: [ordersLogDelivery] },
);

/**
 * A request value inside a JSON string of a mapping template. `$util.escapeJavaScript` also turns `'`
 * into `\'`, which is not valid JSON, so that is turned back.
 */
const jsonString = (expression: string) => `$util.escapeJavaScript(${expression}).replaceAll("\\\\'", "'")`;

// The partition key is always the caller's user pool `sub`, from the authorizer: no request value
// can name another user's notes.
const caller = "$context.authorizer.claims.sub";
const noteJson = (item: string) =>
    `{"id": "${jsonString(`${item}.id.S`)}", "text": "${jsonString(`${item}.text.S`)}", "updatedAt": #if(${item}.updatedAt.N)${item}.updatedAt.N#{else}null#end}`;

const listNotes = `{
    "TableName": "${tableName}",
    "KeyConditionExpression": "#owner = :owner",
    "ExpressionAttributeNames": { "#owner": "owner" },
    "ExpressionAttributeValues": { ":owner": { "S": "${caller}" } }
}`;
const noteList = `#set($items = $input.path('$.Items'))
{"notes": [#foreach($item in $items)${noteJson("$item")}#if($foreach.hasNext), #end#end]}`;

const getNote = `{
    "TableName": "${tableName}",
    "Key": {
        "owner": { "S": "${caller}" },
        "id": { "S": "${jsonString("$input.params('id')")}" }
    }
}`;
const oneNote = `#set($item = $input.path('$.Item'))
#if("$!item" == "")
#set($context.responseOverride.status = 404)
{"message": "no such note"}
#else
${noteJson("$item")}
#end`;

const putNote = `{
    "TableName": "${tableName}",
    "Item": {
        "owner": { "S": "${caller}" },
        "id": { "S": "${jsonString("$input.params('id')")}" },
        "text": { "S": "${jsonString("$input.path('$.text')")}" },
        "updatedAt": { "N": "$context.requestTimeEpoch" }
    }
}`;

const api = new AuthorizedApi("api", {
    userPoolArn: auth.userPoolArn,
    defaultAuthorization: "cognito",
    corsOrigins: config.getObject<string[]>("corsOrigins") ?? [],
    routes: {
        // The execution input is the request body with the caller beside it (see the workflow above).
        "POST /orders": {
            stepFunctions: { stateMachineArn: orders.arn },
            requestSchema: {
                $schema: "http://json-schema.org/draft-04/schema#",
                type: "object",
                required: ["items"],
                additionalProperties: false,
                properties: {
                    items: {
                        type: "array",
                        minItems: 1,
                        maxItems: 50,
                        items: {
                            type: "object",
                            required: ["sku", "quantity"],
                            additionalProperties: false,
                            properties: { sku: { type: "string", minLength: 1, maxLength: 64 }, quantity: { type: "integer", minimum: 1, maximum: 100 } },
                        },
                    },
                },
            },
        },
        "GET /notes": { dynamodb: { tableArn: notes.arn, operation: "Query", requestTemplate: listNotes, responseTemplate: noteList } },
        "GET /notes/{id}": { dynamodb: { tableArn: notes.arn, operation: "GetItem", requestTemplate: getNote, responseTemplate: oneNote } },
        "PUT /notes/{id}": {
            dynamodb: { tableArn: notes.arn, operation: "PutItem", requestTemplate: putNote, responseTemplate: `{"id": "${jsonString("$input.params('id')")}"}` },
            requestSchema: {
                $schema: "http://json-schema.org/draft-04/schema#",
                type: "object",
                required: ["text"],
                additionalProperties: false,
                properties: { text: { type: "string", minLength: 1, maxLength: 10000 } },
            },
        },
    },
});

export const apiUrl = api.url;
export const stateMachineArn = orders.arn;
export const notesTableName = notes.name;
export const amplifyConfig = auth.amplifyConfig;
