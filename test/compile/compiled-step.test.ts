/**
 * Compiled steps (compile({jitCompile})) compute what eager steps compute: the same
 * weights after 100 steps bit for bit (a replay runs the very kernels the eager step ran,
 * in the same order, with the same attributes), the same fit histories, evaluations and
 * predictions, on every backend, for every model style, optimizer and the layers whose
 * training mode does host work (dropout) or assigns state (batch normalization).
 */
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';

type Mode = 'auto' | boolean;

interface Case {
  build: () => nn.Model;
  compile: () => Omit<nn.CompileArgs, 'jitCompile'>;
  x: () => nn.Tensor | nn.Tensor[];
  y: () => nn.Tensor | nn.Tensor[];
  fit?: Omit<nn.FitArgs, 'verbose'>;
  /** Also compare evaluate and predict (default true). */
  inference?: boolean;
}

interface Run {
  weights: string[];
  optimizer: string[];
  history: string;
  evaluation: string;
  predictions: string[];
  replays: { train: number; test: number; predict: number };
  eager: (string | null)[];
}

/** The bytes of a tensor's values, as hex: equal strings are equal bits. */
function bits(t: nn.Tensor): string {
  const v = t.dataSync();
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}

async function train(c: Case, mode: Mode): Promise<Run> {
  nn.setSeed(11);
  const x = c.x();
  const y = c.y();
  const m = c.build();
  m.compile({ ...c.compile(), jitCompile: mode });
  nn.setSeed(12);
  const h = await m.fit(x, y, { batchSize: 32, epochs: 10, ...c.fit, verbose: 0 });
  const inference = c.inference ?? true;
  let evaluation = '';
  const predictions: string[] = [];
  if (inference) {
    for (let i = 0; i < 3; i++) {
      const logs = await m.evaluate(x, y, { batchSize: 64, verbose: 0 });
      evaluation = JSON.stringify(logs);
    }
    for (let i = 0; i < 3; i++) {
      const p: nn.Tensor | nn.Tensor[] = m.predict(x, { batchSize: 64 });
      for (const t of p instanceof nn.Tensor ? [p] : p) predictions.push(bits(t));
    }
  }
  const jit = m.compiled!.jit;
  const run: Run = {
    weights: m.getWeights().map(bits),
    optimizer: m.optimizer!.getWeights().map((w) => bits(w.tensor)),
    history: JSON.stringify(h.history),
    evaluation,
    predictions,
    replays: { train: jit.train.replays, test: jit.test.replays, predict: jit.predict.replays },
    eager: [jit.train.eagerReason, jit.test.eagerReason, jit.predict.eagerReason],
  };
  m.dispose();
  return run;
}

/** Trains the case eagerly and compiled from the same seeds; expects the same bits. */
async function expectSame(c: Case): Promise<Run> {
  const eager = await train(c, false);
  const compiled = await train(c, 'auto');
  expect(eager.replays).toEqual({ train: 0, test: 0, predict: 0 });
  expect(compiled.eager).toEqual([null, null, null]);
  expect(compiled.replays.train).toBeGreaterThan(0);
  if (c.inference ?? true) {
    expect(compiled.replays.test).toBeGreaterThan(0);
    expect(compiled.replays.predict).toBeGreaterThan(0);
  }
  expect(compiled.weights).toEqual(eager.weights);
  expect(compiled.optimizer).toEqual(eager.optimizer);
  expect(compiled.history).toEqual(eager.history);
  expect(compiled.evaluation).toEqual(eager.evaluation);
  expect(compiled.predictions).toEqual(eager.predictions);
  return compiled;
}

const features = (rows: number, cols: number) => () => nn.randomUniform([rows, cols]);
const labels = (rows: number, classes: number) => () =>
  nn.cast(nn.mul(nn.randomUniform([rows]), classes - 0.001), 'int32');

function mlp(sizes: readonly number[], extra?: (m: nn.Sequential, i: number) => void): nn.Model {
  const m = nn.sequential();
  sizes.slice(1, -1).forEach((units, i) => {
    m.add(
      nn.layers.dense({
        units,
        activation: 'relu',
        ...(i === 0 ? { inputShape: [sizes[0]!] } : {}),
      }),
    );
    extra?.(m, i);
  });
  m.add(nn.layers.dense({ units: sizes[sizes.length - 1]!, activation: 'softmax' }));
  return m;
}

const adamSparse = () => ({
  optimizer: 'adam',
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});

describeEachBackend('compiled steps equal eager steps', (backend) => {
  test('the chapter MLP (784-128-10, Adam): 100 steps, bit for bit, with a partial last batch', async () => {
    // 330 rows at batch 32: 10 full batches and one of 10 per epoch (a second plan).
    const run = await expectSame({
      build: () => mlp([784, 128, 10]),
      compile: adamSparse,
      x: features(330, 784),
      y: labels(330, 10),
      fit: { epochs: 9 },
      inference: backend === 'wasm',
    });
    expect(run.replays.train).toBe(9 * 11 - 4);
  });

  test('a deep MLP with dropout and validation data', async () => {
    await expectSame({
      build: () => mlp([30, 64, 32, 16, 5], (m) => m.add(nn.layers.dropout({ rate: 0.25 }))),
      compile: adamSparse,
      x: features(160, 30),
      y: labels(160, 5),
      fit: { epochs: 20, validationSplit: 0.2 },
    });
  });

  test('batch normalization in training mode (moving statistics assigned in the step)', async () => {
    await expectSame({
      build: () => mlp([12, 16, 3], (m) => m.add(nn.layers.batchNormalization())),
      compile: () => ({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy' }),
      x: features(128, 12),
      y: labels(128, 3),
    });
  });

  test('a small CNN (conv2d, maxPooling2d, flatten, dense)', async () => {
    await expectSame({
      build: () => {
        const m = nn.sequential();
        m.add(
          nn.layers.conv2d({
            filters: 4,
            kernelSize: 3,
            activation: 'relu',
            inputShape: [8, 8, 1],
          }),
        );
        m.add(nn.layers.maxPooling2d({ poolSize: 2 }));
        m.add(nn.layers.flatten());
        m.add(nn.layers.dense({ units: 3, activation: 'softmax' }));
        return m;
      },
      compile: adamSparse,
      x: () => nn.randomUniform([64, 8, 8, 1]),
      y: labels(64, 3),
      fit: { epochs: 4 },
    });
  });

  test('a Functional graph with two inputs and two outputs (loss weights, one-hot and MSE)', async () => {
    await expectSame({
      build: () => {
        const a = nn.input({ shape: [6] });
        const b = nn.input({ shape: [4] });
        const ha = nn.layers.dense({ units: 8, activation: 'tanh' }).apply(a);
        const hb = nn.layers.dense({ units: 8, activation: 'sigmoid' }).apply(b);
        const h = nn.layers.concatenate().apply([ha, hb]) as nn.SymbolicTensor;
        const cls = nn.layers.dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(h);
        const reg = nn.layers.dense({ units: 1, name: 'reg' }).apply(hb);
        return nn.model({ inputs: [a, b], outputs: [cls, reg] });
      },
      compile: () => ({
        optimizer: 'adam',
        loss: ['categoricalCrossentropy', 'meanSquaredError'],
        lossWeights: [1, 0.5],
        metrics: { cls: ['accuracy'], reg: ['mae'] },
      }),
      x: () => [nn.randomUniform([96, 6]), nn.randomUniform([96, 4])],
      y: () => [nn.oneHot(labels(96, 3)(), 3), nn.randomUniform([96, 1])],
    });
  });

  test('a subclassed model with dropout', async () => {
    class Net extends nn.Model {
      hidden = nn.layers.dense({ units: 16, activation: 'relu' });
      drop = nn.layers.dropout({ rate: 0.5 });
      head = nn.layers.dense({ units: 3, activation: 'softmax' });
      override call(x: nn.Tensor, opts?: nn.CallOptions): nn.Tensor {
        return this.head.apply(this.drop.apply(this.hidden.apply(x, opts), opts), opts);
      }
    }
    await expectSame({
      build: () => {
        const m = new Net();
        m.build([null, 10]);
        return m;
      },
      compile: adamSparse,
      x: features(96, 10),
      y: labels(96, 3),
    });
  });

  test('class weights and sample weights', async () => {
    await expectSame({
      build: () => mlp([10, 12, 3]),
      compile: () => ({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }),
      x: features(96, 10),
      y: () => nn.oneHot(labels(96, 3)(), 3),
      fit: { classWeight: { 0: 1, 1: 2.5, 2: 0.5 } },
      inference: false,
    });
    await expectSame({
      build: () => mlp([10, 12, 3]),
      compile: adamSparse,
      x: features(96, 10),
      y: labels(96, 3),
      fit: { sampleWeight: nn.randomUniform([96], 0, 2, 'float32', 4) },
      inference: false,
    });
  });
});

describe('compiled steps: every optimizer', () => {
  for (const id of nn.optimizers.optimizerIds) {
    test(`${id}: 100 steps bit for bit`, async () => {
      await expectSame({
        build: () => mlp([8, 10, 3]),
        compile: () => ({ optimizer: id, loss: 'sparseCategoricalCrossentropy' }),
        x: features(64, 8),
        y: labels(64, 3),
        fit: { epochs: 50 },
        inference: false,
      });
    });
  }
  test('a learning-rate schedule and clipping (the optimizer reads them every step)', async () => {
    await expectSame({
      build: () => mlp([8, 10, 3]),
      compile: () => ({
        optimizer: nn.optimizers.adam({
          learningRate: nn.optimizers.schedules.exponentialDecay({
            initialLearningRate: 0.01,
            decaySteps: 5,
            decayRate: 0.5,
          }),
          globalClipNorm: 0.5,
        }),
        loss: 'sparseCategoricalCrossentropy',
      }),
      x: features(64, 8),
      y: labels(64, 3),
      inference: false,
    });
  });
});
