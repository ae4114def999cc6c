import { strict as assert } from "assert";
import { evaluateRules } from "../../offline/rules";
import { Graph } from "../../offline/graph";
import { links } from "../../offline/plan/links";
import { narrowEventRoles, wideEventRoles } from "../support/event-rule-fixtures";
import { assertFinding, assertNoFinding, findingsOf } from "../support/rules-fixtures";

const RULE = "UB-EVENTS-TARGET-ROLE";

describe("UB-EVENTS-TARGET-ROLE: an upload event's delivery role reaches its one target only", () => {
    it("is high: a role wider than its target turns every upload into other work", async () => {
        const report = evaluateRules(await wideEventRoles());
        assert.ok(findingsOf(report, RULE).every((f) => f.severity === "high"));
    });

    it("finds states:*, another state machine, *, and S3 beside the start, each on its policy", async () => {
        const report = evaluateRules(await wideEventRoles());
        assertFinding(report, { rule: RULE, severity: "high", type: "aws:iam/rolePolicy:RolePolicy", resource: "states-star-role-policy", property: "policy.Statement[0]", message: /role states-star-role, which EventBridge assumes for rule states-star-rule \(objects created in uploads under private\/…\), allows states:\*: only states:StartExecution on arn:aws:states:/ });
        assertFinding(report, { rule: RULE, severity: "high", type: "aws:iam/rolePolicy:RolePolicy", resource: "other-machine-role-policy", property: "policy.Statement[0]", message: /allows states:StartExecution on arn:aws:states:us-east-1:123456789012:stateMachine:other:/ });
        assertFinding(report, { rule: RULE, severity: "high", type: "aws:iam/rolePolicy:RolePolicy", resource: "everything-role-policy", property: "policy.Statement[0]", message: /allows \*:/ });
        assertFinding(report, { rule: RULE, severity: "high", type: "aws:iam/rolePolicy:RolePolicy", resource: "reads-bucket-role-policy", property: "policy.Statement[1]", message: /allows s3:GetObject:/ });
        // The start of its own machine is what the role is for: that statement is not a finding.
        assert.deepEqual(findingsOf(report, RULE, "reads-bucket-role-policy").map((f) => f.property), ["policy.Statement[1]"]);
    });

    it("passes the component's upload event and a raw role as narrow as it", async () => {
        assertNoFinding(evaluateRules(await narrowEventRoles()), RULE);
    });
});

describe("plan diagram: the event flow bucket → rule (key filter) → target", () => {
    it("draws the bucket to its rule with the key filter, and the rule to the machine it starts", async () => {
        const drawn = links(new Graph(await narrowEventRoles()));
        assert.deepEqual(
            drawn.filter((l) => l.from.endsWith("-rule") || l.to.endsWith("-rule")),
            [
                { from: "photos", to: "exact-rule", label: "Object Created private/…" },
                { from: "exact-rule", to: "work", label: "starts" },
                { from: "photos", to: "photos-thumbs-rule", label: "Object Created private/*/photos/*" },
                { from: "photos-thumbs-rule", to: "work", label: "starts" },
            ],
        );
        // The delivery roles are drawn as their rules' edges, not as the component starting the machine.
        assert.equal(drawn.some((l) => l.from === "photos" && l.to === "work"), false);
    });
});
