/**
 * The loss base (src/losses/loss.ts): reductions, sample weights, masks and the callable
 * Loss object. Expected values come from keras/src/losses/losses_test.py
 * (MeanSquaredErrorTest) or are computed here in float64.
 */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as losses from '../../src/losses/index.js';
import { KERAS_Y_PRED, KERAS_Y_TRUE, meanWeighted, rowMeans, value, values } from './reference.js';

const sq = (y: number, p: number): number => (y - p) ** 2;
const perSample = rowMeans(KERAS_Y_TRUE, KERAS_Y_PRED, sq); // [110/3, 187/3]

describe('reductions (Keras MeanSquaredErrorTest values)', () => {
  test('default sum_over_batch_size', () => {
    expect(value(losses.meanSquaredError()(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(49.5, 4);
    expect(meanWeighted(perSample)).toBeCloseTo(49.5, 10);
  });

  test('scalar weight scales everything', () => {
    expect(value(losses.meanSquaredError()(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(
      113.85,
      3,
    );
  });

  test('per-sample weights [[1.2], [3.4]]', () => {
    const v = value(losses.meanSquaredError()(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]));
    expect(v).toBeCloseTo(767.8 / 6, 3);
    expect(v).toBeCloseTo(meanWeighted(perSample, [1.2, 3.4]), 3);
  });

  test('per-timestep weights on [2,3,1] inputs', () => {
    const yt = nn.tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
    const yp = nn.tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
    const sw = nn.tensor([3, 6, 5, 0, 4, 2], [2, 3]);
    expect(value(losses.meanSquaredError()(yt, yp, sw))).toBeCloseTo(97.833336, 4);
    nn.dispose([yt, yp, sw]);
  });

  test('zero weight gives 0, and zero-weighted samples still count in the divisor', () => {
    expect(value(losses.meanSquaredError()(KERAS_Y_TRUE, KERAS_Y_PRED, 0))).toBe(0);
    const v = value(losses.meanSquaredError()(KERAS_Y_TRUE, KERAS_Y_PRED, [1, 0]));
    expect(v).toBeCloseTo(perSample[0]! / 2, 4);
  });

  test("'none' returns weighted per-sample values", () => {
    const loss = losses.meanSquaredError({ reduction: 'none' });
    const out = loss(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3);
    expect(out.shape).toEqual([2]);
    expect(values(out)[0]).toBeCloseTo(84.3333, 3);
    expect(values(out)[1]).toBeCloseTo(143.3666, 3);
    expect(losses.meanSquaredError({ reduction: null }).reduction).toBe('none');
  });

  test("'sum'", () => {
    const loss = losses.meanSquaredError({ reduction: 'sum' });
    expect(value(loss(KERAS_Y_TRUE, KERAS_Y_PRED, 2.3))).toBeCloseTo(227.69998, 3);
  });

  test("'mean_with_sample_weight' divides by the sum of weights", () => {
    const loss = losses.meanSquaredError({ reduction: 'mean_with_sample_weight' });
    const v = value(loss(KERAS_Y_TRUE, KERAS_Y_PRED, [[1.2], [3.4]]));
    expect(v).toBeCloseTo(((110 / 3) * 1.2 + (187 / 3) * 3.4) / (1.2 + 3.4), 4);
    // Without weights it is the plain mean; with weights summing to 0 it is 0, not NaN.
    expect(value(loss(KERAS_Y_TRUE, KERAS_Y_PRED))).toBeCloseTo(49.5, 4);
    expect(value(loss(KERAS_Y_TRUE, KERAS_Y_PRED, [0, 0]))).toBe(0);
    expect(losses.meanSquaredError({ reduction: 'meanWithSampleWeight' }).reduction).toBe(
      'mean_with_sample_weight',
    );
  });

  test("'mean' is a synonym of the default", () => {
    expect(
      value(losses.meanSquaredError({ reduction: 'mean' })(KERAS_Y_TRUE, KERAS_Y_PRED)),
    ).toBeCloseTo(49.5, 4);
  });

  test('an invalid reduction names the loss and the choices', () => {
    // @ts-expect-error: checking the run-time error for an untyped caller
    expect(() => losses.hinge({ reduction: 'abc' })).toThrow(
      /hinge: invalid reduction "abc"; expected one of/,
    );
  });
});

describe('sample weights of other shapes', () => {
  test('one weight per sample broadcasts over per-timestep values', () => {
    // Per-sample values of shape [2,3]: weights [2] apply to each row.
    const yt = nn.tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
    const yp = nn.tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
    const v = value(losses.meanSquaredError()(yt, yp, [2, 0.5]));
    const sqs = [9, 1, 100, 169, 9, 9];
    const expected = (2 * (9 + 1 + 100) + 0.5 * (169 + 9 + 9)) / 6;
    expect(v).toBeCloseTo(expected, 4);
    expect(sqs.reduce((a, b) => a + b) / 6).toBeCloseTo(49.5, 10);
    nn.dispose([yt, yp]);
  });

  test('a weight shape that fits nothing is a clear error', () => {
    expect(() => losses.meanSquaredError()(KERAS_Y_TRUE, KERAS_Y_PRED, [1, 2, 3])).toThrow(
      /meanSquaredError: sampleWeight of shape \[3\] does not fit per-sample loss values of shape \[2\]/,
    );
  });

  test('an empty batch reduces to 0', () => {
    const yt = nn.zeros([0, 3]);
    expect(value(losses.meanSquaredError()(yt, yt))).toBe(0);
    yt.dispose();
  });
});

describe('the Loss object', () => {
  test('is callable and carries name, className, reduction, perSample and getConfig', () => {
    const loss = losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
    expect(typeof loss).toBe('function');
    expect(loss.name).toBe('categorical_crossentropy');
    expect(loss.className).toBe('CategoricalCrossentropy');
    expect(loss.reduction).toBe('sum_over_batch_size');
    expect(loss.getConfig()).toEqual({
      name: 'categorical_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: true,
      labelSmoothing: 0.1,
      axis: -1,
    });
    expect(losses.meanSquaredError({ name: 'my_mse' }).name).toBe('my_mse');
  });

  test('perSample is unreduced and unweighted', () => {
    const out = losses.meanSquaredError({ reduction: 'sum' }).perSample(KERAS_Y_TRUE, KERAS_Y_PRED);
    expect(out.shape).toEqual([2]);
    expect(values(out)[0]).toBeCloseTo(perSample[0]!, 4);
    expect(values(out)[1]).toBeCloseTo(perSample[1]!, 4);
  });

  test('leaves no tensors behind and accepts int labels', () => {
    const yt = nn.tensor(
      [
        [1, 0],
        [0, 1],
      ],
      undefined,
      'int32',
    );
    const yp = nn.tensor([
      [0.8, 0.2],
      [0.3, 0.7],
    ]);
    const before = nn.memory().numTensors;
    const v = losses.binaryCrossentropy()(yt, yp, [1, 2]);
    expect(nn.memory().numTensors).toBe(before + 1);
    v.dispose();
    nn.dispose([yt, yp]);
  });

  test('differentiates inside a GradientTape', () => {
    const w = nn.variable(nn.tensor([[0.5, -0.5]]));
    const tape = new nn.GradientTape();
    const loss = tape.record(() => losses.meanSquaredError()([[1, 0]], nn.mul(w, 2)));
    const g = tape.gradient(loss, [w])[0]!;
    // L = ((1 − 2a)² + (2b)²) / 2, so dL/da = −2(1 − 2a) = 0 and dL/db = 4b = −2.
    expect(values(g).map((v) => v + 0)).toEqual([0, -2]);
    nn.dispose([w, loss, g]);
  });
});
