import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadIdxDataset } from '../../src/datasets/idx-dataset.js';
import {
  defaultCacheDir,
  findLocal,
  findPackageRoot,
  repoDataDir,
  searchDirs,
} from '../../src/datasets/locate.js';
import { NeuriteError, ValueError } from '../../src/errors.js';
import { gz, tinyDataset } from './synthetic.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const ENV = ['NEURITE_DATA', 'NEURITE_CACHE', 'XDG_CACHE_HOME'] as const;
let saved: Record<string, string | undefined> = {};
const tmps: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-loc-'));
  tmps.push(dir);
  return dir;
};

beforeEach(() => {
  saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  for (const k of ENV) delete process.env[k];
});
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  for (const d of tmps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('where files are looked for', () => {
  test('the package root and its data folder are found from src/', () => {
    expect(findPackageRoot()).toBe(repoRoot);
    expect(repoDataDir()).toBe(join(repoRoot, 'data'));
  });

  test('cache folder: NEURITE_CACHE, else XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir()).toBe(join(homedir(), '.cache', 'neurite', 'datasets'));
    process.env['XDG_CACHE_HOME'] = '/x/cache';
    expect(defaultCacheDir()).toBe('/x/cache/neurite/datasets');
    process.env['NEURITE_CACHE'] = '/y/c';
    expect(defaultCacheDir()).toBe('/y/c');
  });

  test('order: dataDir (subfolder, then itself), NEURITE_DATA, the repo data/, the cache', () => {
    process.env['NEURITE_DATA'] = '/env/data';
    expect(searchDirs('mnist', '/opt/d', '/c')).toEqual([
      '/opt/d/mnist',
      '/opt/d',
      '/env/data/mnist',
      join(repoRoot, 'data', 'mnist'),
      '/c/mnist',
    ]);
    delete process.env['NEURITE_DATA'];
    expect(searchDirs('mnist', undefined, '/c')).toEqual([
      join(repoRoot, 'data', 'mnist'),
      '/c/mnist',
    ]);
  });

  test('findLocal takes the first folder holding the file, .gz before plain', async () => {
    const a = tmp();
    const b = tmp();
    const file = { name: 'f-idx1-ubyte', sha256: '' };
    expect(await findLocal(file, [a, b])).toBeNull();
    writeFileSync(join(b, 'f-idx1-ubyte'), '');
    expect(await findLocal(file, [a, b])).toBe(join(b, 'f-idx1-ubyte'));
    writeFileSync(join(b, 'f-idx1-ubyte.gz'), '');
    expect(await findLocal(file, [a, b])).toBe(join(b, 'f-idx1-ubyte.gz'));
    writeFileSync(join(a, 'f-idx1-ubyte'), '');
    expect(await findLocal(file, [a, b])).toBe(join(a, 'f-idx1-ubyte'));
  });
});

describe('loadIdxDataset from local folders', () => {
  const tiny = tinyDataset('neurite-test-local');
  const put = (dir: string, compress: boolean): void => {
    mkdirSync(dir, { recursive: true });
    for (const [name, raw] of tiny.files) {
      if (compress) writeFileSync(join(dir, `${name}.gz`), gz(raw));
      else writeFileSync(join(dir, name), raw);
    }
  };
  const offline = { download: false, cacheDir: '/nonexistent-neurite-cache' };

  test('files directly in dataDir, uncompressed', async () => {
    const dataDir = tmp();
    put(dataDir, false);
    const [[, yTrain], [xTest]] = await loadIdxDataset(tiny.spec, { ...offline, dataDir });
    expect(Array.from(yTrain.dataSync())).toEqual(tiny.trainLabels);
    expect(xTest.shape).toEqual([3, 4, 3]);
  });

  test('files under NEURITE_DATA/<dataset>/, gzip-compressed', async () => {
    const root = tmp();
    put(join(root, tiny.spec.name), true);
    process.env['NEURITE_DATA'] = root;
    const [, [, yTest]] = await loadIdxDataset(tiny.spec, offline);
    expect(Array.from(yTest.dataSync())).toEqual(tiny.testLabels);
  });

  test('limit keeps the first examples of each split', async () => {
    const dataDir = tmp();
    put(dataDir, true);
    const [[xTrain, yTrain], [xTest, yTest]] = await loadIdxDataset(tiny.spec, {
      ...offline,
      dataDir,
      limit: 2,
    });
    expect(xTrain.shape).toEqual([2, 4, 3]);
    expect(Array.from(yTrain.dataSync())).toEqual([3, 1]);
    expect(xTest.shape).toEqual([2, 4, 3]);
    expect(Array.from(yTest.dataSync())).toEqual([9, 2]);
    expect(Array.from(xTrain.dataSync()).slice(12, 14)).toEqual([7, 8]);
  });

  test('a local file with the wrong contents: checksum error, unless verify is false', async () => {
    const dataDir = tmp();
    put(dataDir, true);
    // Swap in other labels of the same length: a well-formed file with the wrong sum.
    const swapped = tinyDataset('x');
    swapped.files.set(
      'train-labels-idx1-ubyte',
      new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0]),
    );
    const path = join(dataDir, 'train-labels-idx1-ubyte.gz');
    writeFileSync(path, gz(swapped.files.get('train-labels-idx1-ubyte')!));
    const err = await loadIdxDataset(tiny.spec, { ...offline, dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^neurite-test-local: '${path}' is not the expected train-labels-idx1-ubyte: its uncompressed SHA-256 is [0-9a-f]{64}, expected ${tiny.spec.trainLabels.sha256}\\. Delete the file`,
      ),
    );
    const [[, yTrain]] = await loadIdxDataset(tiny.spec, { ...offline, dataDir, verify: false });
    expect(Array.from(yTrain.dataSync())).toEqual([0, 0, 0, 0, 0]);
  });

  test('a local .gz that is not gzip names the file', async () => {
    const dataDir = tmp();
    put(dataDir, true);
    const path = join(dataDir, 't10k-images-idx3-ubyte.gz');
    writeFileSync(path, tiny.files.get('t10k-images-idx3-ubyte')!);
    await expect(loadIdxDataset(tiny.spec, { ...offline, dataDir })).rejects.toThrow(
      `gunzip '${path}': not gzip data`,
    );
  });

  test('missing everywhere with download: false lists the folders searched', async () => {
    const dataDir = tmp();
    const err = await loadIdxDataset(tiny.spec, { ...offline, dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NeuriteError);
    expect((err as Error).message).toBe(
      [
        `neurite-test-local: 'train-images-idx3-ubyte(.gz)' not found in:`,
        `  ${join(dataDir, 'neurite-test-local')}`,
        `  ${dataDir}`,
        `  ${join(repoRoot, 'data', 'neurite-test-local')}`,
        `  /nonexistent-neurite-cache/neurite-test-local`,
        'and download is false',
      ].join('\n'),
    );
  });

  test('the real MNIST files found through NEURITE_DATA before the repo copy', async () => {
    const root = tmp();
    mkdirSync(join(root, 'mnist'));
    for (const f of ['t10k-labels-idx1-ubyte.gz']) {
      copyFileSync(join(repoRoot, 'data', 'mnist', f), join(root, 'mnist', f));
    }
    const { readDatasetFile } = await import('../../src/datasets/read-file.js');
    const { MNIST_SPEC } = await import('../../src/datasets/mnist.js');
    process.env['NEURITE_DATA'] = root;
    const got = await readDatasetFile('mnist', MNIST_SPEC.testLabels, [], offline);
    expect(got.path).toBe(join(root, 'mnist', 't10k-labels-idx1-ubyte.gz'));
    const fromRepo = await readDatasetFile('mnist', MNIST_SPEC.trainLabels, [], offline);
    expect(fromRepo.path).toBe(join(repoRoot, 'data', 'mnist', 'train-labels-idx1-ubyte.gz'));
  });
});
