// Machine-to-machine producers: services and devices that get an access token with the OAuth
// client credentials grant (a client id and secret, no user), instead of a user's password.
import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { MachineProducerOptions } from './kinesis-ingest-api-props';
import { TOKEN_VALIDITY } from './user-pool';

/** The Cognito side of machine producers. */
export interface MachineProducers {
  readonly client: cognito.UserPoolClient;
  /** `<identifier>/write`: the scope both methods require. */
  readonly writeScope: string;
  /** The token endpoint, when the pattern created the domain. */
  readonly tokenUrl?: string;
}

/** The default resource server identifier. */
export const DEFAULT_RESOURCE_SERVER = 'ingest';

/**
 * A resource server with a `write` scope, an app client with a secret that may use the client
 * credentials grant for that scope only (15-minute access tokens), and the pool's domain for the
 * token endpoint. Cognito bills each token request of this grant (machine-to-machine pricing).
 *
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html
 */
export function createMachineProducers(scope: Construct, userPool: cognito.IUserPool, options: MachineProducerOptions): MachineProducers {
  const writeScope = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Put records into the stream' });
  const identifier = options.resourceServerIdentifier ?? DEFAULT_RESOURCE_SERVER;
  const resourceServer = new cognito.UserPoolResourceServer(scope, 'ResourceServer', {
    userPool,
    identifier,
    // The name allows fewer characters than the identifier (which CDK would copy): no ':' or '/' of a URL.
    userPoolResourceServerName: identifier.replace(/[^\w\s+=,.@-]/g, '-').slice(0, 256),
    scopes: [writeScope],
  });
  const client = new cognito.UserPoolClient(scope, 'MachineClient', {
    userPool,
    generateSecret: true,
    oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(resourceServer, writeScope)] },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    preventUserExistenceErrors: true,
    enableTokenRevocation: true,
    accessTokenValidity: TOKEN_VALIDITY,
    // Unused by the client credentials grant, which issues no ID or refresh token; the shortest Cognito accepts.
    idTokenValidity: Duration.minutes(5),
    refreshTokenValidity: Duration.hours(1),
  });
  // Without ExplicitAuthFlows Cognito allows SRP and custom sign-in of the pool's users through this
  // client; the client credentials grant needs none of them.
  (client.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
  let tokenUrl: string | undefined;
  if (options.domainPrefix !== undefined) {
    const domain = new cognito.UserPoolDomain(scope, 'Domain', { userPool, cognitoDomain: { domainPrefix: options.domainPrefix } });
    tokenUrl = `${domain.baseUrl()}/oauth2/token`;
  }
  return { client, writeScope: `${identifier}/${writeScope.scopeName}`, tokenUrl };
}
