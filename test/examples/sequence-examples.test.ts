import { expect, test } from 'vitest';
import { main as textClassifier, sentimentTexts } from '../../examples/text-classifier.js';
import { main as sequenceRegressor } from '../../examples/sequence-regressor.js';

test('examples/text-classifier: textVectorization → embedding → lstm reaches 95% on held-out texts', async () => {
  const a = sentimentTexts(5, 9);
  expect(sentimentTexts(5, 9)).toEqual(a); // the data set is deterministic
  const r = await textClassifier({ epochs: 8, log: () => {} });
  expect(r.testAccuracy).toBeGreaterThanOrEqual(0.95);
  expect(r.examples[0]!.positive).toBeGreaterThan(0.5); // "not boring"
  expect(r.examples[1]!.positive).toBeLessThan(0.5);
}, 120_000);

test('examples/sequence-regressor: the gru beats the dense baseline by 10x', async () => {
  const r = await sequenceRegressor({ epochs: 8, log: () => {} });
  expect(r.gruMse).toBeLessThan(0.1 * r.denseMse);
  expect(r.denseMse).toBeGreaterThan(0.5 * r.targetVariance);
}, 120_000);
