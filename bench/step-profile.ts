/**
 * Times training steps only (no data loading): the chapter MLP (784-128-10 by default, or
 * `hidden`) or LeNet-5 (`model: 'lenet'`) with Adam and sparse categorical cross-entropy
 * on random data, through `fit` (shuffled batches, metrics, the whole loop) and through
 * `trainOnBatch` on one fixed batch; then the per-step time split: an identical model
 * trained for one epoch with every backend call timed (bench/kernel-timer.ts), giving the
 * microseconds per step spent in kernels (and data transfers) and in everything else
 * (with a compiled step: the replay loop, the fit loop, callbacks and metrics' host work;
 * eager: also tensor objects, the tape and dispatch). Also times `predict`
 * on 10,000 rows (MLP). Prints one JSON line; bench/run.ts prints the split. Run it under
 * `node --cpu-prof` to see where a step goes.
 *
 * node --import tsx bench/step-profile.ts '{"backend":"wasm","hidden":[128],"batch":32,"seconds":4}'
 */
import * as nn from '../src/index.js';
import { timeKernels, totalMs } from './kernel-timer.js';
import { compileForBench, lenet5, mlp } from './neurite-models.js';

interface Args {
  backend: string;
  model: 'mlp' | 'lenet';
  hidden: number[];
  batch: number;
  /** Seconds of timed fit (default 4). */
  seconds: number;
  /** Rows of the random training set (default 8192; Fashion-MNIST has 60000). */
  rows: number;
  /** wasm only: threads (default: the backend's default, all cores up to 8). */
  threads?: number;
  /** compile's jitCompile (default 'auto': the compiled step; false: eager). */
  jit: boolean | 'auto';
}

const a: Args = {
  backend: 'wasm',
  model: 'mlp',
  hidden: [128],
  batch: 32,
  seconds: 4,
  rows: 8192,
  jit: 'auto',
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
const lenet = a.model === 'lenet';
const x = nn.randomUniform(lenet ? [n, 28, 28, 1] : [n, 784], 0, 1);
const y = nn.cast(nn.mul(nn.randomUniform([n], 0, 1), 9.999), 'int32');
const model = lenet ? lenet5() : mlp(a.hidden);
compileForBench(model, a.jit);
const stepsPerEpoch = Math.ceil(n / a.batch);

// fit: whole epochs over the random set until the time is up.
await model.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 }); // warm-up
let steps = 0;
const t0 = performance.now();
const c0 = process.cpuUsage();
while (performance.now() - t0 < a.seconds * 1000) {
  await model.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 });
  steps += stepsPerEpoch;
}
const fitS = (performance.now() - t0) / 1000;
const c1 = process.cpuUsage(c0);
// CPU seconds of this process: less disturbed than wall time on a shared machine.
const fitCpuS = (c1.user + c1.system) / 1e6;

// trainOnBatch on one batch: the step alone, without batching or callbacks.
const xb = nn.slice(x, [0], [a.batch]);
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

// The split: a second, identical model, built and warmed up with every backend call timed
// (a compiled step takes the backend's methods when it first runs), then one epoch of fit.
const timer = timeKernels();
const split = lenet ? lenet5() : mlp(a.hidden);
compileForBench(split, a.jit);
await split.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 }); // warm-up (records)
timer.reset();
const t3 = performance.now();
await split.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 });
const splitMs = performance.now() - t3;
timer.restore();
const kernelMs = totalMs(timer.times);
const top = [...timer.times]
  .sort((p, q) => q[1].ms - p[1].ms)
  .slice(0, 6)
  .map(([k, e]) => ({ kernel: k, us_per_step: +((1000 * e.ms) / stepsPerEpoch).toFixed(1) }));

// predict on 10,000 rows in one call (as the benchmark does).
let predictPerS: number | null = null;
if (!lenet) {
  const xp = nn.slice(x, [0, 0], [Math.min(n, 10000), 784]);
  nn.dispose(model.predict(xp, { batchSize: 10000 }));
  const t2 = performance.now();
  let preds = 0;
  while (performance.now() - t2 < 1000) {
    nn.dispose(model.predict(xp, { batchSize: 10000 }));
    preds += xp.shape[0]!;
  }
  predictPerS = Math.round(preds / ((performance.now() - t2) / 1000));
}

console.log(
  JSON.stringify({
    backend: a.backend,
    threads: a.threads ?? 'default',
    jit: a.jit,
    model: lenet ? 'lenet5' : `mlp 784-${a.hidden.join('-')}-10`,
    batch: a.batch,
    fit_steps_per_s: Math.round(steps / fitS),
    fit_samples_per_s: Math.round((steps * a.batch) / fitS),
    fit_steps_per_cpu_s: Math.round(steps / fitCpuS),
    train_on_batch_steps_per_s: Math.round(tobSteps / tobS),
    train_on_batch_steps_per_cpu_s: Math.round(tobSteps / tobCpuS),
    split_step_us: +((1000 * splitMs) / stepsPerEpoch).toFixed(1),
    split_kernel_us: +((1000 * kernelMs) / stepsPerEpoch).toFixed(1),
    split_other_us: +((1000 * (splitMs - kernelMs)) / stepsPerEpoch).toFixed(1),
    split_top_kernels: top,
    predict_per_s: predictPerS,
    tensors_alive: nn.memory().numTensors,
  }),
);
process.exit(0);
