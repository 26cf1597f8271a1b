/**
 * Shared by the benchmark workers (bench/*-worker.ts) and bench/run.ts: what a worker is
 * asked to do, the JSON line it prints, and the data files the Node peers read. Each worker
 * is its own process; it prints progress nowhere and its result as the last line of stdout.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * A worker's task. `train-mlp`: Dense(relu)… → Dense(10, softmax) on Fashion-MNIST;
 * `train-lenet`: LeNet-5 on MNIST; `predict-mlp`: the chapter MLP (784-128-10) predicting
 * the 10,000 Fashion-MNIST test images (ONNX Runtime's only task).
 */
export type Task = 'train-mlp' | 'train-lenet' | 'predict-mlp';

export interface WorkerArgs {
  task: Task;
  /** Hidden layer sizes of the MLP (train-mlp). */
  hidden: number[];
  batch: number;
  /** Seconds of timed training at most: the epoch is cut short after it. */
  budget: number;
  /** After training (train-mlp only): also time predict on the 10,000 test images. */
  predict: boolean;
  /** The peer's own setting: backend ('wasm', 'js', 'cpu'), ORT flavour ('node', 'web'). */
  variant: string;
  /** ONNX Runtime's model (predict-mlp): the file, who exported it, its input's dims. */
  onnx?: OnnxModel;
}

/** An ONNX file of the chapter MLP; `dims` of its input without the batch dimension. */
export interface OnnxModel {
  path: string;
  exporter: string;
  dims: number[];
}

export interface WorkerResult {
  /** Training throughput over the timed part of the epoch (train tasks). */
  samples_per_s?: number;
  /** Samples trained in the timed part; full_epoch when it covered all of them. */
  seen?: number;
  full_epoch?: boolean;
  /** Images per second of the best predict call on the 10,000 test images. */
  predict_per_s?: number;
  peak_rss_mb: number;
  /** How the peer ran (threads, BLAS, SIMD …), for the report. */
  info?: string;
  /** Set (with no numbers) when the peer is not installed here; says how to install it. */
  skipped?: string;
}

/**
 * Warm-up before the timed epoch, the same for every peer: at least 20 batches and at least
 * 3 seconds (at most one epoch). A JavaScript peer's first thousand steps run partly in
 * V8's slower tiers (Neurite's chapter MLP: ~50k samples/s in the first epoch after a
 * 20-batch warm-up, 52-65k in the next ones; PyTorch's epochs are all alike).
 */
export const WARMUP_BATCHES = 20;
export const WARMUP_SECONDS = 3;
/** Predict: one call over all 10,000 test images (batchSize 10,000 where the API batches). */
export const PREDICT_BATCH = 10000;
/** Predict calls timed after one warm-up call; the best is reported. */
export const PREDICT_CALLS = 5;

export function parseArgs(): WorkerArgs {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: worker <json args>');
  return JSON.parse(raw) as WorkerArgs;
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints the result line and exits (worker threads of a backend would keep Node alive). */
export function finish(result: WorkerResult): never {
  console.log(JSON.stringify(result));
  process.exit(0);
}

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One split of MNIST or Fashion-MNIST from data/: pixels scaled to [0, 1], labels int32. */
export interface IdxSplit {
  x: Float32Array;
  y: Int32Array;
  n: number;
}

function idxBody(path: string): Uint8Array {
  const buf = gunzipSync(readFileSync(path));
  const dims = buf.readUInt32BE(0) & 0xff;
  return buf.subarray(4 + 4 * dims);
}

/** Reads data/<set>/ (the official gzip IDX files) for the Node peers (TF.js, ONNX Runtime). */
export function readIdx(set: 'mnist' | 'fashion-mnist', split: 'train' | 't10k'): IdxSplit {
  const dir = join(repoRoot, 'data', set);
  const pixels = idxBody(join(dir, `${split}-images-idx3-ubyte.gz`));
  const labels = idxBody(join(dir, `${split}-labels-idx1-ubyte.gz`));
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i]! / 255;
  return { x, y: Int32Array.from(labels), n: labels.length };
}

/** A seeded permutation of 0..n-1 (xorshift32; the peers need random batches, not the same ones). */
export function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
