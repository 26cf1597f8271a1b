/**
 * meanSquaredError, meanAbsoluteError and rootMeanSquaredError as metrics. Keras values:
 * keras/src/metrics/regression_metrics_test.py.
 */
import { describe, expect, test } from 'vitest';
import * as metrics from '../../src/metrics/index.js';

const yTrue = [
  [0, 1, 0, 1, 0],
  [0, 0, 1, 1, 1],
  [1, 1, 1, 1, 0],
  [0, 0, 0, 0, 1],
];
const yPred = [
  [0, 0, 1, 1, 0],
  [1, 1, 1, 1, 1],
  [0, 1, 0, 1, 0],
  [1, 1, 1, 1, 1],
];
const weights = [1, 1.5, 2, 2.5];

describe('meanSquaredError metric', () => {
  test('Keras values', () => {
    const m = metrics.meanSquaredError();
    m.updateState(yTrue, yPred);
    expect(m.result()).toBeCloseTo(0.5, 5);
    const w = metrics.meanSquaredError();
    w.updateState(yTrue, yPred, weights);
    expect(w.result()).toBeCloseTo(0.54285, 4);
    expect(w.name).toBe('mean_squared_error');
    expect(w.direction).toBe('down');
  });

  test('several weighted updates: Σ w·mse_row / Σ w', () => {
    const m = metrics.mse();
    m.updateState([[0, 0]], [[1, 1]], [2]); // row value 1
    m.updateState(
      [
        [0, 0],
        [1, 1],
      ],
      [
        [0, 2],
        [1, 1],
      ],
      [1, 3],
    ); // rows 2, 0
    expect(m.result()).toBeCloseTo((2 * 1 + 1 * 2 + 3 * 0) / 6, 12);
  });
});

describe('meanAbsoluteError metric', () => {
  test('Keras values', () => {
    const m = metrics.meanAbsoluteError();
    m.updateState(yTrue, yPred);
    expect(m.result()).toBeCloseTo(0.5, 5);
    const w = metrics.mae();
    w.updateState(yTrue, yPred, weights);
    expect(w.result()).toBeCloseTo(0.54285, 4);
  });
});

describe('rootMeanSquaredError', () => {
  test('Keras values', () => {
    const m = metrics.rootMeanSquaredError();
    m.updateState([2, 4, 6], [1, 3, 2]);
    expect(m.result()).toBeCloseTo(Math.sqrt(6), 6);
    const w = metrics.rootMeanSquaredError();
    w.updateState([2, 4, 6, 8], [1, 3, 2, 3], [0, 1, 0, 1]);
    expect(w.result()).toBeCloseTo(Math.sqrt(13), 6);
  });

  test('the root is taken over all updates, not per batch', () => {
    const m = metrics.rootMeanSquaredError();
    m.updateState([0], [3]);
    m.updateState([0, 0, 0], [1, 1, 1]);
    expect(m.result()).toBeCloseTo(Math.sqrt((9 + 3) / 4), 12);
    m.resetState();
    expect(m.result()).toBe(0);
  });
});
