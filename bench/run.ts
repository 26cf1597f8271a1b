/**
 * `npm run bench`: trains the chapter MLP (784-128-10) and a deeper one (784-512-256-128-10)
 * on Fashion-MNIST with Neurite (wasm, js), TensorFlow.js (wasm, cpu) and, when Debian's
 * python3-torch is installed, PyTorch — all in this one run, each in its own process — and
 * prints samples/s, ratios to each peer, test accuracy, predict throughput and peak RSS.
 * Writes bench/results/<timestamp>.json. Options: --budget S (seconds of timed training per
 * run, default 60), --quick (budget 8 s, chapter MLP only), --only neurite,torch,…
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nn from '../src/index.js';
import type { WorkerResult } from './common.js';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const budget = Number(flag('budget') ?? (quick ? 8 : 60));
const only = flag('only')?.split(',');

interface System {
  name: string;
  id: string;
  run: (hidden: number[], batch: number) => WorkerResult | null;
}

function node(script: string, args: object): WorkerResult | null {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, script), JSON.stringify(args)],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as WorkerResult;
  } catch {
    console.error(`  ${script} ${JSON.stringify(args)} failed:\n${r.stderr.slice(-2000)}`);
    return null;
  }
}

let torchData: Record<string, string> | null = null;
async function torchFiles(): Promise<Record<string, string>> {
  if (torchData) return torchData;
  const dir = mkdtempSync(join(tmpdir(), 'neurite-bench-'));
  const [[x, y], [xt, yt]] = await nn.datasets.fashionMnist.loadData();
  const f = (t: nn.Tensor, scale: boolean): Buffer =>
    Buffer.from((scale ? nn.div(t, 255) : t).dataSync().buffer);
  const files = {
    x: join(dir, 'x.f32'),
    y: join(dir, 'y.i32'),
    xt: join(dir, 'xt.f32'),
    yt: join(dir, 'yt.i32'),
  };
  writeFileSync(files.x, f(x, true));
  writeFileSync(files.y, f(y, false));
  writeFileSync(files.xt, f(xt, true));
  writeFileSync(files.yt, f(yt, false));
  torchData = files;
  return files;
}

const torchPython = '/usr/bin/python3';
const hasTorch =
  existsSync(torchPython) &&
  spawnSync(torchPython, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const systems: System[] = [
  {
    name: 'Neurite wasm',
    id: 'neurite-wasm',
    run: (hidden, batch) => node('neurite-mlp.ts', { backend: 'wasm', hidden, batch, budget }),
  },
  {
    name: 'Neurite js',
    id: 'neurite-js',
    run: (hidden, batch) =>
      node('neurite-mlp.ts', { backend: 'js', hidden, batch, budget: Math.min(budget, 20) }),
  },
  {
    name: 'TF.js wasm',
    id: 'tfjs-wasm',
    run: (hidden, batch) =>
      node('tfjs-mlp.ts', { backend: 'wasm', hidden, batch, budget: Math.min(budget, 20) }),
  },
  {
    name: 'TF.js cpu',
    id: 'tfjs-cpu',
    run: (hidden, batch) =>
      node('tfjs-mlp.ts', { backend: 'cpu', hidden, batch, budget: Math.min(budget, 20) }),
  },
];
if (hasTorch) {
  systems.push({
    name: 'PyTorch',
    id: 'torch',
    run: (hidden, batch) => {
      const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '2' };
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
      const r = spawnSync(
        torchPython,
        [join(here, 'torch_mlp.py'), JSON.stringify({ ...torchData, hidden, batch, budget })],
        { encoding: 'utf8', env },
      );
      try {
        return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as WorkerResult;
      } catch {
        console.error(`  PyTorch failed:\n${r.stderr.slice(-2000)}`);
        return null;
      }
    },
  });
}

const configs: { label: string; hidden: number[]; batch: number }[] = [
  { label: 'MLP 784-128-10, batch 32', hidden: [128], batch: 32 },
  { label: 'MLP 784-128-10, batch 128', hidden: [128], batch: 128 },
  ...(quick
    ? []
    : [{ label: 'MLP 784-512-256-128-10, batch 128', hidden: [512, 256, 128], batch: 128 }]),
];

if (hasTorch) await torchFiles();
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`;
console.log(`Neurite benchmark on ${machine}; timed training budget ${budget}s per run\n`);
const results: Record<string, Record<string, WorkerResult | null>> = {};
for (const cfg of configs) {
  console.log(`== ${cfg.label}`);
  results[cfg.label] = {};
  for (const s of systems) {
    if (only && !only.some((o) => s.id.startsWith(o))) continue;
    const r = s.run(cfg.hidden, cfg.batch);
    results[cfg.label]![s.id] = r;
    if (r) {
      console.log(
        `  ${s.name.padEnd(13)} ${r.samples_per_s.toFixed(0).padStart(8)} samples/s  predict ${r.predict_per_s.toFixed(0).padStart(8)}/s  ` +
          `acc ${r.full_epoch ? r.test_accuracy.toFixed(4) : ' (partial epoch)'}  peak RSS ${r.peak_rss_mb.toFixed(0)} MB`,
      );
    }
  }
  const ours = results[cfg.label]!['neurite-wasm'] ?? results[cfg.label]!['neurite-js'];
  if (ours) {
    const ratios = Object.entries(results[cfg.label]!)
      .filter(([id, r]) => r && !id.startsWith('neurite'))
      .map(([id, r]) => `${(ours.samples_per_s / r!.samples_per_s).toFixed(2)}x ${id}`);
    console.log(
      `  Neurite ${results[cfg.label]!['neurite-wasm'] ? 'wasm' : 'js'} vs peers (training): ${ratios.join(', ')}`,
    );
    const js = results[cfg.label]!['neurite-js'];
    const tfcpu = results[cfg.label]!['tfjs-cpu'];
    if (js && tfcpu)
      console.log(
        `  Neurite js vs TF.js cpu: ${(js.samples_per_s / tfcpu.samples_per_s).toFixed(2)}x`,
      );
    const torch = results[cfg.label]!.torch;
    if (torch)
      console.log(
        `  predict vs PyTorch: ${(ours.predict_per_s / torch.predict_per_s).toFixed(2)}x`,
      );
  }
  console.log('');
}
// matMul: the chapter's forward product on one thread and on all, against the machine's
// native peak as PyTorch's OpenBLAS reaches it in this same run.
console.log('== matMul GFLOP/s');
const mm = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(here, 'matmul.ts'), '--json', ...(quick ? ['--quick'] : [])],
  {
    encoding: 'utf8',
  },
);
interface MatMulRow {
  shape: string;
  label: string;
  /** null where --quick skipped it. */
  gJs: number | null;
  gWasm: number;
  gAll: number;
}
interface MatMulResult {
  threads: number;
  rows: MatMulRow[];
}
interface Peak {
  chapter: number;
  square1024: number;
}
function lastJson<T>(stdout: string): T | null {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
  } catch {
    return null;
  }
}
const matMul = lastJson<MatMulResult>(mm.stdout);
if (!matMul) console.error(`  bench/matmul.ts failed:\n${mm.stderr.slice(-2000)}`);
let peak: Peak | null = null;
if (hasTorch) {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '2' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync(torchPython, [join(here, 'torch_matmul.py')], { encoding: 'utf8', env });
  peak = lastJson<Peak>(r.stdout);
  if (!peak) console.error(`  torch_matmul.py failed:\n${r.stderr.slice(-2000)}`);
}
for (const row of matMul?.rows ?? []) {
  if (!['forward, batch 128', 'square 512'].includes(row.label)) continue;
  console.log(
    `  ${row.shape.padEnd(14)} wasm 1 thread ${row.gWasm.toFixed(1).padStart(6)}, ${matMul!.threads} threads ${row.gAll.toFixed(1).padStart(6)}` +
      (typeof row.gJs === 'number' && !Number.isNaN(row.gJs) ? `, js ${row.gJs.toFixed(1)}` : ''),
  );
}
if (peak) {
  const chapter = matMul?.rows.find((r) => r.label === 'forward, batch 128');
  console.log(
    `  machine peak (PyTorch/OpenBLAS, 2 threads, native AVX): 128×784×128 ${peak.chapter.toFixed(1)}, 1024³ ${peak.square1024.toFixed(1)}` +
      (chapter
        ? `; Neurite reaches ${((100 * chapter.gAll) / peak.square1024).toFixed(0)}% of the 1024³ peak`
        : ''),
  );
}
console.log('');

const out = join(here, 'results');
mkdirSync(out, { recursive: true });
const file = join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ machine, budget, results, matMul, peak }, null, 2));
console.log(`wrote ${file}`);
