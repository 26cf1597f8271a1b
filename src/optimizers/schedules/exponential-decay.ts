/** Exponential learning-rate decay (Keras `ExponentialDecay`). */
import { checkBoolean, checkNumber, checkString } from '../check-args.js';
import { type LearningRateSchedule, makeSchedule } from './learning-rate-schedule.js';

/**
 * Options of {@link optimizers.schedules.exponentialDecay} (Keras `ExponentialDecay`'s arguments in camelCase).
 */
export interface ExponentialDecayArgs {
  /** The learning rate at step 0. Required. */
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate`; must be > 0. Required. */
  decaySteps: number;
  /** The factor applied every `decaySteps` steps. Required. */
  decayRate: number;
  /** Decay in whole multiples of `decaySteps` (`floor(step / decaySteps)`). Default false. */
  staircase?: boolean;
  /** Default `'ExponentialDecay'`. */
  name?: string;
}

/**
 * `lr(step) = initialLearningRate · decayRate^(step / decaySteps)`; with `staircase` the
 * exponent is `floor(step / decaySteps)`.
 *
 * @example
 * const lr = nn.optimizers.schedules.exponentialDecay({
 *   initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5,
 * });
 * lr(100); // 0.05
 */
export function exponentialDecay(args: ExponentialDecayArgs): LearningRateSchedule {
  const where = 'exponentialDecay';
  const { staircase = false, name = 'ExponentialDecay' } = args;
  const initialLearningRate = checkNumber(where, 'initialLearningRate', args.initialLearningRate);
  const decaySteps = checkNumber(where, 'decaySteps', args.decaySteps, { min: 0, minOpen: true });
  const decayRate = checkNumber(where, 'decayRate', args.decayRate);
  checkBoolean(where, 'staircase', staircase);
  checkString(where, 'name', name);
  return makeSchedule(
    'ExponentialDecay',
    { initialLearningRate, decaySteps, decayRate, staircase, name },
    (step) => {
      const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
      return initialLearningRate * decayRate ** p;
    },
  );
}
