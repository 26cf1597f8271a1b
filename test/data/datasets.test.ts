import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

describe('nn.datasets.*.dataset(): the shipped data sets as streaming datasets', () => {
  test('mnist test split: {xs: [28,28] float32, ys: int32 scalar}, the same values as loadData', async () => {
    const ds = await nn.datasets.mnist.dataset({ split: 'test', limit: 50 });
    expect(ds.size).toBe(50);
    const [, [xTest, yTest]] = await nn.datasets.mnist.loadData({ limit: 50 });
    const before = nn.memory().numTensors;
    const first = await ds.take(3).toArray();
    // Made lazily: three examples, six tensors.
    expect(nn.memory().numTensors - before).toBe(6);
    expect(first[0]!.xs.shape).toEqual([28, 28]);
    expect(first[0]!.xs.dtype).toBe('float32');
    expect(first[0]!.ys.shape).toEqual([]);
    expect(first[0]!.ys.dtype).toBe('int32');
    expect(first.map((e) => e.ys.dataSync()[0])).toEqual([7, 2, 1]);
    expect(Array.from(first[2]!.xs.dataSync())).toEqual(
      Array.from(xTest.dataSync().subarray(2 * 784, 3 * 784)),
    );
    nn.dispose(first.flatMap((e) => [e.xs, e.ys]));
    // Batched: the same tensors loadData gives.
    const [b] = await ds.batch(50).toArray();
    expect(Array.from(b!.xs.dataSync())).toEqual(Array.from(xTest.dataSync()));
    expect(Array.from(b!.ys.dataSync())).toEqual(Array.from(yTest.dataSync()));
    nn.dispose([b!.xs, b!.ys, xTest, yTest]);
  });

  test('normalize gives loadData({normalize}) values bit for bit; the train split is the default', async () => {
    const ds = await nn.datasets.fashionMnist.dataset({ normalize: true, limit: 4 });
    const [[x, y]] = await nn.datasets.fashionMnist.loadData({ normalize: true, limit: 4 });
    const [b] = await ds.batch(4).toArray();
    expect(Array.from(b!.xs.dataSync())).toEqual(Array.from(x.dataSync()));
    // Fashion-MNIST's training labels begin 9 0 0 3.
    expect(Array.from(b!.ys.dataSync())).toEqual([9, 0, 0, 3]);
    expect(Array.from(y.dataSync())).toEqual([9, 0, 0, 3]);
    nn.dispose([b!.xs, b!.ys, x, y]);
  });

  test('a model trains on the stream', async () => {
    nn.setSeed(1);
    const m = nn.sequential({
      layers: [
        nn.layers.flatten({ inputShape: [28, 28] }),
        nn.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    m.compile({
      optimizer: nn.optimizers.adam({ learningRate: 0.01 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const train = await nn.datasets.mnist.dataset({ split: 'train', normalize: true, limit: 2000 });
    const h = await m.fitDataset(train.shuffle(2000, 1).batch(100), { epochs: 2, verbose: 0 });
    expect(h.history.loss![1]).toBeLessThan(h.history.loss![0]!);
    expect(h.history.accuracy![1]).toBeGreaterThan(0.8);
  });

  test('bad options are refused', async () => {
    await expect(
      nn.datasets.mnist.dataset({ split: 'validation' as 'train' }),
    ).rejects.toThrow(`mnist.dataset: split must be 'train' or 'test', received "validation"`);
    await expect(nn.datasets.mnist.dataset({ limit: 0 })).rejects.toThrow(
      'mnist.dataset: limit must be a positive integer, received 0',
    );
  });
});
