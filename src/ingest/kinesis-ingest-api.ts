import { ApiGatewayToKinesisStreams } from '@aws-solutions-constructs/aws-apigateway-kinesisstreams';
import { Annotations, Duration, Fn, Names } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ApiGatewayAccountSetting } from './account-cloudwatch-role';
import {
  addApiAlarms, addApiWidgets, addIncomingBytesBudgetAlarm, addShardWidgets, countThrottledRequests, throttledRequestsMetric,
} from './ingest-monitoring';
import { KinesisIngestApiProps } from './kinesis-ingest-api-props';
import { createMachineProducers } from './machine-producers';
import { createProducerRateLimit } from './producer-rate-limit';
import { putOnlyView } from './put-only-stream';
import { PUT_RECORD_REQUEST_TEMPLATE, PUT_RECORDS_REQUEST_TEMPLATE, putRecordModelOptions, putRecordsModelOptions } from './request-models';
import {
  BAD_REQUEST_BODY_TEMPLATE,
  integrationResponses,
  PUT_RECORD_SUCCESS_TEMPLATE,
  PUT_RECORDS_RESULT_TEMPLATE,
  RESPONSE_STATUS_CODES,
} from './responses';
import { resolveIngestSettings } from './settings';
import { createUserPool } from './user-pool';
import { checkDashboardProps, PatternMonitoring } from '../core/monitoring';
import { acknowledgeNagRule } from '../core/nag';
import { resolveRemovalPolicy } from '../core/removal-policy';
import { withoutOverrideWarnings } from '../core/solutions-constructs';
import { createOrUseStream } from '../core/stream';
import { addStreamAlarmsOnce, addStreamWidgets } from '../core/stream-monitoring';
import { StreamingPattern } from '../core/streaming-pattern';
import { PropsValidator } from '../core/validation';

const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;
const MINUTE = Duration.minutes(1);

/**
 * The access log line, one JSON object per request. Every value is a string so that the format
 * itself is valid JSON (cdk-nag checks that); `apiId` and `stage` are the dimensions of the
 * throttled-requests metric filter.
 */
const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  apiId: '$context.apiId',
  stage: '$context.stage',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  sourceIp: '$context.identity.sourceIp',
  principal: '$context.authorizer.claims.sub',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  errorType: '$context.error.responseType',
  errorMessage: '$context.error.message',
  // Why a body failed its model: kept out of the response (it can hold quotes that break its JSON).
  validationError: '$context.error.validationErrorString',
  xrayTraceId: '$context.xrayTraceId',
};

/** How long API Gateway caches an authorization result. */
const AUTHORIZER_CACHE_TTL = Duration.seconds(60);

/** The least TLS version the default execute-api endpoint accepts (the legacy policy that needs no endpoint access mode). */
const TLS_SECURITY_POLICY = 'TLS_1_2';

/** The resources of the API the Solutions Construct creates, as paths under it. */
const SOLUTION_RESOURCES = { putRecord: 'record', putRecords: 'records' };

/**
 * Client --Cognito bearer token--> API Gateway REST API --> Kinesis Data Streams: `POST /record`
 * (PutRecord) and `POST /records` (PutRecords, up to 500), bodies validated against JSON schemas,
 * responses that tell the client when Kinesis did not store a record (429 to retry, 400 for a bad
 * request, 500 for a broken stream or key), stage throttling, JSON access logs, X-Ray, alarms and
 * a dashboard.
 *
 * Built on `ApiGatewayToKinesisStreams` from AWS Solutions Constructs, given the pattern's stream,
 * models, templates and responses; the Cognito authorizer, method responses, gateway response,
 * usage plan, WAF association and monitoring are added with aws-cdk-lib (see the comments).
 */
export class KinesisIngestApi extends StreamingPattern {
  public readonly stream: kinesis.IStream;
  /** The REST API (regional endpoint). */
  public readonly api: apigateway.IRestApi;
  /** The URL of the stage, ending with a slash: post to `${url}record` and `${url}records`. */
  public readonly url: string;
  /** The user pool whose users may call the API (created or `existingUserPool`). */
  public readonly userPool: cognito.IUserPool;
  /** The app client producers sign in with (USER_PASSWORD_AUTH, no secret). */
  public readonly userPoolClient: cognito.IUserPoolClient;
  /**
   * With `machineProducers`: the app client machine producers get access tokens from (client
   * credentials grant; its secret is read with `aws cognito-idp describe-user-pool-client`).
   */
  public readonly machineClient?: cognito.IUserPoolClient;
  /** With `machineProducers` and a `domainPrefix`: the token endpoint of the client credentials grant. */
  public readonly tokenUrl?: string;
  /** With `machineProducers`: the scope machine producers request and both methods require, `<identifier>/write`. */
  public readonly writeScope?: string;
  /** The Cognito user-pool authorizer of both methods. */
  public readonly authorizer: apigateway.IAuthorizer;
  /** The role API Gateway calls Kinesis with: PutRecord and PutRecords on the stream only. */
  public readonly integrationRole: iam.IRole;
  /** The log group of the stage's JSON access logs. */
  public readonly accessLogGroup: logs.ILogGroup;
  /**
   * The account-level API Gateway CloudWatch Logs role, with `createAccountCloudWatchRole`: one per
   * stack, shared by its ingest APIs.
   */
  public readonly accountCloudWatchRole?: iam.IRole;
  /** The usage plan, with `usagePlanProps` or `apiKeyRequired`. */
  public readonly usagePlan?: apigateway.IUsagePlan;
  public readonly alarms: cloudwatch.Alarm[];
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly stage: apigateway.Stage;

  constructor(scope: Construct, id: string, props: KinesisIngestApiProps = {}) {
    super(scope, id);
    const validator = new PropsValidator(this);
    const settings = resolveIngestSettings(validator, props);
    const removalPolicy = resolveRemovalPolicy(validator, props);
    const monitoring = new PatternMonitoring(props.alarmActions);
    checkDashboardProps(this, validator, props);

    this.stream = createOrUseStream(this, validator, props, removalPolicy);
    const users = createUserPool(this, props, removalPolicy);
    this.userPool = users.userPool;
    this.userPoolClient = users.userPoolClient;
    const machine = props.machineProducers ? createMachineProducers(this, this.userPool, props.machineProducers) : undefined;
    this.machineClient = machine?.client;
    this.tokenUrl = machine?.tokenUrl;
    this.writeScope = machine?.writeScope;
    const authorizationScopes = machine ? [machine.writeScope] : props.authorizationScopes;
    const authorizer = createAuthorizer(this, this.userPool, this.userPoolClient, authorizationScopes !== undefined);
    this.authorizer = authorizer;

    const solution = withoutOverrideWarnings(() => new ApiGatewayToKinesisStreams(this, 'Api', {
      // The core stream, so the Solutions Construct creates none (it would in the parent scope),
      // seen through a view that grants PutRecord/PutRecords only (see putOnlyView).
      existingStreamObj: putOnlyView(this.stream) as kinesis.Stream,
      apiGatewayProps: {
        restApiName: Names.uniqueResourceName(this, { maxLength: 255 }),
        description: `Puts records on Kinesis stream ${this.node.path}`,
        endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
        // The account setting is made once per stack (ApiGatewayAccountSetting), not per API.
        cloudWatchRole: false,
        deployOptions: {
          stageName: settings.stageName,
          accessLogFormat: apigateway.AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
          loggingLevel: settings.loggingLevel,
          dataTraceEnabled: false,
          metricsEnabled: false,
          tracingEnabled: true,
          throttlingRateLimit: settings.throttlingRateLimit,
          throttlingBurstLimit: settings.throttlingBurstLimit,
        },
        defaultMethodOptions: {
          authorizationType: apigateway.AuthorizationType.COGNITO,
          authorizer: this.authorizer,
          authorizationScopes,
          apiKeyRequired: props.apiKeyRequired === true,
        },
      },
      logGroupProps: { retention: DEFAULT_LOG_RETENTION, removalPolicy, ...props.accessLogGroupProps },
      putRecordRequestTemplate: PUT_RECORD_REQUEST_TEMPLATE,
      putRecordRequestModel: putRecordModelOptions(),
      putRecordIntegrationResponses: integrationResponses(PUT_RECORD_SUCCESS_TEMPLATE),
      putRecordsRequestTemplate: PUT_RECORDS_REQUEST_TEMPLATE,
      putRecordsRequestModel: putRecordsModelOptions(),
      putRecordsIntegrationResponses: integrationResponses(PUT_RECORDS_RESULT_TEMPLATE),
      // Its two stream alarms have no dimensions (they never fire); the pattern makes its own.
      createCloudWatchAlarms: false,
    }));
    const api = solution.apiGateway;
    this.api = api;
    this.stage = api.deploymentStage;
    this.url = api.url;
    this.integrationRole = solution.apiGatewayRole;
    this.accessLogGroup = solution.apiGatewayLogGroup;
    this.accountCloudWatchRole = this.setAccountRoleBeforeTheStage(settings.createAccountCloudWatchRole);

    addMethodResponses(api);
    requireAuthorizationHeader(api);
    // Set on the authorizer's L1, which the deployment does not hash: a later change must still redeploy the stage.
    api.latestDeployment?.addToLogicalId({
      identityValidationExpression: (authorizer.node.defaultChild as apigateway.CfnAuthorizer).identityValidationExpression,
    });
    // TLS 1.2 or later on the default execute-api endpoint (a regional REST API negotiates TLS 1.0 otherwise).
    (api.node.defaultChild as apigateway.CfnRestApi).securityPolicy = TLS_SECURITY_POLICY;
    // A body that fails its model: 400 with a JSON body that names the request (the reason is in the access log).
    api.addGatewayResponse('BadRequestBody', {
      type: apigateway.ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      templates: { 'application/json': BAD_REQUEST_BODY_TEMPLATE },
    });
    this.usagePlan = replaceUsagePlan(api, props);
    const webAclArn = props.producerRateLimit !== undefined ? createProducerRateLimit(this, props.producerRateLimit).attrArn : props.webAclArn;
    if (webAclArn) {
      // stageArn refers to the stage, so the association waits for it.
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.stage.stageArn, webAclArn });
    }
    this.acknowledgeNagFindings(props, settings.loggingLevel);

    countThrottledRequests(this, this.accessLogGroup);
    addApiAlarms(monitoring, this, settings);
    if (props.incomingBytesAlarmThreshold) {
      addIncomingBytesBudgetAlarm(monitoring, this, props.incomingBytesAlarmThreshold);
    }
    addStreamAlarmsOnce(monitoring, this, this);
    addApiWidgets(monitoring, this);
    addStreamWidgets(monitoring, this);
    if (props.enhancedMonitoring) {
      addShardWidgets(monitoring, this);
    }
    this.alarms = monitoring.alarms;
    this.dashboard = monitoring.dashboardFor(this, 'Dashboard', validator, props, `API Gateway -> Kinesis: ${this.node.path}`);
  }

  /**
   * Requests the stage received (`Count`).
   *
   * @default - sum over 1 minute
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricCount({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Requests answered with a 4xx status (`4XXError`); its average is the share of such requests,
   * which the client error alarm watches over 5 minutes.
   *
   * @default - sum over 1 minute
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricClientError({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Requests answered with a 5xx status (`5XXError`).
   *
   * @default - sum over 1 minute
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricServerError({ statistic: cloudwatch.Stats.SUM, period: MINUTE, ...props });
  }

  /**
   * Time from request to response, in milliseconds (`Latency`).
   *
   * @default - p99 over 1 minute
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricLatency({ statistic: cloudwatch.Stats.p(99), period: MINUTE, ...props });
  }

  /**
   * Time Kinesis took to answer, in milliseconds (`IntegrationLatency`).
   *
   * @default - p99 over 1 minute
   */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricIntegrationLatency({ statistic: cloudwatch.Stats.p(99), period: MINUTE, ...props });
  }

  /**
   * Requests answered 429, by the stage's throttling or because Kinesis throttled them
   * (`ThrottledRequests` in namespace `CdkStreamingDataPatterns/IngestApi`, dimensions `ApiId` and
   * `Stage`): counted from the access log by the pattern's metric filter, as API Gateway has no
   * metric of its own for them.
   *
   * @default - sum over 1 minute
   */
  public metricThrottledRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return throttledRequestsMetric(this.stage, props);
  }

  /**
   * API Gateway refuses a stage with access logging until the account's CloudWatch Logs role is set
   * in the region, so the stage waits for the account setting; without it, synth warns that a first
   * deploy in a fresh account or region fails.
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
   */
  private setAccountRoleBeforeTheStage(createAccountCloudWatchRole: boolean): iam.IRole | undefined {
    if (!createAccountCloudWatchRole) {
      Annotations.of(this).addWarningV2('cdk-streaming-data-patterns:noAccountCloudWatchRole',
        'createAccountCloudWatchRole is false: the stage\'s access logging needs the API Gateway CloudWatch Logs role of the account in this region '
        + '(aws apigateway get-account shows cloudwatchRoleArn), and the deploy fails ("CloudWatch Logs role ARN must be set in account settings") '
        + 'where none is set. Acknowledge this warning if the account sets it.');
      return undefined;
    }
    const setting = ApiGatewayAccountSetting.of(this);
    this.stage.node.addDependency(setting.account);
    return setting.role;
  }

  private acknowledgeNagFindings(props: KinesisIngestApiProps, loggingLevel: apigateway.MethodLoggingLevel): void {
    const stage = this.stage;
    if (loggingLevel === apigateway.MethodLoggingLevel.OFF) {
      acknowledgeNagRule(stage, {
        ruleId: 'AwsSolutions-APIG6',
        reason: 'JSON access logs record every request; execution logging (API Gateway\'s own, verbose log of each request) is off by default '
          + 'for its cost and volume. Turn it on with loggingLevel.',
      });
    }
    if (!props.webAclArn && props.producerRateLimit === undefined) {
      acknowledgeNagRule(stage, {
        ruleId: 'AwsSolutions-APIG3',
        reason: 'Every method needs a Cognito bearer token and the stage is throttled; a WAF web ACL is billed per ACL and rule, so it is '
          + 'optional: give webAclArn to associate one.',
      });
    }
  }
}

/**
 * The Solutions Construct gives each method the responses 200 and 500 only and has no prop for
 * more; the 400 and 429 the integration responses select or override to are added here.
 */
function addMethodResponses(api: apigateway.RestApi): void {
  for (const path of Object.values(SOLUTION_RESOURCES)) {
    const method = api.root.getResource(path)?.node.tryFindChild('POST');
    if (!(method instanceof apigateway.Method)) {
      throw new Error(`The Solutions Construct did not create POST /${path} as expected.`);
    }
    for (const statusCode of RESPONSE_STATUS_CODES.filter((code) => code !== '200' && code !== '500')) {
      method.addMethodResponse({ statusCode, responseParameters: { 'method.response.header.Content-Type': true } });
    }
  }
}

/**
 * Request validation of parameters (cdk-nag APIG2 asks for it with the bodies'): both methods
 * declare the one parameter they take, the required `Authorization` header the authorizer reads,
 * so that the validator has something to check. The Solutions Construct's validator checks
 * bodies only and has no prop for parameters.
 */
function requireAuthorizationHeader(api: apigateway.RestApi): void {
  const validator = api.node.tryFindChild('request-validator')?.node.defaultChild;
  if (!(validator instanceof apigateway.CfnRequestValidator)) {
    throw new Error('The Solutions Construct did not create its request validator as expected.');
  }
  validator.validateRequestParameters = true;
  const requestParameters = { 'method.request.header.Authorization': true };
  for (const path of Object.values(SOLUTION_RESOURCES)) {
    const method = api.root.getResource(path)?.node.tryFindChild('POST') as apigateway.Method;
    (method.node.defaultChild as apigateway.CfnMethod).requestParameters = requestParameters;
  }
  // Set on the L1 after the method hashed its own settings: a later change must still redeploy the stage.
  api.latestDeployment?.addToLogicalId({ requestParameters });
}

/**
 * The Solutions Construct always adds a usage plan without limits (and an API key when keys are
 * required) and has no usage-plan prop: the pattern removes both and adds its own usage plan only
 * when asked, with the user's settings and no key (add keys with `usagePlan.addApiKey()`).
 */
function replaceUsagePlan(api: apigateway.RestApi, props: KinesisIngestApiProps): apigateway.UsagePlan | undefined {
  api.node.tryRemoveChild('UsagePlan');
  api.node.tryRemoveChild('ApiKey');
  if (!props.usagePlanProps && props.apiKeyRequired !== true) {
    return undefined;
  }
  return api.addUsagePlan('IngestUsagePlan', {
    ...props.usagePlanProps,
    apiStages: [{ api, stage: api.deploymentStage }],
  });
}

/**
 * The Cognito authorizer of both methods. Without `authorizationScopes` it takes ID tokens, whose
 * `aud` is the app client they were issued to: API Gateway matches `aud` against the identity
 * validation expression, so only tokens of the pattern's client are accepted, not those of another
 * client of the same pool (with `existingUserPool`, a pool shared with other apps). With
 * `authorizationScopes` it takes access tokens (they have no `aud`), and the scopes decide. Results
 * are cached 60 seconds: with 15-minute tokens, a disabled producer is refused within about 16.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html (identityValidationExpression)
 */
function createAuthorizer(
  scope: Construct,
  pool: cognito.IUserPool,
  client: cognito.IUserPoolClient,
  scoped: boolean,
): apigateway.CognitoUserPoolsAuthorizer {
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(scope, 'Authorizer', {
    cognitoUserPools: [pool],
    identitySource: apigateway.IdentitySource.header('Authorization'),
    resultsCacheTtl: AUTHORIZER_CACHE_TTL,
  });
  if (!scoped) {
    (authorizer.node.defaultChild as apigateway.CfnAuthorizer).identityValidationExpression = Fn.join('', ['^', client.userPoolClientId, '$']);
  }
  return authorizer;
}
