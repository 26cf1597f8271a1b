/**
 * Metrics: one file per metric, one registration per metric below (which is also its
 * `nn.metrics` factory). `getMetric`
 * resolves what `compile({metrics})` receives: ids (with `'accuracy'` resolved from the
 * shapes as Keras does), metric objects, functions, loss ids and saved configs.
 */
import { ValueError } from '../errors.js';
import { getLoss, LOSSES } from '../losses/index.js';
import { checkOptions } from '../serialization/options.js';
import { Registry } from '../serialization/registry.js';
import type { Shape } from '../tensor/shape.js';
import { Accuracy } from './accuracy.js';
import { AUC } from './auc.js';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanMetricWrapper, type MetricFunction } from './mean-metric-wrapper.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { Mean, type MeanArgs } from './mean.js';
import { Metric, type MetricConfig } from './metric.js';
import { Precision } from './precision.js';
import { Recall } from './recall.js';
import { AutoAccuracy, resolveAccuracy } from './resolve-accuracy.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
import { SparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy.js';
import { TopKCategoricalAccuracy } from './top-k-categorical-accuracy.js';

export { Metric, type MetricArgs, type MetricConfig, type StatefulMetric } from './metric.js';
export { Mean, MeanState, type MeanArgs } from './mean.js';
export {
  MeanMetricWrapper,
  meanMetricWrapper,
  type MeanMetricWrapperArgs,
  type MetricFunction,
} from './mean-metric-wrapper.js';
export {
  Accuracy,
  AUC,
  BinaryAccuracy,
  CategoricalAccuracy,
  MeanAbsoluteError,
  MeanSquaredError,
  Precision,
  Recall,
  RootMeanSquaredError,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
};
export type { AUCArgs } from './auc.js';
export type { BinaryAccuracyArgs } from './binary-accuracy.js';
export type { PrecisionArgs } from './precision.js';
export type { RecallArgs } from './recall.js';
export type { SparseTopKCategoricalAccuracyArgs } from './sparse-top-k-categorical-accuracy.js';
export type { ThresholdMetricArgs } from './threshold-metric.js';
export type { TopKCategoricalAccuracyArgs } from './top-k-categorical-accuracy.js';
export { AutoAccuracy, resolveAccuracy } from './resolve-accuracy.js';

/** Builds a metric from camelCase args (a config, or `{}` for the defaults). */
export type MetricFactory = (args: MetricConfig) => Metric;

/**
 * Every metric. Ids, Keras's snake_case and class names and the aliases all find a metric,
 * in any letter case. `'accuracy'` here is the exact-match `Accuracy` class;
 * `getMetric('accuracy')` resolves it from the shapes.
 * @example
 * nn.metrics.METRICS.get('auc'); // an AUC metric with its defaults
 */
export const METRICS = new Registry<Metric>({
  kind: 'metric',
  namespace: 'nn.metrics',
  where: 'getMetric',
  is: (x): x is Metric => x instanceof Metric,
  accepts: 'a metric id, a metric, a function or a {className, config} object',
  commonKeys: ['name', 'dtype'],
  usage: (id) => `a metric is built first, then updated: nn.metrics.${id}().call(yTrue, yPred)`,
});

/**
 * Exact-match accuracy (Keras `Accuracy`): the fraction of predictions equal to the labels.
 * In `compile({metrics: ['accuracy']})` the id is resolved from the shapes instead (binary,
 * sparse categorical or categorical), as Keras does; see {@link getMetric}.
 *
 * @example
 * const acc = nn.metrics.accuracy();
 * acc.call([1, 2, 3], [1, 2, 0]); // 0.6666667
 */
export const accuracy = METRICS.registerClass(Accuracy, {
  className: 'Accuracy',
  aliases: ['acc'],
  positional: 'name',
});
/**
 * Binary accuracy (Keras `BinaryAccuracy`): 1 where `(ŷ > threshold) == y`; `threshold` default 0.5.
 *
 * @example
 * nn.metrics.binaryAccuracy().call([[1], [0]], [[0.7], [0.6]]); // 0.5
 */
export const binaryAccuracy = METRICS.registerClass(BinaryAccuracy, {
  className: 'BinaryAccuracy',
  positional: 'threshold',
});
/**
 * Categorical accuracy (Keras `CategoricalAccuracy`): 1 where argmax(ŷ) is the one-hot label's class.
 *
 * @example
 * nn.metrics.categoricalAccuracy().call([[0, 1], [1, 0]], [[0.2, 0.8], [0.3, 0.7]]); // 0.5
 */
export const categoricalAccuracy = METRICS.registerClass(CategoricalAccuracy, {
  className: 'CategoricalAccuracy',
  positional: 'name',
});
/**
 * Sparse categorical accuracy (Keras `SparseCategoricalAccuracy`): 1 where argmax(ŷ) equals the integer label.
 *
 * @example
 * nn.metrics.sparseCategoricalAccuracy().call([1, 0], [[0.2, 0.8], [0.3, 0.7]]); // 0.5
 */
export const sparseCategoricalAccuracy = METRICS.registerClass(SparseCategoricalAccuracy, {
  className: 'SparseCategoricalAccuracy',
  positional: 'name',
});
/**
 * Top-k categorical accuracy (Keras `TopKCategoricalAccuracy`): 1 where the one-hot label's
 * class is among the k highest predictions; `k` default 5.
 *
 * @example
 * const top2 = nn.metrics.topKCategoricalAccuracy({ k: 2 });
 * top2.call([[0, 0, 1]], [[0.5, 0.2, 0.3]]); // 1
 */
export const topKCategoricalAccuracy = METRICS.registerClass(TopKCategoricalAccuracy, {
  className: 'TopKCategoricalAccuracy',
  positional: 'k',
});
/**
 * Sparse top-k categorical accuracy (Keras `SparseTopKCategoricalAccuracy`): integer labels; `k` default 5.
 *
 * @example
 * nn.metrics.sparseTopKCategoricalAccuracy({ k: 1 }).call([2], [[0.5, 0.2, 0.3]]); // 0
 */
export const sparseTopKCategoricalAccuracy = METRICS.registerClass(SparseTopKCategoricalAccuracy, {
  className: 'SparseTopKCategoricalAccuracy',
  positional: 'k',
});
/**
 * Precision (Keras `Precision`): true positives ÷ predicted positives, a prediction being
 * positive above `thresholds` (default 0.5).
 *
 * @example
 * const p = nn.metrics.precision();
 * p.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * p.result(); // 0.6666667
 */
export const precision = METRICS.registerClass(Precision, {
  className: 'Precision',
  positional: 'thresholds',
});
/**
 * Recall (Keras `Recall`): true positives ÷ actual positives (`thresholds` default 0.5).
 *
 * @example
 * const r = nn.metrics.recall();
 * r.updateState([0, 1, 1, 1], [1, 0, 1, 1]);
 * r.result(); // 0.6666667
 */
export const recall = METRICS.registerClass(Recall, {
  className: 'Recall',
  positional: 'thresholds',
});
/**
 * Area under the ROC (default) or PR curve (Keras `AUC`), approximated over `numThresholds`
 * (default 200) thresholds with Riemann sums (`summationMethod` default `'interpolation'`).
 *
 * @example
 * const m = nn.metrics.auc();
 * m.call([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]); // 0.75
 */
export const auc = METRICS.registerClass(AUC, {
  className: 'AUC',
  positional: 'numThresholds',
  // getConfig lists thresholds only when given.
  extraKeys: ['thresholds'],
});
/**
 * Mean squared error as a metric (Keras `MeanSquaredError`, id `'mse'`), averaged over every batch seen.
 *
 * @example
 * nn.metrics.meanSquaredError().call([[0, 1]], [[1, 1]]); // 0.5
 */
export const meanSquaredError = METRICS.registerClass(MeanSquaredError, {
  className: 'MeanSquaredError',
  aliases: ['mse'],
  positional: 'name',
});
/**
 * Mean absolute error as a metric (Keras `MeanAbsoluteError`, id `'mae'`).
 *
 * @example
 * nn.metrics.meanAbsoluteError().call([[0, 1]], [[1, 1]]); // 0.5
 */
export const meanAbsoluteError = METRICS.registerClass(MeanAbsoluteError, {
  className: 'MeanAbsoluteError',
  aliases: ['mae'],
  positional: 'name',
});
/**
 * Root mean squared error (Keras `RootMeanSquaredError`): sqrt of the mean squared error over every batch seen.
 *
 * @example
 * nn.metrics.rootMeanSquaredError().call([[0, 0]], [[3, 4]]); // sqrt(12.5) ≈ 3.5355
 */
export const rootMeanSquaredError = METRICS.registerClass(RootMeanSquaredError, {
  className: 'RootMeanSquaredError',
  aliases: ['rmse'],
  positional: 'name',
});

/**
 * Short names, as Keras and TF.js spell them.
 * @example
 * nn.metrics.mse().call([[1, 2]], [[1, 4]]); // 2
 */
export const mse = meanSquaredError;
/**
 * Short for {@link meanAbsoluteError}.
 *
 * @example
 * nn.metrics.mae().call([[1, 2]], [[1, 4]]); // 1
 */
export const mae = meanAbsoluteError;

/**
 * A new `Mean` metric (not a registry entry: it averages values, not labels and predictions).
 * @example
 * const m = nn.metrics.mean();
 * m.updateState([1, 2, 3]);
 * m.updateState([4]);
 * m.result(); // 2.5
 */
export const mean = (args?: MeanArgs): Mean => {
  checkOptions(args, { namespace: 'nn.metrics', name: 'mean', positional: 'name' });
  return new Mean(args);
};

/** A saved metric: Keras's `{class_name, config}` or our `{className, config}`. */
export interface SerializedMetric {
  className?: string;
  class_name?: string;
  config?: MetricConfig;
}

/** Everything `getMetric` accepts. */
export type MetricIdentifier = string | Metric | MetricFunction | SerializedMetric;

/**
 * Options of {@link getMetric}: the shapes that resolve `'accuracy'` at once.
 */
export interface GetMetricOptions {
  /** Label shape (batch included): resolves `'accuracy'` now rather than on first update. */
  yTrueShape?: Shape;
  /** Prediction shape (batch included). */
  yPredShape?: Shape;
}

/**
 * Resolves a metric identifier:
 * - `'accuracy'` / `'acc'`: binary, sparse categorical or categorical accuracy chosen from
 *   the shapes as Keras does (at once when `yTrueShape` and `yPredShape` are given, else on
 *   the first update), named as written;
 * - another metric id (`'auc'`, `'binary_accuracy'`, `'mse'`…), or a loss id
 *   (`'binaryCrossentropy'`: its per-sample values averaged), named as written;
 * - a `Metric` (returned as is), a per-sample function, or a saved `{className, config}`.
 * Unknown ids throw an error listing the valid ones.
 *
 * @example
 * const acc = nn.metrics.getMetric('accuracy', { yTrueShape: [32], yPredShape: [32, 10] });
 * acc.className; // 'SparseCategoricalAccuracy'
 */
export function getMetric(identifier: MetricIdentifier, options: GetMetricOptions = {}): Metric {
  if (identifier instanceof Metric) return identifier;
  if (typeof identifier === 'function') return new MeanMetricWrapper(identifier);
  if (typeof identifier === 'string') {
    const lower = identifier.toLowerCase();
    if (lower === 'accuracy' || lower === 'acc') {
      const { yTrueShape, yPredShape } = options;
      return yTrueShape && yPredShape
        ? resolveAccuracy(identifier, yTrueShape, yPredShape)
        : new AutoAccuracy(identifier);
    }
    const entry = METRICS.find(identifier);
    if (entry) {
      const m = entry.fromConfig({});
      m.name = identifier;
      return m;
    }
    if (LOSSES.has(identifier)) {
      const loss = getLoss(identifier);
      return new MeanMetricWrapper((t, p) => loss.perSample(t, p), { name: identifier });
    }
    throw new ValueError(
      `getMetric: unknown metric '${identifier}'; valid ids: ${METRICS.listing()}, or any loss id`,
    );
  }
  // Keras's `{class_name, config}` or ours; keys in either spelling.
  return METRICS.get(identifier);
}

/**
 * `getMetric`, under the name Keras gives it (`keras.metrics.get`).
 * @example
 * const m = nn.metrics.get('auc');
 */
export const get = getMetric;
