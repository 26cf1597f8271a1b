import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { loadModel, ModelIOError, saveModel } from '../../src/io/index.js';
import { matchWeights, normalizeWeightName } from '../../src/io/match-weights.js';
import {
  decodeWeights,
  encodeWeights,
  parseManifest,
  parseWeightSpec,
  SHARD_BYTES,
  splitShards,
} from '../../src/io/weights.js';
import type { WeightSpec } from '../../src/io/types.js';
import { tempDir } from './helpers.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('binary layout', () => {
  test('values back to back in order, little-endian, bool one byte each', () => {
    const { specs, data } = encodeWeights([
      { name: 'a', tensor: nn.tensor([1.5, -2], [2], 'float32') },
      { name: 'b', tensor: nn.tensor([7], [1, 1], 'int32') },
      { name: 'c', tensor: nn.tensor([true, false, true], [3], 'bool') },
      { name: 'iter', tensor: nn.scalar(3, 'int32'), group: 'optimizer' },
    ]);
    // 1.5 = 0x3FC00000, -2 = 0xC0000000 (IEEE 754 single), 7 and 3 as int32.
    expect([...new Uint8Array(data)]).toEqual([
      0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x00, 0xc0, 7, 0, 0, 0, 1, 0, 1, 3, 0, 0, 0,
    ]);
    expect(specs).toEqual([
      { name: 'a', shape: [2], dtype: 'float32' },
      { name: 'b', shape: [1, 1], dtype: 'int32' },
      { name: 'c', shape: [3], dtype: 'bool' },
      { name: 'iter', shape: [], dtype: 'int32', group: 'optimizer' },
    ]);
    const decoded = decodeWeights(new Uint8Array(data), specs, 'x');
    expect(decoded.map((w) => [w.name, [...w.values], w.group])).toEqual([
      ['a', [1.5, -2], 'model'],
      ['b', [7], 'model'],
      ['c', [1, 0, 1], 'model'],
      ['iter', [3], 'optimizer'],
    ]);
  });

  test('shards are cut at the shard size and named groupG-shardIofN.bin', () => {
    const shards = splitShards(new ArrayBuffer(10), 4);
    expect(shards.map((s) => [s.path, s.bytes.byteLength])).toEqual([
      ['group1-shard1of3.bin', 4],
      ['group1-shard2of3.bin', 4],
      ['group1-shard3of3.bin', 2],
    ]);
    expect(SHARD_BYTES).toBe(4 * 1024 * 1024);
  });

  test('a model over 4 MiB is saved in 4 MiB shards and loads back', async () => {
    nn.setSeed(1);
    const model = nn.sequential({ layers: [nn.layers.dense({ units: 1000, inputShape: [1100] })] });
    const dir = join(tempDir(), 'big');
    await saveModel(model, dir);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
    expect(statSync(join(dir, files[0]!)).size).toBe(4 * 1024 * 1024);
    expect(statSync(join(dir, files[1]!)).size).toBe((1100 * 1000 + 1000) * 4 - 4 * 1024 * 1024);
    const loaded = await loadModel(dir);
    const bytes = (m: nn.Model): string[] =>
      m.weights.map((v) => {
        const a = v.dataSync();
        return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
      });
    expect(bytes(loaded)).toEqual(bytes(model));
  });

  test('quantized weights (uint8, uint16, float16) are dequantized as TF.js does', () => {
    const specs: WeightSpec[] = [
      {
        name: 'u8',
        shape: [3],
        dtype: 'float32',
        quantization: { dtype: 'uint8', scale: 0.5, min: -1 },
      },
      {
        name: 'u16',
        shape: [2],
        dtype: 'float32',
        quantization: { dtype: 'uint16', scale: 0.25, min: 1 },
      },
      { name: 'f16', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } },
    ];
    // uint16 258 = 0x0102; float16 1.0 = 0x3C00, -2 = 0xC000, 0.5 = 0x3800, 65504 = 0x7BFF.
    const data = bytes(0, 2, 255, 0x02, 0x01, 4, 0, 0x00, 0x3c, 0x00, 0xc0, 0x00, 0x38, 0xff, 0x7b);
    const out = decodeWeights(data, specs, 'q');
    expect([...out[0]!.values]).toEqual([-1, 0, 126.5]);
    expect([...out[1]!.values]).toEqual([258 * 0.25 + 1, 4 * 0.25 + 1]);
    expect([...out[2]!.values]).toEqual([1, -2, 0.5, 65504]);
  });
});

describe('manifest checks, before anything is allocated', () => {
  test.each([
    [
      { name: 'w', shape: [1e6, 1e6], dtype: 'float32' },
      /claims shape \[1000000,1000000\] \(1\.00e\+12 values\)/,
    ],
    [
      { name: 'w', shape: [-1, 3], dtype: 'float32' },
      /weight 'w': shape must be a list of non-negative integers/,
    ],
    [
      { name: 'w', shape: [2.5], dtype: 'float32' },
      /shape must be a list of non-negative integers/,
    ],
    [{ name: 'w', shape: '3', dtype: 'float32' }, /shape must be a list/],
    [{ name: 'w', shape: [3], dtype: 'string' }, /dtype string, which Neurite does not support/],
    [
      { name: 'w', shape: [3], dtype: 'float64' },
      /dtype must be 'float32', 'int32' or 'bool', received "float64"/,
    ],
    [{ name: '', shape: [3], dtype: 'float32' }, /needs a non-empty string name/],
    [
      { name: 'w', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8' } },
      /uint8 quantization needs finite numbers scale and min/,
    ],
    [
      { name: 'w', shape: [3], dtype: 'float32', group: 'x' },
      /group must be 'model' or 'optimizer'/,
    ],
    ['w', /entry 0 must be an object/],
  ])('%j is refused', (spec, message) => {
    const err = (() => {
      try {
        parseWeightSpec(spec, 'dir/model.json', 0);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ModelIOError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/^dir\/model\.json: /);
  });

  test('a manifest must be a list of {paths, weights}', () => {
    expect(() => parseManifest({}, 'f')).toThrow(/weightsManifest must be a list/);
    expect(() => parseManifest([{ paths: [1], weights: [] }], 'f')).toThrow(
      /paths must be a list of file names/,
    );
    expect(() => parseManifest([{ paths: [], weights: {} }], 'f')).toThrow(
      /weights must be a list/,
    );
  });

  test('the byte count must be exact: truncated or excess data is refused', () => {
    const specs: WeightSpec[] = [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }];
    expect(() => decodeWeights(new Uint8Array(12), specs, 'f')).toThrow(
      /holds 12 bytes but the manifest describes 16; a shard is truncated or missing/,
    );
    expect(() => decodeWeights(new Uint8Array(20), specs, 'f')).toThrow(
      /holds 20 bytes but the manifest describes only 16/,
    );
  });
});

describe('matching file weights to model variables', () => {
  const w = (name: string, shape: number[], dtype: 'float32' | 'int32' = 'float32') => ({
    name,
    shape,
    dtype,
    values: new Float32Array(shape.reduce((a, b) => a * b, 1)),
    group: 'model' as const,
  });
  const t = (name: string, shape: number[]) => ({ name, shape, dtype: 'float32' });

  test('suffixes other tools add are tolerated: ":0" and TF.js\'s "_1"', () => {
    expect(normalizeWeightName('dense/kernel:0')).toBe('dense/kernel');
    expect(normalizeWeightName('dense_1/kernel_2')).toBe('dense_1/kernel');
    const file = [w('d/bias:0', [2]), w('d/kernel_1', [3, 2])];
    const pairs = matchWeights([t('d/kernel', [3, 2]), t('d/bias', [2])], file, { where: 'f' });
    expect(pairs.map((p) => p?.name)).toEqual(['d/kernel_1', 'd/bias:0']);
  });

  test('names that differ but count and shapes that agree: matched by position', () => {
    const file = [w('x/kernel', [3, 2]), w('x/bias', [2])];
    const pairs = matchWeights([t('dense_7/kernel', [3, 2]), t('dense_7/bias', [2])], file, {
      where: 'f',
    });
    expect(pairs.map((p) => p?.name)).toEqual(['x/kernel', 'x/bias']);
  });

  test('errors name the file, the weight and what was expected', () => {
    const targets = [t('d/kernel', [3, 2]), t('d/bias', [2])];
    expect(() => matchWeights(targets, [w('d/kernel', [3, 2])], { where: 'm/model.json' })).toThrow(
      "m/model.json: the model's weight 'd/bias' (shape [2]) is not in the file; the model has 2 weights, the file 1: 'd/kernel' [3,2]",
    );
    expect(() =>
      matchWeights(targets, [w('d/kernel', [3, 2]), w('d/bias', [2]), w('e/bias', [2])], {
        where: 'f',
      }),
    ).toThrow("f: the file holds weight 'e/bias' (shape [2]), which the model does not have");
    expect(() =>
      matchWeights(targets, [w('d/kernel', [2, 3]), w('d/bias', [2])], { where: 'f' }),
    ).toThrow(
      "f: weight 'd/kernel' has shape [2,3] in the file, but the model's 'd/kernel' has shape [3,2]",
    );
    expect(() =>
      matchWeights(targets, [w('d/kernel', [3, 2]), w('d/bias', [2], 'int32')], { where: 'f' }),
    ).toThrow(
      "f: weight 'd/bias' has dtype int32 in the file, but the model's 'd/bias' is float32",
    );
  });

  test('non-strict: missing weights stay unset, extras are ignored', () => {
    const pairs = matchWeights(
      [t('d/kernel', [3, 2]), t('d/bias', [2])],
      [w('d/kernel', [3, 2]), w('zz', [9])],
      {
        where: 'f',
        strict: false,
      },
    );
    expect(pairs.map((p) => p?.name ?? null)).toEqual(['d/kernel', null]);
  });
});
