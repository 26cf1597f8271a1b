/** Mean absolute percentage error (Keras `MeanAbsolutePercentageError`). */
import { abs, div, maximum, mean, mul, sub } from '../ops/index.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.meanAbsolutePercentageError}: a reduction and a name.
 */
export type MeanAbsolutePercentageErrorArgs = LossArgs;

/**
 * `100 · mean(|y − ŷ| / max(|y|, ε), −1)` with ε = 1e-7, so a zero label does not divide by
 * zero (it makes the error huge instead).
 *
 * @example
 * const mape = nn.losses.meanAbsolutePercentageError();
 * mape([[2, 4]], [[1, 5]]); // 37.5
 */
export function meanAbsolutePercentageError(args: MeanAbsolutePercentageErrorArgs = {}): Loss {
  return makeLoss({
    id: 'meanAbsolutePercentageError',
    className: 'MeanAbsolutePercentageError',
    defaultName: 'mean_absolute_percentage_error',
    args,
    fn: (y, p) => mul(mean(abs(div(sub(y, p), maximum(abs(y), EPSILON))), -1), 100),
  });
}
