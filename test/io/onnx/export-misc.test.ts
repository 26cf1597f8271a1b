/**
 * The attention, merge and noise layers of issue 17 exported at opsets 13 and 17 and run in
 * onnxruntime-web: predictions equal Neurite's within 1e-5 (cases in export-cases-misc.ts).
 */
import { describe, expect, it } from 'vitest';
import { ortError, randomInputs, randomizeWeights } from './export-harness.js';
import { MISC_CASES } from './export-cases-misc.js';

describe('ONNX export of MultiHeadAttention, Dot, Minimum, Maximum, RepeatVector, noise layers', () => {
  describe.each([13, 17])('opset %i', (opset) => {
    it.each(MISC_CASES.map((c) => [`${c.layer}: ${c.title}`, c] as const))('%s', async (_t, c) => {
      const model = c.make();
      randomizeWeights(model);
      const err = await ortError(model, randomInputs(c.shapes), { opset });
      expect(err).toBeLessThan(1e-5);
    });
  });
});
