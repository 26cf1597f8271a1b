/** Piecewise constant learning rate (Keras `PiecewiseConstantDecay`). */
import { ValueError } from '../../errors.js';
import { checkNumber, checkString } from '../check-args.js';
import { type LearningRateSchedule, makeSchedule } from './learning-rate-schedule.js';

/**
 * Options of {@link optimizers.schedules.piecewiseConstantDecay} (Keras `PiecewiseConstantDecay`'s arguments in camelCase).
 */
export interface PiecewiseConstantDecayArgs {
  /** Strictly increasing step boundaries. Required. */
  boundaries: readonly number[];
  /** One more value than boundaries: the rate on each interval. Required. */
  values: readonly number[];
  /** Default `'PiecewiseConstant'`. */
  name?: string;
}

/**
 * `values[0]` while `step <= boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step <= boundaries[i]`, and `values[n]` after the last boundary.
 *
 * @example
 * const lr = nn.optimizers.schedules.piecewiseConstantDecay({
 *   boundaries: [100, 200], values: [1.0, 0.5, 0.1],
 * });
 * lr(100); // 1.0
 * lr(101); // 0.5
 */
export function piecewiseConstantDecay(args: PiecewiseConstantDecayArgs): LearningRateSchedule {
  const where = 'piecewiseConstantDecay';
  const { boundaries, values, name = 'PiecewiseConstant' } = args;
  if (!Array.isArray(boundaries) || !Array.isArray(values)) {
    throw new ValueError(`${where}: boundaries and values must be arrays of numbers`);
  }
  if (boundaries.length !== values.length - 1) {
    throw new ValueError(
      `${where}: values must have one more element than boundaries, received ${boundaries.length} boundaries and ${values.length} values`,
    );
  }
  const b = boundaries.map((x, i) => checkNumber(where, `boundaries[${i}]`, x));
  const v = values.map((x, i) => checkNumber(where, `values[${i}]`, x));
  for (let i = 1; i < b.length; i++) {
    if (!(b[i]! > b[i - 1]!)) {
      throw new ValueError(
        `${where}: boundaries must be strictly increasing, received ${b[i - 1]} then ${b[i]}`,
      );
    }
  }
  checkString(where, 'name', name);
  return makeSchedule('PiecewiseConstantDecay', { boundaries: b, values: v, name }, (step) => {
    let i = 0;
    while (i < b.length && step > b[i]!) i++;
    return v[i]!;
  });
}
