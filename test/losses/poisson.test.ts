/** poisson. Keras cases: keras/src/losses/losses_test.py, PoissonTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { EPS, value } from './reference.js';

const yPred = [
  [1, 9, 2],
  [5, 2, 6],
];
const yTrue = [
  [4, 8, 12],
  [8, 1, 3],
];

describe('poisson', () => {
  const e = yTrue.flatMap((row, i) =>
    row.map((y, j) => yPred[i]![j]! - y * Math.log(yPred[i]![j]! + EPS)),
  );
  const total = e.reduce((a, b) => a + b, 0);

  test('Keras cases', () => {
    expect(value(losses.poisson()(yTrue, yPred))).toBeCloseTo(total / 6, 4);
    expect(value(losses.poisson()(yTrue, yPred, 2.3))).toBeCloseTo((2.3 * total) / 6, 4);
    const w = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4];
    expect(value(losses.poisson()(yTrue, yPred, [[1.2], [3.4]]))).toBeCloseTo(
      e.reduce((s, v, i) => s + v * w[i]!, 0) / 6,
      4,
    );
    expect(value(losses.poisson()(yTrue, yPred, 0))).toBe(0);
  });

  test('a zero rate is finite thanks to ε', () => {
    expect(Number.isFinite(value(losses.poisson()([[1]], [[0]])))).toBe(true);
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) => losses.poisson()(yTrue, p),
      [
        [1, 9, 2],
        [5, 2, 6],
      ],
    );
  });
});
