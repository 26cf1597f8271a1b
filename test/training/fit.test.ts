import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

/** A seeded two-class problem: inside or outside a circle. */
function circles(n: number, seed: number): [nn.Tensor, nn.Tensor] {
  const x = nn.randomUniform([n, 2], -1.5, 1.5, 'float32', seed);
  const v = x.dataSync();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = v[2 * i]! ** 2 + v[2 * i + 1]! ** 2 < 1 ? 1 : 0;
  return [x, nn.tensor(y, [n], 'int32')];
}

function mlp(): nn.Sequential {
  return nn.sequential({
    layers: [
      nn.layers.dense({ units: 16, activation: 'tanh', inputShape: [2] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

async function train(seed: number, epochs = 15): Promise<nn.History> {
  nn.setSeed(seed);
  const [x, y] = circles(400, 1);
  const m = mlp();
  m.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.05 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m.fit(x, y, { epochs, batchSize: 32, validationSplit: 0.25, verbose: 0 });
}

/** Records the batches fit feeds the model. */
class BatchSpy extends nn.Callback {
  sizes: number[] = [];
  override onBatchBegin(_b: number, logs?: Record<string, number>): void {
    this.sizes.push(logs!.size!);
  }
}

describe('fit', () => {
  test('a seeded run reaches high accuracy, and the same seed gives an identical history', async () => {
    const a = await train(7);
    const b = await train(7);
    expect(a.history).toEqual(b.history);
    expect(a.epoch).toEqual([...Array(15).keys()]);
    expect(Object.keys(a.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(a.history.val_accuracy!.at(-1)).toBeGreaterThan(0.85);
    expect(a.history.loss!.at(-1)).toBeLessThan(a.history.loss![0]!);
  });

  test('batches: 103 samples in batches of 25 give 4 full batches and one of 3', async () => {
    const [x, y] = circles(103, 2);
    const m = mlp();
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const spy = new BatchSpy();
    await m.fit(x, y, { batchSize: 25, epochs: 2, verbose: 0, callbacks: [spy] });
    expect(spy.sizes).toEqual([25, 25, 25, 25, 3, 25, 25, 25, 25, 3]);
  });

  test('the logged loss is the epoch mean weighted by batch size (equals evaluate when nothing trains)', async () => {
    const [x, y] = circles(50, 3);
    const m = mlp();
    m.compile({
      optimizer: nn.optimizers.sgd({ learningRate: 0 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const h = await m.fit(x, y, { batchSize: 16, epochs: 1, shuffle: false, verbose: 0 });
    const e = await m.evaluate(x, y, { batchSize: 50, verbose: 0 });
    expect(h.history.loss![0]).toBeCloseTo(e.loss!, 5);
    expect(h.history.accuracy![0]).toBeCloseTo(e.accuracy!, 10);
  });

  test('validationSplit takes the last fraction before shuffling', async () => {
    const [x, y] = circles(40, 4);
    const m = mlp();
    m.compile({
      optimizer: nn.optimizers.sgd({ learningRate: 0 }),
      loss: 'sparseCategoricalCrossentropy',
    });
    const h = await m.fit(x, y, { validationSplit: 0.25, verbose: 0 });
    const tail = await m.evaluate(nn.slice(x, [30], [10]), nn.slice(y, [30], [10]), { verbose: 0 });
    expect(h.history.val_loss![0]).toBeCloseTo(tail.loss!, 6);
    // The split reads x and y in place: fit allocates no copy of the data.
    let during = 0;
    const spy = new (class extends nn.Callback {
      override onTrainBegin(): void {
        during = nn.memory().numBytes;
      }
    })();
    const bytesBefore = nn.memory().numBytes;
    await m.fit(x, y, { validationSplit: 0.25, verbose: 0, callbacks: [spy] });
    expect(during - bytesBefore).toBeLessThan(x.size * 4);
    await expect(
      m.fit(nn.slice(x, [0], [1]), nn.slice(y, [0], [1]), { validationSplit: 0.25, verbose: 0 }),
    ).rejects.toThrow(/validationSplit 0.25 of 1 samples leaves an empty training set/);
  });

  test('classWeight and sampleWeight scale each sample in the loss', async () => {
    const x = nn.tensor([
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
    ]);
    const y = nn.tensor([0, 1, 1, 0], [4], 'int32');
    const m = mlp();
    m.compile({
      optimizer: nn.optimizers.sgd({ learningRate: 0 }),
      loss: 'sparseCategoricalCrossentropy',
    });
    const per = nn.losses
      .sparseCategoricalCrossentropy({ reduction: 'none' })(y, m.predict(x))
      .dataSync();
    const h = await m.fit(x, y, { classWeight: { 0: 1, 1: 3 }, verbose: 0 });
    const want = (per[0]! + 3 * per[1]! + 3 * per[2]! + per[3]!) / 4;
    expect(h.history.loss![0]).toBeCloseTo(want, 5);
    const h2 = await m.fit(x, y, {
      sampleWeight: nn.tensor([0, 0, 2, 2]),
      verbose: 0,
      shuffle: false,
    });
    expect(h2.history.loss![0]).toBeCloseTo((2 * per[2]! + 2 * per[3]!) / 4, 5);
  });

  test('dropout and batch norm train only during fit', async () => {
    nn.setSeed(3);
    const m = nn.sequential({
      layers: [
        nn.layers.dense({ units: 8, inputShape: [2] }),
        nn.layers.batchNormalization(),
        nn.layers.dropout({ rate: 0.5 }),
        nn.layers.dense({ units: 1 }),
      ],
    });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = nn.randomNormal([16, 2], 0, 1, 'float32', 1);
    const y = nn.randomNormal([16, 1], 0, 1, 'float32', 2);
    const bn = m.layers[1] as nn.layers.BatchNormalization;
    const before = [...bn.movingMean!.dataSync()];
    expect(m.predict(x).arraySync()).toEqual(m.predict(x).arraySync());
    expect([...bn.movingMean!.dataSync()]).toEqual(before);
    await m.fit(x, y, { epochs: 1, verbose: 0 });
    expect([...bn.movingMean!.dataSync()]).not.toEqual(before);
  });

  test('regularization losses are added to the training loss', () => {
    const reg = nn.sequential({
      layers: [
        nn.layers.dense({
          units: 1,
          inputShape: [1],
          kernelInitializer: 'ones',
          kernelRegularizer: nn.regularizers.l2({ l2: 1 }),
        }),
      ],
    });
    reg.compile({ optimizer: nn.optimizers.sgd({ learningRate: 0 }), loss: 'mse' });
    const logs = reg.trainOnBatch(nn.tensor([[1]]), nn.tensor([[1]]));
    expect(logs.loss).toBeCloseTo(1, 6); // mse 0 + l2 penalty 1·1²
  });

  test('trainOnBatch returns the loss before the update; testOnBatch does not train', () => {
    const m = nn.sequential({
      layers: [nn.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })],
    });
    m.compile({ optimizer: nn.optimizers.sgd({ learningRate: 0.1 }), loss: 'mse' });
    const x = nn.tensor([[1]]);
    const y = nn.tensor([[2]]);
    expect(m.testOnBatch(x, y).loss).toBeCloseTo(4, 6);
    expect(m.testOnBatch(x, y).loss).toBeCloseTo(4, 6);
    expect(m.trainOnBatch(x, y).loss).toBeCloseTo(4, 6);
    // w, b each moved by 0.1 · 2·(0−2)·1 = −0.4 → prediction 0.8, loss 1.44
    expect(m.testOnBatch(x, y).loss).toBeCloseTo(1.44, 5);
  });

  test('initialEpoch resumes the epoch count', async () => {
    const [x, y] = circles(20, 5);
    const m = mlp();
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const h = await m.fit(x, y, { epochs: 5, initialEpoch: 3, verbose: 0 });
    expect(h.epoch).toEqual([3, 4]);
  });

  test('a multi-output functional model: per-output losses and lossWeights', () => {
    const inp = nn.input({ shape: [2] });
    const a = nn.layers.dense({ units: 1, name: 'out_a', kernelInitializer: 'zeros' }).apply(inp);
    const b = nn.layers.dense({ units: 1, name: 'out_b', kernelInitializer: 'zeros' }).apply(inp);
    const m = nn.model({ inputs: inp, outputs: [a, b] });
    m.compile({
      optimizer: nn.optimizers.sgd({ learningRate: 0 }),
      loss: ['mse', 'mae'],
      lossWeights: [1, 0.5],
    });
    const x = nn.ones([4, 2]);
    const logs = m.testOnBatch(x, [nn.fill([4, 1], 2), nn.fill([4, 1], 3)]);
    expect(logs.out_a_loss).toBeCloseTo(4, 6);
    expect(logs.out_b_loss).toBeCloseTo(3, 6);
    expect(logs.loss).toBeCloseTo(4 + 1.5, 6);
  });

  test('bad input: each a clear error naming the argument', async () => {
    const [x, y] = circles(10, 6);
    const m = mlp();
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(
      /model must be compiled first: call model.compile/,
    );
    expect(() => m.compile({ optimizer: 'adam', loss: 'crossEntropyz' })).toThrow(
      /unknown loss 'crossEntropyz'/,
    );
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await expect(m.fit(x, nn.slice(y, [0], [9]), { verbose: 0 })).rejects.toThrow(
      "fit: 'x' has 10 samples but 'y' has 9 (shape [9]); they must match",
    );
    await expect(m.fit(x, nn.fill([10], 5, 'int32'), { verbose: 0 })).rejects.toThrow(
      /label 5|5 .*out of range|range/,
    );
    await expect(m.fit(x, y, { batchSize: 0, verbose: 0 })).rejects.toThrow(
      /batchSize must be a positive integer, received 0/,
    );
  });
});
