/** The loss registry and getLoss (src/losses/index.ts). */
import { describe, expect, test } from 'vitest';
import * as nn from '../../src/index.js';
import * as losses from '../../src/losses/index.js';
import { value } from './reference.js';

const CLASS_NAMES: Record<string, string> = {
  meanSquaredError: 'MeanSquaredError',
  mse: 'MeanSquaredError',
  meanAbsoluteError: 'MeanAbsoluteError',
  mae: 'MeanAbsoluteError',
  meanAbsolutePercentageError: 'MeanAbsolutePercentageError',
  mape: 'MeanAbsolutePercentageError',
  meanSquaredLogarithmicError: 'MeanSquaredLogarithmicError',
  msle: 'MeanSquaredLogarithmicError',
  binaryCrossentropy: 'BinaryCrossentropy',
  categoricalCrossentropy: 'CategoricalCrossentropy',
  sparseCategoricalCrossentropy: 'SparseCategoricalCrossentropy',
  hinge: 'Hinge',
  squaredHinge: 'SquaredHinge',
  categoricalHinge: 'CategoricalHinge',
  huber: 'Huber',
  logCosh: 'LogCosh',
  kld: 'KLDivergence',
  kullbackLeiblerDivergence: 'KLDivergence',
  poisson: 'Poisson',
  cosineSimilarity: 'CosineSimilarity',
};

describe('getLoss', () => {
  test('every id and alias resolves', () => {
    for (const [id, className] of Object.entries(CLASS_NAMES)) {
      expect(losses.getLoss(id).className, id).toBe(className);
    }
  });

  test("Keras's snake_case names and class names resolve too", () => {
    expect(losses.getLoss('sparse_categorical_crossentropy').className).toBe(
      'SparseCategoricalCrossentropy',
    );
    expect(losses.getLoss('mean_squared_error').className).toBe('MeanSquaredError');
    expect(losses.getLoss('kl_divergence').className).toBe('KLDivergence');
    expect(losses.getLoss('huber_loss').className).toBe('Huber');
    expect(losses.getLoss('log_cosh').className).toBe('LogCosh');
    expect(losses.getLoss('KLDivergence').className).toBe('KLDivergence');
    expect(losses.getLoss('MSE').className).toBe('MeanSquaredError');
  });

  test('an unknown id lists the valid ones', () => {
    expect(() => losses.getLoss('meanSquareError')).toThrow(
      /getLoss: unknown loss 'meanSquareError'; valid ids: meanSquaredError \(mse\), meanAbsoluteError \(mae\),.*sparseCategoricalCrossentropy.*cosineSimilarity/,
    );
  });

  test('a Loss is returned as is; a function is wrapped and reduced', () => {
    const l = losses.huber({ delta: 2 });
    expect(losses.getLoss(l)).toBe(l);
    const custom = losses.getLoss(function absError(y: nn.Tensor, p: nn.Tensor) {
      return nn.mean(nn.abs(nn.sub(y, p)), -1);
    });
    expect(custom.name).toBe('absError');
    expect(
      value(
        custom(
          [
            [1, 2],
            [3, 4],
          ],
          [
            [1, 1],
            [1, 1],
          ],
        ),
      ),
    ).toBeCloseTo((0.5 + 2.5) / 2, 6);
  });

  test('a saved config (ours or Keras snake_case) rebuilds the loss', () => {
    const saved = losses.categoricalCrossentropy({
      fromLogits: true,
      labelSmoothing: 0.2,
      name: 'cce',
    });
    const back = losses.getLoss({ className: saved.className, config: saved.getConfig() });
    expect(back.getConfig()).toEqual(saved.getConfig());
    const keras = losses.getLoss({
      class_name: 'BinaryCrossentropy',
      config: { name: 'bce', reduction: 'sum', from_logits: true, label_smoothing: 0.1, axis: -1 },
    });
    expect(keras.getConfig()).toEqual({
      name: 'bce',
      reduction: 'sum',
      fromLogits: true,
      labelSmoothing: 0.1,
      axis: -1,
    });
  });

  test("'crossentropy' is picked from the shapes as Keras's compile does", () => {
    const pick = (t: number[], p: number[]): string =>
      losses.getLoss('crossentropy', { yTrueShape: t, yPredShape: p }).className;
    expect(pick([32, 1], [32, 1])).toBe('BinaryCrossentropy');
    expect(pick([32], [32, 10])).toBe('SparseCategoricalCrossentropy');
    expect(pick([32, 1], [32, 10])).toBe('SparseCategoricalCrossentropy');
    expect(pick([32, 10], [32, 10])).toBe('CategoricalCrossentropy');
    expect(losses.getLoss('ce', { yTrueShape: [4], yPredShape: [4, 3] }).name).toBe('ce');
    expect(() => losses.getLoss('crossentropy')).toThrow(/pass \{yTrueShape, yPredShape\}/);
  });

  test('short aliases are the same factories', () => {
    expect(losses.mse).toBe(losses.meanSquaredError);
    expect(losses.kld).toBe(losses.kullbackLeiblerDivergence);
  });
});
