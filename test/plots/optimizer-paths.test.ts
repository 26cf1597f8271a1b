import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import {
  optimizerPaths,
  optimizerPathsData,
  PATH_PRESETS,
  SURFACE_NAMES,
} from '../../src/plots/index.js';
import { byClass, parseFigure, textsIn } from './svg.js';

const last = <T>(a: readonly T[]): T => a[a.length - 1]!;
const pathOf = (d: ReturnType<typeof optimizerPathsData>, name: string) =>
  d.paths.find((p) => p.name === name)!;

/** The minima of (x² − 1)² + x/2 + y², from 4x³ − 4x + 1/2 = 0 by bisection. */
function doubleWellMinimum(lo: number, hi: number): number {
  const g = (x: number): number => 4 * x ** 3 - 4 * x + 0.5;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (Math.sign(g(mid)) === Math.sign(g(lo))) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('plots.optimizerPaths data', () => {
  test('saddle z = x² − y² from (−1, 0.001): SGD creeps along y, Adam escapes', () => {
    const N = 40;
    const d = optimizerPathsData({
      surface: 'saddle',
      start: [-1, 0.001],
      steps: N,
      optimizers: ['sgd', 'adam'],
    });
    const sgd = pathOf(d, 'sgd');
    const adam = pathOf(d, 'adam');
    expect(sgd.points).toHaveLength(N + 1);
    expect(sgd.points[0]).toEqual([-1, expect.closeTo(0.001, 7)]);
    // SGD: x ← x − lr·2x, y ← y + lr·2y, so after N steps x = −(1 − 2lr)^N and y = 0.001(1 + 2lr)^N.
    const lr = PATH_PRESETS.saddle.learningRates.sgd;
    const [xs, ys] = last(sgd.points);
    expect(xs).toBeCloseTo(-((1 - 2 * lr) ** N), 4);
    expect(ys / (0.001 * (1 + 2 * lr) ** N)).toBeCloseTo(1, 3);
    expect(Math.abs(ys)).toBeLessThan(0.05);
    // Adam's step is about lr whatever the gradient's size: it leaves the saddle at once.
    const [, ya] = last(adam.points);
    expect(Math.abs(ya)).toBeGreaterThan(1);
    expect(Math.abs(ya)).toBeGreaterThan(20 * Math.abs(ys));
    // Both descend: the values along the path are f at the points.
    sgd.points.forEach(([x, y], i) => expect(sgd.values[i]).toBeCloseTo(x * x - y * y, 4));
  });

  test('two minima: plain SGD stops in the local minimum, Momentum reaches the global one', () => {
    const d = optimizerPathsData({
      surface: 'twoMinima',
      start: [2, 1],
      optimizers: ['sgd', 'momentum'],
    });
    expect(d.steps).toBe(150);
    const global = doubleWellMinimum(-1.5, -0.5);
    const local = doubleWellMinimum(0.5, 1.5);
    const f = (x: number, y: number): number => (x * x - 1) ** 2 + x / 2 + y * y;
    expect(f(global, 0)).toBeLessThan(f(local, 0));
    const [xs, ys] = last(pathOf(d, 'sgd').points);
    const [xm, ym] = last(pathOf(d, 'momentum').points);
    expect(Math.hypot(xs - local, ys)).toBeLessThan(0.05);
    expect(Math.hypot(xm - global, ym)).toBeLessThan(0.05);
    expect(last(pathOf(d, 'momentum').values)).toBeLessThan(last(pathOf(d, 'sgd').values));
  });

  test('a given optimizer steps exactly like gradient descent by hand', () => {
    const lr = 0.05;
    const d = optimizerPathsData({
      surface: 'bowl',
      start: [-4, 2],
      steps: 10,
      optimizers: { mine: nn.optimizers.sgd({ learningRate: lr }) },
    });
    // z = x²/2 + 5y²: ∂z/∂x = x, ∂z/∂y = 10y.
    let [x, y] = [-4, 2];
    for (const p of pathOf(d, 'mine').points) {
      expect(p[0]).toBeCloseTo(x, 4);
      expect(p[1]).toBeCloseTo(y, 4);
      [x, y] = [x - lr * x, y - lr * 10 * y];
    }
  });

  test('leaves no tensors behind and flags divergence', () => {
    const before = nn.memory().numTensors;
    const d = optimizerPathsData({
      surface: 'bowl',
      steps: 200,
      optimizers: ['sgd'],
      learningRates: { sgd: 2 },
    });
    expect(nn.memory().numTensors).toBe(before);
    const p = pathOf(d, 'sgd');
    expect(p.diverged).toBe(true);
    expect(p.points.length).toBeLessThan(201);
    expect(p.points.every(([a, b]) => Number.isFinite(a) && Number.isFinite(b))).toBe(true);
  });

  test('bad arguments name what was expected', () => {
    expect(() => optimizerPathsData({ surface: 'donut' })).toThrow(
      /unknown surface 'donut'; expected one of bowl, saddle/,
    );
    expect(() => optimizerPathsData({ optimizers: ['sgd', 'lbfgs'] })).toThrow(
      /unknown optimizer 'lbfgs'/,
    );
    expect(() => optimizerPathsData({ start: [1, Number.NaN] })).toThrow(
      /start must be two finite numbers/,
    );
    expect(() => optimizerPathsData({ steps: 0 })).toThrow(/steps must be an integer/);
    expect(() => optimizerPathsData({ learningRates: { adam: -1 } })).toThrow(
      /learning rate of adam must be a positive number/,
    );
  });
});

describe('plots.optimizerPaths figure', () => {
  test('one coloured path per optimizer with a legend, the start and the saddle point marked', async () => {
    const fig = optimizerPaths({ surface: 'saddle', steps: 20 });
    const root = parseFigure(await fig.toSVG());
    const legend = textsIn(root, 'role-legend-label');
    expect(legend).toEqual(fig.data.paths.map((p) => p.label));
    expect(legend).toHaveLength(5);
    expect(legend[0]).toBe('SGD (lr 0.05)');
    const series = byClass(root, 'paths_marks').filter((g) =>
      g.children.some((c) => c.name === 'path'),
    );
    expect(series).toHaveLength(5);
    const strokes = new Set(series.map((g) => g.children[0]!.attrs.stroke));
    expect(strokes.size).toBe(5);
    expect(byClass(root, 'contours_marks').flatMap((g) => g.children).length).toBeGreaterThan(5);
    expect(textsIn(root, 'landmarks_layer_1_marks').sort()).toEqual(['saddle point', 'start']);
    expect(textsIn(root, 'role-title-subtitle')).toEqual(['z = x² − y² (a saddle)']);
  });

  test.each(SURFACE_NAMES)('%s renders', async (surface) => {
    const fig = optimizerPaths({ surface, steps: 3, optimizers: ['adam'] });
    const root = parseFigure(await fig.toSVG());
    expect(textsIn(root, 'role-legend-label')).toHaveLength(1);
    expect(textsIn(root, 'landmarks_layer_1_marks')).toContain('start');
  });
});
