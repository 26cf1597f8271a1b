/**
 * getMetric and the 'accuracy' resolution (src/metrics/index.ts, resolve-accuracy.ts). The
 * rule is Keras's compile_utils.get_metric (keras/src/trainers/compile_utils.py).
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as metrics from '../../src/metrics/index.js';

describe("'accuracy' resolution", () => {
  const pick = (id: string, t: number[], p: number[]): metrics.Metric =>
    metrics.getMetric(id, { yTrueShape: t, yPredShape: p });

  test('last axis of ŷ is 1 → binary', () => {
    expect(pick('accuracy', [32, 1], [32, 1]).className).toBe('BinaryAccuracy');
    expect(pick('accuracy', [32], [32, 1]).className).toBe('BinaryAccuracy');
  });

  test('y of lower rank, or y ending in 1 with ŷ wider → sparse categorical', () => {
    expect(pick('accuracy', [32], [32, 10]).className).toBe('SparseCategoricalAccuracy');
    expect(pick('accuracy', [32, 1], [32, 10]).className).toBe('SparseCategoricalAccuracy');
  });

  test('otherwise categorical, and the name is the id as written', () => {
    const m = pick('acc', [32, 10], [32, 10]);
    expect(m.className).toBe('CategoricalAccuracy');
    expect(m.name).toBe('acc');
    expect(pick('Accuracy', [8], [8, 3]).name).toBe('Accuracy');
  });

  test('without shapes it resolves on the first update and keeps its choice', () => {
    const m = metrics.getMetric('accuracy');
    expect(m).toBeInstanceOf(metrics.AutoAccuracy);
    expect(m.result()).toBe(0);
    m.updateState(
      [2, 1],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    );
    expect(m.result()).toBe(0.5);
    expect((m as metrics.AutoAccuracy).resolved?.className).toBe('SparseCategoricalAccuracy');
    m.resetState();
    m.updateState([1], [[0.1, 0.9, 0]]);
    expect(m.result()).toBe(1);
    expect(m.name).toBe('accuracy');
    const b = metrics.getMetric('acc');
    b.updateState(nn.tensor([[1], [0]]), nn.tensor([[0.8], [0.7]]));
    expect(b.result()).toBe(0.5);
    expect((b as metrics.AutoAccuracy).resolved?.className).toBe('BinaryAccuracy');
  });
});

describe('getMetric', () => {
  test('ids, snake_case and class names; named as written', () => {
    const cases: [string, string][] = [
      ['binaryAccuracy', 'BinaryAccuracy'],
      ['binary_accuracy', 'BinaryAccuracy'],
      ['categoricalAccuracy', 'CategoricalAccuracy'],
      ['sparseCategoricalAccuracy', 'SparseCategoricalAccuracy'],
      ['topKCategoricalAccuracy', 'TopKCategoricalAccuracy'],
      ['sparse_top_k_categorical_accuracy', 'SparseTopKCategoricalAccuracy'],
      ['precision', 'Precision'],
      ['recall', 'Recall'],
      ['auc', 'AUC'],
      ['AUC', 'AUC'],
      ['mse', 'MeanSquaredError'],
      ['meanSquaredError', 'MeanSquaredError'],
      ['mae', 'MeanAbsoluteError'],
      ['rootMeanSquaredError', 'RootMeanSquaredError'],
    ];
    for (const [id, className] of cases) {
      const m = metrics.getMetric(id);
      expect(m.className, id).toBe(className);
      expect(m.name, id).toBe(id);
    }
  });

  test('a loss id becomes the mean of its per-sample values', () => {
    const m = metrics.getMetric('binary_crossentropy');
    m.updateState([[1], [0]], [[0.8], [0.4]]);
    expect(m.result()).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 5);
    expect(m.name).toBe('binary_crossentropy');
  });

  test('objects, functions and configs', () => {
    const p = metrics.precision();
    expect(metrics.getMetric(p)).toBe(p);
    const f = metrics.getMetric(function exact(y: nn.Tensor, q: nn.Tensor) {
      return nn.cast(nn.equal(y, q), 'float32');
    });
    expect(f.call([1, 2], [1, 3])).toBe(0.5);
    expect(f.name).toBe('exact');
    const b = metrics.getMetric({
      class_name: 'BinaryAccuracy',
      config: { name: 'ba', threshold: 0.7 },
    });
    expect(b.getConfig()).toEqual({ name: 'ba', threshold: 0.7 });
    const k = metrics.getMetric({ className: 'TopKCategoricalAccuracy', config: { k: 2 } });
    expect(k.getConfig()).toEqual({ name: 'top_k_categorical_accuracy', k: 2 });
  });

  test('an unknown id lists the valid ones', () => {
    expect(() => metrics.getMetric('accuracyy')).toThrow(
      /getMetric: unknown metric 'accuracyy'; valid ids: accuracy \(acc\), binaryAccuracy,.*auc, meanSquaredError \(mse\).*or any loss id/,
    );
  });

  test('directions for callbacks', () => {
    expect(metrics.getMetric('auc').direction).toBe('up');
    expect(metrics.getMetric('mse').direction).toBe('down');
    expect(metrics.getMetric('accuracy', { yTrueShape: [2], yPredShape: [2, 3] }).direction).toBe(
      'up',
    );
  });
});
