/**
 * Crash safety of checkpoints: a child process trains and saves a checkpoint every epoch;
 * it is killed with SIGKILL in the middle of an epoch, and in the middle of a save (as
 * soon as the save's temporary folder appears). The checkpoint must always load, lose at
 * most the current epoch, and training resumed from it must end exactly where an
 * uninterrupted run ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { loadModel } from '../../src/io/index.js';
import { build, data, STEPS_PER_EPOCH } from './fixtures/train-with-checkpoints.js';
import { tempDir, weightValues } from './helpers.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const SCRIPT = join(HERE, 'fixtures/train-with-checkpoints.ts');

interface Run {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function start(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let err = '';
  child.stdout.on('data', (b: Buffer) => lines.push(...b.toString().split('\n').filter(Boolean)));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL')
        rej(new Error(`child failed (${code ?? signal}): ${err}`));
      else res(code);
    });
  });
  return { child, lines, exited };
}

async function waitFor(run: Run, re: RegExp, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (!run.lines.some((l) => re.test(l))) {
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`timed out waiting for ${re} (got ${run.lines.join(' | ')})`);
    if (run.child.exitCode !== null) throw new Error(`child exited before ${re}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const lastSaved = (run: Run): number =>
  Math.max(0, ...run.lines.map((l) => /^saved (\d+)$/.exec(l)).map((m) => (m ? Number(m[1]) : 0)));

/** Resumes in a fresh process to `epochs` and checks it ends where an uninterrupted run ends. */
async function resumeAndCompare(dir: string, ckpt: string, epochs: number): Promise<void> {
  const final = join(dir, 'final');
  const resumed = start([ckpt, String(epochs), '--resume', '--final', final]);
  expect(await resumed.exited).toBe(0);
  expect(resumed.lines.at(-1)).toBe('done');
  const ours = await loadModel(final);
  expect(ours.optimizer!.iterations).toBe(epochs * STEPS_PER_EPOCH);
  const reference = build();
  const [x, y] = data();
  await reference.fit(x, y, { epochs, batchSize: 32, shuffle: false, verbose: 0 });
  expect(weightValues(ours)).toEqual(weightValues(reference));
  // The dead process's temporary folders were cleaned up by the later saves.
  expect(readdirSync(dir).sort()).toEqual(['ckpt', 'final']);
  nn.dispose(reference.weights);
}

describe('checkpoints survive SIGKILL', () => {
  test('killed in the middle of an epoch: at most that epoch is lost, and training resumes', async () => {
    const dir = tempDir();
    const ckpt = join(dir, 'ckpt');
    const run = start([ckpt, '50']);
    await waitFor(run, /^saved 2$/);
    await new Promise((r) => setTimeout(r, 40)); // inside epoch 3
    run.child.kill('SIGKILL');
    await run.exited;
    const saved = lastSaved(run);
    const model = await loadModel(ckpt);
    const epochs = model.optimizer!.iterations / STEPS_PER_EPOCH;
    expect(Number.isInteger(epochs)).toBe(true);
    expect(epochs === saved || epochs === saved + 1).toBe(true); // killed after the save, before the print
    await resumeAndCompare(dir, ckpt, epochs + 2);
  });

  test('killed in the middle of a save: the folder still loads (old or new), and training resumes', async () => {
    const dir = tempDir();
    const ckpt = join(dir, 'ckpt');
    const run = start([ckpt, '50']);
    await waitFor(run, /^saved 1$/);
    // Busy-poll for the temporary folder of the next save, then kill at once.
    const t0 = Date.now();
    let seen = '';
    while (!seen && Date.now() - t0 < 20_000) {
      seen = readdirSync(dir).find((e) => e.startsWith('.ckpt.tmp-')) ?? '';
    }
    run.child.kill('SIGKILL');
    await run.exited;
    expect(seen).not.toBe('');
    const model = await loadModel(ckpt);
    const epochs = model.optimizer!.iterations / STEPS_PER_EPOCH;
    expect(Number.isInteger(epochs) && epochs >= 1).toBe(true);
    expect(epochs).toBeGreaterThanOrEqual(lastSaved(run));
    await resumeAndCompare(dir, ckpt, epochs + 1);
  });
});
