/** meanMetricWrapper (src/metrics/mean-metric-wrapper.ts). */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as metrics from '../../src/metrics/index.js';

const within = (y: nn.Tensor, p: nn.Tensor): nn.Tensor =>
  nn.cast(nn.less(nn.abs(nn.sub(y, p)), 0.5), 'float32');

describe('meanMetricWrapper', () => {
  test('averages a per-sample function over several weighted updates', () => {
    const m = metrics.meanMetricWrapper(within, { name: 'within', direction: 'up' });
    m.updateState([1, 2, 3, 4], [1.2, 2.9, 3.1, 0]); // hits 1, 0, 1, 0
    m.updateState([0, 0], [0.1, 5], [3, 1]); // hits 1, 0 with weights 3, 1
    expect(m.result()).toBeCloseTo((2 + 3) / (4 + 4), 12);
    expect(m.name).toBe('within');
    expect(m.direction).toBe('up');
    m.resetState();
    expect(m.result()).toBe(0);
    expect(m.call([1], [1])).toBe(1);
  });

  test('defaults its name to the function name and its direction to down', () => {
    const m = metrics.meanMetricWrapper(within);
    expect(m.name).toBe('within');
    expect(m.direction).toBe('down');
    expect(m.className).toBe('MeanMetricWrapper');
  });

  test('disposes what the function creates', () => {
    const before = nn.memory().numTensors;
    const m = metrics.meanMetricWrapper(within);
    m.updateState([1, 2], [1, 2]);
    expect(nn.memory().numTensors).toBe(before);
  });
});
