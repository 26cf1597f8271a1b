/**
 * Mean and its accumulator (src/metrics/mean.ts). Keras values: docstring of
 * keras/src/metrics/reduction_metrics.py (Mean); the weighting rules follow
 * `reduce_to_samplewise_values` there.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as metrics from '../../src/metrics/index.js';

describe('mean', () => {
  test('Keras docstring: [1,3,5,7] → 4; with weights [1,1,0,0] → 2', () => {
    const m = metrics.mean();
    m.updateState([1, 3, 5, 7]);
    expect(m.result()).toBe(4);
    m.resetState();
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expect(m.result()).toBe(2);
  });

  test('accumulates over updates and reports 0 before any', () => {
    const m = metrics.mean({ name: 'loss' });
    expect(m.result()).toBe(0);
    m.updateState([1, 3, 5, 7]);
    m.updateState([10, 20]);
    expect(m.result()).toBeCloseTo((16 + 30) / 6, 12);
    expect(m.name).toBe('loss');
    expect(m.getConfig()).toEqual({ name: 'loss' });
  });

  test('loss tracking weighted by batch size: a scalar value and a number weight', () => {
    const m = metrics.mean();
    m.updateState(0.5, 32); // a batch of 32 with mean loss 0.5
    m.updateState(nn.scalar(2), 8); // a last partial batch of 8
    expect(m.result()).toBeCloseTo((0.5 * 32 + 2 * 8) / 40, 12);
  });

  test('rank-2 values are averaged per sample first', () => {
    const m = metrics.mean();
    m.updateState([
      [1, 3],
      [5, 7],
      [0, 0],
    ]); // per-sample means 2, 6, 0
    expect(m.result()).toBeCloseTo(8 / 3, 12);
    m.resetState();
    m.updateState(
      [
        [1, 3],
        [5, 7],
        [0, 0],
      ],
      [1, 2, 0],
    ); // (2 + 12) / 3
    expect(m.result()).toBeCloseTo(14 / 3, 12);
    m.resetState();
    // Weights of the values' shape: Σ mean_row(v·w) / Σ mean_row(w).
    m.updateState(
      [
        [1, 3],
        [5, 7],
      ],
      [
        [1, 0],
        [1, 1],
      ],
    );
    expect(m.result()).toBeCloseTo((0.5 + 6) / (0.5 + 1), 12);
  });

  test('a scalar weight counts the whole batch once (Keras semantics)', () => {
    const m = metrics.mean();
    m.updateState([1, 3], 3); // total 3·2, count 3
    expect(m.result()).toBe(2);
  });

  test('keeps no tensors', () => {
    const before = nn.memory().numTensors;
    const m = metrics.mean();
    m.updateState(
      [
        [1, 2],
        [3, 4],
      ],
      [1, 2],
    );
    expect(nn.memory().numTensors).toBe(before);
  });

  test('a weight that cannot broadcast is an error naming the metric', () => {
    const m = metrics.mean({ name: 'my_mean' });
    expect(() => m.updateState([1, 2, 3], [1, 2])).toThrow(
      /my_mean: sampleWeight of shape \[2\] cannot be broadcast to \[3\]/,
    );
  });
});

describe('MeanState', () => {
  test('is the float64 accumulator the metrics share', () => {
    const s = new metrics.MeanState();
    s.add({ data: Float64Array.of(0.1, 0.2, 0.3), shape: [3] }, undefined, 't');
    expect(s.total).toBeCloseTo(0.6, 15);
    expect(s.count).toBe(3);
    s.reset();
    expect(s.mean()).toBe(0);
  });
});
