// The mock provider behind `mocks()` and `record()`: for each AWS resource type the components
// create, the id, autonamed name and computed outputs (ARNs, URLs) AWS would give it, and the
// answers of the invokes programs call. Formerly offline/aws-outputs.ts.
import { createHash } from "crypto";

/**
 * The account, region and partition that offline runs pretend to deploy into.
 * Every computed ARN and URL is built from these, so a test can predict them.
 */
export interface OfflineEnvironment {
    readonly accountId: string;
    readonly region: string;
    readonly partition: string;
}

export const defaultEnvironment: OfflineEnvironment = {
    accountId: "123456789012",
    region: "us-east-1",
    partition: "aws",
};

/** The configuration key the AWS provider reads its region from. */
export const REGION_CONFIG_KEY = "aws:region";

/**
 * The environment of one offline run: what the caller gave, then the region from `aws:region` in the
 * stack's configuration (the provider's own setting, as in `Pulumi.<stack>.yaml`), then the defaults.
 * The partition stays what the caller gave (`aws` by default), even for a `cn-` or `us-gov-` region.
 */
export function offlineEnvironment(given: Partial<OfflineEnvironment> = {}, config: (key: string) => string | undefined = () => undefined): OfflineEnvironment {
    const region = config(REGION_CONFIG_KEY);
    return { ...defaultEnvironment, ...(region ? { region } : {}), ...definedOnly(given) };
}

function definedOnly<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a resource type looks like after create: its id and the outputs AWS computes. */
export interface SynthesizedResource {
    id: string;
    outputs: Record<string, unknown>;
}

interface SynthContext {
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly env: OfflineEnvironment;
    /** A stable hex string derived from the type and logical name: same program, same values. */
    readonly hash: string;
}

interface TypeModel {
    /** The input that the provider fills by autonaming when the program leaves it out. */
    readonly nameProperty?: string;
    /** Autonaming rules that differ from Pulumi's default (`<name>-<7 hex>`). */
    readonly lowerCaseName?: boolean;
    readonly synth: (ctx: SynthContext & { readonly physicalName: string }) => SynthesizedResource;
}

function arn(ctx: SynthContext, service: string, resource: string, global = false): string {
    const region = global ? "" : ctx.env.region;
    return `arn:${ctx.env.partition}:${service}:${region}:${ctx.env.accountId}:${resource}`;
}

function uuid(hash: string): string {
    return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
}

/** Sub-resources of a bucket take the bucket's name as their id, as the provider does. */
const bucketChild: TypeModel = { synth: ({ inputs }) => ({ id: String(inputs.bucket), outputs: {} }) };

const models: Record<string, TypeModel> = {
    "aws:s3/bucket:Bucket": {
        nameProperty: "bucket",
        lowerCaseName: true,
        synth: (ctx) => {
            const b = ctx.physicalName;
            return {
                id: b,
                outputs: {
                    arn: `arn:${ctx.env.partition}:s3:::${b}`,
                    bucketDomainName: `${b}.s3.amazonaws.com`,
                    bucketRegionalDomainName: `${b}.s3.${ctx.env.region}.amazonaws.com`,
                    region: ctx.inputs.region ?? ctx.env.region,
                    forceDestroy: ctx.inputs.forceDestroy ?? false,
                },
            };
        },
    },
    "aws:s3/bucketPolicy:BucketPolicy": bucketChild,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketChild,
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketChild,
    "aws:s3/bucketVersioning:BucketVersioning": bucketChild,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketChild,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketChild,
    "aws:s3/bucketLogging:BucketLogging": bucketChild,
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": bucketChild,
    "aws:kms/key:Key": {
        synth: (ctx) => {
            const keyId = uuid(ctx.hash);
            return { id: keyId, outputs: { keyId, arn: arn(ctx, "kms", `key/${keyId}`) } };
        },
    },
    "aws:kms/alias:Alias": {
        nameProperty: "name",
        synth: (ctx) => ({ id: ctx.physicalName, outputs: { arn: arn(ctx, "kms", ctx.physicalName) } }),
    },
    "aws:iam/role:Role": {
        nameProperty: "name",
        synth: (ctx) => ({
            id: ctx.physicalName,
            outputs: {
                arn: arn(ctx, "iam", `role${ctx.inputs.path ?? "/"}${ctx.physicalName}`, true),
                uniqueId: `AROA${ctx.hash.slice(0, 17).toUpperCase()}`,
            },
        }),
    },
    "aws:iam/policy:Policy": {
        nameProperty: "name",
        synth: (ctx) => {
            const policyArn = arn(ctx, "iam", `policy${ctx.inputs.path ?? "/"}${ctx.physicalName}`, true);
            return { id: policyArn, outputs: { arn: policyArn, policyId: `ANPA${ctx.hash.slice(0, 17).toUpperCase()}` } };
        },
    },
    "aws:iam/rolePolicy:RolePolicy": {
        nameProperty: "name",
        synth: (ctx) => ({ id: `${ctx.inputs.role}:${ctx.physicalName}`, outputs: {} }),
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        synth: (ctx) => ({ id: `${ctx.inputs.role}-${ctx.hash.slice(0, 20)}`, outputs: {} }),
    },
    "aws:cognito/userPool:UserPool": {
        nameProperty: "name",
        synth: (ctx) => {
            const id = `${ctx.env.region}_${ctx.hash.slice(0, 9).replace(/[0-9]/g, (d) => "ABCDEFGHIJ"[Number(d)])}`;
            return {
                id,
                outputs: {
                    arn: arn(ctx, "cognito-idp", `userpool/${id}`),
                    endpoint: `cognito-idp.${ctx.env.region}.amazonaws.com/${id}`,
                },
            };
        },
    },
    "aws:cognito/identityPool:IdentityPool": {
        synth: (ctx) => {
            const id = `${ctx.env.region}:${uuid(ctx.hash)}`;
            return { id, outputs: { arn: arn(ctx, "cognito-identity", `identitypool/${id}`) } };
        },
    },
    "aws:cognito/userPoolClient:UserPoolClient": {
        synth: (ctx) => ({
            id: ctx.hash.slice(0, 26),
            outputs: ctx.inputs.generateSecret ? { clientSecret: createHash("sha256").update(`secret:${ctx.hash}`).digest("base64url").slice(0, 51) } : {},
        }),
    },
    // ACM: arn:<partition>:acm:<region>:<account>:certificate/<uuid>, in the region of the provider the
    // certificate was created through; one DNS validation CNAME per name (DomainValidation.ResourceRecord).
    "aws:acm/certificate:Certificate": {
        synth: (ctx) => ({
            id: arn(ctx, "acm", `certificate/${uuid(ctx.hash)}`),
            outputs: {
                arn: arn(ctx, "acm", `certificate/${uuid(ctx.hash)}`),
                status: "ISSUED",
                domainValidationOptions: [ctx.inputs.domainName, ...(ctx.inputs.subjectAlternativeNames ?? [])].map((domainName: string, i: number) => ({
                    domainName,
                    resourceRecordName: `_${ctx.hash.slice(i, i + 32)}.${domainName}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${ctx.hash.slice(32 - i, 64 - i)}.acm-validations.aws.`,
                })),
            },
        }),
    },
    // Route 53 records: the provider's id is <zone>_<name>_<type>, and fqdn the name without its final dot.
    "aws:route53/record:Record": {
        synth: (ctx) => ({ id: `${ctx.inputs.zoneId}_${ctx.inputs.name}_${ctx.inputs.type}`, outputs: { fqdn: String(ctx.inputs.name ?? "").replace(/\.$/, "") } }),
    },
    "aws:cognito/userPoolDomain:UserPoolDomain": {
        synth: (ctx) => ({
            id: String(ctx.inputs.domain),
            outputs: {
                awsAccountId: ctx.env.accountId,
                cloudfrontDistribution: `d${ctx.hash.slice(0, 13)}.cloudfront.net`,
                cloudfrontDistributionZoneId: "Z2FDTNDATAQYW2",
                version: "1",
            },
        }),
    },
    "aws:cognito/resourceServer:ResourceServer": {
        synth: (ctx) => ({
            id: `${ctx.inputs.userPoolId}|${ctx.inputs.identifier}`,
            outputs: { scopeIdentifiers: ((ctx.inputs.scopes ?? []) as { scopeName: string }[]).map((s) => `${ctx.inputs.identifier}/${s.scopeName}`) },
        }),
    },
    "aws:cognito/identityProvider:IdentityProvider": {
        synth: (ctx) => ({ id: `${ctx.inputs.userPoolId}:${ctx.inputs.providerName}`, outputs: {} }),
    },
    "aws:cognito/userGroup:UserGroup": {
        nameProperty: "name",
        synth: (ctx) => ({ id: `${ctx.inputs.userPoolId}/${ctx.physicalName}`, outputs: {} }),
    },
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": {
        synth: (ctx) => ({ id: String(ctx.inputs.identityPoolId), outputs: {} }),
    },
    "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag": {
        synth: (ctx) => ({ id: `${ctx.inputs.identityPoolId}:${ctx.inputs.identityProviderName}`, outputs: {} }),
    },
    "aws:lambda/permission:Permission": {
        synth: (ctx) => ({ id: ctx.inputs.statementId ?? `${ctx.name}-${ctx.hash.slice(0, 8)}`, outputs: {} }),
    },
    "aws:lambda/function:Function": {
        nameProperty: "name",
        synth: (ctx) => {
            const fnArn = arn(ctx, "lambda", `function:${ctx.physicalName}`);
            return {
                id: ctx.physicalName,
                outputs: {
                    arn: fnArn,
                    invokeArn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
                    qualifiedArn: `${fnArn}:$LATEST`,
                },
            };
        },
    },
    "aws:sfn/stateMachine:StateMachine": {
        nameProperty: "name",
        synth: (ctx) => {
            const smArn = arn(ctx, "states", `stateMachine:${ctx.physicalName}`);
            return { id: smArn, outputs: { arn: smArn } };
        },
    },
    "aws:sqs/queue:Queue": {
        nameProperty: "name",
        synth: (ctx) => ({
            id: `https://sqs.${ctx.env.region}.amazonaws.com/${ctx.env.accountId}/${ctx.physicalName}`,
            outputs: {
                arn: arn(ctx, "sqs", ctx.physicalName),
                url: `https://sqs.${ctx.env.region}.amazonaws.com/${ctx.env.accountId}/${ctx.physicalName}`,
            },
        }),
    },
    // An EventBridge rule on the default bus: arn:<partition>:events:<region>:<account>:rule/<name>
    // ("Resource types defined by Amazon EventBridge", Service Authorization Reference).
    "aws:cloudwatch/eventRule:EventRule": {
        nameProperty: "name",
        synth: (ctx) => ({ id: ctx.physicalName, outputs: { arn: arn(ctx, "events", `rule/${ctx.physicalName}`) } }),
    },
    // EC2 ids are a prefix and 17 hex digits; ARNs are arn:<partition>:ec2:<region>:<account>:<type>/<id>
    // ("Resource types defined by Amazon EC2", Service Authorization Reference).
    "aws:ec2/securityGroup:SecurityGroup": {
        nameProperty: "name",
        synth: (ctx) => ({ id: `sg-${ctx.hash.slice(0, 17)}`, outputs: { arn: arn(ctx, "ec2", `security-group/sg-${ctx.hash.slice(0, 17)}`), ownerId: ctx.env.accountId } }),
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        synth: (ctx) => ({ id: `sgr-${ctx.hash.slice(0, 17)}`, outputs: { securityGroupRuleId: `sgr-${ctx.hash.slice(0, 17)}`, arn: arn(ctx, "ec2", `security-group-rule/sgr-${ctx.hash.slice(0, 17)}`) } }),
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        synth: (ctx) => {
            const id = `vpce-${ctx.hash.slice(0, 17)}`;
            // An interface endpoint's own regional name: <id>-<suffix>.<service>.<region>.vpce.amazonaws.com.
            const service = String(ctx.inputs.serviceName ?? "").split(".").slice(3).join(".");
            const dnsEntries = ctx.inputs.vpcEndpointType === "Interface" ? [{ dnsName: `${id}-${ctx.hash.slice(17, 25)}.${service}.${ctx.env.region}.vpce.amazonaws.com`, hostedZoneId: "Z0OFFLINEVPCE" }] : [];
            return { id, outputs: { arn: arn(ctx, "ec2", `vpc-endpoint/${id}`), state: "available", ownerId: ctx.env.accountId, dnsEntries, requesterManaged: false } };
        },
    },
    "aws:dynamodb/table:Table": {
        nameProperty: "name",
        synth: (ctx) => ({ id: ctx.physicalName, outputs: { arn: arn(ctx, "dynamodb", `table/${ctx.physicalName}`) } }),
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        nameProperty: "name",
        synth: (ctx) => ({ id: ctx.physicalName, outputs: { arn: arn(ctx, "logs", `log-group:${ctx.physicalName}`) } }),
    },
    "aws:apigateway/resource:Resource": {
        synth: (ctx) => ({ id: ctx.hash.slice(0, 6), outputs: {} }),
    },
    "aws:apigateway/method:Method": {
        synth: (ctx) => ({ id: `agm-${ctx.inputs.restApi}-${ctx.inputs.resourceId}-${ctx.inputs.httpMethod}`, outputs: {} }),
    },
    "aws:apigateway/integration:Integration": {
        synth: (ctx) => ({ id: `agi-${ctx.inputs.restApi}-${ctx.inputs.resourceId}-${ctx.inputs.httpMethod}`, outputs: {} }),
    },
    "aws:apigateway/authorizer:Authorizer": {
        nameProperty: "name",
        synth: (ctx) => {
            const id = ctx.hash.slice(0, 6);
            return { id, outputs: { arn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}::/restapis/${ctx.inputs.restApi}/authorizers/${id}` } };
        },
    },
    "aws:apigateway/deployment:Deployment": {
        synth: (ctx) => ({ id: ctx.hash.slice(0, 6), outputs: { createdDate: "2026-01-01T00:00:00Z" } }),
    },
    "aws:apigateway/stage:Stage": {
        synth: (ctx) => {
            const api = String(ctx.inputs.restApi);
            const stage = String(ctx.inputs.stageName);
            return {
                id: `ags-${api}-${stage}`,
                outputs: {
                    arn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}::/restapis/${api}/stages/${stage}`,
                    executionArn: arn(ctx, "execute-api", `${api}/${stage}`),
                    invokeUrl: `https://${api}.execute-api.${ctx.env.region}.amazonaws.com/${stage}`,
                },
            };
        },
    },
    "aws:apigateway/methodSettings:MethodSettings": {
        synth: (ctx) => ({ id: `${ctx.inputs.restApi}-${ctx.inputs.stageName}-${ctx.inputs.methodPath}`, outputs: {} }),
    },
    "aws:apigateway/response:Response": {
        synth: (ctx) => ({ id: `aggr-${ctx.inputs.restApiId}-${ctx.inputs.responseType}`, outputs: {} }),
    },
    "aws:apigateway/methodResponse:MethodResponse": {
        synth: (ctx) => ({ id: `agmr-${ctx.inputs.restApi}-${ctx.inputs.resourceId}-${ctx.inputs.httpMethod}-${ctx.inputs.statusCode}`, outputs: {} }),
    },
    "aws:apigateway/integrationResponse:IntegrationResponse": {
        synth: (ctx) => ({ id: `agir-${ctx.inputs.restApi}-${ctx.inputs.resourceId}-${ctx.inputs.httpMethod}-${ctx.inputs.statusCode}`, outputs: {} }),
    },
    "aws:apigateway/requestValidator:RequestValidator": {
        synth: (ctx) => ({ id: ctx.hash.slice(0, 6), outputs: {} }),
    },
    "aws:apigateway/model:Model": {
        synth: (ctx) => ({ id: ctx.hash.slice(0, 6), outputs: {} }),
    },
    "aws:apigateway/usagePlan:UsagePlan": {
        nameProperty: "name",
        synth: (ctx) => {
            const id = ctx.hash.slice(0, 6);
            return { id, outputs: { arn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}::/usageplans/${id}` } };
        },
    },
    "aws:apigateway/apiKey:ApiKey": {
        nameProperty: "name",
        synth: (ctx) => {
            const id = ctx.hash.slice(0, 10);
            return { id, outputs: { arn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}::/apikeys/${id}`, value: ctx.hash.slice(10, 50) } };
        },
    },
    "aws:apigateway/usagePlanKey:UsagePlanKey": {
        synth: (ctx) => ({ id: String(ctx.inputs.keyId), outputs: {} }),
    },
    "aws:apigateway/domainName:DomainName": {
        synth: (ctx) => ({
            id: String(ctx.inputs.domainName),
            outputs: {
                arn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}::/domainnames/${ctx.inputs.domainName}`,
                regionalDomainName: `d-${ctx.hash.slice(0, 10)}.execute-api.${ctx.env.region}.amazonaws.com`,
                regionalZoneId: "Z1UJRXOUMOOFQ8",
                cloudfrontDomainName: `d${ctx.hash.slice(0, 13)}.cloudfront.net`,
                cloudfrontZoneId: "Z2FDTNDATAQYW2",
            },
        }),
    },
    "aws:apigateway/basePathMapping:BasePathMapping": {
        synth: (ctx) => ({ id: `${ctx.inputs.domainName}/${ctx.inputs.basePath ?? ""}`, outputs: {} }),
    },
    "aws:apigateway/account:Account": {
        synth: () => ({ id: "api-gateway-account", outputs: {} }),
    },
    "aws:wafv2/webAcl:WebAcl": {
        nameProperty: "name",
        synth: (ctx) => {
            const id = uuid(ctx.hash);
            // CloudFront web ACLs live in us-east-1 under "global".
            const [scope, region] = ctx.inputs.scope === "CLOUDFRONT" ? ["global", "us-east-1"] : ["regional", ctx.env.region];
            return { id, outputs: { arn: `arn:${ctx.env.partition}:wafv2:${region}:${ctx.env.accountId}:${scope}/webacl/${ctx.physicalName}/${id}`, capacity: 0, lockToken: ctx.hash.slice(0, 36) } };
        },
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        synth: (ctx) => ({ id: `${ctx.inputs.webAclArn},${ctx.inputs.resourceArn}`, outputs: {} }),
    },
    "aws:apigateway/restApi:RestApi": {
        nameProperty: "name",
        synth: (ctx) => {
            const id = ctx.hash.slice(0, 10);
            return {
                id,
                outputs: {
                    rootResourceId: ctx.hash.slice(10, 20),
                    arn: `arn:${ctx.env.partition}:apigateway:${ctx.env.region}::/restapis/${id}`,
                    executionArn: arn(ctx, "execute-api", id),
                },
            };
        },
    },
};

/** The hex digest that makes synthesized ids stable across runs of the same program. */
export function stableHash(type: string, name: string): string {
    return createHash("sha256").update(`${type}::${name}`).digest("hex");
}

/**
 * Pulumi's default autonaming: the logical name, a dash and seven random characters.
 * Offline runs use seven characters of a stable hash instead, so two runs produce the same names.
 */
export function autoName(type: string, name: string): string {
    const model = models[type];
    const physical = `${name}-${stableHash(type, name).slice(0, 7)}`;
    return model?.lowerCaseName ? physical.toLowerCase() : physical;
}

/** The inputs the provider fills in before create (autonamed names), which are known even during a preview. */
export function checkedInputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const property = models[type]?.nameProperty;
    if (property && (inputs[property] === undefined || inputs[property] === null) && inputs[`${property}Prefix`] === undefined) {
        return { ...inputs, [property]: autoName(type, name) };
    }
    return inputs;
}

/**
 * The state of a resource after create: its checked inputs plus the outputs AWS computes for its type.
 * Types without a model get an id derived from their name and no invented outputs.
 */
export function synthesize(type: string, name: string, inputs: Record<string, any>, env: OfflineEnvironment): SynthesizedResource {
    const checked = checkedInputs(type, name, inputs) as Record<string, any>;
    const model = models[type];
    const hash = stableHash(type, name);
    if (!model) {
        return { id: `${name}-${hash.slice(0, 8)}`, outputs: checked };
    }
    const physicalName = model.nameProperty ? String(checked[model.nameProperty] ?? checked[`${model.nameProperty}Prefix`] ?? name) : name;
    const made = model.synth({ name, inputs: checked, env, hash, physicalName });
    return { id: made.id, outputs: { ...checked, ...made.outputs } };
}

/** The provider functions (invokes) that offline runs answer. */
export const INVOKE_TOKENS = ["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getRegion:getRegion", "aws:index/getPartition:getPartition"] as const;

/** The provider functions (invokes) that offline runs answer, keyed by token. */
export function invoke(token: string, env: OfflineEnvironment): Record<string, unknown> {
    switch (token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: env.accountId,
                arn: `arn:${env.partition}:iam::${env.accountId}:user/offline`,
                userId: "AIDAOFFLINEOFFLINE",
                id: env.accountId,
            };
        case "aws:index/getRegion:getRegion":
            return { id: env.region, name: env.region, region: env.region, endpoint: `ec2.${env.region}.amazonaws.com`, description: env.region };
        case "aws:index/getPartition:getPartition":
            return { id: env.partition, partition: env.partition, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        default:
            throw new Error(
                `offline mocks: no answer for provider function ${token} (they answer ${INVOKE_TOKENS.join(", ")}); wrap mocks() with a call() of your own for others, or add it to offline/mock-provider.ts`,
            );
    }
}
