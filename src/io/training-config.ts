/**
 * The `trainingConfig` of model.json: what `compile` was given (loss, metrics, loss weights)
 * and the optimizer's `{class_name, config}`, written so that both TF.js's
 * `loadTrainingConfig` and Neurite's `compile` read it back. Also reads the variants other
 * tools write: Keras 2 (`lr`, `decay: 0`), TF.js's own optimizer names (`RMSProp` with
 * `decay` meaning rho, `Momentum`).
 */
import {
  getLoss,
  LOSSES,
  type Loss,
  type LossIdentifier,
  resolvesFromShapes,
} from '../losses/index.js';
import { getMetric, Metric, METRICS, type MetricConfig } from '../metrics/index.js';
import {
  getOptimizer,
  KERAS_OPTIMIZER_KEYS,
  type Optimizer,
  OPTIMIZERS,
  optimizerIds,
  serializeOptimizer,
} from '../optimizers/index.js';
import { isLearningRateSchedule } from '../optimizers/schedules/learning-rate-schedule.js';
import { SGD } from '../optimizers/sgd.js';
import type { Compiled, CompileArgs, MetricIdentifier } from '../training/compile.js';
import { classNameToSnakeCase, type KeyTable, toKerasTree } from '../serialization/keys.js';
import { didYouMean } from '../serialization/did-you-mean.js';
import { serialize } from '../serialization/registry.js';
import { describe, isObject, own } from './json.js';
import { ModelIOError } from './model-io-error.js';
import type { JsonObject, JsonValue, KerasObject, TrainingConfig } from './types.js';

/** A value that cannot be written (a custom function): the training config is skipped. */
class NotSerializable extends Error {}

/** Keras / TF.js spellings of loss functions, by our loss class name (TF.js has no 'mse'). */
const LOSS_NAMES: Readonly<Record<string, string>> = {
  LogCosh: 'logcosh',
  KLDivergence: 'kullback_leibler_divergence',
};

/** A loss's name as Keras writes it: `'mean_squared_error'`, or this format's spelling. */
function lossName(className: string): string {
  return Object.hasOwn(LOSS_NAMES, className)
    ? LOSS_NAMES[className]!
    : classNameToSnakeCase(className);
}

/**
 * Keras's spelling of a config (snake_case keys at every depth, `{class_name, config}`);
 * a value JSON cannot hold (a function) means the training config cannot be saved.
 */
function snakeObject(config: Readonly<Record<string, unknown>>, keys?: KeyTable): JsonObject {
  return toKerasTree(config, {
    keys,
    fail: () => {
      throw new NotSerializable();
    },
  });
}

/** A loss's or metric's `{class_name, config}`. */
function kerasObject(x: {
  readonly className: string;
  getConfig(): Readonly<Record<string, unknown>>;
}): JsonObject {
  const { className, config } = serialize(x);
  return { class_name: className, config: snakeObject(config) };
}

function isLossObject(x: unknown): x is Loss {
  return typeof x === 'function' && 'className' in x && 'getConfig' in x;
}

function lossJson(id: LossIdentifier): JsonValue {
  if (typeof id === 'string') {
    if (resolvesFromShapes(id)) return id; // resolved at the first batch: kept as written
    return lossName(getLoss(id).className);
  }
  if (isLossObject(id)) {
    if (id.className === 'LossFunctionWrapper') throw new NotSerializable();
    const config = id.getConfig();
    const defaults = getLoss({ className: id.className }).getConfig();
    if (JSON.stringify(config) === JSON.stringify(defaults)) return lossName(id.className);
    return kerasObject(id);
  }
  if (typeof id === 'function') throw new NotSerializable();
  const cls = id.className ?? id.class_name;
  if (typeof cls !== 'string') throw new NotSerializable();
  return { class_name: cls, config: snakeObject(id.config ?? {}) };
}

function metricJson(m: MetricIdentifier): JsonValue {
  if (typeof m === 'string') return m; // kept as written: it is the metric's name in logs
  if (m instanceof Metric) return kerasObject(m);
  throw new NotSerializable();
}

function isNumberList(x: unknown): x is readonly number[] {
  return Array.isArray(x);
}

function isSingleLoss(x: unknown): x is LossIdentifier {
  return (
    typeof x === 'string' ||
    typeof x === 'function' ||
    (isObject(x) && ('className' in x || 'class_name' in x))
  );
}

/** Optimizers TF.js names otherwise, by our class name: how to write them for it. */
const TFJS_OPTIMIZERS: Readonly<
  Record<string, (json: JsonObject, optimizer: Optimizer) => KerasObject | undefined>
> = {
  // TF.js's RMSProp reads rho as 'decay'.
  RMSprop: (json) => ({ class_name: 'RMSProp', config: { ...json, decay: json.rho ?? null } }),
  // TF.js's SGD has no momentum: its Momentum optimizer is SGD with momentum.
  SGD: (json, o) =>
    o instanceof SGD && o.momentum > 0
      ? { class_name: 'Momentum', config: { ...json, use_nesterov: o.nesterov } }
      : undefined,
};

/** Our optimizer as TF.js names it, so `tf.loadLayersModel` can compile from it too. */
export function optimizerJson(optimizer: Optimizer): KerasObject {
  const { className, config } = serializeOptimizer(optimizer);
  const json = snakeObject(config, KERAS_OPTIMIZER_KEYS);
  const tfjs = Object.hasOwn(TFJS_OPTIMIZERS, className) ? TFJS_OPTIMIZERS[className] : undefined;
  return tfjs?.(json, optimizer) ?? { class_name: className, config: json };
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
    if (lossWeights !== undefined) {
      config.loss_weights = isNumberList(lossWeights) ? [...lossWeights] : snakeObject(lossWeights);
    }
    return config;
  } catch (e) {
    if (e instanceof NotSerializable) return null;
    throw e;
  }
}

// ---- reading ---------------------------------------------------------------------------
//
// Everything is checked when the model is loaded, so a damaged or mistyped training config
// fails there, naming the file and the field (`trainingConfig.metrics[0]`), rather than at
// the first evaluate or fit without the file's name. Losses and metrics hold no tensors,
// so they are built once to check them and dropped; the optimizer, which may, is built last,
// once nothing else can fail.

function fail(where: string, field: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${field}: ${message}; load with {compile: false} to skip the training config`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

/** A registry's error message without its `getLoss: ` / `getOptimizer (x): ` prefix. */
function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^get(?:Loss|Metric|Optimizer)(?: \([^)]*\))?: /, '');
}

/** Keras 2's `lr`, read as Keras 3's `learning_rate` in any optimizer config. */
const KERAS2_OPTIMIZER_KEYS: readonly (readonly [string, string])[] = [['lr', 'learning_rate']];
/** Optimizers TF.js names otherwise, by its class name: ours, and its keys' names in ours. */
const TFJS_OPTIMIZER_NAMES: Readonly<
  Record<string, { className: string; keys: readonly (readonly [string, string])[] }>
> = {
  // TF.js's RMSProp calls rho 'decay'.
  RMSProp: { className: 'RMSprop', keys: [['decay', 'rho']] },
  Momentum: {
    className: 'SGD',
    keys: [
      ['useNesterov', 'nesterov'],
      ['use_nesterov', 'nesterov'],
    ],
  },
};

/** Keras 2 / TF.js optimizer configs → what getOptimizer takes. */
function readOptimizer(x: JsonValue | undefined, where: string, field: string): Optimizer {
  if (!isObject(x)) fail(where, field, `must be {class_name, config}, received ${describe(x)}`);
  const written = own(x, 'class_name') ?? own(x, 'className');
  if (typeof written !== 'string')
    fail(where, `${field}.class_name`, `must be a string, received ${describe(written)}`);
  const raw = own(x, 'config') ?? {};
  if (!isObject(raw))
    fail(where, `${field}.config`, `must be an object, received ${describe(raw)}`);
  const tfjs = Object.hasOwn(TFJS_OPTIMIZER_NAMES, written)
    ? TFJS_OPTIMIZER_NAMES[written]
    : undefined;
  const cls = tfjs?.className ?? written;
  const config: Record<string, JsonValue> = Object.fromEntries(Object.entries(raw));
  for (const [from, to] of [...KERAS2_OPTIMIZER_KEYS, ...(tfjs?.keys ?? [])]) {
    if (Object.hasOwn(config, from)) {
      if (!Object.hasOwn(config, to)) config[to] = config[from]!;
      delete config[from];
    }
  }
  if (!OPTIMIZERS.has(cls)) {
    fail(
      where,
      `${field}.class_name`,
      `unknown optimizer '${written}'${didYouMean(written, optimizerIds)}; known: ${optimizerIds.join(', ')} (any letter case), and TF.js's Momentum`,
    );
  }
  try {
    return getOptimizer({ class_name: cls, config });
  } catch (e) {
    fail(where, `${field}.config`, reason(e), e);
  }
}

function readLoss(x: JsonValue | undefined, where: string, field: string): LossIdentifier {
  if (typeof x === 'string') {
    // 'crossentropy' is resolved from the shapes at the first batch; any other id now.
    if (!resolvesFromShapes(x)) {
      try {
        getLoss(x);
      } catch (e) {
        fail(
          where,
          field,
          `unknown loss '${x}'${didYouMean(x, LOSSES.ids())}; known: ${LOSSES.listing()}`,
          e,
        );
      }
    }
    return x;
  }
  if (isObject(x) && typeof own(x, 'class_name') === 'string') {
    const config = own(x, 'config') ?? {};
    if (!isObject(config))
      fail(where, `${field}.config`, `must be an object, received ${describe(config)}`);
    const id = {
      class_name: own(x, 'class_name') as string,
      config: config as Record<string, string | number | boolean | null>,
    };
    try {
      getLoss(id); // an unknown class or a bad config fails now
    } catch (e) {
      fail(where, field, reason(e), e);
    }
    return id;
  }
  fail(where, field, `a loss must be a name or {class_name, config}, received ${describe(x)}`);
}

function readMetric(x: JsonValue, where: string, field: string): MetricIdentifier {
  if (typeof x === 'string') {
    try {
      getMetric(x); // kept as written (its name in logs); built only to check the id
    } catch (e) {
      fail(
        where,
        field,
        `unknown metric '${x}'${didYouMean(x, [...METRICS.ids(), ...LOSSES.ids()])}; known: ${METRICS.listing()}, or any loss id`,
        e,
      );
    }
    return x;
  }
  if (isObject(x) && typeof own(x, 'class_name') === 'string') {
    const config = own(x, 'config') ?? {};
    if (!isObject(config))
      fail(where, `${field}.config`, `must be an object, received ${describe(config)}`);
    try {
      // Built now, so a bad metric config fails here, not at the first batch.
      return getMetric({
        class_name: own(x, 'class_name') as string,
        config: config as MetricConfig,
      });
    } catch (e) {
      fail(where, field, reason(e), e);
    }
  }
  fail(where, field, `a metric must be a name or {class_name, config}, received ${describe(x)}`);
}

function numbers(
  x: JsonValue,
  where: string,
  field: string,
): readonly number[] | Readonly<Record<string, number>> {
  const ok = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  if (Array.isArray(x) && x.every(ok)) return x;
  if (isObject(x) && Object.values(x).every(ok)) return x as Record<string, number>;
  fail(where, field, `must be a list or a record of finite numbers, received ${describe(x)}`);
}

/** `loss[1]` / `loss.out` / `loss["a b"]`: a field path of the training config. */
function key(field: string, k: string | number): string {
  if (typeof k === 'number') return `${field}[${k}]`;
  return /^[A-Za-z_$][\w$]*$/.test(k) ? `${field}.${k}` : `${field}[${JSON.stringify(k)}]`;
}

/**
 * Compile arguments from a saved training config: the losses, metrics and optimizer are
 * looked up and checked now, and the optimizer is built. `part` names the config in errors
 * (`trainingConfig`, or `modelTopology.training_config` in the converter's files).
 *
 * @throws ModelIOError naming the file and the field that cannot be read, e.g.
 *   `model.json: trainingConfig.metrics[0]: unknown metric 'acuracy' (did you mean
 *   'accuracy'?); known: …`.
 */
export function readTrainingConfig(
  tc: unknown,
  where: string,
  part = 'trainingConfig',
): CompileArgs {
  if (!isObject(tc)) fail(where, part, `must be an object, received ${describe(tc)}`);
  for (const k of ['weighted_metrics', 'sample_weight_mode']) {
    const v = own(tc, k);
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) {
      fail(where, `${part}.${k}`, `is not supported, received ${describe(v)}`);
    }
  }
  const lossField = `${part}.loss`;
  const lossRaw = own(tc, 'loss');
  let loss: CompileArgs['loss'];
  if (Array.isArray(lossRaw)) loss = lossRaw.map((l, i) => readLoss(l, where, key(lossField, i)));
  else if (isObject(lossRaw) && typeof own(lossRaw, 'class_name') !== 'string') {
    loss = Object.fromEntries(
      Object.entries(lossRaw).map(([k, v]) => [k, readLoss(v, where, key(lossField, k))]),
    );
  } else loss = readLoss(lossRaw, where, lossField);
  const metricsField = `${part}.metrics`;
  const metricsRaw = own(tc, 'metrics');
  let metrics: CompileArgs['metrics'];
  // TF.js writes {} when compiled without metrics.
  const noMetrics = isObject(metricsRaw) && Object.keys(metricsRaw).length === 0;
  if (metricsRaw === undefined || metricsRaw === null || noMetrics) metrics = undefined;
  else if (Array.isArray(metricsRaw))
    metrics = metricsRaw.map((m, i) => readMetric(m, where, key(metricsField, i)));
  else if (isObject(metricsRaw)) {
    metrics = Object.fromEntries(
      Object.entries(metricsRaw).map(([k, v]) => {
        const field = key(metricsField, k);
        const list = Array.isArray(v)
          ? v.map((m, i) => readMetric(m, where, key(field, i)))
          : [readMetric(v, where, field)];
        return [k, list];
      }),
    );
  } else fail(where, metricsField, `must be a list, received ${describe(metricsRaw)}`);
  const lw = own(tc, 'loss_weights');
  const lossWeights =
    lw === undefined || lw === null ? undefined : numbers(lw, where, `${part}.loss_weights`);
  // Last: the optimizer is the one part that may hold resources once built.
  const optimizer = readOptimizer(own(tc, 'optimizer_config'), where, `${part}.optimizer_config`);
  const args: CompileArgs = { optimizer, loss };
  if (metrics !== undefined) args.metrics = metrics;
  if (lossWeights !== undefined) args.lossWeights = lossWeights;
  return args;
}
