import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { pinFeatureFlags } from './feature-flags';
import { grantPutRecords } from './stream-grants';

const MINUTE = Duration.minutes(1);

/**
 * What the four patterns share: a Kinesis stream, the alarms and dashboard that watch it, the
 * stream's metrics with the statistic and period the pattern's alarms and dashboard use, and the
 * grant a producer of the stream needs.
 */
export abstract class StreamingPattern extends Construct {
  /** The stream the pattern reads or writes (created, or `existingStream`). */
  public abstract readonly stream: kinesis.IStream;

  /**
   * Every alarm that watches the pattern, in creation order: its own, and the alarms of its stream
   * that another pattern on the same stream created first (a stream is alarmed once per stack).
   */
  public abstract readonly alarms: cloudwatch.Alarm[];

  /**
   * The dashboard with the pattern's section: its own, the `dashboard` it was given (shared with
   * other patterns), or none with `createDashboard: false`.
   */
  public abstract readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    pinFeatureFlags(this);
  }

  /**
   * Lets `grantee` put records on the stream: `kinesis:PutRecord` and `kinesis:PutRecords` on the
   * stream (through its resource policy for a principal of another account), and
   * `kms:GenerateDataKey` on its key when it is a customer managed key.
   */
  public grantPutRecords(grantee: iam.IGrantable): iam.Grant {
    return grantPutRecords(this.stream, grantee);
  }

  /**
   * Records put on the stream (`IncomingRecords`).
   *
   * @default - sum over 1 minute
   */
  public metricIncomingRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricIncomingRecords({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Bytes put on the stream (`IncomingBytes`).
   *
   * @default - sum over 1 minute
   */
  public metricIncomingBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricIncomingBytes({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * How long the last record read by any polling consumer of the stream waited
   * (`GetRecords.IteratorAgeMilliseconds`); enhanced fan-out consumers are not counted.
   *
   * @default - maximum over 1 minute
   */
  public metricGetRecordsIteratorAgeMilliseconds(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricGetRecordsIteratorAgeMilliseconds({ statistic: cloudwatch.Stats.MAXIMUM, period: MINUTE, ...props });
  }

  /**
   * Reads of the stream that Kinesis throttled (`ReadProvisionedThroughputExceeded`).
   *
   * @default - sum over 1 minute
   */
  public metricReadProvisionedThroughputExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricReadProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Writes to the stream that Kinesis throttled (`WriteProvisionedThroughputExceeded`).
   *
   * @default - sum over 1 minute
   */
  public metricWriteProvisionedThroughputExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricWriteProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }
}
