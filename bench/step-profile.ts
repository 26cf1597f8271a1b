/**
 * Times training steps only (no data loading): the chapter MLP (784-128-10 by default) with
 * Adam and sparse categorical cross-entropy on random data, through `fit` (shuffled batches,
 * metrics, the whole loop) and through `trainOnBatch` on one fixed batch. Also times
 * `predict` on 10,000 rows. Prints one JSON line. Run it under `node --cpu-prof` to see
 * where a step goes.
 *
 * node --import tsx bench/step-profile.ts '{"backend":"wasm","hidden":[128],"batch":32,"seconds":4}'
 */
import * as nn from '../src/index.js';

interface Args {
  backend: string;
  hidden: number[];
  batch: number;
  /** Seconds of timed fit (default 4). */
  seconds: number;
  /** Rows of the random training set (default 8192; Fashion-MNIST has 60000). */
  rows: number;
  /** wasm only: threads (default: the backend's default, all cores up to 8). */
  threads?: number;
}

const a: Args = {
  backend: 'wasm',
  hidden: [128],
  batch: 32,
  seconds: 4,
  rows: 8192,
  ...(JSON.parse(process.argv[2] ?? '{}') as Partial<Args>),
};
if (a.backend === 'wasm' && a.threads !== undefined) {
  const { createWasmBackend } = await import('../src/backends/wasm/index.js');
  nn.registerBackend('wasm-threads', () => createWasmBackend({ threads: a.threads }), 0);
  await nn.setBackend('wasm-threads');
} else {
  await nn.setBackend(a.backend);
}
nn.setSeed(0);
const n = a.rows;
const x = nn.randomUniform([n, 784], 0, 1);
const y = nn.cast(nn.mul(nn.randomUniform([n], 0, 1), 9.999), 'int32');
const model = nn.sequential();
a.hidden.forEach((units, i) =>
  model.add(
    nn.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }),
  ),
);
model.add(nn.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

// fit: whole epochs over the random set until the time is up.
await model.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 }); // warm-up
let steps = 0;
const t0 = performance.now();
const c0 = process.cpuUsage();
while (performance.now() - t0 < a.seconds * 1000) {
  await model.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 });
  steps += Math.ceil(n / a.batch);
}
const fitS = (performance.now() - t0) / 1000;
const c1 = process.cpuUsage(c0);
// CPU seconds of this process: less disturbed than wall time on a shared machine.
const fitCpuS = (c1.user + c1.system) / 1e6;

// trainOnBatch on one batch: the step alone, without batching or callbacks.
const xb = nn.slice(x, [0, 0], [a.batch, 784]);
const yb = nn.slice(y, [0], [a.batch]);
for (let i = 0; i < 50; i++) model.trainOnBatch(xb, yb);
let tobSteps = 0;
const t1 = performance.now();
const c2 = process.cpuUsage();
while (performance.now() - t1 < 1000) {
  for (let i = 0; i < 50; i++) model.trainOnBatch(xb, yb);
  tobSteps += 50;
}
const tobS = (performance.now() - t1) / 1000;
const c3 = process.cpuUsage(c2);
const tobCpuS = (c3.user + c3.system) / 1e6;

// predict on 10,000 rows in batches of 1000 (as the benchmark does).
const xp = nn.slice(x, [0, 0], [Math.min(n, 10000), 784]);
nn.dispose(model.predict(xp, { batchSize: 1000 }));
const t2 = performance.now();
let preds = 0;
while (performance.now() - t2 < 1000) {
  nn.dispose(model.predict(xp, { batchSize: 1000 }));
  preds += xp.shape[0]!;
}
const predS = (performance.now() - t2) / 1000;

console.log(
  JSON.stringify({
    backend: a.backend,
    threads: a.threads ?? 'default',
    hidden: a.hidden,
    batch: a.batch,
    fit_steps_per_s: Math.round(steps / fitS),
    fit_samples_per_s: Math.round((steps * a.batch) / fitS),
    fit_steps_per_cpu_s: Math.round(steps / fitCpuS),
    train_on_batch_steps_per_s: Math.round(tobSteps / tobS),
    train_on_batch_steps_per_cpu_s: Math.round(tobSteps / tobCpuS),
    predict_per_s: Math.round(preds / predS),
    tensors_alive: nn.memory().numTensors,
  }),
);
