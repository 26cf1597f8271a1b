/**
 * Ctrl-C in `neurite train`, on the real command in a child process: SIGINT during epoch 2
 * keeps epoch 1's checkpoint, discards the partial epoch, says so and exits 130; `--resume`
 * then ends with exactly the weights of an uninterrupted run. SIGINT in epoch 1 or while the
 * data loads leaves no run folder behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const MAIN = join(REPO, 'src/cli/main.ts');

const root = mkdtempSync(join(tmpdir(), 'neurite-sigint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  out: string[];
  err: () => string;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<number | string>;
}

/** `neurite ...args` in a child process (from the sources, through tsx). */
function neurite(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let err = '';
  let partial = '';
  child.stdout.on('data', (b: Buffer) => {
    const lines = (partial + b.toString()).split('\n');
    partial = lines.pop()!;
    out.push(...lines);
  });
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | string>((res, rej) => {
    child.on('error', rej);
    child.on('exit', (code, signal) => {
      if (partial) out.push(partial);
      res(code ?? signal ?? 'unknown');
    });
  });
  return { child, out, err: () => err, exited };
}

/** Waits for a stdout line matching `re`; fails clearly if the process ends first. */
async function waitFor(run: Run, re: RegExp, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!run.out.some((l) => re.test(l))) {
    if (run.child.exitCode !== null || run.child.signalCode !== null)
      throw new Error(
        `neurite exited (${run.child.exitCode ?? run.child.signalCode}) before printing ${re}:\n${run.out.join('\n')}\n${run.err()}`,
      );
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`timed out waiting for ${re}; got:\n${run.out.join('\n')}\n${run.err()}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Runs neurite to the end and returns its exit code, stdout and stderr. */
async function complete(
  args: string[],
): Promise<{ code: number | string; out: string; err: string }> {
  const run = neurite(args);
  const code = await run.exited;
  return { code, out: run.out.join('\n'), err: run.err() };
}

const state = (
  dir: string,
): { completedEpochs: number; epochs: number; history: Record<string, number[]> } =>
  JSON.parse(readFileSync(join(dir, 'train-state.json'), 'utf8')) as {
    completedEpochs: number;
    epochs: number;
    history: Record<string, number[]>;
  };

/** The model's weight files (weights and optimizer state), bytes. */
function weightBytes(dir: string): Buffer[] {
  const model = join(dir, 'model');
  return readdirSync(model)
    .filter((f) => f.endsWith('.bin'))
    .sort()
    .map((f) => readFileSync(join(model, f)));
}

// 20,000 images in batches of 16: epoch 2 lasts about a second here, so a signal sent as soon
// as it begins lands inside it; if it did not, the test fails saying so.
const RUN = ['--limit', '20000', '--batch-size', '16', '--epochs', '2', '--seed', '7'];

describe('neurite train and Ctrl-C', () => {
  test('SIGINT in epoch 2: epoch 1 kept, the partial epoch discarded, exit 130; --resume ends like an uninterrupted run', async () => {
    const dir = join(root, 'interrupted');
    const run = neurite(['train', ...RUN, '--out', dir, '--verbose', '1']);
    await waitFor(run, /^Epoch 2\/2/);
    run.child.kill('SIGINT');
    const code = await run.exited;
    if (code === 0)
      throw new Error(
        'the run finished before SIGINT arrived: epoch 2 was too short to interrupt (make the run longer)',
      );
    expect(code, run.err()).toBe(130);
    const err = run.err().trim();
    const m =
      /^neurite: interrupted in epoch 2 at batch (\d+)\/(\d+); the partial epoch was discarded; (.+) holds 1 complete epoch of 2; continue with: neurite train --resume (.+)$/.exec(
        err,
      );
    expect(m, err).not.toBeNull();
    const [batch, steps] = [Number(m![1]), Number(m![2])];
    expect(steps).toBe(Math.ceil((20000 * 0.9) / 16));
    if (batch >= steps) throw new Error(`SIGINT came after the last batch of epoch 2 (${err})`);
    expect(m![3]).toBe(join(dir, 'model'));
    expect(m![4]).toBe(dir);
    expect(err.split('\n')).toHaveLength(1);
    expect(run.out.join('\n')).toContain('Stopping after the current batch');
    const saved = state(dir);
    expect(saved.completedEpochs).toBe(1);
    expect(saved.history.loss).toHaveLength(1);
    const afterInterrupt = weightBytes(dir);

    // Resume: the other epoch, with the run's own settings (none given here).
    const resumed = await complete(['train', '--resume', dir, '--verbose', '0']);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toContain('Resuming');
    expect(resumed.out).toContain('1 of 2 epochs done');
    expect(resumed.out).toContain('20000 training and 10000 test images');
    expect(state(dir).completedEpochs).toBe(2);
    expect(weightBytes(dir)).not.toEqual(afterInterrupt);

    // The same run without interruption.
    const refDir = join(root, 'reference');
    const ref = await complete(['train', ...RUN, '--out', refDir, '--verbose', '0']);
    expect(ref.code, ref.err).toBe(0);
    const a = weightBytes(dir);
    const b = weightBytes(refDir);
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) expect(a[i]!.equals(b[i]!), `weight file ${i}`).toBe(true);
    expect(state(dir).history).toEqual(state(refDir).history);
    const acc = (out: string): string => /test accuracy: ([\d.]+)/.exec(out)![1]!;
    expect(acc(resumed.out)).toBe(acc(ref.out));
  }, 180_000);

  test('SIGINT in epoch 1: nothing saved, the run folder removed, exit 130', async () => {
    const dir = join(root, 'first-epoch');
    const run = neurite(['train', ...RUN, '--out', dir, '--verbose', '1']);
    await waitFor(run, /^Epoch 1\/2/);
    run.child.kill('SIGINT');
    const code = await run.exited;
    if (code === 0) throw new Error('the run finished before SIGINT arrived');
    expect(code, run.err()).toBe(130);
    expect(run.err().trim()).toMatch(
      /^neurite: interrupted in epoch 1 at batch \d+\/1125; the partial epoch was discarded; no epoch was complete, so nothing was saved \(the empty folder .+ was removed\); start again to train$/,
    );
    expect(existsSync(dir)).toBe(false);
  }, 120_000);

  test('SIGINT while the data loads: one line, exit 130, no run folder', async () => {
    const dir = join(root, 'loading');
    // All of Fashion-MNIST: loading takes a second or two.
    const run = neurite(['train', '--epochs', '1', '--out', dir, '--verbose', '1']);
    await waitFor(run, /^Loading fashion-mnist/);
    run.child.kill('SIGINT');
    const code = await run.exited;
    expect(code, run.err()).toBe(130);
    expect(run.err()).toBe(
      'neurite: interrupted while loading the data: nothing was trained or written\n',
    );
    expect(run.out.some((l) => l.startsWith('Epoch'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});
