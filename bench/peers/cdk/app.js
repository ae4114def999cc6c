"use strict";
/**
 * The AWS CDK peer of the offline plan, for bench/plan.ts: the same backend written with aws-cdk-lib
 * and checked with cdk-nag's AwsSolutions pack, synthesized once.
 *
 *   node bench/peers/cdk/app.js --shape reference [--outdir DIR]
 *   node bench/peers/cdk/app.js --shape routes --routes 100 [--outdir DIR]
 *   CDK_VALIDATION=false node bench/peers/cdk/app.js ...   (without the CDK's built-in CloudFormation validation)
 *
 * Shapes:
 * - `reference` mirrors stacks/index.ts with the `dev` stack's config (Pulumi.dev.yaml): the user pool
 *   with a web client and an `editors` group role, the identity pool with its authenticated role and
 *   the `sub` principal tag, the photo bucket with its log bucket and the per-user policy, the photo
 *   Lambda with its role and log group, the thumbnail state machine, and the REST API with its Cognito
 *   authorizer, CORS, JSON access logs, execution logs, X-Ray, throttling and the five routes.
 * - `routes` mirrors the synthetic project that bench/plan.ts generates: a user pool, a bucket granted
 *   to it, one Lambda, and N `GET /items<i>/{id}` Lambda routes behind the Cognito authorizer, with
 *   AuthorizedApi's defaults (stage `api`, REGIONAL, 100/200 throttling, 365-day access logs, ERROR).
 *
 * It is plain JavaScript on purpose: nothing is transpiled, so the CDK side pays no ts-node start-up
 * (the plan side does). The one transpile the reference program does, of its Lambda handler, is done
 * here too with the repository's own TypeScript, so both sides do the same work.
 *
 * It prints one line `BENCH_RESULT {...}` (the mark bench/plan.ts reads) with the synth time, the
 * peak RSS (`process.resourceUsage().maxRSS`, as the bench's other children report it), the number of
 * CloudFormation resources and the cdk-nag findings.
 */
const fs = require("fs");
const path = require("path");
const { performance } = require("perf_hooks");

const loadStarted = performance.now();
const cdk = require("aws-cdk-lib");
const cxapi = require("aws-cdk-lib/cx-api");
const apigw = require("aws-cdk-lib/aws-apigateway");
const cognito = require("aws-cdk-lib/aws-cognito");
const iam = require("aws-cdk-lib/aws-iam");
const lambda = require("aws-cdk-lib/aws-lambda");
const logs = require("aws-cdk-lib/aws-logs");
const s3 = require("aws-cdk-lib/aws-s3");
const sfn = require("aws-cdk-lib/aws-stepfunctions");
const { AwsSolutionsChecks, NagSuppressions } = require("cdk-nag");
const loadMs = performance.now() - loadStarted;

const ROOT = path.resolve(__dirname, "..", "..", "..");
const RESULT_MARK = "BENCH_RESULT ";

function parseArgs(argv) {
    const options = { shape: undefined, routes: 0, outdir: undefined };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[++i];
        if (flag === "--shape") options.shape = value;
        else if (flag === "--routes") options.routes = Number(value);
        else if (flag === "--outdir") options.outdir = value;
        else throw new Error(`unknown option ${flag}`);
    }
    if (options.shape !== "reference" && options.shape !== "routes") throw new Error(`--shape must be "reference" or "routes" (received: ${options.shape})`);
    if (options.shape === "routes" && !(Number.isInteger(options.routes) && options.routes > 0)) throw new Error(`--routes needs a whole number above 0 (received: ${options.routes})`);
    return options;
}

// ---------------------------------------------------------------------------------------------
// CognitoAuth: user pool, web client, optional groups with roles, identity pool, signed-in roles

function auth(stack, { mfa, deletionProtection, removalPolicy, oauth, groups }) {
    const pool = new cognito.UserPool(stack, "auth-pool", {
        signInAliases: { email: true },
        signInCaseSensitive: false,
        autoVerify: { email: true },
        keepOriginal: { email: true },
        selfSignUpEnabled: true,
        passwordPolicy: {
            minLength: 12,
            requireLowercase: true,
            requireUppercase: true,
            requireDigits: true,
            requireSymbols: true,
            tempPasswordValidity: cdk.Duration.days(7),
        },
        mfa,
        mfaSecondFactor: { otp: true, sms: false },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        featurePlan: cognito.FeaturePlan.ESSENTIALS,
        deletionProtection,
        removalPolicy,
    });
    // CognitoAuth's documented default: threat protection needs the Plus tier (cost), so it is opt-in.
    NagSuppressions.addResourceSuppressions(pool, [{ id: "AwsSolutions-COG8", reason: "Threat protection (Plus tier) is opt-in, as in CognitoAuth." }]);
    const client = pool.addClient("auth-client-web", {
        userPoolClientName: "web",
        generateSecret: false,
        authFlows: { userSrp: true },
        preventUserExistenceErrors: true,
        enableTokenRevocation: true,
        oAuth: oauth && {
            flows: { authorizationCodeGrant: true },
            scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
            callbackUrls: oauth.callbackUrls,
            logoutUrls: oauth.logoutUrls,
        },
    });
    const identityPool = new cognito.CfnIdentityPool(stack, "auth-identity-pool", {
        allowUnauthenticatedIdentities: false,
        allowClassicFlow: false,
        cognitoIdentityProviders: [{ clientId: client.userPoolClientId, providerName: pool.userPoolProviderName, serverSideTokenCheck: true }],
    });
    // aud pins the pool, amr the signed-in state; sts:TagSession because the sub is a principal tag.
    const signedIn = () =>
        new iam.FederatedPrincipal(
            "cognito-identity.amazonaws.com",
            { StringEquals: { "cognito-identity.amazonaws.com:aud": identityPool.ref }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
            "sts:AssumeRoleWithWebIdentity",
        ).withSessionTags();
    const authenticatedRole = new iam.Role(stack, "auth-authenticated-role", { description: "Signed-in users of auth", assumedBy: signedIn() });
    const roles = [authenticatedRole];
    for (const [groupName, group] of Object.entries(groups)) {
        const role = new iam.Role(stack, `auth-group-${groupName}-role`, { description: `Members of group ${groupName} of auth`, assumedBy: signedIn() });
        roles.push(role);
        new cognito.UserPoolGroup(stack, `auth-group-${groupName}`, { userPool: pool, groupName, description: group.description, precedence: group.precedence, role });
    }
    new cognito.CfnIdentityPoolRoleAttachment(stack, "auth-roles", {
        identityPoolId: identityPool.ref,
        roles: { authenticated: authenticatedRole.roleArn },
        roleMappings:
            roles.length > 1
                ? { web: { identityProvider: `${pool.userPoolProviderName}:${client.userPoolClientId}`, type: "Token", ambiguousRoleResolution: "AuthenticatedRole" } }
                : undefined,
    });
    new cognito.CfnIdentityPoolPrincipalTag(stack, "auth-principal-tags", {
        identityPoolId: identityPool.ref,
        identityProviderName: pool.userPoolProviderName,
        principalTags: { sub: "sub" },
        useDefaults: false,
    });
    return { pool, roles };
}

// ---------------------------------------------------------------------------------------------
// SecureUserBucket: encrypted, TLS-only, versioned, logged bucket and its log bucket, and the grant

function userBucket(stack, { corsOrigins, autoDeleteObjects, removalPolicy }) {
    const common = {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        removalPolicy,
        autoDeleteObjects,
    };
    const logBucket = new s3.Bucket(stack, "photos-logs", {
        ...common,
        lifecycleRules: [{ expiration: cdk.Duration.days(365), noncurrentVersionExpiration: cdk.Duration.days(30), abortIncompleteMultipartUploadAfter: cdk.Duration.days(7) }],
    });
    const bucket = new s3.Bucket(stack, "photos-bucket", {
        ...common,
        serverAccessLogsBucket: logBucket,
        serverAccessLogsPrefix: "access-logs/",
        cors: corsOrigins.length
            ? [{ allowedOrigins: corsOrigins, allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.HEAD, s3.HttpMethods.DELETE], allowedHeaders: ["*"], maxAge: 3000 }]
            : undefined,
        lifecycleRules: [{ noncurrentVersionExpiration: cdk.Duration.days(30), abortIncompleteMultipartUploadAfter: cdk.Duration.days(7) }],
    });
    return { bucket, logBucket };
}

/** The per-user grant: one policy per signed-in role, keyed by the `sub` principal tag. */
function grantUserAccess(stack, bucket, roles) {
    const own = (prefix) => `${prefix}\${aws:PrincipalTag/sub}`;
    roles.forEach((role, i) => {
        const policy = new iam.Policy(stack, `photos-users-${i}`, {
            roles: [role],
            statements: [
                new iam.PolicyStatement({
                    sid: "ListOwnKeys",
                    actions: ["s3:ListBucket"],
                    resources: [bucket.bucketArn],
                    conditions: { StringLike: { "s3:prefix": [`${own("private/")}/`, `${own("private/")}/*`, `${own("protected/")}/`, `${own("protected/")}/*`, "public/", "public/*"] } },
                }),
                new iam.PolicyStatement({
                    sid: "OwnObjects",
                    actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
                    resources: [bucket.arnForObjects(`${own("private/")}/*`), bucket.arnForObjects(`${own("protected/")}/*`)],
                }),
                new iam.PolicyStatement({ sid: "ReadShared", actions: ["s3:GetObject"], resources: [bucket.arnForObjects("protected/*"), bucket.arnForObjects("public/*")] }),
            ],
        });
        // The same exception the project's own rules make (SECURITY.md, IAM): per-user object ARNs always contain "*".
        NagSuppressions.addResourceSuppressions(policy, [{ id: "AwsSolutions-IAM5", reason: "Per-user object prefixes are patterns by nature; each is pinned to the caller's sub tag or to a shared prefix." }]);
    });
}

// ---------------------------------------------------------------------------------------------
// AuthorizedApi: REST API, Cognito authorizer, stage with logs, tracing and throttling

function restApi(stack, pool, { throttle, retentionDays, corsOrigins, binaryMediaTypes }) {
    const accessLogs = new logs.LogGroup(stack, "api-access-logs", { retention: retentionDays, removalPolicy: cdk.RemovalPolicy.DESTROY });
    const api = new apigw.RestApi(stack, "api", {
        restApiName: "api",
        endpointTypes: [apigw.EndpointType.REGIONAL],
        // AuthorizedApi leaves the region's API Gateway CloudWatch role alone unless asked; so does this app.
        cloudWatchRole: false,
        binaryMediaTypes,
        deployOptions: {
            stageName: "api",
            accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
            accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
            loggingLevel: apigw.MethodLoggingLevel.ERROR,
            dataTraceEnabled: false,
            metricsEnabled: true,
            tracingEnabled: true,
            throttlingRateLimit: throttle.rateLimit,
            throttlingBurstLimit: throttle.burstLimit,
        },
        defaultCorsPreflightOptions: corsOrigins.length
            ? { allowOrigins: corsOrigins, allowHeaders: ["Authorization", "Content-Type"], allowMethods: apigw.Cors.ALL_METHODS, allowCredentials: true }
            : undefined,
    });
    if (corsOrigins.length) {
        for (const type of [apigw.ResponseType.DEFAULT_4XX, apigw.ResponseType.DEFAULT_5XX]) {
            api.addGatewayResponse(`api-response-${type.responseType}`, { type, responseHeaders: { "Access-Control-Allow-Origin": `'${corsOrigins[0]}'`, Vary: "'Origin'" } });
        }
    }
    const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, "api-cognito", { cognitoUserPools: [pool], identitySource: "method.request.header.Authorization" });
    const cognitoAuth = { authorizer, authorizationType: apigw.AuthorizationType.COGNITO };
    const paramsValidator = api.addRequestValidator("api-validate-parameters", { requestValidatorName: "parameters", validateRequestBody: false, validateRequestParameters: true });
    return { api, cognitoAuth, paramsValidator };
}

/** A Lambda role that writes its own logs, plus the statements passed; the CDK adds X-Ray when tracing is on. */
function functionRole(stack, id, logGroup, statements) {
    const role = new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });
    role.addToPolicy(new iam.PolicyStatement({ actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logGroup.logGroupArn}:*`] }));
    for (const s of statements) role.addToPolicy(s);
    return role;
}

// ---------------------------------------------------------------------------------------------
// The two shapes

function referenceStack(stack) {
    // Pulumi.dev.yaml
    const dev = {
        appOrigins: ["http://localhost:5173"],
        callbackUrls: ["http://localhost:5173/auth/callback"],
        logoutUrls: ["http://localhost:5173/"],
        throttle: { rateLimit: 20, burstLimit: 40 },
        logRetention: logs.RetentionDays.ONE_WEEK,
    };
    const { pool, roles } = auth(stack, {
        mfa: cognito.Mfa.OPTIONAL,
        deletionProtection: false,
        removalPolicy: cdk.RemovalPolicy.DESTROY,
        oauth: { callbackUrls: dev.callbackUrls, logoutUrls: dev.logoutUrls },
        groups: { editors: { precedence: 1, description: "Curate the public gallery" } },
    });
    // forceDestroy: true in dev; the CDK's way is autoDeleteObjects (a custom resource).
    const { bucket } = userBucket(stack, { corsOrigins: dev.appOrigins, autoDeleteObjects: true, removalPolicy: cdk.RemovalPolicy.DESTROY });
    grantUserAccess(stack, bucket, roles);

    const ts = require(require.resolve("typescript", { paths: [ROOT] }));
    const handlerSource = fs.readFileSync(path.join(ROOT, "stacks", "handlers", "photos.ts"), "utf8");
    const handlerCode = ts.transpileModule(handlerSource, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const fnLogs = new logs.LogGroup(stack, "photos-fn-logs", { retention: dev.logRetention, removalPolicy: cdk.RemovalPolicy.DESTROY });
    const fnRole = functionRole(stack, "photos-fn-role", fnLogs, [
        new iam.PolicyStatement({ sid: "ListUserPrefixes", actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": ["private/*"] } } }),
        new iam.PolicyStatement({ sid: "ReadUserPhotos", actions: ["s3:GetObject"], resources: [bucket.arnForObjects("private/*")] }),
    ]);
    const photosFn = new lambda.Function(stack, "photos-fn", {
        role: fnRole,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: "index.handler",
        code: lambda.Code.fromInline(handlerCode),
        timeout: cdk.Duration.seconds(10),
        memorySize: 256,
        environment: { BUCKET_NAME: bucket.bucketName, PRIVATE_PREFIX: "private/" },
        loggingFormat: lambda.LoggingFormat.JSON,
        logGroup: fnLogs,
        tracing: lambda.Tracing.ACTIVE,
    });
    NagSuppressions.addResourceSuppressions(photosFn, [{ id: "AwsSolutions-L1", reason: "The same runtime as the Pulumi program it mirrors." }]);
    // The exceptions the reference stack itself explains in comments: log stream ARNs end in ":*", X-Ray
    // accepts only "*", and the function serves every user (the owner comes from the token).
    NagSuppressions.addResourceSuppressions(
        fnRole,
        [{ id: "AwsSolutions-IAM5", reason: "Log streams of its own group, X-Ray (no resource-level permissions), every user's private prefix with the owner taken from the token." }],
        true,
    );

    const workflowRole = new iam.Role(stack, "thumbnails-role", { description: "The thumbnail workflow of the reference stack (no permissions yet)", assumedBy: new iam.ServicePrincipal("states.amazonaws.com") });
    const thumbnails = new sfn.StateMachine(stack, "thumbnails", {
        role: workflowRole,
        stateMachineType: sfn.StateMachineType.STANDARD,
        comment: "Makes thumbnails of an uploaded photo (steps to come).",
        definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, "Accepted")),
        tracingEnabled: true,
    });
    NagSuppressions.addResourceSuppressions(
        [thumbnails, workflowRole],
        [
            { id: "AwsSolutions-SF1", reason: "A placeholder workflow, without execution logs in the Pulumi program either." },
            { id: "AwsSolutions-IAM5", reason: "X-Ray accepts only \"*\"; the CDK adds it for tracing." },
        ],
        true,
    );

    const { api, cognitoAuth, paramsValidator } = restApi(stack, pool, { throttle: dev.throttle, retentionDays: dev.logRetention, corsOrigins: dev.appOrigins, binaryMediaTypes: ["image/*"] });
    const ok = [{ statusCode: "200" }];

    // PUT /uploads/{key+}: straight to S3, under private/<sub>/, the sub from the authorizer.
    const uploadRole = new iam.Role(stack, "api-uploads-role", { assumedBy: new iam.ServicePrincipal("apigateway.amazonaws.com") });
    uploadRole.addToPolicy(new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [bucket.arnForObjects("private/*")] }));
    NagSuppressions.addResourceSuppressions(uploadRole, [{ id: "AwsSolutions-IAM5", reason: "Writes under private/<sub>/ for every user; the sub comes from the authorizer, never the request." }], true);
    api.root.addResource("uploads").addResource("{key+}").addMethod(
        "PUT",
        new apigw.AwsIntegration({
            service: "s3",
            integrationHttpMethod: "PUT",
            path: `${bucket.bucketName}/private/{sub}/{key}`,
            options: {
                credentialsRole: uploadRole,
                requestParameters: { "integration.request.path.sub": "context.authorizer.claims.sub", "integration.request.path.key": "method.request.path.key" },
                integrationResponses: [{ statusCode: "200" }],
            },
        }),
        { ...cognitoAuth, requestParameters: { "method.request.path.key": true }, requestValidator: paramsValidator, methodResponses: ok },
    );

    // GET /photos and GET /photos/{name}: the photo Lambda, one permission per method.
    const photos = api.root.addResource("photos");
    const photoIntegration = new apigw.LambdaIntegration(photosFn, { allowTestInvoke: false });
    photos.addMethod("GET", photoIntegration, cognitoAuth);
    photos.addResource("{name}").addMethod("GET", photoIntegration, { ...cognitoAuth, requestParameters: { "method.request.path.name": true }, requestValidator: paramsValidator });

    // POST /thumbnails: StartExecution with a validated body and the caller's sub.
    const startRole = new iam.Role(stack, "api-thumbnails-role", { assumedBy: new iam.ServicePrincipal("apigateway.amazonaws.com") });
    startRole.addToPolicy(new iam.PolicyStatement({ actions: ["states:StartExecution"], resources: [thumbnails.stateMachineArn] }));
    const bodyValidator = api.addRequestValidator("api-validate-body", { requestValidatorName: "body-and-parameters", validateRequestBody: true, validateRequestParameters: true });
    const model = api.addModel("api-model-thumbnails", {
        contentType: "application/json",
        schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, required: ["key"], properties: { key: { type: apigw.JsonSchemaType.STRING } } },
    });
    api.root.addResource("thumbnails").addMethod(
        "POST",
        new apigw.AwsIntegration({
            service: "states",
            action: "StartExecution",
            options: {
                credentialsRole: startRole,
                requestTemplates: {
                    "application/json": `{"stateMachineArn": "${thumbnails.stateMachineArn}", "input": "{\\"body\\": $util.escapeJavaScript($input.json('$')), \\"sub\\": \\"$context.authorizer.claims.sub\\"}"}`,
                },
                integrationResponses: [{ statusCode: "200" }],
            },
        }),
        { ...cognitoAuth, requestModels: { "application/json": model }, requestValidator: bodyValidator, methodResponses: ok },
    );

    // GET /health: public mock, by explicit choice.
    const health = api.root.addResource("health").addMethod(
        "GET",
        new apigw.MockIntegration({ requestTemplates: { "application/json": '{"statusCode": 200}' }, integrationResponses: [{ statusCode: "200", responseTemplates: { "application/json": '{"status":"ok"}' } }] }),
        { authorizationType: apigw.AuthorizationType.NONE, methodResponses: ok },
    );
    NagSuppressions.addResourceSuppressions(health, [
        { id: "AwsSolutions-APIG4", reason: "A public health check (authorization: none in the Pulumi program)." },
        { id: "AwsSolutions-COG4", reason: "A public health check (authorization: none in the Pulumi program)." },
    ]);
}

function routesStack(stack, routes) {
    // CognitoAuth and SecureUserBucket with their defaults (deletion protection on). The removal policy
    // is the CDK's own default (RETAIN); it changes a DeletionPolicy attribute, not the work of a synth.
    const { pool, roles } = auth(stack, { mfa: cognito.Mfa.OPTIONAL, deletionProtection: true, removalPolicy: cdk.RemovalPolicy.RETAIN, oauth: undefined, groups: {} });
    const { bucket } = userBucket(stack, { corsOrigins: [], autoDeleteObjects: false, removalPolicy: cdk.RemovalPolicy.RETAIN });
    grantUserAccess(stack, bucket, roles);

    // The generated project's Lambda: a role that trusts Lambda and nothing else, inline code.
    const role = new iam.Role(stack, "fn-role", { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com") });
    const fn = new lambda.Function(stack, "fn", {
        role,
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: "index.handler",
        code: lambda.Code.fromInline("exports.handler = async () => ({ statusCode: 200, body: '{}' });"),
    });
    NagSuppressions.addResourceSuppressions(fn, [{ id: "AwsSolutions-L1", reason: "The same runtime as the generated Pulumi program." }]);

    const { api, cognitoAuth, paramsValidator } = restApi(stack, pool, { throttle: { rateLimit: 100, burstLimit: 200 }, retentionDays: logs.RetentionDays.ONE_YEAR, corsOrigins: [], binaryMediaTypes: undefined });
    NagSuppressions.addResourceSuppressions(api, [{ id: "AwsSolutions-APIG2", reason: "GET routes without a body: the parameters validator checks them, as AuthorizedApi does." }]);
    // AuthorizedApi scopes one permission to each route, and adds no test-invoke permission.
    const integration = new apigw.LambdaIntegration(fn, { allowTestInvoke: false });
    for (let i = 0; i < routes; i++) {
        api.root
            .addResource(`items${i}`)
            .addResource("{id}")
            .addMethod("GET", integration, { ...cognitoAuth, requestParameters: { "method.request.path.id": true }, requestValidator: paramsValidator });
    }
}

// ---------------------------------------------------------------------------------------------

function main() {
    const options = parseArgs(process.argv.slice(2));
    const outdir = options.outdir ?? path.join(__dirname, "cdk.out");
    const started = performance.now();
    // The feature flags aws-cdk-lib recommends for new projects (cx-api/lib/features.d.ts,
    // CURRENTLY_RECOMMENDED_FLAGS: "Flag values that should apply for new projects"). Without them the
    // CDK keeps legacy behaviours: server access logs through an ACL, for one, which BucketOwnerEnforced
    // forbids (@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy).
    // "@aws-cdk/core:stackResourceLimit": 0 turns off the CDK's check of CloudFormation's quota of 500
    // resources per template (AWS CloudFormation User Guide, "Understand CloudFormation quotas"; checked
    // in aws-cdk-lib core/lib/stack.js, `maxResources`, only when it is above 0). Past about 110 routes this
    // template could not be deployed as one stack; the bench measures the same shape's synth, not
    // whether it deploys (a real app would split it into nested stacks or use one OpenAPI body).
    const app = new cdk.App({ outdir, context: { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS, "@aws-cdk/core:stackResourceLimit": 0 } });
    const stack = new cdk.Stack(app, options.shape === "reference" ? "user-backend-reference-dev" : `bench-routes-${options.routes}`, {
        env: { account: "123456789012", region: "us-east-1" },
    });
    if (options.shape === "reference") referenceStack(stack);
    else routesStack(stack, options.routes);
    cdk.Aspects.of(app).add(new AwsSolutionsChecks());
    const constructedMs = performance.now() - started;
    // A validation error (cdk-nag's, or the built-in pass's: over 500 resources, past about 110 routes)
    // makes synth throw "Validation failed" after the templates and the report are written, so all the
    // work is done by then. It is reported, and the run still counts.
    let assembly;
    let failure;
    try {
        assembly = app.synth();
    } catch (e) {
        if (!(e instanceof Error && /Validation failed/.test(e.message) && fs.existsSync(path.join(outdir, "validation-report.json")))) throw e;
        failure = e;
    }
    const ended = performance.now();

    // Counted after the clock stops: what the nag pack and the validation passes found.
    const artifact = (assembly ?? new cxapi.CloudAssembly(outdir)).getStackArtifact(stack.artifactId);
    const nag = { errors: 0, warnings: 0 };
    for (const m of artifact.messages) {
        if (!String(m.entry.data).startsWith("AwsSolutions-")) continue;
        if (m.level === "error") nag.errors++;
        else if (m.level === "warning") nag.warnings++;
    }
    const validationErrors = [];
    const reportFile = path.join(outdir, "validation-report.json");
    if (fs.existsSync(reportFile)) {
        for (const plugin of JSON.parse(fs.readFileSync(reportFile, "utf8")).pluginReports ?? []) {
            for (const v of plugin.violations ?? []) {
                if (v.severity === "error" || v.severity === "fatal") validationErrors.push(`${plugin.pluginName} ${v.ruleName}: ${String(v.description).trim()}`);
            }
        }
    }
    // Without throwing, a failed validation can also just set the exit code
    // (aws-cdk-lib core/lib/private/synthesis-validation.js); that too is reported, not hidden.
    const validationFailed = failure !== undefined || process.exitCode === 1 ? 1 : 0;
    process.exitCode = 0;
    const result = {
        loadMs,
        constructMs: constructedMs,
        synthMs: ended - started - constructedMs,
        appMs: ended - started,
        resources: Object.keys(artifact.template.Resources ?? {}).length,
        nagErrors: nag.errors,
        nagWarnings: nag.warnings,
        validation: process.env.CDK_VALIDATION === "false" ? "off" : "on",
        validationFailed,
        validationErrors,
        maxRssKb: process.resourceUsage().maxRSS,
    };
    process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`);
}

main();
