/** huber. Keras cases: keras/src/losses/losses_test.py, HuberLossTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { value } from './reference.js';

const yPred = [
  [0.9, 0.2, 0.2],
  [0.8, 0.4, 0.6],
];
const yTrue = [
  [1.0, 0.0, 1.0],
  [1.0, 0.0, 0.0],
];

/** Keras test's reference: ½·min(|e|, δ)² + δ·(|e| − min(|e|, δ)), in float64. */
function huberElements(yt: number[][], yp: number[][], delta: number): number[] {
  return yt.flatMap((row, i) =>
    row.map((y, j) => {
      const a = Math.abs(yp[i]![j]! - y);
      const q = Math.min(a, delta);
      return 0.5 * q * q + delta * (a - q);
    }),
  );
}

describe('huber', () => {
  test('Keras cases, default delta', () => {
    const e = huberElements(yTrue, yPred, 1);
    const total = e.reduce((a, b) => a + b, 0);
    expect(value(losses.huber()(yTrue, yTrue))).toBe(0);
    expect(value(losses.huber()(yTrue, yPred))).toBeCloseTo(total / 6, 5);
    expect(value(losses.huber()(yTrue, yPred, 2.3))).toBeCloseTo((2.3 * total) / 6, 5);
    const w = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4];
    expect(value(losses.huber()(yTrue, yPred, [[1.2], [3.4]]))).toBeCloseTo(
      e.reduce((s, v, i) => s + v * w[i]!, 0) / 6,
      5,
    );
  });

  test('non-default delta switches to the linear part', () => {
    const e = huberElements(yTrue, yPred, 0.8);
    const total = e.reduce((a, b) => a + b, 0);
    expect(value(losses.huber({ delta: 0.8 })(yTrue, yPred, 2.3))).toBeCloseTo(
      (2.3 * total) / 6,
      5,
    );
    // A large error is linear: δ·|e| − δ²/2.
    expect(value(losses.huber({ delta: 0.5 })([[0]], [[3]]))).toBeCloseTo(0.5 * 3 - 0.125, 6);
    expect(losses.huber({ delta: 0.8 }).getConfig()).toMatchObject({ delta: 0.8 });
    expect(() => losses.huber({ delta: 0 })).toThrow(/huber: delta must be a positive number/);
  });

  test('gradient on both sides of delta', () => {
    expectGradientMatches(
      (p) => losses.huber({ delta: 0.5 })(yTrue, p),
      [
        [0.9, 0.2, 0.3],
        [0.2, 0.4, 0.6],
      ],
    );
  });
});
