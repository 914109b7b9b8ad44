/** `FlinkApplicationControl` on the AWS SDK for JavaScript v3 (the one the Lambda Node.js runtime includes). */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeApplicationCommand,
  KinesisAnalyticsV2Client,
  ListApplicationSnapshotsCommand,
  ResourceNotFoundException,
  StartApplicationCommand,
  StopApplicationCommand,
} from '@aws-sdk/client-kinesis-analytics-v2';
import { FlinkApplicationControl, RestoreType } from './ensure-running';

/** The snapshots looked at: the service lists the newest first, and one READY one is enough. */
const SNAPSHOT_PAGE = 50;

export interface ControlClients {
  readonly flink: KinesisAnalyticsV2Client;
  readonly cloudFormation: CloudFormationClient;
}

export function sdkControl(clients: ControlClients): FlinkApplicationControl {
  const { flink, cloudFormation } = clients;
  return {
    async describe(applicationName) {
      try {
        const { ApplicationDetail: detail } = await flink.send(new DescribeApplicationCommand({ ApplicationName: applicationName }));
        const configuration = detail?.ApplicationConfigurationDescription;
        const code = configuration?.ApplicationCodeConfigurationDescription?.CodeContentDescription?.S3ApplicationCodeLocationDescription;
        return {
          status: detail?.ApplicationStatus ?? 'UNKNOWN',
          snapshotsEnabled: configuration?.ApplicationSnapshotConfigurationDescription?.SnapshotsEnabled === true,
          codeKey: code?.FileKey,
          codeObjectVersion: code?.ObjectVersion,
          rolledBackFrom: detail?.ApplicationVersionRolledBackFrom,
        };
      } catch (error) {
        if (error instanceof ResourceNotFoundException) {
          return undefined;
        }
        throw error;
      }
    },
    async hasSnapshot(applicationName) {
      const list = new ListApplicationSnapshotsCommand({ ApplicationName: applicationName, Limit: SNAPSHOT_PAGE });
      const { SnapshotSummaries: snapshots } = await flink.send(list);
      return (snapshots ?? []).some((snapshot) => snapshot.SnapshotStatus === 'READY');
    },
    async start(applicationName, restore: RestoreType, allowNonRestoredState) {
      await flink.send(new StartApplicationCommand({
        ApplicationName: applicationName,
        RunConfiguration: {
          ApplicationRestoreConfiguration: { ApplicationRestoreType: restore },
          FlinkRunConfiguration: { AllowNonRestoredState: allowNonRestoredState },
        },
      }));
    },
    async forceStop(applicationName) {
      await flink.send(new StopApplicationCommand({ ApplicationName: applicationName, Force: true }));
    },
    async stackStatus(stackId) {
      const { Stacks: stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackId }));
      return stacks?.[0]?.StackStatus ?? 'UNKNOWN';
    },
  };
}
