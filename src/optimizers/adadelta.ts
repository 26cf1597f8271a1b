/** Adadelta: step sizes from running averages of squared gradients and squared updates. */
import { add, div, mul } from '../ops/binary.js';
import { neg, sqrt, square } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.adadelta} (Keras 3 defaults: learningRate 0.001, rho 0.95, epsilon 1e-7).
 */
export interface AdadeltaArgs extends OptimizerArgs {
  /** Decay of both running averages, in [0, 1]. Default 0.95. */
  rho?: number;
  /** Added inside both square roots. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta (Zeiler 2012, https://arxiv.org/abs/1212.5701). Keras 3 defaults: lr 0.001 (Keras
 * 2 and TF.js used 1.0, so the default barely moves), rho 0.95, epsilon 1e-7.
 *
 * `Eg ← ρ·Eg + (1−ρ)·g²` (slot `accum_grad`);
 * `Δ = −g·sqrt(Edx + ε) / sqrt(Eg + ε)` (updated Eg, old Edx);
 * `Edx ← ρ·Edx + (1−ρ)·Δ²` (slot `accum_var`); `x ← x + lr·Δ`.
 *
 * @example
 * const opt = nn.optimizers.adadelta({ learningRate: 1.0 });
 */
export class Adadelta extends Optimizer {
  readonly rho: number;
  readonly epsilon: number;

  constructor(args: AdadeltaArgs = {}) {
    super(args, 'adadelta', 0.001);
    const { rho = 0.95, epsilon = 1e-7 } = args;
    this.rho = checkNumber(this.className, 'rho', rho, { min: 0, max: 1 });
    this.epsilon = checkNumber(this.className, 'epsilon', epsilon, { min: 0 });
  }

  override get className(): string {
    return 'Adadelta';
  }

  protected override slotNames(): readonly string[] {
    return ['accum_grad', 'accum_var'];
  }

  protected override updateStep(g: Tensor, x: Variable, lr: Tensor): void {
    const { rho, epsilon } = this;
    const eg = this.slot(x, 'accum_grad');
    const edx = this.slot(x, 'accum_var');
    eg.assign(add(mul(eg, rho), mul(square(g), 1 - rho)));
    const delta = neg(div(mul(sqrt(add(edx, epsilon)), g), sqrt(add(eg, epsilon))));
    edx.assign(add(mul(edx, rho), mul(square(delta), 1 - rho)));
    x.assign(add(x, mul(delta, lr)));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
