/**
 * The fused dense op against the composition it replaces, activation(matMul(x, W) + b), on
 * every backend: the same values to the last bit, forward and backward (dx, dW, db), with
 * shapes that exercise SIMD tails and the one-row / one-column reductions, and special
 * values (NaN, ±Infinity, −0). Plus finite-difference gradient checks.
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { denseForward, type FusedActivation } from '../../src/ops/fused-dense.js';
import {
  describeEachBackend,
  gradCheck,
  smoothValues,
  uniformStream,
} from '../helpers/grad-check.js';

const ACTS: FusedActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax'];

function composed(
  x: nn.Tensor,
  w: nn.Tensor,
  b: nn.Tensor | null,
  act: FusedActivation,
): nn.Tensor {
  const z = b ? nn.add(nn.matMul(x, w), b) : nn.matMul(x, w);
  switch (act) {
    case 'linear':
      return z;
    case 'relu':
      return nn.relu(z);
    case 'relu6':
      return nn.relu6(z);
    case 'sigmoid':
      return nn.sigmoid(z);
    case 'tanh':
      return nn.tanh(z);
    case 'softmax':
      return nn.softmax(z, -1);
  }
}

function values(shape: number[], seed: number, scale = 1): nn.Tensor {
  const next = uniformStream(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return nn.tensor(
    Float32Array.from({ length: n }, () => (next() * 2 - 1) * scale),
    shape,
  );
}

/** Bit-for-bit equality (NaN equals NaN, −0 differs from +0). */
function expectSame(a: nn.Tensor, b: nn.Tensor, what: string): void {
  expect([...a.shape], `${what} shape`).toEqual([...b.shape]);
  const x = new Uint32Array(Float32Array.from(a.dataSync()).buffer);
  const y = new Uint32Array(Float32Array.from(b.dataSync()).buffer);
  const bad: string[] = [];
  for (let i = 0; i < x.length; i++) {
    const nanBoth = Number.isNaN(a.dataSync()[i]) && Number.isNaN(b.dataSync()[i]);
    if (x[i] !== y[i] && !nanBoth) bad.push(`[${i}] ${a.dataSync()[i]} vs ${b.dataSync()[i]}`);
  }
  expect(bad, what).toEqual([]);
}

/** Forward value and the gradients of Σ r·f with respect to x, w (and b). */
function run(
  f: (x: nn.Tensor, w: nn.Tensor, b: nn.Tensor | null) => nn.Tensor,
  x: nn.Tensor,
  w: nn.Tensor,
  b: nn.Tensor | null,
  r: nn.Tensor,
): { y: nn.Tensor; grads: nn.Tensor[] } {
  const inputs = b ? [x, w, b] : [x, w];
  const y = f(x, w, b);
  const grads = nn.grads((...xs: nn.Tensor[]) =>
    nn.sum(nn.mul(f(xs[0]!, xs[1]!, xs[2] ?? null), r)),
  )(inputs);
  return { y, grads };
}

describeEachBackend('denseForward', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 5],
    [3, 5, 1],
    [4, 8, 8],
    [5, 33, 17],
    [33, 20, 10],
  ];
  for (const act of ACTS) {
    test(`${act}: the composition's values, forward and backward`, () => {
      for (const [m, k, n] of shapes) {
        for (const withBias of [true, false]) {
          nn.tidy(() => {
            const x = values([m, k], m * 31 + k);
            const w = values([k, n], k * 17 + n, 0.7);
            const b = withBias ? values([n], n + 3, 0.5) : null;
            const r = values([m, n], m + n + 11);
            const got = run((x, w, b) => denseForward(x, w, b, act), x, w, b, r);
            const want = run((x, w, b) => composed(x, w, b, act), x, w, b, r);
            const where = `${act} [${m},${k}]x[${k},${n}]${withBias ? ' + b' : ''}`;
            expectSame(got.y, want.y, `${where} forward`);
            got.grads.forEach((g, i) => expectSame(g, want.grads[i]!, `${where} grad ${i}`));
          });
        }
      }
    });
  }

  test('NaN, ±Infinity and −0 propagate as in the composition', () => {
    const x = nn.tensor([
      [NaN, 1, 0],
      [Infinity, -1, 2],
      [-0, -0, -0],
      [1, -Infinity, 0.5],
      [3, 2, -1],
    ]);
    const w = nn.tensor([
      [1, -1, 0, 2, 0.5],
      [0.25, 2, -3, 1, 0],
      [2, 1, 1, -2, 4],
    ]);
    // Row 2, column 0 sums −0 products and a −0 bias: z = −0 exactly.
    const b = nn.tensor([-0, -0, 1, -1, 0.5]);
    const r = values([5, 5], 99);
    for (const act of ACTS) {
      const got = run((x, w, b) => denseForward(x, w, b, act), x, w, b, r);
      const want = run((x, w, b) => composed(x, w, b, act), x, w, b, r);
      expectSame(got.y, want.y, `${act} forward`);
      got.grads.forEach((g, i) => expectSame(g, want.grads[i]!, `${act} grad ${i}`));
    }
  });

  test('gradients match finite differences', () => {
    for (const act of ACTS) {
      const x = smoothValues([3, 4], { seed: 5, avoid: [0], margin: 0.2 });
      const w = smoothValues([4, 5], { seed: 6, lo: -1, hi: 1 });
      const b = smoothValues([5], { seed: 7, lo: -0.5, hi: 0.5 });
      // Keep relu/relu6 inputs away from their kinks: check on a smooth point set.
      const f = (x: nn.Tensor, w: nn.Tensor, b: nn.Tensor): nn.Tensor => denseForward(x, w, b, act);
      if (act === 'relu' || act === 'relu6') {
        const z = nn.add(nn.matMul(x, w), b).dataSync();
        if (z.some((v) => Math.abs(v) < 0.05 || Math.abs(v - 6) < 0.05)) continue;
      }
      gradCheck(f, [x, w, b]);
    }
  });

  test('only the gradients asked for are computed; shapes and dtypes', () => {
    const x = values([6, 4], 1);
    const w = nn.variable(values([4, 3], 2));
    const b = nn.variable(values([3], 3));
    const tape = new nn.GradientTape();
    const loss = tape.record(() => nn.sum(denseForward(x, w, b, 'relu')));
    const [gw, gb] = tape.gradient(loss, [w, b]);
    expect([...gw!.shape]).toEqual([4, 3]);
    expect([...gb!.shape]).toEqual([3]);
    expect(gw!.dtype).toBe('float32');
  });

  test('non-float32 inputs and mismatched shapes take the composition (and its errors)', () => {
    const xi = nn.tensor([[1, 2]], undefined, 'int32');
    const w = nn.tensor([[1], [2]]);
    expectSame(denseForward(xi, w, null, 'relu'), nn.relu(nn.matMul(xi, w)), 'int32 x');
    expect(() => denseForward(nn.zeros([2, 3]), nn.zeros([4, 2]), null, 'linear')).toThrow(
      /matMul: inner dimensions differ/,
    );
  });
});
