/**
 * Grouped Conv2D (`groups`), DepthwiseConv2D and SeparableConv2D: values against a float64
 * loop of the grouped convolution written here, gradient checks, Keras 3 weight shapes and
 * parameter counts, config round trips, errors.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

const values = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => (((i + 1) * 7919 * seed) % 1000) / 500 - 1);

const worst = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!));
  return w;
};

/**
 * Float64 grouped convolution, stride s, 'valid' or TF 'same' padding: output channel o
 * (of `f`, in `groups` blocks) sums input channels of its block only. `kAt(a, b, ci, o)`
 * reads the kernel for window tap (a, b), in-block input channel ci, output channel o.
 */
function groupedConv(
  x: number[],
  [n, h, w, c]: number[],
  kAt: (a: number, b: number, ci: number, o: number) => number,
  [kh, kw]: number[],
  f: number,
  groups: number,
  s: number,
  padding: 'valid' | 'same',
): { y: Float64Array; ho: number; wo: number } {
  const geo = (len: number, k: number): [number, number] => {
    if (padding === 'valid') return [Math.floor((len - k) / s) + 1, 0];
    const out = Math.ceil(len / s);
    return [out, Math.floor(Math.max((out - 1) * s + k - len, 0) / 2)];
  };
  const [ho, top] = geo(h!, kh!);
  const [wo, left] = geo(w!, kw!);
  const cg = c! / groups;
  const fg = f / groups;
  const y = new Float64Array(n! * ho * wo * f);
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let o = 0; o < f; o++) {
          const g = Math.floor(o / fg);
          let acc = 0;
          for (let a = 0; a < kh!; a++)
            for (let bb = 0; bb < kw!; bb++) {
              const r = i * s + a - top;
              const q = j * s + bb - left;
              if (r < 0 || r >= h! || q < 0 || q >= w!) continue;
              for (let ci = 0; ci < cg; ci++)
                acc += x[((b * h! + r) * w! + q) * c! + g * cg + ci]! * kAt(a, bb, ci, o);
            }
          y[((b * ho + i) * wo + j) * f + o] = acc;
        }
  return { y, ho, wo };
}

const assign = (v: nn.Variable, seed: number): number[] => {
  const data = values(v.size, seed);
  v.assign(nn.tensor(data, v.shape));
  return data;
};

describe('grouped Conv2D', () => {
  test.each([
    { groups: 2, filters: 4, c: 4, s: 1, padding: 'valid' },
    { groups: 3, filters: 6, c: 6, s: 2, padding: 'same' },
    { groups: 4, filters: 4, c: 4, s: 1, padding: 'same' },
  ] as const)('values match a float64 grouped loop: %j', ({ groups, filters, c, s, padding }) => {
    const shape = [2, 5, 4, c];
    const layer = nn.layers.conv2d({ filters, kernelSize: [3, 2], strides: s, padding, groups, useBias: false });
    const xs = values(shape.reduce((p, q) => p * q), 3);
    const x = nn.tensor(xs, shape);
    layer.apply(x);
    expect(layer.kernel!.shape).toEqual([3, 2, c / groups, filters]);
    const k = assign(layer.kernel!, 5);
    const cg = c / groups;
    const ref = groupedConv(xs, shape, (a, b, ci, o) => k[((a * 2 + b) * cg + ci) * filters + o]!, [3, 2], filters, groups, s, padding);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, ref.ho, ref.wo, filters]);
    expect(worst(y.dataSync(), ref.y)).toBeLessThan(1e-5);
  }); // prettier-ignore

  test('gradients, parameter count, config, errors', () => {
    const layer = nn.layers.conv2d({ filters: 4, kernelSize: 2, groups: 2, activation: 'tanh' });
    layerGradCheck(layer, nn.randomNormal([1, 3, 3, 4], 0, 1, 'float32', 1));
    expect(layer.getConfig()).toMatchObject({ groups: 2 });
    const back = nn.layers.deserializeLayer({ className: 'Conv2D', config: layer.getConfig() });
    expect(back.getConfig()).toEqual(layer.getConfig());
    const m = nn.sequential({ layers: [nn.layers.conv2d({ filters: 8, kernelSize: 3, groups: 2, inputShape: [6, 6, 4] })] });
    expect(m.countParams()).toBe(3 * 3 * 2 * 8 + 8);
    expect(() => nn.layers.conv2d({ filters: 5, kernelSize: 3, groups: 2, name: 'g1' })).toThrow(
      "Conv2D 'g1': filters (5) must be divisible by groups (2)",
    );
    expect(() => nn.layers.conv2d({ filters: 4, kernelSize: 3, groups: 0, name: 'g2' })).toThrow(
      "Conv2D 'g2': groups must be a positive integer, received 0",
    );
    expect(() => nn.layers.conv2d({ filters: 4, kernelSize: 1, groups: 2, name: 'g3' }).apply(nn.ones([1, 3, 3, 3]))).toThrow(
      "Conv2D 'g3': the input's 3 channels must be divisible by groups (2)",
    );
  }); // prettier-ignore
});

describe('depthwiseConv2d and separableConv2d', () => {
  test.each([
    { m: 1, s: 1, padding: 'valid' },
    { m: 2, s: 2, padding: 'same' },
  ] as const)('depthwise values: channel c, multiplier j → output c·m + j: %j', ({ m, s, padding }) => {
    const shape = [2, 5, 5, 3];
    const xs = values(150, 7);
    const x = nn.tensor(xs, shape);
    const layer = nn.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: m, strides: s, padding, useBias: false });
    layer.apply(x);
    expect(layer.kernel!.shape).toEqual([3, 3, 3, m]);
    const k = assign(layer.kernel!, 9);
    // Depthwise = grouped with groups = channels, output o = c·m + j.
    const ref = groupedConv(xs, shape, (a, b, _ci, o) => k[((a * 3 + b) * 3 + Math.floor(o / m)) * m + (o % m)]!, [3, 3], 3 * m, 3, s, padding);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, ref.ho, ref.wo, 3 * m]);
    expect(worst(y.dataSync(), ref.y)).toBeLessThan(1e-5);
  }); // prettier-ignore

  test('separable values: the depthwise loop, then a 1x1 pointwise sum, plus bias', () => {
    const shape = [1, 4, 5, 2];
    const xs = values(40, 11);
    const x = nn.tensor(xs, shape);
    const layer = nn.layers.separableConv2d({ filters: 3, kernelSize: 2, depthMultiplier: 2, padding: 'same' });
    layer.apply(x);
    expect(layer.depthwiseKernel!.shape).toEqual([2, 2, 2, 2]);
    expect(layer.pointwiseKernel!.shape).toEqual([1, 1, 4, 3]);
    expect(layer.weights.map((w) => w.name.split('/').pop())).toEqual(['depthwise_kernel', 'pointwise_kernel', 'bias']);
    const dk = assign(layer.depthwiseKernel!, 13);
    const pk = assign(layer.pointwiseKernel!, 17);
    const bias = assign(layer.bias!, 19);
    const d = groupedConv(xs, shape, (a, b, _ci, o) => dk[((a * 2 + b) * 2 + Math.floor(o / 2)) * 2 + (o % 2)]!, [2, 2], 4, 2, 1, 'same');
    const want = new Float64Array(d.ho * d.wo * 3);
    for (let p = 0; p < d.ho * d.wo; p++)
      for (let o = 0; o < 3; o++) {
        let acc = bias[o]!;
        for (let q = 0; q < 4; q++) acc += d.y[p * 4 + q]! * pk[q * 3 + o]!;
        want[p * 3 + o] = acc;
      }
    expect(worst(layer.apply(x).dataSync(), want)).toBeLessThan(1e-5);
  }); // prettier-ignore

  test('gradients, Keras parameter counts, configs, errors', () => {
    const dw = nn.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, activation: 'tanh' });
    layerGradCheck(dw, nn.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 1));
    const sep = nn.layers.separableConv2d({ filters: 2, kernelSize: 2, padding: 'same' });
    layerGradCheck(sep, nn.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 2));
    const m = nn.sequential({
      layers: [
        nn.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, inputShape: [9, 9, 8] }),
        nn.layers.separableConv2d({ filters: 16, kernelSize: 3 }),
      ],
    });
    // Keras: 3·3·8·2 + 16 = 160; 3·3·16 + 16·16 + 16 = 416.
    expect(m.countParams()).toBe(160 + 416);
    for (const l of [dw, sep]) {
      const back = nn.layers.deserializeLayer({ className: l.className, config: l.getConfig() });
      expect(back.getConfig()).toEqual(l.getConfig());
    }
    expect(sep.getConfig()).toMatchObject({ depthMultiplier: 1, pointwiseInitializer: { className: 'GlorotUniform' } });
    expect(() => nn.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 0, name: 'd' })).toThrow(
      "DepthwiseConv2D 'd': depthMultiplier must be a positive integer, received 0",
    );
    expect(() => nn.layers.separableConv2d({ filters: 0, kernelSize: 3, name: 's' })).toThrow(
      "SeparableConv2D 's': filters must be a positive integer, received 0",
    );
  }); // prettier-ignore
});
