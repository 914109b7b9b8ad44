// KinesisIngestApi with its defaults. Deployed to a sandbox account, the assertions create a
// producer user, sign it in, post one record to /record and a batch of two to /records with its
// ID token, and read both back from the stream at the sequence numbers the API answered with.
// Defaults except the removal policy: DESTROY, so that a sandbox run leaves no stream or user pool
// behind.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { assertIngestDataPath } from './data-path/ingest-data-path';
import { createIntegApp } from './integ-app';
import { KinesisIngestApi } from '../src';

const app = createIntegApp();
const stack = new Stack(app, 'IngestDefault');

const ingest = new KinesisIngestApi(stack, 'Ingest', { removalPolicy: RemovalPolicy.DESTROY });

const integ = new IntegTest(app, 'IngestDefaultTest', { testCases: [stack] });

assertIngestDataPath(integ, ingest);
