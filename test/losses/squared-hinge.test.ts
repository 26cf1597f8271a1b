/** squaredHinge. Keras values: keras/src/losses/losses_test.py, SquaredHingeTest. */
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

describe('squaredHinge', () => {
  test('Keras values', () => {
    expect(value(losses.squaredHinge()(yTrue, yPred))).toBeCloseTo(1.86, 5);
    expect(value(losses.squaredHinge({ reduction: 'sum' })(yTrue, yPred))).toBeCloseTo(3.72, 5);
    const none = values(losses.squaredHinge({ reduction: 'none' })(yTrue, yPred));
    expect(none[0]).toBeCloseTo(1.46, 5);
    expect(none[1]).toBeCloseTo(2.26, 5);
    expect(value(losses.squaredHinge()(yTrue, yPred, [1, 0]))).toBeCloseTo(0.73, 5);
    expect(value(losses.squaredHinge({ reduction: 'sum' })(yTrue, yPred, [1, 0]))).toBeCloseTo(
      1.46,
      5,
    );
  });

  test('float64 check: row 0 is ((1+0.6)² + (1−0.4)²)/2', () => {
    expect(((1 + 0.6) ** 2 + (1 - 0.4) ** 2) / 2).toBeCloseTo(1.46, 10);
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.squaredHinge()(
          [
            [-1, 1, 1],
            [1, -1, -1],
          ],
          p,
        ),
      [
        [0.3, 0.5, -0.5],
        [0.1, 0.2, -0.4],
      ],
    );
  });
});
