/**
 * GlobalAveragePooling2D (Keras 3): the mean of each channel over the whole image
 * (channels last): [batch, h, w, c] → [batch, c], or [batch, 1, 1, c] with `keepdims`.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mean } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/**
 * Options of {@link layers.globalAveragePooling2d} (Keras `GlobalAveragePooling2D`'s arguments, in camelCase).
 */
export interface GlobalAveragePooling2DArgs extends LayerArgs {
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Keep the two spatial axes (as size 1). Default false. */
  keepdims?: boolean;
}

/**
 * The `GlobalAveragePooling2D` layer (Keras `keras.layers.GlobalAveragePooling2D`): see {@link layers.globalAveragePooling2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.GlobalAveragePooling2D();
 */
export class GlobalAveragePooling2D extends Layer {
  readonly className = 'GlobalAveragePooling2D';
  readonly keepdims: boolean;
  constructor(args: GlobalAveragePooling2DArgs = {}) {
    super(args);
    const where = `GlobalAveragePooling2D '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.keepdims = args.keepdims ?? false;
    if (typeof this.keepdims !== 'boolean')
      throw new ValueError(
        `${where}: keepdims must be true or false, received ${JSON.stringify(this.keepdims)}`,
      );
  }
  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `GlobalAveragePooling2D '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    return mean(x, [1, 2], this.keepdims);
  }
  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    const n = s[0] ?? null;
    const c = s[3] ?? null;
    return this.keepdims ? [n, 1, 1, c] : [n, c];
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: 'channels_last', keepdims: this.keepdims };
  }
}
