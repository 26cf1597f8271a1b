/** RMSprop: divide the gradient by a running root mean square. */
import { add, div, mul, sub } from '../ops/binary.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkBoolean, checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.rmsprop} (Keras 3 defaults: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false).
 */
export interface RMSpropArgs extends OptimizerArgs {
  /** Decay of the mean square, in [0, 1]. Default 0.9. */
  rho?: number;
  /** Momentum μ in [0, 1]; 0 turns it off. Default 0. */
  momentum?: number;
  /** Added inside the square root. Default 1e-7. */
  epsilon?: number;
  /** Normalize by the centered second moment (the variance). Default false. */
  centered?: boolean;
}

/**
 * RMSprop (Hinton, Coursera lecture 6e,
 * https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf; centered form:
 * Graves 2013, https://arxiv.org/abs/1308.0850). Keras 3 defaults: lr 0.001, rho 0.9,
 * momentum 0, epsilon 1e-7, centered false.
 *
 * `s ← ρ·s + (1−ρ)·g²` (slot `rms`, starting at 0). Centered: `a ← ρ·a + (1−ρ)·g` (slot
 * `mg`), `den = s − a² + ε`; else `den = s + ε`. `inc = lr·g / sqrt(den)` (ε inside the
 * root). With momentum: `m ← μ·m + inc; x ← x − m` (slot `momentum`); else `x ← x − inc`.
 *
 * @example
 * const opt = nn.optimizers.rmsprop({ learningRate: 0.001, centered: true });
 */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args, 'rmsprop', 0.001);
    const { rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = args;
    this.rho = checkNumber(this.className, 'rho', rho, { min: 0, max: 1 });
    this.momentum = checkNumber(this.className, 'momentum', momentum, { min: 0, max: 1 });
    this.epsilon = checkNumber(this.className, 'epsilon', epsilon, { min: 0 });
    this.centered = checkBoolean(this.className, 'centered', centered);
  }

  override get className(): string {
    return 'RMSprop';
  }

  protected override slotNames(): readonly string[] {
    return ['rms', ...(this.momentum > 0 ? ['momentum'] : []), ...(this.centered ? ['mg'] : [])];
  }

  protected override updateStep(g: Tensor, x: Variable, lr: Tensor): void {
    const { rho, epsilon } = this;
    const s = this.slot(x, 'rms');
    s.assign(add(mul(s, rho), mul(square(g), 1 - rho)));
    let den: Tensor;
    if (this.centered) {
      const a = this.slot(x, 'mg');
      a.assign(add(mul(a, rho), mul(g, 1 - rho)));
      den = add(sub(s, square(a)), epsilon);
    } else {
      den = add(s, epsilon);
    }
    const inc = div(mul(g, lr), sqrt(den));
    if (this.momentum > 0) {
      const m = this.slot(x, 'momentum');
      m.assign(add(mul(m, this.momentum), inc));
      x.assign(sub(x, m));
    } else {
      x.assign(sub(x, inc));
    }
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}
