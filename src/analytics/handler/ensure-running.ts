/**
 * The logic of the function that starts the Flink application on deploy
 * (`../start-application.lambda.ts`): start it when it is READY, restoring the latest snapshot
 * when there is one, wait until it runs the code the deploy gave it, and stop it before the stack
 * deletes it. Pure: the services are behind `FlinkApplicationControl`.
 */

/** Statuses in which the application processes records. */
const RUNNING = new Set(['RUNNING', 'AUTOSCALING']);
/** Statuses that end by themselves, in RUNNING or READY: wait for them. */
const TRANSIENT = new Set(['STARTING', 'UPDATING', 'STOPPING', 'FORCE_STOPPING', 'ROLLING_BACK', 'MAINTENANCE']);
/** Statuses in which a service operation is still running the job when the function must answer. */
const STILL_WORKING = new Set(['STARTING', 'UPDATING', 'AUTOSCALING', 'MAINTENANCE']);
/** Statuses in which the job may still run, stopped before the stack deletes the application. */
const STOPPABLE = new Set(['STARTING', 'RUNNING', 'AUTOSCALING', 'UPDATING', 'MAINTENANCE']);
/** A start that leaves the application READY this long without a STARTING seen has failed too. */
const START_GRACE_MS = 120_000;

/** What the service says of the application. */
export interface ApplicationState {
  readonly status: string;
  readonly snapshotsEnabled: boolean;
  /** The key and version of the code the application runs (or will run). */
  readonly codeKey?: string;
  readonly codeObjectVersion?: string;
  /** Set when the service rolled the application back from that version (system rollback). */
  readonly rolledBackFrom?: number;
}

/** What the function needs of the Managed Service for Apache Flink and CloudFormation APIs. */
export interface FlinkApplicationControl {
  /** The application, or undefined when it does not exist. */
  describe(applicationName: string): Promise<ApplicationState | undefined>;
  /** Whether the application has a snapshot it can restore (status READY). */
  hasSnapshot(applicationName: string): Promise<boolean>;
  /** StartApplication with the given restore type. */
  start(applicationName: string, restore: RestoreType, allowNonRestoredState: boolean): Promise<void>;
  /** StopApplication with Force (no snapshot: the application is about to be deleted). */
  forceStop(applicationName: string): Promise<void>;
  /** The status of the stack the custom resource is in. */
  stackStatus(stackId: string): Promise<string>;
}

export type RestoreType = 'RESTORE_FROM_LATEST_SNAPSHOT' | 'SKIP_RESTORE_FROM_SNAPSHOT';

/** What the pattern passes to the function (custom resource properties arrive as strings). */
export interface EnsureRunningRequest {
  readonly applicationName: string;
  readonly allowNonRestoredState: boolean;
  /** The log group of the application, named in the error when it does not start. */
  readonly logGroupName: string;
  /** The code the deploy gave the application: a running application with other code was rolled back. */
  readonly codeKey: string;
  /** '' when the code is not pinned to a version. */
  readonly codeObjectVersion: string;
}

export interface WaitOptions {
  readonly pollIntervalMs: number;
  /** Milliseconds left before the function must answer CloudFormation. */
  readonly remainingMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly log: (message: string) => void;
}

export interface EnsureRunningResult {
  /** The last status seen. */
  readonly status: string;
  /** How the function started the application, when it did. */
  readonly started?: RestoreType;
  /** True when the function had to answer while a start or an update was still under way. */
  readonly stillWorking: boolean;
}

/** Thrown when the application cannot be brought to run: its message goes to CloudFormation as the reason. */
export class ApplicationStartError extends Error {}

/**
 * Starts the application if it is READY and waits until it runs the deploy's code. Returns before
 * the function's deadline if a start or an update is still under way (a VPC application can take
 * longer than a function may run). Throws `ApplicationStartError` when a start leaves it READY
 * again, when the service rolled an update back, or when it stays in another status.
 */
export async function ensureRunning(
  control: FlinkApplicationControl,
  request: EnsureRunningRequest,
  options: WaitOptions,
): Promise<EnsureRunningResult> {
  const name = request.applicationName;
  const readLogs = `Read its log group ${request.logGroupName} for the exception (the code, its runtime properties, the role and the network are the usual causes)`;
  let started: RestoreType | undefined;
  let startedAt = 0;
  let sawStarting = false;
  while (true) {
    const state = await control.describe(name);
    if (!state) {
      throw new ApplicationStartError(`The Flink application ${name} does not exist.`);
    }
    const status = state.status;
    if (RUNNING.has(status)) {
      checkRunsDeployedCode(state, request, readLogs);
      options.log(`${name} is ${status}.`);
      return { status, started, stillWorking: false };
    }
    if (status === 'READY') {
      if (started !== undefined && (sawStarting || options.now() - startedAt > START_GRACE_MS)) {
        throw new ApplicationStartError(`The Flink application ${name} did not start: it went back to READY. ${readLogs}, fix it and deploy again, `
          + 'or set startApplication to false and start it yourself.');
      }
      if (started === undefined) {
        started = state.snapshotsEnabled && await control.hasSnapshot(name) ? 'RESTORE_FROM_LATEST_SNAPSHOT' : 'SKIP_RESTORE_FROM_SNAPSHOT';
        options.log(`${name} is READY: starting it (${started}, allowNonRestoredState ${request.allowNonRestoredState}).`);
        await control.start(name, started, request.allowNonRestoredState);
        startedAt = options.now();
        // Ask again at once: the answer must carry the status the start led to.
        continue;
      }
    } else if (status === 'STARTING') {
      sawStarting = true;
    } else if (!TRANSIENT.has(status)) {
      throw new ApplicationStartError(`The Flink application ${name} is ${status}: it cannot be started. ${readLogs}.`);
    }
    if (options.remainingMs() < options.pollIntervalMs * 2) {
      if (STILL_WORKING.has(status)) {
        options.log(`${name} is still ${status}: answering CloudFormation before the function times out; the not-running alarm watches it from here.`);
        return { status, started, stillWorking: true };
      }
      throw new ApplicationStartError(`The Flink application ${name} was still ${status} when the start function had to answer; it did not start it. `
        + 'Check its status with aws kinesisanalyticsv2 describe-application and deploy again.');
    }
    await options.sleep(options.pollIntervalMs);
  }
}

/** A running application whose code is not the deploy's was rolled back by the service (system rollback). */
function checkRunsDeployedCode(state: ApplicationState, request: EnsureRunningRequest, readLogs: string): void {
  const versionDiffers = request.codeObjectVersion !== '' && state.codeObjectVersion !== request.codeObjectVersion;
  if (state.codeKey !== undefined && (state.codeKey !== request.codeKey || versionDiffers)) {
    const rolledBack = state.rolledBackFrom !== undefined ? ` (rolled back from version ${state.rolledBackFrom})` : '';
    throw new ApplicationStartError(`The Flink application ${request.applicationName} runs ${state.codeKey}${state.codeObjectVersion ? ` version ${state.codeObjectVersion}` : ''}, `
      + `not the deployed ${request.codeKey}${request.codeObjectVersion ? ` version ${request.codeObjectVersion}` : ''}: the service rolled the update back${rolledBack}. ${readLogs}.`);
  }
}

/**
 * Before the stack deletes the application: stops it (without a snapshot, which the deletion
 * removes anyway) and waits until it is READY, so that removing its logging option and deleting it
 * do not meet an application in the middle of an update. Never throws: a stack deletion must not
 * fail here.
 */
export async function stopBeforeDeletion(control: FlinkApplicationControl, applicationName: string, options: WaitOptions): Promise<void> {
  try {
    let stopped = false;
    while (true) {
      const state = await control.describe(applicationName);
      if (!state || state.status === 'READY') {
        options.log(`${applicationName} is ${state ? 'READY' : 'gone'}: the stack can delete it.`);
        return;
      }
      if (!stopped && STOPPABLE.has(state.status)) {
        options.log(`${applicationName} is ${state.status}: stopping it before the stack deletes it.`);
        await control.forceStop(applicationName);
        stopped = true;
        continue;
      }
      if (options.remainingMs() < options.pollIntervalMs * 2) {
        options.log(`${applicationName} is still ${state.status}: leaving it to the stack deletion.`);
        return;
      }
      await options.sleep(options.pollIntervalMs);
    }
  } catch (error) {
    options.log(`Could not stop ${applicationName} before the stack deletes it: ${(error as Error).name}: ${(error as Error).message}`);
  }
}
