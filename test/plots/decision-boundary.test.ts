import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { decisionBoundary, decisionBoundaryData, toyDataset } from '../../src/plots/index.js';
import { byClass, findAll, parseFigure, textsIn } from './svg.js';

/** P(class 1) of the grid cell holding (x, y). */
function cellValue(
  d: Awaited<ReturnType<typeof decisionBoundaryData>>,
  p: readonly number[],
  x: number,
  y: number,
): number {
  const n = d.gridSize;
  const i = Math.min(n - 1, Math.floor(((x - d.area.x[0]) / (d.area.x[1] - d.area.x[0])) * n));
  const j = Math.min(n - 1, Math.floor(((y - d.area.y[0]) / (d.area.y[1] - d.area.y[0])) * n));
  return p[j * n + i]!;
}

describe('plots.decisionBoundary', () => {
  test('fit moves the boundary: the trained network separates the moons', async () => {
    const before = nn.memory().numTensors;
    const d = await decisionBoundaryData({
      dataset: 'moons',
      hidden: [8],
      epochs: 60,
      samples: 160,
      seed: 3,
    });
    expect(nn.memory().numTensors).toBe(before);
    expect(d.history.loss).toHaveLength(60);
    expect(d.history.loss![59]!).toBeLessThan(d.history.loss![0]! * 0.5);
    expect(d.after.accuracy).toBeGreaterThan(0.9);
    expect(d.after.accuracy).toBeGreaterThan(d.before.accuracy);
    expect(d.before.probabilities).toHaveLength(40 * 40);
    expect(d.after.probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
    // The shading agrees with the labels where the points are.
    const agree = d.data.points.filter(
      ([x, y], i) =>
        (cellValue(d, d.after.probabilities, x, y) >= 0.5 ? 1 : 0) === d.data.labels[i],
    ).length;
    expect(agree / d.data.points.length).toBeGreaterThan(0.85);
  });

  test('the figure shows the untrained and the trained boundary side by side', async () => {
    const fig = await decisionBoundary({ dataset: 'blobs', epochs: 5, samples: 60, gridSize: 20 });
    const root = parseFigure(await fig.toSVG());
    const titles = textsIn(root, 'role-title-text');
    expect(titles).toHaveLength(3);
    expect(titles[0]).toMatch(/^Untrained: accuracy \d+%$/);
    expect(titles[1]).toMatch(/^After 5 epochs of fit: accuracy \d+%$/);
    expect(titles[2]).toBe('Decision boundary on blobs');
    expect(textsIn(root, 'role-title-subtitle')).toEqual(['network 2 → 8 tanh → 1 sigmoid']);
    expect(findAll(root, (e) => e.name === 'image')).toHaveLength(2);
    expect(byClass(root, 'untrained_points_marks')[0]!.children).toHaveLength(60);
    expect(byClass(root, 'trained_points_marks')[0]!.children).toHaveLength(60);
    expect(textsIn(root, 'role-legend-title')).toEqual(['P(class 1)', 'label']);
    expect(byClass(root, 'role-legend-symbol').flatMap((g) => g.children)).toHaveLength(2);
    expect(textsIn(root, 'role-legend-label')).toEqual(
      expect.arrayContaining(['class 0', 'class 1']),
    );
  });

  test('is reproducible from its seed', async () => {
    const a = await decisionBoundaryData({
      dataset: 'circles',
      epochs: 2,
      samples: 40,
      gridSize: 8,
      seed: 7,
    });
    const b = await decisionBoundaryData({
      dataset: 'circles',
      epochs: 2,
      samples: 40,
      gridSize: 8,
      seed: 7,
    });
    expect(b.data).toEqual(a.data);
    expect(b.after.probabilities).toEqual(a.after.probabilities);
    expect(a.hidden).toEqual([8]);
  });

  test('bad arguments name what was expected', async () => {
    await expect(decisionBoundaryData({ dataset: 'swiss' })).rejects.toThrow(
      /unknown dataset 'swiss'; expected one of blobs, moons, circles, spiral/,
    );
    await expect(decisionBoundaryData({ hidden: [0] })).rejects.toThrow(
      /hidden\[0\] must be an integer/,
    );
    await expect(decisionBoundaryData({ epochs: 1.5 })).rejects.toThrow(
      /epochs must be an integer/,
    );
    await expect(decisionBoundaryData({ activation: 'nope', epochs: 1 })).rejects.toThrow(
      /unknown activation 'nope'/,
    );
  });
});

describe('toy datasets', () => {
  test('shapes without noise, balanced and shuffled classes', () => {
    const c = toyDataset('circles', { samples: 100, noise: 0 });
    c.points.forEach(([x, y], i) =>
      expect(Math.hypot(x, y)).toBeCloseTo(c.labels[i] === 0 ? 1.2 : 0.5, 5),
    );
    expect(c.labels.filter((l) => l === 1)).toHaveLength(50);
    expect(c.labels.slice(0, 50).every((l) => l === 0)).toBe(false);
    const m = toyDataset('moons', { samples: 50, noise: 0 });
    // Class 0 lies on the unit circle around (−0.5, −0.25), class 1 around (0.5, 0.25).
    m.points.forEach(([x, y], i) => {
      const [cx, cy] = m.labels[i] === 0 ? [-0.5, -0.25] : [0.5, 0.25];
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(1, 5);
    });
    const s = toyDataset('spiral', { samples: 30, noise: 0, seed: 2 });
    expect(s.points).toHaveLength(30);
    expect(toyDataset('blobs', { seed: 1 })).toEqual(toyDataset('blobs', { seed: 1 }));
    expect(toyDataset('blobs', { seed: 1 })).not.toEqual(toyDataset('blobs', { seed: 2 }));
  });
});
