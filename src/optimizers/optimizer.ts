/**
 * The optimizer base class, with Keras 3 `BaseOptimizer` semantics: everything an optimizer
 * does around its own update rule. One `applyGradients` call drops null gradients, clips
 * (one of clipNorm / globalClipNorm / clipValue), applies decoupled weight decay
 * `x ← x − x·weightDecay·lr`, runs each subclass's `updateStep(grad, variable, lr)` once per
 * variable, then increments `iterations` (so the first update sees step t = 1).
 *
 * Per-variable state ("slots": Adam's m and v, …) lives in non-trainable Variables created
 * lazily by `build(vars)` and updated in place with `assign`, so a training step allocates
 * nothing that outlives it. `getWeights`/`setWeights` read and write that state under
 * TF.js names (`iter`, then `<variable>/<slot>`) so a model can be saved and resumed exactly.
 *
 * Subclasses hold only hyperparameters and the math of one step; they must not touch
 * clipping, weight decay, schedules or the iteration count. The slots live in a SlotStore
 * (slots.ts); `applyGradients`'s input is checked by gradient-pairs.ts, `setWeights`'s by
 * state.ts.
 *
 * Numbers that change from step to step (the learning rate, a bias correction from the
 * iteration count) reach the update as float32 scalar tensors computed by one declared
 * host computation per step (`hostScalars`, ops/host-op.ts), and the iteration count moves
 * on through a declared host effect: so a compiled training step (src/compile/) replays the
 * whole update as kernels and recomputes those numbers at every replay.
 */
import { GradientTape } from '../autograd/gradients.js';
import { withoutTapes } from '../engine/tape-scope.js';
import { tidy } from '../engine/tidy.js';
import { ValueError, fmtShape } from '../errors.js';
import { mul, sub } from '../ops/binary.js';
import { scalar } from '../ops/creation.js';
import { hostEffect, hostScalars } from '../ops/host-op.js';
import { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber, checkOptionalNumber, checkString, showValue } from './check-args.js';
import { clipGradients } from './clip.js';
import { checkGradientPairs } from './gradient-pairs.js';
import { SlotStore } from './slots.js';
import { parseState } from './state.js';
import {
  isLearningRateSchedule,
  type LearningRateSchedule,
  type ScheduleConfig,
} from './schedules/learning-rate-schedule.js';

/** A learning rate: a number, a schedule, or any function of the step (not serializable). */
export type LearningRate = number | LearningRateSchedule | ((step: number) => number);

/** Options every optimizer takes (Keras's names in camelCase). */
export interface OptimizerArgs {
  /**
   * The step size, or a schedule evaluated at `iterations` before each update. Default:
   * the optimizer's Keras 3 default (0.01 for SGD, 0.001 for the others).
   */
  learningRate?: LearningRate;
  /**
   * Decoupled weight decay: before each update `x ← x − x·weightDecay·lr` (never added to
   * the gradient). Default null (off), 0.004 for AdamW.
   */
  weightDecay?: number | null;
  /** Rescale each gradient tensor to L2 norm at most this. Default null. */
  clipNorm?: number | null;
  /** Clip each gradient element to `[-clipValue, clipValue]`. Default null. */
  clipValue?: number | null;
  /** Rescale all gradients together so their joint L2 norm is at most this. Default null. */
  globalClipNorm?: number | null;
  /** The optimizer's name. Default: Keras's (`'adam'`, `'SGD'`, …). */
  name?: string;
}

/** One named state tensor, as `getWeights` returns and `setWeights` takes. */
export interface NamedTensor {
  name: string;
  tensor: Tensor;
}

/** A class name plus its config: how optimizers and schedules are serialized. */
export interface Serialized {
  className: string;
  config: Record<string, ConfigValue>;
}

/** A JSON-friendly config value. */
export type ConfigValue = number | boolean | string | null | readonly number[] | Serialized;

/** An optimizer's hyperparameters, Keras's names in camelCase. */
export type OptimizerConfig = Record<string, ConfigValue>;

/** A `[gradient, variable]` pair; a null or undefined gradient is skipped. */
export type GradientPair = readonly [Tensor | null | undefined, Variable];

function serializeSchedule(s: LearningRateSchedule): Serialized {
  const config: ScheduleConfig = s.getConfig();
  return { className: s.className, config };
}

/**
 * The base class of every optimizer, with Keras 3's `BaseOptimizer` semantics: each
 * `applyGradients` call drops null gradients, clips (`clipNorm`, `globalClipNorm` or
 * `clipValue`), applies decoupled weight decay, runs the subclass's update for each variable,
 * then increments `iterations`. `minimize(lossFn)` computes the gradients too; `getWeights`
 * and `setWeights` read and write its state (TF.js's names) so training resumes exactly.
 *
 * @example
 * const w = nn.variable(nn.tensor([1, 2]), true, 'w');
 * const opt: nn.optimizers.Optimizer = nn.optimizers.adam({ learningRate: 0.1 });
 * const { grads } = nn.variableGrads(() => nn.sum(nn.square(w)));
 * opt.applyGradients([[grads[w.name], w]]);
 * opt.iterations; // 1
 */
export abstract class Optimizer {
  /** The optimizer's name (Keras `name`). */
  readonly name: string;
  /** Decoupled weight decay factor, or null when off. */
  readonly weightDecay: number | null;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
  readonly globalClipNorm: number | null;

  #lr = 0;
  #schedule: LearningRateSchedule | ((step: number) => number) | null = null;
  #iterations = 0;
  /** The slots of every variable, and state setWeights read for variables not built yet. */
  readonly #state = new SlotStore({
    className: () => this.className,
    slotNames: () => this.slotNames(),
    initialSlotValue: (slot) => this.initialSlotValue(slot),
  });
  readonly #excludedVars = new Set<Variable>();
  #excludedNames: RegExp[] = [];

  /**
   * @param args the common options.
   * @param defaultName the Keras default `name` of the subclass.
   * @param defaultLearningRate the Keras 3 default learning rate of the subclass.
   */
  protected constructor(args: OptimizerArgs, defaultName: string, defaultLearningRate: number) {
    const where = this.className;
    const {
      learningRate = defaultLearningRate,
      weightDecay = null,
      clipNorm = null,
      clipValue = null,
      globalClipNorm = null,
      name = defaultName,
    } = args;
    this.name = checkString(where, 'name', name);
    this.learningRate = learningRate;
    this.weightDecay = checkOptionalNumber(where, 'weightDecay', weightDecay, { min: 0 });
    const positive = { min: 0, minOpen: true };
    this.clipNorm = checkOptionalNumber(where, 'clipNorm', clipNorm, positive);
    this.clipValue = checkOptionalNumber(where, 'clipValue', clipValue, positive);
    this.globalClipNorm = checkOptionalNumber(where, 'globalClipNorm', globalClipNorm, positive);
    const set = [
      ['clipNorm', this.clipNorm],
      ['clipValue', this.clipValue],
      ['globalClipNorm', this.globalClipNorm],
    ].filter(([, v]) => v !== null);
    if (set.length > 1) {
      throw new ValueError(
        `${where}: only one of clipNorm, clipValue and globalClipNorm can be set, received ${set.map(([k, v]) => `${k}=${v}`).join(' and ')}`,
      );
    }
  }

  /**
   * The Keras class name (`'Adam'`, `'SGD'`, …), used to rebuild it from its config. Every
   * subclass overrides it (a getter, so the base constructor's messages can use it).
   */
  get className(): string {
    return 'Optimizer';
  }

  /** Names of the per-variable slots, in the order getWeights lists them. */
  protected abstract slotNames(): readonly string[];

  /**
   * The update rule for one variable; runs inside a tidy, after clipping and weight decay.
   * `learningRate` is this step's learning rate and `scalars` the values `stepScalars`
   * returned for it, each a float32 scalar tensor.
   */
  protected abstract updateStep(
    grad: Tensor,
    variable: Variable,
    learningRate: Tensor,
    scalars: readonly Tensor[],
  ): void;

  /**
   * The optimizer's own numbers for the update at 1-based step `step` with learning rate
   * `learningRate` (Adam's bias-corrected step size), computed in JS once per update,
   * before the per-variable steps; `updateStep` gets them as scalar tensors. It may advance
   * optimizer-wide scalar state (Nadam's μ product). It must return as many numbers at
   * every step. A compiled step calls it again at every replay.
   */
  protected stepScalars(_learningRate: number, _step: number): readonly number[] {
    return [];
  }

  /** The value a new slot starts at (zeros unless the optimizer says otherwise). */
  protected initialSlotValue(_slot: string): number {
    return 0;
  }

  /** Optimizer-wide scalar state saved after `iter` (Nadam's `mu_prod`). */
  protected scalarState(): Record<string, number> {
    return {};
  }

  /** Restores what `scalarState` returned (every key is present and checked). */
  protected restoreScalarState(_state: Record<string, number>): void {}

  /** Number of updates applied so far; step t of the running update is `iterations + 1`. */
  get iterations(): number {
    return this.#iterations;
  }

  set iterations(value: number) {
    this.#iterations = checkNumber(this.className, 'iterations', value, {
      min: 0,
      integer: true,
    });
  }

  /** The 1-based step number of the update being applied (`iterations + 1`). */
  protected get localStep(): number {
    return this.#iterations + 1;
  }

  /**
   * The learning rate the next update will use (a schedule is evaluated at `iterations`).
   * Assign a number to change it (as `reduceLROnPlateau` does) or a new schedule; a number
   * cannot replace a schedule, as in Keras.
   */
  get learningRate(): number {
    if (this.#schedule === null) return this.#lr;
    const lr = this.#schedule(this.#iterations);
    if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
      throw new ValueError(
        `${this.className}: the learning-rate schedule returned ${showValue(lr)} at step ${this.#iterations}; expected a non-negative number`,
      );
    }
    return lr;
  }

  set learningRate(value: LearningRate) {
    if (typeof value === 'function') {
      this.#schedule = value;
      return;
    }
    if (this.#schedule !== null) {
      throw new ValueError(
        `${this.className}: this optimizer was created with a learning-rate schedule, so its learning rate cannot be set to a number; create it with a number learningRate instead`,
      );
    }
    this.#lr = checkNumber(this.className, 'learningRate', value, { min: 0 });
  }

  /** The schedule (or function) driving the learning rate, or null for a fixed number. */
  get learningRateSchedule(): LearningRateSchedule | ((step: number) => number) | null {
    return this.#schedule;
  }

  /**
   * Exempts variables from weight decay: those in `varList`, and those whose name matches
   * one of the regular expressions in `varNames` (Keras `exclude_from_weight_decay`).
   */
  excludeFromWeightDecay({
    varList = [],
    varNames = [],
  }: {
    varList?: readonly Variable[];
    varNames?: readonly string[];
  }): void {
    for (const v of varList) this.#excludedVars.add(v);
    this.#excludedNames = [...this.#excludedNames, ...varNames.map((n) => new RegExp(n))];
  }

  #usesWeightDecay(v: Variable): boolean {
    return !this.#excludedVars.has(v) && !this.#excludedNames.some((re) => re.test(v.name));
  }

  /** Variables the optimizer holds state for, in build order. */
  get variables(): Variable[] {
    return this.#state.variables;
  }

  /**
   * The optimizer's state variables (every slot of every variable, in build order): what an
   * update reads and assigns besides the variables it updates.
   */
  get stateVariables(): Variable[] {
    return this.#state.stateVariables;
  }

  /** The slot `name` of `variable` (for subclasses' update rules). */
  protected slot(variable: Variable, name: string): Variable {
    return this.#state.slot(variable, name);
  }

  /**
   * Creates the slots of every variable not seen before (zeros unless the optimizer says
   * otherwise). `applyGradients` calls it; call it yourself to create the state up front.
   * State given earlier to `setWeights` is adopted here.
   */
  build(vars: readonly Variable[]): void {
    this.#state.build(vars);
  }

  /**
   * Applies one update to each variable from its gradient, in Keras's order: drop null
   * gradients, clip, weight decay, `updateStep` per variable, `iterations += 1`.
   * An empty list does nothing; a list whose gradients are all null is an error.
   *
   * @example
   * const opt = nn.optimizers.adam({ learningRate: 0.01 });
   * const { grads } = nn.variableGrads(() => nn.sum(nn.square(w)));
   * opt.applyGradients([[grads[w.name], w]]);
   */
  applyGradients(pairs: readonly GradientPair[]): void {
    const checked = checkGradientPairs(`${this.className}.applyGradients`, pairs);
    if (checked === null) return;
    const { grads, vars } = checked;
    this.build(vars);
    const decay = this.weightDecay;
    withoutTapes(() =>
      tidy(() => {
        // This step's numbers, computed on the host (and again at each compiled replay).
        const values = hostScalars(`${this.className} step`, () => {
          const rate = this.learningRate;
          const own = this.stepScalars(rate, this.localStep);
          return decay === null ? [rate, ...own] : [rate, decay * rate, ...own];
        });
        const lr = values[0]!;
        const scalars = values.slice(decay === null ? 1 : 2);
        const clipped = clipGradients(this, grads);
        if (decay !== null) {
          const factor = values[1]!;
          for (const v of vars) {
            if (this.#usesWeightDecay(v)) tidy(() => v.assign(sub(v, mul(v, factor))));
          }
        }
        vars.forEach((v, i) => tidy(() => this.updateStep(clipped[i]!, v, lr, scalars)));
      }),
    );
    hostEffect(`${this.className} iterations`, () => this.#iterations++);
  }

  /**
   * Computes the gradients of `lossFn()` (a scalar) with respect to `varList` (default: every
   * trainable variable it reads) and applies them. Returns the loss value.
   *
   * @example
   * const w = nn.variable(nn.tensor([3]));
   * const opt = nn.optimizers.sgd({ learningRate: 0.1 });
   * for (let i = 0; i < 100; i++) opt.minimize(() => nn.sum(nn.square(w)));
   */
  minimize(lossFn: () => Tensor, varList?: readonly Variable[]): number {
    const where = `${this.className}.minimize`;
    if (typeof lossFn !== 'function') {
      throw new ValueError(`${where}: lossFn must be a function returning a scalar Tensor`);
    }
    if (varList !== undefined) {
      for (const v of varList) {
        if (!(v instanceof Variable)) {
          throw new ValueError(`${where}: varList must hold Variables, received ${showValue(v)}`);
        }
      }
    }
    return tidy(() => {
      const tape = new GradientTape({ watchAccessedVariables: varList === undefined });
      try {
        if (varList) tape.watch(...varList);
        const loss = tape.record(lossFn);
        if (!(loss instanceof Tensor)) {
          throw new ValueError(
            `${where}: lossFn must return a Tensor, received ${showValue(loss)}`,
          );
        }
        if (loss.size !== 1) {
          throw new ValueError(
            `${where}: lossFn must return a scalar, received shape ${fmtShape(loss.shape)}; reduce it (e.g. nn.mean)`,
          );
        }
        const vars = varList ?? tape.watchedVariables();
        if (vars.length === 0) {
          throw new ValueError(
            `${where}: the loss does not read any trainable variable; pass varList or use nn.variable`,
          );
        }
        const grads = tape.gradient(loss, vars);
        this.applyGradients(vars.map((v, i): GradientPair => [grads[i], v]));
        return loss.dataSync()[0]!;
      } finally {
        tape.dispose();
      }
    });
  }

  /**
   * The optimizer's state under TF.js names: `iter` (int32 scalar, the iteration count),
   * any optimizer-wide scalars (Nadam's `mu_prod`), then `<variable name>/<slot>` for each
   * slot, slot by slot, variables in build order. Returns new tensors the caller owns
   * (dispose them); they are snapshots and do not change with later updates.
   */
  getWeights(): NamedTensor[] {
    const out: NamedTensor[] = [{ name: 'iter', tensor: scalar(this.#iterations, 'int32') }];
    for (const [name, value] of Object.entries(this.scalarState())) {
      out.push({ name, tensor: scalar(value, 'float32') });
    }
    for (const w of this.#state.named()) out.push(w);
    const seen = new Set<string>();
    for (const { name } of out) {
      if (seen.has(name)) {
        for (const w of out) w.tensor.dispose();
        throw new ValueError(
          `${this.className}.getWeights: two variables share the name '${name.slice(0, name.lastIndexOf('/'))}', so their optimizer state cannot be told apart; give variables unique names`,
        );
      }
      seen.add(name);
    }
    return out;
  }

  /**
   * Restores state written by `getWeights` (the iteration count, scalars and slots), copying
   * the values. Slots are matched to variables by name; when no name matches (the variables
   * were rebuilt under other names) they are matched by order, as TF.js does. State for
   * variables this optimizer has not seen yet is kept until `build` meets them.
   * Everything is checked before anything changes.
   */
  setWeights(weights: readonly NamedTensor[]): void {
    const where = `${this.className}.setWeights`;
    const scalarNames = Object.keys(this.scalarState());
    const { iter, scalars, entries } = parseState(weights, {
      where,
      className: this.className,
      slotNames: this.slotNames(),
      scalarNames,
    });
    this.#state.restore(entries);
    this.#iterations = iter;
    if (scalarNames.length > 0) this.restoreScalarState(scalars);
  }

  /**
   * The hyperparameters that rebuild this optimizer with `getOptimizer({className, config})`.
   * A schedule appears as `{className, config}`; a plain function learning rate cannot be
   * serialized.
   */
  getConfig(): OptimizerConfig {
    let learningRate: ConfigValue = this.#lr;
    if (this.#schedule !== null) {
      if (!isLearningRateSchedule(this.#schedule)) {
        throw new ValueError(
          `${this.className}.getConfig: the learning rate is a plain function, which cannot be serialized; use a schedule from nn.optimizers.schedules`,
        );
      }
      learningRate = serializeSchedule(this.#schedule);
    }
    return {
      name: this.name,
      learningRate,
      weightDecay: this.weightDecay,
      clipNorm: this.clipNorm,
      globalClipNorm: this.globalClipNorm,
      clipValue: this.clipValue,
    };
  }

  /** Frees the optimizer's state (its slots); the optimizer can be used again afterwards. */
  dispose(): void {
    this.#state.dispose();
  }
}
