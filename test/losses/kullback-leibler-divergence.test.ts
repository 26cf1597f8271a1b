/** kld (KLDivergence). Keras cases: keras/src/losses/losses_test.py, KLDivergenceTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { rowSums, value } from './reference.js';

const yPred = [
  [0.4, 0.9, 0.12],
  [0.36, 0.3, 0.4],
];
const yTrue = [
  [0.5, 0.8, 0.12],
  [0.7, 0.43, 0.8],
];
const kl = (y: number, p: number): number => {
  const t = Math.min(Math.max(y, 1e-7), 1);
  const q = Math.min(Math.max(p, 1e-7), 1);
  return t * Math.log(t / q);
};

describe('kld', () => {
  const per = rowSums(yTrue, yPred, kl);

  test('Keras cases', () => {
    expect(value(losses.kld()(yTrue, yPred))).toBeCloseTo((per[0]! + per[1]!) / 2, 5);
    expect(value(losses.kld()(yTrue, yPred, 2.3))).toBeCloseTo((2.3 * (per[0]! + per[1]!)) / 2, 5);
    expect(value(losses.kld()(yTrue, yPred, [[1.2], [3.4]]))).toBeCloseTo(
      (1.2 * per[0]! + 3.4 * per[1]!) / 2,
      5,
    );
  });

  test('zeros are clipped to ε: no NaN, no infinity', () => {
    const v = value(losses.kullbackLeiblerDivergence()([[1, 0]], [[0, 1]]));
    expect(v).toBeCloseTo(kl(1, 0) + kl(0, 1), 3);
    expect(losses.kld().className).toBe('KLDivergence');
    expect(losses.kld().name).toBe('kl_divergence');
  });

  test('gradient', () => {
    expectGradientMatches((p) => losses.kld()(yTrue, p), yPred);
  });
});
