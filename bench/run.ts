/**
 * `npm run bench`: Neurite against PyTorch, TensorFlow.js (wasm) and ONNX Runtime (web,
 * node) on the workloads of issue 16's targets, every peer in the same run, each run its
 * own process, the peers alternating round by round (the order reverses every round) so a
 * busy spell of the machine hits all of them; each number is the median over the rounds.
 *
 * Rows: the chapter MLP 784-128-10 (Adam) at batch 32 and 128 and a deep MLP
 * 784-512-256-128-10 at batch 128 on Fashion-MNIST; LeNet-5 on MNIST at batch 64 (samples/s
 * of one epoch after a 20-batch warm-up, cut at the budget); predict of the 10,000 test
 * images with the chapter MLP (images/s, best of 5 calls); peak RSS of `neurite train` on
 * all of Fashion-MNIST (needs `npm run build`). PyTorch runs in two settings (OpenBLAS on 1
 * and on 2 threads; for LeNet-5 also 2 intra-op threads, see bench/torch_worker.py) and
 * Neurite is compared with the fastest.
 * Prints a markdown table with the machine named, the targets met or missed, the per-step
 * time split of Neurite (bench/step-profile.ts), matMul GFLOP/s beside OpenBLAS's kernels
 * of three vector widths (bench/torch_matmul.py) and the chapter MLP in headless Chromium
 * against Node (bench/browser-throughput.ts); writes bench/results/<time>.{json,md}.
 *
 * Options: --quick (1 round, 4 s budget, no deep MLP, no matMul or browser, 1-epoch RSS run; ~3 min),
 * --rounds N (default 3), --budget S (seconds of timed training per run, default 8),
 * --only neurite,torch,tfjs,ort (peers by prefix), --rows mlp32,mlp128,deep128,lenet64,
 * predict,rss, --extra (also Neurite js and TF.js cpu on the MLP rows).
 * onnxruntime-node is installed for the benchmark only: see bench/ort-worker.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type OnnxModel,
  repoRoot,
  type Task,
  type WorkerArgs,
  type WorkerResult,
} from './common.js';
import { cpuDescription, load, packageVersion } from './machine.js';
import { markdownReport, type Measured, type RowSpec, type SystemSpec } from './report.js';
import { matMulSection, browserSection, stepSplitSection } from './sections.js';
import { type TrainRss, trainRss } from './train-rss.js';

const here = join(repoRoot, 'bench');
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const rounds = Number(flag('rounds') ?? (quick ? 1 : 3));
const budget = Number(flag('budget') ?? (quick ? 4 : 8));
const only = flag('only')?.split(',');
const onlyRows = flag('rows')?.split(',');
const extra = argv.includes('--extra');
const torchPython = '/usr/bin/python3';

const ROWS: RowSpec[] = [
  {
    id: 'mlp32',
    label: 'chapter MLP 784-128-10, Adam, batch 32',
    task: 'train-mlp',
    hidden: [128],
    batch: 32,
    goals: [{ peer: 'torch', ratio: 1.5 }],
  },
  {
    id: 'mlp128',
    label: 'chapter MLP, batch 128',
    task: 'train-mlp',
    hidden: [128],
    batch: 128,
    goals: [{ peer: 'torch', ratio: 1.0 }],
  },
  {
    id: 'deep128',
    label: 'deep MLP 784-512-256-128-10, batch 128',
    task: 'train-mlp',
    hidden: [512, 256, 128],
    batch: 128,
    goals: [{ peer: 'torch', ratio: 1.0 }],
    full: true,
  },
  {
    id: 'lenet64',
    label: 'LeNet-5 on MNIST, batch 64',
    task: 'train-lenet',
    hidden: [],
    batch: 64,
    goals: [
      { peer: 'torch', ratio: 0.6 },
      { peer: 'tfjs-wasm', ratio: 5 },
    ],
  },
  {
    id: 'predict',
    label: 'predict 10,000 images, chapter MLP',
    task: 'predict-mlp',
    hidden: [128],
    batch: 32,
    goals: [{ peer: 'torch', ratio: 0.7 }],
  },
];

function lastJson<T>(stdout: string): T | null {
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as T;
  } catch {
    return null;
  }
}

function runNode(script: string, args: WorkerArgs): WorkerResult | null {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(here, script), JSON.stringify(args)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      timeout: (args.budget + 300) * 1000,
    },
  );
  const out = lastJson<WorkerResult>(r.stdout ?? '');
  if (!out)
    console.error(`  ${script} ${JSON.stringify(args)} failed:\n${(r.stderr ?? '').slice(-2000)}`);
  return out;
}

/**
 * glibc malloc settings for PyTorch: keep freed blocks up to 32 MiB in the heap instead of
 * unmapping them. By default glibc maps every block of 128 KiB and more afresh and unmaps it
 * when freed (until a free of such a block raises its threshold, which depends on what the
 * script happened to allocate before). PyTorch allocates every tensor through malloc, so a
 * training step (Adam's temporaries on the 784×128 kernel are 401 KB each) then pays about
 * 150 page faults and ~1 ms of kernel time, and with OpenBLAS on two threads the faults and
 * unmaps of its output serialize both threads (see bench/torch_worker.py). This is what
 * PyTorch's CPU tuning guide fixes with jemalloc or tcmalloc; neither is installed here.
 */
const TORCH_MALLOC = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728';

/**
 * The environment of the PyTorch worker for a variant "t<n>b<m>": OpenBLAS on m threads,
 * its core detected rather than forced by this machine's OPENBLAS_CORETYPE, and the malloc
 * settings above.
 */
function torchEnv(variant: string): NodeJS.ProcessEnv {
  const blasThreads = variant.slice(variant.indexOf('b') + 1);
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: blasThreads };
  env.GLIBC_TUNABLES = [process.env.GLIBC_TUNABLES, TORCH_MALLOC].filter(Boolean).join(':');
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  delete env.OMP_NUM_THREADS;
  return env;
}

function runTorch(args: WorkerArgs): WorkerResult | null {
  const r = spawnSync(torchPython, [join(here, 'torch_worker.py'), JSON.stringify(args)], {
    encoding: 'utf8',
    env: torchEnv(args.variant),
    timeout: (args.budget + 300) * 1000,
  });
  const out = lastJson<WorkerResult>(r.stdout ?? '');
  if (!out)
    console.error(
      `  torch_worker.py ${JSON.stringify(args)} failed:\n${(r.stderr ?? '').slice(-2000)}`,
    );
  return out;
}

/**
 * The chapter MLP exported by Neurite itself (`nn.io.saveOnnx`) for ONNX Runtime, or null
 * (the ORT worker then uses PyTorch's export of the same layers) when the export fails.
 */
async function neuriteOnnx(): Promise<OnnxModel | null> {
  try {
    const nn = await import('../src/index.js');
    const { mlp } = await import('./neurite-models.js');
    const path = join(mkdtempSync(join(tmpdir(), 'neurite-bench-onnx-')), 'mlp.onnx');
    await nn.io.saveOnnx(mlp([128]), path);
    return { path, exporter: 'Neurite (nn.io.saveOnnx)', dims: [784] };
  } catch (e) {
    console.log(
      `  Neurite's ONNX export failed (${String(e).slice(0, 200)}); ORT runs PyTorch's export`,
    );
    return null;
  }
}

const hasTorch =
  existsSync(torchPython) &&
  spawnSync(torchPython, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const TRAIN: Task[] = ['train-mlp', 'train-lenet'];
const PREDICT: Task[] = ['predict-mlp'];
/** A peer: its id, its name in the table, the tasks it runs, and how to run one. */
function system(id: string, name: string, tasks: Task[], run: SystemSpec['run']): SystemSpec {
  return { id, name, tasks, run };
}
/** The slow peers get at most `s` seconds of timed training (a partial epoch). */
const capped = (a: WorkerArgs, s: number): WorkerArgs => ({ ...a, budget: Math.min(a.budget, s) });
const ALL: SystemSpec[] = [
  system('neurite-wasm', 'Neurite wasm', TRAIN, (a) =>
    runNode('neurite-worker.ts', { ...a, variant: 'wasm' }),
  ),
  system('neurite-wasm-1', 'Neurite wasm, 1 thread', TRAIN, (a) =>
    runNode('neurite-worker.ts', { ...a, variant: 'wasm-1' }),
  ),
];
if (hasTorch) {
  ALL.push(
    system('torch-t1b1', 'PyTorch 1 thread, OpenBLAS 1', TRAIN, (a) =>
      runTorch({ ...a, variant: 't1b1' }),
    ),
    system('torch-t1b2', 'PyTorch 1 thread, OpenBLAS 2', TRAIN, (a) =>
      runTorch({ ...a, variant: 't1b2' }),
    ),
    system('torch-t2b1', 'PyTorch 2 threads, OpenBLAS 1', ['train-lenet'], (a) =>
      runTorch({ ...a, variant: 't2b1' }),
    ),
  );
}
ALL.push(
  system('tfjs-wasm', 'TF.js wasm', TRAIN, (a) =>
    runNode('tfjs-worker.ts', { ...capped(a, 6), variant: 'wasm' }),
  ),
  system('ort-node', 'onnxruntime-node', PREDICT, (a) =>
    runNode('ort-worker.ts', { ...a, variant: 'node' }),
  ),
  system('ort-web', 'onnxruntime-web', PREDICT, (a) =>
    runNode('ort-worker.ts', { ...a, variant: 'web' }),
  ),
);
if (extra) {
  // TF.js's pure-JS backend on the MLPs only: it trains LeNet-5 at about 11 samples/s here
  // (20 warm-up batches take minutes).
  ALL.push(
    system('tfjs-cpu', 'TF.js cpu', ['train-mlp'], (a) =>
      runNode('tfjs-worker.ts', { ...capped(a, 6), variant: 'cpu' }),
    ),
    system('neurite-js', 'Neurite js', ['train-mlp'], (a) =>
      runNode('neurite-worker.ts', { ...capped(a, 6), variant: 'js' }),
    ),
  );
}
const SYSTEMS = ALL.filter((s) => !only || only.some((o) => s.id.startsWith(o)));

const onnxModel = SYSTEMS.some((s) => s.id.startsWith('ort')) ? await neuriteOnnx() : null;
const rows = ROWS.filter((r) => (!onlyRows || onlyRows.includes(r.id)) && !(quick && r.full));
const wantRss = !onlyRows || onlyRows.includes('rss');
const measured: Measured = {};
const infos: Record<string, string> = {};
const startLoad = load();
const t0 = performance.now();
console.log(
  `Neurite benchmark: ${cpuDescription()}, Node ${process.version}; ${rounds} round(s), peers alternating, ` +
    `timed training budget ${budget}s per run; load average ${startLoad} at start\n`,
);

/**
 * Whether the system runs a process for the row: the trainable peers time predict in
 * their chapter-MLP batch-32 run, so only ONNX Runtime runs the predict row itself.
 */
const runsRow = (s: SystemSpec, row: RowSpec): boolean => s.tasks.includes(row.task);

/** Runs one system on one row, keeping its numbers (and predict's, from the mlp32 row). */
function runOne(row: RowSpec, s: SystemSpec): void {
  const predictHere = row.id === 'mlp32' && rows.some((r) => r.id === 'predict');
  const args: WorkerArgs = {
    ...(row.task === 'predict-mlp' && onnxModel ? { onnx: onnxModel } : {}),
    task: row.task,
    hidden: row.hidden,
    batch: row.batch,
    budget,
    predict: predictHere,
    variant: '',
  };
  const r = s.run(args);
  const keep = (rowId: string, value: number | undefined): void => {
    if (value === undefined) return;
    ((measured[rowId] ??= {})[s.id] ??= []).push(value);
  };
  if (r?.skipped) {
    infos[s.id] = `skipped: ${r.skipped}`;
    console.log(`  ${s.name.padEnd(28)} skipped: ${r.skipped}`);
    return;
  }
  if (!r) return;
  if (r.info) infos[s.id] = r.info;
  if (row.task === 'predict-mlp') keep('predict', r.predict_per_s);
  else keep(row.id, r.samples_per_s);
  if (predictHere) keep('predict', r.predict_per_s);
  const what =
    row.task === 'predict-mlp'
      ? `${(r.predict_per_s ?? 0).toFixed(0).padStart(8)} images/s`
      : `${(r.samples_per_s ?? 0).toFixed(0).padStart(8)} samples/s${r.full_epoch ? '' : ' (partial epoch)'}` +
        (r.predict_per_s ? `, predict ${r.predict_per_s.toFixed(0)}/s` : '');
  console.log(`  ${s.name.padEnd(28)} ${what}, peak RSS ${r.peak_rss_mb.toFixed(0)} MB`);
}

for (let round = 0; round < rounds; round++) {
  console.log(`== round ${round + 1} of ${rounds} (load average ${load()})`);
  for (const row of rows) {
    const order = round % 2 === 0 ? SYSTEMS : [...SYSTEMS].reverse();
    if (!order.some((s) => runsRow(s, row))) continue;
    console.log(`-- ${row.label}`);
    for (const s of order) if (runsRow(s, row)) runOne(row, s);
  }
}

let rss: TrainRss | null = null;
if (wantRss && (!only || only.some((o) => 'neurite'.startsWith(o)))) {
  console.log(`-- neurite train, full Fashion-MNIST (load average ${load()})`);
  rss = trainRss(quick ? 1 : 3);
  if (rss)
    console.log(
      `  peak RSS ${rss.mb.toFixed(0)} MB (${rss.epochs} epochs, ${rss.seconds.toFixed(0)} s; at exit V8 heap ${rss.heapMb.toFixed(0)} MB, ArrayBuffers ${rss.arrayBuffersMb.toFixed(0)} MB)`,
    );
}

const extraSections: string[] = [];
if (!quick && (!only || only.some((o) => 'neurite'.startsWith(o)))) {
  console.log(`-- per-step time split of Neurite (load average ${load()})`);
  extraSections.push(stepSplitSection(here));
  if (!onlyRows) {
    console.log(`-- matMul GFLOP/s (load average ${load()})`);
    extraSections.push(matMulSection(here, hasTorch ? torchPython : null, torchEnv('t1b2')));
    console.log(`-- chapter MLP in headless Chromium against Node (load average ${load()})`);
    const browser = browserSection(here);
    if (browser) extraSections.push(browser);
  }
}

const versions = {
  node: process.version,
  tfjs: packageVersion('@tensorflow/tfjs'),
  'onnxruntime-web': packageVersion('onnxruntime-web'),
  'onnxruntime-node': packageVersion('onnxruntime-node', join(here, 'peers')),
};
const minutes = (performance.now() - t0) / 60000;
const md = markdownReport({
  machine: `${cpuDescription()}, Node ${process.version}`,
  rounds,
  budget,
  loads: `${startLoad} at start, ${load()} at the end`,
  minutes,
  rows,
  systems: SYSTEMS,
  measured,
  infos,
  rss: rss ? { ...rss, goal: 450 } : null,
  sections: extraSections,
});
console.log(`\n${md}`);
const out = join(here, 'results');
mkdirSync(out, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(
  join(out, `${stamp}.json`),
  JSON.stringify({ versions, rounds, budget, measured, infos, rss }, null, 2),
);
writeFileSync(join(out, `${stamp}.md`), md);
if (onnxModel) rmSync(dirname(onnxModel.path), { recursive: true, force: true });
console.log(`wrote bench/results/${stamp}.{json,md}`);
