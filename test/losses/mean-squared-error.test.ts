/** meanSquaredError. Keras values: keras/src/losses/losses_test.py, MeanSquaredErrorTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { KERAS_Y_PRED, KERAS_Y_TRUE, meanWeighted, rowMeans, value } from './reference.js';

describe('meanSquaredError', () => {
  test('Keras values', () => {
    const mse = losses.meanSquaredError();
    expect(value(mse(KERAS_Y_TRUE, KERAS_Y_TRUE))).toBe(0);
    expect(value(mse(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(49.5, 4);
  });

  test('matches the float64 formula', () => {
    const yt = [
      [0.3, -1.2, 2.5, 0],
      [1, 1, -0.4, 0.9],
    ];
    const yp = [
      [0.1, -0.7, 2.0, 0.3],
      [0.2, 1.5, 0.6, -1.1],
    ];
    const expected = meanWeighted(rowMeans(yt, yp, (y, p) => (y - p) ** 2));
    expect(value(losses.meanSquaredError()(yt, yp))).toBeCloseTo(expected, 5);
  });

  test('rank-1 labels against [N,1] predictions are expanded, not broadcast', () => {
    // Keras's test_base_function_reduction: y_true [3] vs y_pred [3,1] gives 3 values.
    const out = losses.meanSquaredError().perSample([4, 8, 12], [[3], [0], [1]]);
    expect(out.shape).toEqual([3]);
    expect(Array.from(out.dataSync())).toEqual([1, 64, 121]);
  });

  test('mismatched shapes are an error, not a silent broadcast', () => {
    expect(() => losses.meanSquaredError()([[1, 2]], [[1, 2, 3]])).toThrow(
      /meanSquaredError: yTrue and yPred must have the same shape, received yTrue \[1,2\] and yPred \[1,3\]/,
    );
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.meanSquaredError()(
          [
            [0.3, -1.2, 2.5],
            [1, 1, -0.4],
          ],
          p,
        ),
      [
        [0.1, -0.7, 2.0],
        [0.2, 1.5, 0.6],
      ],
    );
  });
});
