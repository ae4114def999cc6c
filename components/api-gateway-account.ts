import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, policyJson, PolicyStatement } from "./policy";
import { COMPONENT_TYPES } from "./shared/contract";
import { applyTransform, Transform } from "./shared/transform";
import { Issues } from "./validation";

/** The service that assumes the account's CloudWatch role. */
export const apiGatewayPrincipal = "apigateway.amazonaws.com";

/** Where the account role may write: every log group of the account in its region, and their streams. */
export function accountLogGroupsArn(partition: pulumi.Input<string>, region: pulumi.Input<string>, accountId: pulumi.Input<string>): pulumi.Output<string> {
    // `*` also matches `<group>:log-stream:<stream>`: IAM wildcards cross `:` in the resource part.
    return pulumi.interpolate`arn:${partition}:logs:${region}:${accountId}:log-group:*`;
}

/** The trust and permissions of the account role, as data. Internal. Exported for testing. */
export function accountLogRolePolicies(args: { partition: pulumi.Input<string>; region: pulumi.Input<string>; accountId: pulumi.Input<string> }): {
    trust: PolicyStatement[];
    permissions: PolicyStatement[];
} {
    return {
        trust: [
            {
                Sid: "ApiGatewayOfThisAccount",
                Effect: "Allow",
                Principal: { Service: apiGatewayPrincipal },
                Action: [...actions.assumeRole],
                // Confused-deputy guard: only API Gateway acting for this account. That API Gateway sends
                // aws:SourceAccount when it assumes this role cannot be proven offline; if it did not,
                // `update-account` would fail loudly ("The role ARN does not have required permissions").
                Condition: { StringEquals: { "aws:SourceAccount": args.accountId } },
            },
        ],
        permissions: [
            {
                // The setting is one per account and region, so this role serves every API there: any access
                // log group name a stage may use, and every API's execution log group. That is the reason for
                // the `log-group:*` wildcard, scoped to the account and region.
                Sid: "WriteApiLogsInThisRegion",
                Effect: "Allow",
                Action: [...actions.apiGatewayAccountLogs.push],
                Resource: [accountLogGroupsArn(args.partition, args.region, args.accountId)],
            },
            // Service Authorization Reference, CloudWatch Logs: DescribeLogGroups has no resource type.
            { Sid: "FindLogGroups", Effect: "Allow", Action: [...actions.apiGatewayAccountLogs.findLogGroups], Resource: "*" },
        ],
    };
}

/** The three children that set the account's API Gateway CloudWatch role. */
export interface AccountLogRoleResources {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly account: aws.apigateway.Account;
}

/**
 * Creates the account's API Gateway CloudWatch role and sets it for the region: `${name}-account-log-role`,
 * `${name}-account-log-policy` and `${name}-account`, children of `parent`.
 *
 * The logical names are fixed: AuthorizedApi (`manageAccountLogRole`) has stacks deployed with exactly
 * these children, and a new name or parent would move their URNs (delete and recreate the setting).
 *
 * All three are retained on delete. The setting is region-wide, so other stacks' APIs rely on it:
 * - deleting `aws.apigateway.Account` resets it. pulumi-aws v7 is built on terraform-provider-aws v6,
 *   whose upgrade guide says destroy "will now always reset the API Gateway account settings"
 *   (`reset_on_delete` removed), and `internal/service/apigateway/account.go` Delete sends
 *   `replace /cloudwatchRoleArn` with no value. pulumi-aws 7.48's `AccountArgs` has no `resetOnDelete`
 *   (`node_modules/@pulumi/aws/apigateway/account.d.ts`), so `retainOnDelete` is the only way to keep it;
 * - deleting the role (or its policy) would leave the setting naming a role API Gateway cannot use, and
 *   every API in the region would stop logging without an error.
 * Handing the setting back is a manual step; see `baseline/README.md`.
 *
 * `transform` changes the role's and the setting's arguments before they are created; the logical
 * names stay outside it.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export function accountLogRoleResources(
    name: string,
    parent: pulumi.Resource,
    args: {
        readonly tags?: Record<string, string>;
        readonly partition: pulumi.Input<string>;
        readonly region: pulumi.Input<string>;
        readonly accountId: pulumi.Input<string>;
        readonly transform?: ApiGatewayAccountLoggingArgs["transform"];
    },
): AccountLogRoleResources {
    const { trust, permissions } = accountLogRolePolicies(args);
    // For AuthorizedApi stacks deployed with these children, the new description, policy and options are
    // in-place updates: only a role's name and path force a new role (terraform-provider-aws iam/role.go).
    const roleName = `${name}-account-log-role`;
    const roleArgs: aws.iam.RoleArgs = {
        description: "Lets API Gateway write execution and access logs of every REST API in this account and region",
        assumeRolePolicy: policyJson(trust),
        tags: args.tags,
    };
    const role = new aws.iam.Role(roleName, applyTransform(roleArgs, roleName, args.transform?.role), { parent, retainOnDelete: true });
    const policy = new aws.iam.RolePolicy(`${name}-account-log-policy`, { role: role.name, policy: policyJson(permissions) }, { parent, retainOnDelete: true });
    // API Gateway checks the role when the setting is written ("API Gateway could not successfully write to
    // CloudWatch Logs using the ARN specified", retried by terraform-provider-aws account.go), so the policy first.
    const accountName = `${name}-account`;
    const account = new aws.apigateway.Account(
        accountName,
        applyTransform<aws.apigateway.AccountArgs>({ cloudwatchRoleArn: role.arn }, accountName, args.transform?.account),
        { parent, dependsOn: [policy], retainOnDelete: true },
    );
    return { role, policy, account };
}

export interface ApiGatewayAccountLoggingArgs {
    /**
     * Tags for the role (the account setting itself has none).
     * @default undefined (no tags)
     * @example { team: "platform" }
     */
    readonly tags?: Record<string, string>;
    /**
     * Typed escape hatches: each changes the arguments of one child just before it is created, as an
     * object whose fields replace the component's or as a function of the arguments and the child's
     * logical name. The logical name stays outside the transform, so no URN moves; the rule set
     * (`evaluateRules`, the `plan` command) judges what a transform produced.
     * @default undefined (both children as documented on the class)
     * @example { role: { permissionsBoundary: "arn:aws:iam::123456789012:policy/platform-boundary" } }
     */
    readonly transform?: {
        /**
         * The role API Gateway assumes, `<name>-account-log-role`; for example to add a permissions boundary or a path.
         * A new `path` or `name` replaces the role (terraform-provider-aws `iam/role.go`).
         * @default undefined
         */
        readonly role?: Transform<aws.iam.RoleArgs>;
        /**
         * The account and region setting `<name>-account` that names the role.
         * @default undefined
         */
        readonly account?: Transform<aws.apigateway.AccountArgs>;
    };
}

const COMPONENT = "ApiGatewayAccountLogging";

/** `-account-log-role` plus the provider's `-<7 characters>` autoname suffix: 25 characters of the 64 IAM allows. */
const ROLE_NAME_SUFFIX_LENGTH = "-account-log-role".length + 8;
const MAX_NAME_LENGTH = 64 - ROLE_NAME_SUFFIX_LENGTH;

/** Internal. Exported for testing: the rules the component's arguments must meet, checked before anything is created. */
export function validateApiGatewayAccountLoggingArgs(name: string, args: ApiGatewayAccountLoggingArgs): void {
    const issues = new Issues(COMPONENT, name);
    if (typeof name !== "string" || !new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_NAME_LENGTH - 1}}$`).test(name)) {
        issues.add("name", `must be 1-${MAX_NAME_LENGTH} letters, digits, '-' or '_', starting with a letter or digit (it prefixes the IAM role name, at most 64 characters)`, name);
    }
    const tags = args?.tags;
    if (tags !== undefined) {
        if (tags === null || typeof tags !== "object" || Array.isArray(tags)) {
            issues.add("tags", "must be an object of string values", tags);
        } else {
            // IAM tag limits: "Tagging IAM resources" (50 tags, keys 1-128, values 0-256, no aws: prefix).
            const entries = Object.entries(tags);
            if (entries.length > 50) issues.add("tags", "must have at most 50 entries (the IAM limit per role)", entries.length);
            for (const [key, value] of entries) {
                if (key.length === 0 || key.length > 128) issues.add(`tags[${JSON.stringify(key)}]`, "must have a key of 1-128 characters", key);
                if (key.toLowerCase().startsWith("aws:")) issues.add(`tags[${JSON.stringify(key)}]`, "must not use the reserved aws: prefix", key);
                if (typeof value !== "string" || value.length > 256) issues.add(`tags[${JSON.stringify(key)}]`, "must be a string of at most 256 characters", value);
            }
        }
    }
    issues.throwIfAny();
}

/**
 * The account's API Gateway CloudWatch Logs role, for one account and region: a role API Gateway can
 * assume, allowed to write execution logs and JSON access logs of every REST API there, set as the
 * account's `cloudwatchRoleArn`. Without it a stage with access or execution logging fails with
 * "CloudWatch Logs role ARN must be set in account settings to enable logging".
 *
 * It is a setting of the account and region, not of an API: declare it once per account and region, in
 * the baseline program (`baseline/`), not in application stacks. Its children are retained when it is
 * deleted, so a destroy never takes logging away from other stacks' APIs.
 *
 * @example Minimal
 * ```ts
 * const logging = new ApiGatewayAccountLogging("apigateway-logs");
 * export const roleArn = logging.roleArn;
 * ```
 *
 * @example Common: tagged, in a second region through an explicit provider
 * ```ts
 * const euWest1 = new aws.Provider("eu-west-1", { region: "eu-west-1" });
 * new ApiGatewayAccountLogging("apigateway-logs-eu-west-1", { tags: { team: "platform" } }, { provider: euWest1 });
 * ```
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export class ApiGatewayAccountLogging extends pulumi.ComponentResource {
    /** The ARN of the role now set as the region's `cloudwatchRoleArn`. */
    readonly roleArn: pulumi.Output<string>;
    /** The role's name, for handing the setting back (see `baseline/README.md`). */
    readonly roleName: pulumi.Output<string>;

    /** Escape hatches to the children. */
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly account: aws.apigateway.Account;

    constructor(name: string, args: ApiGatewayAccountLoggingArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        validateApiGatewayAccountLoggingArgs(name, args);
        super(COMPONENT_TYPES.ApiGatewayAccountLogging, name, {}, opts);
        const parent = { parent: this };

        const partition = aws.getPartitionOutput({}, parent).partition;
        const region = aws.getRegionOutput({}, parent).region;
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

        const children = accountLogRoleResources(name, this, { tags: args.tags, partition, region, accountId, transform: args.transform });
        this.role = children.role;
        this.policy = children.policy;
        this.account = children.account;
        this.roleArn = children.role.arn;
        this.roleName = children.role.name;

        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
