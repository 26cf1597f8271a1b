/** meanAbsoluteError. Keras values: keras/src/losses/losses_test.py, MeanAbsoluteErrorTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { KERAS_Y_PRED, KERAS_Y_TRUE, meanWeighted, rowMeans, value, values } from './reference.js';

describe('meanAbsoluteError', () => {
  test('Keras values', () => {
    const mae = losses.meanAbsoluteError();
    expect(value(mae(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(5.5, 5);
    expect(value(mae(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(12.65, 4);
    expect(value(mae(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]))).toBeCloseTo(81.4 / 6, 4);
    const none = values(
      losses.meanAbsoluteError({ reduction: 'none' })(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3),
    );
    expect(none[0]).toBeCloseTo(10.7333, 3);
    expect(none[1]).toBeCloseTo(14.5666, 3);
    expect(
      value(losses.meanAbsoluteError({ reduction: 'sum' })(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3)),
    ).toBeCloseTo(25.29999, 4);
    const mws = losses.meanAbsoluteError({ reduction: 'mean_with_sample_weight' });
    expect(value(mws(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]))).toBeCloseTo(
      ((14 / 3) * 1.2 + (19 / 3) * 3.4) / (1.2 + 3.4),
      4,
    );
  });

  test('matches the float64 formula', () => {
    const yt = [
      [0.3, -1.2, 2.5],
      [1, 1, -0.4],
    ];
    const yp = [
      [0.1, -0.7, 2.0],
      [0.2, 1.5, 0.6],
    ];
    const expected = meanWeighted(
      rowMeans(yt, yp, (y, p) => Math.abs(y - p)),
      [0.5, 2],
    );
    expect(value(losses.meanAbsoluteError()(yt, yp, [0.5, 2]))).toBeCloseTo(expected, 5);
  });

  test('gradient (away from the kink at y = ŷ)', () => {
    expectGradientMatches(
      (p) => losses.meanAbsoluteError()([[0.3, -1.2, 2.5]], p),
      [[0.1, -0.7, 2.0]],
    );
  });
});
