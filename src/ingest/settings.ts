// The settings of the ingest API, resolved from the props with their defaults and checked
// against API Gateway's limits at synth time. Unresolved tokens are not checked.
import { Duration, Token } from 'aws-cdk-lib';
import { KinesisIngestApiProps } from './kinesis-ingest-api-props';

/** Defaults of the pattern (the seed solution's where it had one). */
export const INGEST_DEFAULTS = {
  throttlingRateLimit: 100,
  throttlingBurstLimit: 50,
  stageName: 'prod',
  clientErrorRateThreshold: 0.05,
  latencyThreshold: Duration.seconds(1),
};

/** Default account quotas of API Gateway per region: the most a stage can be given. */
const MAX_RATE_LIMIT = 10000;
const MAX_BURST_LIMIT = 5000;

/** The resolved settings. */
export interface IngestSettings {
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  readonly stageName: string;
  readonly clientErrorRateThreshold: number;
  readonly latencyThreshold: Duration;
}

/** Applies the defaults and throws a message naming the prop and the allowed values on bad input. */
export function resolveIngestSettings(props: KinesisIngestApiProps): IngestSettings {
  if (props.existingUserPool && props.userPoolProps) {
    throw new Error('Provide either existingUserPool or userPoolProps, not both: userPoolProps only describes a user pool the pattern creates.');
  }
  if (props.existingUserPool && props.mfa !== undefined) {
    throw new Error('mfa only applies to a user pool the pattern creates; set MFA where existingUserPool is defined.');
  }
  if (props.authorizationScopes && props.authorizationScopes.length === 0) {
    throw new Error('authorizationScopes must name at least one scope, such as \'aws.cognito.signin.user.admin\', or be left out (got an empty list).');
  }

  const rate = props.throttlingRateLimit ?? INGEST_DEFAULTS.throttlingRateLimit;
  if (!Token.isUnresolved(rate) && !(rate > 0 && rate <= MAX_RATE_LIMIT)) {
    throw new Error(`throttlingRateLimit must be more than 0 and at most ${MAX_RATE_LIMIT} requests per second (got ${rate}).`);
  }
  const burst = props.throttlingBurstLimit ?? INGEST_DEFAULTS.throttlingBurstLimit;
  if (!Token.isUnresolved(burst) && !(Number.isInteger(burst) && burst >= 0 && burst <= MAX_BURST_LIMIT)) {
    throw new Error(`throttlingBurstLimit must be a whole number from 0 to ${MAX_BURST_LIMIT} requests (got ${burst}).`);
  }

  const clientErrorRateThreshold = props.clientErrorRateThreshold ?? INGEST_DEFAULTS.clientErrorRateThreshold;
  if (!Token.isUnresolved(clientErrorRateThreshold) && !(clientErrorRateThreshold > 0 && clientErrorRateThreshold <= 1)) {
    throw new Error(`clientErrorRateThreshold must be more than 0 and at most 1, a share of the requests (got ${clientErrorRateThreshold}).`);
  }
  const latencyThreshold = props.latencyThreshold ?? INGEST_DEFAULTS.latencyThreshold;
  if (!latencyThreshold.isUnresolved()) {
    const seconds = latencyThreshold.toMilliseconds() / 1000;
    if (seconds <= 0 || seconds > 29) {
      throw new Error(`latencyThreshold must be more than 0 and at most 29 seconds, API Gateway's integration timeout (got ${seconds} seconds).`);
    }
  }

  const stageName = props.stageName ?? INGEST_DEFAULTS.stageName;
  if (!Token.isUnresolved(stageName) && !/^[A-Za-z0-9_]{1,128}$/.test(stageName)) {
    throw new Error(`stageName must be 1 to 128 letters, digits or underscores (got '${stageName}').`);
  }
  if (props.usagePlanProps?.apiStages) {
    throw new Error('usagePlanProps.apiStages cannot be set: the pattern adds its own stage to the usage plan.');
  }

  return { throttlingRateLimit: rate, throttlingBurstLimit: burst, stageName, clientErrorRateThreshold, latencyThreshold };
}
