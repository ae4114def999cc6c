// The user pool and what hangs on it directly: the SMS role Cognito sends texts with, and the
// invoke permissions of the Lambda triggers.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { actions, policyJson } from "../policy";
import { applyTransform } from "../shared/transform";
import type { CognitoAuthArgs, CustomAttribute, StandardAttribute } from "./args";
import { DEFAULT_STRING_LENGTH, type CognitoDefaults } from "./defaults";
import { signInPoolArgs } from "./sign-in";
import { TRIGGER_FIELDS } from "./validation";

/**
 * The constraints Cognito reports for each standard attribute (DescribeUserPool). A required
 * standard attribute must be sent with exactly these, or the provider sees a schema change on every
 * later update and fails with "cannot modify or remove schema items". The values are the table in
 * terraform-provider-aws `internal/service/cognitoidp` (`UserPoolSchemaAttributeMatchesStandardAttribute`,
 * which the provider compares reported attributes against); the need for the block is the
 * `aws_cognito_user_pool` docs note from PR #7808. `birthdate` is exactly 10 characters, and
 * `updated_at` is a Number with a minimum of 0 and no maximum.
 */
const STANDARD_ATTRIBUTE_CONSTRAINTS: Readonly<Record<StandardAttribute, Pick<aws.types.input.cognito.UserPoolSchema, "attributeDataType" | "stringAttributeConstraints" | "numberAttributeConstraints">>> = (() => {
    const text = { attributeDataType: "String", stringAttributeConstraints: { minLength: "0", maxLength: "2048" } };
    return {
        address: text, birthdate: { attributeDataType: "String", stringAttributeConstraints: { minLength: "10", maxLength: "10" } },
        email: text, family_name: text, gender: text, given_name: text, locale: text, middle_name: text, name: text,
        nickname: text, phone_number: text, picture: text, preferred_username: text, profile: text,
        updated_at: { attributeDataType: "Number", numberAttributeConstraints: { minValue: "0" } },
        website: text, zoneinfo: text,
    };
})();

/** One colon-separated field of an ARN: 1 is the partition, 3 the region, 4 the account ("Amazon Resource Names (ARNs)", IAM User Guide). */
export function arnField(arn: pulumi.Output<string>, index: number): pulumi.Output<string> {
    return arn.apply((value) => value.split(":")[index]);
}

/** The region of a pool, from its id (`<region>_<suffix>`). */
export function regionOf(userPoolId: pulumi.Output<string>): pulumi.Output<string> {
    return userPoolId.apply((id) => id.split("_")[0]);
}

/** The SMS role, its policy and the pool's SMS configuration. */
export interface SmsSetup {
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly configuration: aws.types.input.cognito.UserPoolSmsConfiguration;
}

/** SMS: Cognito sends texts through SNS with a role it assumes, naming this external id. */
export function createSmsRole(scope: pulumi.ComponentResource, name: string, args: CognitoAuthArgs): SmsSetup {
    const parent = { parent: scope };
    // The SMS role's trust names the account before anything of this component exists: the one
    // invoke CognitoAuth makes, and only with SMS on.
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const externalId = `${pulumi.getProject()}-${pulumi.getStack()}-${name}-sms`;
    const roleName = `${name}-sms-role`;
    const role = new aws.iam.Role(
        roleName,
        applyTransform<aws.iam.RoleArgs>(
            {
                description: `Lets Cognito user pool ${name} send SMS messages`,
                assumeRolePolicy: policyJson([
                    {
                        Sid: "CognitoOfThisAccount",
                        Effect: "Allow",
                        Principal: { Service: "cognito-idp.amazonaws.com" },
                        Action: [...actions.assumeRole],
                        Condition: {
                            StringEquals: { "sts:ExternalId": externalId, "aws:SourceAccount": accountId },
                        },
                    },
                ]),
                tags: args.tags,
            },
            roleName,
            args.transform?.smsRole,
        ),
        parent,
    );
    const policy = new aws.iam.RolePolicy(
        `${name}-sms-policy`,
        {
            role: role.name,
            policy: policyJson([
                // Texts go to phone numbers, which have no ARN: the resource must be "*" (an AwsSolutions-IAM5 exception) ...
                { Sid: "SendTexts", Effect: "Allow", Action: [...actions.snsPublish], Resource: "*" },
                // ... so publishing to any topic is denied explicitly.
                // `arn:<partition>:iam::<account>:role/…`: the role's ARN gives the partition, with no invoke.
                { Sid: "NoTopics", Effect: "Deny", Action: [...actions.snsPublish], Resource: pulumi.interpolate`arn:${arnField(role.arn, 1)}:sns:*:*:*` },
            ]),
        },
        parent,
    );
    return { role, policy, configuration: { externalId, snsCallerArn: role.arn } };
}

/** The user pool itself, with every secure default written where it is set. */
export function createUserPool(
    scope: pulumi.ComponentResource,
    name: string,
    args: CognitoAuthArgs,
    d: CognitoDefaults,
    stateful: pulumi.CustomResourceOptions,
    sms: SmsSetup | undefined,
    // The custom senders' entries (senders.ts `createSenderKey`): passed in, so this module imports none of it.
    senders?: Pick<aws.types.input.cognito.UserPoolLambdaConfig, "customEmailSender" | "customSmsSender" | "kmsKeyId">,
): aws.cognito.UserPool {
    const usernameAttributes = d.signIn.username ? undefined : [...(d.signIn.email ? ["email"] : []), ...(d.signIn.phone ? ["phone_number"] : [])];
    const aliasAttributes = d.signIn.username
        ? [...(d.signIn.email ? ["email"] : []), ...(d.signIn.phone ? ["phone_number"] : []), ...(d.signIn.preferredUsername ? ["preferred_username"] : [])]
        : undefined;
    const autoVerified = [...(d.signIn.email || d.accountRecovery.includes("email") ? ["email"] : []), ...(d.sms && (d.signIn.phone || d.accountRecovery.includes("phone")) ? ["phone_number"] : [])];

    const lambdaConfig: aws.types.input.cognito.UserPoolLambdaConfig = { ...senders };
    for (const field of TRIGGER_FIELDS) {
        const arn = args.triggers?.[field];
        if (arn === undefined) continue;
        if (field === "preTokenGeneration") {
            // The event version: V1_0 unless asked (trigger-enums.ts `PreTokenGenerationVersion`).
            lambdaConfig.preTokenGenerationConfig = { lambdaArn: arn, lambdaVersion: d.preTokenGenerationVersion };
        } else {
            (lambdaConfig as Record<string, pulumi.Input<string>>)[field] = arn;
        }
    }

    const sesArn = args.email?.sesIdentityArn;
    const logicalName = `${name}-pool`;
    const poolArgs: aws.cognito.UserPoolArgs = {
        name: args.userPoolName,
        usernameAttributes,
        aliasAttributes,
        // Fixed on purpose: Cognito cannot change case sensitivity after creation.
        usernameConfiguration: { caseSensitive: false },
        autoVerifiedAttributes: autoVerified,
        // An unverified new address must not replace the verified one (account takeover through email change).
        userAttributeUpdateSettings: autoVerified.length > 0 ? { attributesRequireVerificationBeforeUpdates: autoVerified } : undefined,
        passwordPolicy: d.password,
        mfaConfiguration: d.mfa,
        softwareTokenMfaConfiguration: d.mfa === "OFF" ? undefined : { enabled: d.factors.totp },
        // Both texts, always: the provider drops an empty block and email MFA stays off (terraform-provider-aws #43917).
        emailMfaConfiguration: d.factors.email ? { subject: d.mfaEmail.subject, message: d.mfaEmail.message } : undefined,
        smsConfiguration: sms?.configuration,
        accountRecoverySetting: {
            recoveryMechanisms:
                d.accountRecovery.length === 0
                    ? [{ name: "admin_only", priority: 1 }]
                    : d.accountRecovery.map((m, i) => ({ name: m === "email" ? "verified_email" : "verified_phone_number", priority: i + 1 })),
        },
        adminCreateUserConfig: {
            allowAdminCreateUserOnly: !d.selfSignUp,
            inviteMessageTemplate: args.invitationMessages && { ...args.invitationMessages },
        },
        verificationMessageTemplate: {
            defaultEmailOption: d.emailStyle === "link" ? "CONFIRM_WITH_LINK" : "CONFIRM_WITH_CODE",
            ...(d.emailStyle === "link"
                ? { emailSubjectByLink: args.verificationMessages?.emailSubject, emailMessageByLink: args.verificationMessages?.emailMessage }
                : { emailSubject: args.verificationMessages?.emailSubject, emailMessage: args.verificationMessages?.emailMessage }),
            smsMessage: args.verificationMessages?.smsMessage,
        },
        emailConfiguration:
            sesArn !== undefined
                ? {
                      emailSendingAccount: "DEVELOPER",
                      sourceArn: sesArn,
                      fromEmailAddress: args.email?.from,
                      replyToEmailAddress: args.email?.replyTo,
                      configurationSet: args.email?.configurationSet,
                  }
                : { emailSendingAccount: "COGNITO_DEFAULT", replyToEmailAddress: args.email?.replyTo },
        schemas: schemaOf(d.requiredAttributes, d.customAttributes),
        lambdaConfig: Object.keys(lambdaConfig).length > 0 ? lambdaConfig : undefined,
        userPoolTier: d.featureTier,
        ...signInPoolArgs(args), // passkeys and one-time passwords, only when asked: sign-in.ts
        userPoolAddOns: args.threatProtection ? { advancedSecurityMode: args.threatProtection } : undefined,
        deletionProtection: d.deletionProtection ? "ACTIVE" : "INACTIVE",
        tags: args.tags,
    };
    return new aws.cognito.UserPool(
        logicalName,
        applyTransform(poolArgs, logicalName, args.transform?.userPool),
        // Cognito checks that it can assume the SMS role when the pool is created.
        { ...stateful, parent: scope, dependsOn: sms ? [sms.policy] : [] },
    );
}

/** Lets Cognito, for this pool only, invoke each trigger. */
export function createTriggerPermissions(scope: pulumi.ComponentResource, name: string, args: CognitoAuthArgs, userPool: aws.cognito.UserPool): void {
    for (const field of TRIGGER_FIELDS) {
        const arn = args.triggers?.[field];
        if (arn === undefined) continue;
        new aws.lambda.Permission(
            `${name}-trigger-${field}`,
            {
                action: actions.lambdaInvoke,
                function: arn,
                principal: "cognito-idp.amazonaws.com",
                sourceArn: userPool.arn,
                // `arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`: the pool's own account.
                sourceAccount: arnField(userPool.arn, 4),
            },
            { parent: scope },
        );
    }
}

/**
 * The schema entries: required standard attributes and custom attributes, each with the constraint
 * block Cognito reports back for it, because the provider otherwise sees a schema change on every
 * later update and fails with "cannot modify or remove schema items" (terraform-provider-aws
 * `user_pool.go`, which flattens whatever constraints DescribeUserPool returns; docs note from PR #7808).
 */
function schemaOf(required: readonly StandardAttribute[], custom: Readonly<Record<string, CustomAttribute>>): aws.types.input.cognito.UserPoolSchema[] | undefined {
    const entries: aws.types.input.cognito.UserPoolSchema[] = [];
    for (const attribute of required) {
        entries.push({ name: attribute, required: true, mutable: true, developerOnlyAttribute: false, ...STANDARD_ATTRIBUTE_CONSTRAINTS[attribute] });
    }
    for (const [attributeName, a] of Object.entries(custom)) {
        entries.push({
            name: attributeName,
            attributeDataType: a.type,
            required: false,
            mutable: a.mutable ?? true,
            developerOnlyAttribute: false,
            stringAttributeConstraints:
                a.type === "String" ? { minLength: String(a.minLength ?? DEFAULT_STRING_LENGTH.minLength), maxLength: String(a.maxLength ?? DEFAULT_STRING_LENGTH.maxLength) } : undefined,
            // A Number attribute always carries the block; Cognito reports it (empty without bounds) for
            // every Number attribute. Bounds left out stay out, as Cognito sets none of its own.
            numberAttributeConstraints:
                a.type === "Number"
                    ? { ...(a.min === undefined ? {} : { minValue: String(a.min) }), ...(a.max === undefined ? {} : { maxValue: String(a.max) }) }
                    : undefined,
        });
    }
    return entries.length > 0 ? entries : undefined;
}
