/**
 * Optimizers (`nn.optimizers`): one factory per Keras 3 optimizer, each with Keras 3
 * defaults, plus `getOptimizer` to resolve a string id (`'adam'`), a saved
 * `{className, config}` or an instance. A new optimizer is its own file and one
 * registration below (which is also its factory).
 */
import { ValueError } from '../errors.js';
import type { KeyTable } from '../serialization/keys.js';
import { type Config, type Entry, Registry, serialize } from '../serialization/registry.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { showValue } from './check-args.js';
import { Ftrl } from './ftrl.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { Optimizer, type Serialized } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SCHEDULES } from './schedules/index.js';
import { SGD } from './sgd.js';

export * from './optimizer.js';
export * from './sgd.js';
export * from './adagrad.js';
export * from './rmsprop.js';
export * from './adam.js';
export * from './adamw.js';
export * from './adamax.js';
export * from './nadam.js';
export * from './adadelta.js';
export * from './lion.js';
export * from './ftrl.js';
export * as schedules from './schedules/index.js';

/**
 * Keras's spellings of optimizer config keys that are not TF.js's mechanical snake_case
 * (`clipnorm`, `beta_1`): Keras's optimizer configs are read (here) and written (in
 * training configs) with this table.
 * @example
 * nn.optimizers.KERAS_OPTIMIZER_KEYS.beta1; // 'beta_1'
 */
export const KERAS_OPTIMIZER_KEYS: KeyTable = {
  clipNorm: 'clipnorm',
  clipValue: 'clipvalue',
  globalClipNorm: 'global_clipnorm',
  beta1: 'beta_1',
  beta2: 'beta_2',
};

/** Keras options Neurite does not implement, accepted (and dropped) at their neutral values. */
const NEUTRAL: Readonly<Record<string, (v: unknown) => boolean>> = {
  useEma: (v) => v === false || v === null || v === undefined,
  emaMomentum: () => true,
  emaOverwriteFrequency: () => true,
  lossScaleFactor: (v) => v === null || v === undefined,
  gradientAccumulationSteps: (v) => v === null || v === undefined || v === 1,
  isLegacyOptimizer: () => true,
  jitCompile: () => true,
  decay: (v) => v === 0 || v === null || v === undefined,
};

function isRecord(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A saved optimizer config (keys in our spelling): Keras's neutral extras dropped, a saved
 * schedule as the learning rate rebuilt, and any option the class does not take refused.
 */
function readConfig(raw: Config, entry: Entry<Optimizer>, where: string): Optimizer {
  const className = entry.className;
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const neutral = Object.hasOwn(NEUTRAL, key) ? NEUTRAL[key] : undefined;
    if (neutral) {
      if (!neutral(value)) {
        throw new ValueError(
          `${where}: ${className} option '${key}' = ${showValue(value)} is not supported by Neurite`,
        );
      }
      continue;
    }
    config[key] = value;
  }
  if (isRecord(config.learningRate)) {
    config.learningRate = SCHEDULES.get(config.learningRate, `${where} (learningRate)`);
  }
  const optimizer = entry.fromConfig(config);
  const known = Object.keys(optimizer.getConfig());
  const unknown = Object.keys(config).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    optimizer.dispose();
    throw new ValueError(
      `${where}: unknown ${className} option(s) ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${known.join(', ')}`,
    );
  }
  return optimizer;
}

/**
 * Every optimizer. Its id is the lower-cased Keras class name; any letter case finds it.
 * @example
 * nn.optimizers.OPTIMIZERS.ids(); // ['sgd', 'adagrad', 'rmsprop', 'adam', …]
 */
export const OPTIMIZERS = new Registry<Optimizer>({
  kind: 'optimizer',
  namespace: 'nn.optimizers',
  where: 'getOptimizer',
  is: (x): x is Optimizer => x instanceof Optimizer,
  accepts: 'a string id, {className, config} or an Optimizer',
  id: (className) => className.toLowerCase(),
  keys: KERAS_OPTIMIZER_KEYS,
  // OptimizerArgs, which every optimizer takes.
  commonKeys: ['learningRate', 'weightDecay', 'clipNorm', 'clipValue', 'globalClipNorm', 'name'],
  renamed: { lr: 'learningRate' },
  unknown: (name, registry) =>
    `unknown optimizer '${name}'; expected one of ${registry
      .ids()
      .map((k) => `'${k}'`)
      .join(', ')}`,
  read: readConfig,
});

/**
 * SGD, with optional (Nesterov) momentum. Keras 3 defaults: lr 0.01, momentum 0.
 * `x ← x − lr·g`; with momentum μ: `v ← μ·v − lr·g`, `x ← x + v` (Nesterov: `x ← x + μ·v − lr·g`).
 * @throws ValueError for a bare number (`sgd(0.1)`: pass `{ learningRate: 0.1 }`), an unknown
 * option, or a value out of range (momentum outside [0, 1]).
 * @example
 * const opt = nn.optimizers.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 1, inputShape: [3] })] });
 * model.compile({ optimizer: opt, loss: 'mse' });
 */
export const sgd = OPTIMIZERS.registerClass(SGD, { className: 'SGD', positional: 'learningRate' });
/**
 * Adagrad. Keras 3 defaults: lr 0.001, initialAccumulatorValue 0.1, epsilon 1e-7.
 * `acc ← acc + g²`, `x ← x − lr·g / sqrt(acc + ε)`.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.adagrad({ learningRate: 0.01 });
 */
export const adagrad = OPTIMIZERS.registerClass(Adagrad, {
  className: 'Adagrad',
  positional: 'learningRate',
});
/**
 * RMSprop. Keras 3 defaults: lr 0.001, rho 0.9, momentum 0, epsilon 1e-7.
 * `s ← ρ·s + (1−ρ)·g²` (s starts at 0), `x ← x − lr·g / sqrt(s + ε)`; `centered` and
 * `momentum` as Keras. TF1's `RMSPropOptimizer(decay=…)` is `rmsprop({ rho })` here.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.rmsprop({ learningRate: 0.001, rho: 0.9 });
 */
export const rmsprop = OPTIMIZERS.registerClass(RMSprop, {
  className: 'RMSprop',
  positional: 'learningRate',
});
/**
 * Adam. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 * The Keras 3 update (ε added to the uncorrected sqrt(v)); `amsgrad` default false.
 * @throws ValueError for a bare number (`adam(0.01)`), an unknown option (`lr`: use
 * `learningRate`) or a value out of range (beta1 outside [0, 1)).
 * @example
 * const opt = nn.optimizers.adam({ learningRate: 0.01 });
 * const model = nn.sequential({ layers: [nn.layers.dense({ units: 2, inputShape: [3] })] });
 * model.compile({ optimizer: opt, loss: 'categoricalCrossentropy' });
 */
export const adam = OPTIMIZERS.registerClass(Adam, {
  className: 'Adam',
  positional: 'learningRate',
});
/**
 * AdamW. Keras 3 defaults: as Adam, weightDecay 0.004.
 * Adam with decoupled weight decay `x ← x − x·weightDecay·lr` before each update.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.adamw({ learningRate: 0.001, weightDecay: 0.01 });
 */
export const adamw = OPTIMIZERS.registerClass(AdamW, {
  className: 'AdamW',
  positional: 'learningRate',
});
/**
 * Adamax. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 * Adam's infinity-norm variant: `u ← max(β2·u, |g|)`.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.adamax({ learningRate: 0.002 });
 */
export const adamax = OPTIMIZERS.registerClass(Adamax, {
  className: 'Adamax',
  positional: 'learningRate',
});
/**
 * Nadam. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 * Adam with Nesterov momentum (Keras's momentum-cache schedule).
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.nadam();
 */
export const nadam = OPTIMIZERS.registerClass(Nadam, {
  className: 'Nadam',
  positional: 'learningRate',
});
/**
 * Adadelta. Keras 3 defaults: lr 0.001, rho 0.95, epsilon 1e-7.
 * Note Keras 3's default lr is 0.001 (Keras 2 and TF.js used 1.0), so the default barely moves.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.adadelta({ learningRate: 1.0 });
 */
export const adadelta = OPTIMIZERS.registerClass(Adadelta, {
  className: 'Adadelta',
  positional: 'learningRate',
});
/**
 * Lion. Keras 3 defaults: lr 0.001, beta1 0.9, beta2 0.99.
 * The sign of an interpolated momentum: `x ← x − lr·sign(β1·m + (1−β1)·g)`.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.lion({ learningRate: 1e-4 });
 */
export const lion = OPTIMIZERS.registerClass(Lion, {
  className: 'Lion',
  positional: 'learningRate',
});
/**
 * FTRL-Proximal. Keras 3 defaults: lr 0.001, learningRatePower -0.5, initialAccumulatorValue 0.1.
 * @throws ValueError for a bare number, an unknown option or a value out of range.
 * @example
 * const opt = nn.optimizers.ftrl({ learningRate: 0.01, l1RegularizationStrength: 0.001 });
 */
export const ftrl = OPTIMIZERS.registerClass(Ftrl, {
  className: 'Ftrl',
  positional: 'learningRate',
});

/**
 * The string ids `getOptimizer` accepts (any letter case).
 * @example
 * nn.optimizers.optimizerIds.includes('adam'); // true
 */
export const optimizerIds: readonly string[] = OPTIMIZERS.ids();

/** What `getOptimizer` (and `compile({optimizer})`) accepts. */
export type OptimizerIdentifier =
  | string
  | Optimizer
  | { className: string; config?: Readonly<Record<string, unknown>> }
  | { class_name: string; config?: Readonly<Record<string, unknown>> };

/**
 * Resolves what `compile({optimizer})` accepts: a string id (`'sgd'`, `'adam'`, `'rmsprop'`,
 * `'adagrad'`, `'adadelta'`, `'adamax'`, `'nadam'`, `'adamw'`, `'lion'`, `'ftrl'`, any
 * letter case, with **Keras 3** defaults), a serialized `{className, config}` (camelCase or
 * Keras's snake_case keys; a schedule may appear as the learningRate), or an Optimizer,
 * returned as is.
 *
 * @example
 * const opt = nn.optimizers.getOptimizer('adam');
 * const again = nn.optimizers.getOptimizer({ className: opt.className, config: opt.getConfig() });
 */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  return OPTIMIZERS.get(identifier);
}

/**
 * `getOptimizer`, under the name Keras gives it (`keras.optimizers.get`).
 * @throws ValueError for an unknown id or saved config.
 * @example
 * const opt = nn.optimizers.get('rmsprop'); // Keras 3 defaults
 */
export const get = getOptimizer;

/**
 * `{className, config}` of an optimizer: what `getOptimizer` rebuilds it from.
 * @example
 * const saved = nn.optimizers.serializeOptimizer(nn.optimizers.adam({ learningRate: 0.01 }));
 * // { className: 'Adam', config: { learningRate: 0.01, beta1: 0.9, … } }
 * const again = nn.optimizers.getOptimizer(saved);
 */
export function serializeOptimizer(optimizer: Optimizer): Serialized {
  return serialize(optimizer);
}
