import { PolicyPack } from "@pulumi/policy";
import { policyPackArgs } from "./policies";

// The rule set of offline/rules/ as a CrossGuard pack: `pulumi preview --policy-pack policy/`.
// High findings are mandatory, medium and low advisory; a stack's policy config can change any one
// policy's level, and list deliberate exceptions under `exceptions` (see policies.ts).
new PolicyPack("pulumi-user-backend", policyPackArgs());
