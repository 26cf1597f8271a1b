/**
 * What MaxPooling2D and AveragePooling2D share: the window, strides and padding of Keras 3's
 * 2-D pooling layers on channels-last images, their checks, output shape and config.
 */
import { ShapeError } from '../errors.js';
import {
  checkFits,
  checkPadding,
  convAxis,
  type ConvPadding,
  type Pair,
  pair,
} from '../ops/conv.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/**
 * Options of the 2-D pooling layers ({@link layers.maxPooling2d}, {@link layers.averagePooling2d}),
 * Keras's arguments in camelCase.
 */
export interface Pooling2DArgs extends LayerArgs {
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
 * The base of the 2-D pooling layers: the window (`poolSize`), `strides` and `padding`,
 * checked in the constructor; input `[batch, height, width, channels]`.
 *
 * @example
 * const layer = new nn.layers.MaxPooling2D({ poolSize: 2 }); // a Pooling2D
 */
export abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;

  constructor(className: string, args: Pooling2DArgs = {}) {
    super(args);
    const where = `${className} '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.poolSize = pair(args.poolSize ?? 2, 'poolSize', where);
    this.strides = pair(args.strides ?? this.poolSize, 'strides', where);
    this.padding = checkPadding(args.padding ?? 'valid', where);
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `${this.className} '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    checkFits(
      [inputShape[1] ?? 0, inputShape[2] ?? 0],
      this.poolSize,
      this.padding,
      () => `${this.className} '${this.name}': the input ${fmtSpecJson(inputShape)}`,
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
