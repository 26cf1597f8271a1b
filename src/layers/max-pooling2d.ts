/** MaxPooling2D: the largest value of each window of each channel (channels-last images). */
import type { Tensor } from '../tensor/tensor.js';
import { maxPool } from '../ops/index.js';
import type { CallOptions } from './layer.js';
import { Pooling2D, type Pooling2DArgs } from './pooling2d.js';

/**
 * Options of {@link layers.maxPooling2d} (Keras `MaxPooling2D`'s arguments, in camelCase).
 */
export type MaxPooling2DArgs = Pooling2DArgs;

/**
 * The `MaxPooling2D` layer (Keras `keras.layers.MaxPooling2D`): see {@link layers.maxPooling2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.MaxPooling2D({ poolSize: 2 });
 */
export class MaxPooling2D extends Pooling2D {
  readonly className = 'MaxPooling2D';

  constructor(args: MaxPooling2DArgs = {}) {
    super('MaxPooling2D', args);
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    return maxPool(x, this.poolSize, this.strides, this.padding);
  }
}
