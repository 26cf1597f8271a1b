/**
 * The convolution layers of issue 17 (layers-conv) exported at opsets 13 and 17 and run in
 * onnxruntime-web: predictions equal Neurite's within 1e-5 (cases in export-cases-conv.ts).
 */
import { describe, expect, it } from 'vitest';
import { ortError, randomInputs, randomizeWeights } from './export-harness.js';
import { CONV_CASES } from './export-cases-conv.js';

describe('ONNX export of the layers-conv layers (issue 17)', () => {
  describe.each([13, 17])('opset %i', (opset) => {
    it.each(CONV_CASES.map((c) => [`${c.layer}: ${c.title}`, c] as const))('%s', async (_t, c) => {
      const model = c.make();
      randomizeWeights(model);
      const err = await ortError(model, randomInputs(c.shapes), { opset });
      expect(err).toBeLessThan(1e-5);
    });
  });
});
