/**
 * Saves racing for one folder. Within a process they run one after the other (both succeed;
 * the one called last stays). Between processes, the loser says that another save replaced
 * the folder, never that "the previous contents are unchanged", and the folder always holds
 * one complete model that loads. Cross-process interleavings are forced deterministically
 * by a hook in node:fs/promises (another "process" acts at the exact step), then exercised
 * for real with two child processes saving to one folder at the same time.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test, vi } from 'vitest';
import * as nn from 'neurite';
import { loadModel, ModelIOError, saveModel } from '../../src/io/index.js';
import { tempDir, weightValues } from './helpers.js';

/** Runs before a rename or a file creation of a save; the test plays the other process. */
const hooks: {
  beforeRename: ((from: string, to: string) => Promise<void>) | null;
  beforeCreate: ((file: string) => Promise<void>) | null;
} = { beforeRename: null, beforeCreate: null };

const real = await vi.importActual<typeof FsPromises>('node:fs/promises');

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  const rename: typeof fs.rename = async (from, to) => {
    const hook = hooks.beforeRename;
    if (hook) await hook(String(from), String(to));
    return fs.rename(from, to);
  };
  const open: typeof fs.open = async (file, flags, mode) => {
    const hook = hooks.beforeCreate;
    if (hook && flags === 'wx') await hook(String(file));
    return fs.open(file, flags, mode);
  };
  const mocked = { ...fs, rename, open };
  return { ...mocked, default: mocked };
});

function model(seed: number): nn.Sequential {
  nn.setSeed(seed);
  return nn.sequential({
    layers: [nn.layers.dense({ units: 4, inputShape: [3] }), nn.layers.dense({ units: 2 })],
  });
}

/** Saves `m` into a side folder and moves it onto `dir` with plain renames: "another process". */
async function otherProcessSaves(m: nn.Model, side: string, dir: string): Promise<void> {
  const saved = hooks.beforeRename;
  hooks.beforeRename = null;
  try {
    await saveModel(m, side);
  } finally {
    hooks.beforeRename = saved;
  }
  await real.rename(side, dir);
}

async function loadedWeights(dir: string): Promise<number[]> {
  const loaded = await loadModel(dir);
  const values = weightValues(loaded);
  nn.dispose(loaded.weights);
  return values;
}

describe('saves to one folder from one process', () => {
  test('two saves under Promise.all both succeed, one after the other; the last one stays', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const [a, b] = [model(1), model(2)];
    await a.save(dir);
    const results = await Promise.allSettled([a.save(dir), b.save(dir)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await loadedWeights(dir)).toEqual(weightValues(b));
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('eight saves at once, into a folder that does not exist yet', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const models = Array.from({ length: 8 }, (_, i) => model(10 + i));
    await Promise.all(models.map((m) => saveModel(m, dir)));
    expect(await loadedWeights(dir)).toEqual(weightValues(models.at(-1)!));
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('a failed save does not block the next one', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    hooks.beforeCreate = (file) => {
      hooks.beforeCreate = null;
      return Promise.reject(
        Object.assign(new Error(`ENOSPC: no space left on device (injected) ${file}`), {
          code: 'ENOSPC',
        }),
      );
    };
    const [a, b] = [model(3), model(4)];
    const results = await Promise.allSettled([saveModel(a, dir), saveModel(b, dir)]);
    expect(results[0]?.status).toBe('rejected');
    expect(results[1]?.status).toBe('fulfilled');
    expect(await loadedWeights(dir)).toEqual(weightValues(b));
  });
});

describe('a save from another process replaces the folder meanwhile', () => {
  test('it lands first: the loser says so, and the folder holds the winner', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const [old, ours, theirs] = [model(5), model(6), model(7)];
    await saveModel(old, dir);
    // Just before our folder is renamed into place (ours moved the old one aside already),
    // the other process puts its complete folder there.
    hooks.beforeRename = async (from, to) => {
      if (to === dir && from.includes('.m.tmp-')) {
        hooks.beforeRename = null;
        await otherProcessSaves(theirs, join(parent, 'theirs'), dir);
      }
    };
    const err = await saveModel(ours, dir).catch((e: unknown) => e);
    hooks.beforeRename = null;
    expect(err).toBeInstanceOf(ModelIOError);
    const message = (err as Error).message;
    expect(message).toMatch(/another save replaced this folder while this one was writing/);
    expect(message).toMatch(/this save was not applied, and the folder holds the other save's/);
    expect(message).not.toMatch(/unchanged/);
    expect((err as ModelIOError).file).toBe(dir);
    expect(await loadedWeights(dir)).toEqual(weightValues(theirs));
    // Our temporary folder and the old model moved aside are gone.
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('it lands first into a folder that did not exist: the same truthful error', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const [ours, theirs] = [model(8), model(9)];
    hooks.beforeRename = async (from, to) => {
      if (to === dir && from.includes('.m.tmp-')) {
        hooks.beforeRename = null;
        await otherProcessSaves(theirs, join(parent, 'theirs'), dir);
      }
    };
    const err = await saveModel(ours, dir).catch((e: unknown) => e);
    hooks.beforeRename = null;
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as Error).message).toMatch(/another save replaced this folder/);
    expect(await loadedWeights(dir)).toEqual(weightValues(theirs));
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('it moved the folder aside just before us: ours takes the place and succeeds', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const elsewhere = join(tempDir(), 'moved');
    const [old, ours] = [model(10), model(11)];
    await saveModel(old, dir);
    hooks.beforeRename = async (from) => {
      if (from === dir) {
        hooks.beforeRename = null;
        await real.rename(dir, elsewhere); // the other save, between its two renames
      }
    };
    await saveModel(ours, dir);
    hooks.beforeRename = null;
    expect(await loadedWeights(dir)).toEqual(weightValues(ours));
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('our save fails for its own reason while another replaces the folder: not "unchanged"', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const [old, ours, theirs] = [model(12), model(13), model(14)];
    await saveModel(old, dir);
    hooks.beforeCreate = async (file) => {
      if (!file.includes('.m.tmp-')) return;
      hooks.beforeCreate = null;
      // The other process replaces the folder whole (old aside, new in place)...
      await real.rename(dir, join(parent, 'old-elsewhere'));
      await otherProcessSaves(theirs, join(parent, 'theirs'), dir);
      await real.rm(join(parent, 'old-elsewhere'), { recursive: true });
      // ... and then our disk fills up.
      throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), {
        code: 'ENOSPC',
      });
    };
    const err = await saveModel(ours, dir).catch((e: unknown) => e);
    hooks.beforeCreate = null;
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as Error).message).toMatch(/another save replaced this folder/);
    expect((err as Error).message).not.toMatch(/unchanged/);
    expect(await loadedWeights(dir)).toEqual(weightValues(theirs));
    expect(readdirSync(parent)).toEqual(['m']);
  });
});

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

/** A child process that saves its model to `dir` again and again for `ms` after `start`. */
function saver(dir: string, seed: number, start: number, ms: number): Promise<string[]> {
  const io = JSON.stringify(join(REPO, 'src/io/index.ts'));
  const index = JSON.stringify(join(REPO, 'src/index.ts'));
  const code = `
    const nn = await import(${index});
    const io = await import(${io});
    const [dir, seed, start, ms] = process.argv.slice(1);
    nn.setSeed(Number(seed));
    const m = nn.sequential({ layers: [nn.layers.dense({ units: 64, inputShape: [32] })] });
    while (Date.now() < Number(start)) await new Promise((r) => setTimeout(r, 1));
    while (Date.now() < Number(start) + Number(ms)) {
      try { await io.saveModel(m, dir); console.log('ok'); }
      catch (e) { console.log('error ' + (e instanceof io.ModelIOError ? '' : 'NOT ModelIOError ') + e.message); }
    }
    console.log('weights ' + JSON.stringify(m.weights.flatMap((v) => [...v.dataSync()]).slice(0, 8)));
  `;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      code,
      dir,
      String(seed),
      String(start),
      String(ms),
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((res, rej) => {
    child.on('error', rej);
    child.on('exit', (code) =>
      code === 0 ? res(out.split('\n').filter(Boolean)) : rej(new Error(`saver failed: ${err}`)),
    );
  });
}

describe('two processes saving to one folder at once', () => {
  test('every save succeeds or says another save replaced the folder; the folder loads', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    // Both start saving at the same moment, once both have started up.
    const start = Date.now() + 6000;
    const [a, b] = await Promise.all([saver(dir, 1, start, 1500), saver(dir, 2, start, 1500)]);
    const lines = [...a, ...b];
    const saves = lines.filter((l) => l === 'ok' || l.startsWith('error'));
    expect(saves.length).toBeGreaterThan(10);
    for (const l of lines.filter((x) => x.startsWith('error'))) {
      expect(l).toMatch(/^error .*(another save replaced this folder|moved away by another save)/);
    }
    // The folder holds one complete model, written whole by one of the two processes.
    const loaded = await loadModel(dir);
    const first8 = weightValues(loaded).slice(0, 8);
    const written = [a, b].map((ls) => ls.at(-1)!.slice('weights '.length));
    expect(written).toContain(JSON.stringify(first8));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as object;
    expect(json).toHaveProperty('modelTopology');
    expect(readdirSync(parent)).toEqual(['m']);
  }, 30_000);
});
