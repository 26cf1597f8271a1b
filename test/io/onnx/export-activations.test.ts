/**
 * Every activation id, exported at opsets 13, 17 and 21 (13: the composed forms of gelu,
 * hardSilu, mish; 21: Gelu, HardSwish, Mish ops), run in onnxruntime-web: the predictions
 * equal Neurite's within 1e-5. Each runs on a Dense output (channels-last) and after a
 * Conv (channels-first inside the graph, so softmax's axis is mapped).
 */
import { describe, expect, it } from 'vitest';
import * as nn from 'neurite';
import { EXPORTED_ACTIVATIONS } from '../../../src/io/onnx/export/index.js';
import { ortError, randomInputs, randomizeWeights } from './export-harness.js';

const L = nn.layers;
const IDS = nn.activations.ACTIVATION_IDS;

describe('ONNX export: every activation runs in onnxruntime-web as in Neurite', () => {
  it('exports every registered activation id', () => {
    expect([...EXPORTED_ACTIVATIONS].sort()).toEqual([...IDS].sort());
  });

  // Opset 21 changes only how gelu, hardSilu and mish are written (ops of 20, 14, 18).
  const AT_21 = new Set(['gelu', 'hardSilu', 'mish']);
  describe.each([13, 17, 21])('opset %i', (opset) => {
    it.each(IDS.filter((id) => opset < 21 || AT_21.has(id)))('%s', async (id) => {
      // One model, three outputs: the activation on a dense output, after a conv, and on the
      // raw input (which holds a row of exact zeros: step's threshold, relu's kink).
      const flat = nn.input({ shape: [6] });
      const image = nn.input({ shape: [4, 4, 2] });
      const a = L.dense({ units: 5, activation: id }).apply(flat);
      const conv = L.conv2d({ filters: 3, kernelSize: 2 }).apply(image);
      const b = L.activation({ activation: id }).apply(conv);
      const c = L.activation({ activation: id }).apply(flat);
      const model = nn.model({ inputs: [flat, image], outputs: [a, b, c] });
      randomizeWeights(model);
      // Values from about -8 to 8.
      const [x, img] = randomInputs([
        [16, 6],
        [17, 4, 4, 2],
      ]);
      const xs = nn.concat([x!, nn.zeros([1, 6])], 0);
      const err = await ortError(model, [xs, img!], { opset });
      expect(err).toBeLessThan(1e-5);
    });
  });
});
