/** Adagrad: per-element learning rates from the sum of squared gradients. */
import { add, div, mul, sub } from '../ops/binary.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.adagrad} (Keras 3 defaults: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7).
 */
export interface AdagradArgs extends OptimizerArgs {
  /** Starting value of the accumulator, >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Added inside the square root. Default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad (Duchi et al. 2011, https://jmlr.org/papers/v12/duchi11a.html; Keras 3 defaults
 * lr 0.001, initialAccumulatorValue 0.1, epsilon 1e-7).
 *
 * `acc ← acc + g²` (slot `accumulator`, starting at initialAccumulatorValue);
 * `x ← x − lr·g / sqrt(acc + ε)`.
 *
 * @example
 * const opt = nn.optimizers.adagrad({ learningRate: 0.01 });
 */
export class Adagrad extends Optimizer {
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(args: AdagradArgs = {}) {
    super(args, 'adagrad', 0.001);
    const { initialAccumulatorValue = 0.1, epsilon = 1e-7 } = args;
    this.initialAccumulatorValue = checkNumber(
      this.className,
      'initialAccumulatorValue',
      initialAccumulatorValue,
      { min: 0 },
    );
    this.epsilon = checkNumber(this.className, 'epsilon', epsilon, { min: 0 });
  }

  override get className(): string {
    return 'Adagrad';
  }

  protected override slotNames(): readonly string[] {
    return ['accumulator'];
  }

  protected override initialSlotValue(): number {
    return this.initialAccumulatorValue;
  }

  protected override updateStep(g: Tensor, x: Variable, lr: Tensor): void {
    const acc = this.slot(x, 'accumulator');
    acc.assign(add(acc, square(g)));
    x.assign(sub(x, div(mul(g, lr), sqrt(add(acc, this.epsilon)))));
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      initialAccumulatorValue: this.initialAccumulatorValue,
      epsilon: this.epsilon,
    };
  }
}
