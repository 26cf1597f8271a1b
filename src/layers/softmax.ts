/** Softmax layer (Keras 3 `keras.layers.Softmax`): softmax along one axis. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, cast, mul, softmax, sub } from '../ops/index.js';

/** Keras's large negative number for float32 (`_large_negative_number`). */
const MASKED_LOGIT = -1e9;
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.softmax} (Keras `Softmax`'s arguments, in camelCase).
 */
export interface SoftmaxArgs extends LayerArgs {
  /** The axis normalized over (negative counts from the end; not the batch axis). Default -1. */
  axis?: number;
}

/**
 * The `Softmax` layer (Keras `keras.layers.Softmax`): see {@link layers.softmax}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Softmax({ axis: -1 });
 */
export class Softmax extends Layer {
  readonly className = 'Softmax';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly axis: number;
  constructor(args: SoftmaxArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    if (!Number.isInteger(this.axis) || this.axis === 0) {
      throw new ValueError(
        `Softmax '${this.name}': axis must be a non-zero integer (axis 0 is the batch), received ${this.axis}`,
      );
    }
  }
  protected override checkInputShape(shape: ShapeSpec): void {
    const ax = this.axis < 0 ? shape.length + this.axis : this.axis;
    if (ax <= 0 || ax >= shape.length) {
      throw new ShapeError(
        `Softmax '${this.name}': axis ${this.axis} is not a feature axis of input ${fmtSpecJson(shape)}`,
      );
    }
  }
  /**
   * With a mask (Keras 3): masked positions get -1e9 added before the softmax. As in Keras
   * the mask must broadcast to the input aligned from the right, so a sequence mask
   * `[batch, steps]` does not fit a `[batch, steps, features]` input.
   */
  call(x: Tensor, opts: CallOptions): Tensor {
    const mask = opts.mask;
    if (mask === undefined || mask === null || Array.isArray(mask)) return softmax(x, this.axis);
    const m = mask as Tensor;
    const fits =
      m.rank <= x.rank && m.shape.every((d, i) => d === 1 || d === x.shape[x.rank - m.rank + i]);
    if (!fits) {
      throw new ShapeError(
        `Softmax '${this.name}': the mask must broadcast to the input aligned from the right (each mask dimension 1 or the input's), as in Keras; received mask [${m.shape.join(', ')}] for input [${x.shape.join(', ')}]`,
      );
    }
    return softmax(add(x, mul(sub(1, cast(m, 'float32')), MASKED_LOGIT)), this.axis);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
