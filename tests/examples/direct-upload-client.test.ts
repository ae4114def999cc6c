import {
    DeleteObjectCommand,
    GetObjectCommand,
    ListObjectsV2Command,
    PutObjectCommand,
    S3Client,
} from "@aws-sdk/client-s3";
// The Cognito Identity client that fromCognitoIdentityPool really uses (not @aws-sdk/client-cognito-identity).
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from "@aws-sdk/nested-clients/cognito-identity";
import { strict as assert } from "assert";
import { randomBytes } from "crypto";
import { createPhotoClient, identityPoolCredentialsOptions, PhotoClient, UploadProgress } from "../../examples/direct-upload/client";
import { LOCAL_S3_CREDENTIALS, LocalS3, mockAwsClient, startS3Server } from "../support/s3-server";

const IDENTITY_ID = "us-east-1:5f0c7a4e-1111-4c9e-9b1a-0123456789ab";
const OTHER_IDENTITY_ID = "us-east-1:5f0c7a4e-2222-4c9e-9b1a-0123456789ab";
const FOLDER = `private/${IDENTITY_ID}/`;
const BAD_NAMES = ["..", "../other/cat.jpg", "a/b", ".hidden", "", "a".repeat(201), "my cat.jpg"];

describe("direct-upload photo client", () => {
    const s3 = new S3Client({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
    const s3Mock = mockAwsClient(s3);
    const photos = createPhotoClient({ region: "us-east-1", bucket: "photos-bucket", identityId: IDENTITY_ID, s3 });

    beforeEach(() => s3Mock.reset());
    after(() => s3Mock.restore());

    describe("keys", () => {
        it("uploads into the user's own folder, with the content type", async () => {
            s3Mock.on(PutObjectCommand).resolves({});
            await photos.upload("cat.jpg", new Uint8Array([1, 2, 3]), "image/jpeg");
            const [put] = s3Mock.commandCalls(PutObjectCommand);
            assert.equal(put.args[0].input.Bucket, "photos-bucket");
            assert.equal(put.args[0].input.Key, `${FOLDER}cat.jpg`);
            assert.equal(put.args[0].input.ContentType, "image/jpeg");
        });

        it("downloads and removes in the user's own folder", async () => {
            s3Mock.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => new Uint8Array([7]) } as never });
            s3Mock.on(DeleteObjectCommand).resolves({});
            assert.deepEqual(await photos.download("cat.jpg"), new Uint8Array([7]));
            await photos.remove("cat.jpg");
            assert.equal(s3Mock.commandCalls(GetObjectCommand)[0].args[0].input.Key, `${FOLDER}cat.jpg`);
            assert.equal(s3Mock.commandCalls(DeleteObjectCommand)[0].args[0].input.Key, `${FOLDER}cat.jpg`);
        });

        it("lists only the user's folder, every page, and returns bare names", async () => {
            s3Mock.on(ListObjectsV2Command, { ContinuationToken: undefined }).resolves({
                Contents: [{ Key: `${FOLDER}a.jpg` }],
                IsTruncated: true,
                NextContinuationToken: "page-2",
            });
            s3Mock.on(ListObjectsV2Command, { ContinuationToken: "page-2" }).resolves({ Contents: [{ Key: `${FOLDER}b.jpg` }] });
            assert.deepEqual(await photos.list(), ["a.jpg", "b.jpg"]);
            for (const call of s3Mock.commandCalls(ListObjectsV2Command)) {
                assert.equal(call.args[0].input.Prefix, FOLDER);
                assert.equal(call.args[0].input.Delimiter, "/");
            }
        });

        it("uses the configured prefix", async () => {
            s3Mock.on(PutObjectCommand).resolves({});
            const shared = createPhotoClient({ region: "us-east-1", bucket: "photos-bucket", identityId: IDENTITY_ID, prefix: "protected/", s3 });
            await shared.upload("cat.jpg", "x");
            assert.equal(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Key, `protected/${IDENTITY_ID}/cat.jpg`);
        });

        for (const name of BAD_NAMES) {
            it(`rejects the name ${JSON.stringify(name.length > 20 ? name.slice(0, 8) + "…" : name)} before sending any request`, async () => {
                const attempts: Array<[string, () => Promise<unknown>]> = [
                    ["upload", () => photos.upload(name, "x")],
                    ["download", () => photos.download(name)],
                    ["remove", () => photos.remove(name)],
                ];
                for (const [operation, attempt] of attempts) {
                    await assert.rejects(attempt, /invalid photo name/, operation);
                }
                assert.equal(s3Mock.calls().length, 0);
            });
        }

        it("refuses an identity id that could leave the user's folder", () => {
            for (const identityId of ["", "..", ".", "us-east-1:abc/../x", `${OTHER_IDENTITY_ID}/x`, "a b"]) {
                assert.throws(() => createPhotoClient({ region: "us-east-1", bucket: "b", identityId, s3 }), /invalid identityId/, identityId);
            }
        });

        it("also accepts a user pool sub as the owner, for buckets keyed by the sub", async () => {
            s3Mock.on(PutObjectCommand).resolves({});
            const sub = "0a1b2c3d-1111-4111-8111-aaaaaaaaaaaa";
            await createPhotoClient({ region: "us-east-1", bucket: "photos-bucket", identityId: sub, s3 }).upload("cat.jpg", "x");
            assert.equal(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Key, `private/${sub}/cat.jpg`);
        });
    });

    describe("credentials", () => {
        it("logs in to the identity pool with the user pool ID token, keyed by region and user pool", () => {
            const options = identityPoolCredentialsOptions({
                region: "eu-west-1",
                identityPoolId: "eu-west-1:0000aaaa-0000-4000-8000-000000000000",
                userPoolId: "eu-west-1_AbCdEf123",
                idToken: "id-token",
            });
            assert.equal(options.identityPoolId, "eu-west-1:0000aaaa-0000-4000-8000-000000000000");
            assert.deepEqual(options.logins, { "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123": "id-token" });
            assert.equal(options.clientConfig?.region, "eu-west-1");
        });

        it("needs the identity pool, user pool and ID token when given neither credentials nor a client", () => {
            const base = { region: "us-east-1", bucket: "b", identityId: IDENTITY_ID };
            for (const missing of ["identityPoolId", "userPoolId", "idToken"] as const) {
                const options = { ...base, identityPoolId: "us-east-1:pool", userPoolId: "us-east-1_Pool", idToken: "t", [missing]: undefined };
                assert.throws(() => createPhotoClient(options), /identityPoolId, userPoolId and idToken/, missing);
            }
            const credentials = async () => LOCAL_S3_CREDENTIALS;
            assert.doesNotThrow(() => createPhotoClient({ ...base, credentials }));
        });
    });
});

describe("direct-upload photo client against a local S3", () => {
    let server: LocalS3;
    before(async () => {
        server = await startS3Server();
    });
    after(() => server?.close());

    /** A client building its own S3 client, as an app does, pointed at the local server. */
    function appClient(options: Partial<Parameters<typeof createPhotoClient>[0]> = {}): PhotoClient {
        return createPhotoClient({
            region: "us-east-1",
            bucket: server.bucket,
            identityId: IDENTITY_ID,
            endpoint: server.endpoint,
            forcePathStyle: true,
            credentials: async () => LOCAL_S3_CREDENTIALS,
            ...options,
        });
    }

    it("uploads, lists, downloads and removes a small photo", async () => {
        const photos = appClient();
        const bytes = randomBytes(2048);
        await photos.upload("small.jpg", bytes, "image/jpeg");
        assert.deepEqual(await photos.list(), ["small.jpg"]);
        assert.deepEqual(Buffer.from(await photos.download("small.jpg")), bytes);

        await photos.remove("small.jpg");
        assert.deepEqual(await photos.list(), []);
        await assert.rejects(photos.download("small.jpg"), { name: "NoSuchKey" });
    });

    it("uploads a file over 5 MiB in 5 MiB parts and reads back the same bytes", async () => {
        const s3 = server.client();
        const commands: string[] = [];
        s3.middlewareStack.add((next, context) => (args) => {
            commands.push(context.commandName!);
            return next(args);
        }, { step: "initialize", name: "recordCommands" });

        const photos = appClient({ s3 });
        const bytes = randomBytes(11 * 1024 * 1024);
        const progress: UploadProgress[] = [];
        await photos.upload("movie.mp4", bytes, "video/mp4", (p) => progress.push(p));

        const count = (name: string) => commands.filter((c) => c === name).length;
        assert.equal(count("CreateMultipartUploadCommand"), 1);
        assert.equal(count("UploadPartCommand"), 3, "5 + 5 + 1 MiB");
        assert.equal(count("CompleteMultipartUploadCommand"), 1);
        assert.equal(count("PutObjectCommand"), 0);
        assert.deepEqual([...new Set(progress.map((p) => p.part))].sort(), [1, 2, 3]);
        assert.equal(Math.max(...progress.map((p) => p.loaded ?? 0)), bytes.length);

        assert.ok((await photos.list()).includes("movie.mp4"));
        assert.ok(Buffer.from(await photos.download("movie.mp4")).equals(bytes));
        await photos.remove("movie.mp4");
    });

    it("keeps each user to their own folder", async () => {
        const alice = appClient();
        const bob = appClient({ identityId: OTHER_IDENTITY_ID });
        await alice.upload("cat.jpg", "alice's cat", "image/jpeg");
        await bob.upload("cat.jpg", "bob's cat", "image/jpeg");

        assert.equal(Buffer.from(await alice.download("cat.jpg")).toString(), "alice's cat");
        assert.equal(Buffer.from(await bob.download("cat.jpg")).toString(), "bob's cat");
        await bob.remove("cat.jpg");
        assert.deepEqual(await alice.list(), ["cat.jpg"]);
        assert.deepEqual(await bob.list(), []);
        await alice.remove("cat.jpg");
    });

    it("signs its requests with the credentials provider it is given", async () => {
        let asked = 0;
        const photos = appClient({ credentials: async () => (asked++, LOCAL_S3_CREDENTIALS) });
        await photos.list();
        assert.ok(asked >= 1);

        // s3rver checks the access key id of SigV4 requests but not their signature.
        const stranger = appClient({ credentials: async () => ({ accessKeyId: "AKIDSTRANGER", secretAccessKey: "S3RVER" }) });
        await assert.rejects(stranger.list(), { name: "InvalidAccessKeyId" });
    });

    it("gets its credentials from the identity pool with the user's ID token", async () => {
        const cognito = mockAwsClient(CognitoIdentityClient);
        try {
            cognito.on(GetIdCommand).resolves({ IdentityId: IDENTITY_ID });
            cognito.on(GetCredentialsForIdentityCommand).resolves({
                IdentityId: IDENTITY_ID,
                Credentials: { AccessKeyId: "S3RVER", SecretKey: "S3RVER", SessionToken: "session", Expiration: new Date(Date.now() + 3600_000) },
            });
            const photos = appClient({
                credentials: undefined,
                identityPoolId: "us-east-1:0000aaaa-0000-4000-8000-000000000000",
                userPoolId: "us-east-1_AbCdEf123",
                idToken: "alice-id-token",
            });
            await photos.upload("from-cognito.txt", "hello", "text/plain");
            assert.equal(Buffer.from(await photos.download("from-cognito.txt")).toString(), "hello");
            await photos.remove("from-cognito.txt");

            const logins = { "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123": "alice-id-token" };
            const [getId] = cognito.commandCalls(GetIdCommand);
            assert.equal(getId.args[0].input.IdentityPoolId, "us-east-1:0000aaaa-0000-4000-8000-000000000000");
            assert.deepEqual(getId.args[0].input.Logins, logins);
            const [getCredentials] = cognito.commandCalls(GetCredentialsForIdentityCommand);
            assert.equal(getCredentials.args[0].input.IdentityId, IDENTITY_ID);
            assert.deepEqual(getCredentials.args[0].input.Logins, logins);
        } finally {
            cognito.restore();
        }
    });
});
