// The Construct specs of tests/plugin/host.test.ts: each component built through the host, from the
// plain JSON another language's SDK sends, must register exactly the children its TypeScript
// constructor registers for the same args (as record() sees them), and refuse bad input with the same
// named message.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "../../components";
import { record } from "../../offline/recorder";
import * as path from "path";
import { outputValue, PluginHost, Registration, REPOSITORY_ROOT, TestMonitor } from "../support/plugin-host";
import { evaluateYamlProgram, readYamlProgram } from "../support/yaml-program";

/** A registration as both sides can say it: type, name, parent (as type::name), and inputs with secrets and references made plain. */
interface Child {
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly inputs: unknown;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Secrets as their values, resource references as their URNs: what the recorder's inputs hold. */
function plainInputs(value: any): any {
    if (Array.isArray(value)) return value.map(plainInputs);
    if (value && typeof value === "object") {
        const sig = value[pulumi.runtime.specialSigKey];
        if (sig === SECRET_SIG) return plainInputs(value.value);
        if (sig === pulumi.runtime.specialResourceSig) return value.urn;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plainInputs(v);
        return out;
    }
    return value;
}

const nameOfUrn = (urn: string | undefined): string => {
    if (!urn) return "";
    const parts = urn.split("::");
    return `${parts[2].split("$").pop()}::${parts[3]}`;
};

function childrenOf(registrations: readonly Registration[]): Child[] {
    return registrations.map((r) => ({ type: r.type, name: r.name, parent: nameOfUrn(r.parent), inputs: plainInputs(r.inputs) })).sort((a, b) => `${a.type}::${a.name}`.localeCompare(`${b.type}::${b.name}`));
}

/** What the TypeScript constructor registers below the component for the same args. */
async function recordedChildren(build: () => pulumi.ComponentResource): Promise<Child[]> {
    const recording = await record(() => {
        build();
    });
    const component = recording.resources.find((r) => r.type.startsWith("user-backend:index:"))!;
    const below = new Set([component.urn]);
    const out = [];
    for (const r of recording.resources) {
        if (r.parent !== undefined && below.has(r.parent)) {
            below.add(r.urn);
            out.push({ urn: r.urn, type: r.type, name: r.name, custom: r.custom, parent: r.parent, inputs: r.inputs });
        }
    }
    return childrenOf(out);
}

async function constructedChildren(host: PluginHost, type: string, name: string, inputs: Record<string, unknown>): Promise<{ children: Child[]; state: Record<string, unknown>; urn: string }> {
    const monitor = await new TestMonitor().start();
    try {
        const { urn, state } = await host.construct(monitor, `user-backend:index:${type}`, name, inputs);
        return { children: childrenOf(monitor.descendantsOf(urn)), state, urn };
    } finally {
        await monitor.stop();
    }
}

/** The message a TypeScript program gets for these args: the constructor's own throw. */
async function typescriptError(build: () => unknown): Promise<string> {
    try {
        await record(() => {
            build();
        });
    } catch (e) {
        return (e as Error).message;
    }
    assert.fail("the TypeScript constructor accepted the args");
}

export const cognitoArgs = {
    mfa: "OPTIONAL",
    clients: { web: { oauth: { callbackUrls: ["https://app.acme.dev/callback"], logoutUrls: ["https://app.acme.dev/"] } } },
    domain: { prefix: "photos-example" },
    groups: { editors: { precedence: 1, role: true, description: "Curate the gallery" } },
    principalTags: { sub: "sub" },
};

export const bucketArgs = {
    ownerPrincipalTag: "sub",
    corsOrigins: ["https://app.acme.dev"],
    createKmsKey: true,
    grants: [{ name: "users", roleNames: { authenticated: "auth-authenticated-role", editors: "auth-editors-role" }, identities: { principalTagKeys: ["sub"], principalTagClaims: { sub: "sub" } } }],
};

export const apiArgs = {
    userPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example",
    defaultAuthorization: "cognito",
    accountLogRole: "none",
    routes: {
        "GET /health": { mock: { body: { ok: true } }, authorization: "none" },
        "GET /photos/{key}": { s3: { operation: "get", bucket: { bucketName: "photos-bucket-1234", bucketArn: "arn:aws:s3:::photos-bucket-1234", ownerPrincipalTag: "sub" } } },
    },
};

interface ConstructSpec {
    readonly title: string;
    run(host: PluginHost): Promise<void>;
}

const same = (type: "CognitoAuth" | "SecureUserBucket" | "AuthorizedApi", name: string, args: Record<string, unknown>, build: () => pulumi.ComponentResource, then?: (state: Record<string, unknown>) => void): ConstructSpec => ({
    title: `${type}: registers the children its TypeScript constructor registers for the same args, with the same inputs`,
    async run(host) {
        const expected = await recordedChildren(build);
        const { children, state, urn } = await constructedChildren(host, type, name, args);
        assert.equal(urn, `urn:pulumi:stack::project::user-backend:index:${type}::${name}`);
        assert.ok(expected.length > 5, `only ${expected.length} children recorded`);
        assert.deepEqual(
            children.map((c) => `${c.type}::${c.name} < ${c.parent}`),
            expected.map((c) => `${c.type}::${c.name} < ${c.parent}`),
        );
        for (let i = 0; i < expected.length; i++) assert.deepEqual(children[i].inputs, expected[i].inputs, `${expected[i].type}::${expected[i].name}`);
        then?.(state);
    },
});

export const constructSpecs: ConstructSpec[] = [
    same("CognitoAuth", "auth", cognitoArgs, () => new CognitoAuth("auth", cognitoArgs as any), (state) => {
        assert.match(String(state.userPoolId), /^us-east-1_/);
        assert.ok(typeof state.amplifyConfigJson === "string", "amplifyConfigJson is an output other languages can read");
        assert.equal(JSON.parse(state.amplifyConfigJson as string).Auth.Cognito.userPoolId, state.userPoolId);
        assert.deepEqual(state.principalTagKeys, ["sub"]);
    }),
    same("SecureUserBucket", "photos", bucketArgs, () => new SecureUserBucket("photos", bucketArgs as any), (state) => {
        assert.match(String(state.bucketName), /^photos/);
        assert.ok(state.kmsKeyArn, "the customer managed key's ARN");
    }),
    same("AuthorizedApi", "api", apiArgs, () => new AuthorizedApi("api", apiArgs as any), (state) => {
        assert.match(String(state.url), /^https:\/\//);
        assert.ok(JSON.parse(state.openApiDocument as string).paths["/health"]);
    }),
    {
        title: "refuses bad input before creating anything, with the message a TypeScript program gets",
        async run(host) {
            const bad = { ...cognitoArgs, mfa: "SOMETIMES" };
            const message = await typescriptError(() => new CognitoAuth("auth", bad as any));
            assert.match(message, /CognitoAuth/);
            assert.match(message, /mfa/);
            const monitor = await new TestMonitor().start();
            try {
                await assert.rejects(host.construct(monitor, "user-backend:index:CognitoAuth", "auth", bad), (e: { details?: string }) => {
                    assert.ok(e.details?.includes(message), `gRPC error: ${e.details}\nexpected to contain: ${message}`);
                    return true;
                });
                // Only the component itself may have registered: no child exists when its args are refused.
                assert.deepEqual(monitor.registrations.filter((r) => r.custom), []);
            } finally {
                await monitor.stop();
            }
        },
    },
    {
        title: "refuses a bucket grant without roles over gRPC too, naming the field",
        async run(host) {
            const bad = { ...bucketArgs, grants: [{ name: "users", roleNames: {} }] };
            const message = await typescriptError(() => new SecureUserBucket("photos", bad as any));
            assert.match(message, /grants\[0\]\.roleNames/);
            const monitor = await new TestMonitor().start();
            try {
                await assert.rejects(host.construct(monitor, "user-backend:index:SecureUserBucket", "photos", bad), (e: { details?: string }) => e.details?.includes(message) === true);
            } finally {
                await monitor.stop();
            }
        },
    },
    {
        title: "runs the Pulumi YAML example: each component constructed in turn, its ${...} resolved from the outputs before it",
        async run(host) {
            const program = readYamlProgram(path.join(REPOSITORY_ROOT, "examples/yaml-photo-backend"));
            const monitor = await new TestMonitor("yaml-photo-backend", "dev").start();
            try {
                // Each ${resource.output} reaches the next component as the engine sends it: an output value with the URN it came from.
                const { states, outputs } = await evaluateYamlProgram(
                    program,
                    { project: "yaml-photo-backend", stack: "dev", config: { appOrigin: "http://localhost:5173" } },
                    (type, name, inputs, dependencies) => host.construct(monitor, type, name, inputs, { dependencies }),
                    (value, from) => outputValue(value, [...from]),
                );
                const types = new Set(monitor.registrations.map((r) => r.type));
                for (const type of ["aws:cognito/userPool:UserPool", "aws:s3/bucket:Bucket", "aws:iam/rolePolicy:RolePolicy", "aws:apigateway/restApi:RestApi"]) assert.ok(types.has(type), `no ${type}`);
                // The grant went to the roles CognitoAuth created, named by its outputs.
                const grants = monitor.registrations.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.startsWith("photos-users-"));
                assert.deepEqual(grants.map((g) => g.inputs.role).sort(), [states.auth.authenticatedRoleName, (states.auth.groupRoleNames as Record<string, string>).editors].sort());
                assert.match(String(outputs.apiUrl), /^https:\/\/.+\/dev\/?$|^https:\/\//);
                assert.equal(JSON.parse(outputs.amplifyConfig as string).Auth.Cognito.userPoolId, states.auth.userPoolId);
            } finally {
                await monitor.stop();
            }
        },
    },
    {
        title: "takes a grant's role names as another resource's outputs, known or (in a preview) not yet, as other languages pass them",
        async run(host) {
            // What a Python program sends for roleNames: { "authenticated": auth.authenticated_role_name }.
            const authUrn = "urn:pulumi:stack::project::user-backend:index:CognitoAuth::auth";
            const withRole = (role: unknown) => ({ ...bucketArgs, grants: [{ name: "users", roleNames: { authenticated: role }, identities: { principalTagKeys: ["sub"], principalTagClaims: { sub: "sub" } } }] });
            const policiesOf = async (inputs: Record<string, unknown>, dryRun: boolean) => {
                const monitor = await new TestMonitor().start();
                try {
                    await host.construct(monitor, "user-backend:index:SecureUserBucket", "photos", inputs, { dryRun, dependencies: { grants: [authUrn] } });
                    return monitor.registrations.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
                } finally {
                    await monitor.stop();
                }
            };
            const known = await policiesOf(withRole(outputValue("auth-authenticated-7f3a", [authUrn])), false);
            assert.deepEqual(known.map((p) => [p.name, p.inputs.role]), [["photos-users-authenticated", "auth-authenticated-7f3a"]]);
            const preview = await policiesOf(withRole(outputValue(undefined, [authUrn])), true);
            assert.deepEqual(preview.map((p) => p.name), ["photos-users-authenticated"], "the policy child exists in a preview, its role still unknown");
            assert.ok(pulumi.isUnknown(preview[0].inputs.role), `role: ${JSON.stringify(preview[0].inputs.role)}`);
        },
    },
    {
        title: "applies a transform given as an object of argument overrides, the form other languages can write",
        async run(host) {
            const monitor = await new TestMonitor().start();
            try {
                await host.construct(monitor, "user-backend:index:SecureUserBucket", "photos", { transform: { bucket: { tags: { team: "photos" } } } });
                const bucket = monitor.registrations.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "photos-bucket")!;
                assert.deepEqual(bucket.inputs.tags, { team: "photos" });
            } finally {
                await monitor.stop();
            }
        },
    },
];
