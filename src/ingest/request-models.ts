// The request side of the API: JSON-schema models that API Gateway validates every body against
// before it calls Kinesis, and the VTL request templates that turn a valid body into a
// PutRecord or PutRecords call.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/** Kinesis limits the request models enforce (Kinesis Data Streams quotas). */
export const KINESIS_LIMITS = {
  /** PutRecords takes at most 500 records per call. */
  maxRecordsPerRequest: 500,
  /** A partition key is 1 to 256 Unicode characters. */
  maxPartitionKeyLength: 256,
  /** A record payload is at most 1 MiB by default; for a string `data`, its length in characters. */
  maxDataLength: 1024 * 1024,
};

/** The properties of one record in a request body. */
function recordSchema(): apigateway.JsonSchema {
  return {
    type: apigateway.JsonSchemaType.OBJECT,
    required: ['partitionKey', 'data'],
    additionalProperties: false,
    properties: {
      partitionKey: {
        type: apigateway.JsonSchemaType.STRING,
        minLength: 1,
        maxLength: KINESIS_LIMITS.maxPartitionKeyLength,
        description: 'Records with the same partition key go to the same shard, in order.',
      },
      data: {
        // Any JSON value except null; the stream record is its JSON text. maxLength only
        // applies when it is a string (JSON Schema draft 4); Kinesis refuses a larger record
        // with a 400 the API passes on.
        not: { type: apigateway.JsonSchemaType.NULL },
        maxLength: KINESIS_LIMITS.maxDataLength,
        description: 'The record: any JSON value, stored in the stream as its JSON text.',
      },
    },
  };
}

/** The body of `POST /record`: one record. */
export function putRecordModelOptions(): apigateway.ModelOptions {
  return {
    contentType: 'application/json',
    modelName: 'PutRecordRequest',
    description: 'One record: a partition key and the data (any JSON value)',
    schema: {
      schema: apigateway.JsonSchemaVersion.DRAFT4,
      title: 'PutRecordRequest',
      ...recordSchema(),
    },
  };
}

/** The body of `POST /records`: 1 to 500 records. */
export function putRecordsModelOptions(): apigateway.ModelOptions {
  return {
    contentType: 'application/json',
    modelName: 'PutRecordsRequest',
    description: `1 to ${KINESIS_LIMITS.maxRecordsPerRequest} records, each a partition key and the data (any JSON value)`,
    schema: {
      schema: apigateway.JsonSchemaVersion.DRAFT4,
      title: 'PutRecordsRequest',
      type: apigateway.JsonSchemaType.OBJECT,
      required: ['records'],
      additionalProperties: false,
      properties: {
        records: {
          type: apigateway.JsonSchemaType.ARRAY,
          minItems: 1,
          maxItems: KINESIS_LIMITS.maxRecordsPerRequest,
          items: recordSchema(),
        },
      },
    },
  };
}

/**
 * A VTL expression that writes `value` inside a JSON string. `$util.escapeJavaScript` also
 * escapes single quotes as `\'`, which is not valid JSON, so those are put back.
 */
export function jsonString(value: string): string {
  return `$util.escapeJavaScript(${value}).replaceAll("\\\\'", "'")`;
}

/**
 * PutRecord from `{ "partitionKey": ..., "data": ... }`. `${StreamName}` is replaced with the
 * stream name by the Solutions Construct. `$input.json('$.data')` is the JSON text of `data`
 * whatever its type, so objects arrive in the stream as JSON documents.
 */
export const PUT_RECORD_REQUEST_TEMPLATE = [
  '{',
  '  "StreamName": "${StreamName}",',
  `  "PartitionKey": "${jsonString("$input.path('$.partitionKey')")}",`,
  '  "Data": "$util.base64Encode($input.json(\'$.data\'))"',
  '}',
].join('\n');

/** PutRecords from `{ "records": [{ "partitionKey": ..., "data": ... }, ...] }`, records in request order. */
export const PUT_RECORDS_REQUEST_TEMPLATE = [
  '{',
  '  "StreamName": "${StreamName}",',
  '  "Records": [',
  '#foreach($record in $input.path(\'$.records\'))',
  '    {',
  `      "PartitionKey": "${jsonString('$record.partitionKey')}",`,
  '      "Data": "$util.base64Encode($input.json("$.records[$foreach.index].data"))"',
  '    }#if($foreach.hasNext),#end',
  '#end',
  '  ]',
  '}',
].join('\n');
