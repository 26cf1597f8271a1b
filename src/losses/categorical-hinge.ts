/** Categorical hinge loss (Keras `CategoricalHinge`). */
import { add, max, maximum, mul, sub, sum } from '../ops/index.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.categoricalHinge}: a reduction and a name.
 */
export type CategoricalHingeArgs = LossArgs;

/**
 * `max(0, 1 + max((1 − y)·ŷ) − sum(y·ŷ))` over the last axis, for one-hot labels: the best
 * wrong class must score at least 1 below the true one.
 *
 * @example
 * const ch = nn.losses.categoricalHinge();
 * ch([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); // 1.4
 */
export function categoricalHinge(args: CategoricalHingeArgs = {}): Loss {
  return makeLoss({
    id: 'categoricalHinge',
    className: 'CategoricalHinge',
    defaultName: 'categorical_hinge',
    args,
    fn: (y, p) => {
      const pos = sum(mul(y, p), -1);
      const neg = max(mul(sub(1, y), p), -1);
      return maximum(add(sub(neg, pos), 1), 0);
    },
  });
}
