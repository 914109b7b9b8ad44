import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/**
 * Where every alarm of a solution stack goes: an SNS topic encrypted with its own key, TLS only,
 * with an optional e-mail subscription. The seed solution's alarms had no actions, so they could
 * only be seen on the console.
 */
export class AlarmTopic extends Construct {
  public readonly topic: sns.Topic;
  /** Pass to a pattern's `alarmActions`. */
  public readonly alarmActions: cloudwatch.IAlarmAction[];

  constructor(scope: Construct, id: string, email?: string) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the alarm topic of ${Stack.of(this).stackName}`,
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarm notifications to the topic itself: with a customer managed key
    // it needs to use the key, limited to this account's alarms.
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    }));
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Alarms of ${Stack.of(this).stackName}`,
      masterKey: key,
      enforceSSL: true,
    });
    if (email) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.alarmActions = [new cloudwatchActions.SnsAction(this.topic)];
  }
}
