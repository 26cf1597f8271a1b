/** recall. Keras values: keras/src/metrics/confusion_metrics_test.py, RecallTest. */
import { describe, expect, test } from 'vitest';
import * as metrics from '../../src/metrics/index.js';

describe('recall', () => {
  test('Keras values: unweighted, weighted, division by zero', () => {
    expect(metrics.recall().call([0, 1, 1, 0], [1, 0, 1, 0])).toBeCloseTo(0.5, 12);
    const w = metrics.recall();
    w.updateState(
      [
        [0, 1, 1, 0],
        [1, 0, 0, 1],
      ],
      [
        [1, 0, 1, 0],
        [0, 1, 0, 1],
      ],
      [
        [1, 2, 3, 4],
        [4, 3, 2, 1],
      ],
    );
    expect(w.result()).toBeCloseTo((3 + 1) / (2 + 3 + (4 + 1)), 12);
    expect(metrics.recall().call([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
  });

  test('several thresholds and updates', () => {
    const r = metrics.recall({ thresholds: [0.5, 0.7] });
    r.updateState([0, 1, 1, 0], [1, 0, 0.6, 0]);
    expect(r.results()).toEqual([0.5, 0]);
    const u = metrics.recall({ thresholds: [0.5, 1] });
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
          [1, 4],
          [3, 2],
        ],
      );
    const v = u.results();
    expect(v[0]).toBeCloseTo(6 / 14, 12);
    expect(v[1]).toBe(0);
  });

  test('topK, topK with a threshold, classId', () => {
    expect(metrics.recall({ topK: 3 }).call([0, 1, 1, 0, 0], [0.2, 0.1, 0.5, 0, 0.2])).toBeCloseTo(
      0.5,
      12,
    );
    const w = metrics.recall({ topK: 3 });
    w.updateState([[0, 1, 1, 0, 1]], [[0.2, 0.1, 0.4, 0, 0.2]], [[1, 4, 2, 3, 5]]);
    w.updateState([1, 0, 1, 1, 1], [0.2, 0.6, 0.4, 0.2, 0.2], 3);
    expect(w.result()).toBeCloseTo((2 + 5 + (3 + 3)) / (4 + 2 + 5 + (3 + 3 + 3 + 3)), 12);
    const t = metrics.recall({ thresholds: 0.7, topK: 2 });
    expect(t.call([1, 1, 1, 0, 1], [0.2, 0.8, 0.6, 0, 0.2])).toBe(0.25);
    expect(t.truePositives).toEqual([1]);
    expect(t.falseNegatives).toEqual([3]);
    const c = metrics.recall({ classId: 1 });
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
    expect(c.falseNegatives).toEqual([0]);
  });
});
