/** LeakyReLU layer (Keras 3 layer default negative slope 0.3). */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { leakyRelu } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.leakyReLU} (Keras `LeakyReLU`'s arguments, in camelCase).
 */
export interface LeakyReLUArgs extends LayerArgs {
  /** Slope for x < 0. Default 0.3 (Keras's layer; the function's default is 0.2). */
  negativeSlope?: number;
  /** TF.js's name for negativeSlope. */
  alpha?: number;
}

/**
 * The `LeakyReLU` layer (Keras `keras.layers.LeakyReLU`): see {@link layers.leakyReLU}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.LeakyReLU({ negativeSlope: 0.1 });
 */
export class LeakyReLU extends Layer {
  readonly className = 'LeakyReLU';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly negativeSlope: number;
  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    this.negativeSlope = args.negativeSlope ?? args.alpha ?? 0.3;
    if (!Number.isFinite(this.negativeSlope) || this.negativeSlope < 0) {
      throw new ValueError(
        `LeakyReLU: negativeSlope must be a number >= 0, received ${this.negativeSlope}`,
      );
    }
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}
