import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_PATTERNS, fixtureResources, FLINK_PLACEHOLDER, FULL_PATTERNS } from './pattern-fixtures';
import { addSolutionStacks, SOLUTION_STACKS } from '../examples/solution/solution-app';
import { AlarmTopic, FlinkCode } from '../src';

// The run-time permission contract: what each AWS service the patterns wire together needs at run
// time, as AWS documents it, checked on the synthesized templates of every pattern (with its
// defaults, and with customer keys and every option), of the integ apps and of the reference
// solution. cfn-lint and cdk-nag check none of it: a template can pass both and deploy resources
// that never talk to each other.

type Json = Record<string, any>;
type Resources = Record<string, Json>;

/** One service-to-service path: what it needs, where AWS says so, and the violations in a template. */
interface ContractRow {
  readonly path: string;
  readonly documentation: string;
  readonly violations: (resources: Resources) => string[];
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The logical id a `Ref` or `Fn::GetAtt` points to, if it is one. */
function target(value: unknown): string | undefined {
  const json = value as Json | undefined;
  return json?.Ref ?? (Array.isArray(json?.['Fn::GetAtt']) ? json!['Fn::GetAtt'][0] : undefined);
}

function services(statement: Json): string[] {
  return asArray(statement.Principal?.Service as string | string[] | undefined);
}

function actionMatches(granted: string, wanted: string): boolean {
  const pattern = new RegExp(`^${granted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return pattern.test(wanted);
}

/** The statements that allow `service` to do `action`. */
function allowing(statements: Json[], service: string, action: string): Json[] {
  return statements.filter((statement) => statement.Effect === 'Allow' && services(statement).includes(service)
    && asArray(statement.Action as string | string[]).some((granted) => actionMatches(granted, action)));
}

/** The condition keys a statement uses (`aws:SourceArn`...), whatever their operators. */
function conditionKeys(statement: Json): string[] {
  return Object.values((statement.Condition ?? {}) as Record<string, Json>).flatMap((byKey) => Object.keys(byKey));
}

/**
 * The statements that allow `service` to do `action` under no condition keys but `documented`:
 * a condition key the service's request does not carry makes the statement refuse every request,
 * which no tool sees before the run time.
 */
function allowingUnder(statements: Json[], service: string, action: string, documented: string[]): Json[] {
  return allowing(statements, service, action).filter((statement) => conditionKeys(statement).every((key) => documented.includes(key)));
}

function keyStatements(resources: Resources, keyId: string | undefined): Json[] | undefined {
  const key = keyId ? resources[keyId] : undefined;
  return key?.Type === 'AWS::KMS::Key' ? asArray(key.Properties.KeyPolicy.Statement) : undefined;
}

/** The statements of every resource policy of `type` that names `resourceId` in `listProperty`. */
function resourcePolicyStatements(resources: Resources, type: string, listProperty: string, resourceId: string): Json[] | undefined {
  const policies = Object.values(resources).filter((resource) => resource.Type === type
    && asArray(resource.Properties[listProperty]).some((entry) => target(entry) === resourceId));
  return policies.length === 0 ? undefined : policies.flatMap((policy) => asArray(policy.Properties.PolicyDocument.Statement));
}

/** The statements of every IAM policy attached to `roleId`. */
function roleStatements(resources: Resources, roleId: string): Json[] {
  const inline = asArray(resources[roleId]?.Properties.Policies as Json[] | undefined).flatMap((policy) => asArray(policy.PolicyDocument.Statement));
  const attached = Object.values(resources).filter((resource) => resource.Type === 'AWS::IAM::Policy'
    && asArray(resource.Properties.Roles).some((role) => target(role) === roleId));
  return [...inline, ...attached.flatMap((policy) => asArray(policy.Properties.PolicyDocument.Statement))];
}

function roleAllows(statements: Json[], action: string, resourceId: string): boolean {
  return statements.some((statement) => statement.Effect === 'Allow'
    && asArray(statement.Action as string | string[]).some((granted) => actionMatches(granted, action))
    && JSON.stringify(statement.Resource).includes(`"${resourceId}"`));
}

function ofType(resources: Resources, type: string): Array<[string, Json]> {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** Every resource `id` depends on, through DependsOn, Ref and Fn::GetAtt, transitively. */
function dependencies(resources: Resources, id: string, seen = new Set<string>()): Set<string> {
  const direct = new Set<string>(asArray(resources[id]?.DependsOn as string | string[] | undefined));
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(collect);
    } else if (node && typeof node === 'object') {
      const referenced = target(node);
      if (referenced && referenced in resources) {
        direct.add(referenced);
      }
      Object.values(node as Json).forEach(collect);
    }
  };
  collect(resources[id]?.Properties);
  for (const dependency of direct) {
    if (!seen.has(dependency)) {
      seen.add(dependency);
      dependencies(resources, dependency, seen);
    }
  }
  return seen;
}

const FLINK = 'kinesisanalytics.amazonaws.com';
const FLINK_INFRASTRUCTURE = 'infrastructure.kinesisanalytics.amazonaws.com';

/** Alarm actions that are not a topic of the template (another stack's, an ARN): this check cannot follow them. */
function alarmActionsOutsideTheTemplate(alarm: Json): boolean {
  return asArray(alarm.Properties.AlarmActions).some((action) => target(action) === undefined);
}

const CONTRACT: ContractRow[] = [
  {
    path: 'CloudWatch alarm -> SNS topic (alarm actions)',
    documentation: 'https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger; '
      + 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    violations: (resources) => ofType(resources, 'AWS::CloudWatch::Alarm').flatMap(([alarmId, alarm]) =>
      asArray(alarm.Properties.AlarmActions).map(target).filter((topicId): topicId is string => resources[topicId ?? '']?.Type === 'AWS::SNS::Topic')
        .flatMap((topicId) => {
          const found: string[] = [];
          const topicPolicy = resourcePolicyStatements(resources, 'AWS::SNS::TopicPolicy', 'Topics', topicId);
          if (topicPolicy && allowingUnder(topicPolicy, 'cloudwatch.amazonaws.com', 'sns:Publish', ['aws:SourceAccount', 'aws:SourceArn']).length === 0) {
            found.push(`${alarmId}: the policy of topic ${topicId} replaces SNS's default one and does not allow cloudwatch.amazonaws.com sns:Publish`);
          }
          const key = keyStatements(resources, target(resources[topicId].Properties.KmsMasterKeyId));
          for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
            if (key && allowingUnder(key, 'cloudwatch.amazonaws.com', action, ['kms:EncryptionContext:aws:sns:topicArn']).length === 0) {
              found.push(`${alarmId}: the key of topic ${topicId} does not allow cloudwatch.amazonaws.com ${action} (under SNS's encryption context at most)`);
            }
          }
          if (alarmActionsOutsideTheTemplate(alarm)) {
            found.push(`${alarmId}: an alarm action this check cannot follow (not a topic of the template)`);
          }
          return found;
        })),
  },
  {
    path: 'API Gateway stage access logs -> CloudWatch Logs (account-level role)',
    documentation: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
    violations: (resources) => {
      const accounts = ofType(resources, 'AWS::ApiGateway::Account').filter(([, account]) => account.Properties.CloudWatchRoleArn).map(([id]) => id);
      return ofType(resources, 'AWS::ApiGateway::Stage').filter(([, stage]) => stage.Properties.AccessLogSetting)
        .filter(([stageId]) => !accounts.some((accountId) => dependencies(resources, stageId).has(accountId)))
        .map(([stageId]) => `${stageId}: access logging without the account's API Gateway CloudWatch Logs role set before it (a first deploy fails)`);
    },
  },
  {
    path: 'EventBridge rule -> SQS queue (failure notices)',
    documentation: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions; '
      + 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services (no source conditions in the key policy for EventBridge)',
    violations: (resources) => ofType(resources, 'AWS::Events::Rule').flatMap(([ruleId, rule]) =>
      asArray(rule.Properties.Targets as Json[]).map((each) => target(each.Arn)).filter((queueId): queueId is string => resources[queueId ?? '']?.Type === 'AWS::SQS::Queue')
        .flatMap((queueId) => {
          const found: string[] = [];
          const queuePolicy = resourcePolicyStatements(resources, 'AWS::SQS::QueuePolicy', 'Queues', queueId) ?? [];
          if (allowing(queuePolicy, 'events.amazonaws.com', 'sqs:SendMessage').length === 0) {
            found.push(`${ruleId}: queue ${queueId} does not allow events.amazonaws.com sqs:SendMessage`);
          }
          const key = keyStatements(resources, target(resources[queueId].Properties.KmsMasterKeyId));
          for (const action of ['kms:Decrypt', 'kms:GenerateDataKey']) {
            if (key && allowingUnder(key, 'events.amazonaws.com', action, []).length === 0) {
              found.push(`${ruleId}: the key of queue ${queueId} does not allow events.amazonaws.com ${action} without a condition`);
            }
          }
          return found;
        })),
  },
  {
    path: 'Managed Service for Apache Flink -> customer managed key of the application state',
    documentation: 'https://docs.aws.amazon.com/managed-flink/latest/java/manage-cmk-api.html',
    violations: (resources) => ofType(resources, 'AWS::KinesisAnalyticsV2::Application').flatMap(([applicationId, application]) => {
      const encryption = application.Properties.ApplicationConfiguration?.ApplicationEncryptionConfiguration;
      const key = keyStatements(resources, target(encryption?.KeyId));
      if (!key) {
        return [];
      }
      // The documented key policy: each action of each principal with the condition keys AWS shows for it.
      const context = 'kms:EncryptionContext:aws:kinesisanalytics:arn';
      const documented: Array<[string, string, string[]]> = [
        [FLINK, 'kms:DescribeKey', ['aws:SourceArn', 'aws:SourceAccount']],
        [FLINK_INFRASTRUCTURE, 'kms:DescribeKey', ['aws:SourceArn', 'aws:SourceAccount']],
        [FLINK, 'kms:GenerateDataKey', ['aws:SourceArn', 'aws:SourceAccount', context]],
        [FLINK, 'kms:Decrypt', [context]],
        [FLINK_INFRASTRUCTURE, 'kms:Decrypt', [context]],
        [FLINK_INFRASTRUCTURE, 'kms:GenerateDataKeyWithoutPlaintext', [context]],
        [FLINK_INFRASTRUCTURE, 'kms:CreateGrant', [context, 'kms:GrantConstraintType', 'kms:GrantOperations']],
      ];
      return documented.filter(([principal, action, keys]) => allowingUnder(key, principal, action, keys).length === 0)
        .map(([principal, action, keys]) => `${applicationId}: the state key does not allow ${principal} ${action} under ${keys.join(', ')} at most`);
    }),
  },
  {
    path: 'SNS topic -> SQS queue (subscriptions)',
    documentation: 'https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html',
    violations: (resources) => ofType(resources, 'AWS::SNS::Subscription').filter(([, subscription]) => subscription.Properties.Protocol === 'sqs')
      .flatMap(([subscriptionId, subscription]) => {
        const queueId = target(subscription.Properties.Endpoint);
        const queuePolicy = resourcePolicyStatements(resources, 'AWS::SQS::QueuePolicy', 'Queues', queueId ?? '') ?? [];
        const found = allowing(queuePolicy, 'sns.amazonaws.com', 'sqs:SendMessage').length === 0
          ? [`${subscriptionId}: queue ${queueId} does not allow sns.amazonaws.com sqs:SendMessage`] : [];
        const key = keyStatements(resources, target(resources[queueId ?? '']?.Properties.KmsMasterKeyId));
        if (key && allowing(key, 'sns.amazonaws.com', 'kms:GenerateDataKey').length === 0) {
          found.push(`${subscriptionId}: the key of queue ${queueId} does not allow sns.amazonaws.com`);
        }
        return found;
      }),
  },
  {
    path: 'S3 server access logging -> log bucket',
    documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general',
    violations: (resources) => ofType(resources, 'AWS::S3::Bucket').flatMap(([bucketId, bucket]) => {
      const logBucketId = target(bucket.Properties.LoggingConfiguration?.DestinationBucketName);
      if (!logBucketId || !(logBucketId in resources)) {
        return [];
      }
      const policy = resourcePolicyStatements(resources, 'AWS::S3::BucketPolicy', 'Bucket', logBucketId) ?? [];
      return allowing(policy, 'logging.s3.amazonaws.com', 's3:PutObject').length === 0
        ? [`${bucketId}: log bucket ${logBucketId} does not allow logging.s3.amazonaws.com s3:PutObject`] : [];
    }),
  },
  {
    path: 'Firehose -> its roles (confused deputy)',
    documentation: 'https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html (sts:ExternalId = the account)',
    violations: (resources) => ofType(resources, 'AWS::IAM::Role').flatMap(([roleId, role]) =>
      asArray(role.Properties.AssumeRolePolicyDocument.Statement as Json[])
        .filter((statement) => services(statement).includes('firehose.amazonaws.com') && !JSON.stringify(statement.Condition ?? {}).includes('"sts:ExternalId"'))
        .map(() => `${roleId}: Firehose may assume it without sts:ExternalId`)),
  },
  {
    path: 'Lambda event source mapping -> stream (and its key)',
    documentation: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html#events-kinesis-permissions',
    violations: (resources) => ofType(resources, 'AWS::Lambda::EventSourceMapping').flatMap(([mappingId, mapping]) => {
      const functionId = target(mapping.Properties.FunctionName) ?? '';
      const roleId = target(resources[functionId]?.Properties.Role) ?? '';
      const statements = roleStatements(resources, roleId);
      const sourceId = target(mapping.Properties.EventSourceArn) ?? '';
      const streamId = resources[sourceId]?.Type === 'AWS::Kinesis::StreamConsumer' ? target(resources[sourceId].Properties.StreamARN) ?? '' : sourceId;
      const actions = ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:ListShards'];
      const found = actions.filter((action) => !roleAllows(statements, action, streamId)).map((action) => `${mappingId}: the function role lacks ${action} on ${streamId}`);
      const streamKey = target(resources[streamId]?.Properties.StreamEncryption?.KeyId);
      if (streamKey && streamKey in resources && !roleAllows(statements, 'kms:Decrypt', streamKey)) {
        found.push(`${mappingId}: the function role cannot decrypt with the stream key ${streamKey}`);
      }
      return found;
    }),
  },
  {
    path: 'API Gateway integration -> stream (and its key)',
    documentation: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/integrating-api-with-aws-services-kinesis.html',
    violations: (resources) => ofType(resources, 'AWS::ApiGateway::Method').flatMap(([methodId, method]) => {
      const integration = method.Properties.Integration;
      const roleId = target(integration?.Credentials);
      if (!roleId || !JSON.stringify(integration.Uri ?? '').includes(':kinesis:')) {
        return [];
      }
      const statements = roleStatements(resources, roleId);
      const streams = ofType(resources, 'AWS::Kinesis::Stream').map(([id]) => id);
      const found = streams.some((streamId) => roleAllows(statements, 'kinesis:PutRecord', streamId) && roleAllows(statements, 'kinesis:PutRecords', streamId))
        ? [] : [`${methodId}: the integration role may not put records on the stream`];
      for (const [, stream] of ofType(resources, 'AWS::Kinesis::Stream')) {
        const streamKey = target(stream.Properties.StreamEncryption?.KeyId);
        if (streamKey && streamKey in resources && !roleAllows(statements, 'kms:GenerateDataKey', streamKey)) {
          found.push(`${methodId}: the integration role cannot encrypt with the stream key ${streamKey}`);
        }
      }
      return found;
    }),
  },
];

function patternTemplates(): Array<[string, Resources]> {
  const templates: Array<[string, Resources]> = [];
  for (const [set, fixtures] of [['default', DEFAULT_PATTERNS], ['full', FULL_PATTERNS]] as const) {
    for (const [name, fixture] of Object.entries(fixtures)) {
      const stack = new Stack(new App(), 'Stack');
      const alarms = new AlarmTopic(stack, 'Alarms');
      fixture(stack, fixtureResources(stack), { alarmActions: alarms.alarmActions });
      templates.push([`pattern ${name} (${set})`, Template.fromStack(stack).toJSON().Resources]);
    }
  }
  return templates;
}

function integTemplates(): Array<[string, Resources]> {
  const integ = path.join(__dirname, '..', 'integ');
  return fs.readdirSync(integ).filter((entry) => entry.endsWith('.snapshot')).flatMap((snapshot) =>
    fs.readdirSync(path.join(integ, snapshot)).filter((file) => file.endsWith('.template.json') && !file.includes('DeployAssert'))
      .map((file): [string, Resources] => [`integ ${file}`, JSON.parse(fs.readFileSync(path.join(integ, snapshot, file), 'utf8')).Resources]));
}

function solutionTemplates(): Array<[string, Resources]> {
  const app = new App();
  addSolutionStacks(app, { flinkCode: FlinkCode.fromAsset(FLINK_PLACEHOLDER) });
  const assembly = app.synth();
  return Object.values(SOLUTION_STACKS).map((name): [string, Resources] => [`solution ${name}`, assembly.getStackByName(name).template.Resources]);
}

const TEMPLATES = [...patternTemplates(), ...integTemplates(), ...solutionTemplates()];

describe.each(CONTRACT.map((row) => [row.path, row] as const))('%s', (_path, row) => {
  test.each(TEMPLATES)('%s', (_name, resources) => {
    expect(row.violations(resources)).toEqual([]);
  });
});

test('the contract is checked on templates that have each path: none passes on nothing', () => {
  const count = (type: string) => TEMPLATES.filter(([, resources]) => ofType(resources, type).length > 0).length;
  const flinkKeys = TEMPLATES.filter(([, resources]) => ofType(resources, 'AWS::KinesisAnalyticsV2::Application')
    .some(([, application]) => application.Properties.ApplicationConfiguration?.ApplicationEncryptionConfiguration)).length;
  expect(count('AWS::CloudWatch::Alarm')).toBe(TEMPLATES.length);
  for (const [type, templates] of [
    ['AWS::SNS::TopicPolicy', count('AWS::SNS::TopicPolicy')],
    ['AWS::ApiGateway::Stage', count('AWS::ApiGateway::Stage')],
    ['AWS::Events::Rule', count('AWS::Events::Rule')],
    ['Flink state keys', flinkKeys],
    ['AWS::SNS::Subscription', count('AWS::SNS::Subscription')],
    ['AWS::Lambda::EventSourceMapping', count('AWS::Lambda::EventSourceMapping')],
  ] as const) {
    expect({ type, some: templates > 0 }).toEqual({ type, some: true });
  }
});
