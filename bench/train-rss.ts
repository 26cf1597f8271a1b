/**
 * Peak RSS of `neurite train` as users run it (the built CLI, dist/cli/main.js, on all of
 * Fashion-MNIST with its default model and batch size), read by a preloaded exit hook
 * (bench/rss-hook.mjs) so the command itself runs unchanged. Needs `npm run build`; says
 * so when src/ is newer than dist/.
 *
 * Run alone: `node --import tsx bench/train-rss.ts [epochs] [cli]` (default 3 epochs, as
 * `npm run bench`, and this checkout's dist/cli/main.js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './common.js';

export interface TrainRss {
  /** Peak resident set size, MB. */
  mb: number;
  epochs: number;
  seconds: number;
  /** At exit, MB: V8's heap in use, and ArrayBuffers (outside the WebAssembly memory). */
  heapMb: number;
  arrayBuffersMb: number;
}

/**
 * Peak RSS of `neurite train` on all of Fashion-MNIST, through a preloaded exit hook.
 * `cli`: the built CLI to run (default this checkout's), e.g. another build to compare.
 */
export function trainRss(
  epochs: number,
  cli: string = join(repoRoot, 'dist/cli/main.js'),
): TrainRss | null {
  if (!existsSync(cli)) {
    console.log('  neurite train: dist/ is missing, run `npm run build` first; skipped');
    return null;
  }
  const srcDir = join(cli, '..', '..', '..', 'src');
  const newestSrc = spawnSync('find', [srcDir, '-newer', cli, '-name', '*.ts'], {
    encoding: 'utf8',
  }).stdout.trim();
  if (newestSrc)
    console.log(
      `  note: src/ has files newer than dist/ (${newestSrc.split('\n').length}); \`npm run build\` measures the current code`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'neurite-bench-rss-'));
  const file = join(dir, 'rss');
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      join(repoRoot, 'bench', 'rss-hook.mjs'),
      cli,
      'train',
      '--dataset',
      'fashion-mnist',
      '--epochs',
      String(epochs),
      '--seed',
      '1',
      '--verbose',
      '0',
      '--out',
      join(dir, 'run'),
    ],
    { encoding: 'utf8', env: { ...process.env, NEURITE_BENCH_RSS_FILE: file }, timeout: 900_000 },
  );
  const seconds = (performance.now() - start) / 1000;
  const hook = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as {
        maxRssKiB: number;
        heapUsed: number;
        arrayBuffers: number;
      })
    : null;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0 || !hook) {
    console.error(`  neurite train failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-2000)}`);
    return null;
  }
  return {
    mb: hook.maxRssKiB / 1024,
    epochs,
    seconds,
    heapMb: hook.heapUsed / 2 ** 20,
    arrayBuffersMb: hook.arrayBuffers / 2 ** 20,
  };
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(resolve(process.argv[1])).href
) {
  const epochs = Number(process.argv[2] ?? 3);
  const r = trainRss(epochs, process.argv[3] === undefined ? undefined : resolve(process.argv[3]));
  if (r === null) process.exitCode = 1;
  else
    console.log(
      `neurite train, ${r.epochs} epochs: peak RSS ${r.mb.toFixed(1)} MB in ${r.seconds.toFixed(1)} s; at exit V8 heap ${r.heapMb.toFixed(1)} MB, ArrayBuffers ${r.arrayBuffersMb.toFixed(1)} MB`,
    );
}
