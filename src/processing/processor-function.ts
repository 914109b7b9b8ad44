import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeNagRule } from '../core/nag';

/** What the processor function is built from. */
export interface ProcessorFunctionInput {
  readonly existingLambdaObj?: lambda.IFunction;
  readonly lambdaFunctionProps?: lambda.FunctionProps;
  readonly logRetention?: logs.RetentionDays;
}

/** The processor function and, when the pattern created them, its role and log group. */
export interface ProcessorFunction {
  readonly lambdaFunction: lambda.IFunction;
  readonly role?: iam.IRole;
  readonly logGroup?: logs.ILogGroupRef;
}

/**
 * Returns `existingLambdaObj`, or a function built from `lambdaFunctionProps` with, unless the
 * props say otherwise, X-Ray tracing, its own log group with a retention, and its own role that
 * may only write to that log group (the mapping and the destination add their own grants).
 */
export function createProcessorFunction(scope: Construct, input: ProcessorFunctionInput): ProcessorFunction {
  if (input.existingLambdaObj && input.lambdaFunctionProps) {
    throw new Error('Provide either existingLambdaObj or lambdaFunctionProps, not both.');
  }
  if (input.existingLambdaObj) {
    if (input.logRetention !== undefined) {
      throw new Error('logRetention only applies to a function built from lambdaFunctionProps; set the retention where existingLambdaObj is defined.');
    }
    return { lambdaFunction: input.existingLambdaObj };
  }
  const props = input.lambdaFunctionProps;
  if (!props) {
    throw new Error('Provide existingLambdaObj or lambdaFunctionProps: the pattern needs a function to process the records.');
  }

  if (props.logGroup && input.logRetention !== undefined) {
    throw new Error('logRetention only applies to the log group the pattern creates; lambdaFunctionProps.logGroup has its own retention.');
  }
  const logGroup: logs.ILogGroupRef = props.logGroup ?? new logs.LogGroup(scope, 'LogGroup', {
    retention: input.logRetention ?? logs.RetentionDays.ONE_MONTH,
  });
  const role = props.role ?? new iam.Role(scope, 'FunctionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the record processor of ${scope.node.path}`,
  });
  if (!props.role) {
    iam.Grant.addToPrincipal({
      grantee: role,
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resourceArns: [logGroup.logGroupRef.logGroupArn],
    });
  }
  const tracing = props.tracing ?? lambda.Tracing.ACTIVE;
  const lambdaFunction = new lambda.Function(scope, 'Function', { ...props, tracing, role, logGroup });

  // aws-cdk-lib makes every function depend on its role so the role's policies exist first;
  // cfn-lint reports the role half of that DependsOn as already implied by the GetAtt (W3005).
  (lambdaFunction.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });

  if (!props.role && tracing === lambda.Tracing.ACTIVE) {
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
  return { lambdaFunction, role: props.role ? undefined : role, logGroup };
}
