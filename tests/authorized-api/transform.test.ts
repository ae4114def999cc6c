import { strict as assert } from "assert";
import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedApiArgs, UserBackendInputError } from "../../components";
import { evaluateRules, Recording } from "../../offline";
import { ApiResult, documentOf, functionArn, queueArn, recordApi, userPoolArn } from "../support/api";

/**
 * `transform` changes a child's arguments just before the child is created: the logical name stays
 * outside it, so no URN moves, and the rule set judges whatever the transform produced. The
 * RestApi's `body` is the API itself: a transform may change it, and what it returns is what the
 * deployment hashes, but it may not remove it.
 */
describe("AuthorizedApi transforms", () => {
    const base: AuthorizedApiArgs = {
        userPoolArn,
        defaultAuthorization: "cognito",
        cache: { size: "0.5" },
        lambdaAuthorizers: { partner: { functionArn: functionArn("auth"), type: "token" } },
        routes: {
            "GET /notes": { lambda: { functionArn: functionArn() }, cache: {} },
            "POST /events": { sqs: { queueArn: queueArn() } },
            "GET /partner": { lambda: { functionArn: functionArn("partner") }, authorization: "lambda", authorizer: "partner", apiKeyRequired: true },
        },
        usagePlans: { partners: { apiKeys: ["acme"] } },
        domain: { domainName: "api.acme.dev", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", basePath: "v1" },
        webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc",
    };
    const urns = (rec: Recording) => rec.resources.map((r) => r.urn).sort();
    const ruleIds = (rec: Recording, name: string) =>
        evaluateRules(rec)
            .findings.filter((f) => f.resource.name === name)
            .map((f) => f.ruleId);

    let plain: Recording<ApiResult>;
    before(async () => {
        plain = await recordApi(base);
    });

    it("a stage transform that drops the access logs changes the stage's inputs, keeps every URN, and is reported as UB-APIG-ACCESS-LOGS", async () => {
        const transformed = await recordApi({ ...base, transform: { stage: { accessLogSettings: undefined } } });

        assert.ok(plain.one(aws.apigateway.Stage, "api-stage").inputs.accessLogSettings?.destinationArn);
        assert.equal(transformed.one(aws.apigateway.Stage, "api-stage").inputs.accessLogSettings, undefined);
        assert.deepEqual(urns(transformed), urns(plain));

        assert.ok(!ruleIds(plain, "api-stage").includes("UB-APIG-ACCESS-LOGS"), "the default stage is already reported");
        assert.ok(ruleIds(transformed, "api-stage").includes("UB-APIG-ACCESS-LOGS"), "the transformed stage is not reported");
    });

    it("a RestApi transform of body is what is imported, what openApiDocument reports and what the deployment hashes", async () => {
        const retitle = (body: string) => JSON.stringify({ ...JSON.parse(body), info: { ...JSON.parse(body).info, title: "renamed" } });
        const transformed = await recordApi(() => ({ ...base, transform: { restApi: (args) => ({ ...args, body: pulumi.output(args.body!).apply((b) => retitle(b as string)) }) } }));

        const body: string = transformed.one(aws.apigateway.RestApi, "api-api").inputs.body;
        assert.equal(documentOf(transformed).info.title, "renamed");
        assert.equal(body, retitle(plain.one(aws.apigateway.RestApi, "api-api").inputs.body));
        const hash = createHash("sha256").update(body).digest("hex");
        assert.equal(transformed.one(aws.apigateway.Deployment, "api-deployment").inputs.triggers.definition, hash);
        assert.equal(transformed.result.hash, hash);
        assert.notEqual(transformed.result.hash, plain.result.hash);
        assert.deepEqual(urns(transformed), urns(plain));
    });

    it("a RestApi transform that removes body is refused, naming the component, the field and the value", async () => {
        const refused = (error: unknown) =>
            error instanceof UserBackendInputError &&
            error.message === 'AuthorizedApi "api": transform.restApi must leave body, the OpenAPI document the API is imported from (change it, do not remove it) (received: undefined)';
        await assert.rejects(recordApi({ ...base, transform: { restApi: { body: undefined } } }), refused);
        await assert.rejects(recordApi({ ...base, transform: { restApi: (args) => ({ ...args, body: undefined }) } }), refused);
        // An Output that resolves to nothing is refused too, once it resolves.
        await assert.rejects(recordApi({ ...base, transform: { restApi: { body: pulumi.output("  ") } } }), /transform\.restApi must leave body/);
    });

    it("each transform reaches exactly its own children, with the component's arguments and each child's logical name", async () => {
        const seen: Record<string, string[]> = {};
        const spy = (key: string) => (args: any, name: string) => {
            (seen[key] ??= []).push(name);
            assert.ok(args && typeof args === "object", `${key} received no arguments`);
        };
        const keys = [
            "restApi",
            "deployment",
            "stage",
            "stageSettings",
            "routeSettings",
            "accessLogGroup",
            "executionLogGroup",
            "integrationRole",
            "integrationRolePolicy",
            "lambdaPermission",
            "usagePlan",
            "apiKey",
            "domainName",
            "basePathMapping",
            "webAclAssociation",
        ] as const;
        const transformed = await recordApi({ ...base, transform: Object.fromEntries(keys.map((k) => [k, spy(k)])) });

        const namesOf = (type: string) => plain.resources.filter((r) => r.type === type).map((r) => r.name).sort();
        assert.deepEqual(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v].sort()])), {
            restApi: ["api-api"],
            deployment: ["api-deployment"],
            stage: ["api-stage"],
            stageSettings: ["api-settings"],
            routeSettings: namesOf("aws:apigateway/methodSettings:MethodSettings").filter((n) => n !== "api-settings"),
            accessLogGroup: ["api-access-logs"],
            executionLogGroup: ["api-execution-logs"],
            integrationRole: namesOf("aws:iam/role:Role"),
            integrationRolePolicy: namesOf("aws:iam/rolePolicy:RolePolicy"),
            lambdaPermission: namesOf("aws:lambda/permission:Permission"),
            usagePlan: ["api-plan-partners"],
            apiKey: ["api-key-acme"],
            domainName: ["api-domain"],
            basePathMapping: ["api-base-path"],
            webAclAssociation: ["api-waf"],
        });
        assert.equal(seen.lambdaPermission.length, 3, "two Lambda routes and one authorizer");
        // Transforms that return nothing leave every child as it was.
        assert.deepEqual(
            transformed.resources.map((r) => [r.urn, r.inputs]),
            plain.resources.map((r) => [r.urn, r.inputs]),
        );
    });
});
