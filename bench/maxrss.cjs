// Preloaded into a benchmarked node process (node --require bench/maxrss.cjs ...): at exit,
// writes its peak resident set size in KiB (getrusage's ru_maxrss) to $MT_BENCH_MAXRSS_FILE.
'use strict';
const fs = require('node:fs');
const file = process.env.MT_BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // the benchmark reports n/a
    }
  });
}
