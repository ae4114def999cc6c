/**
 * A unit test as a team writes it for its own stack, in the style of Pulumi's testing guide: the
 * package's ready mocks set once with `pulumi.runtime.setMocks`, the components imported by the
 * package name, and values read with `apply`. Nothing else of this project is used.
 *
 * `setMocks` is process-wide, and mocha runs spec files in parallel workers that may run other files
 * too: that is why this suite lives alone in its file and sets its mocks before creating anything.
 * @see https://www.pulumi.com/docs/iac/guides/testing/unit/
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { mocks } from "pulumi-user-backend/offline";
import { AuthorizedApi, CognitoAuth, SecureUserBucket } from "pulumi-user-backend";

/** Runs `check` on the value once it is known, inside `apply`, and settles when it has run. */
function whenKnown<T>(value: pulumi.Input<T>, check: (value: pulumi.Unwrap<T>) => void): Promise<void> {
    return new Promise((resolve, reject) => {
        pulumi.output(value).apply((known) => {
            try {
                check(known);
                resolve();
            } catch (e) {
                reject(e);
            }
        });
    });
}

describe("a team's own unit test with pulumi.runtime.setMocks(mocks())", () => {
    let photos: SecureUserBucket;
    let api: AuthorizedApi;

    before(() => {
        pulumi.runtime.setMocks(mocks(), "project", "stack", false);
        photos = new SecureUserBucket("photos", {});
        const auth = new CognitoAuth("auth", {});
        api = new AuthorizedApi("api", {
            userPoolArn: auth.userPoolArn,
            defaultAuthorization: "cognito",
            routes: { "GET /notes": { http: { url: "https://notes.example.com/items" } } },
        });
    });

    it("the bucket policy's Resource holds the bucket's real ARN and its objects", () =>
        whenKnown(pulumi.all([photos.bucketName, photos.bucketArn, photos.bucketPolicy.policy]), ([name, arn, policy]) => {
            assert.match(name, /^photos-bucket-[0-9a-f]{7}$/);
            assert.equal(arn, `arn:aws:s3:::${name}`);
            const document = JSON.parse(policy) as { Statement: { Sid?: string; Resource: string | string[] }[] };
            const resources = document.Statement.map((s) => s.Resource);
            assert.ok(resources.length > 0);
            for (const resource of resources) assert.deepEqual(resource, [arn, `${arn}/*`]);
        }));

    it("the API's URL is a real execute-api URL of its stage", () =>
        whenKnown(pulumi.all([api.url, api.apiId, api.stageName]), ([url, id, stage]) => {
            assert.match(id, /^[0-9a-f]{10}$/);
            assert.equal(url, `https://${id}.execute-api.us-east-1.amazonaws.com/${stage}`);
        }));
});
