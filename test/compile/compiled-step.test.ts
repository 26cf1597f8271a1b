/**
 * Compiled steps (compile({jitCompile})) compute what eager steps compute: the same
 * weights after 100 steps bit for bit (a replay runs the very kernels the eager step ran,
 * in the same order, with the same attributes), the same fit histories, evaluations and
 * predictions, on every backend, for every model style, optimizer and the layers whose
 * training mode does host work (dropout) or assigns state (batch normalization).
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { describeEachBackend } from '../helpers/each-backend.js';
import { adamSparse, expectSame, features, labels, mlp } from './helpers.js';

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
