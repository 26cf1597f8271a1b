/**
 * Forgotten tensors are reclaimed through the FinalizationRegistry. The garbage collector
 * is exposed at run time (V8's --expose-gc flag set from inside the process), so these
 * tests always run; they fail if a tensor handle is never released.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import * as nn from 'neurite';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage until `done()` or about a second has passed. */
async function collectUntil(done: () => boolean, rounds = 50): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

function leak(n: number): void {
  for (let i = 0; i < n; i++) nn.add(nn.tensor([i, i]), 1);
}

test('forgotten tensors are reclaimed by the garbage collector', async () => {
  await collectUntil(() => false, 3); // settle earlier garbage
  const before = nn.memory();
  leak(100);
  // Each step makes two: the [i, i] tensor and the sum (the number 1 is no tensor).
  expect(nn.memory().numTensors).toBe(before.numTensors + 200);
  await collectUntil(() => nn.memory().numTensors <= before.numTensors);
  expect(nn.memory().numTensors).toBe(before.numTensors);
  expect(nn.memory().numBytes).toBe(before.numBytes);
});

test('a forgotten variable and a forgotten tape release their buffers', async () => {
  await collectUntil(() => false, 3); // settle earlier garbage
  const before = nn.memory();
  (() => {
    const v = nn.variable(nn.zeros([1000]));
    const tape = new nn.GradientTape({ persistent: true });
    tape.record(() => nn.tidy(() => nn.sum(nn.exp(v))));
  })();
  expect(nn.memory().numBytes).toBeGreaterThan(before.numBytes + 4000);
  await collectUntil(() => nn.memory().numBytes <= before.numBytes);
  expect(nn.memory().numBytes).toBe(before.numBytes);
  expect(nn.memory().numTensors).toBe(before.numTensors);
});

test('tensors that outlive every tidy, or are kept, are reclaimed when forgotten', async () => {
  // Inside a tidy, tensors are left to the scope; only those that escape the outermost
  // scope (returned, or passed to keep) are handed to the garbage collector.
  await collectUntil(() => false, 3);
  const before = nn.memory();
  (() => {
    for (let i = 0; i < 20; i++) {
      nn.tidy(() => nn.tidy(() => nn.exp(nn.tensor([i, i, i]))));
      nn.tidy(() => {
        nn.keep(nn.add(nn.tensor([i]), 1));
      });
    }
  })();
  expect(nn.memory().numTensors).toBe(before.numTensors + 40);
  await collectUntil(() => nn.memory().numTensors <= before.numTensors);
  expect(nn.memory().numTensors).toBe(before.numTensors);
  expect(nn.memory().numBytes).toBe(before.numBytes);
});

test('tensors disposed by a tidy are never left to the collector twice', async () => {
  await collectUntil(() => false, 3);
  const before = nn.memory();
  const kept = nn.tidy(() => {
    const a = nn.tensor([1, 2, 3]);
    nn.mul(a, 2); // disposed by the scope
    return nn.add(a, 1);
  });
  kept.dispose();
  await collectUntil(() => false, 5);
  expect(nn.memory().numTensors).toBe(before.numTensors);
  expect(nn.memory().numBytes).toBe(before.numBytes);
});
