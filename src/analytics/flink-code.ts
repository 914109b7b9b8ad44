import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { FlinkCodeConfig } from './kinesis-flink-analytics-props';
import { PropsValidator } from '../core/validation';

/**
 * The code of a Flink application: a JAR (Java) or ZIP (Python) file in S3.
 */
export abstract class FlinkCode {
  /**
   * Code from a local file (a JAR or ZIP) or folder (zipped), uploaded as a CDK asset.
   *
   * @param path the file or folder
   * @param options asset options, such as `exclude`
   */
  public static fromAsset(path: string, options: s3assets.AssetOptions = {}): FlinkCode {
    return new AssetCode(path, options);
  }

  /**
   * Code already in a bucket.
   *
   * @param bucket the bucket
   * @param key the key of the JAR or ZIP file
   * @param objectVersion a version of the object
   */
  public static fromBucket(bucket: s3.IBucket, key: string, objectVersion?: string): FlinkCode {
    return new BucketCode(bucket, key, objectVersion);
  }

  /** Called by the pattern: returns where the code is, creating the asset in `scope` when needed. */
  public abstract bind(scope: Construct): FlinkCodeConfig;
}

class AssetCode extends FlinkCode {
  constructor(private readonly path: string, private readonly options: s3assets.AssetOptions) {
    super();
  }

  public bind(scope: Construct): FlinkCodeConfig {
    const asset = new s3assets.Asset(scope, 'Code', { ...this.options, path: this.path });
    return { bucket: asset.bucket, key: asset.s3ObjectKey };
  }
}

class BucketCode extends FlinkCode {
  constructor(private readonly bucket: s3.IBucket, private readonly key: string, private readonly objectVersion?: string) {
    super();
  }

  public bind(scope: Construct): FlinkCodeConfig {
    new PropsValidator(scope).check(this.key.length > 0, 'FlinkCode.fromBucket needs the key of the JAR or ZIP file (got an empty key).');
    return { bucket: this.bucket, key: this.key, objectVersion: this.objectVersion };
  }
}
