/**
 * Switching backend after tensors exist: an op on the new backend copies each input's data
 * there on first use (as TF.js does), frees the old buffer, and shares one copy among the
 * tensors that shared the buffer. Models built and trained on one backend keep working on
 * the other, in both directions, and memory() stays right.
 */
import { afterEach, describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import type { WasmData } from '../../src/backends/wasm/wasm-backend.js';
import { expectTensor } from '../helpers/expect-close.js';

afterEach(async () => {
  await nn.setBackend('js');
});

function model(): nn.Sequential {
  nn.setSeed(7);
  const m = nn.sequential({
    layers: [
      nn.layers.dense({ units: 8, inputShape: [4], activation: 'relu' }),
      // An activation the fused dense kernel lacks: the layer runs matMul, add and elu.
      nn.layers.dense({ units: 5, activation: 'elu' }),
      nn.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  m.compile({
    optimizer: nn.optimizers.adam({ learningRate: 0.01 }),
    loss: 'categoricalCrossentropy',
  });
  return m;
}

function data(): [nn.Tensor, nn.Tensor] {
  const x = nn.randomNormal([12, 4], 0, 1, 'float32', 3);
  const labels = nn.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], [12], 'int32');
  const y = nn.oneHot(labels, 3);
  labels.dispose();
  return [x, y];
}

function predict(m: nn.Sequential, x: nn.Tensor): number[] {
  return nn.tidy(() => Array.from(m.predict(x).dataSync()));
}

function backendsOf(ts: readonly nn.Tensor[]): string[] {
  return [...new Set(ts.map((t) => t.storage.backend.name))];
}

for (const [from, to] of [
  ['js', 'wasm'],
  ['wasm', 'js'],
] as const) {
  describe(`switching from ${from} to ${to}`, () => {
    test('a Dense model predicts the same, trains, and memory() stays right', async () => {
      await nn.setBackend(from);
      const m = model();
      const [x, y] = data();
      await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
      const before = predict(m, x);
      const weights = m.weights;
      expect(backendsOf(weights)).toEqual([from]);
      const oldHandles = weights.map((w) => w.storage);
      const mem0 = nn.memory();

      await nn.setBackend(to);
      const after = predict(m, x);
      for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i]!, 5);
      // The weights and the input moved; their old buffers were freed, nothing else changed.
      expect(backendsOf(weights)).toEqual([to]);
      expect(backendsOf([x])).toEqual([to]);
      expect(oldHandles.every((h) => h.refCount === 0)).toBe(true);
      if (from === 'wasm') expect(oldHandles.every((h) => !(h as WasmData).live)).toBe(true);
      const mem1 = nn.memory();
      expect(mem1.numTensors).toBe(mem0.numTensors);
      expect(mem1.numBytes).toBe(mem0.numBytes);
      expect(mem1.numDataBuffers).toBe(mem0.numDataBuffers);
      // Predicting again moves nothing and leaks nothing.
      expect(predict(m, x)).toEqual(after);
      expect(nn.memory()).toEqual(mem1);

      // Training continues on the new backend (the optimizer's moments move too).
      const h = await m.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
      const losses = h.history.loss!;
      expect(losses.every((l) => Number.isFinite(l))).toBe(true);
      expect(backendsOf(m.weights)).toEqual([to]);
      expect(predict(m, x)).not.toEqual(after);
      // Fitting again leaves memory where it was: moved state does not pile up.
      const mem2 = nn.memory();
      await m.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
      expect(nn.memory()).toEqual(mem2);

      // And back: the model still works where it started.
      await nn.setBackend(from);
      const back = predict(m, x);
      expect(backendsOf(m.weights)).toEqual([from]);
      expect(back.every((v) => Number.isFinite(v))).toBe(true);
      expect(nn.memory().numBytes).toBe(mem2.numBytes);
      m.dispose();
      x.dispose();
      y.dispose();
    });

    test('matMul, variables and gradients on tensors made before the switch', async () => {
      await nn.setBackend(from);
      const a = nn.tensor([
        [1, 2],
        [3, 4],
      ]);
      const b = nn.tensor([[5], [6]]);
      const v = nn.variable(nn.tensor([1, -2, 3]));
      await nn.setBackend(to);
      // matMul hands the backend views of its operands' storage: they must be moved first.
      expectTensor(nn.matMul(a, b), [[17], [39]]);
      expectTensor(nn.matMul(b, a, true, false), [[23, 34]]);
      expectTensor(nn.dot(nn.tensor([1, 1]), a), [4, 6]);
      const g = nn.grad((t: nn.Tensor) => nn.sum(nn.square(t)))(v);
      expectTensor(g, [2, -4, 6]);
      v.assign(nn.mul(v, 2));
      expectTensor(v, [2, -4, 6]);
      expect(v.storage.backend.name).toBe(to);
      for (const t of [a, b, v, g]) t.dispose();
    });

    test('tensors sharing a buffer share its copy, and the old buffer is freed', async () => {
      await nn.setBackend(from);
      const a = nn.tensor([1, 2, 3, 4, 5, 6]);
      const r = nn.reshape(a, [2, 3]);
      const old = a.storage;
      expect(r.storage).toBe(old);
      const mem0 = nn.memory();
      await nn.setBackend(to);
      const s1 = nn.sum(a);
      // a moved; r still holds the old buffer (readable where it is).
      expect(a.storage.backend.name).toBe(to);
      expect(old.refCount).toBe(1);
      expectTensor(r, [
        [1, 2, 3],
        [4, 5, 6],
      ]);
      const s2 = nn.sum(r, 1);
      // r got a's copy rather than a second one, and the old buffer went.
      expect(r.storage).toBe(a.storage);
      expect(old.refCount).toBe(0);
      expectTensor(s1, 21);
      expectTensor(s2, [6, 15]);
      s1.dispose();
      s2.dispose();
      expect(nn.memory()).toEqual(mem0);
      a.dispose();
      r.dispose();
      expect(nn.memory().numBytes).toBe(mem0.numBytes - 24);
    });
  });
}
