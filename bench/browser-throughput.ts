/**
 * The chapter MLP's throughput in headless Chromium against Node's (issue 16): one program
 * (bench/browser/program.ts: the main benchmark's model from bench/neurite-models.ts, the
 * compiled step, random MNIST-shaped data; training samples/s at each batch size, predict
 * images/s) runs in a fresh Node process (bench/browser/node-run.ts) and in a fresh page of
 * Debian's headless Chromium (bench/browser/page.ts, bundled and served cross-origin
 * isolated by test/browser/harness.ts, so the wasm backend's Web Worker threads can share
 * its memory), alternating round by round (the order reverses every round). Fails when the
 * page is not cross-origin isolated; reports the threads each backend used.
 *
 * node --import tsx bench/browser-throughput.ts [--rounds 3] [--budget 5] [--warmup 3]
 *   [--rows 8192] [--batches 32,128] [--json]
 *
 * Prints a table of medians (Node, Chromium, Chromium / Node) with the versions, threads
 * and load; --json adds the summary (bench/browser/summary.ts) as the last line of stdout.
 * Needs Chromium at /usr/bin/chromium (or NEURITE_CHROMIUM): `apt-get install chromium`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ThroughputArgs, ThroughputResult } from './browser/program.js';
import { type BrowserSummary, row, textTable } from './browser/summary.js';
import { PREDICT_BATCH, PREDICT_CALLS, repoRoot, WARMUP_SECONDS } from './common.js';
import { cpuDescription, load } from './machine.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const positive = (name: string, fallback: number): number => {
  const v = Number(flag(name, String(fallback)));
  if (!(v > 0)) fail(`--${name} must be a positive number, received '${flag(name, '')}'`);
  return v;
};
const rounds = Math.floor(positive('rounds', 3));
const args: ThroughputArgs = {
  rows: Math.floor(positive('rows', 8192)),
  batches: flag('batches', '32,128').split(',').map(Number),
  budget: positive('budget', 5),
  warmupSeconds: positive('warmup', WARMUP_SECONDS),
  predictRows: PREDICT_BATCH,
  predictCalls: PREDICT_CALLS,
};
if (args.batches.some((b) => !Number.isInteger(b) || b <= 0))
  fail(
    `--batches must be positive integers separated by commas, received '${flag('batches', '')}'`,
  );
const json = argv.includes('--json');

/** Stops with a message naming what is wrong (no JSON line: bench/run.ts then shows stderr). */
function fail(message: string): never {
  console.error(`bench/browser-throughput.ts: ${message}`);
  process.exit(1);
}

// The harness's own default, checked before it is imported (it would announce skipped tests).
const chromiumPath = process.env.NEURITE_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath))
  fail(
    `no Chromium at ${chromiumPath}: install Debian's (apt-get install chromium) or set NEURITE_CHROMIUM to a Chromium executable`,
  );
const { bundle, close, launch, origin, runPage, serve } =
  await import('../test/browser/harness.js');

/** A run's budget in milliseconds: warm-up and timed training per batch size, and slack. */
const runTimeoutMs = (args.batches.length * (args.warmupSeconds + args.budget) * 4 + 120) * 1000;

function runNode(): ThroughputResult {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bench/browser/node-run.ts'), JSON.stringify(args)],
    { encoding: 'utf8', timeout: runTimeoutMs },
  );
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as ThroughputResult;
  } catch {
    throw new Error(
      `the Node run failed (exit ${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-2000)}`,
    );
  }
}

async function runChromium(browser: Browser, server: Server): Promise<ThroughputResult> {
  const url = `${origin(server)}#${encodeURIComponent(JSON.stringify(args))}`;
  const run = await runPage<ThroughputResult>(browser, url, { timeout: runTimeoutMs });
  if (run.errors.length) console.log(`  page errors: ${run.errors.join(' | ')}`);
  if (run.result.crossOriginIsolated !== true)
    throw new Error(
      `the page is not cross-origin isolated (crossOriginIsolated ${run.result.crossOriginIsolated}): the wasm backend cannot share its memory with Web Workers there`,
    );
  return run.result;
}

const describe = (r: ThroughputResult): string =>
  r.train.map((t) => `batch ${t.batch} ${t.samples_per_s.toFixed(0)} samples/s`).join(', ') +
  `, predict ${r.predict_per_s.toFixed(0)} images/s (${r.backend}, ${r.threads} threads)`;

const startLoad = load();
const dir = mkdtempSync(join(tmpdir(), 'neurite-browser-bench-'));
let server: Server | undefined;
let browser: Browser | undefined;
const results: { node: ThroughputResult[]; chromium: ThroughputResult[] } = {
  node: [],
  chromium: [],
};
let chromiumVersion = '';
/** What went wrong once the browser was involved (reported after it is closed). */
let failure = '';
try {
  await bundle('bench/browser/page.ts', dir);
  server = await serve(dir);
  browser = await launch().catch((e: unknown) => {
    throw new Error(`Chromium at ${chromiumPath} did not start: ${String(e).slice(0, 1000)}`);
  });
  chromiumVersion = browser.version();
  console.log(
    `chapter MLP, Node ${process.version} against headless Chromium ${chromiumVersion}: ${rounds} round(s), ` +
      `${args.rows} random rows, batches ${args.batches.join(', ')}, ${args.budget} s timed each; ` +
      `${cpuDescription()}; load average ${startLoad}`,
  );
  for (let round = 0; round < rounds; round++) {
    const order =
      round % 2 === 0 ? (['node', 'chromium'] as const) : (['chromium', 'node'] as const);
    console.log(`== round ${round + 1} of ${rounds} (load average ${load()})`);
    for (const side of order) {
      const r = side === 'node' ? runNode() : await runChromium(browser, server);
      results[side].push(r);
      console.log(`  ${side.padEnd(9)} ${describe(r)}`);
    }
  }
} catch (e) {
  failure = e instanceof Error ? e.message : String(e);
} finally {
  await browser?.close();
  await close(server);
  rmSync(dir, { recursive: true, force: true });
}
if (failure) fail(failure);

const first = { node: results.node[0]!, chromium: results.chromium[0]! };
const threads = (rs: ThroughputResult[]): number => Math.min(...rs.map((r) => r.threads));
const summary: BrowserSummary = {
  node: process.version,
  chromium: chromiumVersion,
  threads: { node: threads(results.node), chromium: threads(results.chromium) },
  crossOriginIsolated: results.chromium.every((r) => r.crossOriginIsolated === true),
  backend: { node: first.node.backend, chromium: first.chromium.backend },
  rounds,
  budget: args.budget,
  rows: args.rows,
  load: [startLoad, load()],
  machine: cpuDescription(),
  table: [
    ...args.batches.map((batch, i) =>
      row(
        `train, batch ${batch}`,
        'samples/s',
        results.node.map((r) => r.train[i]!.samples_per_s),
        results.chromium.map((r) => r.train[i]!.samples_per_s),
      ),
    ),
    row(
      `predict ${args.predictRows} rows`,
      'images/s',
      results.node.map((r) => r.predict_per_s),
      results.chromium.map((r) => r.predict_per_s),
    ),
  ],
};
console.log(`\n${textTable(summary)}`);
if (summary.threads.chromium !== summary.threads.node)
  console.log(
    `note: the page's backend used ${summary.threads.chromium} thread(s), Node's ${summary.threads.node}`,
  );
if (json) console.log(JSON.stringify(summary));
