import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';

/** What the API's integration role may do on the stream: put records, nothing else. */
export const PUT_ACTIONS = ['kinesis:PutRecord', 'kinesis:PutRecords'];

/**
 * Grants `grantee` exactly PutRecord and PutRecords on the stream, and `kms:GenerateDataKey` on
 * its key when it is a customer managed key (what a producer needs for an encrypted stream).
 */
export function grantPutRecords(stream: kinesis.IStream, grantee: iam.IGrantable): iam.Grant {
  const grant = iam.Grant.addToPrincipal({ grantee, actions: PUT_ACTIONS, resourceArns: [stream.streamArn] });
  stream.encryptionKey?.grant(grantee, 'kms:GenerateDataKey');
  return grant;
}

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
