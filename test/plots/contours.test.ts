import { describe, expect, test } from 'vitest';
import { contourLines, evenLevels } from '../../src/plots/contours.js';
import { steps } from '../../src/plots/grid.js';

function sample(f: (x: number, y: number) => number, n: number, lo: number, hi: number) {
  const xs = steps(lo, hi, n);
  const ys = steps(lo, hi, n);
  const values = new Float32Array(n * n);
  ys.forEach((y, j) => xs.forEach((x, i) => (values[j * n + i] = f(x, y))));
  return { xs, ys, values };
}

describe('contour lines', () => {
  test('the unit circle of x² + y² is one closed line', () => {
    const { xs, ys, values } = sample((x, y) => x * x + y * y, 81, -2, 2);
    const lines = contourLines(xs, ys, values, [1]);
    expect(lines).toHaveLength(1);
    const pts = lines[0]!.points;
    expect(pts.length).toBeGreaterThan(60);
    for (const [x, y] of pts) expect(Math.hypot(x, y)).toBeCloseTo(1, 2);
    expect(pts[0]).toEqual(pts[pts.length - 1]);
  });

  test('xy = 0.25 gives its two hyperbola branches; open lines end on the border', () => {
    const { xs, ys, values } = sample((x, y) => x * y, 41, -1, 1);
    const lines = contourLines(xs, ys, values, [0.25]);
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      for (const [x, y] of l.points) expect(x * y).toBeCloseTo(0.25, 2);
      const [x0, y0] = l.points[0]!;
      expect(Math.max(Math.abs(x0), Math.abs(y0))).toBeCloseTo(1, 6);
    }
  });

  test('cells with a non-finite corner are skipped', () => {
    const { xs, ys, values } = sample((x, y) => Math.log(x) + y, 21, -1, 1);
    const lines = contourLines(xs, ys, values, [0]);
    for (const l of lines) for (const [x] of l.points) expect(x).toBeGreaterThan(0);
  });

  test('evenLevels spaces levels strictly inside the finite range', () => {
    expect(evenLevels([0, 4, Number.NaN, Infinity], 3)).toEqual([1, 2, 3]);
    expect(evenLevels([2, 2], 3)).toEqual([]);
  });
});
