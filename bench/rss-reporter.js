// Preloaded into every measured process (node --require): at exit, writes the process's peak
// resident set size (KiB) to the file named by BENCH_RSS_FILE.
const { writeFileSync } = require('fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) {
    writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKib: process.resourceUsage().maxRSS }));
  }
});
