/**
 * Local stand-ins for what the start function talks to, on 127.0.0.1: the Managed Service for
 * Apache Flink API (JSON 1.1, the calls the function makes, with an application whose status
 * follows a script), CloudFormation's DescribeStacks (query protocol, XML) and the pre-signed URL
 * CloudFormation reads custom resource answers from.
 */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';

type Json = Record<string, any>;

/** One application of the fake service. */
export interface FakeApplication {
  name: string;
  /** The status DescribeApplication returns now. */
  status: string;
  snapshotsEnabled: boolean;
  snapshots: Array<{ SnapshotName: string; SnapshotStatus: string }>;
  /** After StartApplication (which makes it STARTING), the statuses it takes, one per DescribeApplication; the last one stays. */
  afterStart: string[];
  started?: boolean;
  /** The key and version of the code it runs. */
  codeKey: string;
  codeObjectVersion?: string;
  rolledBackFrom?: number;
}

export interface FakeService {
  readonly endpoint: string;
  /** Every call: its operation (x-amz-target without the prefix, or the query Action) and request body. */
  readonly calls: Array<{ operation: string; body: Json }>;
  readonly applications: Map<string, FakeApplication>;
  /** What DescribeStacks says of every stack. */
  stackStatus: string;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function reply(response: http.ServerResponse, status: number, body: Json): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(body));
}

export async function startFakeFlinkService(): Promise<FakeService> {
  const calls: Array<{ operation: string; body: Json }> = [];
  const applications = new Map<string, FakeApplication>();
  const state = { stackStatus: 'CREATE_IN_PROGRESS' };
  const server = http.createServer(async (request, response) => {
    const text = await readBody(request);
    if (String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(text)) as Json;
      calls.push({ operation: form.Action, body: form });
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end('<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>'
        + `<StackName>Analytics</StackName><StackId>${form.StackName}</StackId><StackStatus>${state.stackStatus}</StackStatus>`
        + '<CreationTime>2026-11-30T00:00:00Z</CreationTime></member></Stacks></DescribeStacksResult>'
        + '<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>');
      return;
    }
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^KinesisAnalytics_20180523\./, '');
    const body = JSON.parse(text || '{}') as Json;
    calls.push({ operation, body });
    const app = applications.get(body.ApplicationName);
    if (!app) {
      reply(response, 400, { __type: 'ResourceNotFoundException', message: `Application ${body.ApplicationName} not found` });
      return;
    }
    switch (operation) {
      case 'DescribeApplication': {
        const status = app.status;
        if (app.started && app.afterStart.length > 0) {
          app.status = app.afterStart.shift()!;
        }
        reply(response, 200, {
          ApplicationDetail: {
            ApplicationARN: `arn:aws:kinesisanalytics:us-east-1:111122223333:application/${app.name}`,
            ApplicationName: app.name,
            RuntimeEnvironment: 'FLINK-1_20',
            ApplicationStatus: status,
            ApplicationVersionId: 1,
            ApplicationVersionRolledBackFrom: app.rolledBackFrom,
            ApplicationConfigurationDescription: {
              ApplicationSnapshotConfigurationDescription: { SnapshotsEnabled: app.snapshotsEnabled },
              ApplicationCodeConfigurationDescription: {
                CodeContentType: 'ZIPFILE',
                CodeContentDescription: {
                  S3ApplicationCodeLocationDescription: { BucketARN: 'arn:aws:s3:::code', FileKey: app.codeKey, ObjectVersion: app.codeObjectVersion },
                },
              },
            },
          },
        });
        return;
      }
      case 'ListApplicationSnapshots':
        reply(response, 200, { SnapshotSummaries: app.snapshots.map((snapshot) => ({ ...snapshot, ApplicationVersionId: 1 })) });
        return;
      case 'StartApplication':
        if (app.status !== 'READY') {
          reply(response, 400, { __type: 'ResourceInUseException', message: `Application ${app.name} is ${app.status}` });
          return;
        }
        app.started = true;
        app.status = 'STARTING';
        reply(response, 200, {});
        return;
      case 'StopApplication':
        // Stopping, then READY on the next DescribeApplication.
        app.status = body.Force ? 'FORCE_STOPPING' : 'STOPPING';
        app.afterStart = ['READY'];
        app.started = true;
        reply(response, 200, {});
        return;
      default:
        reply(response, 400, { __type: 'UnknownOperationException', message: operation });
    }
  });
  const endpoint = await listen(server);
  return Object.assign(state, { endpoint, calls, applications, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** The pre-signed URL's side: every PUT it received, and the HTTP status it answers with. */
export interface FakeResponseUrl {
  readonly url: string;
  readonly answers: Array<{ headers: http.IncomingHttpHeaders; body: Json }>;
  status: number;
  close(): Promise<void>;
}

export async function startFakeResponseUrl(): Promise<FakeResponseUrl> {
  const answers: Array<{ headers: http.IncomingHttpHeaders; body: Json }> = [];
  const fake = { answers, status: 200 } as { answers: typeof answers; status: number };
  const server = http.createServer(async (request, response) => {
    answers.push({ headers: request.headers, body: JSON.parse(await readBody(request)) });
    response.writeHead(fake.status);
    response.end();
  });
  const base = await listen(server);
  return Object.assign(fake, {
    url: `${base}/cloudformation-custom-resource-response?X-Amz-Signature=abc`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
