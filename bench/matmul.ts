/**
 * matMul throughput of the js backend and of the wasm backend on one thread and on all
 * cores (its worker threads), through the Backend interface (no tensor bookkeeping). Run
 * with `npx tsx bench/matmul.ts [--quick] [--json]`; prints GFLOP/s per shape and the
 * machine it ran on (`--json`: one JSON line, which `npm run bench` reads). Shapes are those of the chapter MLP (784-128-10) at batch 32 and
 * 128: forward X·W, the weight gradient Xᵀ·dY and the input gradient dY·Wᵀ.
 */
import { cpus } from 'node:os';
import type { Backend, TensorInfo } from '../src/backends/backend.js';
import { JsBackend } from '../src/backends/js/js-backend.js';
import { createWasmBackend } from '../src/backends/wasm/index.js';

interface Case {
  label: string;
  m: number;
  k: number;
  n: number;
  tA: boolean;
  tB: boolean;
}

const CASES: Case[] = [
  { label: 'forward, batch 128', m: 128, k: 784, n: 128, tA: false, tB: false },
  { label: 'forward, batch 32', m: 32, k: 784, n: 128, tA: false, tB: false },
  { label: 'dW = Xᵀ·dY, batch 32', m: 784, k: 32, n: 128, tA: true, tB: false },
  { label: 'dW = Xᵀ·dY, batch 128', m: 784, k: 128, n: 128, tA: true, tB: false },
  { label: 'dX = dY·Wᵀ, batch 32', m: 32, k: 128, n: 784, tA: false, tB: true },
  { label: 'layer 2, batch 32', m: 32, k: 128, n: 10, tA: false, tB: false },
  { label: 'square 256', m: 256, k: 256, n: 256, tA: false, tB: false },
  { label: 'square 512', m: 512, k: 512, n: 512, tA: false, tB: false },
];

function operand(b: Backend, rows: number, cols: number): TensorInfo {
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i) * 0.5;
  return {
    storage: b.upload(values, 'float32'),
    shape: [1, rows, cols],
    dtype: 'float32',
    size: values.length,
  };
}

/** Runs `f` repeatedly for at least `ms` milliseconds; returns the time per call. */
function timeFor(f: () => void, ms: number): number {
  let reps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms || reps < 2) {
    f();
    reps++;
    t = performance.now();
  }
  return (t - t0) / reps;
}

/**
 * Best GFLOP/s of five timed runs of at least `minMs` each, after a warm-up as long as
 * one run (V8 first runs WebAssembly from its baseline compiler and swaps in optimised
 * code a little later).
 */
function measure(b: Backend, c: Case, minMs: number): number {
  const a = operand(b, c.tA ? c.k : c.m, c.tA ? c.m : c.k);
  const w = operand(b, c.tB ? c.n : c.k, c.tB ? c.k : c.n);
  const once = (): void => b.free(b.matMul(a, w, c.tA, c.tB));
  timeFor(once, minMs);
  let best = Infinity;
  for (let round = 0; round < 5; round++) best = Math.min(best, timeFor(once, minMs));
  b.free(a.storage);
  b.free(w.storage);
  return (2 * c.m * c.k * c.n) / (best * 1e6);
}

const js = new JsBackend();
const wasm = await createWasmBackend({ threads: 1 });
const wasmAll = await createWasmBackend();
await wasmAll.whenThreadsReady();
const quick = process.argv.includes('--quick');
const rows = CASES.map((c) => {
  const shape = `${c.m}×${c.k}×${c.n}${c.tA ? ' Aᵀ' : ''}${c.tB ? ' Bᵀ' : ''}`;
  const gJs = quick && c.m * c.k * c.n > 3e7 ? NaN : measure(js, c, quick ? 50 : 150);
  const gWasm = measure(wasm, c, quick ? 50 : 150);
  const gAll = measure(wasmAll, c, quick ? 50 : 150);
  return { shape, label: c.label, gJs, gWasm, gAll };
});

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ threads: wasmAll.threads + 1, rows }));
  process.exit(0);
}
const cpu = cpus();
console.log(
  `matMul: ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), Node ${process.version}; ` +
    `wasm on 1 thread and on ${wasmAll.threads + 1}`,
);
const pad = (s: string, n: number): string => s.padEnd(n);
const num = (x: number): string => (Number.isNaN(x) ? '-' : x.toFixed(1)).padStart(8);
console.log(
  `${pad('m×k×n', 22)}${pad('case', 24)}${'js'.padStart(8)}${'wasm'.padStart(8)}${'wasm-mt'.padStart(9)}  GFLOP/s`,
);
for (const r of rows) {
  const ratio = Number.isNaN(r.gJs) ? '' : `  ${(r.gWasm / r.gJs).toFixed(0)}× js`;
  console.log(
    `${pad(r.shape, 22)}${pad(r.label, 24)}${num(r.gJs)}${num(r.gWasm)} ${num(r.gAll)}${ratio}`,
  );
}
process.exit(0);
