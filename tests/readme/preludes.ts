/**
 * What each README block leans on but does not define, declared before it is type-checked. Keyed by
 * `<README path>#<heading above the block>`: the only text added to a block. Types are written as
 * `import("…")` so that a prelude never clashes with the block's own imports.
 */
export const preludes: Readonly<Record<string, string>> = {
    "README.md#SecureUserBucket": `
declare const authenticatedRole: import("@pulumi/aws").iam.Role;
declare const editorsRole: import("@pulumi/aws").iam.Role;
declare const guestRole: import("@pulumi/aws").iam.Role;`,
    "README.md#CognitoAuth": `
declare const googleClientId: string;
declare const googleClientSecret: import("@pulumi/pulumi").Output<string>;`,
    "README.md#Access tokens and custom senders": `
declare const preToken: import("@pulumi/aws").lambda.Function;
declare const sendEmail: import("@pulumi/aws").lambda.Function;
declare const sendSms: import("@pulumi/aws").lambda.Function;
declare const senderRole: import("@pulumi/aws").iam.Role;`,
    "README.md#Amplify Gen 2 outputs (\`amplify_outputs.json\`), with storage": `
declare const auth: import("pulumi-user-backend").CognitoAuth;
declare const photos: import("pulumi-user-backend").SecureUserBucket;`,
    "README.md#Upload events (EventBridge)": `
declare const thumbnails: import("@pulumi/aws").sfn.StateMachine;`,
    "README.md#Custom domains with DNS": `
declare const clients: import("pulumi-user-backend").CognitoAuthArgs["clients"];
declare const zone: import("@pulumi/aws").route53.Zone;
declare const apiArgs: import("pulumi-user-backend").AuthorizedApiArgs;`,
    "README.md#AuthorizedApi": `
declare const orders: import("@pulumi/aws").sfn.StateMachine;
declare const events: import("@pulumi/aws").sqs.Queue;
declare const notes: import("@pulumi/aws").lambda.Function;`,
};

/**
 * Blocks type-checked as a module of another folder than their README's, keyed as `preludes` are:
 * the testing specs sit beside the program they record (`./index`), the one the test runs them against.
 */
export const folders: Readonly<Record<string, string>> = {
    "README.md#Testing your own program offline": "tests/readme/program",
};
