/**
 * MNIST with the Keras workflow (chapter §5–6): Flatten → Dense(128, relu) → Dense(10,
 * softmax), compile, fit with a validation split, evaluate, predict.
 *
 * Run: npx tsx examples/mnist-fit.ts [--limit 60000] [--epochs 5]
 */
import { pathToFileURL } from 'node:url';
import * as nn from 'neurite';

export async function main({
  limit,
  epochs = 5,
  verbose = 1,
}: { limit?: number; epochs?: number; verbose?: 0 | 1 | 2 } = {}): Promise<{
  history: nn.History;
  test: Record<string, number>;
  firstPredictions: number[];
}> {
  nn.setSeed(1);
  const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.mnist.loadData({ limit });
  const x = nn.div(xTrain, 255);
  const xt = nn.div(xTest, 255);
  const model = nn.sequential({
    layers: [
      nn.layers.flatten({ inputShape: [28, 28] }),
      nn.layers.dense({ units: 128, activation: 'relu' }),
      nn.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  if (verbose) model.summary();
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const history = await model.fit(x, yTrain, {
    epochs,
    batchSize: 32,
    validationSplit: 0.1,
    verbose,
  });
  const test = await model.evaluate(xt, yTest, { verbose });
  const firstPredictions = [...nn.argMax(model.predict(nn.slice(xt, [0], [10])), -1).dataSync()];
  if (verbose)
    console.log(
      `test loss ${test.loss!.toFixed(4)}, test accuracy ${test.accuracy!.toFixed(4)}; first predictions ${firstPredictions.join(' ')}`,
    );
  return { history, test, firstPredictions };
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main({ limit: arg('limit'), epochs: arg('epochs') });
}
