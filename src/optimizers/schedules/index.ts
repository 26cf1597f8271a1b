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

/** Every schedule, found by id (`'cosineDecay'`), Keras class name or snake_case name. */
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

export const exponentialDecay = SCHEDULES.register(exponentialDecaySchedule, {
  className: 'ExponentialDecay',
  positional: 'initialLearningRate',
});
export const piecewiseConstantDecay = SCHEDULES.register(piecewiseConstantDecaySchedule, {
  className: 'PiecewiseConstantDecay',
  positional: 'boundaries',
});
export const cosineDecay = SCHEDULES.register(cosineDecaySchedule, {
  className: 'CosineDecay',
  positional: 'initialLearningRate',
});
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
 */
export function getSchedule(identifier: ScheduleIdentifier): LearningRateSchedule {
  return SCHEDULES.get(identifier);
}

/** `getSchedule`, under the name Keras gives it (`keras.optimizers.schedules.get`). */
export const get = getSchedule;
