/** Kullback–Leibler divergence (Keras `KLDivergence`). */
import { clipByValue, div, log, mul, sum } from '../ops/index.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.kullbackLeiblerDivergence}: a reduction and a name.
 */
export type KullbackLeiblerDivergenceArgs = LossArgs;

/**
 * `sum(y·log(y / ŷ), −1)` with both y and ŷ first clipped to [ε, 1], so zeros cost nothing
 * and never produce NaN.
 *
 * @example
 * const kld = nn.losses.kld();
 * kld([[0.5, 0.5]], [[0.9, 0.1]]);
 */
export function kullbackLeiblerDivergence(args: KullbackLeiblerDivergenceArgs = {}): Loss {
  return makeLoss({
    id: 'kld',
    className: 'KLDivergence',
    defaultName: 'kl_divergence',
    args,
    fn: (y, p) => {
      const t = clipByValue(y, EPSILON, 1);
      const q = clipByValue(p, EPSILON, 1);
      return sum(mul(t, log(div(t, q))), -1);
    },
  });
}

/** Short id of `kullbackLeiblerDivergence`. */
export const kld = kullbackLeiblerDivergence;
