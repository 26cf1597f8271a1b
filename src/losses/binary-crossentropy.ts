/** Binary cross-entropy (Keras `BinaryCrossentropy`). */
import { ValueError } from '../errors.js';
import { abs, add, clipByValue, exp, log, log1p, mean, mul, neg, relu, sub } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.binaryCrossentropy} (Keras `BinaryCrossentropy`'s arguments in camelCase).
 */
export interface BinaryCrossentropyArgs extends LossArgs {
  /** Whether yPred holds logits (any real number) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /**
   * In [0, 1]: labels are squeezed toward 0.5 as `y·(1 − s) + 0.5·s` before the loss.
   * Default 0.
   */
  labelSmoothing?: number;
  /** The axis the element losses are averaged over. Default −1. */
  axis?: number;
}

/** Checks `labelSmoothing` for the cross-entropies. */
export function checkLabelSmoothing(s: number, id: string): void {
  if (typeof s !== 'number' || !(s >= 0 && s <= 1)) {
    throw new ValueError(`${id}: labelSmoothing must be a number in [0, 1], received ${String(s)}`);
  }
}

/** Element-wise BCE of probabilities, clipped to [ε, 1 − ε] (1 − ε rounds to 0.99999988). */
function bceFromProbabilities(y: Tensor, p: Tensor): Tensor {
  const q = clipByValue(p, EPSILON, 1 - EPSILON);
  return neg(add(mul(y, log(q)), mul(sub(1, y), log(sub(1, q)))));
}

/** Element-wise BCE of logits, in the stable form `max(z, 0) − z·y + log(1 + e^−|z|)`. */
function bceFromLogits(y: Tensor, z: Tensor): Tensor {
  return add(sub(relu(z), mul(z, y)), log1p(exp(neg(abs(z)))));
}

/**
 * `−(y·log ŷ + (1 − y)·log(1 − ŷ))` averaged over `axis`. With probabilities, ŷ is clipped
 * to [1e-7, 1 − 1e-7] first, so a certainly-wrong prediction costs about 15.94 rather than
 * infinity; with `fromLogits` the stable logits form is used and nothing is clipped.
 * yTrue and yPred must have the same shape.
 *
 * @example
 * const bce = nn.losses.binaryCrossentropy({ fromLogits: true });
 * bce([[1, 0, 1]], [[2.5, -1, 0.3]]);
 */
export function binaryCrossentropy(args: BinaryCrossentropyArgs = {}): Loss {
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = args;
  checkLabelSmoothing(labelSmoothing, 'binaryCrossentropy');
  return makeLoss({
    id: 'binaryCrossentropy',
    className: 'BinaryCrossentropy',
    defaultName: 'binary_crossentropy',
    args,
    config: { fromLogits, labelSmoothing, axis },
    fn: (y, p) => {
      const t = labelSmoothing ? add(mul(y, 1 - labelSmoothing), 0.5 * labelSmoothing) : y;
      return mean(fromLogits ? bceFromLogits(t, p) : bceFromProbabilities(t, p), axis);
    },
  });
}
