import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';
import { gradCheck } from '../helpers/grad-check.js';

describe('flatten and reshape', () => {
  test('flatten keeps the batch and multiplies the rest', () => {
    const f = nn.layers.flatten();
    expect(f.apply(nn.ones([2, 3, 4])).shape).toEqual([2, 12]);
    expect(f.computeOutputShape([null, 28, 28])).toEqual([null, 784]);
    layerGradCheck(f, nn.randomNormal([2, 2, 3], 0, 1, 'float32', 1));
  });
  test('reshape with -1 and a clear error when sizes differ', () => {
    const r = nn.layers.reshape({ targetShape: [3, -1] });
    expect(r.apply(nn.ones([2, 12])).shape).toEqual([2, 3, 4]);
    expect(r.computeOutputShape([null, 12])).toEqual([null, 3, 4]);
    layerGradCheck(r, nn.randomNormal([2, 6], 0, 1, 'float32', 2));
    const bad = nn.layers.reshape({ targetShape: [5], name: 'rs_bad' });
    expect(() => bad.apply(nn.ones([2, 12]))).toThrow(
      "Reshape 'rs_bad': cannot reshape input [2,12] (12 values per sample) to [5]",
    );
    expect(() => nn.layers.reshape({ targetShape: [-1, -1] })).toThrow(/at most one -1/);
  });
});

describe('dropout', () => {
  test('identity at inference, inverted scaling in training', () => {
    const d = nn.layers.dropout({ rate: 0.5, seed: 3 });
    const x = nn.ones([100, 100]);
    expect(d.apply(x).sum().dataSync()[0]).toBe(10000);
    const y = d.apply(x, { training: true }).dataSync();
    const kept = [...y].filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([2]));
    expect(Math.abs(kept.length / 10000 - 0.5)).toBeLessThan(0.03);
  });
  test('same seed, same masks; rate validated', () => {
    const a = nn.layers.dropout({ rate: 0.3, seed: 11 }).apply(nn.ones([50]), { training: true });
    const b = nn.layers.dropout({ rate: 0.3, seed: 11 }).apply(nn.ones([50]), { training: true });
    expect(a.arraySync()).toEqual(b.arraySync());
    expect(() => nn.layers.dropout({ rate: 1 })).toThrow(
      /rate must be a number in \[0, 1\), received 1/,
    );
  });
  test('gradient check in training mode (a fresh layer with the same seed draws the same mask)', () => {
    const x = nn.randomNormal([3, 4], 0, 1, 'float32', 3);
    gradCheck((t) => nn.layers.dropout({ rate: 0.4, seed: 5 }).apply(t, { training: true }), [x]);
  });
});

describe('batchNormalization', () => {
  test('training normalizes with batch statistics and updates moving ones (Keras 3 momentum rule)', () => {
    const bn = nn.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
    const x = nn.tensor([
      [1, 10],
      [3, 30],
      [5, 50],
    ]);
    const y = bn.apply(x, { training: true }).arraySync() as number[][];
    // column 0: mean 3, biased var 8/3
    const v0 = 8 / 3;
    expect(y[0]![0]).toBeCloseTo((1 - 3) / Math.sqrt(v0 + 1e-3), 5);
    const [gamma, beta, mm, mv] = bn.getWeights();
    expect(gamma!.shape).toEqual([2]);
    expect(beta!.shape).toEqual([2]);
    expect([...mm!.dataSync()].map((v) => +v.toFixed(5))).toEqual([0.3, 3]);
    expect(mv!.dataSync()[0]).toBeCloseTo(0.9 * 1 + 0.1 * v0, 5);
    expect(bn.trainableWeights.map((w) => w.name.split('/')[1])).toEqual(['gamma', 'beta']);
    expect(bn.nonTrainableWeights.map((w) => w.name.split('/')[1])).toEqual([
      'moving_mean',
      'moving_variance',
    ]);
    // inference uses the moving statistics
    const yi = bn.apply(nn.tensor([[0.3, 3]])).dataSync();
    expect(yi[0]).toBeCloseTo(0, 6);
  });
  test('gradient check (training and inference)', () => {
    const x = nn.randomNormal([4, 3], 0, 1, 'float32', 8);
    layerGradCheck(nn.layers.batchNormalization(), x, { training: true });
    layerGradCheck(nn.layers.batchNormalization(), x, { training: false });
  });
  test('summary counts: 4 weights per feature, half non-trainable', () => {
    const m = nn.sequential({
      layers: [nn.layers.dense({ units: 8, inputShape: [4] }), nn.layers.batchNormalization()],
    });
    expect(m.countParams()).toBe(40 + 32);
    expect(m.trainableWeights.reduce((s, w) => s + w.size, 0)).toBe(40 + 16);
  });
});

describe('layerNormalization', () => {
  test('normalizes each sample over the last axis', () => {
    const ln = nn.layers.layerNormalization({ epsilon: 1e-3 });
    const y = ln.apply(nn.tensor([[1, 2, 3, 4]])).dataSync();
    const m = 2.5;
    const v = (1.5 ** 2 + 0.5 ** 2) / 2;
    expect(y[0]).toBeCloseTo((1 - m) / Math.sqrt(v + 1e-3), 5);
    layerGradCheck(nn.layers.layerNormalization(), nn.randomNormal([2, 5], 0, 1, 'float32', 4));
  });
});

describe('merge layers', () => {
  test('concatenate, add, multiply, average: values, shapes and gradients', () => {
    const a = nn.tensor([[1, 2]]);
    const b = nn.tensor([[3, 4]]);
    expect(nn.layers.concatenate().apply([a, b])).toBeInstanceOf(nn.Tensor);
    expect((nn.layers.concatenate().apply([a, b]) as nn.Tensor).arraySync()).toEqual([
      [1, 2, 3, 4],
    ]);
    expect((nn.layers.add().apply([a, b]) as nn.Tensor).arraySync()).toEqual([[4, 6]]);
    expect((nn.layers.multiply().apply([a, b]) as nn.Tensor).arraySync()).toEqual([[3, 8]]);
    expect((nn.layers.average().apply([a, b]) as nn.Tensor).arraySync()).toEqual([[2, 3]]);
    const x1 = nn.input({ shape: [2] });
    const x2 = nn.input({ shape: [3] });
    const c = nn.layers.concatenate().apply([x1, x2]) as nn.SymbolicTensor;
    expect(c.shape).toEqual([null, 5]);
    expect(() => nn.layers.add({ name: 'add_bad' }).apply([x1, x2])).toThrow(
      "Add 'add_bad': input 1 has shape [null,3], input 0 has [null,2]",
    );
  });
});

describe('initializers', () => {
  const stats = (t: nn.Tensor): [number, number, number] => {
    const v = [...t.dataSync()];
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    return [m, sd, Math.max(...v.map(Math.abs))];
  };
  test('variance scaling family: limits and standard deviations from REFERENCE.md §5', () => {
    const [fanIn, fanOut] = [200, 100];
    const shape = [fanIn, fanOut];
    const cases: [string, 'uniform' | 'normal', number][] = [
      ['glorotUniform', 'uniform', Math.sqrt(6 / (fanIn + fanOut))],
      ['heUniform', 'uniform', Math.sqrt(6 / fanIn)],
      ['lecunUniform', 'uniform', Math.sqrt(3 / fanIn)],
      ['glorotNormal', 'normal', Math.sqrt(2 / (fanIn + fanOut))],
      ['heNormal', 'normal', Math.sqrt(2 / fanIn)],
      ['lecunNormal', 'normal', Math.sqrt(1 / fanIn)],
    ];
    for (const [id, kind, p] of cases) {
      const [m, sd, mx] = stats(nn.initializers.get(id).call(shape));
      expect(Math.abs(m)).toBeLessThan(0.05 * p);
      if (kind === 'uniform') {
        expect(mx).toBeLessThanOrEqual(p);
        expect(sd).toBeCloseTo(p / Math.sqrt(3), 2);
      } else {
        // truncated at 2 std of std/0.8796…: the result has the intended std
        expect(Math.abs(sd / p - 1)).toBeLessThan(0.03);
        expect(mx).toBeLessThanOrEqual((2 * p) / 0.87962566103423978 + 1e-6);
      }
    }
  });
  test('constant, orthogonal, identity; unknown ids', () => {
    expect([...nn.initializers.constant({ value: 2.5 }).call([3]).dataSync()]).toEqual([
      2.5, 2.5, 2.5,
    ]);
    const q = nn.initializers.orthogonal({ seed: 1 }).call([5, 3]);
    const qtq = nn.matMul(q, q, true, false).arraySync() as number[][];
    qtq.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)));
    expect(nn.initializers.identity().call([2, 2]).arraySync()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(() => nn.initializers.get('glorotUniformz')).toThrow(
      /unknown initializer 'glorotUniformz'/,
    );
    expect(nn.initializers.get('glorot_uniform').className).toBe('GlorotUniform');
  });
});
