/** Huber loss (Keras `Huber`). */
import { ValueError } from '../errors.js';
import { abs, lessEqual, mean, mul, square, sub, where } from '../ops/index.js';
import { type Loss, type LossArgs, makeLoss } from './loss.js';

/**
 * Options of {@link losses.huber} (Keras `Huber`'s arguments in camelCase).
 */
export interface HuberArgs extends LossArgs {
  /** Where the loss turns from quadratic to linear. Default 1. */
  delta?: number;
}

/**
 * With e = ŷ − y: `½e²` where |e| ≤ δ, else `δ·|e| − ½δ²`, averaged over the last axis.
 * Quadratic near zero like MSE, linear far out like MAE, so outliers pull less.
 *
 * @example
 * const huber = nn.losses.huber({ delta: 1 });
 * huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]); // 0.155
 */
export function huber(args: HuberArgs = {}): Loss {
  const { delta = 1 } = args;
  if (typeof delta !== 'number' || !(delta > 0)) {
    throw new ValueError(`huber: delta must be a positive number, received ${String(delta)}`);
  }
  return makeLoss({
    id: 'huber',
    className: 'Huber',
    defaultName: 'huber_loss',
    args,
    config: { delta },
    fn: (y, p) => {
      const e = sub(p, y);
      const a = abs(e);
      const quadratic = mul(square(e), 0.5);
      const linear = sub(mul(a, delta), 0.5 * delta * delta);
      return mean(where(lessEqual(a, delta), quadratic, linear), -1);
    },
  });
}
