/**
 * Losses whose host work is declared (ops/host-op.ts) compile rather than fall back: hinge's
 * 0/1 label mapping, the sums of a mask (sparse cross-entropy's ignoreClass) and of sample
 * weights ('mean_with_sample_weight'); and the float32 → int32 cast's integrality check
 * (ops/cast.ts) is one too.
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { expectSame, features, labels, mlp } from './helpers.js';

describeEachBackend('compiled steps with declared host work in the loss', () => {
  test('hinge with 0/1 labels', async () => {
    await expectSame({
      build: () => mlp([6, 8, 1]),
      compile: () => ({ optimizer: 'adam', loss: 'hinge' }),
      x: features(96, 6),
      y: () => nn.cast(nn.greater(nn.randomUniform([96, 1]), 0.5), 'float32'),
    });
  });

  test('sparse cross-entropy with ignoreClass (the mask summed on the host)', async () => {
    await expectSame({
      build: () => mlp([6, 8, 4]),
      compile: () => ({
        optimizer: 'adam',
        loss: nn.losses.sparseCategoricalCrossentropy({ ignoreClass: 2 }),
      }),
      x: features(96, 6),
      y: labels(96, 4),
      inference: false,
    });
  });

  test("'mean_with_sample_weight' with sample weights (zero-weight batches included)", async () => {
    const w = nn.concat([nn.zeros([32]), nn.randomUniform([64], 0, 2, 'float32', 5)]);
    await expectSame({
      build: () => mlp([6, 8, 2]),
      compile: () => ({
        optimizer: 'sgd',
        loss: nn.losses.meanSquaredError({ reduction: 'mean_with_sample_weight' }),
      }),
      x: features(96, 6),
      y: features(96, 2),
      fit: { sampleWeight: w, shuffle: false },
      inference: false,
    });
  });

  test('float32 labels for sparse cross-entropy (checked and converted at every replay)', async () => {
    const run = await expectSame({
      build: () => mlp([6, 8, 3]),
      compile: () => ({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' }),
      x: features(96, 6),
      y: () => nn.cast(labels(96, 3)(), 'float32'),
      inference: false,
    });
    expect(run.eager).toEqual([null, null, null]);
  });
});
