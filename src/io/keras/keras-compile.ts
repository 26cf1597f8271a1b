/**
 * What `compile` was given, as Keras files hold it ⇄ Neurite's training config. Keras 3's
 * `compile_config` (`.keras`) names the optimizer `optimizer` (a name or a serialized
 * object); the legacy `training_config` (`.h5`) names it `optimizer_config`, as TF.js does.
 * Also: the optimizer state Neurite writes, gathered from the compiled model.
 */
import type { Model } from '../../models/model.js';
import { KERAS_OPTIMIZER_KEYS, serializeOptimizer } from '../../optimizers/index.js';
import type { Optimizer } from '../../optimizers/optimizer.js';
import { toKerasTree } from '../../serialization/keys.js';
import { isObject, own } from '../json.js';
import { trainingConfigOf } from '../training-config.js';
import type { JsonObject, JsonValue, TrainingConfig } from '../types.js';
import { slotPlan } from './keras-optimizer.js';
import type { OptimizerState } from './keras3-weights.js';
import { withModules } from './keras-layer-config.js';

/** Keras's keys that carry nothing for Neurite's training config. */
const IGNORED = ['run_eagerly', 'steps_per_execution', 'jit_compile', 'auto_scale_loss'];

function stripModules(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripModules);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== 'module' && k !== 'registered_name' && k !== 'shared_object_id')
      .map(([k, x]) => [k, stripModules(x)]),
  );
}

/**
 * A training config Neurite can compile from, or undefined: Keras compiles a model with an
 * optimizer and no loss (for inference, or a custom training loop); Neurite needs a loss, so
 * such a model is loaded uncompiled.
 */
export function compilable(tc: JsonObject | undefined): JsonObject | undefined {
  if (!tc) return undefined;
  const loss = own(tc, 'loss');
  return loss === null || loss === undefined ? undefined : tc;
}

/** A Keras 3 `compile_config` as a training config (the optimizer as `{class_name, config}`). */
export function compileConfigToTraining(cc: JsonValue | undefined): JsonObject | undefined {
  if (!isObject(cc)) return undefined;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(cc)) {
    if (IGNORED.includes(k) || k === 'optimizer') continue;
    out[k] = stripModules(v);
  }
  const opt = own(cc, 'optimizer');
  out.optimizer_config =
    typeof opt === 'string' ? { class_name: opt, config: {} } : stripModules(opt ?? null);
  return compilable(out);
}

/** Keras's config of one of Neurite's optimizers: `{class_name, config}` with Keras's key names. */
export function kerasOptimizerConfig(optimizer: Optimizer): {
  class_name: string;
  config: JsonObject;
} {
  const { className, config } = serializeOptimizer(optimizer);
  const json = toKerasTree(config, {
    keys: KERAS_OPTIMIZER_KEYS,
    fail: () => {
      throw new Error('not serializable');
    },
  });
  return { class_name: className, config: { name: className.toLowerCase(), ...json } };
}

/**
 * The Keras 3 `compile_config` of a compiled model, or undefined when it is not compiled or
 * was compiled with something a file cannot hold (a custom loss function).
 */
export function compileConfigOf(model: Model): JsonObject | undefined {
  const tc = model.compiled ? trainingConfigOf(model.compiled) : null;
  if (!tc || !model.compiled) return undefined;
  let optimizer: JsonValue;
  try {
    optimizer = withModules(kerasOptimizerConfig(model.compiled.optimizer), 'optimizer');
  } catch {
    return undefined;
  }
  if (isObject(optimizer)) optimizer.module = 'keras.optimizers';
  const metrics = tc.metrics;
  return {
    optimizer,
    loss: withModules(tc.loss, 'loss'),
    loss_weights: tc.loss_weights ?? null,
    metrics: Array.isArray(metrics) && metrics.length === 0 ? null : (metrics ?? null),
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}

/** The legacy `training_config` of a compiled model (Keras's optimizer names), or undefined. */
export function legacyTrainingConfigOf(model: Model): TrainingConfig | undefined {
  const tc = model.compiled ? trainingConfigOf(model.compiled) : null;
  if (!tc || !model.compiled) return undefined;
  try {
    return { ...tc, optimizer_config: kerasOptimizerConfig(model.compiled.optimizer) };
  } catch {
    return undefined;
  }
}

/** The compiled model's optimizer state, ready for Keras's layout, or null. */
export function optimizerStateOf(model: Model): OptimizerState | null {
  const opt = model.compiled?.optimizer;
  if (!opt) return null;
  const { className, config } = serializeOptimizer(opt);
  const cfg = config as JsonObject;
  const plan = slotPlan(className, cfg);
  if (!plan) return null;
  const state = opt.getWeights();
  try {
    const byName = new Map<string, Float32Array>();
    let iterations = 0;
    for (const w of state) {
      const d = w.tensor.dataSync();
      if (w.name === 'iter') iterations = Number(d[0] ?? 0);
      else
        byName.set(
          w.name,
          d instanceof Float32Array ? d.slice() : Float32Array.from(d as ArrayLike<number>),
        );
    }
    const initialAcc = Number(own(cfg, 'initialAccumulatorValue') ?? 0);
    return {
      plan,
      name: className.toLowerCase(),
      iterations,
      learningRate: plan.learningRate ? opt.learningRate : 0,
      byName,
      initial: (slot) => (slot === 'accumulator' ? initialAcc : 0),
    };
  } finally {
    for (const w of state) w.tensor.dispose();
  }
}
