/**
 * A save that fails midway (an fs error injected into node:fs/promises) leaves the previous
 * model loadable and no temporary folders behind.
 */
import { readdirSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import * as nn from 'neurite';
import { loadModel, ModelIOError, saveModel, withSaveHandler } from '../../src/io/index.js';
import { outputs, tempDir } from './helpers.js';

const inject = { failOpenAt: -1, opens: 0, failRenameInto: '' };

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const open: typeof real.open = async (path, flags, mode) => {
    if (flags === 'wx' && inject.opens++ === inject.failOpenAt) {
      throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), {
        code: 'ENOSPC',
      });
    }
    return real.open(path, flags, mode);
  };
  const rename: typeof real.rename = async (from, to) => {
    if (
      inject.failRenameInto &&
      String(to) === inject.failRenameInto &&
      String(from).includes('.tmp-')
    ) {
      throw Object.assign(new Error('EIO: i/o error (injected)'), { code: 'EIO' });
    }
    return real.rename(from, to);
  };
  const mocked = { ...real, open, rename };
  return { ...mocked, default: mocked };
});

function model(seed: number): nn.Sequential {
  nn.setSeed(seed);
  return nn.sequential({
    layers: [nn.layers.dense({ units: 4, inputShape: [3] }), nn.layers.dense({ units: 2 })],
  });
}

describe('a save that fails midway', () => {
  const x = nn.tensor([[1, 2, 3]]);

  test('a write error after the first file: the previous model is untouched', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const first = model(1);
    await saveModel(first, dir);
    inject.opens = 0;
    inject.failOpenAt = 1; // the shard is written, model.json fails
    const err = await saveModel(model(2), dir).catch((e: unknown) => e);
    inject.failOpenAt = -1;
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as Error).message).toMatch(
      /saving failed \(ENOSPC.*\); the previous contents are unchanged/,
    );
    expect(outputs(await loadModel(dir), x)).toEqual(outputs(first, x));
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('the final rename fails: the old folder is put back', async () => {
    const parent = tempDir();
    const dir = join(parent, 'm');
    const first = model(3);
    await saveModel(first, dir);
    inject.failRenameInto = dir;
    const err = await saveModel(model(4), dir).catch((e: unknown) => e);
    inject.failRenameInto = '';
    expect((err as Error).message).toMatch(/EIO/);
    expect(outputs(await loadModel(dir), x)).toEqual(outputs(first, x));
    expect(readdirSync(parent)).toEqual(['m']);
  });

  test('a handler that throws: the error reaches the caller', async () => {
    const failing = withSaveHandler(() => {
      throw new Error('quota exceeded');
    });
    await expect(saveModel(model(5), failing)).rejects.toThrow('quota exceeded');
  });
});
