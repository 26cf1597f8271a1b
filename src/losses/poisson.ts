/** Poisson loss (Keras `Poisson`). */
import { add, log, mean, mul, sub } from '../ops/index.js';
import { EPSILON, type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.poisson}: a reduction and a name.
 */
export type PoissonArgs = LossArgs;

/**
 * `mean(ŷ − y·log(ŷ + ε), −1)`: the negative log-likelihood of counts y under a Poisson
 * rate ŷ, up to a term that does not depend on ŷ.
 *
 * @example
 * const poisson = nn.losses.poisson();
 * poisson([[1, 2]], [[1, 1]]);
 */
export function poisson(args: PoissonArgs = {}): Loss {
  return makeLoss({
    id: 'poisson',
    className: 'Poisson',
    defaultName: 'poisson',
    args,
    fn: (y, p) => mean(sub(p, mul(y, log(add(p, EPSILON)))), -1),
  });
}
