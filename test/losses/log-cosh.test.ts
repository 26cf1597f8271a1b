/** logCosh. Keras cases: keras/src/losses/losses_test.py, LogCoshTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { KERAS_Y_PRED, KERAS_Y_TRUE, value } from './reference.js';

const logCosh = (x: number): number => Math.log((Math.exp(x) + Math.exp(-x)) / 2);

describe('logCosh', () => {
  const e = KERAS_Y_TRUE.flatMap((row, i) => row.map((y, j) => logCosh(KERAS_Y_PRED[i]![j]! - y)));
  const total = e.reduce((a, b) => a + b, 0);

  test('Keras cases', () => {
    expect(value(losses.logCosh()(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(total / 6, 4);
    expect(value(losses.logCosh()(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(
      (2.3 * total) / 6,
      4,
    );
    const w = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4];
    expect(value(losses.logCosh()(KERAS_Y_TRUE, KERAS_Y_PRED, [1.2, 3.4]))).toBeCloseTo(
      e.reduce((s, v, i) => s + v * w[i]!, 0) / 6,
      4,
    );
  });

  test('Keras docstring example: 0.108', () => {
    expect(
      value(
        losses.logCosh()(
          [
            [0, 1],
            [0, 0],
          ],
          [
            [1, 1],
            [0, 0],
          ],
        ),
      ),
    ).toBeCloseTo(logCosh(1) / 4, 6);
    expect(logCosh(1) / 4).toBeCloseTo(0.108, 3);
  });

  test('stays finite for huge errors (|x| − log 2)', () => {
    const v = value(losses.logCosh()([[0]], [[1e4]]));
    expect(v).toBeCloseTo(1e4 - Math.LN2, 1);
  });

  test('gradient', () => {
    expectGradientMatches((p) => losses.logCosh()([[0.3, -1.2, 2.5]], p), [[0.1, 0.7, -2.0]]);
  });
});
