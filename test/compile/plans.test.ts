/**
 * The plans a compiled step keeps: one per input signature (a partial last batch gets its
 * own), none leaking memory across replays, the oldest replaced past MAX_SIGNATURES, and
 * a new plan when the model's variables change (a layer frozen between fits).
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';

function chapterLike(): nn.Sequential {
  nn.setSeed(1);
  const m = nn.sequential();
  m.add(nn.layers.dense({ units: 16, activation: 'relu', inputShape: [12] }));
  m.add(nn.layers.dropout({ rate: 0.2 }));
  m.add(nn.layers.dense({ units: 4, activation: 'softmax' }));
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

const x = nn.randomUniform([100, 12], 0, 1, 'float32', 3);
const y = nn.cast(nn.mul(nn.randomUniform([100], 0, 1, 'float32', 4), 3.999), 'int32');

test('replays allocate nothing that outlives a step', async () => {
  const m = chapterLike();
  await m.fit(x, y, { batchSize: 32, epochs: 3, verbose: 0 });
  expect(m.compiled!.jit.train.readyPlans).toBe(2);
  const before = nn.memory();
  await m.fit(x, y, { batchSize: 32, epochs: 3, verbose: 0, validationSplit: 0.1 });
  m.predict(x, { batchSize: 32 }).dispose();
  await m.fit(x, y, { batchSize: 32, epochs: 3, verbose: 0 });
  const replays = m.compiled!.jit.train.replays;
  const after = nn.memory();
  // The validation split and predict made plans of their own (constants they hold):
  // so compare the counts of a second round, which records nothing new.
  await m.fit(x, y, { batchSize: 32, epochs: 3, verbose: 0, validationSplit: 0.1 });
  m.predict(x, { batchSize: 32 }).dispose();
  await m.fit(x, y, { batchSize: 32, epochs: 3, verbose: 0 });
  expect(m.compiled!.jit.train.replays).toBeGreaterThan(replays);
  expect(nn.memory()).toEqual(after);
  expect(after.numTensors).toBe(before.numTensors);
});

test('predict on many batch sizes: the oldest plans make room, results stay eager', () => {
  const m = chapterLike();
  const eager = chapterLike();
  eager.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', jitCompile: false });
  eager.setWeights(m.getWeights());
  for (let round = 0; round < 3; round++) {
    for (let n = 1; n <= 12; n++) {
      const xb = nn.slice(x, [0, 0], [n, 12]);
      expect(Array.from(m.predict(xb).dataSync())).toEqual(
        Array.from(eager.predict(xb).dataSync()),
      );
    }
  }
  expect(m.compiled!.jit.predict.readyPlans).toBeLessThanOrEqual(8);
});

test('freezing a layer between fits records a new plan (its gradients are no longer taken)', async () => {
  const m = chapterLike();
  await m.fit(x, y, { batchSize: 50, epochs: 3, verbose: 0 });
  const frozen = m.layers[0]!;
  frozen.trainable = false;
  const kernel = Array.from(frozen.getWeights()[0]!.dataSync());
  await m.fit(x, y, { batchSize: 50, epochs: 3, verbose: 0 });
  expect(Array.from(frozen.getWeights()[0]!.dataSync())).toEqual(kernel);
  expect(m.compiled!.jit.train.eagerReason).toBeNull();
  expect(m.compiled!.jit.train.replays).toBe(4 + 4);
});
