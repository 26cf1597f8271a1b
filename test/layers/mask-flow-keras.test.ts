/**
 * How masks flow through a model, against real Keras 3 (test/fixtures/keras-made/masks,
 * made by scripts/keras_make_masks.py): each `.keras` file loads in Neurite and predicts
 * what Keras predicted. The padding in the inputs changes the outputs only where masks
 * pass through Dense, Dropout, normalization, activation, noise and regularization layers
 * (Keras's `supports_masking`), combine as the OR of the inputs' masks in merge layers,
 * become MultiHeadAttention's attention mask, and make GlobalAveragePooling1D's mean.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

const DIR = 'test/fixtures/keras-made/masks';
interface Fixture {
  inputs: number[][][];
  outputs: number[][][];
}

async function check(name: string): Promise<number> {
  const fx = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as Fixture;
  const model = await nn.loadModel(`${DIR}/${name}.keras`);
  const xs = fx.inputs.map((x) => nn.tensor(x, undefined, 'int32'));
  const y = model.predict(xs.length === 1 ? xs[0]! : xs);
  const got = y.dataSync();
  const want = fx.outputs[0]!.flat();
  expect(got.length).toBe(want.length);
  const diff = Math.max(...want.map((v, i) => Math.abs(v - got[i]!)));
  nn.dispose([...xs, y]);
  model.dispose();
  return diff;
}

describe('masks flow through models as in Keras 3', () => {
  test('an Embedding(mask_zero) mask passes through Dense, Dropout, LayerNormalization, BatchNormalization, activations, noise, ActivityRegularization and Rescaling into an LSTM', async () => {
    expect(await check('through_layers')).toBeLessThan(1e-5);
  });

  test('merge layers OR their inputs’ masks; MultiHeadAttention and GlobalAveragePooling1D use the mask', async () => {
    expect(await check('merges')).toBeLessThan(1e-5);
  });
});
