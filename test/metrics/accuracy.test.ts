/**
 * The accuracy metrics. Keras values: keras/src/metrics/accuracy_metrics_test.py.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as metrics from '../../src/metrics/index.js';

describe('accuracy (exact match)', () => {
  test('Keras values', () => {
    const m = metrics.accuracy();
    m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]);
    expect(m.result()).toBeCloseTo(0.75, 6);
    m.resetState();
    m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0]);
    expect(m.result()).toBeCloseTo(0.5, 6);
    expect(m.className).toBe('Accuracy');
    expect(m.name).toBe('accuracy');
  });
});

describe('binaryAccuracy', () => {
  test('Keras values, including [N] labels against [N,1] predictions', () => {
    const m = metrics.binaryAccuracy();
    m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]);
    expect(m.result()).toBeCloseTo(0.75, 6);
    const b = metrics.binaryAccuracy();
    b.updateState([1, 1, 0, 0], [[0.98], [1], [0], [0.6]]);
    expect(b.result()).toBeCloseTo(0.75, 6);
    const w = metrics.binaryAccuracy();
    w.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1]);
    expect(w.result()).toBeCloseTo(0.5, 6);
  });

  test('threshold (strictly greater), and its range', () => {
    const yt = [[1], [1], [0], [0]];
    const yp = [[0.98], [0.5], [0.1], [0.2]];
    const low = metrics.binaryAccuracy({ threshold: 0.3 });
    const high = metrics.binaryAccuracy({ threshold: 0.9 });
    low.updateState(yt, yp);
    high.updateState(yt, yp);
    expect(low.result()).toBe(1);
    expect(high.result()).toBe(0.75);
    const at = metrics.binaryAccuracy();
    at.updateState([[1]], [[0.5]]); // 0.5 is not > 0.5
    expect(at.result()).toBe(0);
    expect(() => metrics.binaryAccuracy({ threshold: 1.5 })).toThrow(
      /binaryAccuracy: threshold must be in the open interval \(0, 1\), received 1.5/,
    );
    expect(metrics.binaryAccuracy({ threshold: 0.3 }).getConfig()).toEqual({
      name: 'binary_accuracy',
      threshold: 0.3,
    });
  });

  test('several updates weigh every sample, not every batch', () => {
    const m = metrics.binaryAccuracy();
    m.updateState([[1], [0], [1]], [[0.9], [0.9], [0.9]]); // 2 of 3
    m.updateState([[0]], [[0.1]]); // 1 of 1
    expect(m.result()).toBeCloseTo(3 / 4, 12);
  });
});

describe('categoricalAccuracy', () => {
  test('Keras values', () => {
    const m = metrics.categoricalAccuracy();
    m.updateState(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBeCloseTo(0.5, 6);
    const w = metrics.categoricalAccuracy();
    w.updateState(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
      [0.7, 0.3],
    );
    expect(w.result()).toBeCloseTo(0.3, 6);
  });

  test('the first index wins ties', () => {
    const m = metrics.categoricalAccuracy();
    m.updateState(
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
    );
    expect(m.result()).toBe(0.5);
  });
});

describe('sparseCategoricalAccuracy', () => {
  test('Keras values, labels [N,1], [N] int32 and float', () => {
    const m = metrics.sparseCategoricalAccuracy();
    m.updateState(
      [[2], [1]],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBeCloseTo(0.5, 6);
    const w = metrics.sparseCategoricalAccuracy();
    w.updateState(
      [[2], [1]],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
      [0.7, 0.3],
    );
    expect(w.result()).toBeCloseTo(0.3, 6);
    const labels = nn.tensor([0, 1, 2], undefined, 'int32');
    const i = metrics.sparseCategoricalAccuracy();
    i.updateState(labels, [
      [0.9, 0.1, 0],
      [0, 0.9, 0.1],
      [0.1, 0, 0.9],
    ]);
    i.updateState(
      [2.0, 1.0, 0.0],
      [
        [0, 0, 1],
        [0, 1, 0],
        [1, 0, 0],
      ],
    );
    expect(i.result()).toBe(1);
    labels.dispose();
  });
});

describe('topKCategoricalAccuracy', () => {
  test('Keras values (k = 1)', () => {
    const m = metrics.topKCategoricalAccuracy({ k: 1 });
    m.updateState(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBeCloseTo(0.5, 6);
    const w = metrics.topKCategoricalAccuracy({ k: 1 });
    w.updateState(
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
      [0.7, 0.3],
    );
    expect(w.result()).toBeCloseTo(0.3, 6);
  });

  test('k = 2 and the default k = 5; ties count as hits', () => {
    const m = metrics.topKCategoricalAccuracy({ k: 2 });
    m.updateState(
      [
        [0, 0, 1],
        [0, 0, 1],
      ],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBe(0.5); // row 1's class 2 is third
    const tie = metrics.topKCategoricalAccuracy({ k: 1 });
    tie.updateState([[0, 1]], [[0.5, 0.5]]);
    expect(tie.result()).toBe(1);
    const five = metrics.topKCategoricalAccuracy();
    expect(five.k).toBe(5);
    five.updateState([[0, 0, 0, 0, 0, 1]], [[6, 5, 4, 3, 2, 1]]);
    expect(five.result()).toBe(0);
    expect(() => metrics.topKCategoricalAccuracy({ k: 0 })).toThrow(/k must be a positive integer/);
  });
});

describe('sparseTopKCategoricalAccuracy', () => {
  test('Keras values (k = 1)', () => {
    const m = metrics.sparseTopKCategoricalAccuracy({ k: 1 });
    m.updateState(
      [2, 1],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBeCloseTo(0.5, 6);
    const w = metrics.sparseTopKCategoricalAccuracy({ k: 1 });
    w.updateState(
      [2, 1],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
      [0.7, 0.3],
    );
    expect(w.result()).toBeCloseTo(0.3, 6);
  });

  test('k = 2 with [N,1] labels; a label out of range is an error', () => {
    const m = metrics.sparseTopKCategoricalAccuracy({ k: 2 });
    m.updateState(
      [[2], [2]],
      [
        [0.1, 0.9, 0.8],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBe(0.5);
    expect(() => m.updateState([3], [[0.1, 0.9, 0.8]])).toThrow(
      /sparseTopKCategoricalAccuracy: label 3 \(row 0\) is out of range: expected an integer in \[0, 2\]/,
    );
  });
});
