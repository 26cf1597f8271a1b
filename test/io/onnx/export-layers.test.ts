/**
 * Every layer type, exported at opsets 13 and 17 (and 21 where that changes the graph), run
 * in onnxruntime-web: its predictions equal Neurite's within 1e-5 (cases in
 * export-cases*.ts).
 */
import { describe, expect, it } from 'vitest';
import * as nn from 'neurite';
import { EXPORTED_LAYERS } from '../../../src/io/onnx/export/index.js';
import { NOT_EXPORTED } from '../../../src/io/onnx/export/not-exported.js';
import { CORE_CASES } from './export-cases.js';
import { MORE_CASES } from './export-cases-more.js';
import { MISC_CASES } from './export-cases-misc.js';
import { CONV_CASES } from './export-cases-conv.js';
import { ortError, randomInputs, randomizeWeights } from './export-harness.js';

const CASES = [...CORE_CASES, ...MORE_CASES, ...MISC_CASES, ...CONV_CASES];

describe('ONNX export: every layer runs in onnxruntime-web as in Neurite', () => {
  it('exports every registered layer class, or names why not', () => {
    expect(
      nn.layers.LAYERS.classNames().filter(
        (c) => !EXPORTED_LAYERS.includes(c) && NOT_EXPORTED[c] === undefined,
      ),
    ).toEqual([]);
    expect(Object.keys(NOT_EXPORTED).filter((c) => EXPORTED_LAYERS.includes(c))).toEqual([]);
  });

  it('has a case for every exported layer class', () => {
    const covered = new Set(CASES.map((c) => c.layer));
    expect(EXPORTED_LAYERS.filter((l) => !covered.has(l))).toEqual([]);
  });

  // Opset 21 changes only how LayerNormalization and GELU are written (ops of 17 and 20).
  const AT_21 = new Set(['LayerNormalization', 'GELU']);
  describe.each([13, 17, 21])('opset %i', (opset) => {
    const cases = CASES.filter((c) => opset < 21 || AT_21.has(c.layer));
    it.each(cases.map((c) => [`${c.layer}: ${c.title}`, c] as const))('%s', async (_t, c) => {
      const model = c.make();
      randomizeWeights(model);
      const err = await ortError(model, randomInputs(c.shapes), { opset });
      expect(err).toBeLessThan(1e-5);
    });
  });
});
