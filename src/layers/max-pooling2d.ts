/** MaxPooling2D: the largest value of each window of each channel (channels-last images). */
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { maxPool } from '../ops/index.js';
import {
  checkFits,
  checkPadding,
  convAxis,
  type ConvPadding,
  type Pair,
  pair,
} from '../ops/conv.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/**
 * Options of {@link layers.maxPooling2d} (Keras `MaxPooling2D`'s arguments, in camelCase).
 */
export interface MaxPooling2DArgs extends LayerArgs {
  /** Window height and width. Default 2. */
  poolSize?: Pair;
  /** Default: the pool size. */
  strides?: Pair | null;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

/**
 * The `MaxPooling2D` layer (Keras `keras.layers.MaxPooling2D`): see {@link layers.maxPooling2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.MaxPooling2D({ poolSize: 2 });
 */
export class MaxPooling2D extends Layer {
  readonly className = 'MaxPooling2D';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;

  constructor(args: MaxPooling2DArgs = {}) {
    super(args);
    const where = `MaxPooling2D '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.poolSize = pair(args.poolSize ?? 2, 'poolSize', where);
    this.strides = pair(args.strides ?? this.poolSize, 'strides', where);
    this.padding = checkPadding(args.padding ?? 'valid', where);
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `MaxPooling2D '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    return maxPool(x, this.poolSize, this.strides, this.padding);
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    checkFits(
      [inputShape[1] ?? 0, inputShape[2] ?? 0],
      this.poolSize,
      this.padding,
      () => `MaxPooling2D '${this.name}': the input ${fmtSpecJson(inputShape)}`,
    );
    const side = (i: 0 | 1): number | null => {
      const size = inputShape[i + 1];
      return size === null || size === undefined
        ? null
        : convAxis(size, this.poolSize[i], this.strides[i], this.padding).out;
    };
    return [inputShape[0] ?? null, side(0), side(1), inputShape[3] ?? null];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      poolSize: [...this.poolSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
    };
  }
}
