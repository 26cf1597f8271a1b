/**
 * The record of checking Neurite-written Keras files with real Keras 3.16
 * (fixtures/oracle-check.json; tests cannot run Python): every file loaded, predicted what
 * Keras predicted, restored the optimizer from `.keras`, and differed from the Keras-written
 * file's HDF5 tree only in the step count's int width and the string attributes' charset.
 */
import { expect, test } from 'vitest';
import { fixtureJson } from './helpers.js';

interface Check {
  model: string;
  format: 'keras' | 'h5';
  exitStatus: number;
  kerasVersion: string;
  maxAbsDiff: number;
  optimizerVariables: number;
  treeDiff: string[];
}

const { checks } = fixtureJson<{ checks: Check[] }>('test/io/keras/fixtures/oracle-check.json');

test('real Keras 3.16 loads what Neurite writes and predicts the same', () => {
  expect(checks).toHaveLength(8);
  for (const c of checks) {
    expect([c.model, c.format, c.exitStatus, c.kerasVersion]).toEqual([
      c.model,
      c.format,
      0,
      '3.16.0',
    ]);
    expect(c.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    // .keras restores Keras's optimizer variables; Keras 3's legacy .h5 loader builds none.
    if (c.format === 'keras') expect(c.optimizerVariables).toBeGreaterThan(2);
    const structural = c.treeDiff.filter(
      (d) => !/string\(utf-8, variable\).*vs string\(ascii, variable\)/.test(d),
    );
    expect(structural.every((d) => /iteration|vars\/0: dtype int64 vs int32/.test(d))).toBe(true);
  }
});

const layers = fixtureJson<{ checks: Check[] }>(
  'test/io/keras/fixtures/oracle-check-layers.json',
).checks;

test('real Keras 3.16 loads the issue-17 layers as Neurite writes them and predicts the same', () => {
  // misc (merge, mha, mha_key, noise), rnn (masked, sequence), layers2 (image, tabular), and the
  // corpus's Conv2DTranspose autoencoder (k6); both formats.
  expect(layers).toHaveLength(18);
  expect(new Set(layers.map((c) => `${c.model}.${c.format}`)).size).toBe(18);
  for (const c of layers) {
    expect([c.model, c.format, c.exitStatus, c.kerasVersion]).toEqual([
      c.model,
      c.format,
      0,
      '3.16.0',
    ]);
    expect(c.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    const structural = c.treeDiff.filter(
      (d) => !/string\(utf-8, variable\).*vs string\(ascii, variable\)/.test(d),
    );
    expect(
      structural.every((d) => /count: dtype int64 vs int32|vars\/2: dtype int64 vs int32/.test(d)),
    ).toBe(true);
  }
});
