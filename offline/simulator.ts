import { Graph, rolePolicies } from "./graph";
import { Recording, RecordedResource, containsUnknown } from "./recording";
import { OfflineEnvironment } from "./mock-provider";
import { identityIdVariable } from "../components/shared/contract";

/**
 * Who makes a request in a simulation.
 *
 * A role session: the credentials an identity pool hands out for `role`. With `webIdentity`, the
 * simulation first checks that the role's trust policy lets such an identity assume it at all.
 * An anonymous caller (an unsigned request) or an AWS service: only resource policies can allow them.
 */
export type SimulatedPrincipal = RoleSessionPrincipal | AnonymousPrincipal | ServicePrincipal;

export interface RoleSessionPrincipal {
    /** The role, by physical name or by the logical name of its `aws.iam.Role` resource. */
    readonly role: string;
    /**
     * The identity pool identity id (`<region>:<uuid>`) of the caller. It replaces the policy variable
     * `${cognito-identity.amazonaws.com:sub}` in the role's identity policies before simulating:
     * iam-simulate drops that key from the request context of S3 actions (it is not in the S3 service
     * reference), although AWS resolves it in every identity policy of a Cognito role session.
     */
    readonly identityId?: string;
    /** Session tags the identity pool maps from the user's token claims, for `${aws:PrincipalTag/<key>}`. */
    readonly principalTags?: Readonly<Record<string, string>>;
    /** When set, the role must trust this identity (checked as `sts:AssumeRoleWithWebIdentity`) before anything else is allowed. */
    readonly webIdentity?: WebIdentity;
}

export interface AnonymousPrincipal {
    readonly anonymous: true;
}

/** An AWS service acting on its own behalf, such as `logging.s3.amazonaws.com`; only resource policies can allow it. */
export interface ServicePrincipal {
    readonly service: string;
}

/** What an identity pool presents to STS when it gets credentials for a user. */
export interface WebIdentity {
    /** The identity pool id: the `cognito-identity.amazonaws.com:aud` value. */
    readonly identityPoolId: string;
    /** `authenticated` for a signed-in user, `unauthenticated` for a guest. */
    readonly amr: "authenticated" | "unauthenticated";
    /** The login provider added to `amr` for a signed-in user, such as `cognito-idp.<region>.amazonaws.com/<user pool id>`. */
    readonly provider?: string;
}

export interface AccessRequest {
    readonly action: string;
    /** The ARN the action is on, for example `arn:aws:s3:::bucket/private/<id>/photo.jpg`. */
    readonly resource: string;
    /**
     * Whether the request is made over TLS (`aws:SecureTransport`).
     * @default true
     */
    readonly secureTransport?: boolean;
    /** Further request context, such as `s3:prefix` for `s3:ListBucket`. */
    readonly context?: Readonly<Record<string, string | string[]>>;
}

export interface AccessDecision {
    readonly allowed: boolean;
    /** IAM's verdict, or where it stopped: `trust` when the role cannot be assumed by that identity. */
    readonly result: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";
    readonly stage: "trust" | "access";
}

/** The part of `@cloud-copilot/iam-simulate` this module uses. Declared here so that the package's types never require it. */
interface IamSimulate {
    runSimulation(simulation: any, options: any): Promise<any>;
    runUnsafeSimulation(simulation: any, options: any): string;
    anonymousPrincipal: unknown;
}

export const iamSimulatePackage = "@cloud-copilot/iam-simulate";

/** Raised when the optional peer dependency that evaluates IAM policies is not installed. */
export class SimulatorUnavailableError extends Error {
    constructor(moduleName: string, cause: unknown) {
        super(
            `access simulation needs the optional peer dependency ${moduleName} (AGPL-3.0), which is not installed. ` +
                `Install it as a development dependency: npm install --save-dev ${moduleName}`,
        );
        this.name = "SimulatorUnavailableError";
        (this as any).cause = cause;
    }
}

/**
 * Loads iam-simulate on first use. It is AGPL-3.0, so this package never depends on it at run time:
 * consumers who want simulations install it themselves (it is an optional peer dependency).
 */
export function loadIamSimulate(moduleName: string = iamSimulatePackage): IamSimulate {
    try {
        return require(moduleName) as IamSimulate;
    } catch (e) {
        throw new SimulatorUnavailableError(moduleName, e);
    }
}

/**
 * Context keys that AWS sends but iam-simulate's validated path filters out, because its service
 * reference has no exact entry for them (`kms:EncryptionContext:<key>` is a pattern with colons;
 * the web identity keys are not listed for `sts:TagSession`). A request that supplies one of them is
 * evaluated again by the same engine without that filtering, so a condition on them is honoured
 * rather than treated as unmatched.
 */
const keysKeptThroughFilter = [/^kms:EncryptionContext:/i, /^cognito-identity\.amazonaws\.com:(aud|amr)$/i];

// The identity id variable the components write into role policies (one definition, in the contract).
const TRUST_VARIABLE = identityIdVariable;

type PolicyDocument = { Version?: string; Statement: unknown };

function parsePolicy(value: unknown, where: string): PolicyDocument {
    if (containsUnknown(value)) {
        throw new Error(`${where}: the policy is not known in a preview; simulate a recording made without preview`);
    }
    const doc = typeof value === "string" ? JSON.parse(value) : value;
    if (!doc || typeof doc !== "object" || !("Statement" in doc)) {
        throw new Error(`${where}: not an IAM policy document`);
    }
    return doc as PolicyDocument;
}

function substituteIdentityId(policy: PolicyDocument, identityId: string | undefined): PolicyDocument {
    if (identityId === undefined) return policy;
    return JSON.parse(JSON.stringify(policy).split(TRUST_VARIABLE).join(identityId));
}

/**
 * Answers "can this principal do this action on this resource?" for the roles and policies a program
 * registered, by evaluating them with `@cloud-copilot/iam-simulate`.
 *
 * For a role session it combines the role's identity policies (inline `inlinePolicies`,
 * `aws.iam.RolePolicy` and customer managed policies attached with `aws.iam.RolePolicyAttachment`),
 * the resource policy of the target (the bucket policy for S3, the key policy for KMS), the bucket's
 * public access block, and, when the principal names a web identity, the role's trust policy.
 * An AWS managed policy cannot be read offline, so a role with one is refused rather than guessed.
 */
export class AccessSimulator {
    /** The query layer over the recording, whose role-policy collector the rules use too. */
    private readonly graph: Graph;

    private constructor(
        private readonly recording: Recording,
        private readonly iam: IamSimulate,
        private readonly external: Readonly<Record<string, unknown>>,
    ) {
        this.graph = new Graph(recording);
    }

    /**
     * Loads the simulator for a recording. Throws `SimulatorUnavailableError` if iam-simulate is missing.
     * @param options.externalResourcePolicies resource policies of resources the program uses but does not
     *   define, keyed by ARN (a bucket ARN, or a key ARN given as `kmsKeyArn`). Without one, such a
     *   resource has no policy: an external KMS key then allows nothing, as its unknown key policy might.
     */
    static load(recording: Recording, options: { externalResourcePolicies?: Readonly<Record<string, unknown>> } = {}): AccessSimulator {
        if (recording.preview) {
            throw new Error("access simulation needs known policies: record the program without preview");
        }
        return new AccessSimulator(recording, loadIamSimulate(), options.externalResourcePolicies ?? {});
    }

    /** True when the principal may perform the action on the resource. */
    async can(principal: SimulatedPrincipal, action: string, resource: string, context?: AccessRequest["context"]): Promise<boolean> {
        return (await this.check(principal, { action, resource, context })).allowed;
    }

    /** The decision, with where it was made. */
    async check(principal: SimulatedPrincipal, request: AccessRequest): Promise<AccessDecision> {
        if ("anonymous" in principal || "service" in principal) {
            const caller = "service" in principal ? principal.service : this.iam.anonymousPrincipal;
            const result = await this.evaluate({
                request: this.request(caller, request, {}),
                identityPolicies: [],
                ...this.resourceSide(request.resource),
            });
            return { allowed: result === "Allowed", result, stage: "access" };
        }
        const role = this.role(principal.role);
        if (principal.webIdentity) {
            const trust = await this.checkTrust(role, principal.webIdentity, principal.principalTags);
            if (!trust.allowed) return trust;
        }
        const roleName = String(role.outputs.name);
        const context: Record<string, string | string[]> = {
            "aws:PrincipalArn": String(role.outputs.arn),
            "aws:PrincipalAccount": this.recording.environment.accountId,
            "aws:PrincipalType": "AssumedRole",
        };
        for (const [key, value] of Object.entries(principal.principalTags ?? {})) {
            context[`aws:PrincipalTag/${key}`] = value;
        }
        const sessionArn = `arn:${this.recording.environment.partition}:sts::${this.recording.environment.accountId}:assumed-role/${roleName}/CognitoIdentityCredentials`;
        const result = await this.evaluate({
            request: this.request(sessionArn, request, context),
            identityPolicies: this.identityPolicies(role).map((p) => ({ name: p.name, policy: substituteIdentityId(p.policy, principal.identityId) })),
            ...this.resourceSide(request.resource),
        });
        return { allowed: result === "Allowed", result, stage: "access" };
    }

    /**
     * Whether an identity pool identity can obtain credentials for the role: the role's trust policy,
     * evaluated for `sts:AssumeRoleWithWebIdentity` (and `sts:TagSession` when session tags are passed).
     */
    async canAssume(roleName: string, identity: WebIdentity, principalTags?: Readonly<Record<string, string>>): Promise<boolean> {
        return (await this.checkTrust(this.role(roleName), identity, principalTags)).allowed;
    }

    private async checkTrust(role: RecordedResource, identity: WebIdentity, tags?: Readonly<Record<string, string>>): Promise<AccessDecision> {
        const trustPolicy = parsePolicy(role.inputs.assumeRolePolicy, `role ${role.name} trust policy`);
        const amr = identity.amr === "authenticated" ? ["authenticated", ...(identity.provider ? [identity.provider] : [])] : ["unauthenticated"];
        const context: Record<string, string | string[]> = {
            "cognito-identity.amazonaws.com:aud": identity.identityPoolId,
            "cognito-identity.amazonaws.com:amr": amr,
        };
        const actions = ["sts:AssumeRoleWithWebIdentity", ...(tags && Object.keys(tags).length > 0 ? ["sts:TagSession"] : [])];
        for (const action of actions) {
            const tagContext: Record<string, string | string[]> = {};
            if (action === "sts:TagSession") {
                for (const [k, v] of Object.entries(tags ?? {})) tagContext[`aws:RequestTag/${k}`] = v;
                tagContext["aws:TagKeys"] = Object.keys(tags ?? {});
            }
            const result = await this.evaluate({
                request: this.request("cognito-identity.amazonaws.com", { action, resource: String(role.outputs.arn) }, { ...context, ...tagContext }),
                identityPolicies: [],
                resourcePolicy: trustPolicy,
            });
            if (result !== "Allowed") return { allowed: false, result, stage: "trust" };
        }
        return { allowed: true, result: "Allowed", stage: "trust" };
    }

    private request(principal: unknown, request: AccessRequest, principalContext: Record<string, string | string[]>) {
        const contextVariables: Record<string, string | string[]> = {
            "aws:SecureTransport": String(request.secureTransport ?? true),
            ...principalContext,
            ...request.context,
        };
        return {
            principal,
            action: request.action,
            resource: { resource: request.resource, accountId: this.recording.environment.accountId },
            contextVariables,
        };
    }

    private async evaluate(partial: { request: any; identityPolicies: { name: string; policy: PolicyDocument }[]; resourcePolicy?: PolicyDocument; additionalSettings?: unknown }): Promise<AccessDecision["result"]> {
        const simulation = { serviceControlPolicies: [], resourceControlPolicies: [], ...partial };
        const response = await this.iam.runSimulation(simulation, {});
        if (response.resultType === "error") {
            throw new Error(`iam-simulate rejected the simulation of ${partial.request.action} on ${partial.request.resource.resource}: ${JSON.stringify(response.errors)}`);
        }
        const ignored: string[] = response.result?.ignoredContextKeys ?? response.results?.flatMap((r: any) => r.ignoredContextKeys ?? []) ?? [];
        if (ignored.some((key) => keysKeptThroughFilter.some((pattern) => pattern.test(key)))) {
            // The validated run above already checked the policies, action and resource. The unfiltered
            // run loads the resource policy without a name unless it comes wrapped as a validated policy
            // (the plain-object form that @cloud-copilot/iam-policy documents), so wrap it.
            const resourcePolicy = partial.resourcePolicy
                ? { __validated: true, policyDocument: partial.resourcePolicy, metadata: { name: "ResourcePolicy" }, errors: [] }
                : undefined;
            return this.iam.runUnsafeSimulation({ ...simulation, resourcePolicy }, {}) as AccessDecision["result"];
        }
        return response.overallResult;
    }

    private role(name: string): RecordedResource {
        const roles = this.recording.all("aws:iam/role:Role");
        const role = roles.find((r) => r.outputs.name === name) ?? roles.find((r) => r.name === name);
        if (!role) {
            throw new Error(`no role named "${name}" in the recording (roles: ${roles.map((r) => `${r.name} (${r.outputs.name})`).join(", ") || "none"})`);
        }
        return role;
    }

    /**
     * Every identity policy attached to the role, as the graph collects them for the rules too
     * (`rolePolicies`), parsed for the simulation. A policy the program does not define stops it.
     */
    private identityPolicies(role: RecordedResource): { name: string; policy: PolicyDocument }[] {
        return rolePolicies(this.graph, role).map((p) => {
            if (!p.readable) {
                throw new Error(`role ${role.name} has policy ${p.arn} attached, which is not defined in this program (an AWS managed policy?) and cannot be simulated offline`);
            }
            return { name: p.name, policy: parsePolicy(p.document, p.description) };
        });
    }

    /** The resource policy and S3 settings that apply to a request on this ARN. */
    private resourceSide(resourceArn: string): { resourcePolicy?: PolicyDocument; additionalSettings?: unknown } {
        const s3 = /^arn:[^:]+:s3:::([^/]+)/.exec(resourceArn);
        if (s3) {
            const bucket = s3[1];
            const policy = this.recording.all("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === bucket);
            const block = this.recording.all("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").find((p) => p.inputs.bucket === bucket);
            const external = this.external[`arn:${this.recording.environment.partition}:s3:::${bucket}`];
            return {
                resourcePolicy: policy
                    ? parsePolicy(policy.inputs.policy, `bucket policy ${policy.name}`)
                    : external !== undefined
                      ? parsePolicy(external, `external policy of bucket ${bucket}`)
                      : undefined,
                additionalSettings: { s3: { blockPublicAccess: block?.inputs.restrictPublicBuckets === true } },
            };
        }
        if (/^arn:[^:]+:sqs:/.test(resourceArn)) {
            // An `aws.sqs.QueuePolicy` names its queue by URL, which ends in /<account>/<name>.
            const [, , , , account, name] = resourceArn.split(":");
            const attached = this.recording.all("aws:sqs/queuePolicy:QueuePolicy").find((p) => String(p.inputs.queueUrl).endsWith(`/${account}/${name}`));
            return attached ? { resourcePolicy: parsePolicy(attached.inputs.policy, `queue policy ${attached.name}`) } : {};
        }
        if (/^arn:[^:]+:kms:/.test(resourceArn)) {
            const key = this.recording.findByOutput("aws:kms/key:Key", "arn", resourceArn);
            if (!key) {
                const external = this.external[resourceArn];
                return external === undefined ? {} : { resourcePolicy: parsePolicy(external, `external key policy of ${resourceArn}`) };
            }
            // An `aws.kms.KeyPolicy` naming the key replaces the policy the key was created with.
            const attached = this.recording.all("aws:kms/keyPolicy:KeyPolicy").find((p) => p.inputs.keyId === key.id || p.inputs.keyId === key.outputs.arn);
            if (attached) return { resourcePolicy: parsePolicy(attached.inputs.policy, `key policy ${attached.name}`) };
            return { resourcePolicy: key.inputs.policy ? parsePolicy(key.inputs.policy, `key policy ${key.name}`) : defaultKeyPolicy(this.recording.environment) };
        }
        return {};
    }
}

/**
 * The key policy AWS gives a key created without one: the account may delegate its use through IAM
 * policies. Pass it in `externalResourcePolicies` for an existing key whose policy does the same.
 */
export function defaultKeyPolicy(environment: OfflineEnvironment): PolicyDocument {
    const { partition, accountId } = environment;
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" }],
    };
}
