/**
 * Preloaded by bench/train-rss.ts into `neurite train` (node --import ./bench/rss-hook.mjs …):
 * when the process exits, writes its peak resident set size (KiB) and the V8 memory split
 * at exit (bytes: heapUsed, external, arrayBuffers) as JSON to the file named by
 * NEURITE_BENCH_RSS_FILE. The command itself runs unchanged.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.NEURITE_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const { heapUsed, external, arrayBuffers } = process.memoryUsage();
    const maxRssKiB = process.resourceUsage().maxRSS;
    writeFileSync(file, JSON.stringify({ maxRssKiB, heapUsed, external, arrayBuffers }));
  });
}
