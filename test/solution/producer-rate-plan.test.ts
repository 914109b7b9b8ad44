/**
 * The producer's rate plan: which second sends how many records, in which PutRecords batches.
 */
import { MAX_BATCH_SIZE, planSeconds, plannedRecordCount, splitIntoBatches } from '../../examples/solution/producer/rate-plan';

describe('rate plan', () => {
  test('a duration sends the rate every second, in full batches and the rest', () => {
    expect([...planSeconds({ rate: 1200, batchSize: 500, durationSeconds: 3 })]).toEqual([
      { second: 0, batchSizes: [500, 500, 200] },
      { second: 1, batchSizes: [500, 500, 200] },
      { second: 2, batchSizes: [500, 500, 200] },
    ]);
    expect(plannedRecordCount({ rate: 1200, batchSize: 500, durationSeconds: 3 })).toBe(3600);
  });

  test('a count sends the rate every second and the rest in the last one', () => {
    expect([...planSeconds({ rate: 1000, batchSize: 500, count: 2500 })]).toEqual([
      { second: 0, batchSizes: [500, 500] },
      { second: 1, batchSizes: [500, 500] },
      { second: 2, batchSizes: [500] },
    ]);
    expect([...planSeconds({ rate: 3, batchSize: 2, count: 7 })]).toEqual([
      { second: 0, batchSizes: [2, 1] },
      { second: 1, batchSizes: [2, 1] },
      { second: 2, batchSizes: [1] },
    ]);
    expect(plannedRecordCount({ rate: 3, batchSize: 2, count: 7 })).toBe(7);
  });

  test('the highest rate is 20 batches of 500 a second', () => {
    const [second, ...rest] = [...planSeconds({ rate: 10_000, batchSize: MAX_BATCH_SIZE, durationSeconds: 1 })];
    expect(rest).toEqual([]);
    expect(second.batchSizes).toEqual(Array(20).fill(500));
  });

  test('a rate below the batch size sends one batch a second', () => {
    expect([...planSeconds({ rate: 7, batchSize: 500, durationSeconds: 2 })]).toEqual([
      { second: 0, batchSizes: [7] },
      { second: 1, batchSizes: [7] },
    ]);
  });

  test('splitIntoBatches', () => {
    expect(splitIntoBatches(1100, 500)).toEqual([500, 500, 100]);
    expect(splitIntoBatches(1000, 500)).toEqual([500, 500]);
    expect(splitIntoBatches(1, 500)).toEqual([1]);
    expect(splitIntoBatches(0, 500)).toEqual([]);
  });

  test('needs exactly one of a duration and a count', () => {
    expect(() => [...planSeconds({ rate: 1, batchSize: 1 })]).toThrow('A rate plan needs either durationSeconds or count.');
    expect(() => [...planSeconds({ rate: 1, batchSize: 1, count: 1, durationSeconds: 1 })]).toThrow('A rate plan needs either durationSeconds or count.');
  });
});
