/**
 * meanSquaredLogarithmicError. Keras values: keras/src/losses/losses_test.py,
 * MeanSquaredLogarithmicErrorTest.
 */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { EPS, KERAS_Y_PRED, KERAS_Y_TRUE, meanWeighted, rowMeans, value } from './reference.js';

const msleElement = (y: number, p: number): number =>
  (Math.log(Math.max(p, EPS) + 1) - Math.log(Math.max(y, EPS) + 1)) ** 2;

describe('meanSquaredLogarithmicError', () => {
  test('Keras values', () => {
    const msle = losses.meanSquaredLogarithmicError();
    expect(value(msle(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(1.437, 3);
    expect(value(msle(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(3.3051, 3);
    expect(value(msle(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]))).toBeCloseTo(3.7856, 3);
    const mws = losses.meanSquaredLogarithmicError({ reduction: 'mean_with_sample_weight' });
    expect(value(mws(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]))).toBeCloseTo(1.646, 3);
  });

  test('matches the float64 formula (negative values count as ε)', () => {
    const expected = meanWeighted(rowMeans(KERAS_Y_TRUE, KERAS_Y_PRED, msleElement));
    expect(value(losses.meanSquaredLogarithmicError()(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(
      expected,
      5,
    );
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.meanSquaredLogarithmicError()(
          [
            [1, 9, 2],
            [0.5, 2, 6],
          ],
          p,
        ),
      [
        [4, 8, 12],
        [8, 1, 3],
      ],
    );
  });
});
