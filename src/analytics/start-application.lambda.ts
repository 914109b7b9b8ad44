/**
 * The custom resource that starts the Flink application of `KinesisFlinkAnalytics` on deploy
 * (`startApplication`). Create and Update start it if it is READY and wait until it runs the
 * deployed code; Delete stops it when the stack is deleting it, and otherwise leaves it alone.
 * Every request is answered, so that a failure reaches the stack events instead of a CloudFormation
 * timeout, and no failure is answered while the stack rolls back (that would leave it
 * UPDATE_ROLLBACK_FAILED).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { CustomResourceAnswer, sendAnswer } from './handler/cfn-response';
import { ApplicationStartError, ensureRunning, FlinkApplicationControl, stopBeforeDeletion, WaitOptions } from './handler/ensure-running';
import { sdkControl } from './handler/sdk-control';

/** How often the function asks for the application status. */
const POLL_INTERVAL_MS = 15_000;
/** No SDK call may hang the function until CloudFormation gives up on it. */
const REQUEST_HANDLER = { connectionTimeout: 5_000, requestTimeout: 20_000 };
/** Stack statuses in which the stack deletes the application after this custom resource. */
const DELETING = new Set(['DELETE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']);

/** The properties the pattern gives the custom resource. */
interface StartProperties {
  readonly ApplicationName: string;
  readonly AllowNonRestoredState: string;
  readonly LogGroupName: string;
  readonly CodeKey: string;
  readonly CodeObjectVersion: string;
  /** 'false' when the application is kept (a RETAIN deletion policy) when the stack deletes it. */
  readonly StopOnStackDeletion: string;
}

export interface HandlerOptions {
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where the steps are logged (the function's log group by default). */
  readonly log?: (message: string) => void;
}

/** The handler, on any `FlinkApplicationControl` (tests give one on local fakes of the services). */
export function createHandler(control: FlinkApplicationControl, handlerOptions: HandlerOptions = {}) {
  const log = handlerOptions.log ?? ((message: string) => console.log(message));
  return async (event: CloudFormationCustomResourceEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<void> => {
    const properties = event.ResourceProperties as unknown as StartProperties;
    const physicalResourceId = event.RequestType === 'Create' ? `start-${properties.ApplicationName}` : event.PhysicalResourceId;
    const wait: WaitOptions = {
      pollIntervalMs: handlerOptions.pollIntervalMs ?? POLL_INTERVAL_MS,
      remainingMs: () => context.getRemainingTimeInMillis(),
      sleep: handlerOptions.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: () => Date.now(),
      log,
    };
    if (event.RequestType === 'Delete') {
      if (properties.StopOnStackDeletion !== 'false' && DELETING.has(await stackStatusOrUnknown(control, event.StackId, log))) {
        await stopBeforeDeletion(control, properties.ApplicationName, wait);
      }
      return sendAnswer(event, { Status: 'SUCCESS', PhysicalResourceId: physicalResourceId });
    }
    let answer: CustomResourceAnswer;
    try {
      const result = await ensureRunning(control, {
        applicationName: properties.ApplicationName,
        allowNonRestoredState: properties.AllowNonRestoredState === 'true',
        logGroupName: properties.LogGroupName,
        codeKey: properties.CodeKey,
        codeObjectVersion: properties.CodeObjectVersion ?? '',
      }, wait);
      answer = { Status: 'SUCCESS', PhysicalResourceId: physicalResourceId, Data: { ApplicationStatus: result.status, Started: result.started ?? 'NO' } };
    } catch (error) {
      const reason = error instanceof ApplicationStartError
        ? error.message
        : `Could not start the Flink application ${properties.ApplicationName}: ${(error as Error).name}: ${(error as Error).message}`;
      log(reason);
      const stackStatus = await stackStatusOrUnknown(control, event.StackId, log);
      answer = stackStatus.endsWith('ROLLBACK_IN_PROGRESS')
        ? { Status: 'SUCCESS', PhysicalResourceId: physicalResourceId, Data: { ApplicationStatus: 'NOT_STARTED', Started: 'NO' } }
        : { Status: 'FAILED', PhysicalResourceId: physicalResourceId, Reason: reason };
      if (answer.Status === 'SUCCESS') {
        log(`The stack is ${stackStatus}: answering SUCCESS so that the rollback completes; start the application once it is fixed.`);
      }
    }
    return sendAnswer(event, answer);
  };
}

async function stackStatusOrUnknown(control: FlinkApplicationControl, stackId: string, log: (message: string) => void): Promise<string> {
  try {
    return await control.stackStatus(stackId);
  } catch (error) {
    log(`Could not read the status of the stack: ${(error as Error).name}: ${(error as Error).message}`);
    return 'UNKNOWN';
  }
}

export const handler = createHandler(sdkControl({
  flink: new KinesisAnalyticsV2Client({ requestHandler: REQUEST_HANDLER }),
  cloudFormation: new CloudFormationClient({ requestHandler: REQUEST_HANDLER }),
}));
