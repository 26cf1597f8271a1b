/**
 * Keras-written files with every layers-conv layer (scripts/keras_make_conv.py, real Keras
 * 3.16, numpy backend) load in Neurite and predict what Keras predicted, within 1e-4.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  fixtureJson,
  flatOutputs,
  maxAbsDiff,
  type Nested,
  predictNested,
} from '../io/keras/helpers.js';

async function check(name: string): Promise<void> {
  const ref = fixtureJson<{ file: string; inputs: Nested[]; outputs: Nested[] }>(
    `test/fixtures/keras-made/conv/${name}.json`,
  );
  const model = await nn.loadModel(ref.file);
  const got = predictNested(model, ref.inputs);
  const want = flatOutputs(ref.outputs);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(maxAbsDiff(g, want[i]!)).toBeLessThan(1e-4));
}

describe('Keras 3 files with the convolution layers of issue 17', () => {
  test.each(['conv1d', 'conv2d'])('%s.keras predicts as Keras did', check);

  // The Keras reader (src/io/deserialize.ts CLASS_FIXES.Conv2D) still refuses groups > 1;
  // enable once that entry is removed (Conv2D validates groups itself now).
  test('conv2d_groups.keras (Conv2D groups 2) predicts as Keras did', () => check('conv2d_groups'));
});
