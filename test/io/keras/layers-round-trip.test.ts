/**
 * The issue-17 layers written as Keras files: every Keras-made model with them
 * (test/fixtures/keras-made/{misc,rnn,layers2}) saved by Neurite as `.keras` and `.h5` loads
 * back with exactly the same predictions. Set KERAS_OUT=<folder> to keep the written files
 * for the Keras oracle (scripts/keras_oracle_check.py; results in
 * fixtures/oracle-check-layers.json, checked by oracle-check.test.ts).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { modelToBytes } from '../../../src/io/api.js';
import { fixtureJson, type Nested, predictNested } from './helpers.js';

const DIRS = ['misc', 'rnn', 'layers2'].map((d) => `test/fixtures/keras-made/${d}`);
const REFUSED = new Set(['mha_causal']);
const OUT = process.env.KERAS_OUT;

const files = DIRS.filter(existsSync).flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.keras') && !REFUSED.has(f.replace(/\.keras$/, '')))
    .map((f) => ({ dir, name: f.replace(/\.keras$/, '') })),
);

describe('new layers: Neurite → Keras file → Neurite', () => {
  for (const { dir, name } of files) {
    for (const format of ['keras', 'h5'] as const) {
      test(`${name} as .${format} predicts exactly the same`, async () => {
        const { inputs } = fixtureJson<{ inputs: Nested[] }>(join(dir, `${name}.json`));
        const model = await nn.loadModel(join(dir, `${name}.keras`));
        const want = predictNested(model, inputs);
        const bytes = await modelToBytes(model, format);
        if (OUT) {
          mkdirSync(OUT, { recursive: true });
          writeFileSync(join(OUT, `${name}.${format}`), bytes);
        }
        const again = await nn.loadModel(bytes);
        const got = predictNested(again, inputs);
        expect(got).toEqual(want);
      });
    }
  }
});
