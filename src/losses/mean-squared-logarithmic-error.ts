/** Mean squared logarithmic error (Keras `MeanSquaredLogarithmicError`). */
import { add, log, maximum, mean, square, sub } from '../ops/index.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.meanSquaredLogarithmicError}: a reduction and a name.
 */
export type MeanSquaredLogarithmicErrorArgs = LossArgs;

/**
 * `mean((log(max(ŷ, ε) + 1) − log(max(y, ε) + 1))², −1)`: values at or below 0 count as
 * ε = 1e-7.
 *
 * @example
 * const msle = nn.losses.meanSquaredLogarithmicError();
 * msle([[0, 1]], [[1, 1]]);
 */
export function meanSquaredLogarithmicError(args: MeanSquaredLogarithmicErrorArgs = {}): Loss {
  return makeLoss({
    id: 'meanSquaredLogarithmicError',
    className: 'MeanSquaredLogarithmicError',
    defaultName: 'mean_squared_logarithmic_error',
    args,
    fn: (y, p) => {
      const first = log(add(maximum(p, EPSILON), 1));
      const second = log(add(maximum(y, EPSILON), 1));
      return mean(square(sub(first, second)), -1);
    },
  });
}
