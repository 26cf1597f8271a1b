/**
 * Metrics: one file per metric, one line per metric in the registry below. `getMetric`
 * resolves what `compile({metrics})` receives: ids (with `'accuracy'` resolved from the
 * shapes as Keras does), metric objects, functions, loss ids and saved configs.
 */
import { ValueError } from '../errors.js';
import { getLoss, LOSSES } from '../losses/index.js';
import { camelizeKeys, IdTable } from '../losses/registry.js';
import type { Shape } from '../tensor/shape.js';
import { Accuracy } from './accuracy.js';
import { AUC } from './auc.js';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanMetricWrapper, type MetricFunction } from './mean-metric-wrapper.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { Metric, type MetricConfig } from './metric.js';
import { Precision } from './precision.js';
import { Recall } from './recall.js';
import { AutoAccuracy, resolveAccuracy } from './resolve-accuracy.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
import { SparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy.js';
import { TopKCategoricalAccuracy } from './top-k-categorical-accuracy.js';

export { Metric, type MetricArgs, type MetricConfig, type StatefulMetric } from './metric.js';
export { Mean, mean, MeanState, type MeanArgs } from './mean.js';
export {
  MeanMetricWrapper,
  meanMetricWrapper,
  type MeanMetricWrapperArgs,
  type MetricFunction,
} from './mean-metric-wrapper.js';
export { Accuracy, accuracy } from './accuracy.js';
export { BinaryAccuracy, binaryAccuracy, type BinaryAccuracyArgs } from './binary-accuracy.js';
export { CategoricalAccuracy, categoricalAccuracy } from './categorical-accuracy.js';
export {
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from './sparse-categorical-accuracy.js';
export {
  TopKCategoricalAccuracy,
  topKCategoricalAccuracy,
  type TopKCategoricalAccuracyArgs,
} from './top-k-categorical-accuracy.js';
export {
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  type SparseTopKCategoricalAccuracyArgs,
} from './sparse-top-k-categorical-accuracy.js';
export { Precision, precision, type PrecisionArgs } from './precision.js';
export { Recall, recall, type RecallArgs } from './recall.js';
export { type ThresholdMetricArgs } from './threshold-metric.js';
export { AUC, auc, type AUCArgs } from './auc.js';
export { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';
export { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';
export { RootMeanSquaredError, rootMeanSquaredError } from './root-mean-squared-error.js';
export { AutoAccuracy, resolveAccuracy } from './resolve-accuracy.js';

/** Short names, as Keras and TF.js spell them. */
export { meanSquaredError as mse } from './mean-squared-error.js';
export { meanAbsoluteError as mae } from './mean-absolute-error.js';

/** Builds a metric from camelCase args (a config, or `{}` for the defaults). */
export type MetricFactory = (args: MetricConfig) => Metric;

function isArgsObject<A>(x: MetricConfig): x is MetricConfig & A {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function entry<A>(
  Cls: new (args?: A) => Metric,
  aliases: readonly string[] = [],
): { value: MetricFactory; aliases: readonly string[] } {
  // Configs come from JSON: the guard checks the container, constructors check the values.
  const create = (args: MetricConfig): Metric => {
    if (!isArgsObject<A>(args))
      throw new ValueError(`expected a config object, received ${JSON.stringify(args)}`);
    return new Cls(args);
  };
  return { value: create, aliases };
}

/**
 * Every metric id. Keras's snake_case and class names are found too. `'accuracy'` here is
 * the exact-match `Accuracy` class; `getMetric('accuracy')` resolves it from the shapes.
 */
export const METRICS = new IdTable<MetricFactory>('metric', {
  accuracy: entry(Accuracy, ['acc']),
  binaryAccuracy: entry(BinaryAccuracy),
  categoricalAccuracy: entry(CategoricalAccuracy),
  sparseCategoricalAccuracy: entry(SparseCategoricalAccuracy),
  topKCategoricalAccuracy: entry(TopKCategoricalAccuracy),
  sparseTopKCategoricalAccuracy: entry(SparseTopKCategoricalAccuracy),
  precision: entry(Precision),
  recall: entry(Recall),
  auc: entry(AUC),
  meanSquaredError: entry(MeanSquaredError, ['mse']),
  meanAbsoluteError: entry(MeanAbsoluteError, ['mae']),
  rootMeanSquaredError: entry(RootMeanSquaredError, ['rmse']),
});

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
    const factory = METRICS.find(identifier);
    if (factory) {
      const m = factory({});
      m.name = identifier;
      return m;
    }
    if (LOSSES.find(identifier)) {
      const loss = getLoss(identifier);
      return new MeanMetricWrapper((t, p) => loss.perSample(t, p), { name: identifier });
    }
    throw new ValueError(
      `getMetric: unknown metric '${identifier}'; valid ids: ${METRICS.listing()}, or any loss id`,
    );
  }
  if (identifier !== null && typeof identifier === 'object') {
    const className = identifier.className ?? identifier.class_name;
    if (typeof className !== 'string') {
      throw new ValueError(
        `getMetric: a serialized metric needs a className, received ${JSON.stringify(identifier)}`,
      );
    }
    const factory = METRICS.find(className);
    if (!factory) return METRICS.unknown('getMetric', className);
    return factory(camelizeKeys(identifier.config ?? {}));
  }
  throw new ValueError(
    `getMetric: expected a metric id, a metric, a function or a {className, config} object, received ${String(identifier)}`,
  );
}
