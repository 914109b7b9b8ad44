// The response side of the API: what a client is told. Kinesis answers an AWS integration with
// 200 (PutRecords even when some records failed), 400 with a `__type` for every error of its own
// or of KMS, and 5xx for internal failures. The integration responses below pick by that HTTP
// status (for an AWS integration the selection pattern matches the status, not the error type);
// their VTL templates then read the body and set `$context.responseOverride.status`, so the
// client gets 429 when it should slow down, 400 when its request is wrong, and 500 when the
// stream or its key is broken: never a 2xx for a record that was not stored.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { KINESIS_LIMITS } from './request-models';

/** The status codes the methods answer with. */
export const RESPONSE_STATUS_CODES = ['200', '400', '429', '500'];

const JSON_CONTENT_TYPE = { 'method.response.header.Content-Type': "'application/json'" };

/**
 * Kinesis (and KMS, through Kinesis) error types that mean "slow down and retry": answered 429.
 * Matched as substrings of `__type`, which may carry a namespace prefix.
 */
export const THROTTLING_ERROR_TYPES = ['ProvisionedThroughputExceeded', 'Throttling', 'LimitExceeded'];

/**
 * Kinesis error types caused by the request itself (a record too large, a bad partition key):
 * answered 400. Every other 4xx error of Kinesis (stream not found, access denied, a KMS key
 * disabled or not usable) is a fault of the deployment, not of the client: answered 500.
 */
export const CLIENT_ERROR_TYPES = ['InvalidArgument', 'Validation', 'SerializationException'];

function containsAny(variable: string, fragments: string[]): string {
  return fragments.map((fragment) => `${variable}.contains('${fragment}')`).join(' || ');
}

/**
 * The template for a Kinesis 4xx: the status follows the error type, the body names it and the
 * request, never Kinesis's message (it names the account, the role, the stream and the shard).
 * `$context.responseOverride.status` replaces the integration response's 400.
 */
export const KINESIS_CLIENT_ERROR_TEMPLATE = [
  "#set($type = \"$!input.path('$.__type')\")",
  `#if(${containsAny('$type', THROTTLING_ERROR_TYPES)})`,
  '#set($context.responseOverride.status = 429)',
  `#elseif(${containsAny('$type', CLIENT_ERROR_TYPES)})`,
  '#set($context.responseOverride.status = 400)',
  '#else',
  '#set($context.responseOverride.status = 500)',
  '#end',
  '{',
  '  "message": "Kinesis did not store the record(s).",',
  '  "errorType": "$!util.escapeJavaScript($type)",',
  '  "requestId": "$context.requestId"',
  '}',
].join('\n');

/** The template for a Kinesis 5xx: answered 500 with the error type, nothing stored. */
export const KINESIS_SERVER_ERROR_TEMPLATE = [
  '{',
  '  "message": "Kinesis failed; the record(s) may not be stored. Retry with the same partition key.",',
  "  \"errorType\": \"$!util.escapeJavaScript($input.path('$.__type'))\",",
  '  "requestId": "$context.requestId"',
  '}',
].join('\n');

/** PutRecord stored the record: its shard and sequence number. */
export const PUT_RECORD_SUCCESS_TEMPLATE = [
  '{',
  "  \"shardId\": \"$!input.path('$.ShardId')\",",
  "  \"sequenceNumber\": \"$!input.path('$.SequenceNumber')\",",
  '  "requestId": "$context.requestId"',
  '}',
].join('\n');

/**
 * PutRecords answered 200: when `FailedRecordCount` is above 0 the status becomes 429 if every
 * failed record was throttled (retry those records), 500 otherwise. The body always lists every
 * record in request order, with its shard and sequence number or its error code (not Kinesis's
 * message, which names the account, the stream and the shard), so the client retries exactly the
 * failed ones.
 */
export const PUT_RECORDS_RESULT_TEMPLATE = [
  "#set($failed = $input.path('$.FailedRecordCount'))",
  '#set($throttledOnly = true)',
  "#foreach($record in $input.path('$.Records'))",
  `#if($record.ErrorCode && !(${containsAny('$record.ErrorCode', THROTTLING_ERROR_TYPES)}))`,
  '#set($throttledOnly = false)',
  '#end',
  '#end',
  '#if($failed > 0)',
  '#if($throttledOnly)',
  '#set($context.responseOverride.status = 429)',
  '#else',
  '#set($context.responseOverride.status = 500)',
  '#end',
  '#end',
  '{',
  '  "failedRecordCount": $failed,',
  '  "records": [',
  "#foreach($record in $input.path('$.Records'))",
  '#if($record.ErrorCode)',
  '    { "errorCode": "$!util.escapeJavaScript($record.ErrorCode)" }#if($foreach.hasNext),#end',
  '#else',
  '    { "shardId": "$record.ShardId", "sequenceNumber": "$record.SequenceNumber" }#if($foreach.hasNext),#end',
  '#end',
  '#end',
  '  ],',
  '  "requestId": "$context.requestId"',
  '}',
].join('\n');

function integrationResponse(statusCode: string, template: string, selectionPattern?: string): apigateway.IntegrationResponse {
  return {
    statusCode,
    ...(selectionPattern ? { selectionPattern } : {}),
    responseParameters: JSON_CONTENT_TYPE,
    responseTemplates: { 'application/json': template },
  };
}

/**
 * The integration responses of one method: the default (Kinesis 2xx) with `successTemplate`,
 * Kinesis 4xx with the error-type mapping, Kinesis 5xx as 500.
 */
export function integrationResponses(successTemplate: string): apigateway.IntegrationResponse[] {
  return [
    integrationResponse('200', successTemplate),
    integrationResponse('400', KINESIS_CLIENT_ERROR_TEMPLATE, '4\\d{2}'),
    integrationResponse('500', KINESIS_SERVER_ERROR_TEMPLATE, '5\\d{2}'),
  ];
}

/**
 * The body of the gateway response to a request body that fails its model: 400, never sent to
 * Kinesis, valid JSON. Gateway response templates are not VTL, only variable substitution, and
 * `$context.error.validationErrorString` holds quotes that would break the JSON it is put in: the
 * body states the rules a producer can check itself, the exact validation error goes to the
 * access log (`validationError`), found by the request id given here.
 */
export const BAD_REQUEST_BODY_TEMPLATE = JSON.stringify({
  message: 'The request body does not match the API\'s model; the exact reason is in the API\'s access log under this requestId.',
  rules: `Each record is {"partitionKey": 1 to ${KINESIS_LIMITS.maxPartitionKeyLength} characters, "data": any JSON value but null}`
    + ` with no other property; POST /records takes {"records": [1 to ${KINESIS_LIMITS.maxRecordsPerRequest} records]}.`,
  requestId: '$context.requestId',
});
