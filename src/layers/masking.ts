/**
 * Masking (Keras 3): marks the time steps whose features all equal `maskValue` as padding.
 * The output is the input with those steps zeroed, and carries the mask
 * `any(x != maskValue, axis=-1)` (shape `[batch, time]`) for the layers downstream.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { any, cast, expandDims, mul, notEqual } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.masking} (Keras `Masking`'s arguments, in camelCase).
 */
export interface MaskingArgs extends LayerArgs {
  /** The padding value. Default 0. */
  maskValue?: number;
}

/**
 * The `Masking` layer (Keras `keras.layers.Masking`): see {@link layers.masking}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Masking({ maskValue: -1 });
 */
export class Masking extends Layer {
  readonly className = 'Masking';
  readonly maskValue: number;

  constructor(args: MaskingArgs = {}) {
    super(args);
    const v = args?.maskValue ?? 0;
    if (typeof v !== 'number' || Number.isNaN(v)) {
      throw new ValueError(`Masking: maskValue must be a number, received ${String(v)}`);
    }
    this.maskValue = v;
  }

  override get supportsMasking(): boolean {
    return true;
  }

  #mask(x: Tensor): Tensor {
    return any(notEqual(x, this.maskValue), -1);
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    return mul(x, cast(expandDims(this.#mask(x), -1), x.dtype));
  }

  override computeMask(
    inputs: readonly Tensor[],
    _masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    return [this.#mask(inputs[0]!)];
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length < 3) {
      throw new ShapeError(
        `Masking '${this.name}': expected input of shape [batch, time, features], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), maskValue: this.maskValue };
  }
}
