/** Adam: adaptive moment estimation. */
import { add, div, maximum, mul, sub } from '../ops/binary.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkBoolean, checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';
import { ENGINE } from '../engine/engine.js';
import { makeTensor } from '../tensor/tensor.js';

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

  protected override updateStep(g: Tensor, x: Variable, lr: number): void {
    const { beta1, beta2 } = this;
    const t = this.localStep;
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    const m = this.slot(x, 'm');
    const v = this.slot(x, 'v');
    // One fused pass when the backend has it (the WebAssembly backend): same numbers.
    const be = ENGINE.backend;
    if (be.adamStep && !this.amsgrad && [x, g, m, v].every((t) => t.storage.backend === be)) {
      const [hx, hm, hv] = be.adamStep(x, g, m, v, alpha, beta1, beta2, this.epsilon);
      m.assign(makeTensor(hm, m.shape, 'float32'));
      v.assign(makeTensor(hv, v.shape, 'float32'));
      x.assign(makeTensor(hx, x.shape, 'float32'));
      return;
    }
    m.assign(add(m, mul(sub(g, m), 1 - beta1)));
    v.assign(add(v, mul(sub(square(g), v), 1 - beta2)));
    let vUsed: Tensor = v;
    if (this.amsgrad) {
      const vhat = this.slot(x, 'vhat');
      vhat.assign(maximum(vhat, v));
      vUsed = vhat;
    }
    x.assign(sub(x, div(mul(m, alpha), add(sqrt(vUsed), this.epsilon))));
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
