/** Nadam: Adam with Nesterov momentum. */
import { add, div, mul, sub } from '../ops/binary.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.nadam} (Keras 3 defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 */
export interface NadamArgs extends OptimizerArgs {
  /** Decay of the first moment m, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second moment v, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to sqrt(v̂). Default 1e-7. */
  epsilon?: number;
}

/**
 * Nadam (Dozat 2016, https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ), Keras 3's form
 * with the momentum schedule `μ_t = β1·(1 − 0.5·0.96^t)`. Defaults: lr 0.001, beta1 0.9,
 * beta2 0.999, epsilon 1e-7.
 *
 * Once per update, with t = iterations + 1: `μ_prod ← μ_prod·μ_t` (a scalar starting at 1,
 * saved as `mu_prod`). Per variable: m, v as Adam (slots `m`, `v`);
 * `m̂ = μ_{t+1}·m / (1 − μ_prod·μ_{t+1}) + (1 − μ_t)·g / (1 − μ_prod)`,
 * `v̂ = v / (1 − β2^t)`, `x ← x − lr·m̂ / (sqrt(v̂) + ε)`.
 *
 * @example
 * const opt = nn.optimizers.nadam({ learningRate: 0.002 });
 */
export class Nadam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Product of the μ_t so far, kept in float32 like Keras's variable. */
  #muProd = 1;

  constructor(args: NadamArgs = {}) {
    super(args, 'nadam', 0.001);
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = args;
    const unit = { min: 0, max: 1, maxOpen: true };
    this.beta1 = checkNumber(this.className, 'beta1', beta1, unit);
    this.beta2 = checkNumber(this.className, 'beta2', beta2, unit);
    this.epsilon = checkNumber(this.className, 'epsilon', epsilon, { min: 0 });
  }

  override get className(): string {
    return 'Nadam';
  }

  protected override slotNames(): readonly string[] {
    return ['m', 'v'];
  }

  #mu(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** t);
  }

  /** Advances μ_prod; returns the coefficients of m, g and v for this step. */
  protected override stepScalars(_lr: number, t: number): readonly number[] {
    this.#muProd = Math.fround(this.#muProd * this.#mu(t));
    const muT = this.#mu(t);
    const muNext = this.#mu(t + 1);
    const muProd = this.#muProd;
    return [muNext / (1 - muProd * muNext), (1 - muT) / (1 - muProd), 1 - this.beta2 ** t];
  }

  protected override scalarState(): Record<string, number> {
    return { mu_prod: this.#muProd };
  }

  protected override restoreScalarState(state: Record<string, number>): void {
    this.#muProd = Math.fround(state.mu_prod!);
  }

  protected override updateStep(
    g: Tensor,
    x: Variable,
    lr: Tensor,
    [mCoef, gCoef, vCorrection]: readonly Tensor[],
  ): void {
    const { beta1, beta2 } = this;
    const m = this.slot(x, 'm');
    const v = this.slot(x, 'v');
    m.assign(add(m, mul(sub(g, m), 1 - beta1)));
    v.assign(add(v, mul(sub(square(g), v), 1 - beta2)));
    const mHat = add(mul(m, mCoef!), mul(g, gCoef!));
    const vHat = div(v, vCorrection!);
    x.assign(sub(x, div(mul(mHat, lr), add(sqrt(vHat), this.epsilon))));
  }

  override getConfig(): OptimizerConfig {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
