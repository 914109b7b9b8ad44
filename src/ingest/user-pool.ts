// The Cognito side of the API: who may send records. A user pool for machine producers (and the
// people who run them), created by an administrator only, and an app client that signs them in
// with a password to get a bearer token.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { KinesisIngestApiProps } from './kinesis-ingest-api-props';
import { acknowledgeNagRule } from '../core/nag';

/** The MFA setting of a user pool the pattern creates. */
export const DEFAULT_MFA = cognito.Mfa.OPTIONAL;

/** The pattern's user pool defaults; `userPoolProps` are merged over them. */
export function defaultUserPoolProps(mfa: cognito.Mfa, removalPolicy: RemovalPolicy): cognito.UserPoolProps {
  return {
    selfSignUpEnabled: false,
    signInAliases: { username: true },
    signInCaseSensitive: false,
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa,
    // TOTP only: SMS would need an SNS role and a spending limit.
    mfaSecondFactor: mfa === cognito.Mfa.OFF ? undefined : { otp: true, sms: false },
    // Users are machines and operators created by an administrator, who also resets passwords.
    accountRecovery: cognito.AccountRecovery.NONE,
    // A pool the stack may delete must not be protected from deletion, or the delete fails.
    deletionProtection: removalPolicy !== RemovalPolicy.DESTROY,
    removalPolicy,
  };
}

/** The user pool and app client of the API. */
export interface IngestUserPool {
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
}

/** How long an ID or access token of the pattern's client is valid: also how long a revoked producer may go on writing. */
export const TOKEN_VALIDITY = Duration.minutes(15);

/**
 * Creates the user pool (or takes `existingUserPool`) and adds the app client producers sign in
 * with. The client uses USER_PASSWORD_AUTH only, no client secret (the OAuth client-credentials
 * grant would need a Cognito domain, whose prefix is a name that must be unique in the region, so
 * it cannot be left to CloudFormation), may write no attribute anything reads, and issues tokens valid 15
 * minutes (a producer refreshes them with its refresh token), so that a producer disabled by an
 * administrator stops writing soon after: API Gateway validates tokens itself and does not see
 * a revocation.
 */
export function createUserPool(scope: Construct, props: KinesisIngestApiProps, removalPolicy: RemovalPolicy): IngestUserPool {
  let userPool: cognito.IUserPool;
  if (props.existingUserPool) {
    userPool = props.existingUserPool;
  } else {
    const pool = new cognito.UserPool(scope, 'UserPool', {
      ...defaultUserPoolProps(props.mfa ?? DEFAULT_MFA, removalPolicy),
      ...props.userPoolProps,
      ...(props.mfa !== undefined ? { mfa: props.mfa } : {}),
    });
    acknowledgeUserPoolFindings(pool);
    userPool = pool;
  }

  // In the pattern's scope, not under the user pool: an existing pool may be shared by patterns.
  const userPoolClient = new cognito.UserPoolClient(scope, 'UserPoolClient', {
    userPool,
    generateSecret: false,
    // No hosted UI or OAuth redirects: producers sign in through the Cognito API.
    disableOAuth: true,
    authFlows: { userPassword: true },
    writeAttributes: writableAttributes(props),
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: TOKEN_VALIDITY,
    idTokenValidity: TOKEN_VALIDITY,
    refreshTokenValidity: Duration.days(30),
  });
  return { userPool, userPoolClient };
}

/**
 * The attributes a producer may change on itself with its access token (UpdateUserAttributes):
 * `locale`, which nothing here reads, plus the required attributes of `userPoolProps`, which
 * Cognito wants writable. Not an empty list: Cognito reads an empty WriteAttributes as "not
 * specified", which lets the client write every standard attribute. For `existingUserPool`,
 * whose required attributes the pattern cannot see, Cognito's default applies.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html (WriteAttributes)
 */
function writableAttributes(props: KinesisIngestApiProps): cognito.ClientAttributes | undefined {
  if (props.existingUserPool) {
    return undefined;
  }
  const mask: { [attribute: string]: boolean } = { locale: true };
  for (const [attribute, setting] of Object.entries(props.userPoolProps?.standardAttributes ?? {})) {
    if ((setting as cognito.StandardAttribute | undefined)?.required) {
      mask[attribute] = true;
    }
  }
  return new cognito.ClientAttributes().withStandardAttributes(mask as cognito.StandardAttributesMask);
}

function acknowledgeUserPoolFindings(pool: cognito.UserPool): void {
  const cfnPool = pool.node.defaultChild as cognito.CfnUserPool;
  if (cfnPool.mfaConfiguration !== cognito.Mfa.REQUIRED) {
    acknowledgeNagRule(pool, {
      ruleId: 'AwsSolutions-COG2',
      reason: 'Producers are machines that sign in with a password and cannot answer an MFA challenge; MFA is OPTIONAL (TOTP) for the people '
        + 'who share the pool, and users are created by an administrator only. Set mfa: Mfa.REQUIRED for a pool of people.',
    });
  }
  if (cfnPool.userPoolTier !== cognito.FeaturePlan.PLUS) {
    acknowledgeNagRule(pool, {
      ruleId: 'AwsSolutions-COG8',
      reason: 'Threat protection needs the Plus feature plan, billed per monthly active user; self sign-up is off and users are created by an '
        + 'administrator. Set userPoolProps.featurePlan to FeaturePlan.PLUS to turn it on.',
    });
  }
}
