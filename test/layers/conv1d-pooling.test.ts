/**
 * Conv1D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D (with masks),
 * GlobalMaxPooling1D/2D, UpSampling2D and Cropping2D: values against float64 loops written
 * here from Keras's definitions, gradient checks, config round trips and parameter counts.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

/** Distinct deterministic values in [-1, 1). */
const values = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => (((i + 1) * 7919 * seed) % 1000) / 500 - 1);

const worst = (got: ArrayLike<number>, want: ArrayLike<number>): number => {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!));
  return w;
};

/** TF's leading 'same' padding for a window of `span` stepping by `s` over `t`. */
const samePad = (t: number, span: number, s: number): { out: number; before: number } => {
  const out = Math.ceil(t / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + span - t, 0) / 2) };
};

const roundTrip = (layer: nn.Layer): void => {
  const cfg = layer.getConfig();
  const back = nn.layers.deserializeLayer({ className: layer.className, config: cfg });
  expect(back.getConfig()).toEqual(cfg);
};

describe('conv1d', () => {
  function reference(
    x: number[],
    [n, t, c]: number[],
    k: number[],
    [ks, f]: number[],
    s: number,
    d: number,
    padding: 'valid' | 'same' | 'causal',
  ): { y: Float64Array; out: number } {
    const span = (ks! - 1) * d + 1;
    let out: number;
    let before: number;
    if (padding === 'valid') [out, before] = [Math.floor((t! - span) / s) + 1, 0];
    else if (padding === 'causal') [out, before] = [Math.floor((t! - 1) / s) + 1, span - 1];
    else ({ out, before } = samePad(t!, span, s));
    const y = new Float64Array(n! * out * f!);
    for (let b = 0; b < n!; b++)
      for (let o = 0; o < out; o++)
        for (let j = 0; j < f!; j++) {
          let acc = 0;
          for (let a = 0; a < ks!; a++) {
            const i = o * s + a * d - before;
            if (i < 0 || i >= t!) continue;
            for (let ci = 0; ci < c!; ci++)
              acc += x[(b * t! + i) * c! + ci]! * k[(a * c! + ci) * f! + j]!;
          }
          y[(b * out + o) * f! + j] = acc;
        }
    return { y, out };
  }

  test.each([
    { padding: 'valid', strides: 1, dilationRate: 1, kernelSize: 3 },
    { padding: 'same', strides: 2, dilationRate: 1, kernelSize: 4 },
    { padding: 'causal', strides: 1, dilationRate: 2, kernelSize: 3 },
    { padding: 'causal', strides: 2, dilationRate: 1, kernelSize: 2 },
    { padding: 'valid', strides: 3, dilationRate: 1, kernelSize: 2 },
  ] as const)('values match a float64 loop: %j', ({ padding, strides, dilationRate, kernelSize }) => {
    const shape = [2, 9, 3];
    const layer = nn.layers.conv1d({ filters: 2, kernelSize, strides, dilationRate, padding, useBias: false });
    const xs = values(54, 3);
    const x = nn.tensor(xs, shape);
    layer.apply(x);
    expect(layer.kernel!.shape).toEqual([kernelSize, 3, 2]);
    const ks = values(layer.kernel!.size, 7);
    layer.kernel!.assign(nn.tensor(ks, layer.kernel!.shape));
    const y = layer.apply(x);
    const ref = reference(xs, shape, ks, [kernelSize, 2], strides, dilationRate, padding);
    expect(y.shape).toEqual([2, ref.out, 2]);
    expect(layer.computeOutputShape([null, 9, 3])).toEqual([null, ref.out, 2]);
    expect(worst(y.dataSync(), ref.y)).toBeLessThan(1e-5);
  }); // prettier-ignore

  test('gradients, config round trip, parameter count, errors', () => {
    const c = nn.layers.conv1d({ filters: 2, kernelSize: 3, padding: 'causal', activation: 'tanh' });
    layerGradCheck(c, nn.randomNormal([2, 5, 2], 0, 1, 'float32', 1));
    layerGradCheck(
      nn.layers.conv1d({ filters: 3, kernelSize: 2, strides: 2, padding: 'same' }),
      nn.randomNormal([1, 5, 2], 0, 1, 'float32', 2),
    );
    expect(c.getConfig()).toMatchObject({ kernelSize: [3], strides: [1], dilationRate: [1], padding: 'causal', groups: 1 });
    roundTrip(c);
    const m = nn.sequential({ layers: [nn.layers.conv1d({ filters: 8, kernelSize: 5, inputShape: [20, 4] })] });
    expect(m.countParams()).toBe(5 * 4 * 8 + 8);
    expect(() => nn.layers.conv1d({ filters: 2, kernelSize: 3, padding: 'full' as 'same', name: 'c' })).toThrow(
      "Conv1D 'c': padding must be 'valid', 'same' or 'causal', received \"full\"",
    );
    expect(() => nn.layers.conv1d({ filters: 2, kernelSize: [3, 3] as unknown as number, name: 'd' })).toThrow(
      "Conv1D 'd': kernelSize must be a positive integer (or a list of one), received [3,3]",
    );
    expect(() => nn.layers.conv1d({ filters: 2, kernelSize: 3, name: 'e' }).apply(nn.ones([2, 5, 5, 1]))).toThrow(
      "Conv1D 'e': expected input of shape [batch, steps, channels] with known channels, received [2,5,5,1]",
    );
  }); // prettier-ignore
});

describe('1-D pooling', () => {
  function pool(
    x: number[],
    [n, t, c]: number[],
    k: number,
    s: number,
    padding: 'valid' | 'same',
    kind: 'max' | 'avg',
  ): { y: Float64Array; out: number } {
    const { out, before } =
      padding === 'valid' ? { out: Math.floor((t! - k) / s) + 1, before: 0 } : samePad(t!, k, s);
    const y = new Float64Array(n! * out * c!);
    for (let b = 0; b < n!; b++)
      for (let o = 0; o < out; o++)
        for (let ci = 0; ci < c!; ci++) {
          const taps: number[] = [];
          for (let a = 0; a < k; a++) {
            const i = o * s + a - before;
            if (i >= 0 && i < t!) taps.push(x[(b * t! + i) * c! + ci]!);
          }
          y[(b * out + o) * c! + ci] =
            kind === 'max' ? Math.max(...taps) : taps.reduce((p, q) => p + q, 0) / taps.length;
        }
    return { y, out };
  }

  test.each([
    { poolSize: 2, strides: undefined, padding: 'valid' },
    { poolSize: 3, strides: 2, padding: 'same' },
    { poolSize: 3, strides: 1, padding: 'same' },
    { poolSize: 2, strides: 3, padding: 'valid' },
  ] as const)('max and average match float64 loops: %j', ({ poolSize, strides, padding }) => {
    const shape = [2, 7, 3];
    const xs = values(42, 11);
    const x = nn.tensor(xs, shape);
    for (const kind of ['max', 'avg'] as const) {
      const args = { poolSize, strides, padding };
      const layer = kind === 'max' ? nn.layers.maxPooling1d(args) : nn.layers.averagePooling1d(args);
      const y = layer.apply(x);
      const ref = pool(xs, shape, poolSize, strides ?? poolSize, padding, kind);
      expect(y.shape).toEqual([2, ref.out, 3]);
      expect(layer.computeOutputShape([null, 7, 3])).toEqual([null, ref.out, 3]);
      expect(worst(y.dataSync(), ref.y)).toBeLessThan(1e-6);
      roundTrip(layer);
      layerGradCheck(layer, x);
    }
  }); // prettier-ignore

  test('Keras defaults and errors', () => {
    expect(nn.layers.maxPooling1d().getConfig()).toMatchObject({ poolSize: [2], strides: [2], padding: 'valid' });
    expect(() => nn.layers.averagePooling1d({ poolSize: 0, name: 'p' })).toThrow(
      "AveragePooling1D 'p': poolSize must be a positive integer (or a list of one), received 0",
    );
    expect(() => nn.layers.maxPooling1d({ name: 'q' }).apply(nn.ones([2, 4]))).toThrow(
      "MaxPooling1D 'q': expected input of shape [batch, steps, channels], received [2,4]",
    );
  }); // prettier-ignore
});

describe('global pooling', () => {
  test('globalAveragePooling1d: plain and masked means (masked steps left out)', () => {
    const xs = values(2 * 4 * 3, 5);
    const x = nn.tensor(xs, [2, 4, 3]);
    const mask = [1, 1, 0, 1, 1, 0, 0, 0];
    const g = nn.layers.globalAveragePooling1d();
    const plain = new Float64Array(6);
    const masked = new Float64Array(6);
    for (let b = 0; b < 2; b++)
      for (let c = 0; c < 3; c++) {
        let all = 0;
        let kept = 0;
        let count = 0;
        for (let t = 0; t < 4; t++) {
          const v = xs[(b * 4 + t) * 3 + c]!;
          all += v;
          if (mask[b * 4 + t]) [kept, count] = [kept + v, count + 1];
        }
        plain[b * 3 + c] = all / 4;
        masked[b * 3 + c] = kept / count;
      }
    expect(worst(g.apply(x).dataSync(), plain)).toBeLessThan(1e-6);
    const m = nn.tensor(mask.map(Boolean), [2, 4], 'bool');
    expect(worst(g.apply(x, { mask: m }).dataSync(), masked)).toBeLessThan(1e-6);
    // An embedding with maskZero feeds its mask through a model.
    const ids = nn.input({ shape: [4], dtype: 'int32' });
    const e = nn.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const model = nn.model({ inputs: ids, outputs: g.apply(e.apply(ids)) });
    const out = model.predict(nn.tensor([[3, 1, 0, 0]], [1, 4], 'int32'));
    const table = e.getWeights()[0]!.dataSync();
    const want = [0, 1].map((j) => (table[3 * 2 + j]! + table[1 * 2 + j]!) / 2);
    expect(worst(out.dataSync(), want)).toBeLessThan(1e-6);
    layerGradCheck(nn.layers.globalAveragePooling1d({ keepdims: true }), x);
    expect(nn.layers.globalAveragePooling1d({ keepdims: true }).computeOutputShape([null, 4, 3])).toEqual([null, 1, 3]);
  }); // prettier-ignore

  test('globalMaxPooling1d and globalMaxPooling2d: values, keepdims, gradients, configs', () => {
    const xs = values(2 * 3 * 2 * 2, 13);
    const x2 = nn.tensor(xs, [2, 3, 2, 2]);
    const want2 = new Float64Array(4).fill(-Infinity);
    const want1 = new Float64Array(4).fill(-Infinity);
    for (let b = 0; b < 2; b++)
      for (let p = 0; p < 6; p++)
        for (let c = 0; c < 2; c++) {
          const v = xs[(b * 6 + p) * 2 + c]!;
          want2[b * 2 + c] = Math.max(want2[b * 2 + c]!, v);
          want1[b * 2 + c] = Math.max(want1[b * 2 + c]!, v);
        }
    const g2 = nn.layers.globalMaxPooling2d();
    expect(worst(g2.apply(x2).dataSync(), want2)).toBeLessThan(1e-7);
    const x1 = nn.reshape(x2, [2, 6, 2]);
    const g1 = nn.layers.globalMaxPooling1d({ keepdims: true });
    expect(g1.apply(x1).shape).toEqual([2, 1, 2]);
    expect(worst(g1.apply(x1).dataSync(), want1)).toBeLessThan(1e-7);
    expect(nn.layers.globalMaxPooling2d({ keepdims: true }).computeOutputShape([null, 5, 5, 3])).toEqual([null, 1, 1, 3]);
    layerGradCheck(g2, x2);
    layerGradCheck(g1, x1);
    roundTrip(g1);
    roundTrip(g2);
    expect(() => nn.layers.globalMaxPooling2d({ name: 'g' }).apply(x1)).toThrow(
      "GlobalMaxPooling2D 'g': expected input of shape [batch, height, width, channels], received [2,6,2]",
    );
  }); // prettier-ignore
});

describe('upSampling2d and cropping2d', () => {
  test('upSampling2d nearest repeats rows and columns; bilinear uses half-pixel centres', () => {
    const xs = values(2 * 3 * 2 * 2, 17);
    const x = nn.tensor(xs, [2, 3, 2, 2]);
    const near = nn.layers.upSampling2d({ size: [2, 3] });
    const y = near.apply(x);
    expect(y.shape).toEqual([2, 6, 6, 2]);
    const want = new Float64Array(2 * 6 * 6 * 2);
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 6; j++)
          for (let c = 0; c < 2; c++)
            want[((b * 6 + i) * 6 + j) * 2 + c] = xs[((b * 3 + Math.floor(i / 2)) * 2 + Math.floor(j / 3)) * 2 + c]!;
    expect(worst(y.dataSync(), want)).toBeLessThan(1e-7);
    // Bilinear (TF's resize with half-pixel centres): source (o + 0.5)/f - 0.5, clamped.
    const bil = nn.layers.upSampling2d({ size: 2, interpolation: 'bilinear' });
    const yb = bil.apply(x);
    const at = (b: number, i: number, j: number, c: number): number => xs[((b * 3 + i) * 2 + j) * 2 + c]!;
    const axis = (o: number, f: number, n: number): [number, number, number] => {
      const s = Math.min(Math.max((o + 0.5) / f - 0.5, 0), n - 1);
      const lo = Math.floor(s);
      return [lo, Math.min(lo + 1, n - 1), s - lo];
    };
    const wb = new Float64Array(2 * 6 * 4 * 2);
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 4; j++)
          for (let c = 0; c < 2; c++) {
            const [r0, r1, fr] = axis(i, 2, 3);
            const [c0, c1, fc] = axis(j, 2, 2);
            const top = at(b, r0, c0, c) * (1 - fc) + at(b, r0, c1, c) * fc;
            const bot = at(b, r1, c0, c) * (1 - fc) + at(b, r1, c1, c) * fc;
            wb[((b * 6 + i) * 4 + j) * 2 + c] = top * (1 - fr) + bot * fr;
          }
    expect(yb.shape).toEqual([2, 6, 4, 2]);
    expect(worst(yb.dataSync(), wb)).toBeLessThan(1e-6);
    layerGradCheck(near, x);
    layerGradCheck(bil, x);
    roundTrip(bil);
    expect(near.getConfig()).toMatchObject({ size: [2, 3], interpolation: 'nearest' });
    expect(near.computeOutputShape([null, 7, null, 1])).toEqual([null, 14, null, 1]);
    expect(() => nn.layers.upSampling2d({ interpolation: 'bicubic' as 'nearest', name: 'u' })).toThrow(
      "UpSampling2D 'u': interpolation must be 'nearest' or 'bilinear', received \"bicubic\"",
    );
  }); // prettier-ignore

  test('cropping2d: the three ways to give cropping, values, gradient, errors', () => {
    const xs = values(1 * 5 * 6 * 2, 19);
    const x = nn.tensor(xs, [1, 5, 6, 2]);
    const crop = nn.layers.cropping2d({ cropping: [[1, 2], [0, 3]] });
    const y = crop.apply(x);
    expect(y.shape).toEqual([1, 2, 3, 2]);
    const want: number[] = [];
    for (let i = 1; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) want.push(xs[(i * 6 + j) * 2 + c]!);
    expect(worst(y.dataSync(), want)).toBeLessThan(1e-7);
    expect(nn.layers.cropping2d({ cropping: 1 }).computeOutputShape([null, 5, 6, 2])).toEqual([null, 3, 4, 2]);
    expect(nn.layers.cropping2d({ cropping: [1, 2] }).computeOutputShape([null, 5, 6, 2])).toEqual([null, 3, 2, 2]);
    expect(crop.getConfig()).toMatchObject({ cropping: [[1, 2], [0, 3]] });
    roundTrip(crop);
    layerGradCheck(crop, x);
    expect(() => nn.layers.cropping2d({ cropping: -1, name: 'k' })).toThrow(
      "Cropping2D 'k': cropping must be a non-negative integer, [rows, cols] or [[top, bottom], [left, right]], received -1",
    );
    expect(() => nn.layers.cropping2d({ cropping: [3, 0], name: 'k2' }).apply(x)).toThrow(
      "Cropping2D 'k2': cropping 3+3 leaves nothing of the height 5 of the input [1,5,6,2]",
    );
  }); // prettier-ignore
});
