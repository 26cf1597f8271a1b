import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  loadModel,
  loadWeights,
  type ModelArtifacts,
  ModelIOError,
  saveModel,
  saveWeights,
  withSaveHandler,
  fromMemory,
} from '../../src/io/index.js';
import { outputs, tempDir, weightValues } from './helpers.js';

const dir = tempDir();
let count = 0;
const nextDir = (): string => join(dir, `m${count++}`);

/** Saves to a folder and loads back; also returns the two topologies (save → load → save). */
async function roundTrip(
  model: nn.Model,
): Promise<{ loaded: nn.Model; first: unknown; second: unknown }> {
  const path = nextDir();
  await saveModel(model, path);
  const loaded = await loadModel(path);
  let first: ModelArtifacts | undefined;
  let second: ModelArtifacts | undefined;
  await saveModel(
    model,
    withSaveHandler((a) => void (first = a)),
  );
  await saveModel(
    loaded,
    withSaveHandler((a) => void (second = a)),
  );
  return { loaded, first: first!.modelTopology, second: second!.modelTopology };
}

/** Trains one step so weights and moving statistics move away from their initial values. */
async function nudge(model: nn.Model, x: nn.Tensor | nn.Tensor[], units: number): Promise<void> {
  const n = (Array.isArray(x) ? x[0]! : x).shape[0]!;
  const y = nn.randomUniform([n, units], 0, 1, 'float32', 9);
  model.compile({ optimizer: nn.optimizers.adam({ learningRate: 0.05 }), loss: 'mse' });
  await model.fit(x, y, { epochs: 2, batchSize: n, verbose: 0 });
}

const single: [string, () => nn.Layer[], number[]][] = [
  [
    'dense (initializers, regularizers)',
    () => [
      nn.layers.dense({
        units: 5,
        inputShape: [4],
        activation: 'tanh',
        kernelInitializer: nn.initializers.randomNormal({ stddev: 0.3, seed: 4 }),
        biasInitializer: nn.initializers.constant({ value: 0.1 }),
        kernelRegularizer: nn.regularizers.l2({ l2: 0.01 }),
      }),
      nn.layers.dense({ units: 3, kernelInitializer: 'heUniform', useBias: false }),
    ],
    [4],
  ],
  [
    'activation',
    () => [
      nn.layers.dense({ units: 3, inputShape: [4] }),
      nn.layers.activation({ activation: 'hardSigmoid' }),
    ],
    [4],
  ],
  [
    'flatten',
    () => [nn.layers.flatten({ inputShape: [2, 3] }), nn.layers.dense({ units: 3 })],
    [2, 3],
  ],
  [
    'reshape',
    () => [
      nn.layers.reshape({ targetShape: [3, -1], inputShape: [6] }),
      nn.layers.flatten(),
      nn.layers.dense({ units: 3 }),
    ],
    [6],
  ],
  [
    'dropout',
    () => [
      nn.layers.dense({ units: 6, inputShape: [4] }),
      nn.layers.dropout({ rate: 0.4, seed: 1 }),
      nn.layers.dense({ units: 3 }),
    ],
    [4],
  ],
  [
    'batchNormalization',
    () => [
      nn.layers.dense({ units: 4, inputShape: [4] }),
      nn.layers.batchNormalization({ momentum: 0.5, epsilon: 0.01 }),
      nn.layers.dense({ units: 3 }),
    ],
    [4],
  ],
  [
    'layerNormalization',
    () => [
      nn.layers.dense({ units: 4, inputShape: [4] }),
      nn.layers.layerNormalization({ epsilon: 0.01 }),
      nn.layers.dense({ units: 3 }),
    ],
    [4],
  ],
  [
    'leakyReLU',
    () => [
      nn.layers.dense({ units: 4, inputShape: [4] }),
      nn.layers.leakyReLU({ negativeSlope: 0.05 }),
      nn.layers.dense({ units: 3 }),
    ],
    [4],
  ],
  [
    'conv2d, maxPooling2d, zeroPadding2d',
    () => [
      nn.layers.zeroPadding2d({
        padding: [
          [1, 0],
          [0, 2],
        ],
        inputShape: [6, 5, 2],
      }),
      nn.layers.conv2d({ filters: 3, kernelSize: [3, 2], padding: 'same', activation: 'relu' }),
      nn.layers.maxPooling2d({ poolSize: 2, strides: 1 }),
      nn.layers.conv2d({ filters: 2, kernelSize: 2, strides: 2, useBias: false }),
      nn.layers.flatten(),
      nn.layers.dense({ units: 3 }),
    ],
    [6, 5, 2],
  ],
  [
    'inputLayer',
    () => [
      nn.layers.inputLayer({ inputShape: [4] }),
      nn.layers.dense({ units: 3, activation: 'softmax' }),
    ],
    [4],
  ],
];

describe('round trip: save → load gives the same model', () => {
  test.each(single)('Sequential with %s', async (_name, layers, shape) => {
    nn.setSeed(7);
    const model = nn.sequential({ layers: layers() });
    const x = nn.randomNormal([6, ...shape], 0, 1, 'float32', 3);
    await nudge(model, x, 3);
    const { loaded, first, second } = await roundTrip(model);
    expect(loaded).toBeInstanceOf(nn.Sequential);
    expect(loaded.layers.map((l) => [l.className, l.name])).toEqual(
      model.layers.map((l) => [l.className, l.name]),
    );
    expect(outputs(loaded, x)).toEqual(outputs(model, x));
    expect(weightValues(loaded)).toEqual(weightValues(model));
    expect(second).toEqual(first);
    // Training mode still works after loading (dropout, batch statistics).
    expect(() => nn.tidy(() => loaded.apply(x, { training: true }))).not.toThrow();
  });

  test.each([
    [
      'concatenate',
      (a: nn.SymbolicTensor, b: nn.SymbolicTensor) =>
        nn.layers.concatenate({ axis: -1 }).apply([a, b]),
    ],
    ['add', (a: nn.SymbolicTensor, b: nn.SymbolicTensor) => nn.layers.add().apply([a, b])],
    [
      'multiply',
      (a: nn.SymbolicTensor, b: nn.SymbolicTensor) => nn.layers.multiply().apply([a, b]),
    ],
    ['average', (a: nn.SymbolicTensor, b: nn.SymbolicTensor) => nn.layers.average().apply([a, b])],
  ] as const)('Functional with two inputs and %s', async (_name, merge) => {
    nn.setSeed(8);
    const a = nn.input({ shape: [4], name: 'left' });
    const b = nn.input({ shape: [4], name: 'right' });
    const shared = nn.layers.dense({ units: 4, activation: 'relu' }); // applied twice: two nodes
    const merged = merge(shared.apply(a), shared.apply(b)) as nn.SymbolicTensor;
    const out = nn.layers.dense({ units: 2 }).apply(merged);
    const model = nn.model({ inputs: [a, b], outputs: out });
    const xs = [
      nn.randomNormal([5, 4], 0, 1, 'float32', 1),
      nn.randomNormal([5, 4], 0, 1, 'float32', 2),
    ];
    await nudge(model, xs, 2);
    const { loaded, first, second } = await roundTrip(model);
    expect(loaded).toBeInstanceOf(nn.Functional);
    expect(outputs(loaded, xs)).toEqual(outputs(model, xs));
    expect(weightValues(loaded)).toEqual(weightValues(model));
    expect(second).toEqual(first);
  });

  test('Functional with two outputs and a nested Sequential', async () => {
    nn.setSeed(9);
    const inner = nn.sequential({
      layers: [
        nn.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }),
        nn.layers.dense({ units: 4 }),
      ],
    });
    const x = nn.input({ shape: [3] });
    const h = inner.apply(x);
    const o1 = nn.layers.dense({ units: 2, name: 'head_a' }).apply(h);
    const o2 = nn.layers.dense({ units: 1, name: 'head_b', activation: 'sigmoid' }).apply(h);
    const model = nn.model({ inputs: x, outputs: [o1, o2] });
    const data = nn.randomNormal([4, 3], 0, 1, 'float32', 5);
    const { loaded, first, second } = await roundTrip(model);
    expect(outputs(loaded, [data])).toEqual(outputs(model, [data]));
    expect(second).toEqual(first);
    expect(loaded.countParams()).toBe(model.countParams());
  });

  test('subclassed models: save() refuses and points to saveWeights; weights round-trip into a new instance', async () => {
    class Net extends nn.Model {
      hidden = nn.layers.dense({ units: 6, activation: 'relu' });
      norm = nn.layers.batchNormalization();
      head = nn.layers.dense({ units: 2 });
      override call(x: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
        return this.head.apply(this.norm.apply(this.hidden.apply(x, opts), opts), opts);
      }
    }
    nn.setSeed(10);
    const net = new Net();
    const x = nn.randomNormal([5, 3], 0, 1, 'float32', 4);
    await nudge(net, x, 2);
    const path = nextDir();
    await expect(saveModel(net, path)).rejects.toThrow(/subclassed model.*saveWeights/);
    await expect(saveModel(net, path)).rejects.toBeInstanceOf(ModelIOError);
    await saveWeights(net, path);
    const fresh = new Net(); // other automatic layer names: matched by order
    fresh.build([null, 3]);
    expect(outputs(fresh, x)).not.toEqual(outputs(net, x));
    await loadWeights(fresh, path);
    expect(outputs(fresh, x)).toEqual(outputs(net, x));
    expect(weightValues(fresh)).toEqual(weightValues(net));
    // Through a memory handler as well.
    let saved: ModelArtifacts | undefined;
    await saveWeights(
      net,
      withSaveHandler((a) => void (saved = a)),
    );
    const other = new Net();
    other.build([null, 3]);
    await loadWeights(other, fromMemory(saved!));
    expect(outputs(other, x)).toEqual(outputs(net, x));
  });
});

describe('compile settings and optimizer state', () => {
  function build(): nn.Sequential {
    return nn.sequential({
      layers: [
        nn.layers.dense({ units: 8, activation: 'relu', inputShape: [5] }),
        nn.layers.batchNormalization(),
        nn.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
  }
  const data = (): [nn.Tensor, nn.Tensor] => [
    nn.randomNormal([32, 5], 0, 1, 'float32', 11),
    nn.tensor(
      Array.from({ length: 32 }, (_, i) => (i * 7) % 3),
      [32],
      'int32',
    ),
  ];

  test('the training config comes back: optimizer settings, loss, metrics, same evaluation', async () => {
    nn.setSeed(12);
    const model = build();
    model.compile({
      optimizer: nn.optimizers.rmsprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const [x, y] = data();
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    const path = nextDir();
    await saveModel(model, path);
    const loaded = await loadModel(path);
    const opt = loaded.optimizer!;
    expect(opt.className).toBe('RMSprop');
    expect(nn.optimizers.serializeOptimizer(opt)).toEqual(
      nn.optimizers.serializeOptimizer(model.optimizer!),
    );
    expect(opt.iterations).toBe(4);
    expect(await loaded.evaluate(x, y, { verbose: 0 })).toEqual(
      await model.evaluate(x, y, { verbose: 0 }),
    );
  });

  test.each([
    ['adam', () => nn.optimizers.adam({ learningRate: 0.02 })],
    [
      'sgd with momentum',
      () => nn.optimizers.sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }),
    ],
    ['adagrad', () => nn.optimizers.adagrad({ learningRate: 0.05 })],
    ['nadam', () => nn.optimizers.nadam({ learningRate: 0.01 })],
  ] as const)(
    '%s: training on after loading equals never having stopped',
    async (_name, makeOptimizer) => {
      const [x, y] = data();
      const run = (): nn.Sequential => {
        nn.setSeed(13);
        const m = build();
        m.compile({
          optimizer: makeOptimizer(),
          loss: 'sparseCategoricalCrossentropy',
          metrics: ['accuracy'],
        });
        return m;
      };
      const fitArgs = { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 } as const;
      const straight = run();
      await straight.fit(x, y, fitArgs);
      await straight.fit(x, y, fitArgs);

      const interrupted = run();
      await interrupted.fit(x, y, fitArgs);
      const path = nextDir();
      await saveModel(interrupted, path);
      const resumed = await loadModel(path);
      const history = await resumed.fit(x, y, fitArgs);
      expect(weightValues(resumed)).toEqual(weightValues(straight));
      expect(history.history.loss!.every(Number.isFinite)).toBe(true);

      // Without the optimizer state the optimizer starts over, and the result differs.
      const path2 = nextDir();
      await saveModel(interrupted, path2, { includeOptimizer: false });
      const restarted = await loadModel(path2);
      expect(restarted.optimizer!.iterations).toBe(0);
      await restarted.fit(x, y, fitArgs);
      expect(weightValues(restarted)).not.toEqual(weightValues(straight));
    },
  );

  test('a learning-rate schedule is saved with the optimizer; a plain function is not', async () => {
    const model = build();
    const schedule = nn.optimizers.schedules.exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      decayRate: 0.5,
    });
    model.compile({ optimizer: nn.optimizers.adam({ learningRate: schedule }), loss: 'mse' });
    const path = nextDir();
    await saveModel(model, path);
    const loaded = await loadModel(path);
    expect(nn.optimizers.serializeOptimizer(loaded.optimizer!)).toEqual(
      nn.optimizers.serializeOptimizer(model.optimizer!),
    );
    model.compile({
      optimizer: nn.optimizers.adam({ learningRate: (step) => 0.1 / (1 + step) }),
      loss: 'mse',
    });
    await saveModel(model, path);
    expect((await loadModel(path)).compiled).toBeNull();
  });

  test('{compile: false} skips the training config', async () => {
    const model = build();
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const path = nextDir();
    await saveModel(model, path);
    expect((await loadModel(path, { compile: false })).compiled).toBeNull();
    expect((await loadModel(path)).compiled).not.toBeNull();
  });

  test('a custom loss function is not saved: the model loads uncompiled', async () => {
    const model = build();
    model.compile({
      optimizer: 'adam',
      loss: (t: nn.Tensor, p: nn.Tensor) => nn.mean(nn.square(nn.sub(t, p)), -1),
    });
    const path = nextDir();
    await saveModel(model, path);
    const loaded = await loadModel(path);
    expect(loaded.compiled).toBeNull();
    expect(loaded.countParams()).toBe(model.countParams());
  });
});
