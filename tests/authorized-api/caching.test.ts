import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AuthorizedApi, UserBackendInputError } from "../../components";
import { methodSettingsPath, slugOf } from "../../components/authorized-api";
import { Recording } from "../../offline";
import { ApiResult, functionArn, operationOf, recordApi, routesOf, userPoolArn } from "../support/api";

/**
 * API Gateway keys cached responses by path and the declared cache-key parameters only. A cached
 * authorized route must therefore key by the caller, or user A gets user B's response
 * (shared/SECURITY.md, known mistake 8).
 */
describe("AuthorizedApi caching and throttling", () => {
    let rec: Recording<ApiResult>;
    before(async () => {
        rec = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            cache: { size: "1.6", ttlSeconds: 120 },
            lambdaAuthorizers: { partner: { functionArn: functionArn("auth"), type: "token", identitySources: ["method.request.header.X-Partner-Token"] } },
            routes: {
                "GET /notes/{id}": { lambda: { functionArn: functionArn() }, cache: { ttlSeconds: 30, keyParameters: ["method.request.path.id"] } },
                "GET /feed": { lambda: { functionArn: functionArn("feed") }, cache: {} },
                "GET /partner/stock": { lambda: { functionArn: functionArn("stock") }, authorization: "lambda", authorizer: "partner", cache: {} },
                "GET /catalogue": { lambda: { functionArn: functionArn("catalogue") }, authorization: "none", cache: { keyParameters: ["method.request.querystring.page"] } },
                "POST /notes": { lambda: { functionArn: functionArn() }, throttle: { rateLimit: 5, burstLimit: 10 } },
            },
        });
    });
    const integration = (route: string) => operationOf(rec, route)["x-amazon-apigateway-integration"];
    const declared = (route: string) => Object.fromEntries((operationOf(rec, route).parameters ?? []).map((p) => [`method.request.${{ path: "path", query: "querystring", header: "header" }[p.in]}.${p.name}`, p.required]));
    const settings = (route: string) => rec.one(aws.apigateway.MethodSettings, `api-settings-${slugOf(route)}`).inputs;

    it("every cached route with an authorizer has the caller's identity in its cache key", () => {
        let checked = 0;
        for (const { route, operation } of routesOf(rec)) {
            const i = operation["x-amazon-apigateway-integration"];
            const cached = (i.cacheKeyParameters ?? []).length > 0;
            const scheme = Object.keys(operation.security?.[0] ?? {})[0];
            if (!cached || scheme === undefined) continue;
            const identity = scheme === "cognito-user-pool" ? "method.request.header.Authorization" : "method.request.header.X-Partner-Token";
            assert.ok(i.cacheKeyParameters!.includes(identity), `${route} caches without ${identity}`);
            assert.ok(identity in declared(route), `${route} must declare ${identity} to key by it`);
            checked++;
        }
        assert.equal(checked, 3);
        assert.deepEqual(integration("GET /notes/{id}").cacheKeyParameters, ["method.request.header.Authorization", "method.request.path.id"]);
        assert.deepEqual(integration("GET /feed").cacheKeyParameters, ["method.request.header.Authorization"]);
        assert.deepEqual(integration("GET /partner/stock").cacheKeyParameters, ["method.request.header.X-Partner-Token"]);
        assert.equal(declared("GET /feed")["method.request.header.Authorization"], false);
        // Each path caches in its own namespace.
        assert.notEqual(integration("GET /feed").cacheNamespace, integration("GET /notes/{id}").cacheNamespace);
    });

    it("a public cached route keys by its own parameters only", () => {
        assert.deepEqual(integration("GET /catalogue").cacheKeyParameters, ["method.request.querystring.page"]);
    });

    it("a cached authorized route without an identity to key by is refused", () => {
        assert.throws(
            () => new AuthorizedApi("api", { cache: { size: "0.5" }, defaultAuthorization: "iam", routes: { "GET /notes": { lambda: { functionArn: functionArn() }, cache: {} } } }),
            (e: unknown) => e instanceof UserBackendInputError && /routes\["GET \/notes"\]\.cache cannot cache an IAM route/.test(e.message),
        );
    });

    it("the stage has an encrypted cache cluster of the chosen size; clients cannot flush it without permission (FSBP APIGateway.5, CKV_AWS_308)", () => {
        const stage = rec.one(aws.apigateway.Stage, "api-stage").inputs;
        assert.equal(stage.cacheClusterEnabled, true);
        assert.equal(stage.cacheClusterSize, "1.6");
        const all = rec.one(aws.apigateway.MethodSettings, "api-settings").inputs.settings;
        assert.equal(all.cacheDataEncrypted, true);
        assert.equal(all.requireAuthorizationForCacheControl, true);
        assert.equal(all.unauthorizedCacheControlHeaderStrategy, "FAIL_WITH_403");
        // AWS caches GET methods by default once the stage has a cache: the stage-wide entry says no.
        assert.equal(all.cachingEnabled, false, "routes opt in one by one");
    });

    it("a GET route that does not ask for caching is written cachingEnabled: false on its own path", async () => {
        const mixed = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            cache: { size: "0.5" },
            routes: { "GET /cached": { lambda: { functionArn: functionArn() }, cache: {} }, "GET /fresh": { lambda: { functionArn: functionArn() } }, "POST /fresh": { lambda: { functionArn: functionArn() } } },
        });
        const own = (route: string) => mixed.find(aws.apigateway.MethodSettings, `api-settings-${slugOf(route)}`)?.inputs.settings;
        assert.equal(own("GET /cached")!.cachingEnabled, true);
        assert.equal(own("GET /fresh")!.cachingEnabled, false);
        assert.equal(own("GET /fresh")!.cacheDataEncrypted, true);
        assert.equal(own("POST /fresh"), undefined, "non-GET methods are not cached by default; the stage-wide false covers them");
    });

    it("a cached public route serves a Cache-Control: max-age=0 from an anonymous caller from the cache, instead of a 403", async () => {
        assert.equal(settings("GET /catalogue").settings.unauthorizedCacheControlHeaderStrategy, "SUCCEED_WITHOUT_RESPONSE_HEADER");
        assert.equal(settings("GET /catalogue").settings.requireAuthorizationForCacheControl, true, "the anonymous caller still cannot flush or bypass it");
        assert.equal(settings("GET /feed").settings.unauthorizedCacheControlHeaderStrategy, "FAIL_WITH_403");
        const chosen = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            cache: { size: "0.5" },
            routes: { "GET /feed": { lambda: { functionArn: functionArn() }, cache: { unauthorizedCacheControl: "SUCCEED_WITH_RESPONSE_HEADER" } } },
        });
        assert.equal(chosen.one(aws.apigateway.MethodSettings, `api-settings-${slugOf("GET /feed")}`).inputs.settings.unauthorizedCacheControlHeaderStrategy, "SUCCEED_WITH_RESPONSE_HEADER");
    });

    it("per-route settings use the escaped method path and the route's TTL, or the stage default", () => {
        assert.equal(methodSettingsPath("GET", "/notes/{id}"), "~1notes~1{id}/GET");
        const notes = settings("GET /notes/{id}");
        assert.equal(notes.methodPath, "~1notes~1{id}/GET");
        assert.equal(notes.settings.cachingEnabled, true);
        assert.equal(notes.settings.cacheTtlInSeconds, 30);
        assert.equal(notes.settings.cacheDataEncrypted, true);
        assert.equal(settings("GET /feed").settings.cacheTtlInSeconds, 120);
        assert.equal(settings("GET /partner/stock").methodPath, "~1partner~1stock/GET");
    });

    it("throttling: a stage default on every method and a per-route override on its escaped path", () => {
        const all = rec.one(aws.apigateway.MethodSettings, "api-settings").inputs;
        assert.equal(all.methodPath, "*/*");
        assert.equal(all.settings.throttlingRateLimit, 100);
        assert.equal(all.settings.throttlingBurstLimit, 200);
        const post = settings("POST /notes");
        assert.equal(post.methodPath, "~1notes/POST");
        assert.equal(post.settings.throttlingRateLimit, 5);
        assert.equal(post.settings.throttlingBurstLimit, 10);
        assert.equal(post.settings.cachingEnabled, false, "the stage caches, this route does not");
        assert.ok(rec.dependsOn(rec.one(aws.apigateway.MethodSettings, `api-settings-${slugOf("POST /notes")}`), rec.one(aws.apigateway.MethodSettings, "api-settings")));
    });

    it("only routes with a cache or throttle override get settings of their own", async () => {
        const plain = await recordApi({
            userPoolArn,
            defaultAuthorization: "cognito",
            routes: { "GET /a": { lambda: { functionArn: functionArn() } }, "GET /b": { lambda: { functionArn: functionArn() }, throttle: { rateLimit: 1, burstLimit: 1 } } },
        });
        assert.deepEqual(plain.all(aws.apigateway.MethodSettings).map((s) => s.inputs.methodPath).sort(), ["*/*", "~1b/GET"]);
    });
});
