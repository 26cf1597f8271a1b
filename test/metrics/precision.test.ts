/** precision. Keras values: keras/src/metrics/confusion_metrics_test.py, PrecisionTest. */
import { describe, expect, test } from 'vitest';
import * as metrics from '../../src/metrics/index.js';

describe('precision', () => {
  test('Keras values: unweighted, weighted, division by zero', () => {
    const m = metrics.precision();
    expect(m.call([0, 1, 1, 0], [1, 0, 1, 0])).toBeCloseTo(0.5, 12);
    const w = metrics.precision();
    w.updateState(
      [
        [0, 1, 1, 0],
        [1, 0, 0, 1],
      ],
      [
        [1, 0, 1, 0],
        [1, 0, 1, 0],
      ],
      [
        [1, 2, 3, 4],
        [4, 3, 2, 1],
      ],
    );
    expect(w.result()).toBeCloseTo((3 + 4) / (1 + 3 + (4 + 2)), 12);
    const z = metrics.precision();
    expect(z.call([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
  });

  test('Keras docstring: 2/3, then 1 with weights after a reset', () => {
    const m = metrics.precision();
    m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
    expect(m.result()).toBeCloseTo(2 / 3, 12);
    m.resetState();
    m.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]);
    expect(m.result()).toBe(1);
  });

  test('several thresholds: results() per threshold, and over several updates', () => {
    const m = metrics.precision({ thresholds: [0.5, 0.7] });
    m.updateState([0, 1, 1, 0], [1, 0, 0.6, 0]);
    expect(m.results()).toEqual([0.5, 0]);
    expect(() => m.result()).toThrow(/Precision 'precision' has 2 thresholds .* results\(\)/);
    const u = metrics.precision({ thresholds: [0.5, 1] });
    for (let i = 0; i < 2; i++)
      u.updateState(
        [
          [0, 1],
          [1, 0],
        ],
        [
          [1, 0],
          [0.6, 0],
        ],
        [
          [4, 0],
          [3, 1],
        ],
      );
    const r = u.results();
    expect(r[0]).toBeCloseTo(6 / 14, 12);
    expect(r[1]).toBe(0);
  });

  test('topK (Keras test_unweighted_top_k, test_weighted_top_k)', () => {
    const m = metrics.precision({ topK: 3 });
    expect(m.call([0, 1, 1, 0, 0], [0.2, 0.1, 0.5, 0, 0.2])).toBeCloseTo(1 / 3, 12);
    const w = metrics.precision({ topK: 3 });
    w.updateState([[0, 1, 1, 0, 1]], [[0.2, 0.1, 0.4, 0, 0.2]], [[1, 4, 2, 3, 5]]);
    w.updateState([1, 0, 1, 1, 1], [0.2, 0.6, 0.4, 0.2, 0.2], 3);
    expect(w.result()).toBeCloseTo((2 + 5 + (3 + 3)) / (1 + 2 + 5 + (3 + 3 + 3)), 12);
  });

  test('topK with a threshold, and classId', () => {
    const t = metrics.precision({ thresholds: 0.7, topK: 2 });
    expect(t.call([0, 1, 1, 0, 1], [0.2, 0.8, 0.6, 0, 0.2])).toBe(1);
    expect(t.truePositives).toEqual([1]);
    expect(t.falsePositives).toEqual([0]);
    const c = metrics.precision({ classId: 1 });
    const yPred = [
      [0.1, 0.2, 0.7],
      [0.5, 0.3, 0.2],
      [0.2, 0.6, 0.2],
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ];
    const yTrue = [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    expect(c.call(yTrue, yPred)).toBe(1);
    expect(c.truePositives).toEqual([1]);
    expect(() =>
      metrics.precision({ classId: 2 }).updateState([0, 1, 1, 0, 0], [0.2, 0.1, 0.6, 0, 0.2]),
    ).toThrow(
      /when classId is provided, yPred must have shape \[numSamples, numClasses\], found shape \[5\]/,
    );
  });

  test('thresholds out of [0, 1] are rejected; config round-trips', () => {
    expect(() => metrics.precision({ thresholds: [-1, 0.5, 2] })).toThrow(
      /precision: threshold values must be in \[0, 1\], received \[-1,2\]/,
    );
    const p = metrics.precision({
      name: 'my_precision',
      thresholds: [0.4, 0.9],
      topK: 15,
      classId: 12,
    });
    expect(p.getConfig()).toEqual({
      name: 'my_precision',
      thresholds: [0.4, 0.9],
      topK: 15,
      classId: 12,
    });
    expect(
      metrics.getMetric({ className: 'Precision', config: p.getConfig() }).getConfig(),
    ).toEqual(p.getConfig());
  });

  test('evenly spaced thresholds (bucketed update) agree with a direct count', () => {
    const th = [0, 0.25, 0.5, 0.75, 1];
    const yTrue = [0, 1, 1, 0, 1, 0, 1, 1];
    const yPred = [0.1, 0.3, 0.5, 0.6, 0.8, 0.95, 1, 0];
    const m = metrics.precision({ thresholds: th });
    m.updateState(yTrue, yPred);
    const expected = th.map((t) => {
      let tp = 0;
      let fp = 0;
      yPred.forEach((p, i) => {
        if (p > t) {
          if (yTrue[i]) tp++;
          else fp++;
        }
      });
      return tp + fp === 0 ? 0 : tp / (tp + fp);
    });
    m.results().forEach((r, i) => expect(r).toBeCloseTo(expected[i]!, 12));
  });
});
