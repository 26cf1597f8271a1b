/** hinge. Keras values: keras/src/losses/losses_test.py, HingeTest. */
import { describe, expect, test } from 'vitest';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { meanWeighted, rowMeans, value, values } from './reference.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('hinge', () => {
  test('Keras values (0/1 labels are mapped to −1/+1)', () => {
    expect(value(losses.hinge()(yTrue, yPred))).toBeCloseTo(1.3, 5);
    expect(value(losses.hinge({ reduction: 'sum' })(yTrue, yPred))).toBeCloseTo(2.6, 5);
    const none = values(losses.hinge({ reduction: 'none' })(yTrue, yPred));
    expect(none[0]).toBeCloseTo(1.1, 5);
    expect(none[1]).toBeCloseTo(1.5, 5);
    expect(value(losses.hinge()(yTrue, yPred, [1, 0]))).toBeCloseTo(0.55, 5);
    expect(value(losses.hinge({ reduction: 'sum' })(yTrue, yPred, [1, 0]))).toBeCloseTo(1.1, 5);
    expect(value(losses.hinge()(yTrue, yPred, 0))).toBe(0);
  });

  test('−1/+1 labels are used as given', () => {
    const yt = [
      [-1, 1, 1],
      [1, -1, -1],
    ];
    const yp = [
      [0.3, 2, -0.5],
      [0.1, 0.2, -3],
    ];
    const expected = meanWeighted(rowMeans(yt, yp, (y, p) => Math.max(1 - y * p, 0)));
    expect(value(losses.hinge()(yt, yp))).toBeCloseTo(expected, 6);
  });

  test('gradient', () => {
    expectGradientMatches(
      (p) =>
        losses.hinge()(
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
