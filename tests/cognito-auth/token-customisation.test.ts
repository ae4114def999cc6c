import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { CognitoAuth, CognitoAuthArgs, PreTokenGenerationVersion, validateCognitoAuthArgs } from "../../components";
import { record, Recording } from "../../offline";
import { inputErrorOf } from "../support/input-errors";

// Access-token customisation (issue 16): the pre token generation trigger's event version. V1_0 (ID
// token only) stays the default; V2_0 and V3_0 need the ESSENTIALS or PLUS feature tier.

const TRIGGER = "arn:aws:lambda:us-east-1:123456789012:function:pre-token";

function recordAuth(args: CognitoAuthArgs): Promise<Recording<{ userPoolArn: string }>> {
    return record(() => ({ userPoolArn: new CognitoAuth("auth", args).userPoolArn }));
}

const errorOf = (args: CognitoAuthArgs): string => inputErrorOf(() => new CognitoAuth("auth", args));

describe("CognitoAuth pre token generation versions", () => {
    describe("defaults", () => {
        it("sends the version-1 event unless asked, as before", async () => {
            const rec = await recordAuth({ triggers: { preTokenGeneration: TRIGGER } });
            assert.deepEqual(rec.one(aws.cognito.UserPool, "auth-pool").inputs.lambdaConfig, { preTokenGenerationConfig: { lambdaArn: TRIGGER, lambdaVersion: "V1_0" } });
        });

        it("without the trigger, the pool has no lambdaConfig at all", async () => {
            const rec = await recordAuth({});
            assert.equal(rec.one(aws.cognito.UserPool, "auth-pool").inputs.lambdaConfig, undefined);
            assert.deepEqual(rec.all(aws.lambda.Permission), []);
        });

        it("names every version as a schema enum", () => {
            assert.deepEqual(PreTokenGenerationVersion, { V1: "V1_0", V2: "V2_0", V3: "V3_0" });
        });
    });

    describe("the recorded inputs", () => {
        for (const version of ["V2_0", "V3_0"] as const) {
            it(`${version}: the provider receives that event version, and the tier stays ESSENTIALS`, async () => {
                const rec = await recordAuth({ triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: version } });
                const pool = rec.one(aws.cognito.UserPool, "auth-pool").inputs;
                assert.deepEqual(pool.lambdaConfig, { preTokenGenerationConfig: { lambdaArn: TRIGGER, lambdaVersion: version } });
                assert.equal(pool.userPoolTier, "ESSENTIALS");
            });
        }

        it("the invoke permission is Cognito's, for this pool and account only, and the version creates none of its own", async () => {
            const rec = await recordAuth({ featureTier: "PLUS", triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: "V3_0" } });
            const permissions = rec.all(aws.lambda.Permission);
            assert.deepEqual(permissions.map((p) => p.name), ["auth-trigger-preTokenGeneration"]);
            const p = permissions[0].inputs;
            assert.equal(p.action, "lambda:InvokeFunction");
            assert.equal(p.function, TRIGGER);
            assert.equal(p.principal, "cognito-idp.amazonaws.com");
            assert.equal(p.sourceArn, rec.result.userPoolArn);
            assert.equal(p.sourceAccount, "123456789012");
        });
    });

    describe("validation", () => {
        it("accepts V2_0 and V3_0 on ESSENTIALS (the default) and PLUS, and V1_0 on LITE", () => {
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", { triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: "V2_0" } }));
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", { featureTier: "PLUS", triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: "V3_0" } }));
            assert.doesNotThrow(() => validateCognitoAuthArgs("auth", { featureTier: "LITE", triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: "V1_0" } }));
        });

        for (const version of ["V2_0", "V3_0"] as const) {
            it(`refuses ${version} on the LITE tier, which has no access token customisation`, () => {
                assert.equal(
                    errorOf({ featureTier: "LITE", triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: version } }),
                    `CognitoAuth "auth": triggers.preTokenGenerationVersion ${version} (access token customisation) needs featureTier ESSENTIALS or PLUS (received featureTier "LITE") (received: "${version}")`,
                );
            });
        }

        it("refuses a version without the trigger it versions", () => {
            assert.equal(
                errorOf({ triggers: { preTokenGenerationVersion: "V2_0" } }),
                `CognitoAuth "auth": triggers.preTokenGenerationVersion needs triggers.preTokenGeneration: it is the event version of that trigger (received: "V2_0")`,
            );
        });

        it("refuses an unknown version", () => {
            assert.equal(
                errorOf({ triggers: { preTokenGeneration: TRIGGER, preTokenGenerationVersion: "V4_0" as PreTokenGenerationVersion } }),
                `CognitoAuth "auth": triggers.preTokenGenerationVersion must be one of V1_0, V2_0, V3_0 (received: "V4_0")`,
            );
        });

        it("still checks the trigger's ARN, and does not take the version for a trigger", () => {
            assert.equal(
                errorOf({ triggers: { preTokenGeneration: "pre-token", preTokenGenerationVersion: "V2_0" } }),
                `CognitoAuth "auth": triggers.preTokenGeneration must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>) (received: "pre-token")`,
            );
        });
    });
});
