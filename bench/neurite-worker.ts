/**
 * Benchmark worker: Neurite, through its public API (so it runs whatever kernels the
 * backend has). `variant` is the backend: 'wasm' (the default one), 'js', or 'wasm-1' (the
 * wasm kernels on one thread, made with the backend's own factory). Trains the MLP on Fashion-MNIST or LeNet-5 on MNIST with `model.fit` for
 * one epoch (or the time budget) after the warm-up of bench/common.ts, and optionally times `predict`
 * on the 10,000 test images. Prints one JSON line (bench/common.ts).
 *
 * node --import tsx bench/neurite-worker.ts '{"task":"train-mlp","hidden":[128],"batch":32,"budget":10,"predict":true,"variant":"wasm"}'
 */
import * as nn from '../src/index.js';
import {
  finish,
  parseArgs,
  peakRssMb,
  PREDICT_BATCH,
  PREDICT_CALLS,
  WARMUP_BATCHES,
  WARMUP_SECONDS,
} from './common.js';
import { compileForBench, lenet5, mlp } from './neurite-models.js';

const args = parseArgs();
if (args.variant === 'wasm-1') {
  // The same kernels on one thread (no workers): how much the second thread gives, or
  // costs when another process holds a core. Not a public setting; the bench's own.
  const { createWasmBackend } = await import('../src/backends/wasm/index.js');
  nn.registerBackend('wasm-1', () => createWasmBackend({ threads: 1 }), 0);
}
await nn.setBackend(args.variant);
nn.setSeed(0);
const lenet = args.task === 'train-lenet';
// Scaled to [0, 1] while loading, as `neurite train` loads it.
const [[xTrain, y], [xTest]] = await (
  lenet ? nn.datasets.mnist : nn.datasets.fashionMnist
).loadData({ normalize: true });
const shape = lenet ? [-1, 28, 28, 1] : [-1, 784];
const x = xTrain.reshape(shape);
const xt = xTest.reshape(shape);
nn.dispose([xTrain, xTest]);

const model = lenet ? lenet5() : mlp(args.hidden);
compileForBench(model);

// Warm-up (bench/common.ts): fit until 20 batches and 3 seconds have passed.
let warmStart = 0;
const warmUp = nn.callbacks.lambda({
  onTrainBegin: () => void (warmStart = performance.now()),
  onBatchEnd: (batch) => {
    const s = (performance.now() - warmStart) / 1000;
    if (batch + 1 >= WARMUP_BATCHES && s >= WARMUP_SECONDS) model.stopTraining = true;
  },
});
await model.fit(x, y, { batchSize: args.batch, epochs: 1, verbose: 0, callbacks: [warmUp] });

let seen = 0;
let start = 0;
const timer = nn.callbacks.lambda({
  onTrainBegin: () => void (start = performance.now()),
  onBatchBegin: (_b, logs) => void (seen += logs?.size ?? args.batch),
  onBatchEnd: () => {
    if ((performance.now() - start) / 1000 > args.budget) model.stopTraining = true;
  },
});
await model.fit(x, y, { batchSize: args.batch, epochs: 1, verbose: 0, callbacks: [timer] });
const elapsed = (performance.now() - start) / 1000;

let predictS = Infinity;
if (args.predict) {
  for (let call = 0; call <= PREDICT_CALLS; call++) {
    const t0 = performance.now();
    nn.dispose(model.predict(xt, { batchSize: PREDICT_BATCH }));
    if (call > 0) predictS = Math.min(predictS, (performance.now() - t0) / 1000);
  }
}
finish({
  samples_per_s: seen / elapsed,
  seen,
  full_epoch: seen >= x.shape[0]!,
  ...(args.predict ? { predict_per_s: xt.shape[0]! / predictS } : {}),
  peak_rss_mb: peakRssMb(),
  info: `backend ${nn.getBackend()}`,
});
