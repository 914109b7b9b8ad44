import { Duration, Size } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { StreamingPatternProps } from '../core/pattern-props';

/**
 * Props of `KinesisIngestApi`.
 */
export interface KinesisIngestApiProps extends StreamingPatternProps {
  /**
   * A user pool whose users may call the API, instead of the one the pattern creates. The pattern
   * adds its app client to it. Cannot be combined with `userPoolProps` or `mfa`.
   *
   * @default - a new user pool: admin-created users only, 12-character passwords with upper and
   * lower case letters, digits and symbols, optional TOTP MFA; with `removalPolicy` RETAIN (the
   * default) it has deletion protection and is kept when the stack is deleted
   */
  readonly existingUserPool?: cognito.IUserPool;

  /**
   * Settings of the user pool the pattern creates, merged over its defaults (see
   * `existingUserPool`). Cannot be combined with `existingUserPool`.
   *
   * @default - see `existingUserPool`
   */
  readonly userPoolProps?: cognito.UserPoolProps;

  /**
   * Multi-factor authentication of the user pool the pattern creates, with TOTP (authenticator
   * apps) as the second factor; no SMS, so no SNS role. OPTIONAL lets people who sign in enroll
   * a device while machine producers, which cannot answer a challenge, sign in with their
   * password. Cannot be combined with `existingUserPool` or `userPoolProps.mfa`.
   *
   * @default cognito.Mfa.OPTIONAL
   */
  readonly mfa?: cognito.Mfa;

  /**
   * OAuth scopes a bearer token must carry, set on both methods: scopes of a resource server you
   * add to the user pool, written `<resource server identifier>/<scope name>`, for example
   * `ingest/write`. With scopes the authorizer expects an ACCESS token that carries one of them;
   * without scopes it expects the ID token of the pattern's own app client (its `aud` is checked).
   * The pattern's app client has OAuth off, so its password sign-in never issues such a scope:
   * producers get their tokens from an OAuth client of yours (for example the client credentials
   * grant of a client with a secret, through the pool's domain). `openid`, `email`, `phone`,
   * `profile` and `aws.cognito.signin.user.admin` are refused: they restrict nothing.
   *
   * @default - no scopes: ID tokens issued to the pattern's app client
   */
  readonly authorizationScopes?: string[];

  /**
   * Machine-to-machine producers: a resource server with a `write` scope, an app client with a
   * secret that gets access tokens with the OAuth client credentials grant, and the pool's domain
   * for the token endpoint; both methods then require `<identifier>/write` (access tokens), so ID
   * tokens of the password client are refused. Cognito bills each token request of this grant.
   * Not with `authorizationScopes`.
   *
   * @default - producers sign in with a username and password (the pattern's app client, ID tokens)
   */
  readonly machineProducers?: MachineProducerOptions;

  /**
   * The steady-state request rate of the stage, in requests per second: more than 0, at most
   * 10,000 (the default account quota per region).
   *
   * @default 100 (as in the AWS solution Streaming Data Solution for Amazon Kinesis)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
   */
  readonly throttlingRateLimit?: number;

  /**
   * The burst of the stage, in requests: a whole number from 0 to 5,000 (the default account
   * quota per region).
   *
   * @default 50 (as in the AWS solution Streaming Data Solution for Amazon Kinesis)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
   */
  readonly throttlingBurstLimit?: number;

  /**
   * The name of the stage, the last part of the API's URL: 1 to 128 letters, digits, hyphens or
   * underscores.
   *
   * @default 'prod'
   * @see https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html
   */
  readonly stageName?: string;

  /**
   * Execution logging of the stage (API Gateway's own logs of each request, in log groups it
   * names `API-Gateway-Execution-Logs_<api id>/<stage>`), besides the JSON access logs the stage
   * always writes. Like them, it needs the account's API Gateway CloudWatch Logs role (see
   * `createAccountCloudWatchRole`). Request and response bodies are never logged.
   *
   * @default apigateway.MethodLoggingLevel.OFF
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
   */
  readonly loggingLevel?: apigateway.MethodLoggingLevel;

  /**
   * Create the role API Gateway writes CloudWatch logs with and set it as the API Gateway setting
   * of the whole account and region (`AWS::ApiGateway::Account`, once per stack, in a construct of
   * the stack shared by its ingest APIs), before the stage: API Gateway
   * refuses a stage with access logging until that setting exists, so a first deploy in a fresh
   * account or region needs it. It replaces any role set before, for every API of the account in
   * that region (with a role that may write to the log groups of the account in the region, as
   * API Gateway needs), and the role and the setting stay after the stack is deleted, so that the
   * other APIs keep logging.
   * `false` when the account already sets it (synth then warns:
   * `cdk-streaming-data-patterns:noAccountCloudWatchRole`, which you can acknowledge).
   *
   * @default true
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
   */
  readonly createAccountCloudWatchRole?: boolean;

  /**
   * Settings of the log group the stage writes its JSON access logs to (`accessLogGroup`).
   *
   * @default - events kept one year, encrypted at rest by CloudWatch Logs
   */
  readonly accessLogGroupProps?: logs.LogGroupProps;

  /**
   * The ARN of an AWS WAFv2 web ACL (scope REGIONAL) to associate with the stage. Not with
   * `producerRateLimit`.
   *
   * @default - no web ACL
   */
  readonly webAclArn?: string;

  /**
   * Limit each bearer token to this many requests in 5 minutes, 10 to 2,000,000,000: the pattern
   * creates a WAF web ACL (billed per web ACL, rule and request) whose rate-based rule counts the
   * requests of each `Authorization` header value and blocks the excess with 403, and associates
   * it with the stage. The stage's throttle (`throttlingRateLimit`) is one bucket for every
   * caller: without this, one runaway producer can use all of it. A producer that signs in again
   * or refreshes its token starts a new count, so this does not stop a deliberate one (disable
   * its user). Not with `webAclArn`.
   *
   * @default - no per-producer limit
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
   */
  readonly producerRateLimit?: number;

  /**
   * Alarm when the stream takes in this much data in an hour (`IncomingBytes`, sum over an hour):
   * an ON_DEMAND stream scales with what producers send, and so does its bill.
   *
   * @default - no budget alarm
   */
  readonly incomingBytesAlarmThreshold?: Size;

  /**
   * Require an API key (header `x-api-key`) in addition to the bearer token, and create a usage
   * plan for the stage. Add keys with `usagePlan.addApiKey()`.
   *
   * @default false
   */
  readonly apiKeyRequired?: boolean;

  /**
   * Settings of a usage plan for the stage (throttle and quota per API key). Giving it creates
   * the usage plan; `apiKeyRequired` creates one with these settings or none.
   *
   * @default - no usage plan, unless `apiKeyRequired`
   */
  readonly usagePlanProps?: apigateway.UsagePlanProps;

  /**
   * The share of requests answered with a 4xx status (`metricClientError()` averaged over 5
   * minutes) at which the client error alarm fires: more than 0, at most 1.
   *
   * @default 0.05 (5 %)
   */
  readonly clientErrorRateAlarmThreshold?: number;

  /**
   * The p99 latency of the stage (`metricLatency()` over 5 minutes) at which the latency alarm
   * fires: more than 0, at most 29 seconds (API Gateway's integration timeout).
   *
   * @default Duration.seconds(1)
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
   */
  readonly latencyAlarmThreshold?: Duration;
}

/** How machine producers get their tokens, for `KinesisIngestApiProps.machineProducers`. */
export interface MachineProducerOptions {
  /**
   * The prefix of the user pool's Cognito domain, whose token endpoint machine producers call
   * (`https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token`): 1 to 63 lower-case
   * letters, digits and hyphens, not starting or ending with a hyphen, without `aws`, `amazon` or
   * `cognito`, unused in the region. A user pool has one domain: leave it out when
   * `existingUserPool` already has one (required for a pool the pattern creates).
   *
   * @default - no domain is created (`existingUserPool` only)
   */
  readonly domainPrefix?: string;

  /**
   * The identifier of the resource server the write scope belongs to; the scope producers
   * request is `<identifier>/write`. Unique in the user pool: give each pattern sharing a pool
   * its own.
   *
   * @default 'ingest'
   */
  readonly resourceServerIdentifier?: string;
}
