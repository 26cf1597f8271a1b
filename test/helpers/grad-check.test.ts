import { describe, expect, test } from 'vitest';
import * as nn from 'neurite';
import { gradCheck, smoothValues } from './grad-check.js';

describe('gradCheck', () => {
  test('accepts a correct gradient and reports central differences', () => {
    const x = nn.tensor([0.5, -1, 2]);
    const { numeric, analytic, maxAbsError } = gradCheck((t) => nn.mul(t, t), [x]);
    // d/dx Σ r·x² = 2·r·x: the numeric and autograd values agree element by element.
    for (let i = 0; i < 3; i++) expect(numeric[0]![i]).toBeCloseTo(analytic[0]![i]!, 3);
    expect(maxAbsError).toBeLessThan(1e-3);
  });

  test('rejects a wrong gradient', () => {
    // c is x's value read out of the graph, so autograd sees d(c·x)/dx = c = x while the
    // true derivative of x² is 2x.
    const wrong = (t: nn.Tensor) => nn.mul(nn.tensor(t.dataSync(), t.shape), t);
    expect(() => gradCheck(wrong, [nn.tensor([0.5, -1, 2])])).toThrow(/gradCheck: 3 gradient/);
  });

  test('rejects a gradient that misses a broadcast sum', () => {
    // Autograd sees the bias as [1,3] tiled by broadcastTo outside the graph: only the
    // first row's dy reaches it, while it really feeds both rows.
    const x = nn.ones([2, 3]);
    const cut = (b: nn.Tensor) => {
      const tiled = nn.concat([b, nn.tensor(b.dataSync(), [1, 3])], 0);
      return nn.add(x, tiled);
    };
    expect(() => gradCheck(cut, [nn.tensor([[1, 2, 3]])])).toThrow(/gradCheck/);
  });

  test('refuses non-float inputs', () => {
    expect(() => gradCheck((t) => t, [nn.tensor([1], undefined, 'int32')])).toThrow(/float32/);
  });

  test('smoothValues keeps its distance from the points to avoid', () => {
    const v = smoothValues([200], { lo: -1, hi: 1, avoid: [0, 0.5], margin: 0.05 }).dataSync();
    for (const x of v) {
      expect(Math.abs(x)).toBeGreaterThanOrEqual(0.05);
      expect(Math.abs(x - 0.5)).toBeGreaterThanOrEqual(0.05);
      expect(x).toBeGreaterThanOrEqual(-1);
      expect(x).toBeLessThan(1);
    }
  });
});
