import * as path from 'node:path';
import { ArnFormat, Aws, CfnDeletionPolicy, CfnResource, CustomResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import { FlinkCodeConfig } from './kinesis-flink-analytics-props';
import { applicationEncryptionContext, DECRYPT_GRANTS_ONLY } from './state-key-policy';
import { acknowledgeNagRule } from '../core/nag';

/** What the starter needs of the pattern. */
export interface ApplicationStarterProps {
  /** The application: the function stops it before the stack deletes it, unless it is retained. */
  readonly application: CfnResource;
  /** The application's name: its Ref, so the custom resource comes after the application. */
  readonly applicationName: string;
  /** The key of the application state: whoever starts the application uses it too. */
  readonly applicationEncryptionKey?: kms.IKey;
  /** Where the code is: a new key or version makes CloudFormation send an Update, and the starter runs again. */
  readonly code: FlinkCodeConfig;
  readonly allowNonRestoredState: boolean;
  /** The application's log group, named in the deploy error when the application cannot start. */
  readonly applicationLogGroup: logs.ILogGroup;
  /** What must exist before the application starts (its logging option: the start logs there). */
  readonly startAfter: IDependable[];
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A custom resource whose function starts the application when it is created, and again when a
 * deploy changes its properties (the code, most often) while it is stopped (`startApplication`),
 * and stops it before the stack deletes it. One function per pattern, in the pattern's scope; it
 * may only describe, list the snapshots of, start and stop this application, use its state key
 * through the service, and read the status of its own stack.
 */
export class ApplicationStarter extends Construct {
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: ApplicationStarterProps) {
    super(scope, id);
    const applicationArn = Stack.of(this).formatArn({
      service: 'kinesisanalytics',
      resource: 'application',
      resourceName: props.applicationName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: props.removalPolicy });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Starts the Flink application of ${scope.node.path} on deploy`,
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [
        'kinesisanalytics:DescribeApplication',
        'kinesisanalytics:ListApplicationSnapshots',
        'kinesisanalytics:StartApplication',
        'kinesisanalytics:StopApplication',
      ],
      resources: [applicationArn],
    }));
    // Whether the stack is rolling back (no failure may be answered then) or deleting the application.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [Aws.STACK_ID] }));
    if (props.applicationEncryptionKey) {
      // The caller of StartApplication and StopApplication uses the state key through the service,
      // as AWS documents the operator's permissions
      // (https://docs.aws.amazon.com/managed-flink/latest/java/manage-cmk-api.html).
      const key = [props.applicationEncryptionKey.keyArn];
      const throughFlink = { 'kms:ViaService': `kinesisanalytics.${Aws.REGION}.amazonaws.com` };
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:DescribeKey'], resources: key, conditions: { StringEquals: throughFlink } }));
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
        resources: key,
        conditions: { StringEquals: throughFlink, StringLike: applicationEncryptionContext() },
      }));
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: key,
        conditions: {
          'StringEquals': { ...throughFlink, ...DECRYPT_GRANTS_ONLY.StringEquals },
          'StringLike': applicationEncryptionContext(),
          'ForAllValues:StringEquals': DECRYPT_GRANTS_ONLY['ForAllValues:StringEquals'],
        },
      }));
    }
    this.function = new lambda.Function(this, 'Function', {
      description: `Starts the Flink application of ${scope.node.path} on deploy`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      // Bundled by projen from start-application.lambda.ts (see .projenrc.ts).
      code: lambda.Code.fromAsset(path.join(__dirname, '../../assets/analytics/start-application.lambda')),
      // Long enough to see a start through (a few minutes; more in a VPC): it answers before it times out.
      timeout: Duration.minutes(15),
      memorySize: 256,
      role,
      logGroup,
    });
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    acknowledgeNagRule(this.function, {
      ruleId: 'Serverless-LambdaDLQ',
      reason: 'CloudFormation invokes this custom resource function and waits for its answer, which it always sends, failure included; a DLQ would hold nothing to act on.',
    });
    acknowledgeNagRule(this.function, {
      ruleId: 'Serverless-LambdaTracing',
      reason: 'A custom resource function that runs on deploy only and makes three kinds of API calls; its log group records each step.',
    });

    const start = new CustomResource(this, 'Start', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::FlinkApplicationStart',
      properties: {
        ApplicationName: props.applicationName,
        CodeBucketArn: props.code.bucket.bucketArn,
        CodeKey: props.code.key,
        CodeObjectVersion: props.code.objectVersion ?? '',
        AllowNonRestoredState: String(props.allowNonRestoredState),
        LogGroupName: props.applicationLogGroup.logGroupName,
        // Read at synth time, after the app had its say on the application's removal policy.
        StopOnStackDeletion: Lazy.string({
          produce: () => String(props.application.cfnOptions.deletionPolicy !== CfnDeletionPolicy.RETAIN),
        }),
      },
      removalPolicy: RemovalPolicy.DESTROY,
      // The function answers within its 15 minutes; CloudFormation stops waiting soon after if it could not.
      serviceTimeout: Duration.minutes(20),
    });
    // The application comes first through the Ref of ApplicationName; the logging option has none.
    start.node.addDependency(...props.startAfter);
  }
}
