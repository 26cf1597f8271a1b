/** predict on zero rows, in batches, and with several outputs; evaluate on zero rows. */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

function mlp(): nn.Sequential {
  return nn.sequential({
    layers: [
      nn.layers.dense({ units: 3, activation: 'relu', inputShape: [4] }),
      nn.layers.batchNormalization(),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** Writes nothing: stands in for stdout while a progress bar would print. */
async function quietly<T>(f: () => T): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return await f();
  } finally {
    process.stdout.write = write;
  }
}

describe('predict', () => {
  test('zero rows give an empty [0, 2] output with verbose 0 and 1, and leak nothing', async () => {
    const m = mlp();
    const empty = nn.zeros([0, 4]);
    m.predict(nn.ones([1, 4])).dispose(); // builds the model before counting
    const before = nn.memory().numTensors;
    for (const verbose of [0, 1, 2] as const) {
      const out = await quietly(() => m.predict(empty, { verbose, batchSize: 8 }));
      expect(out.shape).toEqual([0, 2]);
      expect(out.dtype).toBe('float32');
      out.dispose();
    }
    expect(m.predictOnBatch(empty).shape).toEqual([0, 2]);
    expect(nn.memory().numTensors).toBe(before + 1);
  });

  test('batches concatenate to the one-pass result, with no tensors left behind', async () => {
    const m = mlp();
    const x = nn.randomNormal([23, 4], 0, 1, 'float32', 3);
    const whole = m.predict(x, { batchSize: 64 });
    const before = nn.memory().numTensors;
    const batched = await quietly(() => m.predict(x, { batchSize: 5, verbose: 1 }));
    expect(nn.memory().numTensors).toBe(before + 1);
    expect(batched.shape).toEqual([23, 2]);
    const [a, b] = [whole.dataSync(), batched.dataSync()];
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
  });

  test('a model with two outputs gives one tensor per output, batched or not', () => {
    const inp = nn.input({ shape: [4] });
    const a = nn.layers.dense({ units: 1, name: 'a_out' }).apply(inp);
    const b = nn.layers.dense({ units: 3, name: 'b_out' }).apply(inp);
    const m = nn.model({ inputs: inp, outputs: [a, b] });
    const x = nn.randomNormal([7, 4], 0, 1, 'float32', 4);
    const one = m.predict(x) as unknown as nn.Tensor[];
    const batched = m.predict(x, { batchSize: 3 }) as unknown as nn.Tensor[];
    expect(one.map((t) => t.shape)).toEqual([
      [7, 1],
      [7, 3],
    ]);
    expect(batched.map((t) => t.shape)).toEqual([
      [7, 1],
      [7, 3],
    ]);
    const empty = m.predict(nn.zeros([0, 4]), { batchSize: 3 }) as unknown as nn.Tensor[];
    expect(empty.map((t) => t.shape)).toEqual([
      [0, 1],
      [0, 3],
    ]);
  });
});

describe('evaluate on zero rows', () => {
  test('is a clear ValueError naming the method and the shape', async () => {
    const m = mlp();
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const err = await m
      .evaluate(nn.zeros([0, 4]), nn.zeros([0], 'int32'), { verbose: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(nn.ValueError);
    expect((err as Error).message).toBe(
      "evaluate: 'x' and 'y' hold no samples ('x' has shape [0,4]); give at least one",
    );
    await expect(m.fit(nn.zeros([0, 4]), nn.zeros([0], 'int32'), { verbose: 0 })).rejects.toThrow(
      "fit: 'x' and 'y' hold no samples",
    );
    expect(() => m.testOnBatch(nn.zeros([0, 4]), nn.zeros([0], 'int32'))).toThrow(
      "testOnBatch: 'x' and 'y' hold no samples",
    );
  });
});

describe('predict on an input of the wrong rank', () => {
  test('names the whole input, not the first batch cut from it', () => {
    const m = nn.sequential({
      layers: [nn.layers.flatten({ inputShape: [28, 28] }), nn.layers.dense({ units: 3 })],
      name: 'img',
    });
    expect(() => m.predict(nn.ones([784]))).toThrow(
      "Sequential 'img': expected input shape [null,28,28], received [784]",
    );
    expect(() => m.predict(nn.ones([100, 784]))).toThrow('received [100,784]');
  });
});
