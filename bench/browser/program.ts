/**
 * The throughput program that bench/browser-throughput.ts runs twice, unchanged: in Node
 * (bench/browser/node-run.ts) and bundled into a cross-origin isolated page in headless
 * Chromium (bench/browser/page.ts). It trains the chapter MLP of the main benchmark
 * (bench/neurite-models.ts: 784-128-10, Adam, sparse categorical cross-entropy, `compile`'s
 * defaults, so the compiled step) on seeded random data shaped like MNIST with `model.fit`,
 * for each batch size a fresh model: a warm-up of whole epochs (at least one, at least
 * `warmupSeconds`), then `budget` seconds timed; then predict on `predictRows` rows (best of
 * `predictCalls` calls after one warm-up call). It imports nothing from Node, so the page
 * can bundle it.
 */
import * as nn from '../../src/index.js';
import type { WasmBackend } from '../../src/backends/wasm/wasm-backend.js';
import { findBackend } from '../../src/engine/engine.js';
import { compileForBench, mlp } from '../neurite-models.js';

/** What both runtimes are asked to do (the driver sends the same object to each). */
export interface ThroughputArgs {
  /** Rows of random training data (784 features in [0, 1), labels 0..9). */
  rows: number;
  batches: number[];
  /** Seconds of timed training per batch size. */
  budget: number;
  /** Warm-up: whole epochs until at least this many seconds have passed (at least one). */
  warmupSeconds: number;
  predictRows: number;
  /** Predict calls timed after one warm-up call (the best is reported). */
  predictCalls: number;
}

/** Training throughput at one batch size. */
export interface TrainThroughput {
  batch: number;
  samples_per_s: number;
  /** Samples trained in the timed part, and its seconds. */
  seen: number;
  seconds: number;
  warmup_epochs: number;
}

/** What one run reports (plain JSON, so it crosses from the page unchanged). */
export interface ThroughputResult {
  /** The backend `nn.ready()` chose ('wasm' where WebAssembly SIMD runs). */
  backend: string;
  /**
   * Threads the backend used: its worker threads whose pool was running after training,
   * plus the calling thread (1: single-threaded).
   */
  threads: number;
  /** Worker threads the backend was made with (0: single-threaded from the start). */
  workers: number;
  /** `globalThis.crossOriginIsolated` (undefined in Node, reported as null). */
  crossOriginIsolated: boolean | null;
  /** Whether SharedArrayBuffer exists here. */
  sharedArrayBuffer: boolean;
  /** `navigator.hardwareConcurrency`, where the runtime has a navigator. */
  hardwareConcurrency: number | null;
  train: TrainThroughput[];
  /** Images per second of the best predict call (batchSize = all rows, as bench/ does). */
  predict_per_s: number;
}

/** Seeded labels 0..9 (xorshift32), the same in every runtime. */
function labels(n: number, seed: number): Int32Array {
  const y = new Int32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    y[i] = s % 10;
  }
  return y;
}

/** Trains a fresh chapter MLP at `batch`: warm-up epochs, then `budget` seconds timed. */
async function trainAt(
  x: nn.Tensor,
  y: nn.Tensor,
  batch: number,
  args: ThroughputArgs,
): Promise<{ model: nn.Sequential; result: TrainThroughput }> {
  nn.setSeed(0);
  const model = mlp([128]);
  compileForBench(model);

  let warmStart = 0;
  let warmupEpochs = 0;
  const warmUp = nn.callbacks.lambda({
    onTrainBegin: () => void (warmStart = performance.now()),
    onEpochEnd: () => {
      warmupEpochs++;
      if ((performance.now() - warmStart) / 1000 >= args.warmupSeconds) model.stopTraining = true;
    },
  });
  await model.fit(x, y, { batchSize: batch, epochs: 10_000, verbose: 0, callbacks: [warmUp] });

  let seen = 0;
  let start = 0;
  const timer = nn.callbacks.lambda({
    onTrainBegin: () => void (start = performance.now()),
    onBatchBegin: (_b, logs) => void (seen += logs?.size ?? batch),
    onBatchEnd: () => {
      if ((performance.now() - start) / 1000 >= args.budget) model.stopTraining = true;
    },
  });
  await model.fit(x, y, { batchSize: batch, epochs: 10_000, verbose: 0, callbacks: [timer] });
  const seconds = (performance.now() - start) / 1000;
  return {
    model,
    result: {
      batch,
      samples_per_s: seen / seconds,
      seen,
      seconds,
      warmup_epochs: warmupEpochs,
    },
  };
}

/** Best images/s of `calls` predict calls over all of `x` in one batch, after one warm-up. */
function predictRate(model: nn.Sequential, x: nn.Tensor, calls: number): number {
  let best = Infinity;
  for (let call = 0; call <= calls; call++) {
    const t0 = performance.now();
    nn.dispose(model.predict(x, { batchSize: x.shape[0]! }));
    if (call > 0) best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return x.shape[0]! / best;
}

/** Threads the current backend used (its live worker pool plus this thread), and its workers. */
async function backendThreads(): Promise<{ threads: number; workers: number }> {
  const name = nn.getBackend();
  if (name !== 'wasm') return { threads: 1, workers: 0 };
  const wasm = (await findBackend(name)) as WasmBackend;
  // After training the pool has long started if it ever will: a short wait suffices.
  const running = await wasm.whenThreadsReady(2000);
  return { threads: running ? wasm.threads + 1 : 1, workers: wasm.threads };
}

/** Runs the whole program on the default backend (`nn.ready()`), as an application would. */
export async function runThroughput(args: ThroughputArgs): Promise<ThroughputResult> {
  await nn.ready();
  const x = nn.randomUniform([args.rows, 784], 0, 1, 'float32', 1);
  const y = nn.tensor(labels(args.rows, 2), [args.rows], 'int32');
  const xPredict = nn.randomUniform([args.predictRows, 784], 0, 1, 'float32', 3);

  const train: TrainThroughput[] = [];
  let predictPerS = 0;
  for (const [i, batch] of args.batches.entries()) {
    const { model, result } = await trainAt(x, y, batch, args);
    train.push(result);
    // Predict once, with the first model (its weights do not change the work).
    if (i === 0) predictPerS = predictRate(model, xPredict, args.predictCalls);
    model.dispose();
  }
  nn.dispose([x, y, xPredict]);

  const g = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { hardwareConcurrency?: number };
  };
  return {
    backend: nn.getBackend(),
    ...(await backendThreads()),
    crossOriginIsolated: g.crossOriginIsolated ?? null,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? null,
    train,
    predict_per_s: predictPerS,
  };
}
