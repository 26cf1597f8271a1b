/** Normalization: values from Keras 3's own docstring examples, adapt, gradients, config, errors. */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

const L = nn.layers;
const close = (t: nn.Tensor, want: number[], tol = 1e-6): void => {
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(tol));
};

describe('normalization (Keras docstring values)', () => {
  test('axis null: one scalar mean and variance', () => {
    const n = L.normalization({ axis: null });
    n.adapt(nn.tensor([1, 2, 3, 4, 5]));
    close(n.apply(nn.tensor([1, 2, 3])), [-1.4142135, -0.70710677, 0]);
  });
  test('axis -1: per feature; invert', () => {
    const data = [
      [0, 7, 4],
      [2, 9, 6],
      [0, 7, 4],
      [2, 9, 6],
    ];
    const n = L.normalization({ axis: -1 });
    n.adapt(data);
    close(n.apply(nn.tensor([[0, 7, 4]])), [-1, -1, -1]);
    close(n.adaptMean!, [1, 8, 5]);
    close(n.adaptVariance!, [1, 1, 1]);
    const inv = L.normalization({ axis: -1, invert: true });
    inv.adapt(nn.tensor(data));
    close(inv.apply(nn.tensor([[1, 2, 3]])), [2, 10, 8]);
  });
  test('given mean and variance (no weights)', () => {
    const n = L.normalization({ mean: 3, variance: 2 });
    close(n.apply(nn.tensor([[1], [2], [3]])), [-1.4142135, -0.70710677, 0]);
    expect(n.weights.length).toBe(0);
    const v = L.normalization({ mean: [1, 2], variance: [4, 16] });
    close(v.apply(nn.tensor([[3, 6]])), [1, 1]);
  });
  test('adapted weights are mean, variance, count (non-trainable), as Keras saves them', () => {
    const n = L.normalization();
    n.adapt(
      nn.tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(n.trainableWeights.length).toBe(0);
    expect(n.nonTrainableWeights.map((w) => [w.name.split('/').pop(), w.shape, w.dtype])).toEqual([
      ['mean', [2], 'float32'],
      ['variance', [2], 'float32'],
      ['count', [], 'int32'],
    ]);
    expect(n.countParams()).toBe(5); // Keras counts 2 + 2 + 1
  });
  test('adapt on a dataset merges batches like a single pass (NumPy: mean 4.5, var 5.25)', async () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8];
    const ds = nn.data.array(xs.map((x) => [x])).batch(3);
    const n = L.normalization({ axis: null });
    await n.adapt(ds as AsyncIterable<unknown>);
    close(n.adaptMean!, [4.5], 1e-6);
    close(n.adaptVariance!, [5.25], 1e-5);
  });
  test('gradient with respect to the input', () => {
    const n = L.normalization({ axis: -1 });
    n.adapt(
      nn.tensor([
        [0, 7, 4],
        [2, 9, 6],
        [1, 3, 2],
      ]),
    );
    layerGradCheck(n, nn.randomNormal([2, 3], 0, 1, 'float32', 3));
    const inv = L.normalization({ mean: [1, 2, 3], variance: [4, 1, 9], invert: true });
    layerGradCheck(inv, nn.randomNormal([2, 3], 0, 1, 'float32', 4));
  });
  test('config round trip keeps axis, invert and given statistics; weights keep adapted ones', () => {
    const n = L.normalization({
      axis: [1, 2],
      mean: [1, 2],
      variance: [1, 4],
      invert: true,
      name: 'nrm_cfg',
    });
    const c = nn.layers.serialize(n);
    expect(c.config).toMatchObject({ axis: [1, 2], invert: true, mean: [1, 2], variance: [1, 4] });
    const back = nn.layers.deserializeLayer(c);
    close(back.apply(nn.ones([1, 3, 2])), Array.from(n.apply(nn.ones([1, 3, 2])).dataSync()));
    const a = L.normalization();
    a.adapt(
      nn.tensor([
        [1, 10],
        [3, 30],
      ]),
    );
    const b = nn.layers.deserializeLayer(nn.layers.serialize(a));
    b.apply(nn.zeros([1, 2]));
    b.setWeights(a.getWeights());
    close(b.apply(nn.tensor([[2, 20]])), [0, 0]);
  });
  test('clear errors', () => {
    expect(() => L.normalization({ mean: 1 })).toThrow(/give both mean and variance/);
    expect(() => L.normalization({ axis: null, mean: [1, 2], variance: [1, 2] })).toThrow(
      /rank 1, more than the 0 kept axes/,
    );
    expect(() => L.normalization({ name: 'n_e' }).adapt([] as number[])).toThrow(
      /Normalization 'n_e'.*empty/,
    );
    expect(() =>
      L.normalization({ name: 'n_s' }).apply(['a', 'b'] as unknown as nn.Tensor),
    ).toThrow("Normalization 'n_s': takes numeric tensors, received strings");
    expect(() => L.normalization({ mean: 1, variance: 1 }).adapt(nn.ones([2]))).toThrow(
      /nothing to adapt/,
    );
    const n = L.normalization({ name: 'n_shape' });
    n.adapt(nn.ones([4, 3]));
    expect(() => n.apply(nn.ones([2, 5]))).toThrow(/Normalization 'n_shape': built for inputs/);
  });
});
