import { strict as assert } from "assert";
import { ApiGatewayAccountLogging, validateApiGatewayAccountLoggingArgs } from "../../components/api-gateway-account";
import { UserBackendInputError } from "../../components/validation";
import { record } from "../../offline";

/** Each rule of the component's arguments, with the message a user sees. */
describe("ApiGatewayAccountLogging validation", () => {
    const fails = (name: string, args: object, message: string) =>
        assert.throws(
            () => validateApiGatewayAccountLoggingArgs(name, args),
            (e: unknown) => e instanceof UserBackendInputError && e.message === message,
        );

    it("accepts the defaults, a 39-character name and tags within IAM's limits", () => {
        validateApiGatewayAccountLoggingArgs("apigateway-logs", {});
        validateApiGatewayAccountLoggingArgs("a".repeat(39), {});
        validateApiGatewayAccountLoggingArgs("logs_eu-west-1", { tags: { ["k".repeat(128)]: "v".repeat(256), empty: "" } });
        validateApiGatewayAccountLoggingArgs("logs", { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, "x"])) });
    });

    it("name: fits an IAM role name with -account-log-role-<7> (at most 39 characters)", () => {
        const rule = "must be 1-39 letters, digits, '-' or '_', starting with a letter or digit (it prefixes the IAM role name, at most 64 characters)";
        fails("a".repeat(40), {}, `ApiGatewayAccountLogging "${"a".repeat(40)}": name ${rule} (received: "${"a".repeat(40)}")`);
        fails("api gateway", {}, `ApiGatewayAccountLogging "api gateway": name ${rule} (received: "api gateway")`);
        fails("-logs", {}, `ApiGatewayAccountLogging "-logs": name ${rule} (received: "-logs")`);
        fails("", {}, `ApiGatewayAccountLogging "": name ${rule} (received: "")`);
    });

    it("tags: an object of strings", () => {
        fails("logs", { tags: ["team"] }, `ApiGatewayAccountLogging "logs": tags must be an object of string values (received: ["team"])`);
    });

    it("tags: at most 50", () => {
        const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"]));
        fails("logs", { tags }, `ApiGatewayAccountLogging "logs": tags must have at most 50 entries (the IAM limit per role) (received: 51)`);
    });

    it("tags: keys of 1-128 characters", () => {
        const key = "k".repeat(129);
        fails("logs", { tags: { [key]: "x" } }, `ApiGatewayAccountLogging "logs": tags["${key}"] must have a key of 1-128 characters (received: "${key}")`);
        fails("logs", { tags: { "": "x" } }, `ApiGatewayAccountLogging "logs": tags[""] must have a key of 1-128 characters (received: "")`);
    });

    it("tags: no reserved aws: prefix", () => {
        fails("logs", { tags: { "AWS:team": "x" } }, `ApiGatewayAccountLogging "logs": tags["AWS:team"] must not use the reserved aws: prefix (received: "AWS:team")`);
    });

    it("tags: values are strings of at most 256 characters", () => {
        fails("logs", { tags: { team: 7 } }, `ApiGatewayAccountLogging "logs": tags["team"] must be a string of at most 256 characters (received: 7)`);
        fails("logs", { tags: { team: "v".repeat(257) } }, `ApiGatewayAccountLogging "logs": tags["team"] must be a string of at most 256 characters (received: "${"v".repeat(257)}")`);
    });

    it("reports every problem at once", () => {
        assert.throws(
            () => validateApiGatewayAccountLoggingArgs("bad name", { tags: { "aws:x": 1 } as never }),
            (e: unknown) => e instanceof UserBackendInputError && e.issues.map((i) => i.field).join(",") === 'name,tags["aws:x"],tags["aws:x"]' && e.message.startsWith('ApiGatewayAccountLogging "bad name": 3 invalid inputs:\n'),
        );
    });

    it("the constructor validates before it registers anything", async () => {
        const rec = await record(() => {
            try {
                new ApiGatewayAccountLogging("bad name");
                return { message: "" };
            } catch (e) {
                return { message: (e as Error).message };
            }
        }, { allowEmpty: true });
        assert.match(rec.result.message, /^ApiGatewayAccountLogging "bad name": name must be 1-39 /);
        assert.deepEqual(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.urn), []);
    });
});
