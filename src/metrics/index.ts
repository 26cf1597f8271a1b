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

export const accuracy = METRICS.registerClass(Accuracy, {
  className: 'Accuracy',
  aliases: ['acc'],
  positional: 'name',
});
export const binaryAccuracy = METRICS.registerClass(BinaryAccuracy, {
  className: 'BinaryAccuracy',
  positional: 'threshold',
});
export const categoricalAccuracy = METRICS.registerClass(CategoricalAccuracy, {
  className: 'CategoricalAccuracy',
  positional: 'name',
});
export const sparseCategoricalAccuracy = METRICS.registerClass(SparseCategoricalAccuracy, {
  className: 'SparseCategoricalAccuracy',
  positional: 'name',
});
export const topKCategoricalAccuracy = METRICS.registerClass(TopKCategoricalAccuracy, {
  className: 'TopKCategoricalAccuracy',
  positional: 'k',
});
export const sparseTopKCategoricalAccuracy = METRICS.registerClass(SparseTopKCategoricalAccuracy, {
  className: 'SparseTopKCategoricalAccuracy',
  positional: 'k',
});
export const precision = METRICS.registerClass(Precision, {
  className: 'Precision',
  positional: 'thresholds',
});
export const recall = METRICS.registerClass(Recall, {
  className: 'Recall',
  positional: 'thresholds',
});
export const auc = METRICS.registerClass(AUC, {
  className: 'AUC',
  positional: 'numThresholds',
  // getConfig lists thresholds only when given.
  extraKeys: ['thresholds'],
});
export const meanSquaredError = METRICS.registerClass(MeanSquaredError, {
  className: 'MeanSquaredError',
  aliases: ['mse'],
  positional: 'name',
});
export const meanAbsoluteError = METRICS.registerClass(MeanAbsoluteError, {
  className: 'MeanAbsoluteError',
  aliases: ['mae'],
  positional: 'name',
});
export const rootMeanSquaredError = METRICS.registerClass(RootMeanSquaredError, {
  className: 'RootMeanSquaredError',
  aliases: ['rmse'],
  positional: 'name',
});

/** Short names, as Keras and TF.js spell them. */
export const mse = meanSquaredError;
export const mae = meanAbsoluteError;

/** A new `Mean` metric (not a registry entry: it averages values, not labels and predictions). */
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

/** `getMetric`, under the name Keras gives it (`keras.metrics.get`). */
export const get = getMetric;
