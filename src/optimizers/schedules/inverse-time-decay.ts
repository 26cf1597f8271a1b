/** Inverse-time learning-rate decay (Keras `InverseTimeDecay`). */
import { checkBoolean, checkNumber, checkString } from '../check-args.js';
import { type LearningRateSchedule, makeSchedule } from './learning-rate-schedule.js';

/**
 * Options of {@link optimizers.schedules.inverseTimeDecay} (Keras `InverseTimeDecay`'s arguments in camelCase).
 */
export interface InverseTimeDecayArgs {
  /** The learning rate at step 0. Required. */
  initialLearningRate: number;
  /** The step unit of the decay; must be > 0. Required. */
  decaySteps: number;
  /** How fast the rate falls. Required. */
  decayRate: number;
  /** Use `floor(step / decaySteps)`. Default false. */
  staircase?: boolean;
  /** Default `'InverseTimeDecay'`. */
  name?: string;
}

/**
 * `lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps)`; with `staircase`
 * `step / decaySteps` is floored.
 *
 * @example
 * const lr = nn.optimizers.schedules.inverseTimeDecay({
 *   initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5,
 * });
 * lr(2); // 0.05
 */
export function inverseTimeDecay(args: InverseTimeDecayArgs): LearningRateSchedule {
  const where = 'inverseTimeDecay';
  const { staircase = false, name = 'InverseTimeDecay' } = args;
  const initialLearningRate = checkNumber(where, 'initialLearningRate', args.initialLearningRate);
  const decaySteps = checkNumber(where, 'decaySteps', args.decaySteps, { min: 0, minOpen: true });
  const decayRate = checkNumber(where, 'decayRate', args.decayRate);
  checkBoolean(where, 'staircase', staircase);
  checkString(where, 'name', name);
  return makeSchedule(
    'InverseTimeDecay',
    { initialLearningRate, decaySteps, decayRate, staircase, name },
    (step) => {
      const p = staircase ? Math.floor(step / decaySteps) : step / decaySteps;
      return initialLearningRate / (1 + decayRate * p);
    },
  );
}
