/** categoricalHinge. Keras values: keras/src/losses/losses_test.py, CategoricalHingeTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { value, values } from './reference.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

function reference(yt: number[][], yp: number[][]): number[] {
  return yt.map((row, i) => {
    const pos = row.reduce((s, y, j) => s + y * yp[i]![j]!, 0);
    const neg = Math.max(...row.map((y, j) => (1 - y) * yp[i]![j]!));
    return Math.max(0, neg - pos + 1);
  });
}

describe('categoricalHinge', () => {
  test('Keras values', () => {
    expect(value(losses.categoricalHinge()(yTrue, yPred))).toBeCloseTo(1.4, 5);
    expect(value(losses.categoricalHinge({ reduction: 'sum' })(yTrue, yPred))).toBeCloseTo(2.8, 5);
    const none = values(losses.categoricalHinge({ reduction: 'none' })(yTrue, yPred));
    expect(none[0]).toBeCloseTo(1.2, 5);
    expect(none[1]).toBeCloseTo(1.6, 5);
    expect(value(losses.categoricalHinge()(yTrue, yPred, [1, 0]))).toBeCloseTo(0.6, 5);
  });

  test('matches the float64 formula', () => {
    const yt = [
      [0, 0, 1],
      [1, 0, 0],
    ];
    const yp = [
      [0.2, 0.9, 0.5],
      [2.5, 0.3, 0.1],
    ];
    const r = reference(yt, yp);
    expect(value(losses.categoricalHinge()(yt, yp))).toBeCloseTo((r[0]! + r[1]!) / 2, 6);
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.categoricalHinge()(
          [
            [0, 0, 1],
            [1, 0, 0],
          ],
          p,
        ),
      [
        [0.2, 0.9, 0.5],
        [0.5, 0.3, 0.1],
      ],
    );
  });
});
