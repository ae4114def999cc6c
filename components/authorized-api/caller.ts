// What reads the caller in a mapping template. A leaf module: validation checks DynamoDB templates
// against it, and the AWS-service integrations (which validation must not import) write them.

/**
 * Template text that reads the caller; a DynamoDB write must contain one of these. Only immutable
 * identities: a claim the user can change (`email`, `preferred_username`) would let one user write
 * as another.
 */
export const CALLER_REFERENCES = ["$callerId", "${callerId}", "$context.authorizer.claims.sub", "$context.identity.cognitoIdentityId", "$context.authorizer.principalId"];
