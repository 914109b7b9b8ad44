import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from '../core/nag';
import { wildcardResourceFinding } from '../core/nag-findings';

/** The id of the one setting per stack, whichever ingest API of the stack comes first. */
const SETTING_ID = 'StreamingDataPatternsApiGatewayAccount';

/**
 * API Gateway's CloudWatch Logs role of the account and region (`AWS::ApiGateway::Account`), one
 * per stack whatever the number of ingest APIs in it: a setting of the whole account, the one
 * exception to the library's rule of no account-wide side effects, because a stage with access
 * logs cannot be created without it. The role and the setting are retained with the stack's
 * deletion, so that the APIs of the account keep logging.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export class ApiGatewayAccountSetting extends Construct {
  /** The setting for `scope`'s stack, created by the first caller. */
  public static of(scope: Construct): ApiGatewayAccountSetting {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(SETTING_ID) as ApiGatewayAccountSetting | undefined) ?? new ApiGatewayAccountSetting(stack, SETTING_ID);
  }

  public readonly role: iam.IRole;
  public readonly account: apigateway.CfnAccount;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway write the access and execution logs of the APIs of this account and region',
    });
    // What AWS's managed policy AmazonAPIGatewayPushToCloudWatchLogs allows, in this account and region.
    const logGroups = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:*`;
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [
        'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams',
        'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:PutLogEvents',
      ],
      resources: [logGroups],
    }));
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledgeNagRule(role.node.findChild('DefaultPolicy'), {
      ruleId: 'AwsSolutions-IAM5',
      reason: 'The account-level role API Gateway writes the logs of every API with, to log groups it names and creates itself.',
      appliesTo: [wildcardResourceFinding(this, logGroups)],
    });
    this.role = role;
    this.account = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // API Gateway checks that it can use the role when the setting is made: its policy comes first
    // (the role itself through the GetAtt).
    this.account.node.addDependency(role.node.findChild('DefaultPolicy'));
  }
}
