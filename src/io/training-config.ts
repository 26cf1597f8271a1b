/**
 * The `trainingConfig` of model.json: what `compile` was given (loss, metrics, loss weights)
 * and the optimizer's `{class_name, config}`, written so that both TF.js's
 * `loadTrainingConfig` and Neurite's `compile` read it back. Also reads the variants other
 * tools write: Keras 2 (`lr`, `decay: 0`), TF.js's own optimizer names (`RMSProp` with
 * `decay` meaning rho, `Momentum`).
 */
import { getLoss, type Loss, type LossIdentifier } from '../losses/index.js';
import { getMetric, Metric, type MetricConfig } from '../metrics/index.js';
import { getOptimizer, type Optimizer, serializeOptimizer } from '../optimizers/index.js';
import { isLearningRateSchedule } from '../optimizers/schedules/learning-rate-schedule.js';
import { SGD } from '../optimizers/sgd.js';
import type { Compiled, CompileArgs, MetricIdentifier } from '../training/compile.js';
import { isObject, own, show, toSnakeCase } from './json.js';
import { ModelIOError } from './model-io-error.js';
import type { JsonObject, JsonValue, KerasObject, TrainingConfig } from './types.js';

/** A value that cannot be written (a custom function): the training config is skipped. */
class NotSerializable extends Error {}

/** Keras / TF.js spellings of loss functions, by our loss class name (TF.js has no 'mse'). */
const LOSS_NAMES: Readonly<Record<string, string>> = {
  LogCosh: 'logcosh',
  KLDivergence: 'kullback_leibler_divergence',
};

/** Keras's spellings of optimizer keys whose snake_case is not the mechanical one. */
const OPTIMIZER_KEYS: Readonly<Record<string, string>> = {
  clipNorm: 'clipnorm',
  clipValue: 'clipvalue',
  globalClipNorm: 'global_clipnorm',
  beta1: 'beta_1',
  beta2: 'beta_2',
};

type Plain = string | number | boolean | null | readonly Plain[] | { readonly [k: string]: Plain };

function snakeObject(
  config: Readonly<Record<string, unknown>>,
  keys: Readonly<Record<string, string>> = {},
): JsonObject {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [keys[k] ?? toSnakeCase(k), plainJson(v as Plain)]),
  );
}

function plainJson(v: Plain | undefined): JsonValue {
  if (v === undefined || typeof v === 'function') throw new NotSerializable();
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return (v as readonly Plain[]).map(plainJson);
  const o = v as { readonly [k: string]: Plain };
  if (typeof o.className === 'string') {
    return { class_name: o.className, config: snakeObject(isObject(o.config) ? o.config : {}) };
  }
  return snakeObject(o);
}

function isLossObject(x: unknown): x is Loss {
  return typeof x === 'function' && 'className' in x && 'getConfig' in x;
}

function lossJson(id: LossIdentifier): JsonValue {
  if (typeof id === 'string') {
    const lower = id.toLowerCase();
    // 'crossentropy' is resolved from shapes at the first batch; keep it as written.
    if (lower === 'crossentropy' || lower === 'ce') return id;
    const loss = getLoss(id);
    return LOSS_NAMES[loss.className] ?? toSnakeCase(loss.className);
  }
  if (isLossObject(id)) {
    if (id.className === 'LossFunctionWrapper') throw new NotSerializable();
    const config = id.getConfig();
    const defaults = getLoss({ className: id.className }).getConfig();
    if (JSON.stringify(config) === JSON.stringify(defaults)) {
      return LOSS_NAMES[id.className] ?? toSnakeCase(id.className);
    }
    return { class_name: id.className, config: snakeObject(config) };
  }
  if (typeof id === 'function') throw new NotSerializable();
  const cls = id.className ?? id.class_name;
  if (typeof cls !== 'string') throw new NotSerializable();
  return { class_name: cls, config: snakeObject(id.config ?? {}) };
}

function metricJson(m: MetricIdentifier): JsonValue {
  if (typeof m === 'string') return m; // kept as written: it is the metric's name in logs
  if (m instanceof Metric) return { class_name: m.className, config: snakeObject(m.getConfig()) };
  throw new NotSerializable();
}

function isSingleLoss(x: unknown): x is LossIdentifier {
  return (
    typeof x === 'string' ||
    typeof x === 'function' ||
    (isObject(x) && ('className' in x || 'class_name' in x))
  );
}

/** Our optimizer as TF.js names it, so `tf.loadLayersModel` can compile from it too. */
export function optimizerJson(optimizer: Optimizer): KerasObject {
  const { className, config } = serializeOptimizer(optimizer);
  const json = snakeObject(config, OPTIMIZER_KEYS);
  // TF.js's RMSProp reads rho as 'decay'.
  if (className === 'RMSprop')
    return { class_name: 'RMSProp', config: { ...json, decay: json.rho ?? null } };
  if (optimizer instanceof SGD && optimizer.momentum > 0) {
    return { class_name: 'Momentum', config: { ...json, use_nesterov: optimizer.nesterov } };
  }
  return { class_name: className, config: json };
}

/**
 * The training config of a compiled model, or null when part of it is code (a custom loss
 * function, metric function or learning-rate function), which cannot be saved.
 */
export function trainingConfigOf(compiled: Compiled): TrainingConfig | null {
  const { loss, metrics, lossWeights } = compiled.args;
  const schedule = compiled.optimizer.learningRateSchedule;
  if (schedule !== null && !isLearningRateSchedule(schedule)) return null; // a plain function
  try {
    const config: TrainingConfig = {
      loss: isSingleLoss(loss)
        ? lossJson(loss)
        : Array.isArray(loss)
          ? (loss as readonly LossIdentifier[]).map(lossJson)
          : Object.fromEntries(Object.entries(loss).map(([k, v]) => [k, lossJson(v)])),
      metrics:
        metrics === undefined
          ? []
          : Array.isArray(metrics)
            ? (metrics as readonly MetricIdentifier[]).map(metricJson)
            : Object.fromEntries(
                Object.entries(
                  metrics as Readonly<Record<string, readonly MetricIdentifier[]>>,
                ).map(([k, v]) => [k, v.map(metricJson)]),
              ),
      optimizer_config: optimizerJson(compiled.optimizer),
    };
    if (lossWeights !== undefined) config.loss_weights = plainJson(lossWeights);
    return config;
  } catch (e) {
    if (e instanceof NotSerializable) return null;
    throw e;
  }
}

// ---- reading ---------------------------------------------------------------------------

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: trainingConfig: ${message}; load with {compile: false} to skip the training config`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/** Keras 2 / TF.js optimizer configs → what getOptimizer takes. */
function readOptimizer(x: JsonValue | undefined, where: string): Optimizer {
  if (!isObject(x))
    fail(where, `optimizer_config must be {class_name, config}, received ${show(x)}`);
  let cls = own(x, 'class_name') ?? own(x, 'className');
  const raw = own(x, 'config') ?? {};
  if (typeof cls !== 'string' || !isObject(raw)) {
    fail(where, `optimizer_config must be {class_name, config}, received ${show(x)}`);
  }
  const config: Record<string, JsonValue> = Object.fromEntries(Object.entries(raw));
  const move = (from: string, to: string): void => {
    if (Object.hasOwn(config, from)) {
      if (!Object.hasOwn(config, to)) config[to] = config[from]!;
      delete config[from];
    }
  };
  move('lr', 'learning_rate');
  if (cls === 'RMSProp') move('decay', 'rho'); // TF.js's RMSProp calls rho 'decay'
  if (cls === 'Momentum') {
    cls = 'SGD';
    move('useNesterov', 'nesterov');
    move('use_nesterov', 'nesterov');
  }
  try {
    return getOptimizer({ class_name: cls, config });
  } catch (e) {
    fail(where, (e as Error).message, e);
  }
}

function readLoss(x: JsonValue | undefined, where: string): LossIdentifier {
  if (typeof x === 'string') return x;
  if (isObject(x) && typeof own(x, 'class_name') === 'string') {
    const config = own(x, 'config') ?? {};
    if (!isObject(config)) fail(where, `the config of loss ${show(x)} must be an object`);
    return {
      class_name: own(x, 'class_name') as string,
      config: config as Record<string, string | number | boolean | null>,
    };
  }
  fail(where, `a loss must be a name or {class_name, config}, received ${show(x)}`);
}

function readMetric(x: JsonValue, where: string): MetricIdentifier {
  if (typeof x === 'string') return x;
  if (isObject(x) && typeof own(x, 'class_name') === 'string') {
    if (!isObject(own(x, 'config') ?? {}))
      fail(where, `the config of metric ${show(x)} must be an object`);
    try {
      // Built now, so a bad metric config fails here, not at the first batch.
      return getMetric({
        class_name: own(x, 'class_name') as string,
        config: (own(x, 'config') ?? {}) as MetricConfig,
      });
    } catch (e) {
      fail(where, (e as Error).message, e);
    }
  }
  fail(where, `a metric must be a name or {class_name, config}, received ${show(x)}`);
}

function numbers(
  x: JsonValue,
  where: string,
): readonly number[] | Readonly<Record<string, number>> {
  const ok = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  if (Array.isArray(x) && x.every(ok)) return x;
  if (isObject(x) && Object.values(x).every(ok)) return x as Record<string, number>;
  fail(where, `loss_weights must be a list or a record of numbers, received ${show(x)}`);
}

/**
 * Compile arguments from a saved training config (checked; the optimizer is built).
 *
 * @throws ModelIOError naming the file and the part that cannot be read.
 */
export function readTrainingConfig(tc: unknown, where: string): CompileArgs {
  if (!isObject(tc)) fail(where, `must be an object, received ${show(tc)}`);
  for (const k of ['weighted_metrics', 'sample_weight_mode']) {
    const v = own(tc, k);
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
      fail(where, `${k} is not supported, received ${show(v)}`);
    }
  }
  const lossRaw = own(tc, 'loss');
  let loss: CompileArgs['loss'];
  if (Array.isArray(lossRaw)) loss = lossRaw.map((l) => readLoss(l, where));
  else if (isObject(lossRaw) && typeof own(lossRaw, 'class_name') !== 'string') {
    loss = Object.fromEntries(Object.entries(lossRaw).map(([k, v]) => [k, readLoss(v, where)]));
  } else loss = readLoss(lossRaw, where);
  const metricsRaw = own(tc, 'metrics');
  let metrics: CompileArgs['metrics'];
  // TF.js writes {} when compiled without metrics.
  const noMetrics = isObject(metricsRaw) && Object.keys(metricsRaw).length === 0;
  if (metricsRaw === undefined || metricsRaw === null || noMetrics) metrics = undefined;
  else if (Array.isArray(metricsRaw)) metrics = metricsRaw.map((m) => readMetric(m, where));
  else if (isObject(metricsRaw)) {
    metrics = Object.fromEntries(
      Object.entries(metricsRaw).map(([k, v]) => {
        const list = Array.isArray(v) ? v : [v];
        return [k, list.map((m) => readMetric(m, where))];
      }),
    );
  } else fail(where, `metrics must be a list, received ${show(metricsRaw)}`);
  const lw = own(tc, 'loss_weights');
  const optimizer = readOptimizer(own(tc, 'optimizer_config'), where);
  const args: CompileArgs = { optimizer, loss };
  if (metrics !== undefined) args.metrics = metrics;
  if (lw !== undefined && lw !== null) args.lossWeights = numbers(lw, where);
  return args;
}
