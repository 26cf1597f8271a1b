/** Conv2D: 2-D convolution over channels-last images, `activation(conv2d(x, kernel) + bias)`. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, concat, conv2d, split } from '../ops/index.js';
import {
  checkFits,
  checkPadding,
  convAxis,
  type ConvPadding,
  type Pair,
  pair,
  windowSpan,
} from '../ops/conv.js';
import type { CallOptions, LayerArgs, LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';

/**
 * Options of {@link layers.conv2d} (Keras `Conv2D`'s arguments, in camelCase).
 */
export interface Conv2DArgs extends LayerArgs, KernelLayerArgs {
  /** Number of output channels (positive integer). */
  filters: number;
  /** Window height and width (one number for both). */
  kernelSize: Pair;
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Only 'channels_last' (NHWC). */
  dataFormat?: 'channels_last';
  /** Default 1. */
  dilationRate?: Pair;
  /**
   * Channel groups (default 1): input channels and filters are split into `groups` equal
   * blocks and block g of the filters sees block g of the input channels only.
   */
  groups?: number;
}

/** Rejects a data format other than channels last, naming the layer. */
export function checkChannelsLast(format: unknown, where: string): void {
  if (
    format !== undefined &&
    format !== null &&
    format !== 'channels_last' &&
    format !== 'channelsLast'
  ) {
    throw new ValueError(
      `${where}: dataFormat must be 'channels_last' (images as [batch, height, width, channels]), received ${JSON.stringify(format)}`,
    );
  }
}

/**
 * The `Conv2D` layer (Keras `keras.layers.Conv2D`): see {@link layers.conv2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Conv2D({ filters: 8, kernelSize: 3 });
 */
export class Conv2D extends KernelLayer {
  readonly className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;
  readonly dilationRate: [number, number];
  readonly groups: number;

  constructor(args: Conv2DArgs) {
    super(args);
    const where = `Conv2D '${this.name}'`;
    if (!args || !Number.isInteger(args.filters) || args.filters <= 0) {
      throw new ValueError(
        `${where}: filters must be a positive integer, received ${args?.filters}`,
      );
    }
    checkChannelsLast(args.dataFormat, where);
    this.filters = args.filters;
    this.kernelSize = pair(args.kernelSize, 'kernelSize', where);
    this.strides = pair(args.strides ?? 1, 'strides', where);
    this.padding = checkPadding(args.padding ?? 'valid', where);
    this.dilationRate = pair(args.dilationRate ?? 1, 'dilationRate', where);
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1)
      throw new ValueError(`${where}: strides and dilationRate cannot both be above 1`);
    this.groups = args.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0) {
      throw new ValueError(
        `${where}: groups must be a positive integer, received ${JSON.stringify(args.groups)}`,
      );
    }
    if (this.filters % this.groups !== 0) {
      throw new ValueError(
        `${where}: filters (${this.filters}) must be divisible by groups (${this.groups})`,
      );
    }
  }

  override build(inputShape: ShapeSpec): void {
    const channels = inputShape[3];
    if (inputShape.length !== 4 || channels === null || channels === undefined) {
      throw new ShapeError(
        `Conv2D '${this.name}': expected input of shape [batch, height, width, channels] with known channels, received ${fmtSpecJson(inputShape)}`,
      );
    }
    if (channels % this.groups !== 0) {
      throw new ShapeError(
        `Conv2D '${this.name}': the input's ${channels} channels must be divisible by groups (${this.groups})`,
      );
    }
    const [kh, kw] = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [kh, kw, channels / this.groups, this.filters],
      this.kernelInitializer,
      {
        regularizer: this.kernelRegularizer,
      },
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const channels = this.kernel!.shape[2]! * this.groups;
    if (shape.length !== 4 || (shape[3] !== null && shape[3] !== channels)) {
      throw new ShapeError(
        `Conv2D '${this.name}': expected input of shape [batch, height, width, ${channels}], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const conv = (xi: Tensor, ki: Tensor): Tensor =>
      conv2d(xi, ki, this.strides, this.padding, 'NHWC', this.dilationRate);
    let y: Tensor;
    if (this.groups === 1) y = conv(x, this.kernel!);
    else {
      // One convolution per block of channels and filters, concatenated.
      const xs = split(x, this.groups, 3);
      const ks = split(this.kernel!, this.groups, 3);
      y = concat(
        xs.map((xi, g) => conv(xi, ks[g]!)),
        3,
      );
    }
    if (this.bias) y = add(y, this.bias);
    y = this.activation(y);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const span = windowSpan(this.kernelSize, this.dilationRate);
    checkFits(
      [inputShape[1] ?? 0, inputShape[2] ?? 0],
      span,
      this.padding,
      () => `Conv2D '${this.name}': the input ${fmtSpecJson(inputShape)}`,
    );
    const side = (i: 0 | 1): number | null => {
      const size = inputShape[i + 1];
      if (size === null || size === undefined) return null;
      return convAxis(size, span[i], this.strides[i], this.padding).out;
    };
    return [inputShape[0] ?? null, side(0), side(1), this.filters];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
      dilationRate: [...this.dilationRate],
      groups: this.groups,
    };
  }
}
