import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { layerGradCheck } from './layer-grad-check.js';

describe('dense', () => {
  test('computes activation(x·W + b) with the given weights', () => {
    const d = nn.layers.dense({ units: 2, activation: 'relu' });
    d.apply(nn.zeros([1, 3]));
    d.setWeights([
      nn.tensor([
        [1, -1],
        [2, 0],
        [0, 3],
      ]),
      nn.tensor([0.5, -10]),
    ]);
    const y = d.apply(nn.tensor([[1, 2, 3]]));
    // [1+4+0+0.5, -1+0+9-10] = [5.5, -2] -> relu -> [5.5, 0]
    expect(y.arraySync()).toEqual([[5.5, 0]]);
  });

  test('Keras defaults: glorotUniform kernel within its limit, zero bias, names', () => {
    nn.setSeed(3);
    const d = nn.layers.dense({ units: 50, name: 'probe_dense' });
    d.apply(nn.zeros([1, 30]));
    const [k, b] = d.getWeights();
    const limit = Math.sqrt(6 / (30 + 50));
    const kv = k!.dataSync();
    expect(Math.max(...kv)).toBeLessThanOrEqual(limit);
    expect(Math.min(...kv)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...kv)).toBeGreaterThan(0.9 * limit);
    expect([...b!.dataSync()].every((v) => v === 0)).toBe(true);
    expect(d.weights.map((w) => w.name)).toEqual(['probe_dense/kernel', 'probe_dense/bias']);
    expect(d.countParams()).toBe(30 * 50 + 50);
  });

  test('applies to the last axis of rank-3 inputs', () => {
    const d = nn.layers.dense({ units: 4 });
    const y = d.apply(nn.ones([2, 5, 3]));
    expect(y.shape).toEqual([2, 5, 4]);
    expect(d.computeOutputShape([null, 5, 3])).toEqual([null, 5, 4]);
  });

  test('seeded initializers reproduce', () => {
    const a = nn.layers.dense({
      units: 3,
      kernelInitializer: nn.initializers.glorotUniform({ seed: 42 }),
    });
    const b = nn.layers.dense({
      units: 3,
      kernelInitializer: nn.initializers.glorotUniform({ seed: 42 }),
    });
    a.apply(nn.zeros([1, 4]));
    b.apply(nn.zeros([1, 4]));
    expect(a.getWeights()[0]!.arraySync()).toEqual(b.getWeights()[0]!.arraySync());
    nn.setSeed(9);
    const c = nn.layers.dense({ units: 3 });
    c.apply(nn.zeros([1, 4]));
    nn.setSeed(9);
    const e = nn.layers.dense({ units: 3 });
    e.apply(nn.zeros([1, 4]));
    expect(c.getWeights()[0]!.arraySync()).toEqual(e.getWeights()[0]!.arraySync());
  });

  test('gradients with respect to input, kernel and bias', () => {
    nn.setSeed(1);
    for (const activation of ['linear', 'tanh', 'sigmoid', 'softmax'] as const) {
      const d = nn.layers.dense({ units: 3, activation });
      layerGradCheck(d, nn.randomNormal([2, 4], 0, 1, 'float32', 5));
    }
  });

  test('bad configuration and bad input say what to do', () => {
    expect(() => nn.layers.dense({ units: 0 })).toThrow(
      /Dense: units must be a positive integer, received 0/,
    );
    expect(() => nn.layers.dense({ units: 3, activation: 'relux' })).toThrow(
      /unknown activation 'relux'; valid ids: .*relu/,
    );
    const d = nn.layers.dense({ units: 3, name: 'dense_probe_shape' });
    d.apply(nn.zeros([1, 784]));
    expect(() => d.apply(nn.zeros([32, 28, 28]))).toThrow(
      "Dense 'dense_probe_shape': expected input with last dimension 784, received shape [32,28,28]. Add a Flatten layer before it.",
    );
  });

  test('kernel regularizer adds a penalty to losses', () => {
    const d = nn.layers.dense({
      units: 1,
      kernelRegularizer: nn.regularizers.l2({ l2: 0.5 }),
      useBias: false,
    });
    d.apply(nn.zeros([1, 2]));
    d.setWeights([nn.tensor([[1], [2]])]);
    const [p] = d.losses;
    expect(p!.dataSync()[0]).toBeCloseTo(0.5 * 5, 6);
  });
});
