import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { strict as assert } from "assert";
import { handler as lambdaHandler, makeHandler, MAX_DOWNLOAD_BYTES } from "../../stacks/handlers/photos";
import { LocalS3, mockAwsClient, startS3Server } from "../support/s3-server";

const ALICE = "0a1b2c3d-1111-4111-8111-aaaaaaaaaaaa";
const BOB = "0a1b2c3d-2222-4222-8222-bbbbbbbbbbbb";

type Request = {
    method?: string;
    resource?: string;
    name?: string;
    query?: Record<string, string>;
    /** The verified claims; null for a request that reached the handler without an authorizer. */
    claims?: Record<string, string> | null;
    path?: string;
    body?: string;
};

/** An API Gateway REST proxy event for the photos API, as the Cognito authorizer passes it on. */
function request({ method = "GET", resource = "/photos", name, query, claims = { sub: ALICE }, path, body }: Request = {}): APIGatewayProxyEvent {
    return {
        httpMethod: method,
        resource,
        path: path ?? (name === undefined ? resource : `/photos/${name}`),
        pathParameters: name === undefined ? null : { name },
        queryStringParameters: query ?? null,
        multiValueQueryStringParameters: null,
        headers: {},
        multiValueHeaders: {},
        body: body ?? null,
        isBase64Encoded: false,
        stageVariables: null,
        requestContext: { authorizer: claims === null ? undefined : { claims } } as APIGatewayProxyEvent["requestContext"],
    };
}

const download = (name: string, extra: Request = {}) => request({ resource: "/photos/{name}", name, ...extra });
const parse = (response: APIGatewayProxyResult) => JSON.parse(response.body);

/** A GetObject body as the SDK returns it, recording whether the handler let go of it unread. */
function objectBody(bytes: Uint8Array) {
    const body = { destroyed: false, transformToByteArray: async () => bytes, destroy: () => { body.destroyed = true; } };
    return body;
}

/** Silences console.error for the duration of `run`, and returns what was logged. */
async function capturingErrors<T>(run: () => Promise<T>): Promise<{ result: T; logged: unknown[][] }> {
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { logged.push(args); };
    try {
        return { result: await run(), logged };
    } finally {
        console.error = original;
    }
}

describe("photos handler", () => {
    const s3 = new S3Client({ region: "us-east-1" });
    const s3Mock = mockAwsClient(s3);
    const handler = makeHandler({ s3, bucket: "photos-bucket" });

    beforeEach(() => {
        s3Mock.reset();
        s3Mock.on(ListObjectsV2Command).resolves({ Contents: [] });
    });
    after(() => s3Mock.restore());

    const listInput = () => s3Mock.commandCalls(ListObjectsV2Command)[0].args[0].input;
    const getInput = () => s3Mock.commandCalls(GetObjectCommand)[0].args[0].input;

    describe("who the caller is", () => {
        it("lists the folder of the user named by the token's sub claim", async () => {
            await handler(request());
            assert.equal(listInput().Bucket, "photos-bucket");
            assert.equal(listInput().Prefix, `private/${ALICE}/`);
        });

        it("ignores an owner given in the query, path or body", async () => {
            await handler(request({ query: { owner: BOB, prefix: `private/${BOB}/` }, path: `/users/${BOB}/photos`, body: JSON.stringify({ owner: BOB }) }));
            assert.equal(listInput().Prefix, `private/${ALICE}/`);

            s3Mock.on(GetObjectCommand).resolves({ Body: objectBody(new Uint8Array([1])) as never });
            await handler(download("cat.jpg", { query: { owner: BOB }, path: `/photos/../${BOB}/cat.jpg` }));
            assert.equal(getInput().Key, `private/${ALICE}/cat.jpg`);
        });

        it("uses the configured prefix", async () => {
            await makeHandler({ s3, bucket: "photos-bucket", prefix: "users/" })(request());
            assert.equal(listInput().Prefix, `users/${ALICE}/`);
        });

        for (const [label, claims] of [
            ["without an authorizer", null],
            ["without a sub claim", { "cognito:username": "alice" }],
            ["with an empty sub claim", { sub: "" }],
        ] as const) {
            it(`refuses a request ${label} with 401, before touching S3`, async () => {
                for (const event of [request({ claims }), download("cat.jpg", { claims })]) {
                    const response = await handler(event);
                    assert.equal(response.statusCode, 401);
                    assert.equal(response.headers?.["content-type"], "application/json");
                    assert.ok(parse(response).error);
                }
                assert.equal(s3Mock.calls().length, 0);
            });
        }
    });

    describe("GET /photos", () => {
        const lastModified = new Date("2025-05-01T12:00:00Z");

        it("returns the names, sizes and dates of the caller's photos, without their folder", async () => {
            s3Mock.on(ListObjectsV2Command).resolves({
                Contents: [
                    { Key: `private/${ALICE}/cat.jpg`, Size: 1234, LastModified: lastModified },
                    { Key: `private/${ALICE}/dog.png`, Size: 99, LastModified: lastModified },
                ],
            });
            const response = await handler(request());
            assert.equal(response.statusCode, 200);
            assert.equal(response.headers?.["content-type"], "application/json");
            assert.deepEqual(parse(response), {
                photos: [
                    { name: "cat.jpg", size: 1234, lastModified: lastModified.toISOString() },
                    { name: "dog.png", size: 99, lastModified: lastModified.toISOString() },
                ],
            });
        });

        it("asks for 100 photos by default and no more than the given limit", async () => {
            await handler(request());
            assert.equal(listInput().MaxKeys, 100);
            assert.equal(listInput().ContinuationToken, undefined);

            s3Mock.resetHistory();
            await handler(request({ query: { limit: "1000" } }));
            assert.equal(listInput().MaxKeys, 1000);
        });

        it("pages with a cursor: returns the next one while there are more, and resumes from it", async () => {
            s3Mock.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
                Contents: [{ Key: `private/${ALICE}/a.jpg`, Size: 1, LastModified: lastModified }],
                IsTruncated: true,
                NextContinuationToken: "page-2",
            });
            s3Mock.on(ListObjectsV2Command, { ContinuationToken: "page-2" }).resolves({
                Contents: [{ Key: `private/${ALICE}/b.jpg`, Size: 2, LastModified: lastModified }],
                IsTruncated: false,
            });

            const first = parse(await handler(request({ query: { limit: "1" } })));
            assert.deepEqual(first.photos.map((p: { name: string }) => p.name), ["a.jpg"]);
            assert.equal(first.cursor, "page-2");

            const second = parse(await handler(request({ query: { limit: "1", cursor: first.cursor } })));
            assert.deepEqual(second.photos.map((p: { name: string }) => p.name), ["b.jpg"]);
            assert.equal("cursor" in second, false, "the last page has no cursor");
            assert.equal(s3Mock.commandCalls(ListObjectsV2Command)[1].args[0].input.MaxKeys, 1);
        });

        it("keeps the caller's folder when resuming from a cursor", async () => {
            await handler(request({ query: { cursor: "anything" } }));
            assert.equal(listInput().Prefix, `private/${ALICE}/`);
            assert.equal(listInput().ContinuationToken, "anything");
        });

        for (const limit of ["0", "1001", "-1", "1.5", "ten", "", " 5", "1e2"]) {
            it(`refuses limit=${JSON.stringify(limit)} with 400, before touching S3`, async () => {
                const response = await handler(request({ query: { limit } }));
                assert.equal(response.statusCode, 400);
                assert.match(parse(response).error, /limit/);
                assert.equal(s3Mock.calls().length, 0);
            });
        }

        it("refuses a cursor S3 does not recognise with 400", async () => {
            s3Mock.on(ListObjectsV2Command).rejects(new S3ServiceException({ name: "InvalidArgument", $fault: "client", $metadata: {}, message: "The continuation token provided is incorrect" }));
            const response = await handler(request({ query: { cursor: "forged" } }));
            assert.equal(response.statusCode, 400);
            assert.match(parse(response).error, /cursor/);
        });
    });

    describe("GET /photos/{name}", () => {
        it("returns the photo's bytes base64-encoded, with its content type", async () => {
            const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x10]);
            s3Mock.on(GetObjectCommand).resolves({ Body: objectBody(bytes) as never, ContentType: "image/jpeg", ContentLength: bytes.length });
            const response = await handler(download("cat.jpg"));
            assert.equal(response.statusCode, 200);
            assert.equal(response.isBase64Encoded, true);
            assert.equal(response.headers?.["content-type"], "image/jpeg");
            assert.deepEqual(new Uint8Array(Buffer.from(response.body, "base64")), bytes);
            assert.deepEqual(getInput(), { Bucket: "photos-bucket", Key: `private/${ALICE}/cat.jpg` });
        });

        it("serves an object without a content type as application/octet-stream", async () => {
            s3Mock.on(GetObjectCommand).resolves({ Body: objectBody(new Uint8Array([1, 2])) as never });
            const response = await handler(download("data.bin"));
            assert.equal(response.headers?.["content-type"], "application/octet-stream");
        });

        it("answers 404 when the caller has no photo by that name", async () => {
            s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: "The specified key does not exist.", $metadata: {} }));
            const response = await handler(download("missing.jpg"));
            assert.equal(response.statusCode, 404);
            assert.equal(response.headers?.["content-type"], "application/json");
        });

        for (const [label, name] of [
            ["..", ".."],
            ["a path with a slash", "a/b"],
            ["a path going up", "../" + BOB + "/cat.jpg"],
            ["a hidden name", ".hidden"],
            ["an empty name", ""],
            ["201 characters", "a".repeat(201)],
            ["a space", "my cat.jpg"],
            ["an encoded slash", "a%2Fb"],
        ]) {
            it(`refuses ${label} with 400, before touching S3`, async () => {
                const response = await handler(download(name));
                assert.equal(response.statusCode, 400);
                assert.match(parse(response).error, /name/);
                assert.equal(s3Mock.calls().length, 0);
            });
        }

        it("refuses a request without the name parameter with 400", async () => {
            const response = await handler(request({ resource: "/photos/{name}" }));
            assert.equal(response.statusCode, 400);
        });

        it("accepts names of up to 200 letters, digits, dots, dashes and underscores", async () => {
            s3Mock.on(GetObjectCommand).resolves({ Body: objectBody(new Uint8Array([1])) as never });
            for (const name of ["a".repeat(200), "IMG_2024-05-01.v2.jpeg", "_", "-x", "a..b"]) {
                assert.equal((await handler(download(name))).statusCode, 200, name);
            }
        });

        it("refuses a photo too large for a Lambda response with 413, without reading it", async () => {
            const body = objectBody(new Uint8Array([1]));
            s3Mock.on(GetObjectCommand).resolves({ Body: body as never, ContentLength: 5 * 1024 * 1024 + 1, ContentType: "image/jpeg" });
            const response = await handler(download("huge.jpg"));
            assert.equal(response.statusCode, 413);
            assert.equal(response.headers?.["content-type"], "application/json");
            assert.match(parse(response).error, /larger than/);
            assert.equal(body.destroyed, true, "the unread body is released");
        });

        it("sets its size limit so that a photo's base64 encoding fits the 6 MB response limit", async () => {
            assert.ok(Math.ceil(MAX_DOWNLOAD_BYTES / 3) * 4 < 6 * 1000 * 1000 - 10_000, "room left for headers");
            s3Mock.on(GetObjectCommand).resolves({ Body: objectBody(new Uint8Array([1])) as never, ContentLength: MAX_DOWNLOAD_BYTES + 1 });
            assert.equal((await handler(download("big.jpg"))).statusCode, 413);
        });

        it("refuses a large photo with 413 even when S3 does not say its length", async () => {
            s3Mock.on(GetObjectCommand).resolves({ Body: objectBody(new Uint8Array(MAX_DOWNLOAD_BYTES + 1)) as never });
            assert.equal((await handler(download("big.jpg"))).statusCode, 413);
        });
    });

    describe("anything else", () => {
        for (const [method, resource] of [["POST", "/photos"], ["DELETE", "/photos/{name}"], ["GET", "/admin"], ["GET", "/{proxy+}"]]) {
            it(`answers ${method} ${resource} with 404`, async () => {
                const response = await handler(request({ method, resource, name: "cat.jpg" }));
                assert.equal(response.statusCode, 404);
                assert.equal(response.headers?.["content-type"], "application/json");
                assert.equal(s3Mock.calls().length, 0);
            });
        }

        it("answers an S3 failure with a generic 500 and logs the error, without passing it on", async () => {
            const secret = "User: arn:aws:sts::123456789012:assumed-role/photos-fn is not authorized on photos-bucket-7f3a";
            s3Mock.on(ListObjectsV2Command).rejects(new S3ServiceException({ name: "AccessDenied", $fault: "client", $metadata: {}, message: secret }));
            s3Mock.on(GetObjectCommand).rejects(new Error(secret));

            for (const event of [request(), download("cat.jpg")]) {
                const { result, logged } = await capturingErrors(() => handler(event));
                assert.equal(result.statusCode, 500);
                assert.equal(result.headers?.["content-type"], "application/json");
                assert.ok(!result.body.includes("arn:aws"), "the S3 message stays out of the response");
                assert.ok(!result.body.includes("photos-bucket"));
                assert.equal(logged.length, 1);
                assert.ok(logged[0].some((arg) => arg instanceof Error && arg.message === secret), "the error is logged");
            }
        });
    });
});

describe("photos Lambda entry point", () => {
    it("takes its bucket from BUCKET_NAME and its prefix from PRIVATE_PREFIX", async () => {
        const saved = { BUCKET_NAME: process.env.BUCKET_NAME, PRIVATE_PREFIX: process.env.PRIVATE_PREFIX };
        const anyS3 = mockAwsClient(S3Client);
        try {
            process.env.BUCKET_NAME = "bucket-from-env";
            process.env.PRIVATE_PREFIX = "users/";
            anyS3.on(ListObjectsV2Command).resolves({ Contents: [] });
            assert.equal((await lambdaHandler(request())).statusCode, 200);
            const [list] = anyS3.commandCalls(ListObjectsV2Command);
            assert.equal(list.args[0].input.Bucket, "bucket-from-env");
            assert.equal(list.args[0].input.Prefix, `users/${ALICE}/`);
        } finally {
            anyS3.restore();
            for (const [name, value] of Object.entries(saved)) {
                if (value === undefined) delete process.env[name];
                else process.env[name] = value;
            }
        }
    });
});

describe("photos handler against a local S3", () => {
    let server: LocalS3;
    let handler: ReturnType<typeof makeHandler>;
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

    before(async () => {
        server = await startS3Server();
        const s3 = server.client();
        const put = (key: string, body: Uint8Array | string, contentType: string) =>
            s3.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: body, ContentType: contentType }));
        await put(`private/${ALICE}/cat.jpg`, jpeg, "image/jpeg");
        await put(`private/${ALICE}/notes.txt`, "hello", "text/plain");
        await put(`private/${ALICE}/album/nested.jpg`, jpeg, "image/jpeg");
        await put(`private/${BOB}/dog.jpg`, jpeg, "image/jpeg");
        await put(`private/${ALICE}/huge.bin`, new Uint8Array(MAX_DOWNLOAD_BYTES + 1), "application/octet-stream");
        handler = makeHandler({ s3, bucket: server.bucket });
    });
    after(() => server?.close());

    it("lists only the caller's own photos", async () => {
        const alice = parse(await handler(request()));
        assert.deepEqual(alice.photos.map((p: { name: string }) => p.name).sort(), ["cat.jpg", "huge.bin", "notes.txt"]);
        assert.equal(alice.photos.find((p: { name: string }) => p.name === "cat.jpg").size, jpeg.length);

        const bob = parse(await handler(request({ claims: { sub: BOB } })));
        assert.deepEqual(bob.photos.map((p: { name: string }) => p.name), ["dog.jpg"]);
    });

    it("downloads the caller's photo with its bytes and content type", async () => {
        const response = await handler(download("cat.jpg"));
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers?.["content-type"], "image/jpeg");
        assert.deepEqual(new Uint8Array(Buffer.from(response.body, "base64")), jpeg);
    });

    it("answers 404 for another user's photo, by name or with the owner in the query", async () => {
        assert.equal((await handler(download("dog.jpg"))).statusCode, 404);
        assert.equal((await handler(download("dog.jpg", { query: { owner: BOB } }))).statusCode, 404);
        assert.equal((await handler(download("dog.jpg", { claims: { sub: BOB } }))).statusCode, 200);
    });

    it("refuses an object over the size limit with 413 and keeps serving afterwards", async () => {
        assert.equal((await handler(download("huge.bin"))).statusCode, 413);
        assert.equal((await handler(download("notes.txt"))).statusCode, 200);
    });
});
