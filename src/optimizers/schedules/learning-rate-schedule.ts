/**
 * The learning-rate schedule type: a function of the optimizer step (`iterations`, 0 for the
 * first update) returning the learning rate, which also knows its class name and config so
 * an optimizer using it can be saved and rebuilt. Schedules are plain float64 JS math: they
 * run once per `applyGradients`, not per element.
 */
import { ValueError } from '../../errors.js';

/** A JSON-friendly config value of a schedule. */
export type ScheduleConfigValue = number | boolean | string | null | readonly number[];

/** A schedule's hyperparameters, Keras's names in camelCase. */
export type ScheduleConfig = Record<string, ScheduleConfigValue>;

/**
 * A serializable learning-rate schedule (Keras `LearningRateSchedule`): call it with the
 * optimizer step to get the learning rate.
 *
 * @example
 * const lr = nn.optimizers.schedules.exponentialDecay({
 *   initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96,
 * });
 * lr(0); // 0.1
 * const opt = nn.optimizers.sgd({ learningRate: lr });
 */
export interface LearningRateSchedule {
  (step: number): number;
  /** The Keras class name, e.g. `'ExponentialDecay'`. */
  readonly className: string;
  /** The arguments that rebuild this schedule (`getSchedule({className, config})`). */
  getConfig(): ScheduleConfig;
}

/**
 * True for a schedule built by `nn.optimizers.schedules` (a function with `getConfig`).
 * @example
 * const lr = nn.optimizers.schedules.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 1 });
 * nn.optimizers.schedules.isLearningRateSchedule(lr); // true
 * nn.optimizers.schedules.isLearningRateSchedule((step: number) => 0.1); // false: no className
 */
export function isLearningRateSchedule(x: unknown): x is LearningRateSchedule {
  return (
    typeof x === 'function' &&
    typeof (x as Partial<LearningRateSchedule>).getConfig === 'function' &&
    typeof (x as Partial<LearningRateSchedule>).className === 'string'
  );
}

/**
 * Wraps `fn` as a schedule; `fn` gets a checked, non-negative step.
 * @throws ValueError (from the schedule) when called with a negative or non-number step.
 * @example
 * const halving = nn.optimizers.schedules.makeSchedule('Halving', { every: 10 }, (step) =>
 *   0.1 * 0.5 ** Math.floor(step / 10),
 * );
 * halving(20); // 0.025
 */
export function makeSchedule(
  className: string,
  config: ScheduleConfig,
  fn: (step: number) => number,
): LearningRateSchedule {
  const frozen = Object.freeze({ ...config });
  const schedule = (step: number): number => {
    if (typeof step !== 'number' || !(step >= 0)) {
      throw new ValueError(
        `${className}: step must be a non-negative number, received ${String(step)}`,
      );
    }
    return fn(step);
  };
  return Object.assign(schedule, {
    className,
    getConfig: (): ScheduleConfig => ({ ...frozen }),
  });
}
