import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BISECT_ENVIRONMENT } from './handler/bisect-environment';
import { KinesisLambdaProcessorProps } from './kinesis-lambda-processor-props';
import { acknowledgeNagRule } from '../core/nag';

/** What a function built from `functionProps` gets where the props leave it out. */
export const FUNCTION_DEFAULTS = {
  timeout: Duration.seconds(30),
  memorySize: 256,
  architecture: lambda.Architecture.ARM_64,
  tracing: lambda.Tracing.ACTIVE,
  logRetention: logs.RetentionDays.ONE_MONTH,
};

/** The processor function and, when known, its log group. */
export interface ProcessorFunction {
  readonly lambdaFunction: lambda.IFunction;
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Returns `existingFunction`, or a function built from `functionProps` with the pattern's
 * defaults where the props leave them out, its own log group, and its own role that may only
 * write to that log group (the mapping and the destination add their own grants). The props were
 * checked by `resolveProcessorSettings`.
 */
export function createOrUseProcessorFunction(
  scope: Construct,
  props: KinesisLambdaProcessorProps,
  removalPolicy: RemovalPolicy,
  bisectBatchOnError: boolean,
): ProcessorFunction {
  if (props.existingFunction) {
    return { lambdaFunction: props.existingFunction };
  }
  const functionProps = props.functionProps!;
  const logGroup = functionProps.logGroup ?? new logs.LogGroup(scope, 'LogGroup', {
    retention: FUNCTION_DEFAULTS.logRetention,
    removalPolicy,
    ...props.logGroupProps,
  });
  const role = functionProps.role ?? new iam.Role(scope, 'FunctionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the record processor of ${scope.node.path}`,
  });
  const tracing = functionProps.tracing ?? FUNCTION_DEFAULTS.tracing;
  if (!functionProps.role) {
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resourceArns: [logGroup.logGroupRef.logGroupArn],
    });
  }
  const lambdaFunction = new lambda.Function(scope, 'Function', {
    ...functionProps,
    // Tells the sample processor whether failing an invocation gets its batch split (see BISECT_ENVIRONMENT).
    environment: { [BISECT_ENVIRONMENT]: String(bisectBatchOnError), ...functionProps.environment },
    timeout: functionProps.timeout ?? FUNCTION_DEFAULTS.timeout,
    memorySize: functionProps.memorySize ?? FUNCTION_DEFAULTS.memorySize,
    architecture: functionProps.architecture ?? FUNCTION_DEFAULTS.architecture,
    tracing,
    role,
    logGroup,
  });

  // aws-cdk-lib makes every function depend on its role so the role's policies exist first;
  // cfn-lint reports the role half of that DependsOn as already implied by the GetAtt (W3005).
  (lambdaFunction.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

  if (!functionProps.role && tracing === lambda.Tracing.ACTIVE) {
    acknowledgeNagRule(role.node.findChild('DefaultPolicy'), {
      ruleId: 'AwsSolutions-IAM5',
      reason: 'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; the rest of this policy names its resources.',
      appliesTo: ['Resource::*'],
    });
  }
  acknowledgeNagRule(lambdaFunction, {
    ruleId: 'Serverless-LambdaDLQ',
    reason: 'The function is invoked synchronously by the Kinesis event source mapping, whose on-failure destination captures failed batches; an async DLQ would never receive anything.',
  });
  return { lambdaFunction, logGroup: asLogGroup(scope, logGroup) };
}

/** The log group as an `ILogGroup`: aws-cdk-lib types `FunctionProps.logGroup` as the narrower reference. */
function asLogGroup(scope: Construct, logGroup: logs.ILogGroupRef): logs.ILogGroup {
  return typeof (logGroup as Partial<logs.ILogGroup>).addStream === 'function'
    ? logGroup as logs.ILogGroup
    : logs.LogGroup.fromLogGroupArn(scope, 'FunctionLogGroup', logGroup.logGroupRef.logGroupArn);
}
