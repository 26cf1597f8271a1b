/**
 * Learning-rate schedules (`nn.optimizers.schedules`): one file per schedule, one
 * registration per schedule below (which is also its factory), so that
 * `getSchedule({className, config})` can rebuild a saved one.
 */
import { ValueError } from '../../errors.js';
import { type Identifier, Registry } from '../../serialization/registry.js';
import { cosineDecay as cosineDecaySchedule } from './cosine-decay.js';
import { exponentialDecay as exponentialDecaySchedule } from './exponential-decay.js';
import { inverseTimeDecay as inverseTimeDecaySchedule } from './inverse-time-decay.js';
import { isLearningRateSchedule, type LearningRateSchedule } from './learning-rate-schedule.js';
import { piecewiseConstantDecay as piecewiseConstantDecaySchedule } from './piecewise-constant-decay.js';

export * from './learning-rate-schedule.js';
export type { ExponentialDecayArgs } from './exponential-decay.js';
export type { PiecewiseConstantDecayArgs } from './piecewise-constant-decay.js';
export type { CosineDecayArgs } from './cosine-decay.js';
export type { InverseTimeDecayArgs } from './inverse-time-decay.js';

/**
 * Every schedule, found by id (`'cosineDecay'`), Keras class name or snake_case name.
 * @example
 * nn.optimizers.schedules.SCHEDULES.classNames(); // ['ExponentialDecay', …]
 */
export const SCHEDULES = new Registry<LearningRateSchedule>({
  kind: 'schedule',
  namespace: 'nn.optimizers.schedules',
  where: 'getSchedule',
  is: isLearningRateSchedule,
  accepts: 'a schedule id, a schedule or a {className, config} object',
  unknown: (name, registry) =>
    `unknown schedule class '${name}'; expected one of ${registry.classNames().join(', ')}`,
  // A saved schedule must be rebuilt exactly: a key its class does not take is an error.
  read: (config, entry, where) => {
    const schedule = entry.fromConfig(config);
    const known = Object.keys(schedule.getConfig());
    const unknown = Object.keys(config).filter((k) => !known.includes(k));
    if (unknown.length > 0) {
      throw new ValueError(
        `${where}: unknown ${entry.className} config key(s) ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${known.join(', ')}`,
      );
    }
    return schedule;
  },
});

/**
 * Exponential decay (Keras `ExponentialDecay`): `lr(step) = initialLearningRate ·
 * decayRate^(step / decaySteps)`, the exponent floored with `staircase`.
 *
 * @throws ValueError for a missing or non-finite number, or `decaySteps <= 0`.
 * @example
 * const lr = nn.optimizers.schedules.exponentialDecay({
 *   initialLearningRate: 0.1,
 *   decaySteps: 100,
 *   decayRate: 0.5,
 * });
 * lr(100); // 0.05
 * const opt = nn.optimizers.sgd({ learningRate: lr });
 */
export const exponentialDecay = SCHEDULES.register(exponentialDecaySchedule, {
  className: 'ExponentialDecay',
  positional: 'initialLearningRate',
});
/**
 * A piecewise constant rate (Keras `PiecewiseConstantDecay`): `values[i]` on the i-th interval
 * of `boundaries` (each boundary belongs to the interval before it).
 *
 * @throws ValueError unless `values` has one more entry than `boundaries`, which increase strictly.
 * @example
 * const lr = nn.optimizers.schedules.piecewiseConstantDecay({
 *   boundaries: [100, 200],
 *   values: [1.0, 0.5, 0.1],
 * });
 * lr(100); // 1.0
 * lr(101); // 0.5
 */
export const piecewiseConstantDecay = SCHEDULES.register(piecewiseConstantDecaySchedule, {
  className: 'PiecewiseConstantDecay',
  positional: 'boundaries',
});
/**
 * Cosine decay with optional linear warmup (Keras `CosineDecay`; SGDR,
 * https://arxiv.org/abs/1608.03983): `alpha` default 0, no warmup by default.
 *
 * @throws ValueError for a missing number or `decaySteps <= 0`.
 * @example
 * const lr = nn.optimizers.schedules.cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
 * lr(50); // 0.05
 */
export const cosineDecay = SCHEDULES.register(cosineDecaySchedule, {
  className: 'CosineDecay',
  positional: 'initialLearningRate',
});
/**
 * Inverse-time decay (Keras `InverseTimeDecay`): `lr(step) = initialLearningRate /
 * (1 + decayRate · step / decaySteps)`.
 *
 * @throws ValueError for a missing number or `decaySteps <= 0`.
 * @example
 * const lr = nn.optimizers.schedules.inverseTimeDecay({
 *   initialLearningRate: 0.1,
 *   decaySteps: 1,
 *   decayRate: 0.5,
 * });
 * lr(2); // 0.05
 */
export const inverseTimeDecay = SCHEDULES.register(inverseTimeDecaySchedule, {
  className: 'InverseTimeDecay',
  positional: 'initialLearningRate',
});

/** A schedule, its id, or its saved `{className, config}` (Keras's `{class_name, config}`). */
export type ScheduleIdentifier = Identifier<LearningRateSchedule>;

/**
 * Rebuilds a schedule from `{className, config}` (what `schedule.className` and
 * `schedule.getConfig()` give; Keras's snake_case keys are read too). Unknown keys in
 * `config` are rejected. A schedule is returned as is.
 * @throws ValueError for an unknown class name or a config key its class does not take.
 * @example
 * const lr = nn.optimizers.schedules.cosineDecay({ initialLearningRate: 0.1, decaySteps: 10 });
 * const again = nn.optimizers.schedules.getSchedule({
 *   className: lr.className,
 *   config: lr.getConfig(),
 * });
 */
export function getSchedule(identifier: ScheduleIdentifier): LearningRateSchedule {
  return SCHEDULES.get(identifier);
}

/**
 * `getSchedule`, under the name Keras gives it (`keras.optimizers.schedules.get`).
 * @example
 * const lr = nn.optimizers.schedules.get({
 *   className: 'ExponentialDecay',
 *   config: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 },
 * });
 */
export const get = getSchedule;
