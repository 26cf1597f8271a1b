/**
 * The Keras layers added for ONNX import (ReLU, ELU, GELU, Softmax, Permute, Subtract,
 * Divide, Rescaling, AveragePooling2D, GlobalAveragePooling2D): values against float64
 * formulas written here, a finite-difference gradient check, and a config round trip
 * through the registry.
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';
import { gradCheck } from '../helpers/grad-check.js';

const close = (got: ArrayLike<number>, want: readonly number[], tol = 1e-5): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) =>
    expect(Math.abs(got[i]! - w), `element ${i}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(w)),
    ),
  );
};
/** Serializes and rebuilds a layer; the config must survive unchanged. */
const roundTrip = (layer: nn.Layer): nn.Layer => {
  const copy = nn.layers.deserializeLayer(nn.layers.serialize(layer));
  expect(copy.className).toBe(layer.className);
  expect(copy.getConfig()).toEqual(layer.getConfig());
  return copy;
};
const XS = [-4, -1.5, -0.3, 0.2, 0.9, 2.5, 7];

describe('activation layers', () => {
  test('ReLU: max value, negative slope and threshold (Keras example values)', () => {
    const r = nn.layers.reLU({ maxValue: 10, negativeSlope: 0.5 });
    close(r.apply(nn.tensor([-10, -5, 0, 5, 10])).dataSync(), [-5, -2.5, 0, 5, 10]);
    const t = nn.layers.reLU({ negativeSlope: 0.5, maxValue: 5, threshold: 1 });
    const f = (x: number): number => Math.min(x >= 1 ? x : 0.5 * (x - 1), 5);
    close(t.apply(nn.tensor(XS)).dataSync(), XS.map(f));
    layerGradCheck(t, nn.tensor([[-2.2, -0.7, 0.45, 1.3, 2.1, 6.2]]));
    expect(() => nn.layers.reLU({ maxValue: -1 })).toThrow(
      /maxValue must be a finite number >= 0, received -1/,
    );
    expect((roundTrip(t) as nn.layers.ReLU).maxValue).toBe(5);
    expect(nn.layers.reLU().getConfig()).toMatchObject({
      maxValue: null,
      negativeSlope: 0,
      threshold: 0,
    });
  });

  test('ELU with alpha', () => {
    const e = nn.layers.elu({ alpha: 0.7 });
    close(
      e.apply(nn.tensor(XS)).dataSync(),
      XS.map((x) => (x > 0 ? x : 0.7 * Math.expm1(x))),
    );
    layerGradCheck(e, nn.tensor([[-2.2, -0.7, 0.45, 1.3]]));
    expect((roundTrip(e) as nn.layers.ELU).alpha).toBe(0.7);
  });

  test('GELU: the tanh form and the exact form', () => {
    const tanhForm = (x: number): number =>
      0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    const g = nn.layers.gelu({ approximate: true });
    close(g.apply(nn.tensor(XS)).dataSync(), XS.map(tanhForm));
    layerGradCheck(g, nn.tensor([[-2.2, -0.7, 0.45, 1.3]]));
    expect((roundTrip(g) as nn.layers.GELU).approximate).toBe(true);
    // Exact at 1: ½(1 + erf(1/√2)) = 0.8413447460685429.
    close(
      nn.layers
        .gelu()
        .apply(nn.tensor([1]))
        .dataSync(),
      [0.8413447460685429],
    );
  });

  test('Softmax along a middle axis', () => {
    const s = nn.layers.softmax({ axis: 1 });
    const x = [
      [
        [1, 2],
        [3, 0],
        [-1, 5],
      ],
    ];
    const y = s.apply(nn.tensor(x)).arraySync() as number[][][];
    for (let c = 0; c < 2; c++) {
      const z = x[0]!.reduce((a, row) => a + Math.exp(row[c]!), 0);
      x[0]!.forEach((row, r) => expect(y[0]![r]![c]).toBeCloseTo(Math.exp(row[c]!) / z, 6));
    }
    layerGradCheck(
      s,
      nn.tensor([
        [
          [0.1, -0.4],
          [0.3, 0.8],
          [-0.6, 0.2],
        ],
      ]),
    );
    expect((roundTrip(s) as nn.layers.Softmax).axis).toBe(1);
    expect(() => nn.layers.softmax({ axis: 0 })).toThrow(/axis 0 is the batch/);
  });
});

describe('shape and merge layers', () => {
  test('Permute reorders the sample axes', () => {
    const p = nn.layers.permute({ dims: [2, 3, 1] });
    const x = nn.tensor(
      Array.from({ length: 24 }, (_, i) => i),
      [1, 2, 3, 4],
    );
    const y = p.apply(x);
    expect(y.shape).toEqual([1, 3, 4, 2]);
    const xv = x.arraySync() as number[][][][];
    const yv = y.arraySync() as number[][][][];
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 3; b++)
        for (let c = 0; c < 4; c++) expect(yv[0]![b]![c]![a]).toBe(xv[0]![a]![b]![c]);
    expect(p.computeOutputShape([null, 2, 3, 4])).toEqual([null, 3, 4, 2]);
    layerGradCheck(p, nn.randomNormal([1, 2, 2, 3], 0, 1, 'float32', 3));
    expect((roundTrip(p) as nn.layers.Permute).dims).toEqual([2, 3, 1]);
    expect(() => nn.layers.permute({ dims: [1, 3] })).toThrow(
      /dims must be a permutation of 1\.\.2/,
    );
  });

  test('Subtract and Divide: two inputs, elementwise', () => {
    const a = nn.tensor([[1, 4, -2]]);
    const b = nn.tensor([[2, 0.5, 4]]);
    close((nn.layers.subtract().apply([a, b]) as nn.Tensor).dataSync(), [-1, 3.5, -6]);
    close((nn.layers.divide().apply([a, b]) as nn.Tensor).dataSync(), [0.5, 8, -0.5]);
    for (const make of [nn.layers.subtract, nn.layers.divide]) {
      const layer = make();
      gradCheck(
        (p, q) => layer.apply([p, q]) as nn.Tensor,
        [nn.tensor([[0.3, -1.2]]), nn.tensor([[1.5, 0.8]])],
      );
      roundTrip(layer);
      const x = nn.input({ shape: [3] });
      const z = nn.input({ shape: [2] });
      expect(() => layer.apply([x, z])).toThrow(
        /input 1 has shape \[null,2\], input 0 has \[null,3\]/,
      );
    }
  });

  test('Rescaling: scalars and per-channel arrays (broadcast from the last axis)', () => {
    const r = nn.layers.rescaling({ scale: 1 / 127.5, offset: -1 });
    close(r.apply(nn.tensor([0, 127.5, 255])).dataSync(), [-1, 0, 1]);
    const c = nn.layers.rescaling({ scale: [2, -1], offset: [[0.5, 0]] });
    close(
      c
        .apply(
          nn.tensor([
            [
              [1, 1],
              [3, -2],
            ],
          ]),
        )
        .dataSync(),
      [2.5, -1, 6.5, 2],
    );
    layerGradCheck(
      c,
      nn.tensor([
        [
          [0.3, -0.4],
          [1.1, 0.2],
        ],
      ]),
    );
    expect(roundTrip(c).getConfig()).toMatchObject({ scale: [2, -1], offset: [[0.5, 0]] });
    expect(() => nn.layers.rescaling({ scale: [1, [2]] as unknown as number[] })).toThrow(
      /rectangular array/,
    );
  });
});

describe('pooling layers', () => {
  /** Mean of each window, counting only positions inside the image (TF's 'same'). */
  function avgPoolRef(
    x: number[][],
    k: number,
    s: number,
    before: number,
    outH: number,
    outW: number,
  ): number[] {
    const out: number[] = [];
    for (let i = 0; i < outH; i++)
      for (let j = 0; j < outW; j++) {
        let sum = 0;
        let n = 0;
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            const r = i * s - before + a;
            const c = j * s - before + b;
            if (r >= 0 && r < x.length && c >= 0 && c < x[0]!.length) {
              sum += x[r]![c]!;
              n++;
            }
          }
        out.push(sum / n);
      }
    return out;
  }
  const img = Array.from({ length: 5 }, (_, r) =>
    Array.from({ length: 5 }, (_, c) => Math.sin(r * 5 + c) * 3),
  );
  const x = nn.tensor(img.flat(), [1, 5, 5, 1]);

  test("AveragePooling2D 'valid' and 'same' (padding left out of the mean)", () => {
    const v = nn.layers.averagePooling2d({ poolSize: 2, strides: 2 });
    close(v.apply(x).dataSync(), avgPoolRef(img, 2, 2, 0, 2, 2));
    // 'same', pool 3, stride 2 on 5: out 3, total pad 2, 1 before.
    const s = nn.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' });
    expect(s.apply(x).shape).toEqual([1, 3, 3, 1]);
    close(s.apply(x).dataSync(), avgPoolRef(img, 3, 2, 1, 3, 3));
    layerGradCheck(s, nn.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 8));
    expect(roundTrip(s).getConfig()).toMatchObject({
      poolSize: [3, 3],
      strides: [2, 2],
      padding: 'same',
    });
  });

  test('GlobalAveragePooling2D, with and without keepdims', () => {
    const mean = img.flat().reduce((a, b) => a + b, 0) / 25;
    close(nn.layers.globalAveragePooling2d().apply(x).dataSync(), [mean]);
    const k = nn.layers.globalAveragePooling2d({ keepdims: true });
    expect(k.apply(x).shape).toEqual([1, 1, 1, 1]);
    expect(k.computeOutputShape([null, 7, 7, 3])).toEqual([null, 1, 1, 3]);
    layerGradCheck(k, nn.randomNormal([2, 3, 3, 2], 0, 1, 'float32', 9));
    expect((roundTrip(k) as nn.layers.GlobalAveragePooling2D).keepdims).toBe(true);
  });
});
