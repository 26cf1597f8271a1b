/** Lion: sign-based updates from an interpolated momentum. */
import { add, mul, sub } from '../ops/binary.js';
import { sign } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.lion} (Keras 3 defaults: learningRate 0.001, beta1 0.9, beta2 0.99).
 */
export interface LionArgs extends OptimizerArgs {
  /** Interpolation between momentum and gradient for the step, in (0, 1]. Default 0.9. */
  beta1?: number;
  /** Decay of the momentum, in [0, 1]. Default 0.99. */
  beta2?: number;
}

/**
 * Lion, "EvoLved Sign Momentum" (Chen et al. 2023, https://arxiv.org/abs/2302.06675). Keras
 * 3 defaults: lr 0.001, beta1 0.9, beta2 0.99. Use a smaller lr than Adam's (3-10x).
 *
 * `x ← x − lr·sign(β1·m + (1−β1)·g)`, then `m ← β2·m + (1−β2)·g` (slot `m`).
 *
 * @example
 * const opt = nn.optimizers.lion({ learningRate: 1e-4 });
 */
export class Lion extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;

  constructor(args: LionArgs = {}) {
    super(args, 'lion', 0.001);
    const { beta1 = 0.9, beta2 = 0.99 } = args;
    this.beta1 = checkNumber(this.className, 'beta1', beta1, { min: 0, minOpen: true, max: 1 });
    this.beta2 = checkNumber(this.className, 'beta2', beta2, { min: 0, max: 1 });
  }

  override get className(): string {
    return 'Lion';
  }

  protected override slotNames(): readonly string[] {
    return ['m'];
  }

  protected override updateStep(g: Tensor, x: Variable, lr: Tensor): void {
    const { beta1, beta2 } = this;
    const m = this.slot(x, 'm');
    x.assign(sub(x, mul(sign(add(mul(m, beta1), mul(g, 1 - beta1))), lr)));
    m.assign(add(mul(m, beta2), mul(g, 1 - beta2)));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2 };
  }
}
