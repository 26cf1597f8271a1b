/** FTRL-Proximal: follow the regularized leader, with L1/L2 regularization. */
import { add, div, mul, pow, sub } from '../ops/binary.js';
import { square } from '../ops/unary.js';
import { clipByValue } from '../ops/where.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { checkNumber } from './check-args.js';
import { Optimizer, type OptimizerArgs, type OptimizerConfig } from './optimizer.js';

/**
 * Options of {@link optimizers.ftrl} (Keras 3 defaults: learningRate 0.001, learningRatePower −0.5,
 * initialAccumulatorValue 0.1, l1/l2/l2Shrinkage regularization 0, beta 0).
 */
export interface FtrlArgs extends OptimizerArgs {
  /** Power p of the per-coordinate rate, <= 0. Default -0.5. */
  learningRatePower?: number;
  /** Starting value of the accumulator n, >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** L1 strength, >= 0. Default 0. */
  l1RegularizationStrength?: number;
  /** L2 strength, >= 0. Default 0. */
  l2RegularizationStrength?: number;
  /** L2 shrinkage strength (a penalty on the gradient step), >= 0. Default 0. */
  l2ShrinkageRegularizationStrength?: number;
  /** The β of the paper, added as `β/(2·lr)` to the L2 strength. Default 0. */
  beta?: number;
}

/**
 * FTRL-Proximal (McMahan et al. 2013, https://research.google.com/pubs/archive/41159.pdf).
 * Keras 3 defaults: lr 0.001, learningRatePower −0.5, initialAccumulatorValue 0.1, l1 0,
 * l2 0, l2Shrinkage 0, beta 0.
 *
 * With p = learningRatePower, `l2' = l2 + β/(2·lr)`, `ĝ = g + 2·l2Shrinkage·x`:
 * `n' = n + g²`; `z ← z + ĝ − (n'^{−p} − n^{−p})/lr · x`; `q = n'^{−p}/lr + 2·l2'`;
 * `x ← (clip(z, −l1, l1) − z) / q`; `n ← n'`. Slots: `accumulator` (n, starting at
 * initialAccumulatorValue) and `linear` (z, zeros).
 *
 * @example
 * const opt = nn.optimizers.ftrl({ learningRate: 0.1, l1RegularizationStrength: 0.01 });
 */
export class Ftrl extends Optimizer {
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;

  constructor(args: FtrlArgs = {}) {
    super(args, 'ftrl', 0.001);
    const {
      learningRatePower = -0.5,
      initialAccumulatorValue = 0.1,
      l1RegularizationStrength = 0,
      l2RegularizationStrength = 0,
      l2ShrinkageRegularizationStrength = 0,
      beta = 0,
    } = args;
    const w = this.className;
    const nonNeg = { min: 0 };
    this.learningRatePower = checkNumber(w, 'learningRatePower', learningRatePower, { max: 0 });
    this.initialAccumulatorValue = checkNumber(
      w,
      'initialAccumulatorValue',
      initialAccumulatorValue,
      nonNeg,
    );
    this.l1RegularizationStrength = checkNumber(
      w,
      'l1RegularizationStrength',
      l1RegularizationStrength,
      nonNeg,
    );
    this.l2RegularizationStrength = checkNumber(
      w,
      'l2RegularizationStrength',
      l2RegularizationStrength,
      nonNeg,
    );
    this.l2ShrinkageRegularizationStrength = checkNumber(
      w,
      'l2ShrinkageRegularizationStrength',
      l2ShrinkageRegularizationStrength,
      nonNeg,
    );
    this.beta = checkNumber(w, 'beta', beta);
  }

  override get className(): string {
    return 'Ftrl';
  }

  protected override slotNames(): readonly string[] {
    return ['accumulator', 'linear'];
  }

  protected override initialSlotValue(slot: string): number {
    return slot === 'accumulator' ? this.initialAccumulatorValue : 0;
  }

  /** `2·l2'`, with l2' = l2 + β/(2·lr) (the learning rate enters the L2 strength). */
  protected override stepScalars(lr: number): readonly number[] {
    return [2 * (this.l2RegularizationStrength + this.beta / (2 * lr))];
  }

  protected override updateStep(
    g: Tensor,
    x: Variable,
    lr: Tensor,
    [twiceL2]: readonly Tensor[],
  ): void {
    const p = this.learningRatePower;
    const l1 = this.l1RegularizationStrength;
    const n = this.slot(x, 'accumulator');
    const z = this.slot(x, 'linear');
    const gHat = add(g, mul(x, 2 * this.l2ShrinkageRegularizationStrength));
    const nNew = add(n, square(g));
    const powNew = pow(nNew, -p);
    z.assign(add(z, sub(gHat, mul(div(sub(powNew, pow(n, -p)), lr), x))));
    const q = add(div(powNew, lr), twiceL2!);
    x.assign(div(sub(clipByValue(z, -l1, l1), z), q));
    n.assign(nNew);
  }

  override getConfig(): OptimizerConfig {
    return {
      ...super.getConfig(),
      learningRatePower: this.learningRatePower,
      initialAccumulatorValue: this.initialAccumulatorValue,
      l1RegularizationStrength: this.l1RegularizationStrength,
      l2RegularizationStrength: this.l2RegularizationStrength,
      l2ShrinkageRegularizationStrength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
