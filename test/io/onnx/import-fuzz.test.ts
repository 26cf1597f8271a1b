/**
 * Bounded fuzzing (fixed seed) of the ONNX importer: the fixture files are damaged (bytes
 * overwritten, bits flipped, truncated, spliced) and imported, then built. Each case must
 * end in a loaded model or a ModelIOError (a NeuriteError when the artifacts build), never
 * a raw TypeError/RangeError, and never hang.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { ModelIOError } from '../../../src/io/index.js';
import { importOnnx } from '../../../src/io/onnx/import/index.js';

// 150 in the suite; NEURITE_FUZZ_CASES=3000 for a longer run by hand.
const CASES = Number(process.env.NEURITE_FUZZ_CASES ?? 150);
const FILES = [
  'test/fixtures/interop/onnx/o3_torch_bn_dropout_elu/model.onnx',
  'test/fixtures/interop/onnx/o4_torch_two_inputs_graph/model.onnx',
  'test/fixtures/onnx-made/cnn_pool_pad_reshape_nchw.onnx',
  'test/fixtures/onnx-made/graph_arith_clip_matmul.onnx',
  'test/fixtures/onnx-made/mlp_gelu_softplus_logsoftmax.onnx',
  'test/fixtures/onnx-made/cnn_clip_pad_op10_nchw.onnx',
];

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

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rand() * n);
  const b = src.slice();
  switch (pick(5)) {
    case 0: // a few random bytes
      for (let k = 1 + pick(8); k > 0; k--) b[pick(b.length)] = pick(256);
      return b;
    case 1: // bit flips
      for (let k = 1 + pick(16); k > 0; k--) b[pick(b.length)]! ^= 1 << pick(8);
      return b;
    case 2: // truncation
      return b.subarray(0, pick(b.length));
    case 3: {
      // a chunk copied elsewhere
      const from = pick(b.length);
      const len = pick(64);
      b.copyWithin(pick(b.length), from, from + len);
      return b;
    }
    default: {
      // varint-looking bytes in the structure (small files' headers and graphs)
      const at = pick(Math.min(b.length, 4096));
      b.set([0xff, 0xff, 0xff, 0xff, 0x07].slice(0, 1 + pick(5)), at);
      return b;
    }
  }
}

test(`${CASES} damaged ONNX files: a model or a ModelIOError, never a raw error`, async () => {
  const sources = FILES.map((f) => new Uint8Array(readFileSync(f)));
  const rand = generator(1234);
  const outcomes = { loaded: 0, refused: 0 };
  for (let i = 0; i < CASES; i++) {
    const bytes = mutate(sources[i % sources.length]!, rand);
    const started = Date.now();
    try {
      const artifacts = await importOnnx(bytes, `fuzz-${i}.onnx`, {});
      try {
        const m = nn.io.artifactsToModel(artifacts, `fuzz-${i}.onnx`);
        m.dispose();
        outcomes.loaded++;
      } catch (e) {
        if (!(e instanceof nn.NeuriteError)) throw e;
        outcomes.refused++;
      }
    } catch (e) {
      if (!(e instanceof ModelIOError)) {
        throw new Error(
          `case ${i}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
          { cause: e },
        );
      }
      outcomes.refused++;
    }
    expect(Date.now() - started, `case ${i} took too long`).toBeLessThan(10_000);
  }
  expect(outcomes.loaded + outcomes.refused).toBe(CASES);
  expect(outcomes.refused).toBeGreaterThan(0);
}, 300_000);
