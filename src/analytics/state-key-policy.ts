import { Annotations, Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { FLINK_PRINCIPAL } from './application-role';

/** The principal that runs the application's storage. */
const INFRASTRUCTURE_PRINCIPAL = 'infrastructure.kinesisanalytics.amazonaws.com';

/**
 * The applications of this account and region: the key policy cannot name the application, which
 * refers to the key.
 */
export function applicationArnPattern(): string {
  return `arn:${Aws.PARTITION}:kinesisanalytics:${Aws.REGION}:${Aws.ACCOUNT_ID}:application/*`;
}

/** The encryption context the service uses the state key under: the application's ARN. */
export function applicationEncryptionContext(): { [key: string]: string } {
  return { 'kms:EncryptionContext:aws:kinesisanalytics:arn': applicationArnPattern() };
}

/** The grants the service may create: for Decrypt only, under the application's encryption context. */
export const DECRYPT_GRANTS_ONLY = {
  'StringEquals': { 'kms:GrantConstraintType': 'EncryptionContextSubset' },
  'ForAllValues:StringEquals': { 'kms:GrantOperations': 'Decrypt' },
};

/**
 * Lets Managed Service for Apache Flink use the customer managed key of the application state,
 * statement by statement as AWS documents the key policy (the developer guide and its sample
 * template, infrastructure/CMK/msf-kms-key.yaml in aws-samples/amazon-managed-service-for-apache-flink-examples):
 * each with the condition keys AWS shows for it, for the applications of this account and region.
 * An imported key's policy cannot be changed: synth warns with the statements to add.
 *
 * @see https://docs.aws.amazon.com/managed-flink/latest/java/manage-cmk-api.html
 */
export function allowServiceToUseStateKey(scope: Construct, key: kms.IKey): void {
  const flink = new iam.ServicePrincipal(FLINK_PRINCIPAL);
  const infrastructure = new iam.ServicePrincipal(INFRASTRUCTURE_PRINCIPAL);
  const fromThisAccount = {
    StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
    ArnLike: { 'aws:SourceArn': applicationArnPattern() },
  };
  const underTheApplicationContext = { StringLike: applicationEncryptionContext() };
  const statements = [
    new iam.PolicyStatement({
      sid: 'AllowManagedFlinkToDescribeTheStateKey',
      principals: [flink, infrastructure],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: fromThisAccount,
    }),
    new iam.PolicyStatement({
      sid: 'AllowManagedFlinkToGenerateDurableStateKeys',
      principals: [flink],
      actions: ['kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { ...fromThisAccount, ...underTheApplicationContext },
    }),
    new iam.PolicyStatement({
      sid: 'AllowManagedFlinkToDecryptDurableState',
      principals: [flink],
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: underTheApplicationContext,
    }),
    new iam.PolicyStatement({
      sid: 'AllowManagedFlinkToUseRunningStateStorage',
      principals: [infrastructure],
      actions: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'],
      resources: ['*'],
      conditions: underTheApplicationContext,
    }),
    new iam.PolicyStatement({
      sid: 'AllowManagedFlinkToGrantRunningStateStorage',
      principals: [infrastructure],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { StringLike: applicationEncryptionContext(), ...DECRYPT_GRANTS_ONLY },
    }),
  ];
  const refused = statements.filter((statement) => !key.addToResourcePolicy(statement, true).statementAdded);
  if (refused.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-streaming-data-patterns:applicationKeyPolicy',
      `The policy of this imported key cannot be changed here: add ${JSON.stringify(refused.map((statement) => statement.toStatementJson()))} to it, `
      + 'or the Flink application cannot use it. Whoever creates, updates, starts or stops the application (the deploy role, the start function) '
      + 'also needs kms:DescribeKey, kms:Decrypt, kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext and kms:CreateGrant on it through the service.');
  }
}
