/**
 * The core, `import * as nn from 'neurite'`, bundled for a browser as an application would
 * bundle it: no chart engine, no native module, no CLI library in it. The figures live in
 * `neurite/plots`, whose packages are optional peers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { bundleCore } from '../../scripts/core-bundle.mjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  exports: Record<string, unknown>;
  files: string[];
};

describe('the core package', () => {
  test('a browser bundle of the core pulls in no vega, no resvg, no CLI library', async () => {
    const report = await bundleCore();
    const packages = report.inputs.filter((i) => i.includes('node_modules/'));
    for (const heavy of ['vega', '@resvg', 'commander', 'fast-png']) {
      expect(packages.filter((p) => p.includes(`node_modules/${heavy}`))).toEqual([]);
    }
    expect(report.inputs.some((i) => i.includes('src/plots/'))).toBe(false);
    expect(report.inputs.some((i) => i.includes('src/cli/'))).toBe(false);
    // The numbers the README states, loosely: the core stays well under a megabyte.
    expect(report.totalBytes).toBeLessThan(1024 * 1024);
    expect(report.entryBytes).toBeGreaterThan(0);
  }, 60_000);

  test('the figures and the native PNG renderer are optional peers, not dependencies', () => {
    for (const name of ['vega', 'vega-lite', '@resvg/resvg-js']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.peerDependenciesMeta[name]?.optional).toBe(true);
    }
    expect(Object.keys(pkg.exports)).toContain('./plots');
  });

  test('the published files leave the data sets out (they download on first use)', () => {
    expect(pkg.files).not.toContain('data');
  });
});
