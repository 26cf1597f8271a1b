/**
 * Where a training step's time goes, kernel by kernel: wraps every method of the current
 * backend with a timer, trains the chapter MLP (784-128-10, Adam, sparse categorical
 * cross-entropy) for one epoch on random data, and prints microseconds per step for each
 * kernel (matMuls by shape). The wrapping itself adds about a microsecond per call.
 *
 * node --import tsx bench/kernel-times.ts '{"backend":"wasm","batch":32}'
 */
import { cpus } from 'node:os';
import * as nn from '../src/index.js';
import { timeKernels, totalMs } from './kernel-timer.js';

const a = {
  backend: 'wasm',
  batch: 32,
  rows: 16384,
  ...(JSON.parse(process.argv[2] ?? '{}') as { backend?: string; batch?: number; rows?: number }),
};
await nn.setBackend(a.backend);
// Before the first step: a compiled step takes the backend's methods when it first runs.
const timer = timeKernels();
nn.setSeed(0);
const x = nn.randomUniform([a.rows, 784], 0, 1);
const y = nn.cast(nn.mul(nn.randomUniform([a.rows], 0, 1), 9.999), 'int32');
const model = nn.sequential();
model.add(nn.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }));
model.add(nn.layers.dense({ units: 10, activation: 'softmax' }));
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
await model.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 }); // warm-up

timer.reset();
const { times } = timer;
const steps = Math.ceil(a.rows / a.batch);
const t0 = performance.now();
await model.fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 });
const total = performance.now() - t0;
const rows = [...times].sort((p, q) => q[1].ms - p[1].ms);
const inKernels = totalMs(times);
const us = (ms: number): string => ((1000 * ms) / steps).toFixed(1).padStart(8);
console.log(
  `${a.backend}, batch ${a.batch}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}: ` +
    `${us(total)} µs per step, ${us(inKernels)} µs in kernels`,
);
for (const [k, e] of rows)
  console.log(`${us(e.ms)} µs ${(e.calls / steps).toFixed(1).padStart(5)}×  ${k}`);
process.exit(0);
