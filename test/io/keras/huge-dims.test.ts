/**
 * HDF5 datasets and attributes that claim huge sizes in files of a few kilobytes
 * (test/io/keras/fixtures/huge-dims/, made by scripts/h5_huge_dims.py): each load fails
 * with a ModelIOError naming the file and the dataset, before anything of the claimed size
 * is allocated (h5wasm's WebAssembly memory does not grow by it) and at once.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import * as h5 from 'h5wasm';
import { afterAll, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { ModelIOError } from '../../../src/io/model-io-error.js';

const DIR = 'test/io/keras/fixtures/huge-dims';
const tmp = mkdtempSync(join(tmpdir(), 'neurite-huge-dims-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Bytes of h5wasm's WebAssembly memory (it grows to hold what HDF5 reads, never shrinks). */
async function wasmHeapBytes(): Promise<number> {
  const module = (await h5.ready) as unknown as { HEAPU8: Uint8Array };
  return module.HEAPU8.byteLength;
}

/** Loads `path`, expecting a ModelIOError; the error, the time taken and the heap growth. */
async function refusal(path: string): Promise<{ error: ModelIOError; ms: number; grew: number }> {
  await nn.ready();
  const before = await wasmHeapBytes();
  const t0 = performance.now();
  const error = await nn.loadModel(path).then(
    () => null,
    (e: unknown) => e,
  );
  const ms = performance.now() - t0;
  expect(error).toBeInstanceOf(ModelIOError);
  return { error: error as ModelIOError, ms, grew: (await wasmHeapBytes()) - before };
}

describe('HDF5 sizes claimed by a file are checked before anything is read', () => {
  test('a 64 MiB kernel never written (fill values) in a 25 KB legacy .h5: refused, nothing allocated', async () => {
    const file = join(DIR, 'unwritten_kernel.h5');
    // A valid HDF5 file (h5py reads the kernel back as 64 MiB of zeros): without the check,
    // h5wasm's memory would grow by at least that much.
    const { error, grew } = await refusal(file);
    expect(error.message).toBe(
      `${file}: HDF5 dataset '/model_weights/dense/dense/kernel:0' has shape [4096,4096] (67108864 bytes of float32), more than a 25872-byte file can hold; the file is damaged or not a model`,
    );
    expect(grew).toBeLessThan(16 * 2 ** 20);
  });

  test('a legacy .h5 whose kernel claims [1000000, 1000000] float32 (4 TB)', async () => {
    const file = join(DIR, 'huge_kernel.h5');
    const { error, ms, grew } = await refusal(file);
    expect(error.message).toMatch(
      new RegExp(
        `^${file.replace(/\./g, '\\.')}: HDF5 dataset '/model_weights/dense/dense/kernel:0' has shape \\[1000000,1000000\\] \\(4000000000000 bytes of float32\\), more than a \\d+-byte file can hold`,
      ),
    );
    expect(grew).toBeLessThan(16 * 2 ** 20);
    expect(ms).toBeLessThan(5_000);
  });

  test("a .keras whose model.weights.h5 claims a 4 TB kernel at 'layers/dense/vars/0'", async () => {
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 3, inputShape: [2] })] });
    const entries = unzipSync(await nn.io.modelToBytes(model, 'keras'));
    entries['model.weights.h5'] = new Uint8Array(readFileSync(join(DIR, 'huge_kernel.weights.h5')));
    const file = join(tmp, 'huge.keras');
    writeFileSync(file, zipSync(entries));
    const { error, ms, grew } = await refusal(file);
    expect(error.message).toMatch(
      new RegExp(
        `^${file.replace(/\./g, '\\.')} \\(model\\.weights\\.h5\\): HDF5 dataset '/layers/dense/vars/0' has shape \\[1000000,1000000\\] \\(4000000000000 bytes of float32\\)`,
      ),
    );
    expect(grew).toBeLessThan(16 * 2 ** 20);
    expect(ms).toBeLessThan(5_000);
  });

  test('an attribute claiming 10^12 strings: HDF5 itself refuses it, the load names the group', async () => {
    // An attribute's values live in its header message, so HDF5 will not open one claiming
    // more (h5py: "data size exceeds buffer size"); h5wasm then lists no such attribute, and
    // the layer's weight names are missing.
    const file = join(DIR, 'huge_attribute.h5');
    const { error, grew } = await refusal(file);
    expect(error.message).toBe(
      `${file}: model_weights/dense holds 0 weights (), but layer 'dense' (Dense) has 2`,
    );
    expect(grew).toBeLessThan(16 * 2 ** 20);
  });
});
