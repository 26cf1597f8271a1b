import { describe, expect, test } from 'vitest';
import 'neurite';
import { gradientField, gradientFieldData } from '../../src/plots/index.js';
import { byClass, parseFigure, textsIn } from './svg.js';

describe('plots.gradientField', () => {
  test('the bowl: arrows are autograd gradients (x, 10y), the longest 0.9 of a cell', () => {
    const d = gradientFieldData({ fn: 'bowl', arrows: 6 });
    expect(d.area).toEqual({ x: [-5, 5], y: [-2.5, 2.5] });
    expect(d.arrows).toHaveLength(36);
    for (const a of d.arrows) {
      expect(a.gx).toBeCloseTo(a.x, 5);
      expect(a.gy).toBeCloseTo(10 * a.y, 4);
    }
    const longest = Math.max(...d.arrows.map((a) => Math.hypot(a.gx, a.gy)));
    expect(longest * d.arrowScale).toBeCloseTo(0.9 * Math.min(10 / 6, 5 / 6), 6);
  });

  test('a typed expression is differentiated by autograd', () => {
    const d = gradientFieldData({ fn: 'sin(x)*cos(y) + x^2/4', range: [-3, 3], arrows: 5 });
    expect(d.area).toEqual({ x: [-3, 3], y: [-3, 3] });
    for (const a of d.arrows) {
      expect(a.gx).toBeCloseTo(Math.cos(a.x) * Math.cos(a.y) + a.x / 2, 5);
      expect(a.gy).toBeCloseTo(-Math.sin(a.x) * Math.sin(a.y), 5);
    }
    const one = gradientFieldData({ fn: '3y', range: { x: [0, 1], y: [0, 2] }, arrows: 2 });
    expect(one.arrows.map((a) => [a.gx, a.gy])).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
  });

  test('renders contours and one arrow (shaft and head) per grid point', async () => {
    const fig = gradientField({ fn: 'x^2 + 3*y^2', arrows: 4 });
    const root = parseFigure(await fig.toSVG());
    const shafts = byClass(root, 'mark-rule').filter((g) =>
      (g.attrs.class ?? '').includes('role-mark'),
    );
    expect(shafts.flatMap((g) => g.children)).toHaveLength(16);
    const heads = byClass(root, 'mark-symbol').filter((g) =>
      (g.attrs.class ?? '').includes('role-mark'),
    );
    expect(heads.flatMap((g) => g.children)).toHaveLength(16);
    expect(
      byClass(root, 'contours_marks').flatMap((g) => g.children).length,
    ).toBeGreaterThanOrEqual(12);
    expect(textsIn(root, 'role-title-subtitle')).toEqual(['z = x^2 + 3*y^2']);
  });

  test('errors point at the mistake', () => {
    expect(() => gradientFieldData({ fn: 'x^^2' })).toThrow(
      /fn is neither a surface \(bowl, saddle, twoMinima, rosenbrock, beale\) nor a valid expression 'x\^\^2': expected a number, x, y, a function or '\(', found '\^' at position 3/,
    );
    expect(() => gradientFieldData({ fn: 'x', range: [2, 2] })).toThrow(
      /x range must be \[lo, hi\] with finite lo < hi/,
    );
    expect(() => gradientFieldData({ arrows: 1 })).toThrow(
      /arrows must be an integer in \[2, 60\]/,
    );
  });
});
