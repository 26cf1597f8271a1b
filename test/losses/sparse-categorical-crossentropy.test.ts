/**
 * sparseCategoricalCrossentropy. Keras values: keras/src/losses/losses_test.py,
 * SparseCategoricalCrossentropyTest.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { value, values } from './reference.js';

const yPred = [
  [0.9, 0.05, 0.05],
  [0.5, 0.89, 0.6],
  [0.05, 0.01, 0.94],
];
const logits = [
  [8, 1, 1],
  [0, 9, 1],
  [2, 3, 5],
];

describe('sparseCategoricalCrossentropy', () => {
  test('Keras values, labels of shape [N] and [N, 1]', () => {
    const scce = losses.sparseCategoricalCrossentropy();
    const lscce = losses.sparseCategoricalCrossentropy({ fromLogits: true });
    expect(value(scce([0, 1, 2], yPred))).toBeCloseTo(0.3239, 3);
    expect(value(lscce([0, 1, 2], logits))).toBeCloseTo(0.0573, 3);
    expect(value(scce([[0], [1], [2]], yPred, 2.3))).toBeCloseTo(0.7449, 3);
    expect(value(lscce([[0], [1], [2]], logits, 2.3))).toBeCloseTo(0.1317, 3);
    expect(value(scce([[0], [1], [2]], yPred, [[1.2], [3.4], [5.6]]))).toBeCloseTo(1.0696, 3);
    expect(value(lscce([[0], [1], [2]], logits, [[1.2], [3.4], [5.6]]))).toBeCloseTo(0.31829, 3);
    const none = values(
      losses.sparseCategoricalCrossentropy({ fromLogits: true, reduction: 'none' })(
        [[0], [1], [2]],
        logits,
      ),
    );
    [0.001822, 0.000459, 0.169846].forEach((v, i) => expect(none[i]).toBeCloseTo(v, 5));
  });

  test('equals categoricalCrossentropy on the one-hot labels (int32, float32 labels)', () => {
    const labels = nn.tensor([2, 0, 1], undefined, 'int32');
    const oneHot = [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ];
    const z = [
      [0.3, -1.2, 2.1],
      [0.8, -0.4, -2.5],
      [1, 2, 0.5],
    ];
    const a = value(losses.sparseCategoricalCrossentropy({ fromLogits: true })(labels, z));
    expect(a).toBeCloseTo(
      value(losses.categoricalCrossentropy({ fromLogits: true })(oneHot, z)),
      6,
    );
    expect(
      value(losses.sparseCategoricalCrossentropy({ fromLogits: true })([2.0, 0.0, 1.0], z)),
    ).toBeCloseTo(a, 6);
    labels.dispose();
  });

  test('ignoreClass zeroes those positions and leaves them out of the mean (Keras test_ignore_class)', () => {
    const z = [
      [
        [0.854, 0.698, 0.598],
        [0.088, 0.86, 0.018],
      ],
    ];
    const none = losses.sparseCategoricalCrossentropy({
      fromLogits: true,
      ignoreClass: -1,
      reduction: 'none',
    });
    const a = values(none([[-1, 2]], z));
    expect(a[0]).toBe(0);
    expect(a[1]).toBeCloseTo(1.480129, 5);
    const b = values(none([[[-1], [2]]], z));
    expect(b[1]).toBeCloseTo(1.480129, 5);
    // The default reduction averages over the one valid position only.
    const mean = losses.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
    expect(value(mean([[-1, 2]], z))).toBeCloseTo(1.480129, 5);
    expect(value(mean([[-1, -1]], z))).toBe(0);
  });

  test('ignoreClass with per-sample weights on per-position labels', () => {
    // Three sequences of two positions, one position ignored, one weight per sequence
    // (weights [3] do not broadcast against [3,2] from the right, so they apply per row).
    const z = [
      [
        [0.854, 0.698, 0.598],
        [0.088, 0.86, 0.018],
      ],
      [
        [0.2, 0.1, 0.3],
        [1.5, -0.5, 0.25],
      ],
      [
        [-1, 0.5, 2],
        [0.3, 0.3, 0.1],
      ],
    ];
    const labels = [
      [-1, 2],
      [0, 1],
      [2, 0],
    ];
    const w = [2, 0.5, 1];
    const ce = (row: number[], k: number): number => {
      const m = Math.max(...row);
      return -(row[k]! - m - Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)));
    };
    let sum = 0;
    labels.forEach((row, i) =>
      row.forEach((k, j) => {
        if (k !== -1) sum += w[i]! * ce(z[i]![j]!, k);
      }),
    );
    // The mask weighs the 5 valid positions by 6/5; the sum is divided by all 6 positions.
    const scce = losses.sparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
    expect(value(scce(labels, z, w))).toBeCloseTo(((6 / 5) * sum) / 6, 5);
  });

  test('labels out of range: a clear error naming the loss, the label and the range', () => {
    const scce = losses.sparseCategoricalCrossentropy();
    expect(() => scce([0, 3, 1], yPred)).toThrow(
      'sparseCategoricalCrossentropy: label 3 (element 1 of yTrue) is out of range: labels must be integers in [0, 2] for yPred with 3 classes (shape [3,3])',
    );
    expect(() => scce([-1, 0, 1], yPred)).toThrow(/label -1 .* out of range/);
    expect(() => scce([0.5, 0, 1], yPred)).toThrow(/label 0.5 .* integers in \[0, 2\]/);
    expect(() =>
      scce(
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        yPred,
      ),
    ).toThrow(
      /expected yTrue of shape \[3\] .*received \[3,3\]; use categoricalCrossentropy for one-hot labels/,
    );
  });

  test('huge logits stay finite', () => {
    const v = value(
      losses.sparseCategoricalCrossentropy({ fromLogits: true })([1], [[1e30, -1e30, 0]]),
    );
    expect(Number.isFinite(v)).toBe(true);
  });

  test('gradients of both paths', () => {
    expectGradientMatches((p) => losses.sparseCategoricalCrossentropy()([0, 1, 2], p), yPred);
    expectGradientMatches(
      (z) => losses.sparseCategoricalCrossentropy({ fromLogits: true })([[2], [0], [1]], z),
      [
        [0.3, -1.2, 2.1],
        [0.8, -0.4, -2.5],
        [1, 2, 0.5],
      ],
    );
  });
});
