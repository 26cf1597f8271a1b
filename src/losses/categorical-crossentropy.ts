/** Categorical cross-entropy (Keras `CategoricalCrossentropy`). */
import { ShapeError, fmtShape } from '../errors.js';
import { add, clipByValue, div, log, logSoftmax, mul, neg, sum } from '../ops/index.js';
import { crossEntropyFromProbs } from '../ops/cross-entropy.js';
import { normAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLabelSmoothing } from './binary-crossentropy.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.categoricalCrossentropy} (Keras `CategoricalCrossentropy`'s arguments in camelCase).
 */
export interface CategoricalCrossentropyArgs extends LossArgs {
  /** Whether yPred holds logits rather than probabilities. Default false. */
  fromLogits?: boolean;
  /**
   * In [0, 1]: one-hot labels become `y·(1 − s) + s/C` for C classes before the loss.
   * Default 0.
   */
  labelSmoothing?: number;
  /** The class axis. Default −1. */
  axis?: number;
}

/**
 * log ŷ of probabilities as Keras computes it: ŷ is renormalised to sum to 1 along `axis`,
 * then clipped to [ε, 1 − ε].
 */
export function clippedLogProbabilities(p: Tensor, axis: number): Tensor {
  const q = div(p, sum(p, axis, true));
  return log(clipByValue(q, EPSILON, 1 - EPSILON));
}

/**
 * `−sum(y·log ŷ, axis)` for one-hot (or soft) labels. With probabilities ŷ is renormalised
 * and clipped to [1e-7, 1 − 1e-7]; with `fromLogits` it is `−sum(y·logSoftmax(z))`, which
 * stays finite for any logits. yTrue and yPred must have the same shape.
 *
 * @example
 * const cce = nn.losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
 * cce([[0, 1, 0]], [[1.2, 3.1, -0.5]]);
 */
export function categoricalCrossentropy(args: CategoricalCrossentropyArgs = {}): Loss {
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = args;
  checkLabelSmoothing(labelSmoothing, 'categoricalCrossentropy');
  return makeLoss({
    id: 'categoricalCrossentropy',
    className: 'CategoricalCrossentropy',
    defaultName: 'categorical_crossentropy',
    args,
    config: { fromLogits, labelSmoothing, axis },
    fn: (y, p) => {
      if (p.rank === 0) {
        throw new ShapeError(
          `categoricalCrossentropy: expected yPred of rank >= 1 (a class axis), received shape ${fmtShape(p.shape)}`,
        );
      }
      const ax = normAxis(axis, p.rank, 'categoricalCrossentropy');
      const numClasses = p.shape[ax]!;
      const t = labelSmoothing ? add(mul(y, 1 - labelSmoothing), labelSmoothing / numClasses) : y;
      if (!fromLogits && ax === p.rank - 1) {
        // −Σ t·log(clip(p / Σp)) in one op, the same numbers as the composition below.
        return crossEntropyFromProbs(p, t, false, EPSILON, 1 - EPSILON);
      }
      const logP = fromLogits ? logSoftmax(p, ax) : clippedLogProbabilities(p, ax);
      return neg(sum(mul(t, logP), ax));
    },
  });
}
