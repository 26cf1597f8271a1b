/** auc. Keras values: keras/src/metrics/confusion_metrics_test.py, AUCTest and MultiAUCTest. */
import { describe, expect, test } from 'vitest';
import * as metrics from '../../src/metrics/index.js';

const yTrue = [0, 0, 1, 1];
const yPred = [0, 0.5, 0.3, 0.9];
const sampleWeight = [1, 2, 3, 4];

describe('auc', () => {
  test('Keras counts: tp [2,1,0], fp [2,0,0], fn [0,1,2], tn [0,2,2] at [−ε, 0.5, 1+ε]', () => {
    const m = metrics.auc({ numThresholds: 3 });
    m.updateState(yTrue, yPred);
    expect(m.counts).toEqual({ tp: [2, 1, 0], fp: [2, 0, 0], tn: [0, 2, 2], fn: [0, 1, 2] });
    expect(m.result()).toBeCloseTo(0.75, 12);
    expect(m.thresholds[0]).toBeCloseTo(-1e-7, 15);
    expect(m.thresholds[2]).toBeCloseTo(1 + 1e-7, 15);
  });

  test('all correct gives 1 with the default 200 thresholds', () => {
    const m = metrics.auc();
    expect(m.call(yTrue, yTrue)).toBe(1);
    expect(m.numThresholds).toBe(200);
  });

  test('from logits', () => {
    const logits = yPred.map((p) => -Math.log(1 / (p + 1e-12) - 1));
    expect(metrics.auc({ numThresholds: 3, fromLogits: true }).call(yTrue, logits)).toBeCloseTo(
      0.75,
      6,
    );
  });

  test('manual thresholds', () => {
    const m = metrics.auc({ numThresholds: 2, thresholds: [0.5] });
    expect(m.numThresholds).toBe(3);
    expect(m.call(yTrue, yPred)).toBeCloseTo(0.75, 12);
    expect(m.getConfig()).toMatchObject({ thresholds: [0.5], numThresholds: 3 });
  });

  test('weighted ROC: interpolation, majoring, minoring', () => {
    const recall = 4 / 7;
    const roc = metrics.auc({ numThresholds: 3 });
    expect(roc.call(yTrue, yPred, sampleWeight)).toBeCloseTo((1 + recall) / 2, 12);
    expect(roc.counts).toEqual({ tp: [7, 4, 0], fp: [3, 0, 0], tn: [0, 3, 3], fn: [0, 3, 7] });
    const maj = metrics.auc({ numThresholds: 3, summationMethod: 'majoring' });
    expect(maj.call(yTrue, yPred, sampleWeight)).toBeCloseTo(1, 12);
    const min = metrics.auc({ numThresholds: 3, summationMethod: 'minoring' });
    expect(min.call(yTrue, yPred, sampleWeight)).toBeCloseTo(recall, 12);
  });

  test('weighted PR: majoring, minoring, and Davis–Goadrich interpolation', () => {
    const recall = 4 / 7;
    const maj = metrics.auc({ numThresholds: 3, curve: 'PR', summationMethod: 'majoring' });
    expect(maj.call(yTrue, yPred, sampleWeight)).toBeCloseTo((1 - recall) * 1 + recall * 1, 12);
    const min = metrics.auc({ numThresholds: 3, curve: 'PR', summationMethod: 'minoring' });
    expect(min.call(yTrue, yPred, sampleWeight)).toBeCloseTo(0.7 * (1 - recall), 12);
    const interp = metrics.auc({ numThresholds: 3, curve: 'pr' });
    // Keras: (0.5·(3 + 2·log 2.5))/7 + 4/7 ≈ 2.416/7 + 4/7.
    const expected = (0.5 * (3 + 2 * Math.log(2.5))) / 7 + 4 / 7;
    expect(interp.call(yTrue, yPred, sampleWeight)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(2.416 / 7 + 4 / 7, 3);
  });

  test('negative weights give 0 for PR interpolation (divide-no-nan)', () => {
    const m = metrics.auc({ numThresholds: 3, curve: 'PR' });
    expect(m.call(yTrue, yPred, [-1, -2, -3, -4])).toBe(0);
  });

  test('extra dims are flattened (Keras test_extra_dims → 0.5)', () => {
    const sig = (x: number): number => 1 / (1 + Math.exp(-x));
    const logits = [
      [
        [-10, 10, -10],
        [10, -10, 10],
      ],
      [
        [-12, 12, -12],
        [12, -12, 12],
      ],
    ].map((a) => a.map((r) => r.map((v) => sig(-v))));
    const labels = [
      [
        [1, 0, 0],
        [1, 0, 0],
      ],
      [
        [0, 1, 1],
        [0, 1, 1],
      ],
    ];
    expect(metrics.auc().call(labels, logits)).toBe(0.5);
  });

  test('several updates accumulate; reset clears', () => {
    const m = metrics.auc({ numThresholds: 3 });
    m.updateState([0, 0], [0, 0.5]);
    m.updateState([1, 1], [0.3, 0.9]);
    expect(m.result()).toBeCloseTo(0.75, 12);
    m.resetState();
    expect(m.result()).toBe(0);
  });

  test('invalid arguments', () => {
    expect(() => metrics.auc({ numThresholds: 1 })).toThrow(
      /auc: numThresholds must be an integer > 1/,
    );
    // @ts-expect-error: checking the run-time error for an untyped caller
    expect(() => metrics.auc({ curve: 'Invalid' })).toThrow(/auc: invalid curve "Invalid"/);
    // @ts-expect-error: checking the run-time error for an untyped caller
    expect(() => metrics.auc({ summationMethod: 'Invalid' })).toThrow(
      /auc: invalid summationMethod "Invalid"/,
    );
  });
});

describe('auc, multiLabel (Keras MultiAUCTest)', () => {
  const yPredML = [
    [0, 0.1],
    [0.5, 0.2],
    [0.3, 0.3],
    [0.9, 0.4],
  ];
  const good = [
    [0, 0],
    [0, 0],
    [1, 1],
    [1, 1],
  ];
  const bad = [
    [0, 1],
    [0, 1],
    [1, 0],
    [1, 0],
  ];

  /** Trapezoid ROC-AUC from tpr/fpr lists. */
  const area = (tpr: number[], fpr: number[]): number =>
    tpr
      .slice(0, -1)
      .reduce((s, _, i) => s + (fpr[i]! - fpr[i + 1]!) * ((tpr[i]! + tpr[i + 1]!) / 2), 0);

  test('per-label AUCs averaged', () => {
    const m = metrics.auc({ numThresholds: 5, multiLabel: true });
    const a = area([1, 1, 0.5, 0.5, 0], [1, 0.5, 0, 0, 0]);
    const b = area([1, 1, 0, 0, 0], [1, 0, 0, 0, 0]);
    expect(m.call(good, yPredML)).toBeCloseTo((a + b) / 2, 12);
    const n = metrics.auc({ numThresholds: 5, multiLabel: true });
    const c = area([1, 0, 0, 0, 0], [1, 1, 0, 0, 0]);
    expect(n.call(bad, yPredML)).toBeCloseTo((a + c) / 2, 12);
  });

  test('weighted per-sample, and label weights', () => {
    const m = metrics.auc({ numThresholds: 5, multiLabel: true });
    const a = area([1, 1, 4 / 7, 4 / 7, 0], [1, 2 / 3, 0, 0, 0]);
    const b = area([1, 1, 0, 0, 0], [1, 0, 0, 0, 0]);
    expect(m.call(good, yPredML, sampleWeight)).toBeCloseTo((a + b) / 2, 12);
    const lw = metrics.auc({ numThresholds: 5, multiLabel: true, labelWeights: [0.75, 0.25] });
    expect(lw.call(good, yPredML, sampleWeight)).toBeCloseTo(0.75 * a + 0.25 * b, 12);
  });

  test('numLabels only with multiLabel; yPred must be rank 2', () => {
    expect(() => metrics.auc({ numLabels: 2 })).toThrow(
      /numLabels is only used when multiLabel is true/,
    );
    expect(() => metrics.auc({ multiLabel: true }).updateState([1, 0], [0.3, 0.2])).toThrow(
      /must have rank 2 \[samples, labels\] when multiLabel is true, received shape \[2\]/,
    );
  });
});
