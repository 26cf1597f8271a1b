/**
 * Bounded fuzzing (fixed seed): valid model folders are damaged (bit flips, truncation,
 * type changes, deleted keys, changed numbers, damaged shards) and loaded. Loading must
 * either succeed or throw a NeuriteError (ModelIOError for a bad file); never hang, and
 * never throw a raw TypeError or RangeError.
 */
import { appendFileSync, cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import * as nn from 'neurite';
import { loadModel, saveModel } from '../../src/io/index.js';
import { tempDir } from './helpers.js';

// 200 in the suite; NEURITE_FUZZ_CASES=5000 for a longer run by hand.
const CASES = Number(process.env.NEURITE_FUZZ_CASES ?? 200);
const root = tempDir();
const sources: string[] = [];

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

beforeAll(async () => {
  nn.setSeed(99);
  const seq = nn.sequential({
    layers: [
      nn.layers.dense({ units: 6, activation: 'relu', inputShape: [4] }),
      nn.layers.batchNormalization(),
      nn.layers.dropout({ rate: 0.1 }),
      nn.layers.reshape({ targetShape: [2, 3] }),
      nn.layers.flatten(),
      nn.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  seq.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  await seq.fit(
    nn.randomNormal([8, 4], 0, 1, 'float32', 1),
    nn.tensor([0, 1, 2, 0, 1, 2, 0, 1], [8], 'int32'),
    {
      epochs: 1,
      verbose: 0,
    },
  );
  const a = nn.input({ shape: [3], name: 'fa' });
  const b = nn.input({ shape: [3], name: 'fb' });
  const h = nn.layers
    .concatenate()
    .apply([
      nn.layers.dense({ units: 4 }).apply(a),
      nn.layers.leakyReLU().apply(b),
    ]) as nn.SymbolicTensor;
  const fun = nn.model({ inputs: [a, b], outputs: nn.layers.layerNormalization().apply(h) });
  const cnn = nn.sequential({
    layers: [
      nn.layers.zeroPadding2d({ padding: 1, inputShape: [6, 6, 1] }),
      nn.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
      nn.layers.maxPooling2d({ poolSize: 2 }),
      nn.layers.flatten(),
      nn.layers.dense({ units: 2 }),
    ],
  });
  for (const [i, m] of [seq, fun, cnn].entries()) {
    const dir = join(root, `source${i}`);
    await saveModel(m, dir);
    sources.push(dir);
  }
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every [container, key] pair in a JSON tree. */
function slots(j: Json, out: [Json[] | { [k: string]: Json }, string | number][] = []): typeof out {
  if (Array.isArray(j)) {
    j.forEach((v, i) => {
      out.push([j, i]);
      slots(v, out);
    });
  } else if (j && typeof j === 'object') {
    for (const [k, v] of Object.entries(j)) {
      out.push([j, k]);
      slots(v, out);
    }
  }
  return out;
}

const REPLACEMENTS: Json[] = [
  null,
  0,
  -1,
  1e12,
  2.5,
  '',
  'Conv2D',
  'float64',
  true,
  [],
  {},
  [null],
  [1e9, 1e9],
  { class_name: 'X' },
];

function mutate(dir: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const jsonFile = join(dir, 'model.json');
  const shard = join(dir, 'group1-shard1of1.bin');
  const kind = Math.floor(rnd() * 8);
  if (kind <= 3) {
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as Json;
    const all = slots(json);
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
      const [container, key] = pick(all);
      const value = (container as Record<string | number, Json>)[key];
      if (kind === 0 && !Array.isArray(container))
        delete (container as Record<string, Json>)[key as string];
      else if (kind === 1 && typeof value === 'number')
        (container as Record<string | number, Json>)[key] = pick([
          value * 1000,
          -value,
          value + 1,
          0,
        ]);
      else if (kind === 2 && typeof value === 'string')
        (container as Record<string | number, Json>)[key] = pick([
          'Dense',
          'dense/kernel',
          value + '_x',
          '../../etc/passwd',
          '',
        ]);
      else (container as Record<string | number, Json>)[key] = pick(REPLACEMENTS);
    }
    writeFileSync(jsonFile, JSON.stringify(json));
    return `json edit ${kind}`;
  }
  if (kind === 4) {
    const text = Buffer.from(readFileSync(jsonFile));
    for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
      const i = Math.floor(rnd() * text.length);
      text[i] = text[i]! ^ (1 << Math.floor(rnd() * 8));
    }
    writeFileSync(jsonFile, text);
    return 'json bit flips';
  }
  if (kind === 5) {
    truncateSync(
      rnd() < 0.5 ? jsonFile : shard,
      Math.floor(rnd() * readFileSync(jsonFile).length * 0.9),
    );
    return 'truncation';
  }
  if (kind === 6) {
    const bytes = Buffer.from(readFileSync(shard));
    for (let k = 0; k < 8; k++) {
      const i = Math.floor(rnd() * bytes.length);
      bytes[i] = bytes[i]! ^ (1 << Math.floor(rnd() * 8));
    }
    writeFileSync(shard, bytes);
    return 'shard bit flips';
  }
  if (rnd() < 0.5) rmSync(shard);
  else appendFileSync(shard, new Uint8Array(1 + Math.floor(rnd() * 16)));
  return 'shard removed or grown';
}

test(`${CASES} damaged model folders: each loads or fails with our error`, async () => {
  const rnd = generator(2024);
  const outcomes = { loaded: 0, refused: 0 };
  for (let i = 0; i < CASES; i++) {
    const dir = join(root, `case${i}`);
    cpSync(sources[i % sources.length]!, dir, { recursive: true });
    const what = mutate(dir, rnd);
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`case ${i} (${what}) hung`)), 5000);
    });
    try {
      const model = await Promise.race([loadModel(dir), hang]);
      outcomes.loaded++;
      for (const v of model.weights) v.dispose();
    } catch (e) {
      if (!(e instanceof nn.NeuriteError)) {
        throw new Error(
          `case ${i} (${what}) threw a raw ${(e as Error).name}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      outcomes.refused++;
    } finally {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  expect(outcomes.loaded + outcomes.refused).toBe(CASES);
  // Both outcomes occur: the mutations are neither all harmless nor all fatal.
  expect(outcomes.loaded).toBeGreaterThan(10);
  expect(outcomes.refused).toBeGreaterThan(50);
});
