/**
 * The producer's sample records: the fields the reference Flink application aggregates by default
 * (ticker, price, event_time), the ticker as partition key.
 */
import { RecordGenerator, SAMPLE_TICKERS, StockTick } from '../../examples/solution/producer/record-generator';

const NOW = Date.parse('2025-01-01T10:00:00.250Z');

describe('record generator', () => {
  test('ticks for each ticker in turn, partitioned by ticker, at the given time in UTC', () => {
    const generator = new RecordGenerator(SAMPLE_TICKERS, () => 0.5);
    const records = Array.from({ length: 6 }, () => generator.next(NOW));
    expect(records.map((record) => record.partitionKey)).toEqual(['AMZN', 'MSFT', 'GOOG', 'AAPL', 'NFLX', 'AMZN']);
    // random() 0.5 is a step of 0: the starting prices.
    expect(records[0]).toEqual({ partitionKey: 'AMZN', data: { ticker: 'AMZN', price: 185, event_time: '2025-01-01T10:00:00.250Z' } });
    expect(Object.keys(records[1].data as StockTick)).toEqual(['ticker', 'price', 'event_time']);
  });

  test('prices walk at most 0.5 % a tick, rounded to cents', () => {
    const up = new RecordGenerator({ X: 100 }, () => 1);
    expect([1, 2, 3].map(() => (up.next(NOW).data as StockTick).price)).toEqual([100.5, 101, 101.51]);
    const down = new RecordGenerator({ X: 100 }, () => 0);
    expect([1, 2].map(() => (down.next(NOW).data as StockTick).price)).toEqual([99.5, 99]);
  });

  test('a price never falls below one cent', () => {
    const down = new RecordGenerator({ X: 0.01 }, () => 0);
    expect((down.next(NOW).data as StockTick).price).toBe(0.01);
  });

  test('needs a ticker', () => {
    expect(() => new RecordGenerator({})).toThrow('RecordGenerator needs at least one ticker.');
  });
});
