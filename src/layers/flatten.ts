/** Flatten: `[batch, d1, d2, …]` → `[batch, d1·d2·…]`. */
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from '../ops/index.js';
import { type CallOptions, knownSize, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import type { ShapeSpec } from './symbolic.js';

/**
 * The `Flatten` layer (Keras `keras.layers.Flatten`): see {@link layers.flatten}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Flatten();
 */
export class Flatten extends Layer {
  readonly className = 'Flatten';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    if (x.rank === 0) return reshape(x, [1, 1]);
    return reshape(x, [x.shape[0]!, x.size / Math.max(1, x.shape[0]!) || 0]);
  }
  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [inputShape[0] ?? null, knownSize(inputShape.slice(1))];
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: 'channels_last' };
  }
}
