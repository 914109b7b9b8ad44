import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { KinesisIngestApi, KinesisIngestApiProps } from '../../src';
import { expectNoNagFindings } from '../nag-harness';

type Json = Record<string, any>;

function build(props: KinesisIngestApiProps = {}, stack = new Stack()) {
  const pattern = new KinesisIngestApi(stack, 'Ingest', props);
  return { stack, pattern, template: Template.fromStack(stack) };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

function method(template: Template, path: string): Json {
  const resources = template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: path } });
  const [resourceId] = Object.keys(resources);
  const methods = Object.values(template.findResources('AWS::ApiGateway::Method', { Properties: { ResourceId: { Ref: resourceId } } }));
  expect(methods).toHaveLength(1);
  return methods[0].Properties;
}

function stage(template: Template): Json {
  const stages = Object.values(template.findResources('AWS::ApiGateway::Stage'));
  expect(stages).toHaveLength(1);
  return stages[0];
}

function alarm(template: Template, metricName: string): Json {
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

function integrationResponse(template: Template, path: string, statusCode: string): Json {
  return method(template, path).Integration.IntegrationResponses.find((response: Json) => response.StatusCode === statusCode);
}

/** The request template of a method, with the stream reference written as <stream>. */
function requestTemplate(stack: Stack, template: Template, path: string): string {
  const joined = stack.resolve(method(template, path).Integration.RequestTemplates['application/json']);
  return joined['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : '<stream>')).join('');
}

function policyStatements(template: Template, roleId: string): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

describe('KinesisIngestApi defaults', () => {
  const { stack, pattern, template } = build();
  const streamId = logicalId(stack, pattern.stream as kinesis.Stream);
  const apiId = logicalId(stack, pattern.api);

  test('creates its own ON_DEMAND stream encrypted with the AWS managed key, in its own scope', () => {
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: 24,
    });
    expect(pattern.stream.node.path).toBe('Default/Ingest/Stream');
  });

  test('a regional REST API with POST /record and POST /records calling PutRecord and PutRecords', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] }, Name: Match.anyValue() });
    for (const [path, action] of [['record', 'PutRecord'], ['records', 'PutRecords']]) {
      const properties = method(template, path);
      expect(properties.HttpMethod).toBe('POST');
      expect(properties.Integration.Type).toBe('AWS');
      expect(stack.resolve(properties.Integration.Uri)['Fn::Join'][1]).toContain(`:kinesis:action/${action}`);
      expect(properties.Integration.PassthroughBehavior).toBe('NEVER');
    }
    expect(pattern.url).toBeDefined();
  });

  test('both methods need a Cognito bearer token in the Authorization header, no scopes, no API key', () => {
    const authorizerId = stack.getLogicalId((pattern.authorizer as apigateway.Authorizer).node.defaultChild as never);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [logicalId(stack, pattern.userPool as cognito.UserPool), 'Arn'] }],
    });
    for (const path of ['record', 'records']) {
      expect(method(template, path)).toEqual(expect.objectContaining({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: authorizerId },
        ApiKeyRequired: false,
      }));
      expect(method(template, path).AuthorizationScopes).toBeUndefined();
    }
  });

  test('the user pool: admin-created users only, strong passwords, optional TOTP MFA, deletion protection, retained', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
          },
        },
        MfaConfiguration: 'OPTIONAL',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        DeletionProtection: 'ACTIVE',
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
        UserPoolName: Match.absent(),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test('an app client for machine producers: password sign-in only, no secret, no OAuth redirects, no attribute writes, 15-minute tokens', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: false,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      // One harmless attribute: an empty list would let the client write every standard attribute.
      WriteAttributes: ['locale'],
    });
    expect(pattern.userPoolClient.node.path).toBe('Default/Ingest/UserPoolClient');
  });

  test('userPoolProps with required attributes: the client may write those (Cognito requires it) and locale, nothing else', () => {
    const { template: required } = build({ userPoolProps: { standardAttributes: { email: { required: true }, givenName: { required: false } } } });
    required.hasResourceProperties('AWS::Cognito::UserPoolClient', { WriteAttributes: ['email', 'locale'] });
  });

  test('existingUserPool: Cognito\'s default write attributes (the pattern cannot see the pool\'s required attributes)', () => {
    const poolStack = new Stack();
    const existingUserPool = new cognito.UserPool(poolStack, 'Pool');
    new KinesisIngestApi(poolStack, 'Ingest', { existingUserPool });
    Template.fromStack(poolStack).hasResourceProperties('AWS::Cognito::UserPoolClient', { WriteAttributes: Match.absent() });
  });

  test('request bodies are validated against JSON-schema models (partition key and data, 1 to 500 records)', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    const models = Object.values(template.findResources('AWS::ApiGateway::Model')).map((model) => model.Properties);
    const record = models.find((model) => model.Name === 'PutRecordRequest');
    const records = models.find((model) => model.Name === 'PutRecordsRequest');
    const recordSchema = {
      type: 'object',
      required: ['partitionKey', 'data'],
      additionalProperties: false,
      properties: {
        partitionKey: { type: 'string', minLength: 1, maxLength: 256, description: expect.any(String) },
        data: { not: { type: 'null' }, maxLength: 1048576, description: expect.any(String) },
      },
    };
    expect(record.Schema).toEqual({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'PutRecordRequest', ...recordSchema });
    expect(records.Schema).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 'PutRecordsRequest',
      type: 'object',
      required: ['records'],
      additionalProperties: false,
      properties: { records: { type: 'array', minItems: 1, maxItems: 500, items: recordSchema } },
    });
    for (const path of ['record', 'records']) {
      expect(Object.values(method(template, path).RequestModels)).toHaveLength(1);
      expect(method(template, path).RequestValidatorId).toBeDefined();
    }
  });

  test('a body that fails its model gets 400 with a JSON body naming the request; the reason goes to the access log', () => {
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map((each) => each.Properties)
      .filter((properties) => properties.ResponseType === 'BAD_REQUEST_BODY');
    expect(responses).toHaveLength(1);
    const body = responses[0].ResponseTemplates['application/json'];
    expect(body).not.toContain('validationErrorString');
    // Valid JSON once API Gateway substitutes the request id.
    expect(JSON.parse(body.replace('$context.requestId', 'abc-123'))).toEqual({
      message: expect.stringContaining('access log'),
      rules: expect.stringContaining('"partitionKey": 1 to 256 characters'),
      requestId: 'abc-123',
    });
    expect(body).toContain('1 to 500 records');
    expect(JSON.stringify(stage(template).Properties.AccessLogSetting.Format)).toContain('validationErrorString');
  });

  test('only ID tokens issued to the pattern\'s app client are accepted (the authorizer matches their aud), results cached 60 s', () => {
    const authorizers = Object.values(template.findResources('AWS::ApiGateway::Authorizer')).map((each) => each.Properties);
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]).toEqual(expect.objectContaining({
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      IdentityValidationExpression: { 'Fn::Join': ['', ['^', { Ref: logicalId(stack, pattern.userPoolClient as never) }, '$']] },
      AuthorizerResultTtlInSeconds: 60,
    }));
    for (const path of ['record', 'records']) {
      expect(method(template, path).RequestParameters).toEqual({ 'method.request.header.Authorization': true });
    }
  });

  test('the endpoint accepts TLS 1.2 or later', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { SecurityPolicy: 'TLS_1_2' });
  });

  test('request templates name the stream and store data as its JSON text', () => {
    expect(requestTemplate(stack, template, 'record')).toBe([
      '{',
      '  "StreamName": "<stream>",',
      '  "PartitionKey": "$util.escapeJavaScript($input.path(\'$.partitionKey\')).replaceAll("\\\\\'", "\'")",',
      '  "Data": "$util.base64Encode($input.json(\'$.data\'))"',
      '}',
    ].join('\n'));
    const records = requestTemplate(stack, template, 'records');
    expect(records).toContain('#foreach($record in $input.path(\'$.records\'))');
    expect(records).toContain('"Data": "$util.base64Encode($input.json("$.records[$foreach.index].data"))"');
    expect(records).toContain('}#if($foreach.hasNext),#end');
  });

  test('Kinesis 4xx and 5xx are selected by status; 2xx is the default', () => {
    for (const path of ['record', 'records']) {
      const responses = method(template, path).Integration.IntegrationResponses;
      expect(responses.map((response: Json) => [response.StatusCode, response.SelectionPattern])).toEqual([
        ['200', undefined],
        ['400', '4\\d{2}'],
        ['500', '5\\d{2}'],
      ]);
    }
  });

  test('a Kinesis 4xx becomes 429 when throttled, 400 when the request is wrong, 500 otherwise (KMS, stream, access)', () => {
    const body = integrationResponse(template, 'record', '400').ResponseTemplates['application/json'] as string;
    expect(body).toContain("#set($type = \"$!input.path('$.__type')\")");
    expect(body).toMatch(/#if\(\$type\.contains\('ProvisionedThroughputExceeded'\) \|\| \$type\.contains\('Throttling'\) \|\| \$type\.contains\('LimitExceeded'\)\)\n#set\(\$context\.responseOverride\.status = 429\)/);
    expect(body).toMatch(/#elseif\(\$type\.contains\('InvalidArgument'\) .*\)\n#set\(\$context\.responseOverride\.status = 400\)/);
    expect(body).toMatch(/#else\n#set\(\$context\.responseOverride\.status = 500\)\n#end/);
    expect(body).toContain('"errorType": "$!util.escapeJavaScript($type)"');
  });

  test('a Kinesis 5xx is answered 500 with the error type', () => {
    const body = integrationResponse(template, 'records', '500').ResponseTemplates['application/json'] as string;
    expect(body).toContain("\"errorType\": \"$!util.escapeJavaScript($input.path('$.__type'))\"");
  });

  test('PutRecords with FailedRecordCount > 0 is not a 2xx: 429 when only throttled, else 500, with every record\'s result', () => {
    const body = integrationResponse(template, 'records', '200').ResponseTemplates['application/json'] as string;
    expect(body).toContain("#set($failed = $input.path('$.FailedRecordCount'))");
    expect(body).toMatch(/#if\(\$failed > 0\)\n#if\(\$throttledOnly\)\n#set\(\$context\.responseOverride\.status = 429\)\n#else\n#set\(\$context\.responseOverride\.status = 500\)\n#end\n#end/);
    expect(body).toContain('#if($record.ErrorCode && !($record.ErrorCode.contains(\'ProvisionedThroughputExceeded\')');
    expect(body).toContain('"errorCode": "$!util.escapeJavaScript($record.ErrorCode)"');
    expect(body).toContain('"shardId": "$record.ShardId", "sequenceNumber": "$record.SequenceNumber"');
    const single = integrationResponse(template, 'record', '200').ResponseTemplates['application/json'] as string;
    expect(single).toContain("\"sequenceNumber\": \"$!input.path('$.SequenceNumber')\"");
    expect(single).not.toContain('responseOverride');
  });

  test('every status the responses produce is a method response', () => {
    for (const path of ['record', 'records']) {
      expect(method(template, path).MethodResponses.map((response: Json) => response.StatusCode).sort()).toEqual(['200', '400', '429', '500']);
    }
  });

  test('stage: throttled 100 rps / burst 50, JSON access logs, X-Ray, execution logging off, no data trace', () => {
    const properties = stage(template).Properties;
    expect(properties.StageName).toBe('prod');
    expect(properties.TracingEnabled).toBe(true);
    expect(properties.MethodSettings).toEqual([{
      DataTraceEnabled: false, HttpMethod: '*', LoggingLevel: 'OFF', MetricsEnabled: false, ResourcePath: '/*', ThrottlingBurstLimit: 50, ThrottlingRateLimit: 100,
    }]);
    expect(properties.AccessLogSetting.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(stack, pattern.accessLogGroup as logs.LogGroup), 'Arn'] });
    const format = JSON.parse(properties.AccessLogSetting.Format);
    expect(format).toEqual(expect.objectContaining({ requestId: '$context.requestId', status: '$context.status', apiId: '$context.apiId', stage: '$context.stage' }));
  });

  test('the access log group keeps events one year', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('sets the account\'s API Gateway CloudWatch Logs role before the stage, so that a first deploy can log; both outlive the stack', () => {
    const accounts = Object.entries(template.findResources('AWS::ApiGateway::Account'));
    expect(accounts).toHaveLength(1);
    const [accountId, account] = accounts[0];
    expect(account.DeletionPolicy).toBe('Retain');
    const roleId = logicalId(stack, pattern.accountCloudWatchRole as never);
    expect(account.Properties.CloudWatchRoleArn).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(template.toJSON().Resources[roleId].DeletionPolicy).toBe('Retain');
    expect(stage(template).DependsOn).toContain(accountId);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('createAccountCloudWatchRole'))).toEqual([]);
  });

  test('no usage plan, no API key, no WAF association', () => {
    for (const type of ['AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::ApiKey', 'AWS::WAFv2::WebACLAssociation']) {
      template.resourceCountIs(type, 0);
    }
    template.resourceCountIs('AWS::IAM::Role', 2);
    expect(pattern.usagePlan).toBeUndefined();
  });

  test('the integration role may only PutRecord and PutRecords on the stream', () => {
    const roleId = logicalId(stack, pattern.integrationRole as never);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] },
    });
    expect(policyStatements(template, roleId)).toEqual([{
      Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [streamId, 'Arn'] },
    }]);
    for (const path of ['record', 'records']) {
      expect(method(template, path).Integration.Credentials).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    }
  });

  test('API alarms on the stage: 4xx rate, 5xx count, p99 latency, dimensioned by API name and stage', () => {
    const dimensions = [{ Name: 'ApiName', Value: Match.anyValue() }, { Name: 'Stage', Value: { Ref: logicalId(stack, pattern.api.deploymentStage) } }];
    const clientErrors = alarm(template, '4XXError');
    expect(clientErrors).toEqual(expect.objectContaining({
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Average',
      Period: 300,
      Threshold: 0.05,
      EvaluationPeriods: 3,
      TreatMissingData: 'notBreaching',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }));
    Template.fromJSON({ Resources: { A: { Type: 'X', Properties: { D: clientErrors.Dimensions } } } }).hasResourceProperties('X', { D: dimensions });
    expect(alarm(template, '5XXError')).toEqual(expect.objectContaining({ Statistic: 'Sum', Period: 60, Threshold: 1, TreatMissingData: 'notBreaching' }));
    expect(alarm(template, 'Latency')).toEqual(expect.objectContaining({ ExtendedStatistic: 'p99', Period: 300, Threshold: 1000, EvaluationPeriods: 3 }));
    expect(JSON.stringify(alarm(template, 'Latency').Dimensions)).toContain('ApiName');
    expect(apiId).toBeDefined();
  });

  test('429 answers are counted from the access log by the API id and stage, and alarmed on', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.status = "429" }',
      LogGroupName: { Ref: logicalId(stack, pattern.accessLogGroup as logs.LogGroup) },
      MetricTransformations: [{
        MetricNamespace: 'CdkStreamingDataPatterns/IngestApi',
        MetricName: 'ThrottledRequests',
        MetricValue: '1',
        Unit: 'Count',
        Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }, { Key: 'Stage', Value: '$.stage' }],
      }],
    });
    expect(alarm(template, 'ThrottledRequests')).toEqual(expect.objectContaining({
      Namespace: 'CdkStreamingDataPatterns/IngestApi',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }, { Name: 'Stage', Value: { Ref: logicalId(stack, pattern.api.deploymentStage) } }],
      Statistic: 'Sum',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    }));
  });

  test('stream alarms: writes throttled and iterator age, on the stream name; 7 alarms without actions', () => {
    for (const metricName of ['WriteProvisionedThroughputExceeded', 'GetRecords.IteratorAgeMilliseconds', 'ReadProvisionedThroughputExceeded']) {
      expect(alarm(template, metricName).Dimensions).toEqual([{ Name: 'StreamName', Value: { Ref: streamId } }]);
    }
    expect(pattern.alarms).toHaveLength(7);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    for (const each of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(each.Properties.AlarmActions).toBeUndefined();
      expect(each.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  test('a dashboard with API and stream widgets, no per-shard widgets', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of ['Count', '4XXError', '5XXError', 'Latency', 'IntegrationLatency', 'ThrottledRequests', 'IncomingRecords', 'GetRecords.IteratorAgeMilliseconds']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    expect(body).not.toContain('SEARCH(');
    expect(pattern.dashboard).toBeDefined();
  });

  test('acknowledges APIG3, APIG6, COG2 and COG8 only, each on its resource', () => {
    const acknowledged = Object.values(template.toJSON().Resources as Record<string, Json>)
      .filter((resource) => resource.Metadata?.cdk_nag)
      .map((resource) => [resource.Type, resource.Metadata.cdk_nag.rules_to_suppress.map((rule: Json) => rule.id)]);
    expect(acknowledged).toEqual([
      ['AWS::Cognito::UserPool', ['AwsSolutions-COG2', 'AwsSolutions-COG8']],
      ['AWS::ApiGateway::Stage', ['AwsSolutions-APIG6', 'AwsSolutions-APIG3']],
      ['AWS::IAM::Policy', ['AwsSolutions-IAM5']],
    ]);
  });
});

test('no unacknowledged cdk-nag finding with the defaults', () => {
  const stack = new Stack();
  new KinesisIngestApi(stack, 'Ingest');
  expectNoNagFindings(stack);
});

describe('KinesisIngestApi props', () => {
  test('a customer managed key: the integration role may also GenerateDataKey with it, nothing more', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key');
    const { pattern, template } = build({ streamProps: { encryptionKey: key } }, stack);
    const statements = policyStatements(template, logicalId(stack, pattern.integrationRole as never));
    expect(statements).toEqual([
      { Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(stack, pattern.stream as kinesis.Stream), 'Arn'] } },
      { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] } },
    ]);
  });

  test('existingStream: no stream is created and the role is scoped to that stream', () => {
    const stack = new Stack();
    const stream = new kinesis.Stream(stack, 'Shared', { encryption: kinesis.StreamEncryption.MANAGED });
    const { pattern, template } = build({ existingStream: stream }, stack);
    expect(pattern.stream).toBe(stream);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    expect(policyStatements(template, logicalId(stack, pattern.integrationRole as never))[0].Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, stream), 'Arn'] });
  });

  test('streamProps: a PROVISIONED stream with 4 shards', () => {
    const { template } = build({ streamProps: { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 4 } });
    template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 4, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
  });

  test('enhancedMonitoring: shard-level metrics and per-shard widgets', () => {
    const { template } = build({ enhancedMonitoring: true });
    template.hasResourceProperties('AWS::Kinesis::Stream', { DesiredShardLevelMetrics: ['ALL'] });
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of ['IncomingBytes', 'WriteProvisionedThroughputExceeded', 'IteratorAgeMilliseconds']) {
      expect(body).toContain(`SEARCH('{AWS/Kinesis,ShardId,StreamName} MetricName=\\\\\\"${metric}\\\\\\"`);
    }
  });

  test('throttlingRateLimit and throttlingBurstLimit', () => {
    const { template } = build({ throttlingRateLimit: 2500, throttlingBurstLimit: 0 });
    expect(stage(template).Properties.MethodSettings[0]).toEqual(expect.objectContaining({ ThrottlingRateLimit: 2500, ThrottlingBurstLimit: 0 }));
  });

  test('stageName', () => {
    const { template } = build({ stageName: 'v1' });
    expect(stage(template).Properties.StageName).toBe('v1');
  });

  test('authorizationScopes on both methods', () => {
    const { template } = build({ authorizationScopes: ['ingest/write'] });
    for (const path of ['record', 'records']) {
      expect(method(template, path).AuthorizationScopes).toEqual(['ingest/write']);
    }
    // Access tokens have no aud: the scopes decide, not the identity validation expression.
    expect(Object.values(template.findResources('AWS::ApiGateway::Authorizer'))[0].Properties.IdentityValidationExpression).toBeUndefined();
  });

  test('settings made on L1s after the methods hashed theirs (required header, identity validation expression) are part of the deployment\'s id', () => {
    // Otherwise a later change to them alone would not redeploy the stage, which would keep the old behaviour.
    const addToLogicalId = jest.spyOn(apigateway.Deployment.prototype, 'addToLogicalId');
    try {
      const { stack, pattern } = build();
      const hashed = addToLogicalId.mock.calls.map(([data]) => stack.resolve(data));
      expect(hashed).toContainEqual({ requestParameters: { 'method.request.header.Authorization': true } });
      expect(hashed).toContainEqual({
        identityValidationExpression: { 'Fn::Join': ['', ['^', { Ref: logicalId(stack, pattern.userPoolClient as never) }, '$']] },
      });
    } finally {
      addToLogicalId.mockRestore();
    }
  });

  test('producerRateLimit: a WAF web ACL limiting each bearer token, associated with the stage; APIG3 no longer acknowledged', () => {
    const { stack, pattern, template } = build({ producerRateLimit: 600 });
    const acls = Object.entries(template.findResources('AWS::WAFv2::WebACL'));
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0];
    expect(acl.Properties).toEqual(expect.objectContaining({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } }));
    expect(acl.Properties.Rules).toEqual([expect.objectContaining({
      Name: 'PerProducerRateLimit',
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: 600,
          EvaluationWindowSec: 300,
          AggregateKeyType: 'CUSTOM_KEYS',
          CustomKeys: [{ Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
        },
      },
    })]);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      ResourceArn: Match.anyValue(),
    });
    expect(stage(template).Metadata.cdk_nag.rules_to_suppress.map((rule: Json) => rule.id)).toEqual(['AwsSolutions-APIG6']);
    expectNoNagFindings(stack);
    expect(pattern.alarms.map((each) => each.node.id)).not.toContain('IncomingBytesBudgetAlarm');
  });

  test('incomingBytesAlarmThreshold: an alarm on the stream\'s bytes per hour', () => {
    const { pattern, template } = build({ incomingBytesAlarmThreshold: Size.gibibytes(10) });
    expect(pattern.alarms.map((each) => each.node.id)).toContain('IncomingBytesBudgetAlarm');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Kinesis', MetricName: 'IncomingBytes', Statistic: 'Sum', Period: 3600, Threshold: 10737418240,
    });
  });

  test('mfa REQUIRED: COG2 is no longer acknowledged', () => {
    const { template } = build({ mfa: cognito.Mfa.REQUIRED });
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0];
    expect(pool.Metadata.cdk_nag.rules_to_suppress.map((rule: Json) => rule.id)).toEqual(['AwsSolutions-COG8']);
  });

  test('mfa OFF', () => {
    const { template } = build({ mfa: cognito.Mfa.OFF });
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OFF', EnabledMfas: Match.absent() });
  });

  test('userPoolProps are merged over the defaults; the Plus plan is not acknowledged', () => {
    const { template } = build({ userPoolProps: { featurePlan: cognito.FeaturePlan.PLUS, deletionProtection: false } });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS', DeletionProtection: 'INACTIVE', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0];
    expect(pool.Metadata.cdk_nag.rules_to_suppress.map((rule: Json) => rule.id)).toEqual(['AwsSolutions-COG2']);
  });

  test('existingUserPool: no user pool is created; the client is added in the pattern\'s scope', () => {
    const stack = new Stack();
    const userPool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_abcdefghi');
    const { pattern, template } = build({ existingUserPool: userPool }, stack);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { UserPoolId: 'eu-west-1_abcdefghi' });
    expect(pattern.userPool).toBe(userPool);
    expect(pattern.userPoolClient.node.scope).toBe(pattern);
  });

  test('loggingLevel: execution logging on, APIG6 no longer acknowledged', () => {
    const { template } = build({ loggingLevel: apigateway.MethodLoggingLevel.ERROR });
    expect(stage(template).Properties.MethodSettings[0].LoggingLevel).toBe('ERROR');
    expect(stage(template).Metadata.cdk_nag.rules_to_suppress.map((rule: Json) => rule.id)).toEqual(['AwsSolutions-APIG3']);
  });

  test('createAccountCloudWatchRole false: no account setting, and a warning that a first deploy fails where the account has none', () => {
    const { stack, pattern, template } = build({ createAccountCloudWatchRole: false });
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(pattern.accountCloudWatchRole).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/Default/Ingest', Match.stringLikeRegexp(
      'createAccountCloudWatchRole is false: .* the deploy fails \\("CloudWatch Logs role ARN must be set in account settings"\\) where none is set.*'
      + '\\[ack: cdk-streaming-data-patterns:noAccountCloudWatchRole\\]'));
  });

  test('createAccountCloudWatchRole: the account setting and its role, IAM5 acknowledged for the log groups only', () => {
    const { pattern, template } = build({ createAccountCloudWatchRole: true, loggingLevel: apigateway.MethodLoggingLevel.INFO });
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    expect(pattern.accountCloudWatchRole).toBeDefined();
    // The account setting outlives the stack (and a removalPolicy of DESTROY), as aws-cdk-lib's does.
    template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::IAM::Role', {
      DeletionPolicy: 'Retain',
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
        }),
      },
    });
    const policies = template.findResources('AWS::IAM::Policy', { Metadata: { cdk_nag: Match.anyValue() } });
    expect(Object.values(policies).map((policy) => policy.Metadata.cdk_nag.rules_to_suppress)).toEqual([[{
      id: 'AwsSolutions-IAM5', reason: expect.any(String), applies_to: ['Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*'],
    }]]);
    expect(Object.values(policies)[0].Properties.PolicyDocument.Statement).toEqual([{
      Action: [
        'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams',
        'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:PutLogEvents',
      ],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':*']] },
    }]);
  });

  test('webAclArn: the stage is associated with the web ACL and APIG3 is no longer acknowledged', () => {
    const webAclArn = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/ingest/abc';
    const { stack, pattern, template } = build({ webAclArn });
    // The ARN refers to the stage, so CloudFormation creates the stage first (no DependsOn: cfn-lint W3005).
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: webAclArn,
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(stack, pattern.api.deploymentStage) }])] },
    });
    expect(stage(template).Metadata.cdk_nag.rules_to_suppress.map((rule: Json) => rule.id)).toEqual(['AwsSolutions-APIG6']);
  });

  test('apiKeyRequired: methods need a key and a usage plan for the stage exists, with no key of the Solutions Construct', () => {
    const { stack, pattern, template } = build({ apiKeyRequired: true });
    expect(method(template, 'record').ApiKeyRequired).toBe(true);
    template.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      ApiStages: [{ ApiId: { Ref: logicalId(stack, pattern.api) }, Stage: { Ref: logicalId(stack, pattern.api.deploymentStage) } }],
    });
    expect(pattern.usagePlan).toBeDefined();
  });

  test('usagePlanProps: a usage plan with those limits', () => {
    const { template } = build({
      usagePlanProps: { throttle: { rateLimit: 10, burstLimit: 5 }, quota: { limit: 1000, period: apigateway.Period.DAY } },
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 10, BurstLimit: 5 },
      Quota: { Limit: 1000, Period: 'DAY' },
    });
  });

  test('accessLogGroupProps', () => {
    const { template } = build({ accessLogGroupProps: { retention: logs.RetentionDays.THREE_MONTHS } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('clientErrorRateAlarmThreshold and latencyAlarmThreshold', () => {
    const { template } = build({ clientErrorRateAlarmThreshold: 0.2, latencyAlarmThreshold: Duration.millis(500) });
    expect(alarm(template, '4XXError').Threshold).toBe(0.2);
    expect(alarm(template, 'Latency').Threshold).toBe(500);
  });

  test('alarmActions on every alarm; createDashboard false', () => {
    const stack = new Stack();
    const topic = new sns.Topic(stack, 'Topic');
    const { pattern, template } = build({ alarmActions: [new cloudwatchActions.SnsAction(topic)], createDashboard: false }, stack);
    for (const each of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(each.Properties.AlarmActions).toEqual([{ Ref: logicalId(stack, topic) }]);
    }
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(pattern.dashboard).toBeUndefined();
  });

  test('two instances in one stack, one on the other\'s stream, do not collide', () => {
    const stack = new Stack();
    const first = new KinesisIngestApi(stack, 'First');
    new KinesisIngestApi(stack, 'Second', { existingStream: first.stream });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Kinesis::Stream', 1);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 2);
    template.resourceCountIs('AWS::Cognito::UserPool', 2);
    const names = Object.values(template.findResources('AWS::ApiGateway::RestApi')).map((api) => api.Properties.Name);
    expect(new Set(names).size).toBe(2);
    // One account setting per stack, set before both stages.
    const accounts = Object.keys(template.findResources('AWS::ApiGateway::Account'));
    expect(accounts).toHaveLength(1);
    for (const each of Object.values(template.findResources('AWS::ApiGateway::Stage'))) {
      expect(each.DependsOn).toContain(accounts[0]);
    }
  });

  test('no unacknowledged cdk-nag finding, fully configured', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const topic = new sns.Topic(stack, 'Topic', { masterKey: key, enforceSSL: true });
    new KinesisIngestApi(stack, 'Ingest', {
      streamProps: { encryptionKey: key, streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 2 },
      enhancedMonitoring: true,
      mfa: cognito.Mfa.REQUIRED,
      userPoolProps: { featurePlan: cognito.FeaturePlan.PLUS },
      authorizationScopes: ['ingest/write'],
      loggingLevel: apigateway.MethodLoggingLevel.ERROR,
      createAccountCloudWatchRole: true,
      webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/ingest/abc',
      apiKeyRequired: true,
      usagePlanProps: { throttle: { rateLimit: 10, burstLimit: 5 } },
      alarmActions: [new cloudwatchActions.SnsAction(topic)],
    });
    expectNoNagFindings(stack);
  });
});
