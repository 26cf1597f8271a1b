/**
 * Cross-entropy of probabilities as one op, against the composition Keras's losses use
 * (−Σ t·log(clip(p / Σp, ε, 1 − ε))) on every backend: the forward value to the last bit
 * (probabilities in and out of the clip range, rows not summing to one, NaN), the gradient
 * within float32 rounding of the composition's, and finite differences.
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { crossEntropyFromProbs } from '../../src/ops/cross-entropy.js';
import { expectValues } from '../helpers/expect-close.js';
import { describeEachBackend, gradCheck, uniformStream } from '../helpers/grad-check.js';

const LO = 1e-7;
const HI = 1 - 1e-7;

function composed(p: nn.Tensor, t: nn.Tensor): nn.Tensor {
  const q = nn.clipByValue(nn.div(p, nn.sum(p, -1, true)), LO, HI);
  return nn.neg(nn.sum(nn.mul(t, nn.log(q)), -1));
}

/** Positive rows (not normalised) of `n` with a few entries near 0 and near the whole mass. */
function probs(rows: number, n: number, seed: number): nn.Tensor {
  const next = uniformStream(seed);
  const v = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      const u = next();
      v[r * n + j] = u < 0.1 ? 1e-9 : u < 0.2 ? 50 : u * 2;
    }
  }
  return nn.tensor(v, [rows, n]);
}

function labels(rows: number, n: number, seed: number): nn.Tensor {
  const next = uniformStream(seed);
  return nn.tensor(
    Int32Array.from({ length: rows }, () => Math.floor(next() * n)),
    [rows],
    'int32',
  );
}

function softTargets(rows: number, n: number, seed: number): nn.Tensor {
  const next = uniformStream(seed);
  return nn.tensor(
    Float32Array.from({ length: rows * n }, () => next()),
    [rows, n],
  );
}

function bits(t: nn.Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer)).map((b, i) =>
    Number.isNaN(t.dataSync()[i]) ? -1 : b,
  );
}

/** Gradient of Σ r·f(p) with respect to p. */
function gradOf(f: (p: nn.Tensor) => nn.Tensor, p: nn.Tensor, r: nn.Tensor): nn.Tensor {
  return nn.grad((x) => nn.sum(nn.mul(f(x), r)))(p);
}

describeEachBackend('crossEntropyFromProbs', () => {
  const shapes: [number, number][] = [
    [1, 1],
    [1, 10],
    [3, 1],
    [7, 3],
    [32, 10],
    [5, 37],
  ];

  test('sparse labels: the composition with one-hot targets, bit for bit', () => {
    for (const [rows, n] of shapes) {
      const p = probs(rows, n, rows * 7 + n);
      const y = labels(rows, n, rows + n);
      const got = crossEntropyFromProbs(p, y, true, LO, HI);
      expect(bits(got)).toEqual(bits(composed(p, nn.oneHot(y, n))));
    }
  });

  test('soft targets: the composition, bit for bit', () => {
    for (const [rows, n] of shapes) {
      const p = probs(rows, n, rows * 3 + n);
      const t = softTargets(rows, n, rows + 2 * n);
      expect(bits(crossEntropyFromProbs(p, t, false, LO, HI))).toEqual(bits(composed(p, t)));
    }
  });

  test('leading axes, NaN and zero rows', () => {
    const p = nn.tensor([
      [
        [0.2, 0.3, 0.5],
        [NaN, 0.5, 0.5],
      ],
      [
        [0, 0, 0],
        [1, 0, 0],
      ],
    ]);
    const y = nn.tensor(
      [
        [2, 1],
        [0, 1],
      ],
      undefined,
      'int32',
    );
    const got = crossEntropyFromProbs(p, y, true, LO, HI);
    expect([...got.shape]).toEqual([2, 2]);
    expect(bits(got)).toEqual(bits(composed(p, nn.oneHot(y, 3))));
  });

  test('gradients: the composition within float32 rounding', () => {
    for (const [rows, n] of shapes) {
      const p = probs(rows, n, rows * 5 + n);
      const y = labels(rows, n, rows + 3 * n);
      const t = softTargets(rows, n, rows + 4 * n);
      const r = softTargets(rows, 1, 9).reshape([rows]);
      const cases: [string, nn.Tensor][] = [
        ['sparse', nn.oneHot(y, n)],
        ['soft', t],
      ];
      for (const [name, target] of cases) {
        const sparse = name === 'sparse';
        const got = gradOf((x) => crossEntropyFromProbs(x, sparse ? y : t, sparse, LO, HI), p, r);
        const want = gradOf((x) => composed(x, target), p, r);
        const w = want.dataSync();
        const scale = Math.max(...Array.from(w, Math.abs));
        expectValues(got.dataSync(), w, { atol: 2e-6 * scale, rtol: 1e-5 });
      }
    }
  });

  test('the gradient with respect to soft targets', () => {
    const p = probs(4, 5, 1);
    const t = softTargets(4, 5, 2);
    const r = softTargets(4, 1, 3).reshape([4]);
    const f = (x: nn.Tensor) => crossEntropyFromProbs(p, x, false, LO, HI);
    const got = gradOf(f, t, r);
    const want = gradOf((x) => composed(p, x), t, r);
    expect(bits(got)).toEqual(bits(want));
  });

  test('gradients match finite differences', () => {
    const next = uniformStream(4);
    const p = nn.tensor(
      Float32Array.from({ length: 12 }, () => 0.2 + next()),
      [3, 4],
    );
    const y = nn.tensor([3, 0, 1], undefined, 'int32');
    gradCheck((x) => crossEntropyFromProbs(x, y, true, LO, HI), [p]);
    const t = nn.tensor(
      Float32Array.from({ length: 12 }, () => next()),
      [3, 4],
    );
    gradCheck((x, u) => crossEntropyFromProbs(x, u, false, LO, HI), [p, t]);
  });

  test('the losses take this path with the same values', () => {
    const p = nn.softmax(probs(6, 4, 8));
    const y = labels(6, 4, 9);
    const scce = nn.losses.sparseCategoricalCrossentropy();
    const cce = nn.losses.categoricalCrossentropy();
    const want = nn.mean(composed(p, nn.oneHot(y, 4))).dataSync()[0];
    expect(scce(y, p).dataSync()[0]).toBe(want);
    expect(cce(nn.oneHot(y, 4), p).dataSync()[0]).toBe(want);
  });
});
