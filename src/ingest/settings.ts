// The settings of the ingest API, resolved from its props with their defaults (the AWS solution's
// where it had one) and checked against API Gateway's limits at synth time.
import { Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { KinesisIngestApiProps } from './kinesis-ingest-api-props';
import { PropsValidator } from '../core/validation';

/** The defaults of `KinesisIngestApiProps`. */
export const INGEST_DEFAULTS = {
  throttlingRateLimit: 100,
  throttlingBurstLimit: 50,
  stageName: 'prod',
  loggingLevel: apigateway.MethodLoggingLevel.OFF,
  createAccountCloudWatchRole: true,
  clientErrorRateAlarmThreshold: 0.05,
  latencyAlarmThreshold: Duration.seconds(1),
};

/** Default account quotas of API Gateway per region: the most a stage can be given. */
const MAX_RATE_LIMIT = 10000;
const MAX_BURST_LIMIT = 5000;
/** API Gateway's integration timeout: no request takes longer. */
const MAX_LATENCY_SECONDS = 29;

/** The resolved settings. */
export interface IngestSettings {
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly stageName: string;
  readonly loggingLevel: apigateway.MethodLoggingLevel;
  readonly createAccountCloudWatchRole: boolean;
  readonly clientErrorRateAlarmThreshold: number;
  readonly latencyAlarmThreshold: Duration;
}

/** Applies the defaults and throws a message naming the prop and the allowed values on bad input. */
export function resolveIngestSettings(validator: PropsValidator, props: KinesisIngestApiProps): IngestSettings {
  validator.exclusive('existingUserPool', props.existingUserPool, 'userPoolProps', props.userPoolProps,
    'userPoolProps only describes a user pool the pattern creates.');
  validator.onlyWith('mfa', props.mfa, props.existingUserPool === undefined,
    'to a user pool the pattern creates; set MFA where existingUserPool is defined');
  validator.exclusive('mfa', props.mfa, 'userPoolProps.mfa', props.userPoolProps?.mfa, 'both set the MFA of the user pool the pattern creates.');
  validator.check(props.authorizationScopes === undefined || props.authorizationScopes.length > 0,
    'authorizationScopes must name at least one scope of a resource server of the pool, such as \'ingest/write\', or be left out (got an empty list).');
  const notResourceServerScopes = (props.authorizationScopes ?? []).filter((scope) => !/^\S+\/[^/\s]+$/.test(scope));
  validator.check(notResourceServerScopes.length === 0,
    'authorizationScopes must be scopes of a resource server of the pool, written \'<resource server identifier>/<scope name>\' such as '
    + `'ingest/write' (got ${notResourceServerScopes.map((scope) => `'${scope}'`).join(', ')}): openid, email, phone, profile and `
    + 'aws.cognito.signin.user.admin restrict nothing (every sign-in of the pool can carry them), and the last opens Cognito\'s self-service APIs.');
  validateMachineProducers(validator, props);
  validator.check(props.userPoolProps?.selfSignUpEnabled !== true,
    'userPoolProps.selfSignUpEnabled cannot be true: anyone could create a user and write to the stream. Producers are created by an administrator.');

  validator.number('throttlingRateLimit', props.throttlingRateLimit, { min: 0, minExclusive: true, max: MAX_RATE_LIMIT }, 'requests per second');
  validator.number('throttlingBurstLimit', props.throttlingBurstLimit, { min: 0, max: MAX_BURST_LIMIT, whole: true });
  validator.number('clientErrorRateAlarmThreshold', props.clientErrorRateAlarmThreshold, { min: 0, minExclusive: true, max: 1, hint: 'a share of the requests' });
  validator.duration('latencyAlarmThreshold', props.latencyAlarmThreshold, 'seconds',
    { min: 0, minExclusive: true, max: MAX_LATENCY_SECONDS, hint: 'API Gateway\'s integration timeout' });

  const stageName = props.stageName ?? INGEST_DEFAULTS.stageName;
  validator.check(Token.isUnresolved(stageName) || /^[A-Za-z0-9_-]{1,128}$/.test(stageName),
    `stageName must be 1 to 128 letters, digits, hyphens or underscores (got '${stageName}').`);
  validator.exclusive('webAclArn', props.webAclArn, 'producerRateLimit', props.producerRateLimit,
    'a stage takes one web ACL: add a rate-based rule keyed on the Authorization header to yours.');
  validator.wholeNumber('producerRateLimit', props.producerRateLimit, 10, 2_000_000_000, 'requests per 5 minutes per bearer token');
  if (props.incomingBytesAlarmThreshold && !props.incomingBytesAlarmThreshold.isUnresolved()) {
    validator.check(props.incomingBytesAlarmThreshold.toBytes() > 0, 'incomingBytesAlarmThreshold must be more than 0 bytes (got 0).');
  }
  validator.check(props.usagePlanProps?.apiStages === undefined,
    'usagePlanProps.apiStages cannot be set: the pattern adds its own stage to the usage plan.');

  return {
    throttlingRateLimit: props.throttlingRateLimit ?? INGEST_DEFAULTS.throttlingRateLimit,
    throttlingBurstLimit: props.throttlingBurstLimit ?? INGEST_DEFAULTS.throttlingBurstLimit,
    stageName,
    loggingLevel: props.loggingLevel ?? INGEST_DEFAULTS.loggingLevel,
    createAccountCloudWatchRole: props.createAccountCloudWatchRole ?? INGEST_DEFAULTS.createAccountCloudWatchRole,
    clientErrorRateAlarmThreshold: props.clientErrorRateAlarmThreshold ?? INGEST_DEFAULTS.clientErrorRateAlarmThreshold,
    latencyAlarmThreshold: props.latencyAlarmThreshold ?? INGEST_DEFAULTS.latencyAlarmThreshold,
  };
}

/** Cognito reserves these words in domain prefixes. */
const RESERVED_DOMAIN_WORDS = ['aws', 'amazon', 'cognito'];

function validateMachineProducers(validator: PropsValidator, props: KinesisIngestApiProps): void {
  const machine = props.machineProducers;
  if (!machine) {
    return;
  }
  validator.exclusive('machineProducers', machine, 'authorizationScopes', props.authorizationScopes,
    'machineProducers sets the scope both methods require (<resourceServerIdentifier>/write).');
  validator.check(machine.domainPrefix !== undefined || props.existingUserPool !== undefined,
    'machineProducers.domainPrefix is required for a user pool the pattern creates: machine producers get their tokens from the pool\'s domain.');
  const prefix = machine.domainPrefix;
  if (prefix !== undefined && !Token.isUnresolved(prefix)) {
    validator.check(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix) && !RESERVED_DOMAIN_WORDS.some((word) => prefix.includes(word)),
      'machineProducers.domainPrefix must be 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen, '
      + `without ${RESERVED_DOMAIN_WORDS.join(', ')} (got '${prefix}').`);
  }
  const identifier = machine.resourceServerIdentifier;
  if (identifier !== undefined && !Token.isUnresolved(identifier)) {
    validator.check(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/.test(identifier),
      `machineProducers.resourceServerIdentifier must be 1 to 256 printable characters without spaces, quotes or backslashes (got '${identifier}').`);
  }
}
