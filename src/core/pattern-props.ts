import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { StreamProps } from './stream-props';

/**
 * Props every pattern accepts: where its stream comes from, how it is monitored, and what happens
 * to the data it keeps when the stack is deleted.
 */
export interface StreamingPatternProps {
  /**
   * A stream to use instead of creating one, for example to put several patterns on one stream.
   * Cannot be combined with `streamProps` or `enhancedMonitoring`.
   *
   * @default - the pattern creates an encrypted ON_DEMAND stream
   */
  readonly existingStream?: kinesis.IStream;

  /**
   * Settings for the stream the pattern creates. Cannot be combined with `existingStream`.
   *
   * @default - ON_DEMAND, 24 hours retention, encrypted with the AWS managed key
   */
  readonly streamProps?: StreamProps;

  /**
   * Turn on enhanced (shard-level) monitoring, metrics `ALL`, on the stream the pattern creates.
   * Shard-level metrics are billed per shard and metric.
   *
   * @default false
   * @see https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html#kinesis-metrics-shard
   */
  readonly enhancedMonitoring?: boolean;

  /**
   * Actions run when any alarm the pattern creates goes into ALARM, for example an SNS topic
   * action. The alarms are created either way and listed in the pattern's `alarms`.
   *
   * @default - no actions
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * Create a CloudWatch dashboard for the pattern. Each dashboard is billed monthly (beyond an
   * account's first three): to put several patterns on one, pass it as `dashboard` instead.
   *
   * @default - true, unless `dashboard` is given
   */
  readonly createDashboard?: boolean;

  /**
   * An existing dashboard to add the pattern's section to (a title, the pattern's alarm status and
   * its graphs) instead of creating one, for example one dashboard for every pattern of a stack.
   * The widgets of a stream appear once however many patterns on the dashboard share it. The
   * dashboard must be in the pattern's stack; not with `createDashboard`.
   *
   * @default - a dashboard of the pattern's own, unless `createDashboard` is false
   */
  readonly dashboard?: cloudwatch.Dashboard;

  /**
   * What happens to the stateful resources the pattern creates (its stream, buckets, KMS keys,
   * queues, log groups and user pool) when they leave the stack: `RETAIN` keeps them (and their
   * bill: an ON_DEMAND stream costs about $29 a month with no traffic), `DESTROY` deletes them,
   * for sandbox and test stacks. A bucket that still holds objects cannot be deleted: empty it
   * first, or give the pattern's `bucketProps` (the processor's `failureBucketProps`)
   * `autoDeleteObjects: true` (aws-cdk-lib's custom resource). `SNAPSHOT` is not allowed: none of
   * these resources has snapshots. Resources you bring (`existingStream`, `existingBucket`...)
   * never get this removal policy.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
