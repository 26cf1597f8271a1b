/** Adam: adaptive moment estimation. */
import { adamStep } from '../ops/adam-step.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkBoolean, checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.adam} (Keras 3 defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false).
 */
export interface AdamArgs extends OptimizerArgs {
  /** Decay of the first-moment estimate m, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment estimate v, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to the uncorrected sqrt(v). Default 1e-7. */
  epsilon?: number;
  /** Use the running maximum of v (AMSGrad). Default false. */
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba 2014, https://arxiv.org/abs/1412.6980; AMSGrad: Reddi et al. 2018,
 * https://openreview.net/forum?id=ryQu7f-RZ). Keras 3 defaults: lr 0.001, beta1 0.9,
 * beta2 0.999, epsilon 1e-7, amsgrad false.
 *
 * With t = iterations + 1: `m ← m + (g − m)(1 − β1)`, `v ← v + (g² − v)(1 − β2)` (slots `m`
 * and `v`); amsgrad: `v̂ ← max(v̂, v)` (slot `vhat`) replaces v below;
 * `α = lr·sqrt(1 − β2^t) / (1 − β1^t)`; `x ← x − α·m / (sqrt(v) + ε)`. ε is added to the
 * uncorrected sqrt(v) (the paper's "ε-hat" form), unlike PyTorch.
 *
 * @example
 * const opt = nn.optimizers.adam({ learningRate: 0.001 });
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(args: AdamArgs = {}) {
    super(args, 'adam', 0.001);
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = args;
    const unit = { min: 0, max: 1, maxOpen: true };
    this.beta1 = checkNumber(this.className, 'beta1', beta1, unit);
    this.beta2 = checkNumber(this.className, 'beta2', beta2, unit);
    this.epsilon = checkNumber(this.className, 'epsilon', epsilon, { min: 0 });
    this.amsgrad = checkBoolean(this.className, 'amsgrad', amsgrad);
  }

  override get className(): string {
    return 'Adam';
  }

  protected override slotNames(): readonly string[] {
    return this.amsgrad ? ['m', 'v', 'vhat'] : ['m', 'v'];
  }

  protected override stepScalars(lr: number, t: number): readonly number[] {
    const { beta1, beta2 } = this;
    return [(lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t)];
  }

  protected override updateStep(
    g: Tensor,
    x: Variable,
    _lr: Tensor,
    [alpha]: readonly Tensor[],
  ): void {
    const { beta1, beta2, epsilon } = this;
    // One fused pass, in place, where the backend has it (the same numbers); the unfused
    // update otherwise and for amsgrad. Either way the slots and x are assigned.
    adamStep.apply({
      x,
      g,
      m: this.slot(x, 'm'),
      v: this.slot(x, 'v'),
      vhat: this.amsgrad ? this.slot(x, 'vhat') : null,
      alpha: alpha!,
      beta1,
      beta2,
      epsilon,
    });
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
    };
  }
}
