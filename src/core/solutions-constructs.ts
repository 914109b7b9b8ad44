/**
 * Runs `build` with the Solutions Constructs' console warnings about overridden defaults turned
 * off: the overrides are the pattern's deliberate choices (KMS instead of SSE-S3, 3 retries
 * instead of 500...), not something its users did, and would print on every synth. The setting
 * is restored right after.
 */
export function withoutOverrideWarnings<T>(build: () => T): T {
  const previous = process.env.overrideWarningsEnabled;
  process.env.overrideWarningsEnabled = 'false';
  try {
    return build();
  } finally {
    if (previous === undefined) {
      delete process.env.overrideWarningsEnabled;
    } else {
      process.env.overrideWarningsEnabled = previous;
    }
  }
}
