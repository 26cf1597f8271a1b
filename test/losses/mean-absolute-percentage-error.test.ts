/**
 * meanAbsolutePercentageError. Keras values: keras/src/losses/losses_test.py,
 * MeanAbsolutePercentageErrorTest.
 */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import {
  EPS,
  KERAS_Y_PRED,
  KERAS_Y_TRUE,
  meanWeighted,
  rowMeans,
  value,
  values,
} from './reference.js';

describe('meanAbsolutePercentageError', () => {
  test('Keras values', () => {
    const mape = losses.meanAbsolutePercentageError();
    expect(value(mape(KERAS_Y_TRUE, KERAS_Y_TRUE))).toBe(0);
    expect(value(mape(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(211.8518, 2);
    expect(value(mape(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(487.259, 2);
    expect(value(mape(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]))).toBeCloseTo(422.8888, 2);
    const none = values(
      losses.meanAbsolutePercentageError({ reduction: 'none' })(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3),
    );
    expect(none[0]).toBeCloseTo(621.8518, 2);
    expect(none[1]).toBeCloseTo(352.6666, 2);
    const mws = losses.meanAbsolutePercentageError({ reduction: 'mean_with_sample_weight' });
    expect(value(mws(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]))).toBeCloseTo(183.865, 2);
  });

  test('a zero label divides by ε, not by zero', () => {
    const expected = meanWeighted(
      rowMeans(
        [[0, 2]],
        [[0.5, 1]],
        (y, p) => (100 * Math.abs(y - p)) / Math.max(Math.abs(y), EPS),
      ),
    );
    const v = value(losses.meanAbsolutePercentageError()([[0, 2]], [[0.5, 1]]));
    expect(Number.isFinite(v)).toBe(true);
    expect(v / expected).toBeCloseTo(1, 5);
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.meanAbsolutePercentageError()(
          [
            [1, 9, 2],
            [-5, -2, 6],
          ],
          p,
        ),
      [
        [4, 8, 12],
        [8, 1, 3],
      ],
      { atol: 1e-2 },
    );
  });
});
