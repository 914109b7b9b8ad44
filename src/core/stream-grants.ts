import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';

/** What a producer may do on a stream: put records, nothing else. */
export const PUT_ACTIONS = ['kinesis:PutRecord', 'kinesis:PutRecords'];

/**
 * Grants `grantee` exactly PutRecord and PutRecords on the stream (through the stream's resource
 * policy for a principal of another account), and `kms:GenerateDataKey` on its key when it is a
 * customer managed key: what a producer needs for an encrypted stream.
 */
export function grantPutRecords(stream: kinesis.IStream, grantee: iam.IGrantable): iam.Grant {
  const grant = stream.grant(grantee, ...PUT_ACTIONS);
  const keyGrant = stream.encryptionKey?.grant(grantee, 'kms:GenerateDataKey');
  return keyGrant ? grant.combine(keyGrant) : grant;
}
