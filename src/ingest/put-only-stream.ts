import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { grantPutRecords } from '../core/stream-grants';

/**
 * The stream as the Solutions Construct sees it. `ApiGatewayToKinesisStreams` calls
 * `grantWrite` on its stream for its integration role, which also allows `kinesis:ListShards`
 * and, on a customer key, `kms:Encrypt`, `kms:ReEncrypt*` and `kms:GenerateDataKey*`; it has no
 * prop for the role's permissions. This view of the stream answers `grantWrite` with
 * `grantPutRecords` instead; everything else is the stream itself.
 */
export function putOnlyView(stream: kinesis.IStream): kinesis.IStream {
  return new Proxy(stream, {
    get(target, property, receiver) {
      if (property === 'grantWrite') {
        return (grantee: iam.IGrantable) => grantPutRecords(target, grantee);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
