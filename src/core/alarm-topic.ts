import { Annotations, Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Props of `AlarmTopic`. */
export interface AlarmTopicProps {
  /**
   * An e-mail address to subscribe to the topic (the address must confirm the subscription).
   *
   * @default - no subscription: subscribe what you need to `topic`
   */
  readonly email?: string;

  /**
   * The name the topic shows in e-mail notifications.
   *
   * @default - the construct's path
   */
  readonly displayName?: string;

  /**
   * The key the topic is encrypted with. The construct adds the statement that lets CloudWatch use
   * it for this account's SNS topics; an imported key's policy cannot be changed, and synth warns.
   *
   * @default - a new customer managed key with rotation, deleted (after 7 days) with the stack:
   * it protects messages in flight only
   */
  readonly encryptionKey?: kms.IKey;
}

/** The alarms of this account and region, as CloudWatch names itself when it publishes. */
function alarmArnPattern(): string {
  return `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`;
}

/**
 * An SNS topic that CloudWatch alarms can notify: encrypted with a customer managed key, TLS-only
 * publishing (what cdk-nag asks for), and allowed for CloudWatch, which neither of those leaves it.
 * A topic policy replaces SNS's default policy, so the TLS-only policy alone would refuse every
 * alarm notification; and a customer managed key must let CloudWatch use it. Pass `alarmActions`
 * to a pattern's `alarmActions`.
 *
 * @see https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;
  /** The key the topic is encrypted with. */
  public readonly encryptionKey: kms.IKey;
  /** The action that notifies the topic: pass to a pattern's `alarmActions`. */
  public readonly alarmActions: cloudwatch.IAlarmAction[];

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the alarm topic ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // SNS encrypts each message under the encryption context aws:sns:topicArn; the topic's own ARN
    // cannot be named here (the topic refers to the key), so this account's topics in this region.
    const keyStatement = new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:*` } },
    });
    if (!this.encryptionKey.addToResourcePolicy(keyStatement, true).statementAdded) {
      Annotations.of(this).addWarningV2('cdk-streaming-data-patterns:alarmTopicKeyPolicy',
        `The policy of this imported key cannot be changed here: add ${JSON.stringify(keyStatement.toStatementJson())} to it, or no alarm notification reaches the topic.`);
    }
    const topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName ?? `Alarms of ${this.node.path}`,
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnLike: { 'aws:SourceArn': alarmArnPattern() },
      },
    }));
    if (props.email) {
      topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    }
    this.topic = topic;
    this.alarmActions = [new cloudwatchActions.SnsAction(topic)];
  }
}
