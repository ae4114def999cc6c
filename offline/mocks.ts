import * as pulumi from "@pulumi/pulumi";
import { checkedInputs, invoke, OfflineEnvironment, offlineEnvironment, synthesize } from "./mock-provider";
import { remoteComponentOutputs } from "./remote-components";

/** How the ready mocks answer. */
export interface MocksOptions {
    /**
     * The account, region and partition to pretend to deploy into. A field left out comes from the
     * stack configuration (`aws:region`, read when each resource is created) or the defaults.
     * @default { accountId: "123456789012", region: "us-east-1", partition: "aws" }
     */
    readonly environment?: Partial<OfflineEnvironment>;
    /**
     * Answer as a preview does: only the checked inputs (autonamed names included), no ids and no
     * computed outputs, which the SDK shows as unknown. Pass the same flag to `setMocks`.
     * @default false
     */
    readonly preview?: boolean;
}

/**
 * Pulumi mocks that answer as AWS would, for a team's own unit tests: realistic, stable ids, names
 * and ARNs for every resource type the components create, and the `getCallerIdentity`, `getRegion`
 * and `getPartition` invokes. The same answers `record()` gives.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { mocks } from "pulumi-user-backend/offline";
 * pulumi.runtime.setMocks(mocks(), "project", "stack", false);
 * ```
 *
 * An invoke the mocks do not know fails the resource that waits for it, naming the token. To answer
 * more, wrap them: `{ ...base, call: (args) => args.token === "…" ? {…} : base.call(args) }`.
 * @see https://www.pulumi.com/docs/iac/guides/testing/unit/
 */
export function mocks(options: MocksOptions = {}): pulumi.runtime.Mocks {
    const preview = options.preview ?? false;
    // Read when each resource is created: a suite sets its configuration after building the mocks.
    const environment = (): OfflineEnvironment => offlineEnvironment(options.environment, (key) => pulumi.runtime.getConfig(key));
    // The region of each explicit AWS provider, by logical name: a resource created through one (or
    // with its own `region` input, as provider v7 allows) gets that region's ARNs, as it would in AWS.
    const providerRegions = new Map<string, string>();
    const regionOf = (args: pulumi.runtime.MockResourceArgs): string | undefined =>
        typeof args.inputs.region === "string" ? args.inputs.region : args.provider ? providerRegions.get(args.provider.split("::").slice(-2, -1)[0]) : undefined;
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
            // Components have no provider; the engine records no state for them.
            // Remote (multi-language) components, such as awsx's Vpc, get the outputs their plugin would return.
            if (args.custom === false) return { id: undefined, state: preview ? {} : remoteComponentOutputs(args.type, args.name, args.inputs, environment()) };
            if (preview) {
                // Before create only the checked inputs (with autonamed names) are known; ids and
                // computed outputs are left out, which the SDK turns into unknowns during a preview.
                return { id: undefined, state: checkedInputs(args.type, args.name, args.inputs) };
            }
            if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string") providerRegions.set(args.name, args.inputs.region);
            const region = regionOf(args);
            const made = synthesize(args.type, args.name, args.inputs, region ? { ...environment(), region } : environment());
            return { id: made.id, state: made.outputs };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
            return invoke(args.token, environment());
        },
    };
}
