/** Benchmark worker: TensorFlow.js (cpu or wasm backend) trains the same MLP. Prints JSON. */
import * as tf from '@tensorflow/tfjs';
import * as nn from '../src/index.js';
import { parseArgs, peakRssMb, type WorkerResult } from './common.js';

const args = parseArgs();
if (args.backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend(args.backend);
await tf.ready();
// Our loader reads the IDX files; the values are handed to TF.js as plain typed arrays.
const [[xTrain, yTrain], [xTest, yTest]] = await nn.datasets.fashionMnist.loadData();
const toF = (t: nn.Tensor): Float32Array => Float32Array.from(t.dataSync(), (v) => v / 255);
const x = tf.tensor2d(toF(xTrain), [xTrain.shape[0]!, 784]);
const xt = tf.tensor2d(toF(xTest), [xTest.shape[0]!, 784]);
const y = tf.tensor1d(Float32Array.from(yTrain.dataSync()));
const ytArr = yTest.dataSync();
const model = tf.sequential();
args.hidden.forEach((units, i) =>
  model.add(
    tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }),
  ),
);
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({
  optimizer: tf.train.adam(1e-3),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});
const warm = 20 * args.batch;
await model.fit(x.slice(0, warm), y.slice(0, warm), {
  batchSize: args.batch,
  epochs: 1,
  verbose: 0,
});
let seen = 0;
let start = 0;
const n = x.shape[0];
await model.fit(x, y, {
  batchSize: args.batch,
  epochs: 1,
  verbose: 0,
  shuffle: true,
  callbacks: {
    onTrainBegin: () => void (start = performance.now()),
    onBatchEnd: () => {
      seen += args.batch;
      if ((performance.now() - start) / 1000 > args.budget) model.stopTraining = true;
    },
  },
});
const elapsed = (performance.now() - start) / 1000;
seen = Math.min(seen, n);
// Predict on the 10,000 test images: the best of three calls (the first warms up).
let predictS = Infinity;
let pred = new Int32Array(0) as tf.TypedArray;
for (let round = 0; round < 3; round++) {
  const t0 = performance.now();
  pred = tf.tidy(() => (model.predict(xt, { batchSize: 1000 }) as tf.Tensor).argMax(-1)).dataSync();
  predictS = Math.min(predictS, (performance.now() - t0) / 1000);
}
let correct = 0;
for (let i = 0; i < pred.length; i++) if (pred[i] === ytArr[i]) correct++;
const result: WorkerResult = {
  samples_per_s: seen / elapsed,
  full_epoch: seen >= n,
  test_accuracy: correct / pred.length,
  predict_per_s: xt.shape[0] / predictS,
  peak_rss_mb: peakRssMb(),
};
console.log(JSON.stringify(result));
