/**
 * The core, `import * as nn from 'neurite'`, bundled for a browser as an application would
 * bundle it: no chart engine, no native module, no CLI library in it. The figures live in
 * `neurite/plots`, whose packages are optional peers. What a page loads at start-up stays
 * under a megabyte; h5wasm (the HDF5 library with its WebAssembly embedded, ~5 MB) sits in
 * chunks reached only through a dynamic import(), loaded when a Keras file is read or written.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { bundleCore, type CoreBundleReport } from '../../scripts/core-bundle.mjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: boolean }>;
  exports: Record<string, unknown>;
  files: string[];
};

/**
 * Packages the page must load only on demand. protobufjs (ONNX, ~100 KiB) is imported
 * statically today and so loads at start-up; list it here once it sits behind import().
 */
const LAZY_PACKAGES = ['h5wasm'];

describe('the core package', () => {
  let report: CoreBundleReport;
  beforeAll(async () => {
    report = await bundleCore();
  }, 60_000);

  test('a browser bundle of the core pulls in no vega, no resvg, no CLI library', () => {
    const packages = report.inputs.filter((i) => i.includes('node_modules/'));
    for (const heavy of ['vega', '@resvg', 'commander', 'fast-png']) {
      expect(packages.filter((p) => p.includes(`node_modules/${heavy}`))).toEqual([]);
    }
    expect(report.inputs.some((i) => i.includes('src/plots/'))).toBe(false);
    expect(report.inputs.some((i) => i.includes('src/cli/'))).toBe(false);
    expect(report.inputs.some((i) => /\.node$/.test(i))).toBe(false);
  });

  test('what a page loads at start-up (the entry chunk and its static imports) stays under 1 MiB', () => {
    expect(report.entryBytes).toBeGreaterThan(0);
    expect(report.entryBytes).toBe(
      report.chunks.filter((c) => c.eager).reduce((s, c) => s + c.bytes, 0),
    );
    expect(report.entryBytes).toBeLessThan(1024 * 1024);
  });

  test('h5wasm is bundled, only in chunks a page loads through a dynamic import()', () => {
    for (const name of LAZY_PACKAGES) {
      const holding = report.chunks.filter((c) => c.packages.includes(name));
      expect(holding.length, name).toBeGreaterThan(0);
      for (const chunk of holding) {
        expect(chunk.eager, `${name} in ${chunk.file}`).toBe(false);
        expect(chunk.dynamicallyImported, `${name} in ${chunk.file}`).toBe(true);
      }
    }
    // It is the bulk of the bundle (its WebAssembly is embedded as base64).
    const h5 = report.chunks.filter((c) => c.packages.includes('h5wasm'));
    expect(h5.reduce((s, c) => s + c.bytes, 0)).toBeGreaterThan(report.entryBytes);
  });

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
