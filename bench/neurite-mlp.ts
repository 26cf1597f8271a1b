/** Benchmark worker: Neurite trains the MLP for one epoch (or the time budget). Prints JSON. */
import * as nn from '../src/index.js';
import { parseArgs, peakRssMb, type WorkerResult } from './common.js';

const args = parseArgs();
await nn.setBackend(args.backend);
nn.setSeed(0);
// Scaled to [0, 1] while loading, as `neurite train` loads it.
const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.fashionMnist.loadData({
  normalize: true,
});
const x = xTrain.reshape([-1, 784]);
const xt = xTest.reshape([-1, 784]);
nn.dispose([xTrain, xTest]);
const model = nn.sequential();
args.hidden.forEach((units, i) =>
  model.add(
    nn.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }),
  ),
);
model.add(nn.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

// Warm-up on 20 batches.
const warm = 20 * args.batch;
await model.fit(nn.slice(x, [0], [warm]), nn.slice(yTrain, [0], [warm]), {
  batchSize: args.batch,
  verbose: 0,
});
let seen = 0;
let start = 0;
const timer = nn.callbacks.lambda({
  onTrainBegin: () => void (start = performance.now()),
  onBatchBegin: (_b, logs) => void (seen += logs?.size ?? args.batch),
  onBatchEnd: () => {
    if ((performance.now() - start) / 1000 > args.budget) model.stopTraining = true;
  },
});
await model.fit(x, yTrain, { batchSize: args.batch, epochs: 1, verbose: 0, callbacks: [timer] });
const elapsed = (performance.now() - start) / 1000;
// Predict on the 10,000 test images: the best of three calls (the first warms up).
let predictS = Infinity;
let probs = xt;
for (let round = 0; round < 3; round++) {
  if (round > 0) probs.dispose();
  const t0 = performance.now();
  probs = model.predict(xt, { batchSize: 1000 });
  predictS = Math.min(predictS, (performance.now() - t0) / 1000);
}
const acc = nn.tidy(
  () => nn.mean(nn.cast(nn.equal(nn.argMax(probs, -1), yTest), 'float32')).dataSync()[0]!,
);
const result: WorkerResult = {
  samples_per_s: seen / elapsed,
  full_epoch: seen >= x.shape[0]!,
  test_accuracy: acc,
  predict_per_s: xt.shape[0]! / predictS,
  peak_rss_mb: peakRssMb(),
};
console.log(JSON.stringify(result));
