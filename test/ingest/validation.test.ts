import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { KinesisIngestApi, KinesisIngestApiProps } from '../../src';

function build(props: KinesisIngestApiProps) {
  const stack = new Stack();
  return () => new KinesisIngestApi(stack, 'Ingest', props);
}

function pool(): cognito.IUserPool {
  return cognito.UserPool.fromUserPoolId(new Stack(), 'Pool', 'eu-west-1_abcdefghi');
}

describe('KinesisIngestApi rejects bad input at synth time', () => {
  test('existingStream and streamProps', () => {
    const stream = kinesis.Stream.fromStreamArn(new Stack(), 'S', 'arn:aws:kinesis:eu-west-1:111111111111:stream/s');
    expect(build({ existingStream: stream, streamProps: {} }))
      .toThrow('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.');
  });

  test('shardCount with ON_DEMAND', () => {
    expect(build({ streamProps: { shardCount: 2 } })).toThrow(
      'streamProps.shardCount is only allowed with streamProps.streamMode StreamMode.PROVISIONED (got streamMode ON_DEMAND); ON_DEMAND streams scale their own shards.');
  });

  test('existingUserPool and userPoolProps', () => {
    expect(build({ existingUserPool: pool(), userPoolProps: {} }))
      .toThrow('Provide either existingUserPool or userPoolProps, not both: userPoolProps only describes a user pool the pattern creates.');
  });

  test('existingUserPool and mfa', () => {
    expect(build({ existingUserPool: pool(), mfa: cognito.Mfa.REQUIRED }))
      .toThrow('mfa only applies to a user pool the pattern creates; set MFA where existingUserPool is defined.');
  });

  test('throttlingRateLimit of 0', () => {
    expect(build({ throttlingRateLimit: 0 })).toThrow('throttlingRateLimit must be more than 0 and at most 10000 requests per second (got 0).');
  });

  test('throttlingRateLimit above the account quota', () => {
    expect(build({ throttlingRateLimit: 10001 })).toThrow('throttlingRateLimit must be more than 0 and at most 10000 requests per second (got 10001).');
  });

  test('throttlingBurstLimit not a whole number', () => {
    expect(build({ throttlingBurstLimit: 1.5 })).toThrow('throttlingBurstLimit must be a whole number from 0 to 5000 requests (got 1.5).');
  });

  test('throttlingBurstLimit above the account quota', () => {
    expect(build({ throttlingBurstLimit: 5001 })).toThrow('throttlingBurstLimit must be a whole number from 0 to 5000 requests (got 5001).');
  });

  test('an empty authorizationScopes', () => {
    expect(build({ authorizationScopes: [] }))
      .toThrow('authorizationScopes must name at least one scope, such as \'aws.cognito.signin.user.admin\', or be left out (got an empty list).');
  });

  test('clientErrorRateThreshold out of range', () => {
    expect(build({ clientErrorRateThreshold: 5 })).toThrow('clientErrorRateThreshold must be more than 0 and at most 1, a share of the requests (got 5).');
  });

  test('latencyThreshold longer than the integration timeout', () => {
    expect(build({ latencyThreshold: Duration.seconds(30) }))
      .toThrow('latencyThreshold must be more than 0 and at most 29 seconds, API Gateway\'s integration timeout (got 30 seconds).');
  });

  test('a stageName with a dash', () => {
    expect(build({ stageName: 'my-stage' })).toThrow('stageName must be 1 to 128 letters, digits or underscores (got \'my-stage\').');
  });

  test('usagePlanProps.apiStages', () => {
    expect(build({ usagePlanProps: { apiStages: [] } }))
      .toThrow('usagePlanProps.apiStages cannot be set: the pattern adds its own stage to the usage plan.');
  });

  test('unresolved tokens are not checked', () => {
    const stack = new Stack();
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' }).valueAsNumber;
    expect(() => new KinesisIngestApi(stack, 'Ingest', { throttlingRateLimit: rate, throttlingBurstLimit: rate })).not.toThrow();
  });
});
