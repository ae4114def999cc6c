// The components the package publishes to other languages (plugin/host.ts serves them; the offline
// plan's YAML evaluator, offline/yaml-program.ts, builds `user-backend:index:<name>` resources from
// them), by the name their token ends in. `ApiGatewayAccountLogging` stays TypeScript-only: it is an
// account-level setting the baseline program owns.
import type * as pulumi from "@pulumi/pulumi";
import { AuthorizedApi } from "./authorized-api";
import { CognitoAuth } from "./cognito-auth";
import { SecureUserBucket } from "./secure-user-bucket";

/** A published component's class, as both the host and the YAML evaluator call it. */
export type PublishedComponent = new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

/** In schema order. */
export const PUBLISHED_COMPONENTS = { CognitoAuth, SecureUserBucket, AuthorizedApi } as const satisfies Record<string, PublishedComponent>;
