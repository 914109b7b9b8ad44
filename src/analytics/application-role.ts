import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FlinkCodeConfig } from './kinesis-flink-analytics-props';
import { FailureQueue } from '../core/failure-queue';
import { acknowledgeNagRule } from '../core/nag';
import { wildcardResourceFinding } from '../core/nag-findings';

/** Managed Service for Apache Flink assumes the application role under its original name. */
export const FLINK_PRINCIPAL = 'kinesisanalytics.amazonaws.com';

const STREAM_READ_ACTIONS = [
  'kinesis:DescribeStream',
  'kinesis:DescribeStreamSummary',
  'kinesis:GetRecords',
  'kinesis:GetShardIterator',
  'kinesis:ListShards',
];
/** Flink's S3 file sink writes multipart uploads and small in-progress part objects it reads back and deletes. */
const OUTPUT_OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'];
const VPC_DESCRIBE_ACTIONS = ['ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'];

/** What the application touches, and nothing else. */
export interface ApplicationRoleInput {
  readonly stream: kinesis.IStream;
  readonly code: FlinkCodeConfig;
  readonly bucket: s3.IBucket;
  readonly outputPrefix: string;
  readonly failureQueue: FailureQueue;
  readonly logGroup: logs.ILogGroup;
  readonly logStreamArn: string;
  readonly vpc?: { readonly subnets: ec2.ISubnet[]; readonly securityGroups: ec2.ISecurityGroup[] };
}

/**
 * The application role: read the stream (and decrypt with its key), read the code object, write
 * under the output prefix, send to the failure queue, write its own log stream and, with a VPC
 * only, manage its network interfaces. Each wildcard the service forces is acknowledged for
 * cdk-nag IAM5, finding by finding.
 */
export function createApplicationRole(scope: Construct, input: ApplicationRoleInput): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'ApplicationRole', {
    assumedBy: new iam.ServicePrincipal(FLINK_PRINCIPAL, {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description: `Runs the Flink application of ${scope.node.path}`,
  });
  const allow = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources, conditions }));

  // Read the input stream.
  allow('ReadInputStream', STREAM_READ_ACTIONS, [input.stream.streamArn]);
  input.stream.encryptionKey?.grantDecrypt(role);

  // Read the application code.
  const codeBucket = input.code.bucket;
  allow('ReadApplicationCode', ['s3:GetObject', 's3:GetObjectVersion'], [codeBucket.arnForObjects(input.code.key)]);
  codeBucket.encryptionKey?.grantDecrypt(role);

  // Write under the output prefix.
  const outputObjects = input.bucket.arnForObjects(`${input.outputPrefix}*`);
  allow('WriteOutput', OUTPUT_OBJECT_ACTIONS, [outputObjects]);
  allow('ListOutput', ['s3:ListBucket'], [input.bucket.bucketArn], { StringLike: { 's3:prefix': [`${input.outputPrefix}*`] } });
  // s3:prefix is no condition key of ListBucketMultipartUploads: under it, the grant never applied.
  allow('ListOutputUploads', ['s3:ListBucketMultipartUploads'], [input.bucket.bucketArn]);
  input.bucket.encryptionKey?.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');

  // Send rejected records to the failure queue.
  input.failureQueue.queue.grant(role, 'sqs:SendMessage');
  input.failureQueue.encryptionKey.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');

  // Its own logs.
  const allLogGroups = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  allow('FindLogGroup', ['logs:DescribeLogGroups'], [allLogGroups]);
  allow('FindLogStream', ['logs:DescribeLogStreams'], [input.logGroup.logGroupArn]);
  allow('WriteLogs', ['logs:PutLogEvents'], [input.logStreamArn]);

  const findings = [
    { finding: wildcardResourceFinding(scope, outputObjects), why: `the Flink file sink names its objects under ${input.outputPrefix}` },
    { finding: wildcardResourceFinding(scope, allLogGroups), why: 'logs:DescribeLogGroups only has the log-group:* resource; the service checks the logging destination with it' },
  ];

  if (input.vpc) {
    const networkInterfaces = stack.formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' });
    allow('DescribeNetwork', VPC_DESCRIBE_ACTIONS, ['*']);
    allow('CreateNetworkInterfaces', ['ec2:CreateNetworkInterface'], [
      networkInterfaces,
      ...input.vpc.subnets.map((subnet) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: subnet.subnetId })),
      ...input.vpc.securityGroups.map((group) => stack.formatArn({ service: 'ec2', resource: 'security-group', resourceName: group.securityGroupId })),
    ]);
    allow('ManageNetworkInterfaces', ['ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'], [networkInterfaces]);
    findings.push(
      { finding: 'Resource::*', why: 'the EC2 Describe actions the service needs to place the application in the VPC have no resource-level permissions' },
      { finding: wildcardResourceFinding(scope, networkInterfaces), why: 'the service creates and deletes network interfaces whose ids are not known before they exist' },
    );
  }

  const policy = role.node.findChild('DefaultPolicy');
  for (const { finding, why } of findings) {
    acknowledgeNagRule(policy, {
      ruleId: 'AwsSolutions-IAM5',
      reason: `Only this wildcard is needed: ${why}; every other statement names its resources.`,
      appliesTo: [finding],
    });
  }
  return role;
}
