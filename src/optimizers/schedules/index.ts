/**
 * Learning-rate schedules (`nn.optimizers.schedules`), each registered by one line below so
 * that `getSchedule({className, config})` can rebuild a saved one.
 */
import { ValueError } from '../../errors.js';
import { cosineDecay } from './cosine-decay.js';
import { exponentialDecay } from './exponential-decay.js';
import { inverseTimeDecay } from './inverse-time-decay.js';
import type { LearningRateSchedule, ScheduleConfig } from './learning-rate-schedule.js';
import { piecewiseConstantDecay } from './piecewise-constant-decay.js';

export * from './learning-rate-schedule.js';
export * from './exponential-decay.js';
export * from './piecewise-constant-decay.js';
export * from './cosine-decay.js';
export * from './inverse-time-decay.js';

type Factory = (config: never) => LearningRateSchedule;

/** Keras class name → factory. */
const SCHEDULES: Readonly<Record<string, Factory>> = {
  ExponentialDecay: exponentialDecay,
  PiecewiseConstantDecay: piecewiseConstantDecay,
  CosineDecay: cosineDecay,
  InverseTimeDecay: inverseTimeDecay,
};

/**
 * Rebuilds a schedule from `{className, config}` (what `schedule.className` and
 * `schedule.getConfig()` give). Unknown keys in `config` are rejected.
 */
export function getSchedule(serialized: {
  className: string;
  config: ScheduleConfig;
}): LearningRateSchedule {
  const where = 'getSchedule';
  const { className, config } = serialized;
  const factory = Object.hasOwn(SCHEDULES, className) ? SCHEDULES[className] : undefined;
  if (!factory) {
    throw new ValueError(
      `${where}: unknown schedule class '${String(className)}'; expected one of ${Object.keys(SCHEDULES).join(', ')}`,
    );
  }
  if (config === null || typeof config !== 'object') {
    throw new ValueError(`${where}: config of '${className}' must be an object`);
  }
  const schedule = factory(config as never);
  const known = Object.keys(schedule.getConfig());
  const unknown = Object.keys(config).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValueError(
      `${where}: unknown ${className} config key(s) ${unknown.map((k) => `'${k}'`).join(', ')}; expected ${known.join(', ')}`,
    );
  }
  return schedule;
}
