import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';
import { conv2dTranspose } from '../../src/ops/conv-transpose.js';
import {
  fixtureJson,
  flatOutputs,
  maxAbsDiff,
  type Nested,
  predictNested,
} from '../io/keras/helpers.js';

/** Deterministic values in [-1, 1). */
const values = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => (((i + 1) * 7919 * seed) % 1000) / 500 - 1);

/**
 * Float64 scatter form of a transposed convolution, written from the definition: every
 * input pixel (i, j) adds kernel[a, b, o, c]·x[i, j, c] into output (i·s + a − top,
 * j·s + b − left), where top/left are the leading pads TF's conv2d_transpose uses ('same':
 * half, rounded down, of the padding the forward convolution of the output would need).
 */
function reference(
  x: number[],
  [n, h, w, c]: number[],
  k: number[],
  [kh, kw, oc]: number[],
  [sh, sw]: number[],
  padding: 'same' | 'valid',
  [ho, wo]: number[],
): Float64Array {
  const lead = (out: number, kk: number, s: number): number =>
    padding === 'valid' ? 0 : Math.floor(Math.max((Math.ceil(out / s) - 1) * s + kk - out, 0) / 2);
  const top = lead(ho!, kh!, sh!);
  const left = lead(wo!, kw!, sw!);
  const y = new Float64Array(n! * ho! * wo! * oc!);
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < h!; i++)
      for (let j = 0; j < w!; j++)
        for (let ci = 0; ci < c!; ci++) {
          const v = x[((b * h! + i) * w! + j) * c! + ci]!;
          for (let a = 0; a < kh!; a++)
            for (let bb = 0; bb < kw!; bb++) {
              const r = i * sh! + a - top;
              const q = j * sw! + bb - left;
              if (r < 0 || r >= ho! || q < 0 || q >= wo!) continue;
              for (let o = 0; o < oc!; o++)
                y[((b * ho! + r) * wo! + q) * oc! + o]! +=
                  k[((a * kw! + bb) * oc! + o) * c! + ci]! * v;
            }
        }
  return y;
}

describe('conv2dTranspose', () => {
  const cases: {
    shape: [number, number, number, number];
    kernel: [number, number];
    filters: number;
    strides: [number, number];
    padding: 'same' | 'valid';
    outputPadding?: [number, number];
    out: [number, number];
  }[] = [
    { shape: [2, 3, 4, 2], kernel: [3, 3], filters: 3, strides: [2, 2], padding: 'same', out: [6, 8] },
    { shape: [1, 3, 3, 2], kernel: [3, 2], filters: 2, strides: [2, 1], padding: 'valid', out: [7, 4] },
    { shape: [1, 2, 3, 1], kernel: [2, 2], filters: 2, strides: [3, 3], padding: 'valid', out: [6, 9] },
    { shape: [1, 4, 3, 2], kernel: [3, 3], filters: 1, strides: [1, 1], padding: 'same', out: [4, 3] },
    { shape: [1, 3, 3, 1], kernel: [4, 4], filters: 2, strides: [2, 2], padding: 'same', out: [6, 6] },
    {
      shape: [1, 3, 2, 2],
      kernel: [3, 3],
      filters: 2,
      strides: [2, 3],
      padding: 'same',
      outputPadding: [1, 2],
      out: [6, 6],
    },
    {
      shape: [1, 2, 2, 1],
      kernel: [3, 2],
      filters: 1,
      strides: [2, 2],
      padding: 'valid',
      outputPadding: [1, 0],
      out: [6, 4],
    },
  ]; // prettier-ignore

  test.each(cases)(
    'values match a float64 scatter loop: %j',
    ({ shape, kernel, filters, strides, padding, outputPadding, out }) => {
      const layer = nn.layers.conv2dTranspose({
        filters,
        kernelSize: kernel,
        strides,
        padding,
        outputPadding,
        useBias: false,
      });
      const xs = values(
        shape.reduce((a, b) => a * b),
        3,
      );
      const x = nn.tensor(xs, shape);
      expect(layer.computeOutputShape([null, shape[1], shape[2], shape[3]])).toEqual([
        null,
        ...out,
        filters,
      ]);
      layer.apply(x);
      expect(layer.kernel!.shape).toEqual([...kernel, filters, shape[3]]);
      const ks = values(layer.kernel!.size, 5);
      layer.kernel!.assign(nn.tensor(ks, layer.kernel!.shape));
      const y = layer.apply(x);
      expect(y.shape).toEqual([shape[0], ...out, filters]);
      const ref = reference(xs, shape, ks, [...kernel, filters], strides, padding, out);
      const got = y.dataSync();
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!));
      expect(worst).toBeLessThan(1e-5);
    },
  );

  test('the op equals the bias-free layer; a kernel that does not match is refused', () => {
    const x = nn.tensor(values(18, 2), [1, 3, 3, 2]);
    const k = nn.tensor(values(24, 4), [2, 2, 3, 2]);
    const a = conv2dTranspose(x, k, { strides: 2, padding: 'same' });
    const layer = nn.layers.conv2dTranspose({
      filters: 3,
      kernelSize: 2,
      strides: 2,
      padding: 'same',
      useBias: false,
    });
    layer.apply(x);
    layer.kernel!.assign(k);
    expect(a.shape).toEqual([1, 6, 6, 3]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(layer.apply(x).dataSync()));
    expect(() => conv2dTranspose(x, nn.ones([2, 2, 3, 4]))).toThrow(
      "conv2dTranspose: the kernel's last axis (4 input channels) must match x's channels (2)",
    );
  });

  test('gradient check with respect to the input, the kernel and the bias', () => {
    const a = nn.layers.conv2dTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
    });
    layerGradCheck(a, nn.randomNormal([2, 3, 2, 2], 0, 1, 'float32', 1));
    const b = nn.layers.conv2dTranspose({
      filters: 2,
      kernelSize: [2, 3],
      strides: [2, 1],
      outputPadding: [1, 0],
    });
    layerGradCheck(b, nn.randomNormal([1, 2, 3, 3], 0, 1, 'float32', 2));
  });

  test('config round trip, Keras defaults, parameter count', () => {
    const layer = nn.layers.conv2dTranspose({
      filters: 4,
      kernelSize: [3, 2],
      strides: 2,
      padding: 'same',
      outputPadding: 1,
      activation: 'relu',
      name: 'up',
    });
    const cfg = layer.getConfig();
    expect(cfg).toMatchObject({
      filters: 4,
      kernelSize: [3, 2],
      strides: [2, 2],
      padding: 'same',
      outputPadding: [1, 1],
      dilationRate: [1, 1],
      activation: 'relu',
      useBias: true,
    });
    const back = nn.layers.deserializeLayer({ className: 'Conv2DTranspose', config: cfg });
    expect(back.getConfig()).toEqual(cfg);
    expect(nn.layers.conv2dTranspose({ filters: 1, kernelSize: 2 }).getConfig()).toMatchObject({
      strides: [1, 1],
      padding: 'valid',
      outputPadding: null,
    });
    const model = nn.sequential({
      layers: [nn.layers.conv2dTranspose({ filters: 8, kernelSize: 3, inputShape: [7, 7, 16] })],
    });
    // Keras: 3·3·8·16 + 8.
    expect(model.countParams()).toBe(3 * 3 * 8 * 16 + 8);
    const lines: string[] = [];
    model.summary((l) => lines.push(l));
    expect(lines.join('\n')).toMatch(
      /conv2d_transpose\S* +\(Conv2DTranspose\) +│ \(None, 9, 9, 8\) +│ +1,160 │/,
    );
  });

  test('bad configurations say what is wrong', () => {
    expect(() => nn.layers.conv2dTranspose({ filters: 0, kernelSize: 3, name: 't0' })).toThrow(
      "Conv2DTranspose 't0': filters must be a positive integer, received 0",
    );
    expect(() =>
      nn.layers.conv2dTranspose({
        filters: 1,
        kernelSize: 3,
        strides: 2,
        outputPadding: 2,
        name: 't1',
      }),
    ).toThrow("Conv2DTranspose 't1': outputPadding [2,2] must be smaller than strides [2,2]");
    expect(() =>
      nn.layers.conv2dTranspose({ filters: 1, kernelSize: 3, dilationRate: 2, name: 't2' }),
    ).toThrow("Conv2DTranspose 't2': only dilationRate 1 is supported, received 2");
    const l = nn.layers.conv2dTranspose({ filters: 1, kernelSize: 3, name: 't3' });
    expect(() => l.apply(nn.ones([2, 5, 5]))).toThrow(
      "Conv2DTranspose 't3': expected input of shape [batch, height, width, channels] with known channels, received [2,5,5]",
    );
  });

  test('the Keras corpus conv autoencoder (k6) loads and predicts like its NumPy reference', async () => {
    const ref = fixtureJson<{ file: string; inputs: Nested; outputs: Nested[] }>(
      'test/fixtures/keras-reference/k6_gate92_conv_autoencoder_keras3.json',
    );
    const model = await nn.loadModel(ref.file);
    expect(model.layers.some((l) => l.className === 'Conv2DTranspose')).toBe(true);
    const got = predictNested(model, [ref.inputs]);
    const want = flatOutputs(ref.outputs);
    expect(got.length).toBe(want.length);
    got.forEach((g, i) => expect(maxAbsDiff(g, want[i]!)).toBeLessThan(1e-4));
  });
});
