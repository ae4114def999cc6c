import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { RecordedResource, Recording } from "../../offline";
import { recordProgram, root } from "../support/stability";

/**
 * The stateful resources of the reference stack keep their URNs (issue 12). Pulumi identifies a
 * resource by its URN (type, parent chain and logical name), so a new URN without an alias is a
 * delete and a create: a new user pool loses every user, a new identity pool changes every identity
 * id that storage is keyed by, a new bucket or key loses its data, a new RestApi or stage changes the
 * URL, a new log group loses its logs, and a deleted `aws.apigateway.Account` resets the region's
 * logging role for everyone (shared/SECURITY.md, mistake 10).
 */
const STATEFUL_TYPES = [
    "aws:cognito/userPool:UserPool",
    "aws:cognito/identityPool:IdentityPool",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:apigateway/restApi:RestApi",
    "aws:apigateway/stage:Stage",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:apigateway/account:Account",
];
const STACKS = ["dev", "staging", "prod"];
const snapshotFile = path.join(root, "tests/fixtures/stability/reference-urns.json");
const UPDATE = "UPDATE_URN_SNAPSHOT";
const howToUpdate = `If the change is deliberate (the resource may be replaced, or it is new), update the snapshot on purpose: ${UPDATE}=1 npx mocha tests/stability/urns.test.ts, and commit tests/fixtures/stability/reference-urns.json with the reason.`;

type Snapshot = Record<string, Record<string, string[]>>;

function statefulUrns(rec: Recording): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const type of STATEFUL_TYPES) {
        const urns = rec.all(type).map((r) => r.urn).sort();
        if (urns.length) out[type] = urns;
    }
    return out;
}

/** The URNs a resource answers to: its own, and those its aliases name (a whole URN, or a new logical name under the same parent and type). */
function answersTo(r: RecordedResource): string[] {
    const out = [r.urn];
    for (const alias of r.aliases) {
        if (alias.urn) out.push(alias.urn);
        else if (alias.name && !alias.type && !alias.parentUrn && !alias.noParent && !alias.stack && !alias.project) out.push(r.urn.replace(/::[^:]*$/, `::${alias.name}`));
    }
    return out;
}

describe("stability: the reference stack's stateful resources keep their URNs", function () {
    this.timeout(120_000);
    const recordings: Record<string, Recording> = {};
    before(async () => {
        for (const stack of STACKS) recordings[stack] = await recordProgram("reference", stack);
        if (process.env[UPDATE]) {
            const snapshot: Snapshot = Object.fromEntries(STACKS.map((stack) => [stack, statefulUrns(recordings[stack])]));
            fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
            fs.writeFileSync(snapshotFile, JSON.stringify(snapshot, null, 2) + "\n");
        }
    });

    const snapshot = (): Snapshot => JSON.parse(fs.readFileSync(snapshotFile, "utf8"));

    it("the snapshot covers every stateful type the stack has, in each stack", () => {
        for (const stack of STACKS) {
            assert.ok(snapshot()[stack], `the snapshot has no stack ${stack}. ${howToUpdate}`);
            for (const type of ["aws:cognito/userPool:UserPool", "aws:cognito/identityPool:IdentityPool", "aws:apigateway/restApi:RestApi", "aws:apigateway/stage:Stage"]) {
                assert.equal(snapshot()[stack][type]?.length, 1, `${stack}: the snapshot should hold one ${type}`);
            }
            assert.ok((snapshot()[stack]["aws:s3/bucket:Bucket"]?.length ?? 0) >= 2, `${stack}: the snapshot should hold the photo bucket and its log bucket`);
        }
        assert.ok(snapshot().prod["aws:kms/key:Key"]?.length, "prod has a customer key");
    });

    for (const stack of STACKS) {
        it(`${stack}: no stateful resource would be replaced (its URN is unchanged or aliased)`, () => {
            const before = snapshot()[stack] ?? {};
            const now = recordings[stack].resources.filter((r) => STATEFUL_TYPES.includes(r.type));
            const reachable = new Set(now.flatMap(answersTo));
            const lost = Object.values(before).flat().filter((urn) => !reachable.has(urn));
            assert.deepEqual(
                lost,
                [],
                `${stack}: ${lost.length} stateful resource(s) would be REPLACED (deleted, then created again), losing their data or their URL:\n  ${lost.join("\n  ")}\n` +
                    `A changed logical name, type or parent moves a URN; keep the name, or add an alias to the old URN. ${howToUpdate}`,
            );
        });

        it(`${stack}: every stateful resource is in the snapshot`, () => {
            const known = new Set(Object.values(snapshot()[stack] ?? {}).flat());
            const added = Object.values(statefulUrns(recordings[stack])).flat().filter((urn) => !known.has(urn));
            assert.deepEqual(added, [], `${stack}: stateful resource(s) the snapshot does not guard yet:\n  ${added.join("\n  ")}\n${howToUpdate}`);
        });
    }
});
