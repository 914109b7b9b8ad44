import { CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { KinesisIngestApi, KinesisIngestApiProps } from '../../src';

/** The whole message a bad prop raises: the pattern's path and class, then what to fix. */
function error(message: string): Error {
  return new Error(`Default/Ingest (KinesisIngestApi): ${message}`);
}

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
      .toThrow(error('Provide either existingStream or streamProps, not both: streamProps only describes a stream the pattern creates.'));
  });

  test('shardCount with ON_DEMAND', () => {
    expect(build({ streamProps: { shardCount: 2 } })).toThrow(error('streamProps.shardCount only applies with streamProps.streamMode StreamMode.PROVISIONED (got streamMode ON_DEMAND); ON_DEMAND streams scale their own shards.'));
  });

  test('existingUserPool and userPoolProps', () => {
    expect(build({ existingUserPool: pool(), userPoolProps: {} }))
      .toThrow(error('Provide either existingUserPool or userPoolProps, not both: userPoolProps only describes a user pool the pattern creates.'));
  });

  test('existingUserPool and mfa', () => {
    expect(build({ existingUserPool: pool(), mfa: cognito.Mfa.REQUIRED }))
      .toThrow(error('mfa only applies to a user pool the pattern creates; set MFA where existingUserPool is defined.'));
  });

  test('mfa and userPoolProps.mfa', () => {
    expect(build({ mfa: cognito.Mfa.REQUIRED, userPoolProps: { mfa: cognito.Mfa.OFF } }))
      .toThrow(error('Provide either mfa or userPoolProps.mfa, not both: both set the MFA of the user pool the pattern creates.'));
  });

  test('throttlingRateLimit of 0', () => {
    expect(build({ throttlingRateLimit: 0 })).toThrow(error('throttlingRateLimit must be more than 0 and at most 10000 requests per second (got 0 requests per second).'));
  });

  test('throttlingRateLimit above the account quota', () => {
    expect(build({ throttlingRateLimit: 10001 })).toThrow(error('throttlingRateLimit must be more than 0 and at most 10000 requests per second (got 10001 requests per second).'));
  });

  test('throttlingBurstLimit not a whole number', () => {
    expect(build({ throttlingBurstLimit: 1.5 })).toThrow(error('throttlingBurstLimit must be a whole number from 0 to 5000 (got 1.5).'));
  });

  test('throttlingBurstLimit above the account quota', () => {
    expect(build({ throttlingBurstLimit: 5001 })).toThrow(error('throttlingBurstLimit must be a whole number from 0 to 5000 (got 5001).'));
  });

  test('an empty authorizationScopes', () => {
    expect(build({ authorizationScopes: [] }))
      .toThrow(error('authorizationScopes must name at least one scope of a resource server of the pool, such as \'ingest/write\', or be left out (got an empty list).'));
  });

  test('scopes that are not scopes of a resource server', () => {
    expect(build({ authorizationScopes: ['ingest/write', 'aws.cognito.signin.user.admin', 'openid', 'ingest/'] }))
      .toThrow(error('authorizationScopes must be scopes of a resource server of the pool, written \'<resource server identifier>/<scope name>\' such as '
        + '\'ingest/write\' (got \'aws.cognito.signin.user.admin\', \'openid\', \'ingest/\'): openid, email, phone, profile and '
        + 'aws.cognito.signin.user.admin restrict nothing (every sign-in of the pool can carry them), and the last opens Cognito\'s self-service APIs.'));
  });

  test('a resource server identified by a URL is accepted', () => {
    expect(build({ authorizationScopes: ['https://ingest.example.com/write'] })).not.toThrow();
  });

  test('self sign-up', () => {
    expect(build({ userPoolProps: { selfSignUpEnabled: true } }))
      .toThrow(error('userPoolProps.selfSignUpEnabled cannot be true: anyone could create a user and write to the stream. Producers are created by an administrator.'));
  });

  test('clientErrorRateAlarmThreshold out of range', () => {
    expect(build({ clientErrorRateAlarmThreshold: 5 })).toThrow(error('clientErrorRateAlarmThreshold must be more than 0 and at most 1 (a share of the requests) (got 5).'));
  });

  test('latencyAlarmThreshold longer than the integration timeout', () => {
    expect(build({ latencyAlarmThreshold: Duration.seconds(30) }))
      .toThrow(error('latencyAlarmThreshold must be more than 0 and at most 29 seconds (API Gateway\'s integration timeout) (got 30 seconds).'));
  });

  test('a stageName with a dot', () => {
    expect(build({ stageName: 'v1.2' })).toThrow(error('stageName must be 1 to 128 letters, digits, hyphens or underscores (got \'v1.2\').'));
  });

  test('a stageName with a hyphen is fine', () => {
    expect(build({ stageName: 'my-stage' })).not.toThrow();
  });

  test('usagePlanProps.apiStages', () => {
    expect(build({ usagePlanProps: { apiStages: [] } }))
      .toThrow(error('usagePlanProps.apiStages cannot be set: the pattern adds its own stage to the usage plan.'));
  });

  test('unresolved tokens are not checked', () => {
    const stack = new Stack();
    const rate = new CfnParameter(stack, 'Rate', { type: 'Number' }).valueAsNumber;
    expect(() => new KinesisIngestApi(stack, 'Ingest', { throttlingRateLimit: rate, throttlingBurstLimit: rate })).not.toThrow();
  });
});

describe('per-producer protection', () => {
  test('webAclArn with producerRateLimit', () => {
    expect(build({ webAclArn: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/x/1', producerRateLimit: 100 }))
      .toThrow(error('Provide either webAclArn or producerRateLimit, not both: a stage takes one web ACL: add a rate-based rule keyed on the Authorization header to yours.'));
  });

  test.each([9, 1.5])('producerRateLimit %s', (producerRateLimit) => {
    expect(build({ producerRateLimit }))
      .toThrow(error(`producerRateLimit must be a whole number from 10 to 2000000000 (requests per 5 minutes per bearer token) (got ${producerRateLimit}).`));
  });

  test('a zero incomingBytesAlarmThreshold', () => {
    expect(build({ incomingBytesAlarmThreshold: Size.bytes(0) })).toThrow(error('incomingBytesAlarmThreshold must be more than 0 bytes (got 0).'));
  });
});
