/**
 * The benchmark report's further sections, each from its own process: the per-step time
 * split of Neurite's training step (bench/step-profile.ts: kernels against everything
 * else) and matMul GFLOP/s against the machine's native peak (bench/matmul.ts and PyTorch's
 * OpenBLAS in bench/torch_matmul.py).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type BrowserSummary, markdownSection } from './browser/summary.js';

function lastJson<T>(stdout: string | null): T | null {
  try {
    return JSON.parse((stdout ?? '').trim().split('\n').pop() ?? '') as T;
  } catch {
    return null;
  }
}

interface StepProfile {
  batch: number;
  fit_samples_per_s: number;
  split_step_us: number;
  split_kernel_us: number;
  split_other_us: number;
  split_top_kernels: { kernel: string; us_per_step: number }[];
}

const PROFILES: { label: string; args: object }[] = [
  { label: 'chapter MLP, batch 32', args: { model: 'mlp', hidden: [128], batch: 32 } },
  {
    label: 'chapter MLP, batch 32, eager (jitCompile: false)',
    args: { model: 'mlp', hidden: [128], batch: 32, jit: false },
  },
  { label: 'chapter MLP, batch 128', args: { model: 'mlp', hidden: [128], batch: 128 } },
  {
    label: 'chapter MLP, batch 128, eager',
    args: { model: 'mlp', hidden: [128], batch: 128, jit: false },
  },
  { label: 'deep MLP, batch 128', args: { model: 'mlp', hidden: [512, 256, 128], batch: 128 } },
  { label: 'LeNet-5, batch 64', args: { model: 'lenet', batch: 64, rows: 4096 } },
];

/** Markdown: per workload, µs per step in backend calls and in everything else. */
export function stepSplitSection(here: string): string {
  const body: string[] = [];
  for (const p of PROFILES) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(here, 'step-profile.ts'), JSON.stringify({ ...p.args, seconds: 3 })],
      { encoding: 'utf8', timeout: 300_000 },
    );
    const s = lastJson<StepProfile>(r.stdout);
    if (!s) {
      console.error(`  step-profile ${p.label} failed:\n${(r.stderr ?? '').slice(-2000)}`);
      continue;
    }
    const share = (100 * s.split_other_us) / s.split_step_us;
    const top = s.split_top_kernels
      .slice(0, 3)
      .map((k) => `${k.kernel} ${k.us_per_step.toFixed(0)}`)
      .join('; ');
    body.push(
      `| ${p.label} | ${s.split_step_us.toFixed(0)} | ${s.split_kernel_us.toFixed(0)} | ` +
        `${s.split_other_us.toFixed(0)} (${share.toFixed(0)}%) | ${top} |`,
    );
    console.log(
      `  ${p.label}: ${s.split_step_us.toFixed(0)} µs/step, ${s.split_other_us.toFixed(0)} outside kernels`,
    );
  }
  return [
    'Per-step time split of Neurite wasm (`bench/step-profile.ts`, one epoch of `fit` on random data with every backend call timed, µs per step; the compiled step (the default) unless marked eager; the timing wrapper adds about 1 µs per call to both columns):',
    '',
    '| workload | step | in kernels (and reads) | everything else | largest kernels |',
    '| --- | --- | --- | --- | --- |',
    ...body,
  ].join('\n');
}

interface MatMulRow {
  shape: string;
  label: string;
  gWasm: number;
  gAll: number;
}

interface BlasRow {
  core: string;
  isa: string;
  threads: number;
  chapter: number;
  square1024: number;
}

/**
 * Markdown: Neurite's matMul on 1 thread and on all, against PyTorch's OpenBLAS with the
 * kernels it picks for this CPU and forced to its AVX2 and SSE (128-bit, WebAssembly
 * SIMD's width) kernels, on 1 and 2 threads.
 */
export function matMulSection(
  here: string,
  python: string | null,
  torchEnv: NodeJS.ProcessEnv,
): string {
  const mm = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'matmul.ts'), '--json', '--quick'],
    { encoding: 'utf8', timeout: 300_000 },
  );
  const matMul = lastJson<{ threads: number; rows: MatMulRow[] }>(mm.stdout);
  if (!matMul) console.error(`  bench/matmul.ts failed:\n${(mm.stderr ?? '').slice(-2000)}`);
  const blas = python
    ? lastJson<{ rows: BlasRow[] }>(
        spawnSync(python, [join(here, 'torch_matmul.py')], {
          encoding: 'utf8',
          env: torchEnv,
          timeout: 300_000,
        }).stdout,
      )
    : null;
  const fmt = (g: number | undefined): string => (g === undefined ? '–' : g.toFixed(1));
  const lines = [
    'matMul GFLOP/s, 128×784×128 (the chapter MLP at batch 128; `bench/matmul.ts`, `bench/torch_matmul.py`):',
    '',
    '| matMul | 1 thread | 2 threads |',
    '| --- | --- | --- |',
  ];
  const chapter = matMul?.rows.find((r) => r.label === 'forward, batch 128');
  if (chapter)
    lines.push(
      `| Neurite wasm (SIMD, 128-bit) | ${fmt(chapter.gWasm)} | ${fmt(matMul!.threads === 2 ? chapter.gAll : undefined)} |`,
    );
  const byIsa = new Map<string, BlasRow[]>();
  for (const r of blas?.rows ?? []) byIsa.set(r.isa, [...(byIsa.get(r.isa) ?? []), r]);
  for (const [isa, rows] of byIsa) {
    const name =
      isa === 'detected'
        ? `OpenBLAS, its choice for this CPU (${rows[0]!.core})`
        : `OpenBLAS forced to ${rows[0]!.core} kernels (${isa})`;
    const t = (n: number): string => fmt(rows.find((r) => r.threads === n)?.chapter);
    lines.push(`| ${name} | ${t(1)} | ${t(2)} |`);
  }
  for (const l of lines.slice(2)) console.log(`  ${l}`);
  return lines.join('\n');
}

/** Markdown: the chapter MLP in headless Chromium against Node, or null when it failed. */
export function browserSection(here: string): string | null {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'browser-throughput.ts'), '--json'],
    { encoding: 'utf8', timeout: 900_000 },
  );
  const s = lastJson<BrowserSummary>(r.stdout);
  if (!s) {
    console.error(`  bench/browser-throughput.ts failed:\n${(r.stderr ?? '').slice(-2000)}`);
    return null;
  }
  for (const t of s.table)
    console.log(
      `  ${t.label}: Node ${t.node_median.toFixed(0)}, Chromium ${t.chromium_median.toFixed(0)} ${t.unit} (${t.ratio.toFixed(2)}×)`,
    );
  return markdownSection(s);
}
