/** Log-cosh loss (Keras `LogCosh`). */
import { add, mean, mul, softplus, sub } from '../ops/index.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.logCosh}: a reduction and a name.
 */
export type LogCoshArgs = LossArgs;

/**
 * `mean(log(cosh(ŷ − y)), −1)`, computed stably as `x + softplus(−2x) − log 2` so large
 * errors do not overflow cosh. About x²/2 for small errors and |x| − log 2 for large ones.
 *
 * @example
 * const logCosh = nn.losses.logCosh();
 * logCosh([[0, 1], [0, 0]], [[1, 1], [0, 0]]); // 0.108
 */
export function logCosh(args: LogCoshArgs = {}): Loss {
  return makeLoss({
    id: 'logCosh',
    className: 'LogCosh',
    defaultName: 'log_cosh',
    args,
    fn: (y, p) => {
      const x = sub(p, y);
      return mean(sub(add(x, softplus(mul(x, -2))), Math.LN2), -1);
    },
  });
}
