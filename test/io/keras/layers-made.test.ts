/**
 * Keras-written files with the issue-17 layers (test/fixtures/keras-made/{misc,rnn,layers2},
 * made by real Keras 3.16 with scripts/keras_make_misc.py, keras_make_rnn.py and
 * keras_make_layers2.py): each loads and predicts what Keras predicted (within 1e-4), and a
 * file whose graph calls a layer with an option Neurite's graph cannot record is refused.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { ModelIOError } from '../../../src/io/model-io-error.js';
import { fixtureJson, flatOutputs, maxAbsDiff, type Nested, predictNested } from './helpers.js';

interface Made {
  inputs: Nested[];
  outputs: Nested[];
}

const DIRS = ['misc', 'rnn', 'layers2'].map((d) => `test/fixtures/keras-made/${d}`);
/** Files refused on purpose (see the refusal tests below). */
const REFUSED = new Set(['mha_causal']);

const files = DIRS.filter(existsSync).flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ dir, name: f.replace(/\.json$/, '') }))
    .filter((f) => !REFUSED.has(f.name)),
);

describe('Keras-written files with the new layers', () => {
  test('the fixtures are there', () => expect(files.length).toBeGreaterThanOrEqual(8));
  for (const { dir, name } of files) {
    for (const ext of ['keras', 'h5']) {
      const path = join(dir, `${name}.${ext}`);
      if (!existsSync(path)) continue;
      test(`${name}.${ext} predicts what Keras predicted`, async () => {
        const m = fixtureJson<Made>(join(dir, `${name}.json`));
        const model = await nn.loadModel(path);
        const got = predictNested(model, m.inputs);
        const want = flatOutputs(m.outputs);
        expect(got.length).toBe(want.length);
        got.forEach((g, i) => expect(maxAbsDiff(g, want[i]!)).toBeLessThan(1e-4));
      });
    }
  }

  test('a graph calling a layer with a result-changing option (use_causal_mask) is refused', async () => {
    const err = await nn.loadModel(`${DIRS[0]!}/mha_causal.keras`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelIOError);
    expect(String(err)).toMatch(
      /layer "self_att" \(MultiHeadAttention\) is called with use_causal_mask=true in the model's graph/,
    );
  });
});
