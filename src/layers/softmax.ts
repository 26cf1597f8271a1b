/** Softmax layer (Keras 3 `keras.layers.Softmax`): softmax along one axis. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { softmax } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

export interface SoftmaxArgs extends LayerArgs {
  /** The axis normalized over (negative counts from the end; not the batch axis). Default -1. */
  axis?: number;
}

export class Softmax extends Layer {
  readonly className = 'Softmax';
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
  call(x: Tensor, _opts: CallOptions): Tensor {
    return softmax(x, this.axis);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
