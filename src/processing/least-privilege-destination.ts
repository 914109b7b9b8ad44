import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * An on-failure destination that grants the function only what Lambda needs to deliver there.
 * aws-cdk-lib's `SqsDlq` also grants queue reads, and `S3OnFailureDestination` grants read and
 * write on the whole bucket.
 */
export class LeastPrivilegeDestination implements lambda.IEventSourceDlq {
  constructor(
    private readonly destinationArn: string,
    private readonly grant: (fn: lambda.IFunction) => void,
  ) {}

  public bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    this.grant(targetHandler);
    return { destination: this.destinationArn };
  }
}
