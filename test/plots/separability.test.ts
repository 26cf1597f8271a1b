import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { GATE_INPUTS, separability, separabilityData } from '../../src/plots/index.js';
import { byClass, parseFigure, textsIn } from './svg.js';

describe('plots.separability', () => {
  test('the perceptron separates AND and OR, not XOR; the MLP solves XOR', async () => {
    const before = nn.memory().numTensors;
    const d = await separabilityData({ epochs: 200 });
    expect(nn.memory().numTensors).toBe(before);
    for (const gate of ['AND', 'OR'] as const) {
      const r = d.perceptron[gate];
      expect(r.converged).toBe(true);
      // The learned line puts each input on its label's side (step(z) with z >= 0 → 1).
      GATE_INPUTS.forEach(([a, b], i) => {
        const z = r.weights[0] * a + r.weights[1] * b + r.bias;
        expect(z >= 0 ? 1 : 0).toBe(r.labels[i]);
      });
    }
    const xor = d.perceptron.XOR;
    expect(xor.converged).toBe(false);
    expect(xor.errors).toHaveLength(20);
    expect(Math.min(...xor.errors)).toBeGreaterThan(0);
    expect(d.mlp.accuracy).toBe(1);
    expect(d.mlp.loss[d.mlp.loss.length - 1]!).toBeLessThan(0.2);
  });

  test('four panels: two perceptron lines, no line for XOR, the MLP boundary', async () => {
    const fig = await separability({ epochs: 200, gridSize: 16 });
    const root = parseFigure(await fig.toSVG());
    const titles = textsIn(root, 'role-title-text');
    expect(titles.slice(0, 4)).toEqual([
      'AND: perceptron line',
      'OR: perceptron line',
      'XOR: no line (4 errors in epoch 20)',
      'XOR: MLP 2→4→1 (100% right)',
    ]);
    expect(byClass(root, 'and_line_marks')).toHaveLength(1);
    expect(byClass(root, 'or_line_marks')).toHaveLength(1);
    expect(byClass(root, 'xor_line_marks')).toHaveLength(0);
    expect(byClass(root, 'mlp_boundary_marks')[0]!.children.length).toBeGreaterThan(0);
    for (const p of ['and_', 'or_', 'xor_', 'mlp_'])
      expect(byClass(root, `${p}points_marks`)[0]!.children).toHaveLength(4);
    expect(textsIn(root, 'role-legend-title')).toContain('output');
  });

  test('bad arguments', async () => {
    await expect(separabilityData({ hidden: 0 })).rejects.toThrow(
      /hidden must be an integer in \[1, 256\], received 0/,
    );
  });
});
