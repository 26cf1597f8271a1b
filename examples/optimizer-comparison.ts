/**
 * Optimizers compared (chapter §6): SGD, Momentum, Adagrad, RMSprop and Adam train the same
 * network from the same initial weights on the same batches; prints each one's loss after
 * N steps.
 *
 * Run: npx tsx examples/optimizer-comparison.ts
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export const OPTIMIZERS: Record<string, () => nn.optimizers.Optimizer> = {
  SGD: () => nn.optimizers.sgd({ learningRate: 0.05 }),
  Momentum: () => nn.optimizers.sgd({ learningRate: 0.05, momentum: 0.9 }),
  Adagrad: () => nn.optimizers.adagrad({ learningRate: 0.05 }),
  RMSprop: () => nn.optimizers.rmsprop({ learningRate: 0.005 }),
  Adam: () => nn.optimizers.adam({ learningRate: 0.005 }),
};

/** A seeded spiral-like two-class problem in 2-D. */
function data(): [nn.Tensor, nn.Tensor] {
  const n = 256;
  const xs = new Float32Array(2 * n);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = (i / n) * 3 * Math.PI;
    const r = 0.2 + t / (3 * Math.PI);
    xs[2 * i] = r * Math.cos(t + c * Math.PI);
    xs[2 * i + 1] = r * Math.sin(t + c * Math.PI);
    ys[i] = c;
  }
  return [nn.tensor(xs, [n, 2]), nn.tensor(ys, [n], 'int32')];
}

export function main({
  steps = 300,
  log = console.log,
}: { steps?: number; log?: (s: string) => void } = {}): Record<string, number> {
  const [x, y] = data();
  nn.setSeed(5);
  const template = nn.sequential({
    layers: [
      nn.layers.dense({ units: 32, activation: 'tanh', inputShape: [2] }),
      nn.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  const initial = template.getWeights();
  const result: Record<string, number> = {};
  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    const model = nn.sequential({
      layers: [
        nn.layers.dense({ units: 32, activation: 'tanh', inputShape: [2] }),
        nn.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.setWeights(initial);
    model.compile({ optimizer: make(), loss: 'sparseCategoricalCrossentropy' });
    let loss = NaN;
    for (let s = 0; s < steps; s++) loss = model.trainOnBatch(x, y).loss!;
    result[name] = model.testOnBatch(x, y).loss!;
    log(
      `${name.padEnd(9)} loss after ${steps} steps: ${result[name].toFixed(4)} (last batch ${loss.toFixed(4)})`,
    );
  }
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
