/**
 * Eager against compiled training steps (`compile({jitCompile})`), in one process: the
 * chapter MLP (784-128-10 by default, Adam, sparse categorical cross-entropy, accuracy) on
 * Fashion-MNIST from data/, whole shuffled epochs at one batch size, the two models
 * alternating epoch by epoch so that both see the same machine. Prints one JSON line: the
 * median samples/s of each (wall clock, and per CPU second of this process, which a busy
 * machine disturbs less), and with `split` the time per step in backend calls (kernels,
 * uploads, reads: timed by wrapping the backend's methods, top-level calls only) against
 * everything else.
 *
 * node --import tsx bench/jit-compile.ts '{"batch":32,"rounds":3}'
 * node --import tsx bench/jit-compile.ts '{"batch":128,"rounds":3,"threads":0,"split":true}'
 */
import { cpus } from 'node:os';
import * as nn from '../src/index.js';
import { ENGINE } from '../src/engine/engine.js';

interface Args {
  batch: number;
  hidden: number[];
  /** Epochs per mode (alternating). */
  rounds: number;
  /** wasm worker threads (default: the backend's). */
  threads?: number;
  /** Time the backend's calls too. */
  split: boolean;
}

const a: Args = {
  batch: 32,
  hidden: [128],
  rounds: 3,
  split: false,
  ...(JSON.parse(process.argv[2] ?? '{}') as Partial<Args>),
};
if (a.threads !== undefined) {
  const { createWasmBackend } = await import('../src/backends/wasm/index.js');
  nn.registerBackend('wasm-threads', () => createWasmBackend({ threads: a.threads }), 0);
  await nn.setBackend('wasm-threads');
} else {
  await nn.setBackend('wasm');
}

// Backend time, top-level calls only (a kernel calling another is counted once).
let inBackend = 0;
if (a.split) {
  const be = ENGINE.backend;
  let depth = 0;
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(be))) {
    const f: unknown = Reflect.get(be, name);
    if (typeof f !== 'function' || name === 'constructor') continue;
    const wrapper = (...args: unknown[]): unknown => {
      if (depth > 0) return Reflect.apply(f, be, args) as unknown;
      depth++;
      const t0 = performance.now();
      try {
        return Reflect.apply(f, be, args) as unknown;
      } finally {
        inBackend += performance.now() - t0;
        depth--;
      }
    };
    Object.defineProperty(be, name, { value: wrapper, configurable: true });
  }
}

const [[xTrain, y]] = await nn.datasets.fashionMnist.loadData({ normalize: true });
const x = xTrain.reshape([-1, 784]);
xTrain.dispose();
const n = x.shape[0]!;

function build(jitCompile: boolean): nn.Sequential {
  nn.setSeed(0);
  const m = nn.sequential();
  a.hidden.forEach((units, i) =>
    m.add(
      nn.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [784] } : {}) }),
    ),
  );
  m.add(nn.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
    jitCompile,
  });
  return m;
}

const models = { eager: build(false), compiled: build(true) };
// Warm-up: 20 batches each (the compiled model records its plans here).
const warm = 20 * a.batch;
for (const m of Object.values(models)) {
  await m.fit(nn.slice(x, [0], [warm]), nn.slice(y, [0], [warm]), {
    batchSize: a.batch,
    verbose: 0,
  });
}

interface Sample {
  wall: number;
  cpu: number;
  backendMs: number;
}
const samples: Record<keyof typeof models, Sample[]> = { eager: [], compiled: [] };
for (let r = 0; r < a.rounds; r++) {
  for (const key of ['eager', 'compiled'] as const) {
    const b0 = inBackend;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await models[key].fit(x, y, { batchSize: a.batch, epochs: 1, verbose: 0 });
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    samples[key].push({ wall, cpu: (c.user + c.system) / 1e6, backendMs: inBackend - b0 });
  }
}

const median = (v: number[]): number => {
  const s = [...v].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const steps = Math.ceil(n / a.batch);
const report = (s: Sample[]): Record<string, number> => {
  const out: Record<string, number> = {
    samples_per_s: Math.round(median(s.map((e) => n / e.wall))),
    samples_per_cpu_s: Math.round(median(s.map((e) => n / e.cpu))),
    step_us: Math.round(median(s.map((e) => (1e6 * e.wall) / steps))),
  };
  if (a.split) {
    out.backend_us_per_step = Math.round(median(s.map((e) => (1000 * e.backendMs) / steps)));
    out.other_us_per_step = Math.round(
      median(s.map((e) => (1e6 * e.wall - 1000 * e.backendMs) / steps)),
    );
  }
  return out;
};
const replays = models.compiled.compiled!.jit.train.replays;
console.log(
  JSON.stringify({
    machine: `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}`,
    node: process.version,
    threads: a.threads ?? 'default',
    batch: a.batch,
    hidden: a.hidden,
    epochs_each: a.rounds,
    eager: report(samples.eager),
    compiled: report(samples.compiled),
    compiled_replays: replays,
    compiled_eager_reason: models.compiled.compiled!.jit.train.eagerReason,
  }),
);
process.exit(0);
