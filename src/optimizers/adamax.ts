/** Adamax: Adam with the infinity norm. */
import { add, div, maximum, mul, sub } from '../ops/binary.js';
import { abs } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.adamax} (Keras 3 defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 */
export interface AdamaxArgs extends OptimizerArgs {
  /** Decay of the first moment m, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the infinity norm u, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to u. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adamax (Kingma & Ba 2014, section 7.1, https://arxiv.org/abs/1412.6980). Keras 3
 * defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 *
 * With t = iterations + 1: `m ← m + (g − m)(1 − β1)` (slot `m`), `u ← max(β2·u, |g|)`
 * (slot `v`), `x ← x − lr·m / ((1 − β1^t)·(u + ε))`.
 *
 * @example
 * const opt = nn.optimizers.adamax({ learningRate: 0.002 });
 */
export class Adamax extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(args: AdamaxArgs = {}) {
    super(args, 'adamax', 0.001);
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = args;
    const unit = { min: 0, max: 1, maxOpen: true };
    this.beta1 = checkNumber(this.className, 'beta1', beta1, unit);
    this.beta2 = checkNumber(this.className, 'beta2', beta2, unit);
    this.epsilon = checkNumber(this.className, 'epsilon', epsilon, { min: 0 });
  }

  override get className(): string {
    return 'Adamax';
  }

  protected override slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  protected override stepScalars(_lr: number, t: number): readonly number[] {
    return [1 - this.beta1 ** t];
  }

  protected override updateStep(
    g: Tensor,
    x: Variable,
    lr: Tensor,
    [correction]: readonly Tensor[],
  ): void {
    const { beta1, beta2 } = this;
    const m = this.slot(x, 'm');
    const u = this.slot(x, 'v');
    m.assign(add(m, mul(sub(g, m), 1 - beta1)));
    u.assign(maximum(mul(u, beta2), abs(g)));
    x.assign(sub(x, div(mul(m, lr), mul(add(u, this.epsilon), correction!))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
