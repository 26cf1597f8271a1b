/**
 * Every Keras file of the interop corpus loads and predicts within 1e-4 of the independent
 * NumPy reference (scripts/keras_reference.py), k6 (Conv2DTranspose) included.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { fixtureJson, flatOutputs, maxAbsDiff, type Nested, predictNested } from './helpers.js';

const REF = 'test/fixtures/keras-reference';
const TOL = 1e-4;

interface Reference {
  file: string;
  inputs: Nested;
  outputs: Nested[];
}

const cases = readdirSync(REF)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), ref: fixtureJson<Reference>(join(REF, f)) }));

describe('Keras corpus', () => {
  test('the reference covers the corpus', () => {
    expect(cases.map((c) => c.name.split('_')[0]).sort()).toEqual([
      'k10',
      'k11',
      'k12',
      'k4',
      'k5',
      'k6',
      'k7',
      'k8',
      'k9',
    ]);
  });

  for (const { name, ref } of cases) {
    test(`${name} loads and predicts like the NumPy reference`, async () => {
      const model = await nn.loadModel(ref.file);
      const got = predictNested(model, [ref.inputs]);
      const want = flatOutputs(ref.outputs);
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => expect(maxAbsDiff(g, want[i]!)).toBeLessThan(TOL));
    });
  }
});
