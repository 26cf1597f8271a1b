/**
 * categoricalCrossentropy. Keras values: keras/src/losses/losses_test.py,
 * CategoricalCrossentropyTest.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as losses from '../../src/losses/index.js';
import { expectGradientMatches } from './finite-difference.js';
import { EPS, f32, value, values } from './reference.js';

const yTrue = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const yPred = [
  [0.9, 0.05, 0.05],
  [0.5, 0.89, 0.6],
  [0.05, 0.01, 0.94],
];
const logits = [
  [8, 1, 1],
  [0, 9, 1],
  [2, 3, 5],
];

/** −Σ y·log(clip(p / Σp)) per row, in float64 with Keras's float32 clip bounds. */
function cceProb(yt: number[][], yp: number[][]): number[] {
  return yt.map((row, i) => {
    const s = yp[i]!.reduce((a, b) => a + b, 0);
    return -row.reduce((acc, y, j) => {
      const q = Math.min(Math.max(yp[i]![j]! / s, f32(EPS)), f32(1 - EPS));
      return acc + y * Math.log(q);
    }, 0);
  });
}

/** −Σ y·logSoftmax(z) per row, in float64. */
function cceLogits(yt: number[][], z: number[][]): number[] {
  return yt.map((row, i) => {
    const m = Math.max(...z[i]!);
    const lse = m + Math.log(z[i]!.reduce((a, v) => a + Math.exp(v - m), 0));
    return -row.reduce((acc, y, j) => acc + y * (z[i]![j]! - lse), 0);
  });
}

describe('categoricalCrossentropy', () => {
  test('all correct is 0', () => {
    expect(value(losses.categoricalCrossentropy()(yTrue, yTrue))).toBeCloseTo(0, 6);
    const big = yTrue.map((r) => r.map((v) => 10 * v));
    expect(value(losses.categoricalCrossentropy({ fromLogits: true })(yTrue, big))).toBeCloseTo(
      0,
      3,
    );
  });

  test('Keras values: probabilities (renormalised) and logits, weighted', () => {
    const cce = losses.categoricalCrossentropy();
    const lcce = losses.categoricalCrossentropy({ fromLogits: true });
    expect(value(cce(yTrue, yPred))).toBeCloseTo(0.3239, 3);
    expect(value(lcce(yTrue, logits))).toBeCloseTo(0.0573, 3);
    expect(value(cce(yTrue, yPred, 2.3))).toBeCloseTo(0.7449, 3);
    expect(value(lcce(yTrue, logits, 2.3))).toBeCloseTo(0.1317, 3);
    expect(value(cce(yTrue, yPred, [[1.2], [3.4], [5.6]]))).toBeCloseTo(1.0696, 3);
    expect(value(lcce(yTrue, logits, [[1.2], [3.4], [5.6]]))).toBeCloseTo(0.31829, 3);
    const none = values(
      losses.categoricalCrossentropy({ fromLogits: true, reduction: 'none' })(yTrue, logits),
    );
    [0.001822, 0.000459, 0.169846].forEach((v, i) => expect(none[i]).toBeCloseTo(v, 5));
  });

  test('matches the float64 formulas', () => {
    const p = cceProb(yTrue, yPred);
    expect(value(losses.categoricalCrossentropy()(yTrue, yPred))).toBeCloseTo(
      (p[0]! + p[1]! + p[2]!) / 3,
      5,
    );
    const l = cceLogits(yTrue, logits);
    expect(value(losses.categoricalCrossentropy({ fromLogits: true })(yTrue, logits))).toBeCloseTo(
      (l[0]! + l[1]! + l[2]!) / 3,
      5,
    );
  });

  test('label smoothing: y(1 − s) + s/C (Keras test_label_smoothing)', () => {
    const cce = losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    expect(value(cce([[1, 0, 0]], [[100, -100, -100]]))).toBeCloseTo((400 * 0.1) / 3, 3);
    const s = 0.2;
    const smoothed = yTrue.map((r) => r.map((y) => y * (1 - s) + s / 3));
    const l = cceLogits(smoothed, logits);
    expect(
      value(losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: s })(yTrue, logits)),
    ).toBeCloseTo((l[0]! + l[1]! + l[2]!) / 3, 5);
  });

  test('fromLogits equals the probability path on non-saturated inputs', () => {
    const z = [
      [0.3, -1.2, 2.1],
      [0.8, -0.4, -2.5],
    ];
    const yt = [
      [0, 0, 1],
      [0.2, 0.5, 0.3],
    ];
    const p = z.map((r) => {
      const e = r.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    const a = value(losses.categoricalCrossentropy({ fromLogits: true })(yt, z));
    expect(a).toBeCloseTo(value(losses.categoricalCrossentropy()(yt, p)), 5);
  });

  test('huge logits give finite losses and gradients', () => {
    const lcce = losses.categoricalCrossentropy({ fromLogits: true });
    const v = value(lcce([[0, 1, 0]], [[1e30, -1e30, 0]]));
    expect(Number.isFinite(v)).toBe(true);
    const g = nn.grad((x) => lcce([[0, 1, 0]], x))(nn.tensor([[1e4, -1e4, 0]]));
    expect(values(g).every(Number.isFinite)).toBe(true);
    expect(values(g)).toEqual([1, -1, 0]);
  });

  test('probabilities of exactly 0 are clipped, not log(0)', () => {
    const v = value(losses.categoricalCrossentropy()([[0, 1]], [[1, 0]]));
    expect(v).toBeCloseTo(-Math.log(f32(EPS)), 3);
  });

  test('class axis 1 of a [N, C, T] tensor', () => {
    const yt = nn.tensor([
      [
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ]); // [1, 3, 2]: C = 3 along axis 1
    const yp = nn.tensor([
      [
        [0.7, 0.1],
        [0.2, 0.3],
        [0.1, 0.6],
      ],
    ]);
    const out = losses.categoricalCrossentropy({ axis: 1, reduction: 'none' })(yt, yp);
    expect(out.shape).toEqual([1, 2]);
    expect(values(out)[0]).toBeCloseTo(-Math.log(0.7), 5);
    expect(values(out)[1]).toBeCloseTo(-Math.log(0.3), 5);
    nn.dispose([yt, yp]);
  });

  test('shapes must match', () => {
    expect(() => losses.categoricalCrossentropy()([[0], [1], [2]], yPred)).toThrow(
      /categoricalCrossentropy: yTrue and yPred must have the same shape/,
    );
  });

  test('gradients of both paths', () => {
    expectGradientMatches((p) => losses.categoricalCrossentropy()(yTrue, p), yPred);
    expectGradientMatches(
      (z) => losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 })(yTrue, z),
      [
        [0.3, -1.2, 2.1],
        [0.8, -0.4, -2.5],
        [1, 2, 0.5],
      ],
    );
  });
});
