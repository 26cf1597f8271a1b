/** Mean squared error (Keras `MeanSquaredError`). */
import { mean, square, sub } from '../ops/index.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.meanSquaredError}: a reduction and a name.
 */
export type MeanSquaredErrorArgs = LossArgs;

/**
 * Mean of squared errors over the last axis: `mean((y − ŷ)², −1)`.
 *
 * @example
 * const mse = nn.losses.meanSquaredError();
 * mse([[0, 1], [0, 0]], [[1, 1], [1, 0]]); // 0.5
 */
export function meanSquaredError(args: MeanSquaredErrorArgs = {}): Loss {
  return makeLoss({
    id: 'meanSquaredError',
    className: 'MeanSquaredError',
    defaultName: 'mean_squared_error',
    args,
    fn: (y, p) => mean(square(sub(y, p)), -1),
  });
}
