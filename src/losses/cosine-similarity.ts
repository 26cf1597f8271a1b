/** Cosine similarity loss (Keras `CosineSimilarity`). */
import { ValueError } from '../errors.js';
import { maximum, mul, neg, rsqrt, square, sum } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.cosineSimilarity} (Keras `CosineSimilarity`'s arguments in camelCase).
 */
export interface CosineSimilarityArgs extends LossArgs {
  /** The axis along which vectors are compared (the features axis). Default −1. */
  axis?: number;
}

/**
 * x / max(‖x‖₂, ε) along `axis` (Keras's `normalize`: ε = 1e-7, so a zero vector stays zero).
 * Flooring the squared norm at ε² keeps the gradient finite at zero.
 */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, rsqrt(maximum(sum(square(x), axis, true), EPSILON * EPSILON)));
}

/**
 * `−sum(l2norm(y) · l2norm(ŷ), axis)`: −1 when the vectors point the same way, 0 when they
 * are orthogonal (or one is zero), +1 when opposite. Minimising it aligns ŷ with y.
 *
 * @example
 * const cos = nn.losses.cosineSimilarity();
 * cos([[0, 1], [1, 1]], [[1, 0], [1, 1]]); // mean of [−0, −1] = −0.5
 */
export function cosineSimilarity(args: CosineSimilarityArgs = {}): Loss {
  const { axis = -1 } = args;
  if (!Number.isInteger(axis)) {
    throw new ValueError(`cosineSimilarity: axis must be an integer, received ${String(axis)}`);
  }
  return makeLoss({
    id: 'cosineSimilarity',
    className: 'CosineSimilarity',
    defaultName: 'cosine_similarity',
    args,
    config: { axis },
    fn: (y, p) => neg(sum(mul(l2Normalize(y, axis), l2Normalize(p, axis)), axis)),
  });
}
