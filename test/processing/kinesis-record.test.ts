import type { KinesisStreamRecord } from 'aws-lambda';
import { kinesisRecord, sequenceNumber, STREAM_ARN } from './kinesis-event-fixtures';
import { decodeJsonRecord, InvalidRecordError, shardOf } from '../../src/processing/handler/kinesis-record';

describe('shardOf', () => {
  test('reads the shard id from the event id and keys it by stream', () => {
    const record = kinesisRecord({ shardId: 'shardId-000000000007', sequenceNumber: sequenceNumber(1), json: {} });
    expect(shardOf(record)).toEqual({ shardId: 'shardId-000000000007', key: `${STREAM_ARN}|shardId-000000000007` });
  });

  test.each([
    ['no separator', 'shardId-000000000007'],
    ['an empty shard id', ':4959'],
    ['no event id', undefined],
  ])('an event id with %s puts the record in the one "unknown" shard', (_name, eventID) => {
    const record = { ...kinesisRecord({ sequenceNumber: sequenceNumber(1), json: {} }), eventID } as KinesisStreamRecord;
    expect(shardOf(record)).toEqual({ shardId: 'unknown', key: `${STREAM_ARN}|unknown` });
  });
});

describe('decodeJsonRecord', () => {
  test('returns the parsed object', () => {
    const payload = { id: 'a', nested: { list: [1, 2] } };
    expect(decodeJsonRecord(kinesisRecord({ sequenceNumber: '1', json: payload }))).toEqual(payload);
  });

  test('a record without data is invalid', () => {
    const record = kinesisRecord({ sequenceNumber: '1', json: {} });
    const withoutData = { ...record, kinesis: { ...record.kinesis, data: undefined } } as unknown as KinesisStreamRecord;
    expect(() => decodeJsonRecord(withoutData)).toThrow(new InvalidRecordError('kinesis.data is missing'));
  });

  test('error messages never quote the payload', () => {
    const record = kinesisRecord({ sequenceNumber: '1', rawData: '{"password": "hunter2", oops}' });
    expect(() => decodeJsonRecord(record)).toThrow(InvalidRecordError);
    expect(() => decodeJsonRecord(record)).not.toThrow(/hunter2/);
  });
});
