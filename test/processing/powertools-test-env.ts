/**
 * Import first (before the handler) in handler tests: silences Powertools logs and EMF output for
 * this test file only, and restores the variables afterwards. Jest gives each test file its own
 * copy of process.env, so nothing leaks across files either way.
 */
const SILENCED: Record<string, string> = {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

const previous = Object.fromEntries(Object.keys(SILENCED).map((key) => [key, process.env[key]]));
Object.assign(process.env, SILENCED);

afterAll(() => {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) {
      delete process.env[key];
    } else {
      process.env[key] = value;
    }
  }
});
