import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { FakeApplication, FakeResponseUrl, FakeService, startFakeFlinkService, startFakeResponseUrl } from './fake-flink-service';
import { ensureRunning, FlinkApplicationControl } from '../../src/analytics/handler/ensure-running';
import { sdkControl } from '../../src/analytics/handler/sdk-control';
import { createHandler } from '../../src/analytics/start-application.lambda';

// The start function's handler, with the real AWS SDK clients, against local fakes of the Managed
// Service for Apache Flink API, of CloudFormation's DescribeStacks and of the pre-signed URL
// CloudFormation reads answers from.

const STACK_ID = 'arn:aws:cloudformation:us-east-1:111122223333:stack/Analytics/1';
let service: FakeService;
let responseUrl: FakeResponseUrl;
/** What the function logged in the current test. */
let logged: string[] = [];

beforeAll(async () => {
  service = await startFakeFlinkService();
});

afterAll(async () => {
  await service.close();
});

beforeEach(async () => {
  service.calls.length = 0;
  service.applications.clear();
  service.stackStatus = 'CREATE_IN_PROGRESS';
  logged = [];
  responseUrl = await startFakeResponseUrl();
});

afterEach(async () => {
  await responseUrl.close();
});

function addApplication(app: Partial<FakeApplication> & { name: string }): FakeApplication {
  const added: FakeApplication = { status: 'READY', snapshotsEnabled: true, snapshots: [], afterStart: ['STARTING', 'RUNNING'], codeKey: 'code.zip', ...app };
  service.applications.set(app.name, added);
  return added;
}

function event(requestType: 'Create' | 'Update' | 'Delete', properties: Record<string, string> = {}): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:Starter',
    ResponseURL: responseUrl.url,
    StackId: STACK_ID,
    RequestId: 'request-1',
    LogicalResourceId: 'AnalyticsStarterStart',
    ResourceType: 'Custom::FlinkApplicationStart',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:Starter',
      ApplicationName: 'app',
      AllowNonRestoredState: 'false',
      LogGroupName: 'Analytics-LogGroup',
      CodeKey: 'code.zip',
      CodeObjectVersion: '',
      StopOnStackDeletion: 'true',
      ...properties,
    },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'start-app', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

function handler(remainingMs = 900_000, sleep?: (ms: number) => Promise<void>) {
  const config = { endpoint: service.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const control = sdkControl({ flink: new KinesisAnalyticsV2Client(config), cloudFormation: new CloudFormationClient(config) });
  const handle = createHandler(control, { pollIntervalMs: 1, sleep, log: (message) => logged.push(message) });
  return (request: CloudFormationCustomResourceEvent) => handle(request, { getRemainingTimeInMillis: () => remainingMs });
}

function operations(): string[] {
  return service.calls.map((call) => call.operation);
}

function startRequest(): Record<string, any> | undefined {
  return service.calls.find((call) => call.operation === 'StartApplication')?.body;
}

describe('Create and Update', () => {
  test('a READY application without snapshots starts without restoring, and the answer waits for RUNNING', async () => {
    addApplication({ name: 'app' });
    await handler()(event('Create'));
    expect(startRequest()).toEqual({
      ApplicationName: 'app',
      RunConfiguration: {
        ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' },
        FlinkRunConfiguration: { AllowNonRestoredState: false },
      },
    });
    expect(operations()).toEqual(['DescribeApplication', 'ListApplicationSnapshots', 'StartApplication', 'DescribeApplication', 'DescribeApplication', 'DescribeApplication']);
    expect(responseUrl.answers).toHaveLength(1);
    const [answer] = responseUrl.answers;
    expect(answer.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'start-app',
      Data: { ApplicationStatus: 'RUNNING', Started: 'SKIP_RESTORE_FROM_SNAPSHOT' },
      StackId: STACK_ID,
      RequestId: 'request-1',
      LogicalResourceId: 'AnalyticsStarterStart',
    });
    // The pre-signed URL is signed without a content type.
    expect(answer.headers['content-type']).toBe('');
    expect(logged).toEqual(['app is READY: starting it (SKIP_RESTORE_FROM_SNAPSHOT, allowNonRestoredState false).', 'app is RUNNING.']);
  });

  test('a stopped application with snapshots: restores the latest READY one, with allowNonRestoredState', async () => {
    addApplication({
      name: 'app',
      snapshots: [{ SnapshotName: 'failed', SnapshotStatus: 'FAILED' }, { SnapshotName: 'good', SnapshotStatus: 'READY' }],
    });
    await handler()(event('Update', { AllowNonRestoredState: 'true' }));
    expect(startRequest()?.RunConfiguration).toEqual({
      ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
      FlinkRunConfiguration: { AllowNonRestoredState: true },
    });
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'start-app' }));
  });

  test('only FAILED snapshots: starts without restoring', async () => {
    addApplication({ name: 'app', snapshots: [{ SnapshotName: 'failed', SnapshotStatus: 'FAILED' }] });
    await handler()(event('Create'));
    expect(startRequest()?.RunConfiguration.ApplicationRestoreConfiguration).toEqual({ ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' });
  });

  test('snapshots disabled: starts without restoring and without listing snapshots', async () => {
    addApplication({ name: 'app', snapshotsEnabled: false, snapshots: [{ SnapshotName: 'good', SnapshotStatus: 'READY' }] });
    await handler()(event('Create'));
    expect(operations()).not.toContain('ListApplicationSnapshots');
    expect(startRequest()?.RunConfiguration.ApplicationRestoreConfiguration).toEqual({ ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' });
  });

  test.each(['RUNNING', 'AUTOSCALING'])('an application that is %s with the deployed code: nothing to start', async (status) => {
    addApplication({ name: 'app', status, codeKey: 'v2.zip', codeObjectVersion: 'abc' });
    await handler()(event('Update', { CodeKey: 'v2.zip', CodeObjectVersion: 'abc' }));
    expect(operations()).toEqual(['DescribeApplication']);
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({ Status: 'SUCCESS', Data: { ApplicationStatus: status, Started: 'NO' } }));
  });

  test('an update still under way is waited for', async () => {
    const app = addApplication({ name: 'app', status: 'UPDATING' });
    // The update ends while the handler waits between two polls (not on a timer, which a slow machine outruns).
    await handler(900_000, async () => { app.status = 'RUNNING'; })(event('Update'));
    expect(operations()).not.toContain('StartApplication');
    expect(operations().length).toBeGreaterThan(1);
    expect(responseUrl.answers[0].body.Status).toBe('SUCCESS');
  });

  test('an update the service rolled back (the application runs other code) fails the deploy', async () => {
    addApplication({ name: 'app', status: 'RUNNING', codeKey: 'v1.zip', rolledBackFrom: 3 });
    await handler()(event('Update', { CodeKey: 'v2.zip' }));
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({
      Status: 'FAILED',
      Reason: 'The Flink application app runs v1.zip, not the deployed v2.zip: the service rolled the update back (rolled back from version 3). '
        + 'Read its log group Analytics-LogGroup for the exception (the code, its runtime properties, the role and the network are the usual causes).',
    }));
  });

  test('a new object version of the same key that is not running fails the deploy too', async () => {
    addApplication({ name: 'app', status: 'RUNNING', codeKey: 'app.jar', codeObjectVersion: 'v1' });
    await handler()(event('Update', { CodeKey: 'app.jar', CodeObjectVersion: 'v2' }));
    expect(responseUrl.answers[0].body.Reason).toEqual(expect.stringContaining('runs app.jar version v1, not the deployed app.jar version v2'));
  });

  test('an application still stopping is waited for, then started', async () => {
    const app = addApplication({ name: 'app', status: 'STOPPING' });
    // It finishes stopping a few milliseconds into the wait.
    setTimeout(() => { app.status = 'READY'; }, 5);
    await handler()(event('Update'));
    expect(operations()).toContain('StartApplication');
    expect(responseUrl.answers[0].body.Status).toBe('SUCCESS');
  });

  test('a start that ends READY again fails the deploy, naming the log group to read', async () => {
    addApplication({ name: 'app', afterStart: ['STARTING', 'READY'] });
    await handler()(event('Create'));
    expect(operations().filter((operation) => operation === 'StartApplication')).toHaveLength(1);
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({
      Status: 'FAILED',
      PhysicalResourceId: 'start-app',
      Reason: expect.stringContaining('The Flink application app did not start: it went back to READY. Read its log group Analytics-LogGroup'),
    }));
    expect(logged).toContainEqual(expect.stringContaining('did not start'));
  });

  test('a failure while the stack rolls back is answered SUCCESS, so that the rollback completes', async () => {
    addApplication({ name: 'app', afterStart: ['STARTING', 'READY'] });
    service.stackStatus = 'UPDATE_ROLLBACK_IN_PROGRESS';
    await handler()(event('Update'));
    expect(operations()).toContain('DescribeStacks');
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({ Status: 'SUCCESS', Data: { ApplicationStatus: 'NOT_STARTED', Started: 'NO' } }));
    expect(logged[logged.length - 1]).toBe('The stack is UPDATE_ROLLBACK_IN_PROGRESS: answering SUCCESS so that the rollback completes; start the application once it is fixed.');
  });

  test('an application that does not exist', async () => {
    await handler()(event('Create', { ApplicationName: 'missing' }));
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({ Status: 'FAILED', Reason: 'The Flink application missing does not exist.' }));
  });

  test('a service error is the reason', async () => {
    const app = addApplication({ name: 'app' });
    // Someone else starts it between the function's DescribeApplication and its StartApplication,
    // which the service then refuses.
    Object.defineProperty(app, 'snapshotsEnabled', { get: () => { app.status = 'RUNNING'; return false; } });
    await handler()(event('Create'));
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({
      Status: 'FAILED',
      Reason: 'Could not start the Flink application app: ResourceInUseException: Application app is RUNNING',
    }));
  });

  test('an application being deleted cannot be started', async () => {
    addApplication({ name: 'app', status: 'DELETING' });
    await handler()(event('Update'));
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({ Status: 'FAILED', Reason: expect.stringMatching(/^The Flink application app is DELETING: it cannot be started\./) }));
  });

  test('the function answers before it times out while the application it started is still starting', async () => {
    addApplication({ name: 'app', afterStart: ['STARTING'] });
    await handler(1)(event('Create'));
    expect(operations()).toContain('StartApplication');
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({
      Status: 'SUCCESS',
      Data: { ApplicationStatus: 'STARTING', Started: 'SKIP_RESTORE_FROM_SNAPSHOT' },
    }));
  });

  test('an application stuck stopping when the function must answer: failed, not started', async () => {
    addApplication({ name: 'app', status: 'STOPPING' });
    await handler(1)(event('Update'));
    expect(operations()).not.toContain('StartApplication');
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({
      Status: 'FAILED',
      Reason: expect.stringMatching(/^The Flink application app was still STOPPING when the start function had to answer; it did not start it\./),
    }));
  });

  test('an answer the URL refuses rejects the invocation (Lambda retries it)', async () => {
    addApplication({ name: 'app', status: 'RUNNING' });
    responseUrl.status = 403;
    await expect(handler()(event('Update'))).rejects.toThrow('The custom resource answer was refused with HTTP 403.');
  });
});

describe('Delete', () => {
  test('while the stack is deleted: a running application is stopped without a snapshot before the stack deletes it', async () => {
    addApplication({ name: 'app', status: 'RUNNING' });
    service.stackStatus = 'DELETE_IN_PROGRESS';
    await handler()(event('Delete'));
    expect(operations()).toEqual(['DescribeStacks', 'DescribeApplication', 'StopApplication', 'DescribeApplication', 'DescribeApplication']);
    expect(service.calls.find((call) => call.operation === 'StopApplication')?.body).toEqual({ ApplicationName: 'app', Force: true });
    expect(responseUrl.answers[0].body).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'start-app' }));
  });

  test('while a failed creation rolls back: stopped too', async () => {
    addApplication({ name: 'app', status: 'STARTING' });
    service.stackStatus = 'ROLLBACK_IN_PROGRESS';
    await handler()(event('Delete'));
    expect(operations()).toContain('StopApplication');
  });

  test('the custom resource removed from a stack that stays (startApplication turned off): the application is left running', async () => {
    addApplication({ name: 'app', status: 'RUNNING' });
    service.stackStatus = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';
    await handler()(event('Delete'));
    expect(operations()).toEqual(['DescribeStacks']);
    expect(responseUrl.answers[0].body.Status).toBe('SUCCESS');
  });

  test('a retained application is left running when the stack is deleted', async () => {
    addApplication({ name: 'app', status: 'RUNNING' });
    service.stackStatus = 'DELETE_IN_PROGRESS';
    await handler()(event('Delete', { StopOnStackDeletion: 'false' }));
    expect(operations()).toEqual([]);
    expect(responseUrl.answers[0].body.Status).toBe('SUCCESS');
  });

  test('an application already gone, or a stop that fails: the deletion goes on', async () => {
    service.stackStatus = 'DELETE_IN_PROGRESS';
    await handler()(event('Delete'));
    expect(responseUrl.answers[0].body.Status).toBe('SUCCESS');
    expect(logged).toEqual(['app is gone: the stack can delete it.']);
  });
});

test('a start after which the application never leaves READY fails after two minutes', async () => {
  let clock = 0;
  const starts: string[] = [];
  const control: FlinkApplicationControl = {
    describe: async () => ({ status: 'READY', snapshotsEnabled: false }),
    hasSnapshot: async () => false,
    start: async (name) => { starts.push(name); },
    forceStop: async () => undefined,
    stackStatus: async () => 'CREATE_IN_PROGRESS',
  };
  await expect(ensureRunning(control, { applicationName: 'app', allowNonRestoredState: false, logGroupName: 'logs', codeKey: 'code.zip', codeObjectVersion: '' }, {
    pollIntervalMs: 15_000,
    remainingMs: () => 900_000,
    sleep: async (ms) => { clock += ms; },
    now: () => clock,
    log: () => undefined,
  })).rejects.toThrow('The Flink application app did not start: it went back to READY. Read its log group logs');
  expect(starts).toEqual(['app']);
  expect(clock).toBeGreaterThan(120_000);
  expect(clock).toBeLessThanOrEqual(150_000);
});
