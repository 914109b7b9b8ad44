// Sample records for the reference solution: stock ticks whose field names are what the reference
// Flink application aggregates by default (KeyField `ticker`, ValueField `price`, TimestampField
// `event_time`), with the ticker as the partition key so each ticker's ticks stay in order.
import { IngestRecord } from './ingest-client';

/** One sample record's data. */
export interface StockTick {
  readonly ticker: string;
  /** Dollars, two decimals. */
  readonly price: number;
  /** ISO-8601 in UTC, for example `2025-01-01T10:00:00.000Z`. */
  readonly event_time: string;
}

/** The tickers and their starting prices. */
export const SAMPLE_TICKERS: Readonly<Record<string, number>> = {
  AMZN: 185,
  MSFT: 415,
  GOOG: 170,
  AAPL: 225,
  NFLX: 690,
};

/** A price never walks below this. */
const MIN_PRICE = 0.01;
/** Each tick moves the price by at most this share of it, up or down. */
const MAX_STEP = 0.005;

/**
 * Ticks for the tickers in turn (round robin, so every partition key gets the same share), each
 * price a random walk from the ticker's starting price. `random` is injected for repeatable runs.
 */
export class RecordGenerator {
  private readonly prices: Map<string, number>;
  private readonly tickers: string[];
  private nextIndex = 0;

  constructor(startPrices: Readonly<Record<string, number>> = SAMPLE_TICKERS, private readonly random: () => number = Math.random) {
    this.tickers = Object.keys(startPrices);
    if (this.tickers.length === 0) {
      throw new Error('RecordGenerator needs at least one ticker.');
    }
    this.prices = new Map(Object.entries(startPrices));
  }

  /** The next record, with `event_time` at `now` (milliseconds since the epoch). */
  public next(now: number): IngestRecord {
    const ticker = this.tickers[this.nextIndex];
    this.nextIndex = (this.nextIndex + 1) % this.tickers.length;
    const step = (this.random() * 2 - 1) * MAX_STEP;
    const price = Math.max(MIN_PRICE, Math.round(this.prices.get(ticker)! * (1 + step) * 100) / 100);
    this.prices.set(ticker, price);
    const tick: StockTick = { ticker, price, event_time: new Date(now).toISOString() };
    return { partitionKey: ticker, data: tick };
  }
}
