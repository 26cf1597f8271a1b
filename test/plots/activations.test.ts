import { describe, expect, test } from 'vitest';
import 'neurite';
import { activations, activationsData, CHAPTER_ACTIVATIONS } from '../../src/plots/index.js';
import { byClass, markPaths, parseFigure, textsIn } from './svg.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
// Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
const Phi = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));
const phi = (x: number): number => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);

/** f and f′ of each chapter activation, by hand, for x away from the kinks. */
const REFERENCE: Record<string, [(x: number) => number, (x: number) => number]> = {
  step: [(x) => (x >= 0 ? 1 : 0), () => 0],
  sigmoid: [sigmoid, (x) => sigmoid(x) * (1 - sigmoid(x))],
  tanh: [Math.tanh, (x) => 1 - Math.tanh(x) ** 2],
  relu: [(x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0)],
  leakyRelu: [(x) => (x > 0 ? x : 0.2 * x), (x) => (x > 0 ? 1 : 0.2)],
  elu: [(x) => (x > 0 ? x : Math.exp(x) - 1), (x) => (x > 0 ? 1 : Math.exp(x))],
  softplus: [(x) => Math.log1p(Math.exp(x)), sigmoid],
  gelu: [(x) => x * Phi(x), (x) => Phi(x) + x * phi(x)],
  swish: [(x) => x * sigmoid(x), (x) => sigmoid(x) * (1 + x * (1 - sigmoid(x)))],
};

describe('plots.activations', () => {
  test('values and autograd derivatives match the formulas', () => {
    const d = activationsData({ points: 81 });
    expect(d.x).toHaveLength(81);
    expect(d.x[0]).toBeCloseTo(-4);
    expect(d.x[80]).toBeCloseTo(4);
    expect(d.curves.map((c) => c.id)).toEqual([...CHAPTER_ACTIVATIONS]);
    for (const c of d.curves) {
      const [f, df] = REFERENCE[c.id]!;
      d.x.forEach((x, i) => {
        if (Math.abs(x) < 1e-6) return; // the kinks
        expect(c.f[i]).toBeCloseTo(f(x), 4);
        expect(c.df[i]).toBeCloseTo(df(x), 4);
      });
    }
  });

  test('renders nine panels, each with the function and its dashed derivative', async () => {
    const fig = activations();
    const root = parseFigure(await fig.toSVG());
    expect(markPaths(root, 'line')).toBe(18);
    const titles = textsIn(root, 'role-title-text');
    expect(titles).toContain('Activation functions and their derivatives');
    for (const t of ['step (Heaviside)', 'sigmoid', 'tanh', 'ReLU', 'GELU', 'swish (SiLU)'])
      expect(titles).toContain(t);
    expect(titles).toHaveLength(10);
    expect(textsIn(root, 'role-legend-label')).toEqual(['f(x)', 'f′(x) (autograd)']);
    // One solid and one dashed curve per panel (the legend's dashed symbol aside).
    const curves = byClass(root, 'mark-line').flatMap((g) => g.children);
    expect(curves.filter((p) => p.attrs['stroke-dasharray'] === '5,3')).toHaveLength(9);
  });

  test('custom ids, range and columns', async () => {
    const fig = activations({ ids: ['relu', 'mish'], range: [-1, 1], points: 5, columns: 2 });
    expect(fig.data.x).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(fig.data.curves[0]!.f).toEqual([0, 0, 0, 0.5, 1]);
    const root = parseFigure(await fig.toSVG());
    expect(markPaths(root, 'line')).toBe(4);
    expect(textsIn(root, 'role-title-text')).toEqual(expect.arrayContaining(['ReLU', 'mish']));
  });

  test('bad arguments name what was expected', () => {
    expect(() => activationsData({ ids: ['nope'] })).toThrow(/unknown activation 'nope'/);
    expect(() => activationsData({ ids: [] })).toThrow(/ids must not be empty/);
    expect(() => activationsData({ range: [1, -1] })).toThrow(/lo < hi, received \[1, -1\]/);
    expect(() => activationsData({ points: 1 })).toThrow(/points must be an integer >= 2/);
    expect(() => activations({ columns: 0 })).toThrow(/columns must be a positive integer/);
  });
});
