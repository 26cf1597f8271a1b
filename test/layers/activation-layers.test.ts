import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

// Float64 definitions from REFERENCE.md §4 (Keras 3), independent of our ops.
const erf = (x: number): number => {
  // Abramowitz–Stegun 7.1.26 is too coarse; integrate with Simpson's rule instead.
  const n = 2000;
  const h = x / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const t = i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += w * Math.exp(-t * t);
  }
  return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
};
const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => Math.log1p(Math.exp(x));
const REF: Record<string, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  sigmoid: sig,
  hardSigmoid: (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1),
  tanh: Math.tanh,
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  elu: (x) => (x >= 0 ? x : Math.exp(x) - 1),
  selu: (x) => 1.0507009873554805 * (x >= 0 ? x : 1.6732632423543772 * (Math.exp(x) - 1)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  silu: (x) => x * sig(x),
  swish: (x) => x * sig(x),
  hardSilu: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  mish: (x) => x * Math.tanh(softplus(x)),
  exponential: Math.exp,
  leakyRelu: (x) => (x > 0 ? x : 0.2 * x),
  step: (x) => (x >= 0 ? 1 : 0),
};
const XS = [-7, -3.5, -3, -1.2, -0.5, 0, 0.3, 1, 2.5, 3, 6.5];

describe('activations', () => {
  test.each(Object.keys(REF))('%s matches the Keras 3 definition', (id) => {
    const f = nn.activations.get(id);
    const got = f(nn.tensor(XS)).dataSync();
    XS.forEach((x, i) => {
      const want = REF[id]!(x);
      expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want)));
    });
  });

  test('softmax and logSoftmax along the last axis', () => {
    const x = [
      [1, 2, 3],
      [0, 0, 10],
    ];
    const got = nn.activations.get('softmax')(nn.tensor(x)).arraySync() as number[][];
    const lgot = nn.activations.get('logSoftmax')(nn.tensor(x)).arraySync() as number[][];
    x.forEach((row, r) => {
      const z = row.reduce((s, v) => s + Math.exp(v), 0);
      row.forEach((v, c) => {
        expect(got[r]![c]).toBeCloseTo(Math.exp(v) / z, 6);
        expect(lgot[r]![c]).toBeCloseTo(v - Math.log(z), 5);
      });
    });
  });

  test('ids: Keras snake_case aliases, the canonical id and unknown ids', () => {
    expect(nn.activations.get('hard_sigmoid').id).toBe('hardSigmoid');
    expect(nn.activations.get('leaky_relu').id).toBe('leakyRelu');
    expect(nn.activations.get(null).id).toBe('linear');
    expect(() => nn.activations.get('swishy')).toThrow(/unknown activation 'swishy'/);
  });

  const differentiable = Object.keys(REF).filter((id) => id !== 'step');
  test.each(differentiable)('activation layer %s: gradient check', (id) => {
    const layer = nn.layers.activation({ activation: id });
    // Stay away from kinks (relu at 0, relu6 at 6, hardSigmoid at ±3).
    layerGradCheck(layer, nn.tensor([[-2.2, -0.7, 0.45, 1.3, 2.1, 5.2]]));
  });

  test('step has zero gradient (nothing learns through it by gradient descent)', () => {
    const g = nn.grad((x) => nn.sum(nn.step(x)))(nn.tensor([-1, 0.5, 2]));
    expect([...g.dataSync()]).toEqual([0, 0, 0]);
  });

  test('leakyReLU layer default slope 0.3 (the function default is 0.2)', () => {
    expect([
      ...nn.layers
        .leakyReLU()
        .apply(nn.tensor([-1, 2]))
        .dataSync(),
    ]).toEqual([Math.fround(-0.3), 2]);
    layerGradCheck(nn.layers.leakyReLU({ negativeSlope: 0.1 }), nn.tensor([[-1.5, 0.7]]));
  });
});
