import { strict as assert } from "assert";
import type { AuthorizedApiArgs, S3RouteBucket } from "../../components";
import { operationOf, recordApi, userPoolArn } from "../support/api";
import { alice, bob } from "../support/identities";

/**
 * A `{key+}` of an S3 route cannot leave the caller's prefix (issue 12, security gap 5).
 *
 * The route calls S3 at `path/<bucket>/<private prefix>{owner}/{key}`, with `{owner}` from the
 * authorizer and `{key}` from `method.request.path.key`. The route's role may write `private/*` (every
 * user's prefix: see the plan's service roles), so IAM does not stop a key that escapes; only the key
 * itself can. What is shown offline, from the recorded OpenAPI document:
 * - nothing but the authorizer's context sets `{owner}`, and `{key}` comes after it;
 * - with S3's key semantics, every key a caller can send lands under `private/<own id>/`, whether API
 *   Gateway hands the integration the parameter decoded (`..`) or as sent (`%2E%2E`, `%2F`).
 *
 * S3's semantics, from its documentation and the SDKs: a key is the path after the bucket, percent-
 * decoded, with no hierarchy ("Naming Amazon S3 objects": a flat structure, `/` has no meaning to S3),
 * and dot segments are not resolved: botocore PR #3244 and aws-cli PR #8900 pin that the SDKs send
 * `foo/../key.txt` as is, and AWS S3 accepts `a//b/./c/../d` as a key (rustfs PR #7314). At worst S3
 * refuses a request whose dot segments would climb above the bucket (400; floci issue #1320); it never
 * resolves one to another key.
 *
 * Not provable offline: that API Gateway itself neither resolves dot segments in the request path it
 * routes nor in the integration URL it sends to S3 (an HTTP client following RFC 3986 section 5.2.4,
 * as WHATWG URL parsing does, would: remix-run/remix PR #11843). The last test shows that such a
 * client would let `../<victim>/` escape, so the property rests on that AWS behaviour.
 */

const bucketName = "photos-bucket-1234567";
const bucket: S3RouteBucket = { bucketName, bucketArn: `arn:aws:s3:::${bucketName}` };
const bySub: S3RouteBucket = { ...bucket, ownerPrincipalTag: "sub" };

const routes: AuthorizedApiArgs["routes"] = {
    "GET /files/{key+}": { s3: { bucket: bySub, operation: "get" } },
    "PUT /files/{key+}": { s3: { bucket: bySub, operation: "put" } },
    "DELETE /files/{key+}": { s3: { bucket: bySub, operation: "delete" } },
    "GET /iam/{key+}": { s3: { bucket, operation: "get" }, authorization: "iam" },
    "PUT /iam/{key+}": { s3: { bucket, operation: "put" }, authorization: "iam" },
};

/** Where each authorizer puts the caller's id, and the id a caller of that kind has. */
const owners = {
    cognito: { parameter: "context.authorizer.claims.sub", alice: alice.sub!, bob: bob.sub! },
    iam: { parameter: "context.identity.cognitoIdentityId", alice: alice.identityId, bob: bob.identityId },
};

/**
 * Keys a caller might send in the path after `/files/`, as they appear in the request URL: dot
 * segments plain and percent-encoded, an encoded `/`, double encoding, and a backslash.
 */
const hostileKeys = (victim: string) => [
    "..",
    "../",
    `../${victim}/photo.jpg`,
    `../../private/${victim}/photo.jpg`,
    `a/../../${victim}/photo.jpg`,
    `%2E%2E/${victim}/photo.jpg`,
    `%2e%2e%2F${victim}%2Fphoto.jpg`,
    `..%2F${victim}%2Fphoto.jpg`,
    `.%2E/${victim}/photo.jpg`,
    `%252E%252E/${victim}/photo.jpg`,
    `..\\${victim}\\photo.jpg`,
    `./../${victim}/photo.jpg`,
];

/** The object key S3 reads from a request path: after `/<bucket>/`, percent-decoded once, dot segments kept. */
function s3KeyOf(requestPath: string): string {
    assert.ok(requestPath.startsWith(`/${bucketName}/`), `the request does not address ${bucketName}: ${requestPath}`);
    return decodeURIComponent(requestPath.slice(bucketName.length + 2));
}

/** The integration's request path for one call: the URI's path with the mapped parameters put in. */
function integrationPath(uri: string, values: Record<string, string>): string {
    const path = /:s3:path(\/.*)$/.exec(uri)?.[1];
    assert.ok(path, `not an S3 path integration: ${uri}`);
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
        assert.ok(name in values, `the URI names {${name}}, which nothing maps`);
        return values[name];
    });
}

describe("AuthorizedApi S3 routes: a {key+} stays under the caller's prefix", () => {
    let integrations: Record<string, any>;
    before(async () => {
        const rec = await recordApi({ userPoolArn, defaultAuthorization: "cognito", routes });
        integrations = Object.fromEntries(Object.keys(routes).map((route) => [route, operationOf(rec, route)["x-amazon-apigateway-integration"]]));
    });

    const authorizationOf = (route: string): keyof typeof owners => (route.includes("/iam/") ? "iam" : "cognito");

    it("maps {owner} only from the authorizer and {key} only from the path, in that order, with no template that rewrites the path", () => {
        for (const [route, integration] of Object.entries(integrations)) {
            assert.equal(integration.uri, `arn:aws:apigateway:us-east-1:s3:path/${bucketName}/private/{owner}/{key}`, route);
            const parameters: Record<string, string> = integration.requestParameters;
            assert.equal(parameters["integration.request.path.owner"], owners[authorizationOf(route)].parameter, route);
            assert.equal(parameters["integration.request.path.key"], "method.request.path.key", route);
            const pathMappings = Object.keys(parameters).filter((p) => p.startsWith("integration.request.path."));
            assert.deepEqual(pathMappings.sort(), ["integration.request.path.key", "integration.request.path.owner"], route);
            // A mapping template could override the path ($context.requestOverride.path); these routes have none.
            assert.equal(integration.requestTemplates, undefined, route);
        }
    });

    it("every hostile key, decoded by API Gateway or passed as sent, names an object under private/<caller>/", () => {
        for (const [route, integration] of Object.entries(integrations)) {
            const who = owners[authorizationOf(route)];
            for (const sent of hostileKeys(who.bob)) {
                // API Gateway may hand the integration the decoded parameter or the text as sent; both are checked.
                for (const key of new Set([sent, safeDecode(sent)])) {
                    const objectKey = s3KeyOf(integrationPath(integration.uri, { owner: who.alice, key }));
                    assert.ok(objectKey.startsWith(`private/${who.alice}/`), `${route} with key ${JSON.stringify(sent)} reaches ${JSON.stringify(objectKey)}`);
                    assert.ok(!objectKey.startsWith(`private/${who.bob}/`), `${route}: ${JSON.stringify(sent)} reaches bob's prefix`);
                }
            }
        }
    });

    it("the check above would catch an escape: a client that resolves dot segments (RFC 3986 5.2.4) sends ../bob/ to bob's prefix", () => {
        const integration = integrations["PUT /files/{key+}"];
        const who = owners.cognito;
        const path = integrationPath(integration.uri, { owner: who.alice, key: `../${who.bob}/photo.jpg` });
        // WHATWG URL parsing removes dot segments: the behaviour API Gateway must not have (not provable offline).
        const resolved = new URL(`https://s3.us-east-1.amazonaws.com${path}`).pathname;
        assert.equal(s3KeyOf(resolved), `private/${who.bob}/photo.jpg`);
        assert.equal(s3KeyOf(path), `private/${who.alice}/../${who.bob}/photo.jpg`, "S3 itself keeps the key literally");
    });
});

function safeDecode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}
