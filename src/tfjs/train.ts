/**
 * `tf.train`: TF.js's optimizer constructors with TF.js's positional signatures and
 * defaults, each returning an {@link Optimizer} — a thin TF.js-shaped handle on a Neurite
 * optimizer (`.core`), which does the updates with Keras 3's update rules. These agree
 * with TF.js's (test/tfjs/parity.test.ts runs both) except in two places: where epsilon
 * enters Adam's and Adagrad's denominators (invisible at the default 1e-7, a difference in
 * the first steps with a large epsilon), and Adadelta, which TF.js divides by the running
 * average of squared gradients from before the step (so its first step is the raw
 * gradient) where Keras uses the updated one. What the handle adapts:
 *
 * - `minimize(f, returnCost = false, varList?)` returns the cost as a Scalar (or null);
 * - `computeGradients(f, varList?)` → `{value, grads}` keyed by variable name;
 * - `applyGradients(grads)` takes TF.js's `{[name]: gradient}` map (as `tf.variableGrads`
 *   returns it) or `[{name, tensor}]` list, not `[gradient, variable]` pairs;
 * - `getWeights()` / `setWeights()` are async, as in TF.js.
 *
 * Defaults, from tfjs-core's `optimizer_constructors`: `adam(0.001, 0.9, 0.999, 1e-7)`,
 * `adagrad(lr, 0.1)`, `adadelta(0.001, 0.95, 1e-7)`, `adamax(0.002, 0.9, 0.999, 1e-7, 0)`,
 * `rmsprop(lr, 0.9 (Keras's rho), 0, 1e-7, false)`, `momentum(lr, momentum, false)`;
 * epsilon `null` means 1e-7, TF.js's float32 backend epsilon. Adamax's `decay` becomes an
 * inverse-time schedule, `lr / (1 + decay·iterations)`, which is TF.js's rule.
 */
import { GradientTape } from '../autograd/gradients.js';
import { tidy } from '../engine/tidy.js';
import { ValueError } from '../errors.js';
import { Adadelta } from '../optimizers/adadelta.js';
import { Adagrad } from '../optimizers/adagrad.js';
import { Adam } from '../optimizers/adam.js';
import { Adamax } from '../optimizers/adamax.js';
import type {
  GradientPair,
  NamedTensor,
  Optimizer as CoreOptimizer,
  OptimizerConfig,
} from '../optimizers/optimizer.js';
import { RMSprop } from '../optimizers/rmsprop.js';
import { inverseTimeDecay } from '../optimizers/schedules/inverse-time-decay.js';
import { SGD } from '../optimizers/sgd.js';
import { Tensor, Variable } from '../tensor/tensor.js';

/** TF.js's `NamedTensorMap`: tensors keyed by (variable) name. */
export type NamedTensorMap = Record<string, Tensor>;
export type { NamedTensor };

/** TF.js's float32 backend epsilon, what its optimizers use for `epsilon = null`. */
const BACKEND_EPSILON = 1e-7;

// Variables by name, for `applyGradients({[name]: grad})`: those created by tf.variable or
// met by variableGrads / computeGradients. Weak, so the map never keeps a variable alive.
const knownVariables = new Map<string, WeakRef<Variable>>();
// The variables behind each grads map variableGrads returned (the map is the key).
const gradsOwners = new WeakMap<object, Map<string, Variable>>();

/** Remembers `v` under its name, for `applyGradients` maps keyed by name. */
export function rememberVariable(v: Variable): void {
  knownVariables.set(v.name, new WeakRef(v));
}

function lookupVariable(name: string, owners: Map<string, Variable> | undefined): Variable | null {
  const v = owners?.get(name) ?? knownVariables.get(name)?.deref();
  return v && !v.isDisposed ? v : null;
}

/**
 * Gradients of the scalar `f()` with respect to `varList`, or to every trainable variable
 * `f` reads (TF.js `tf.variableGrads`): `{value, grads}`, grads keyed by variable name.
 * The returned map can be passed to an optimizer's `applyGradients` as it is.
 * @throws ValueError when `f` is not a function or does not return a scalar.
 * @example
 * const w = tf.variable(tf.tensor1d([1, 2]), true, 'w');
 * const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(w)));
 * tf.train.sgd(0.1).applyGradients(grads); // by name, as TF.js
 */
export function variableGrads(
  f: () => Tensor,
  varList?: readonly Variable[],
): { value: Tensor; grads: NamedTensorMap } {
  if (typeof f !== 'function') {
    throw new ValueError(
      'tf.variableGrads: the first argument must be a function returning a scalar',
    );
  }
  if (varList !== undefined) {
    for (const v of varList) {
      if (!(v instanceof Variable)) {
        throw new ValueError('tf.variableGrads: varList must hold variables (tf.variable)');
      }
    }
  }
  const tape = new GradientTape({ watchAccessedVariables: varList === undefined });
  let vars: Variable[] = [];
  try {
    if (varList) tape.watch(...varList);
    const out = tidy(() => {
      const value = tape.record(f);
      if (!(value instanceof Tensor) || value.rank !== 0) {
        throw new ValueError(
          `tf.variableGrads: the result y returned by f() must be a scalar${value instanceof Tensor ? `, received shape [${value.shape.join(',')}]` : ''}`,
        );
      }
      vars = varList ? [...varList] : tape.watchedVariables();
      if (vars.length === 0) {
        throw new ValueError(
          'tf.variableGrads: f() reads no trainable variable; create them with tf.variable or pass varList',
        );
      }
      const g = tape.gradient(value, vars);
      const grads: NamedTensorMap = {};
      vars.forEach((v, i) => (grads[v.name] = g[i]!));
      return { value, grads };
    });
    const owners = new Map<string, Variable>();
    for (const v of vars) {
      owners.set(v.name, v);
      rememberVariable(v);
    }
    gradsOwners.set(out.grads, owners);
    return out;
  } finally {
    tape.dispose();
  }
}

/**
 * A TF.js optimizer: TF.js's methods over a Neurite optimizer (`core`). Pass it to
 * `model.compile({optimizer})` or call `minimize` in a training loop.
 * @example
 * const opt: tf.Optimizer = tf.train.adam(0.01);
 * const w = tf.variable(tf.scalar(3));
 * for (let i = 0; i < 100; i++) opt.minimize(() => tf.square(w));
 */
export class Optimizer {
  /** The Neurite optimizer that holds the state and applies the updates. */
  readonly core: CoreOptimizer;

  constructor(core: CoreOptimizer) {
    this.core = core;
  }

  /** The learning rate the next update uses; assign a number to change it. */
  get learningRate(): number {
    return this.core.learningRate;
  }
  set learningRate(value: number) {
    this.core.learningRate = value;
  }

  /** Sets the learning rate (TF.js `SGDOptimizer.setLearningRate`). */
  setLearningRate(learningRate: number): void {
    this.core.learningRate = learningRate;
  }

  /** Updates applied so far. */
  get iterations(): number {
    return this.core.iterations;
  }

  /** TF.js's class name of the optimizer (`'Adam'`, `'SGD'`, …). */
  getClassName(): string {
    return this.core.className;
  }

  /** The hyperparameters (Keras names in camelCase). */
  getConfig(): OptimizerConfig {
    return this.core.getConfig();
  }

  /**
   * One step: gradients of the scalar `f()` with respect to `varList` (default: every
   * trainable variable `f` reads), applied. Returns the cost when `returnCost`, else null.
   */
  minimize(f: () => Tensor, returnCost = false, varList?: readonly Variable[]): Tensor | null {
    const { value, grads } = this.computeGradients(f, varList);
    try {
      this.applyGradients(grads);
    } finally {
      for (const g of Object.values(grads)) g.dispose();
    }
    if (returnCost) return value;
    value.dispose();
    return null;
  }

  /** `{value, grads}` of `f` (see {@link variableGrads}), without applying them. */
  computeGradients(
    f: () => Tensor,
    varList?: readonly Variable[],
  ): { value: Tensor; grads: NamedTensorMap } {
    return variableGrads(f, varList);
  }

  /**
   * Applies gradients keyed by variable name (`{[name]: gradient}`, as `variableGrads`
   * returns them) or listed as `[{name, tensor}]`. The variables are those `variableGrads`
   * or `computeGradients` saw, or created with `tf.variable`.
   */
  applyGradients(variableGradients: NamedTensorMap | readonly NamedTensor[]): void {
    const where = `${this.core.className}.applyGradients`;
    const list: NamedTensor[] = Array.isArray(variableGradients)
      ? [...(variableGradients as readonly NamedTensor[])]
      : Object.entries(variableGradients as NamedTensorMap).map(([name, tensor]) => ({
          name,
          tensor,
        }));
    const owners = Array.isArray(variableGradients)
      ? undefined
      : gradsOwners.get(variableGradients);
    const pairs: GradientPair[] = list.map(({ name, tensor }) => {
      const v = lookupVariable(name, owners);
      if (!v) {
        throw new ValueError(
          `${where}: no live variable named '${name}' is known; pass gradients from tf.variableGrads or optimizer.computeGradients, for variables created with tf.variable`,
        );
      }
      return [tensor, v];
    });
    this.core.applyGradients(pairs);
  }

  /** The optimizer's state (`iter`, then its slots), as TF.js names it. */
  getWeights(): Promise<NamedTensor[]> {
    return Promise.resolve(this.core.getWeights());
  }

  /** Restores state `getWeights` returned. */
  setWeights(weightValues: readonly NamedTensor[]): Promise<void> {
    this.core.setWeights(weightValues);
    return Promise.resolve();
  }

  /** Frees the optimizer's state. */
  dispose(): void {
    this.core.dispose();
  }
}

const wrappers = new WeakMap<CoreOptimizer, Optimizer>();

/** The TF.js handle of a Neurite optimizer (one per optimizer). */
export function wrapOptimizer(core: CoreOptimizer): Optimizer {
  let w = wrappers.get(core);
  if (!w) {
    w = new Optimizer(core);
    wrappers.set(core, w);
  }
  return w;
}

const eps = (epsilon: number | null | undefined): number => epsilon ?? BACKEND_EPSILON;

/** Plain gradient descent: `x ← x − lr·g`. */
function sgd(learningRate: number): Optimizer {
  return wrapOptimizer(new SGD({ learningRate }));
}

/** Gradient descent with (Nesterov) momentum. */
function momentum(learningRate: number, momentum: number, useNesterov = false): Optimizer {
  return wrapOptimizer(new SGD({ learningRate, momentum, nesterov: useNesterov }));
}

/** RMSprop; TF.js's `decay` is the decay of the mean square (Keras's `rho`). */
function rmsprop(
  learningRate: number,
  decay = 0.9,
  momentum = 0,
  epsilon: number | null = null,
  centered = false,
): Optimizer {
  return wrapOptimizer(
    new RMSprop({ learningRate, rho: decay, momentum, epsilon: eps(epsilon), centered }),
  );
}

/** Adam. */
function adam(
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon: number | null = null,
): Optimizer {
  return wrapOptimizer(new Adam({ learningRate, beta1, beta2, epsilon: eps(epsilon) }));
}

/** Adadelta. */
function adadelta(learningRate = 0.001, rho = 0.95, epsilon: number | null = null): Optimizer {
  return wrapOptimizer(new Adadelta({ learningRate, rho, epsilon: eps(epsilon) }));
}

/** Adamax; a non-zero `decay` divides the learning rate by `1 + decay·iterations`. */
function adamax(
  learningRate = 0.002,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon: number | null = null,
  decay = 0,
): Optimizer {
  const lr =
    decay === 0
      ? learningRate
      : inverseTimeDecay({ initialLearningRate: learningRate, decaySteps: 1, decayRate: decay });
  return wrapOptimizer(new Adamax({ learningRate: lr, beta1, beta2, epsilon: eps(epsilon) }));
}

/** Adagrad. */
function adagrad(learningRate: number, initialAccumulatorValue = 0.1): Optimizer {
  return wrapOptimizer(new Adagrad({ learningRate, initialAccumulatorValue }));
}

/**
 * TF.js's `tf.train`: optimizer constructors with TF.js's positional arguments.
 * @example
 * const sgd = tf.train.sgd(0.1);
 * const momentum = tf.train.momentum(0.01, 0.9);
 * const adam = tf.train.adam(); // TF.js's defaults: 0.001, 0.9, 0.999
 */
export const train = Object.freeze({
  sgd,
  momentum,
  rmsprop,
  adam,
  adadelta,
  adamax,
  adagrad,
});

/**
 * The optimizer an id means in TF.js's `compile` (tfjs-layers' `getOptimizer`): TF.js's
 * own defaults, e.g. `'adagrad'` → `adagrad(0.01)`, `'adadelta'` → `adadelta(1)`.
 * Null for an id TF.js does not know (the core then resolves it).
 */
export function tfjsOptimizerFromId(id: string): Optimizer | null {
  switch (id) {
    case 'Adagrad':
    case 'adagrad':
      return adagrad(0.01);
    case 'Adadelta':
    case 'adadelta':
      return adadelta(1, 0.95);
    case 'Adam':
    case 'adam':
      return adam(0.001, 0.9, 0.999);
    case 'Adamax':
    case 'adamax':
      return adamax(0.002, 0.9, 0.999, null, 0);
    case 'RMSProp':
    case 'rmsprop':
      return rmsprop(0.001, 0.9, 0);
    case 'SGD':
    case 'sgd':
      return sgd(0.01);
    default:
      return null;
  }
}
