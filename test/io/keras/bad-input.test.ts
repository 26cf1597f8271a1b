/**
 * Damaged and hostile Keras files: each is refused with a ModelIOError naming the file and
 * the part, never a raw exception or a hang; nothing from a file is executed; a fuzz test
 * over `.keras` and `.h5` bytes (bit flips, truncation, overwritten runs).
 */
import { readFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { ModelIOError } from '../../../src/io/model-io-error.js';
import { NeuriteError } from '../../../src/errors.js';

const K7 = 'test/fixtures/interop/keras/k7_menashe_kepler_mlp_keras3/best_model.keras';
const K11 = 'test/fixtures/interop/keras/k11_moonflower_mnist_cnn_keras3_h5/mnist_model.h5';

function entries(): Record<string, Uint8Array> {
  return unzipSync(readFileSync(K7));
}

function rezip(files: Record<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 0 }]])));
}

function withConfig(edit: (config: string) => string): Uint8Array {
  const files = entries();
  const text = new TextDecoder().decode(files['config.json']);
  files['config.json'] = new TextEncoder().encode(edit(text));
  return rezip(files);
}

async function refusal(bytes: Uint8Array, name = 'bad.keras'): Promise<ModelIOError> {
  const file = new File([new Uint8Array(bytes)], name);
  try {
    await nn.loadModel(file);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelIOError);
    expect((e as Error).message).toContain(name);
    return e as ModelIOError;
  }
  throw new Error('expected a ModelIOError');
}

describe('bad Keras files', () => {
  test('a truncated zip', async () => {
    const bytes = readFileSync(K7);
    const e = await refusal(bytes.subarray(0, bytes.length >> 1));
    expect(e.message).toMatch(/zip/);
  });

  test('a corrupted HDF5 file (.h5)', async () => {
    const bytes = new Uint8Array(readFileSync(K11));
    for (let i = 512; i < 4096; i++) bytes[i] = (i * 31) & 0xff;
    const e = await refusal(bytes, 'bad.h5');
    expect(e.message).toMatch(/HDF5|model_config|damaged/);
  });

  test('a truncated HDF5 file', async () => {
    const e = await refusal(readFileSync(K11).subarray(0, 5000), 'cut.h5');
    expect(e.message).toMatch(/damaged HDF5 file/);
  });

  test('a config whose shapes disagree with the weights', async () => {
    const e = await refusal(withConfig((c) => c.replace('"units": 64', '"units": 65')));
    expect(e.message).toMatch(/layers\/dense\/vars\/0.*shape \[17,64\].*\[17,65\]/);
  });

  test('missing entries', async () => {
    const files = entries();
    delete files['model.weights.h5'];
    expect((await refusal(rezip(files))).message).toMatch(/no model\.weights\.h5 entry/);
    const again = entries();
    delete again['config.json'];
    expect((await refusal(rezip(again))).message).toMatch(/no config\.json entry/);
  });

  test('a path-traversal entry name', async () => {
    const files = { ...entries(), '../../evil.txt': new Uint8Array([1, 2, 3]) };
    expect((await refusal(rezip(files))).message).toMatch(
      /'\.\.\/\.\.\/evil\.txt' has an unsafe name/,
    );
  });

  test('a zip bomb: an entry declaring more than its limit is not inflated', async () => {
    const bytes = new Uint8Array(rezip(entries()));
    // Patch the central directory: model.weights.h5 claims 3 GB uncompressed.
    const view = new DataView(bytes.buffer);
    const name = new TextEncoder().encode('model.weights.h5');
    for (let i = 0; i + 46 < bytes.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const n = view.getUint16(i + 28, true);
      const entry = bytes.subarray(i + 46, i + 46 + n);
      if (n === name.length && entry.every((b, k) => b === name[k]))
        view.setUint32(i + 24, 3e9, true);
    }
    expect((await refusal(bytes)).message).toMatch(/model\.weights\.h5' declares 3000000000 bytes/);
  });

  test('a Lambda layer and custom objects are refused: nothing from a file runs', async () => {
    const lambda = withConfig((c) =>
      c.replace('"class_name": "Dropout"', '"class_name": "Lambda"'),
    );
    expect((await refusal(lambda)).message).toMatch(/Lambda layer holds Python code/);
    const custom = withConfig((c) =>
      c.replace(
        '"module": "keras.layers", "class_name": "Dropout"',
        '"module": "my_pkg.layers", "class_name": "MyDrop"',
      ),
    );
    expect((await refusal(custom)).message).toMatch(/'MyDrop' is a custom object/);
    const code = withConfig((c) =>
      c.replace(
        '"activation": "relu"',
        '"activation": {"class_name": "__lambda__", "config": {"code": "x"}}',
      ),
    );
    expect((await refusal(code)).message).toMatch(/Python function/);
  });

  test('an unsupported layer names itself, its module and the file', async () => {
    const conv3d = withConfig((c) =>
      c.replace(
        '"module": "keras.layers", "class_name": "Dropout"',
        '"module": "keras.layers", "class_name": "Conv3D"',
      ),
    );
    expect((await refusal(conv3d, 'model.keras')).message).toMatch(
      /^unsupported layer 'Conv3D' \(keras\.layers\.Conv3D\) in model\.keras: Neurite loads /,
    );
  });
});

/** mulberry32: a small deterministic generator for the mutations. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASES = Number(process.env.NEURITE_FUZZ_CASES ?? 60);

test('fuzz: damaged .keras and .h5 files load or fail with a NeuriteError', async () => {
  const rand = generator(1234);
  const sources = [
    { name: 'f.keras', bytes: readFileSync(K7) },
    { name: 'f.h5', bytes: readFileSync(K11) },
    { name: 'g.keras', bytes: withConfig((c) => c) },
  ];
  const outcomes = { loaded: 0, refused: 0 };
  for (let i = 0; i < CASES; i++) {
    const src = sources[i % sources.length]!;
    const bytes = new Uint8Array(src.bytes);
    const kind = Math.floor(rand() * 3);
    let data: Uint8Array = bytes;
    if (kind === 0) {
      for (let k = 0; k < 1 + rand() * 8; k++) {
        const at = Math.floor(rand() * bytes.length);
        bytes[at] = bytes[at]! ^ (1 << Math.floor(rand() * 8));
      }
    } else if (kind === 1) data = bytes.subarray(0, Math.floor(rand() * bytes.length));
    else {
      const at = Math.floor(rand() * bytes.length);
      for (let k = at; k < Math.min(bytes.length, at + 64); k++)
        bytes[k] = Math.floor(rand() * 256);
    }
    try {
      const m = await nn.loadModel(new File([new Uint8Array(data)], src.name));
      outcomes.loaded++;
      for (const v of m.weights) v.dispose();
    } catch (e) {
      if (!(e instanceof NeuriteError))
        throw new Error(`case ${i} (${src.name}, kind ${kind}): ${String(e)}`, { cause: e });
      outcomes.refused++;
    }
  }
  expect(outcomes.loaded + outcomes.refused).toBe(CASES);
  expect(outcomes.refused).toBeGreaterThan(0);
}, 120_000);
