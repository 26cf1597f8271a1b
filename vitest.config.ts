import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests and examples import 'neurite'; run them against the sources, not a stale build.
    alias: [
      {
        find: /^neurite\/tfjs$/,
        replacement: fileURLToPath(new URL('./src/tfjs/index.ts', import.meta.url)),
      },
      {
        find: /^neurite\/plots$/,
        replacement: fileURLToPath(new URL('./src/plots/index.ts', import.meta.url)),
      },
      { find: /^neurite$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // global.gc for the memory tests (test/data/memory.test.ts), which measure what stays
    // after a collection rather than when V8 happens to collect.
    execArgv: ['--expose-gc'],
  },
});
