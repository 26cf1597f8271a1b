/**
 * Benchmark worker: TensorFlow.js 4.22 (the wasm backend, or the pure-JS cpu backend)
 * trains the same MLP or LeNet-5, then optionally predicts the 10,000 test images.
 *
 * How it is configured, and why (measured on the benchmark machine):
 * - wasm backend with SIMD (TF.js picks tfjs-backend-wasm-simd.wasm when the runtime has
 *   SIMD, as Node 20 does) and one thread: TF.js turns its threaded build off in Node
 *   (`WASM_HAS_MULTITHREAD_SUPPORT` is false under Node, tfjs issue #3830), and forcing
 *   the flag fails at start-up (its pthread workers come from a blob: URL, which Node's
 *   worker_threads refuse with ERR_WORKER_PATH).
 * - prod mode (`tf.enableProdMode()`, no per-op NaN checks), as a deployed program runs.
 * - LeNet-5 on wasm: TF.js's wasm backend cannot train a convolution (no
 *   Conv2DBackpropFilter kernel); bench/tfjs-conv-filter-grad.ts supplies one from its own
 *   wasm ops, checked against the cpu backend's, and the report says so.
 * - Batches are made per step from typed arrays by random index and trained with
 *   `trainOnBatch`, not by `model.fit` on one 60,000-row tensor: on the wasm backend, fit
 *   gathers each batch out of the big tensor, and that gather alone took 3.6 ms per batch
 *   (a 32-row slice of it 1.7 s), which would make this peer measure its data path rather
 *   than its training step. Small tensors per batch is how TF.js's own examples feed data.
 *
 * node --import tsx bench/tfjs-worker.ts '{"task":"train-lenet","hidden":[],"batch":64,"budget":10,"predict":false,"variant":"wasm"}'
 */
import * as tf from '@tensorflow/tfjs';
import {
  finish,
  parseArgs,
  peakRssMb,
  permutation,
  PREDICT_BATCH,
  PREDICT_CALLS,
  readIdx,
  WARMUP_BATCHES,
  WARMUP_SECONDS,
} from './common.js';
import { checkAgainstCpu, registerWasmConv2DFilterGrad } from './tfjs-conv-filter-grad.js';

const args = parseArgs();
if (args.variant === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend(args.variant);
await tf.ready();
tf.enableProdMode();
const lenet = args.task === 'train-lenet';
let shim = '';
if (lenet && args.variant === 'wasm') {
  registerWasmConv2DFilterGrad();
  const err = await checkAgainstCpu();
  if (!(err < 1e-3)) throw new Error(`Conv2DBackpropFilter shim differs from TF.js cpu by ${err}`);
  shim = ', its missing Conv2DBackpropFilter kernel supplied by bench/tfjs-conv-filter-grad.ts';
}
const train = readIdx(lenet ? 'mnist' : 'fashion-mnist', 'train');
const test = readIdx(lenet ? 'mnist' : 'fashion-mnist', 't10k');
const inShape = lenet ? [28, 28, 1] : [784];

const model = tf.sequential();
if (lenet) {
  model.add(
    tf.layers.conv2d({
      filters: 6,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      inputShape: inShape,
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 120, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 84, activation: 'relu' }));
} else {
  args.hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: inShape } : {}) }),
    ),
  );
}
model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({
  optimizer: tf.train.adam(1e-3),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});

const bs = args.batch;
const row = 784;
const xb = new Float32Array(bs * row);
const yb = new Float32Array(bs);
/** One training step on the batch of rows order[from, from + bs). */
async function step(order: Int32Array, from: number): Promise<number> {
  const m = Math.min(bs, train.n - from);
  for (let r = 0; r < m; r++) {
    const i = order[from + r]!;
    xb.set(train.x.subarray(i * row, (i + 1) * row), r * row);
    yb[r] = train.y[i]!;
  }
  const xs = tf.tensor(xb.subarray(0, m * row), [m, ...inShape]);
  const ys = tf.tensor1d(yb.subarray(0, m));
  await model.trainOnBatch(xs, ys);
  tf.dispose([xs, ys]);
  return m;
}

const warmOrder = permutation(train.n, 1);
const warmStart = performance.now();
for (let b = 0, at = 0; at < train.n; b++) {
  at += await step(warmOrder, at);
  if (b + 1 >= WARMUP_BATCHES && (performance.now() - warmStart) / 1000 >= WARMUP_SECONDS) break;
}
const order = permutation(train.n, 2);
let seen = 0;
const start = performance.now();
while (seen < train.n && (performance.now() - start) / 1000 <= args.budget) {
  seen += await step(order, seen);
}
const elapsed = (performance.now() - start) / 1000;

let predictS = Infinity;
if (args.predict) {
  const xt = tf.tensor(test.x, [test.n, ...inShape]);
  for (let call = 0; call <= PREDICT_CALLS; call++) {
    const t0 = performance.now();
    const p = model.predict(xt, { batchSize: PREDICT_BATCH }) as tf.Tensor;
    p.dataSync();
    p.dispose();
    if (call > 0) predictS = Math.min(predictS, (performance.now() - t0) / 1000);
  }
  xt.dispose();
}
finish({
  samples_per_s: seen / elapsed,
  seen,
  full_epoch: seen >= train.n,
  ...(args.predict ? { predict_per_s: test.n / predictS } : {}),
  peak_rss_mb: peakRssMb(),
  info: `TF.js ${tf.version.tfjs}, backend ${tf.getBackend()}${args.variant === 'wasm' ? ', SIMD, 1 thread (TF.js has no threads in Node)' : ''}${shim}`,
});
