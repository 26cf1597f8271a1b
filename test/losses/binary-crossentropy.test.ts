/** binaryCrossentropy. Keras values: keras/src/losses/losses_test.py, BinaryCrossentropyTest. */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { EPS, f32, meanWeighted, rowMeans, value, values } from './reference.js';

/** Probability BCE with Keras's float32 clip to [ε, 1 − ε] (1 − ε rounds to 0.99999988). */
const bceProb = (y: number, p: number): number => {
  const q = Math.min(Math.max(p, f32(EPS)), f32(1 - EPS));
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
};
const bceLogit = (y: number, z: number): number =>
  Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));

describe('binaryCrossentropy', () => {
  test('all correct is 0, with probabilities and with logits', () => {
    const yt = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(value(losses.binaryCrossentropy()(yt, yt))).toBeCloseTo(0, 6);
    const logits = yt.map((r) => r.map((v) => (v ? 10 : -10)));
    expect(value(losses.binaryCrossentropy({ fromLogits: true })(yt, logits))).toBeCloseTo(0, 3);
  });

  test('Keras values, including the 15.94 of a certainly-wrong prediction', () => {
    const yt = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const yp = [
      [0.9, 0.1, 0.2],
      [0.3, 0.8, 0.1],
      [0.1, 0.2, 0.7],
    ];
    expect(value(losses.binaryCrossentropy()(yt, yp))).toBeCloseTo(0.20046903, 5);
    // y_pred = 1 for y_true = 0 is clipped to 0.99999988, not 1 − 1e-7: it costs 15.94.
    const v = value(
      losses.binaryCrossentropy()(
        [
          [1, 0],
          [1, 0],
        ],
        [
          [1, 1],
          [1, 0],
        ],
      ),
    );
    expect(v).toBeCloseTo(3.98559, 4);
    expect(bceProb(0, 1)).toBeCloseTo(15.9424, 3);
    expect(v).toBeCloseTo(
      meanWeighted(
        rowMeans(
          [
            [1, 0],
            [1, 0],
          ],
          [
            [1, 1],
            [1, 0],
          ],
          bceProb,
        ),
      ),
      4,
    );
  });

  test('Keras values with logits, weights and reductions', () => {
    const yt = [
      [1, 0, 1],
      [0, 1, 1],
    ];
    const logits = [
      [10, -10, 10],
      [10, 10, -10],
    ];
    const bce = losses.binaryCrossentropy({ fromLogits: true });
    expect(value(bce(yt, logits))).toBeCloseTo(3.3333, 3);
    expect(value(bce(yt, logits, 2.3))).toBeCloseTo(7.666, 2);
    expect(value(bce(yt, logits, [4, 3]))).toBeCloseTo(10, 3);
    const none = values(
      losses.binaryCrossentropy({ fromLogits: true, reduction: 'none' })(yt, logits),
    );
    expect(none[0]).toBeCloseTo(0, 3);
    expect(none[1]).toBeCloseTo(6.666, 2);
    const probs = losses.binaryCrossentropy();
    expect(
      value(
        probs(
          [
            [1, 0],
            [1, 0],
          ],
          [
            [1, 1],
            [1, 0],
          ],
          2.3,
        ),
      ),
    ).toBeCloseTo(9.1668, 3);
    expect(
      value(
        probs(
          [
            [1, 0],
            [1, 0],
          ],
          [
            [1, 1],
            [1, 0],
          ],
          [[1.2], [3.4]],
        ),
      ),
    ).toBeCloseTo(4.7827, 3);
  });

  test('label smoothing squeezes labels toward 0.5 (Keras test_label_smoothing)', () => {
    const bce = losses.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    expect(value(bce([[1, 0, 1]], [[10, -10, -10]]))).toBeCloseTo((10 + 5 * 0.1) / 3, 3);
    const s = 0.2;
    const yt = [[1, 0, 1, 0]];
    const yp = [[0.7, 0.2, 0.4, 0.9]];
    const smoothed = yt.map((r) => r.map((y) => y * (1 - s) + 0.5 * s));
    expect(value(losses.binaryCrossentropy({ labelSmoothing: s })(yt, yp))).toBeCloseTo(
      meanWeighted(rowMeans(smoothed, yp, bceProb)),
      5,
    );
    expect(() => losses.binaryCrossentropy({ labelSmoothing: 1.5 })).toThrow(
      /binaryCrossentropy: labelSmoothing must be a number in \[0, 1\], received 1.5/,
    );
  });

  test('fromLogits equals the probability path on non-saturated inputs', () => {
    const yt = [
      [1, 0, 1],
      [0, 0, 1],
    ];
    const z = [
      [0.3, -1.2, 2.1],
      [0.8, -0.4, -2.5],
    ];
    const p = z.map((r) => r.map((v) => 1 / (1 + Math.exp(-v))));
    const a = value(losses.binaryCrossentropy({ fromLogits: true })(yt, z));
    const b = value(losses.binaryCrossentropy()(yt, p));
    expect(a).toBeCloseTo(b, 5);
    expect(a).toBeCloseTo(meanWeighted(rowMeans(yt, z, bceLogit)), 5);
  });

  test('huge logits give finite losses', () => {
    const v = value(losses.binaryCrossentropy({ fromLogits: true })([[1, 0]], [[-1e30, 1e30]]));
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeCloseTo(1e30, -25);
    const g = nn.grad((x) => losses.binaryCrossentropy({ fromLogits: true })([[1, 0]], x))(
      nn.tensor([[-1e4, 1e4]]),
    );
    expect(values(g)).toEqual([-0.5, 0.5]);
  });

  test('shapes must match', () => {
    expect(() =>
      losses.binaryCrossentropy()(
        [[0], [1], [2]],
        [
          [0.9, 0.05, 0.05],
          [0.5, 0.89, 0.6],
          [0.05, 0.01, 0.94],
        ],
      ),
    ).toThrow(
      /binaryCrossentropy: yTrue and yPred must have the same shape, received yTrue \[3,1\] and yPred \[3,3\]/,
    );
    // [N] labels against [N,1] predictions are fine (one-rank squeeze-or-expand).
    expect(value(losses.binaryCrossentropy()([1, 0], [[0.9], [0.2]]))).toBeCloseTo(
      (bceProb(1, 0.9) + bceProb(0, 0.2)) / 2,
      5,
    );
  });

  test('gradients of both paths', () => {
    const yt = [
      [1, 0, 1],
      [0, 1, 0],
    ];
    expectGradientMatches(
      (p) => losses.binaryCrossentropy()(yt, p),
      [
        [0.7, 0.2, 0.4],
        [0.1, 0.6, 0.5],
      ],
    );
    expectGradientMatches(
      (z) => losses.binaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 })(yt, z),
      [
        [0.3, -1.2, 2.1],
        [0.8, -0.4, -2.5],
      ],
    );
  });
});
