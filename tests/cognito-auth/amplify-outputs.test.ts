import { strict as assert } from "assert";
import { Amplify } from "aws-amplify";
import { uploadData } from "aws-amplify/storage";
import { listPaths } from "@aws-amplify/storage/internals";
import { amplifyOutputs, AmplifyOutputs, CognitoAuth, SecureUserBucket, UserBackendInputError } from "../../components";
import { AccessSimulator, record, RoleSessionPrincipal } from "../../offline";
import { alice, bob } from "../support/identities";

/**
 * The Amplify Gen 2 outputs, handed to the real aws-amplify v6: `Amplify.configure(outputs)`, then an
 * `uploadData` for a signed-in identity (credentials and identity id from a credentials provider, the
 * S3 request caught at `fetch`), and the key Amplify computed checked against the recorded policies.
 */
describe("amplifyOutputs (Amplify Gen 2 outputs) with aws-amplify v6", () => {
    const realFetch = globalThis.fetch;
    afterEach(() => {
        globalThis.fetch = realFetch;
        Amplify.configure({});
    });

    /** Amplify's library options: a signed-in session of `identityId`, with fake credentials and tokens. */
    function signedIn(identityId: string) {
        const token = (payload: Record<string, string | string[]>) => ({ payload, toString: () => "header.payload.signature" });
        return {
            Auth: {
                credentialsProvider: {
                    getCredentialsAndIdentityId: async () => ({
                        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token", expiration: new Date(Date.now() + 3600_000) },
                        identityId,
                    }),
                    clearCredentialsAndIdentityId: () => {},
                },
                tokenProvider: { getTokens: async () => ({ accessToken: token({ sub: "x", "cognito:groups": [] }), idToken: token({ sub: "x" }) }) },
            },
        };
    }

    /** Replaces fetch: every request is answered 200 with an ETag, and its URL kept. */
    function catchRequests(): URL[] {
        const seen: URL[] = [];
        globalThis.fetch = (async (input: string | URL | Request) => {
            seen.push(new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url));
            return new Response("", { status: 200, headers: { ETag: '"etag"' } });
        }) as typeof fetch;
        return seen;
    }

    async function identityKeyed() {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", { groups: { editors: { precedence: 1, role: true } } });
            const photos = new SecureUserBucket("photos", {});
            photos.grantUserAccess("users", { roles: auth.signedInRoles, public: ["read", "write"] });
            return {
                outputs: amplifyOutputs(auth, { buckets: [photos] }),
                authOnly: auth.amplifyOutputs!,
                granted: photos.grantedAccess,
                bucket: photos.bucketName,
                identityPoolId: auth.identityPoolId,
                providerName: auth.providerName,
                authenticated: auth.authenticatedRoleName,
                config: auth.amplifyConfig!,
            };
        });
        return rec;
    }

    it("auth only: Amplify reads the same pool, client, identity pool, MFA and password policy as from amplifyConfig", async () => {
        const rec = await identityKeyed();
        const { authOnly, config } = rec.result;
        assert.equal(authOnly.version, "1.4");
        assert.equal(authOnly.storage, undefined);
        Amplify.configure(authOnly);
        const fromOutputs = Amplify.getConfig().Auth?.Cognito;
        assert.ok(fromOutputs);
        const gen1 = config.Auth.Cognito;
        assert.equal(fromOutputs.userPoolId, gen1.userPoolId);
        assert.equal(fromOutputs.userPoolClientId, gen1.userPoolClientId);
        assert.equal(fromOutputs.identityPoolId, gen1.identityPoolId);
        assert.deepEqual(fromOutputs.mfa, gen1.mfa);
        assert.deepEqual(fromOutputs.passwordFormat, gen1.passwordFormat);
        assert.deepEqual(fromOutputs.groups, gen1.groups);
        assert.equal(fromOutputs.loginWith?.email, true);
        assert.equal(authOnly.auth.aws_region, "us-east-1");
    });

    it("storage paths follow the grants: owner paths for entityidentity, shared prefixes per caller kind", async () => {
        const rec = await identityKeyed();
        const { outputs, bucket, granted } = rec.result as { outputs: AmplifyOutputs; bucket: string; granted: unknown[] };
        assert.equal(granted.length, 1);
        assert.deepEqual(outputs.storage?.buckets, [
            {
                name: "photos",
                bucket_name: bucket,
                aws_region: "us-east-1",
                paths: {
                    "private/${cognito-identity.amazonaws.com:sub}/*": { entityidentity: ["get", "list", "write", "delete"] },
                    "protected/${cognito-identity.amazonaws.com:sub}/*": { entityidentity: ["get", "list", "write", "delete"] },
                    "protected/*": { authenticated: ["get", "list"], groupseditors: ["get", "list"] },
                    "public/*": { authenticated: ["get", "list", "write"], groupseditors: ["get", "list", "write"] },
                },
            },
        ]);
        assert.equal(outputs.storage?.bucket_name, bucket);
        assert.equal(outputs.custom, undefined, "nothing to note");
    });

    it("Amplify resolves alice's own path and uploads to a key her role may write, and bob's is refused", async () => {
        const rec = await identityKeyed();
        const outputs = rec.result.outputs as AmplifyOutputs;
        Amplify.configure(outputs, signedIn(alice.identityId));

        // Amplify's own resolution of the configured paths for this session.
        const { locations } = await listPaths();
        const own = locations.find((l) => l.prefix === `private/${alice.identityId}/*`);
        assert.ok(own, JSON.stringify(locations));
        assert.deepEqual(own.permission, ["get", "list", "write", "delete"]);

        const requests = catchRequests();
        await uploadData({ path: ({ identityId }) => `private/${identityId}/holiday.jpg`, data: "jpeg bytes", options: { bucket: "photos" } }).result;
        assert.equal(requests.length, 1);
        const url = requests[0];
        assert.equal(url.hostname, `${rec.result.bucket}.s3.us-east-1.amazonaws.com`);
        const key = decodeURIComponent(url.pathname.slice(1));
        assert.equal(key, `private/${alice.identityId}/holiday.jpg`);

        const sim = AccessSimulator.load(rec);
        const session: RoleSessionPrincipal = {
            role: rec.result.authenticated,
            identityId: alice.identityId,
            webIdentity: { identityPoolId: rec.result.identityPoolId, amr: "authenticated", provider: rec.result.providerName },
        };
        const object = (k: string) => `arn:aws:s3:::${rec.result.bucket}/${k}`;
        assert.equal(await sim.can(session, "s3:PutObject", object(key)), true);
        assert.equal(await sim.can(session, "s3:PutObject", object(key.replace(alice.identityId, bob.identityId))), false);
        assert.equal(await sim.can(session, "s3:GetObject", object(`private/${bob.identityId}/holiday.jpg`)), false);
    });

    it("a bucket keyed by the user pool sub gets no per-user path Amplify would resolve wrongly, and says what the app must do", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", { principalTags: { sub: "sub" } });
            const photos = new SecureUserBucket("photos", { ownerPrincipalTag: "sub" });
            photos.grantUserAccess("users", { identities: auth });
            return { outputs: amplifyOutputs(auth, { buckets: [photos] }), bucket: photos.bucketName, identityPoolId: auth.identityPoolId, providerName: auth.providerName, role: auth.authenticatedRoleName };
        });
        const outputs = rec.result.outputs as AmplifyOutputs;
        const paths = outputs.storage!.buckets[0].paths;
        assert.deepEqual(Object.keys(paths), ["protected/*", "public/*"]);
        assert.ok(!Object.keys(paths).some((p) => p.includes("$")), "no per-user pattern at all");
        assert.deepEqual(outputs.custom?.user_backend.owner_keyed_paths, [
            { bucket: "photos", path: "private/${aws:PrincipalTag/sub}/*", owner_claim: "sub", operations: ["get", "list", "write", "delete"] },
            { bucket: "photos", path: "protected/${aws:PrincipalTag/sub}/*", owner_claim: "sub", operations: ["get", "list", "write", "delete"] },
        ]);
        assert.match(outputs.custom!.user_backend.notes[0], /keyed by \$\{aws:PrincipalTag\/sub\}.*token claim "sub".*idToken\?\.payload\.sub/);

        // What the note tells the app to do is what the policy allows: the key built from the sub.
        const sim = AccessSimulator.load(rec);
        const session: RoleSessionPrincipal = {
            role: rec.result.role,
            identityId: alice.identityId,
            principalTags: { sub: alice.sub! },
            webIdentity: { identityPoolId: rec.result.identityPoolId, amr: "authenticated", provider: rec.result.providerName },
        };
        assert.equal(await sim.can(session, "s3:PutObject", `arn:aws:s3:::${rec.result.bucket}/private/${alice.sub}/a.jpg`), true);
        assert.equal(await sim.can(session, "s3:PutObject", `arn:aws:s3:::${rec.result.bucket}/private/${alice.identityId}/a.jpg`), false, "the identity-id key {entity_id} would give is refused");
    });

    it("grantedAccess says the same for a grant given as data (grants) as for grantUserAccess", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", {});
            const viaMethod = new SecureUserBucket("a", {});
            viaMethod.grantUserAccess("users", { roles: { authenticated: auth.authenticatedRoleName }, protectedOthers: [] });
            const viaData = new SecureUserBucket("b", { grants: [{ name: "users", roleNames: { authenticated: auth.authenticatedRoleName }, protectedOthers: [] }] });
            return { a: viaMethod.grantedAccess, b: viaData.grantedAccess };
        });
        assert.deepEqual(rec.result.a, rec.result.b);
        assert.deepEqual(rec.result.a, [
            {
                name: "users",
                roleKeys: ["authenticated"],
                ownerVariable: "${cognito-identity.amazonaws.com:sub}",
                prefixes: [
                    { prefix: "private/${cognito-identity.amazonaws.com:sub}/", perOwner: true, operations: ["get", "list", "write", "delete"] },
                    { prefix: "protected/${cognito-identity.amazonaws.com:sub}/", perOwner: true, operations: ["get", "list", "write", "delete"] },
                    { prefix: "public/", perOwner: false, operations: ["get", "list"] },
                ],
            },
        ]);
    });

    it("a role key outside the signedInRoles convention is left out of paths, with a note", async () => {
        const rec = await record(() => {
            const auth = new CognitoAuth("auth", {});
            const photos = new SecureUserBucket("photos", {});
            photos.grantUserAccess("users", { roles: { reader: auth.authenticatedRoleName } });
            return { outputs: amplifyOutputs(auth, { buckets: [photos] }) };
        });
        const outputs = rec.result.outputs as AmplifyOutputs;
        assert.deepEqual(outputs.storage!.buckets[0].paths, {});
        assert.match(outputs.custom!.user_backend.notes[0], /role key "reader" is not "authenticated", "guest" or "group-<name>"/);
    });

    describe("rules, checked before anything is built", () => {
        it("needs a public client", async () => {
            await assert.rejects(
                record(() => {
                    const auth = new CognitoAuth("auth", { clients: { server: { confidential: true } } });
                    amplifyOutputs(auth);
                    return {};
                }),
                {
                    name: "UserBackendInputError",
                    message: 'amplifyOutputs "amplify_outputs.json": auth must have a public app client (one without a secret, which Amplify signs in with); every client is confidential',
                },
            );
        });

        it("refuses a bucket with no grant yet, a bucket listed twice, and a default bucket not listed", async () => {
            await assert.rejects(
                record(() => {
                    const auth = new CognitoAuth("auth", {});
                    const photos = new SecureUserBucket("photos", {});
                    const other = new SecureUserBucket("other", {});
                    other.grantUserAccess("users", { roles: auth.signedInRoles });
                    amplifyOutputs(auth, { buckets: [photos, other, other], defaultBucket: new SecureUserBucket("third", {}) });
                    return {};
                }),
                (err: unknown) => {
                    assert.ok(err instanceof UserBackendInputError);
                    assert.equal(
                        err.message,
                        'amplifyOutputs "amplify_outputs.json": 3 invalid inputs:\n' +
                            "  - buckets[0] has no grant yet: call amplifyOutputs after grantUserAccess (or give the bucket grants), or Amplify gets no path (received: [])\n" +
                            "  - buckets[2] is the same bucket as buckets[1]; Amplify refuses a friendly name twice\n" +
                            "  - defaultBucket must be one of buckets",
                    );
                    return true;
                },
            );
        });
    });
});
