/** Squared hinge loss (Keras `SquaredHinge`). */
import { maximum, mean, mul, square, sub } from '../ops/index.js';
import { hingeLabels } from './hinge.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.squaredHinge}: a reduction and a name.
 */
export type SquaredHingeArgs = LossArgs;

/**
 * `mean(max(1 − y·ŷ, 0)², −1)` with labels in {−1, +1} (0/1 labels are mapped first).
 *
 * @example
 * const sh = nn.losses.squaredHinge();
 * sh([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); // 1.86
 */
export function squaredHinge(args: SquaredHingeArgs = {}): Loss {
  return makeLoss({
    id: 'squaredHinge',
    className: 'SquaredHinge',
    defaultName: 'squared_hinge',
    args,
    fn: (y, p) => mean(square(maximum(sub(1, mul(hingeLabels(y), p)), 0)), -1),
  });
}
