/** Mean absolute error (Keras `MeanAbsoluteError`). */
import { abs, mean, sub } from '../ops/index.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.meanAbsoluteError}: a reduction and a name.
 */
export type MeanAbsoluteErrorArgs = LossArgs;

/**
 * Mean of absolute errors over the last axis: `mean(|y − ŷ|, −1)`.
 *
 * @example
 * const mae = nn.losses.meanAbsoluteError();
 * mae([[0, 1], [0, 0]], [[1, 1], [1, 0]]); // 0.5
 */
export function meanAbsoluteError(args: MeanAbsoluteErrorArgs = {}): Loss {
  return makeLoss({
    id: 'meanAbsoluteError',
    className: 'MeanAbsoluteError',
    defaultName: 'mean_absolute_error',
    args,
    fn: (y, p) => mean(abs(sub(y, p)), -1),
  });
}
