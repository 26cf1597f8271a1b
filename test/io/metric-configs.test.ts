/**
 * A compiled model's metrics survive save and load: stateful metrics whose configs hold
 * unset (null) settings, as Keras writes None, are rebuilt and evaluate as before.
 */
import { expect, test } from 'vitest';
import * as nn from 'neurite';
import { tempDir } from './helpers.js';

test('AUC, precision and recall (unset settings saved as null) load and evaluate the same', async () => {
  nn.setSeed(3);
  const model = nn.sequential({
    layers: [nn.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })],
  });
  model.compile({
    optimizer: 'adam',
    loss: 'binaryCrossentropy',
    metrics: [nn.metrics.auc(), nn.metrics.precision(), nn.metrics.recall({ topK: 1 })],
  });
  const x = nn.randomUniform([16, 3], 0, 1, 'float32', 1);
  const y = nn.tensor(
    Array.from({ length: 16 }, (_, i) => [i % 2]),
    [16, 1],
  );
  const before = await model.evaluate(x, y, { verbose: 0 });
  const dir = `${tempDir()}/m`;
  await model.save(dir);
  const loaded = await nn.loadModel(dir);
  const after = await loaded.evaluate(x, y, { verbose: 0 });
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  for (const k of Object.keys(before)) expect(after[k]).toBeCloseTo(before[k]!, 6);
});

test('null in a metric config means unset', () => {
  expect(nn.metrics.precision({ topK: null, classId: null, thresholds: null }).thresholds).toEqual([
    0.5,
  ]);
  expect(
    nn.metrics.auc({ thresholds: null, numLabels: null, labelWeights: null }).numThresholds,
  ).toBe(200);
});
