import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { AccessSimulator, record, Recording, SimulatorUnavailableError } from "../../offline";
import { Graph, rolePolicies } from "../../offline/graph";
import { loadIamSimulate } from "../../offline/simulator";
import { cognitoTrustPolicy, identityPoolId, userPoolProvider } from "../support/identities";

const bucketArn = "arn:aws:s3:::shared-data";
const policy = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("offline access simulator", () => {
    let rec: Recording<{ reader: string; managed: string; untagged: string }>;
    let sim: AccessSimulator;

    before(async () => {
        rec = await record(() => {
            // Identity-id variable in an inline policy of the role itself.
            const reader = new aws.iam.Role("reader", {
                assumeRolePolicy: cognitoTrustPolicy("authenticated"),
                inlinePolicies: [{ name: "own", policy: policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/home/\${cognito-identity.amazonaws.com:sub}/*` }]) }],
            });
            // A customer managed policy attached to the role.
            const listing = new aws.iam.Policy("listing", { policy: policy([{ Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn, Condition: { StringLike: { "s3:prefix": "home/*" } } }]) });
            new aws.iam.RolePolicyAttachment("reader-listing", { role: reader.name, policyArn: listing.arn });
            // A role with an AWS managed policy, which cannot be read offline.
            const managed = new aws.iam.Role("managed", { assumeRolePolicy: cognitoTrustPolicy("authenticated") });
            new aws.iam.RolePolicyAttachment("managed-s3", { role: managed.name, policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" });
            // A trust policy without sts:TagSession: principal tags cannot be passed to it.
            const untagged = new aws.iam.Role("untagged", {
                assumeRolePolicy: policy([
                    {
                        Effect: "Allow",
                        Principal: { Federated: "cognito-identity.amazonaws.com" },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
                    },
                ]),
            });
            return { reader: reader.name, managed: managed.name, untagged: untagged.name };
        });
        sim = AccessSimulator.load(rec);
    });

    it("substitutes the identity id for ${cognito-identity.amazonaws.com:sub} before simulating", async () => {
        const me = { role: rec.result.reader, identityId: "us-east-1:me" };
        assert.equal(await sim.can(me, "s3:GetObject", `${bucketArn}/home/us-east-1:me/a.txt`), true);
        assert.equal(await sim.can(me, "s3:GetObject", `${bucketArn}/home/us-east-1:you/a.txt`), false);
        assert.equal(await sim.can({ role: rec.result.reader }, "s3:GetObject", `${bucketArn}/home/us-east-1:me/a.txt`), false, "no identity, no match");
    });

    it("finds the role by physical or logical name and includes attached customer managed policies", async () => {
        assert.equal(await sim.can({ role: "reader" }, "s3:ListBucket", bucketArn, { "s3:prefix": "home/x/" }), true);
        assert.equal(await sim.can({ role: rec.result.reader }, "s3:ListBucket", bucketArn, { "s3:prefix": "other/" }), false);
        await assert.rejects(sim.can({ role: "nobody" }, "s3:GetObject", `${bucketArn}/x`), /no role named "nobody" in the recording \(roles: .*reader \(reader-[0-9a-f]{7}\)/);
    });

    it("refuses to guess about AWS managed policies", async () => {
        await assert.rejects(sim.can({ role: rec.result.managed }, "s3:GetObject", `${bucketArn}/x`), /arn:aws:iam::aws:policy\/AmazonS3ReadOnlyAccess.*cannot be simulated offline/);
    });

    it("reads every identity policy of a role through the graph's collector, the one the rules read", async () => {
        const rolling = await record(() => {
            const writer = new aws.iam.Role("writer", {
                assumeRolePolicy: cognitoTrustPolicy("authenticated"),
                // A customer managed policy by managedPolicyArns rather than by an attachment resource.
                managedPolicyArns: [new aws.iam.Policy("reading", { policy: policy([{ Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/shared/*` }]) }).arn],
            });
            new aws.iam.RolePolicy("writer-put", { role: writer.name, policy: policy([{ Effect: "Allow", Action: "s3:PutObject", Resource: `${bucketArn}/inbox/*` }]) });
            return writer.name;
        });
        const simulator = AccessSimulator.load(rolling);
        assert.equal(await simulator.can({ role: rolling.result }, "s3:GetObject", `${bucketArn}/shared/a.txt`), true, "managedPolicyArns");
        assert.equal(await simulator.can({ role: rolling.result }, "s3:PutObject", `${bucketArn}/inbox/a.txt`), true, "aws.iam.RolePolicy");
        assert.equal(await simulator.can({ role: rolling.result }, "s3:PutObject", `${bucketArn}/shared/a.txt`), false);
        const role = rolling.all("aws:iam/role:Role")[0];
        const graph = new Graph(rolling);
        assert.deepEqual(
            rolePolicies(graph, role).map((p) => [p.name, p.holder.name, p.property, p.readable]),
            [
                ["writer-put", "writer-put", "policy", true],
                ["reading", "reading", "policy", true],
            ],
        );
        assert.deepEqual(
            graph.roleStatements(role).map((s) => [s.holder.name, s.property, s.statement.Action]),
            [
                ["writer-put", "policy.Statement[0]", "s3:PutObject"],
                ["reading", "policy.Statement[0]", "s3:GetObject"],
            ],
        );
    });

    describe("trust policies (sts:AssumeRoleWithWebIdentity)", () => {
        it("this pool's authenticated identities may assume the authenticated role", async () => {
            assert.equal(await sim.canAssume(rec.result.reader, { identityPoolId, amr: "authenticated", provider: userPoolProvider }), true);
        });

        it("another pool's identities and unauthenticated identities may not", async () => {
            assert.equal(await sim.canAssume(rec.result.reader, { identityPoolId: "us-east-1:00000000-0000-4000-8000-000000000000", amr: "authenticated" }), false);
            assert.equal(await sim.canAssume(rec.result.reader, { identityPoolId, amr: "unauthenticated" }), false);
        });

        it("session tags need sts:TagSession in the trust policy", async () => {
            const identity = { identityPoolId, amr: "authenticated" as const };
            assert.equal(await sim.canAssume(rec.result.reader, identity, { sub: "abc" }), true);
            assert.equal(await sim.canAssume(rec.result.untagged, identity), true);
            assert.equal(await sim.canAssume(rec.result.untagged, identity, { sub: "abc" }), false);
        });

        it("a denied trust stops the request before the role's permissions are looked at", async () => {
            const outsider = { role: rec.result.reader, identityId: "us-east-1:me", webIdentity: { identityPoolId: "us-east-1:other", amr: "authenticated" as const } };
            assert.deepEqual(await sim.check(outsider, { action: "s3:GetObject", resource: `${bucketArn}/home/us-east-1:me/a.txt` }), {
                allowed: false,
                result: "ImplicitlyDenied",
                stage: "trust",
            });
        });
    });

    it("reports a malformed request instead of answering it", async () => {
        await assert.rejects(sim.can({ role: rec.result.reader }, "s3:NoSuchAction", `${bucketArn}/x`), /iam-simulate rejected the simulation of s3:NoSuchAction/);
    });

    it("refuses a preview recording, whose policies are not known", async () => {
        const preview = await record(() => void new aws.iam.Role("r", { assumeRolePolicy: "{}" }), { preview: true });
        assert.throws(() => AccessSimulator.load(preview), /record the program without preview/);
    });

    it("says how to install iam-simulate when it is missing", () => {
        assert.throws(
            () => loadIamSimulate("@cloud-copilot/iam-simulate-not-installed"),
            (e: Error) =>
                e instanceof SimulatorUnavailableError &&
                e.message.includes("optional peer dependency @cloud-copilot/iam-simulate-not-installed (AGPL-3.0)") &&
                e.message.includes("npm install --save-dev @cloud-copilot/iam-simulate-not-installed"),
        );
    });
});
