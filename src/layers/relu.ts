/**
 * ReLU layer (Keras 3 `keras.layers.ReLU`): `x` from `threshold` up, capped at `maxValue`,
 * and `negativeSlope·(x − threshold)` below the threshold. With the defaults it is
 * `max(x, 0)`.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { greaterEqual, minimum, mul, relu, sub, where } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.reLU} (Keras `ReLU`'s arguments, in camelCase).
 */
export interface ReLUArgs extends LayerArgs {
  /** The largest output (>= 0); null: no cap. Default null. */
  maxValue?: number | null;
  /** Slope below the threshold (>= 0). Default 0. */
  negativeSlope?: number;
  /** Where the linear part starts (>= 0). Default 0. */
  threshold?: number;
}

/**
 * The `ReLU` layer (Keras `keras.layers.ReLU`): see {@link layers.reLU}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.ReLU({ maxValue: 6 });
 */
export class ReLU extends Layer {
  readonly className = 'ReLU';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  constructor(args: ReLUArgs = {}) {
    super(args);
    const where = `ReLU '${this.name}'`;
    const check = (v: number, what: string): number => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new ValueError(`${where}: ${what} must be a finite number >= 0, received ${v}`);
      return v;
    };
    this.maxValue =
      args.maxValue === undefined || args.maxValue === null
        ? null
        : check(args.maxValue, 'maxValue');
    this.negativeSlope = check(args.negativeSlope ?? 0, 'negativeSlope');
    this.threshold = check(args.threshold ?? 0, 'threshold');
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    let y: Tensor;
    if (this.negativeSlope === 0 && this.threshold === 0) y = relu(x);
    else {
      const below = mul(sub(x, this.threshold), this.negativeSlope);
      y = where(greaterEqual(x, this.threshold), x, below);
    }
    return this.maxValue === null ? y : minimum(y, this.maxValue);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      maxValue: this.maxValue,
      negativeSlope: this.negativeSlope,
      threshold: this.threshold,
    };
  }
}
