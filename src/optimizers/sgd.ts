/** Stochastic gradient descent, with optional (Nesterov) momentum. */
import { add, mul, sub } from '../ops/binary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkBoolean, checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.sgd} (Keras 3 defaults: learningRate 0.01, momentum 0, nesterov false).
 */
export interface SGDArgs extends OptimizerArgs {
  /** Velocity decay μ in [0, 1]; 0 turns momentum off. Default 0. */
  momentum?: number;
  /** Use Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Gradient descent (Keras 3 `SGD`; defaults lr 0.01, momentum 0, nesterov false).
 *
 * Without momentum: `x ← x − lr·g`. With momentum μ, velocity `v` (zeros; slot `momentum`):
 * `v ← μ·v − lr·g`, then `x ← x + v`, or with Nesterov `x ← x + μ·v − lr·g` using the
 * updated v. Keras folds lr into the velocity (PyTorch and TF.js do not), which matters
 * when the learning rate changes. Nesterov momentum: Sutskever et al. 2013,
 * http://proceedings.mlr.press/v28/sutskever13.html.
 *
 * @example
 * const opt = nn.optimizers.sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args, 'SGD', 0.01);
    const { momentum = 0, nesterov = false } = args;
    this.momentum = checkNumber(this.className, 'momentum', momentum, { min: 0, max: 1 });
    this.nesterov = checkBoolean(this.className, 'nesterov', nesterov);
  }

  override get className(): string {
    return 'SGD';
  }

  protected override slotNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected override updateStep(g: Tensor, x: Variable, lr: Tensor): void {
    if (this.momentum === 0) {
      x.assign(sub(x, mul(g, lr)));
      return;
    }
    const mu = this.momentum;
    const v = this.slot(x, 'momentum');
    v.assign(sub(mul(v, mu), mul(g, lr)));
    x.assign(this.nesterov ? add(x, sub(mul(v, mu), mul(g, lr))) : add(x, v));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
