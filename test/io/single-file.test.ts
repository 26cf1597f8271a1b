/**
 * The single-file plumbing every format shares: loading from bytes, Blobs and paths picks
 * the format by magic bytes then extension, and refuses what it cannot identify with a
 * message naming the source; files are written atomically (the old file stays whole when
 * a write fails; no temporary file is left behind).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { extensionOf, formatForBytes } from '../../src/io/formats.js';
import { writeFileAtomic } from '../../src/io/file-write.js';
import { loadModel, ModelIOError, modelToBytes } from '../../src/io/index.js';
import * as nn from 'neurite';
import { tempDir } from './helpers.js';

const inject = { failWrite: false };

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const open: typeof real.open = async (path, flags, mode) => {
    const handle = await real.open(path, flags, mode);
    if (inject.failWrite && flags === 'wx') {
      const writeFile: typeof handle.writeFile = () =>
        Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device (injected)'), {
            code: 'ENOSPC',
          }),
        );
      return Object.assign(handle, { writeFile });
    }
    return handle;
  };
  const mocked = { ...real, open };
  return { ...mocked, default: mocked };
});

describe('format detection', () => {
  test('extensionOf', () => {
    expect(extensionOf('a/b/model.KERAS')).toBe('.keras');
    expect(extensionOf('a.dir/model')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
    expect(extensionOf('C:\\m\\x.h5')).toBe('.h5');
  });

  test('unknown bytes name the source, the size and the first bytes', () => {
    expect(() => formatForBytes(new Uint8Array([1, 2, 3]), 'thing.bin')).toThrow(
      /thing\.bin: not a model file Neurite reads: expected one of .* received 3 bytes starting 01 02 03/,
    );
    expect(() => formatForBytes(new Uint8Array(), 'empty.bin')).toThrow(
      /0 bytes starting \(empty\)/,
    );
  });
});

describe('loadModel from bytes and files', () => {
  test('an ArrayBuffer, a Uint8Array and a Blob of garbage give ModelIOError', async () => {
    const junk = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 9]);
    await expect(loadModel(junk)).rejects.toThrow(/Uint8Array: not a model file/);
    await expect(loadModel(junk.buffer)).rejects.toThrow(/ArrayBuffer: not a model file/);
    await expect(loadModel(new Blob([junk]))).rejects.toThrow(/Blob: not a model file/);
    await expect(loadModel(new File([junk], 'weird.bin'))).rejects.toThrow(
      /weird\.bin: not a model file/,
    );
  });

  test('a path to a file that is no model, and a missing model file', async () => {
    const dir = tempDir();
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'hello');
    await expect(loadModel(f)).rejects.toThrow(ModelIOError);
    await expect(loadModel(f)).rejects.toThrow(/notes\.txt: not a model file/);
  });

  test('bad arguments are named', async () => {
    await expect(loadModel(42 as unknown as string)).rejects.toThrow(
      /loadModel: expected a path, a File, Blob, ArrayBuffer or Uint8Array/,
    );
    const m = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(modelToBytes(m, 'pickle')).rejects.toThrow(/unknown format "pickle"/);
    m.dispose();
  });
});

describe('writeFileAtomic', () => {
  test('writes, replaces, creates the parent folder', async () => {
    const dir = tempDir();
    const f = join(dir, 'sub', 'm.bin');
    await writeFileAtomic(f, new Uint8Array([1, 2, 3]));
    await writeFileAtomic(f, new Uint8Array([4, 5]));
    expect([...readFileSync(f)]).toEqual([4, 5]);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['m.bin']);
  });

  test('a failed write leaves the old file whole and no temporary file', async () => {
    const dir = tempDir();
    const f = join(dir, 'm.bin');
    await writeFileAtomic(f, new Uint8Array([7, 7, 7]));
    inject.failWrite = true;
    try {
      await expect(writeFileAtomic(f, new Uint8Array([1]))).rejects.toThrow(
        /m\.bin: saving failed \(ENOSPC.*\); the file was not changed/,
      );
    } finally {
      inject.failWrite = false;
    }
    expect([...readFileSync(f)]).toEqual([7, 7, 7]);
    expect(readdirSync(dir)).toEqual(['m.bin']);
  });

  test('refuses to replace a folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x.keras'));
    await expect(writeFileAtomic(join(dir, 'x.keras'), new Uint8Array([1]))).rejects.toThrow(
      /x\.keras: is a folder/,
    );
  });

  test('concurrent writes to one path run one after the other; the last one stays', async () => {
    const dir = tempDir();
    const f = join(dir, 'm.bin');
    await Promise.all([1, 2, 3, 4].map((v) => writeFileAtomic(f, new Uint8Array(1000).fill(v))));
    expect(readFileSync(f).every((b) => b === 4)).toBe(true);
    expect(readdirSync(dir)).toEqual(['m.bin']);
  });
});
