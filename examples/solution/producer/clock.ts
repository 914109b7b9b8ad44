/**
 * Time as the producer sees it. Injected so that tests run on a virtual clock: the pacing and
 * token-expiry decisions are then exact, not timing-dependent.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds (at once when `ms` is 0 or less). */
  sleep(ms: number): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
