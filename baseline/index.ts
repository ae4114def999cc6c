import { ApiGatewayAccountLogging } from "../components";

// The account baseline: run once per account and region, before any stack whose REST API stage has
// access or execution logging (AuthorizedApi always has both). It sets the region's API Gateway
// CloudWatch Logs role; nothing here is deleted by `pulumi destroy` (see README.md).
const logging = new ApiGatewayAccountLogging("apigateway-logs");

/** The role now set as the region's `cloudwatchRoleArn`. */
export const roleArn = logging.roleArn;
/** Its name, for handing the setting back. */
export const roleName = logging.roleName;
