import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';

describe('embedding', () => {
  test('looks up rows; maskZero attaches ids != 0; Keras defaults and param count', () => {
    const e = nn.layers.embedding({ inputDim: 4, outputDim: 2, maskZero: true });
    const ids = nn.tensor([
      [1, 3, 0],
      [2, 0, 0],
    ]);
    const y = e.apply(ids);
    expect(y.shape).toEqual([2, 3, 2]);
    const table = e.embeddings!.arraySync() as number[][];
    expect(y.arraySync()).toEqual([
      [table[1], table[3], table[0]],
      [table[2], table[0], table[0]],
    ]);
    expect(table.flat().every((v) => Math.abs(v) <= 0.05)).toBe(true);
    expect(nn.layers.getMask(y)!.arraySync()).toEqual([
      [true, true, false],
      [true, false, false],
    ]);
    expect(e.countParams()).toBe(8);
    expect(e.computeOutputShape([null, 7])).toEqual([null, 7, 2]);
    expect(
      nn.layers.getMask(nn.layers.embedding({ inputDim: 4, outputDim: 2 }).apply(ids)),
    ).toBeNull();
  });

  test('gradient is a segment sum of the output gradient into the looked-up rows', () => {
    const e = nn.layers.embedding({ inputDim: 5, outputDim: 3 });
    const ids = nn.tensor([
      [1, 1, 4],
      [0, 4, 4],
    ]);
    e.apply(ids);
    const r = nn.randomNormal([2, 3, 3], 0, 1, 'float32', 2);
    const tape = new nn.GradientTape();
    const L = tape.record(() => nn.sum(nn.mul(e.apply(ids), r)));
    const [g] = tape.gradient(L, [e.embeddings!]);
    const rv = r.arraySync() as number[][][];
    const want = Array.from({ length: 5 }, () => [0, 0, 0]);
    (ids.arraySync() as number[][]).forEach((row, b) =>
      row.forEach((id, t) => rv[b]![t]!.forEach((v, k) => (want[id]![k]! += v))),
    );
    const got = g!.arraySync() as number[][];
    want.forEach((row, i) => row.forEach((v, k) => expect(got[i]![k]).toBeCloseTo(v, 5)));
    expect(got[2]).toEqual([0, 0, 0]);
    expect(got[3]).toEqual([0, 0, 0]);
  });

  test('config round trip (Keras 3 names); inputLength accepted; clear errors', () => {
    const e = nn.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true, name: 'emb_rt' });
    const c = nn.layers.serialize(e);
    expect(c.config).toMatchObject({ inputDim: 10, outputDim: 4, maskZero: true });
    expect((c.config.embeddingsInitializer as { className: string }).className).toBe(
      'RandomUniform',
    );
    expect(nn.layers.deserializeLayer(c).getConfig()).toEqual(e.getConfig());
    expect(
      nn.layers.embedding({ inputDim: 3, outputDim: 2, inputLength: 5 }).batchInputShape,
    ).toEqual([null, 5]);
    expect(() => nn.layers.embedding({ inputDim: 0, outputDim: 2 })).toThrow(
      /Embedding: inputDim must be a positive integer, received 0/,
    );
    const bad = nn.layers.embedding({ inputDim: 3, outputDim: 2, name: 'emb_bad' });
    expect(() => bad.apply(nn.tensor([[1, 3]]))).toThrow(
      "Embedding 'emb_bad': id 3 at position 1 of input [1,2] is not an integer in [0, 2] (inputDim 3)",
    );
    expect(() => bad.apply(nn.tensor([[0.5]]))).toThrow(/id 0.5 at position 0/);
  });
});
