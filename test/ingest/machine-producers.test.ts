import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { KinesisIngestApi, KinesisIngestApiProps } from '../../src';
import { expectNoNagFindings } from '../nag-harness';

function build(props: KinesisIngestApiProps) {
  const stack = new Stack(undefined, 'Machines', { env: { account: '111111111111', region: 'eu-west-1' } });
  const pattern = new KinesisIngestApi(stack, 'Ingest', props);
  return { stack, pattern, template: Template.fromStack(stack) };
}

function methods(template: Template) {
  return Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => method.Properties);
}

describe('machineProducers', () => {
  const { stack, pattern, template } = build({ machineProducers: { domainPrefix: 'acme-ingest' } });

  test('a resource server with a write scope', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'ingest',
      Name: 'ingest',
      Scopes: [{ ScopeName: 'write', ScopeDescription: 'Put records into the stream' }],
      UserPoolId: { Ref: stack.getLogicalId(pattern.userPool.node.defaultChild as cognito.CfnUserPool) },
    });
    expect(pattern.writeScope).toBe('ingest/write');
  });

  test('a client with a secret for the client credentials grant of that scope only, 15-minute access tokens', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('^IngestResourceServer') }, '/write']] }],
      SupportedIdentityProviders: ['COGNITO'],
      // No user sign-in through this client (Cognito's default without the list allows SRP and custom auth).
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 15,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(pattern.machineClient?.node.path).toBe('Machines/Ingest/MachineClient');
  });

  test('the pool\'s domain and its token endpoint', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'acme-ingest' });
    expect(stack.resolve(pattern.tokenUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: stack.getLogicalId(pattern.node.findChild('Domain').node.defaultChild as cognito.CfnUserPoolDomain) },
        '.auth.eu-west-1.amazoncognito.com/oauth2/token']],
    });
  });

  test('both methods require the write scope (access tokens), without the ID-token audience check', () => {
    for (const method of methods(template)) {
      expect(method.AuthorizationScopes).toEqual(['ingest/write']);
    }
    expect(Object.values(template.findResources('AWS::ApiGateway::Authorizer'))[0].Properties.IdentityValidationExpression).toBeUndefined();
  });

  test('cdk-nag AwsSolutions and Serverless: no unacknowledged finding', () => {
    expectNoNagFindings(stack);
  });
});

test('existingUserPool without domainPrefix: no domain (the pool has one), no tokenUrl; a resource server identifier of its own', () => {
  const stack = new Stack();
  const existingUserPool = new cognito.UserPool(stack, 'Pool');
  const pattern = new KinesisIngestApi(stack, 'Ingest', { existingUserPool, machineProducers: { resourceServerIdentifier: 'https://ingest.example.com' } });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
  expect(pattern.tokenUrl).toBeUndefined();
  expect(pattern.writeScope).toBe('https://ingest.example.com/write');
  // The name takes fewer characters than the identifier ([\w\s+=,.@-]+, API_ResourceServerType).
  template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'https://ingest.example.com', Name: 'https---ingest.example.com' });
  for (const method of methods(template)) {
    expect(method.AuthorizationScopes).toEqual(['https://ingest.example.com/write']);
  }
});

test('without machineProducers: no resource server, domain or second client', () => {
  const { pattern, template } = build({});
  template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 0);
  template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
  template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
  expect([pattern.machineClient, pattern.tokenUrl, pattern.writeScope]).toEqual([undefined, undefined, undefined]);
});

describe('machineProducers validation', () => {
  const error = (message: string) => `Default/Ingest (KinesisIngestApi): ${message}`;
  const attempt = (props: KinesisIngestApiProps) => () => new KinesisIngestApi(new Stack(), 'Ingest', props);

  test('with authorizationScopes', () => {
    expect(attempt({ machineProducers: { domainPrefix: 'acme' }, authorizationScopes: ['x/y'] })).toThrow(
      error('Provide either machineProducers or authorizationScopes, not both: machineProducers sets the scope both methods require (<resourceServerIdentifier>/write).'));
  });

  test('no domainPrefix for a pool the pattern creates', () => {
    expect(attempt({ machineProducers: {} })).toThrow(error(
      'machineProducers.domainPrefix is required for a user pool the pattern creates: machine producers get their tokens from the pool\'s domain.'));
  });

  test.each(['Acme', '-acme', 'acme-', 'my-aws-ingest', 'a'.repeat(64), 'acme_ingest'])('domainPrefix %s', (domainPrefix) => {
    expect(attempt({ machineProducers: { domainPrefix } })).toThrow(error('machineProducers.domainPrefix must be 1 to 63 lower-case letters, digits and hyphens, '
      + `not starting or ending with a hyphen, without aws, amazon, cognito (got '${domainPrefix}').`));
  });

  test('a resource server identifier with a space', () => {
    expect(attempt({ machineProducers: { domainPrefix: 'acme', resourceServerIdentifier: 'my ingest' } })).toThrow(error(
      'machineProducers.resourceServerIdentifier must be 1 to 256 printable characters without spaces, quotes or backslashes (got \'my ingest\').'));
  });
});
