/**
 * Conv2DTranspose: the transposed 2-D convolution of Keras 3 over channels-last images,
 * `activation(conv2dTranspose(x, kernel) + bias)`, with the kernel stored as Keras stores it,
 * [kh, kw, filters, inChannels].
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from '../ops/index.js';
import { conv2dTranspose, convTransposeLength } from '../ops/conv-transpose.js';
import { checkPadding, type ConvPadding, type Pair, pair } from '../ops/conv.js';
import type { CallOptions, LayerArgs, LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';
import { checkChannelsLast } from './conv2d.js';

/**
 * Options of {@link layers.conv2dTranspose} (Keras `Conv2DTranspose`'s arguments, in camelCase).
 */
export interface Conv2DTransposeArgs extends LayerArgs, KernelLayerArgs {
  /** Number of output channels (positive integer). */
  filters: number;
  /** Window height and width (one number for both). */
  kernelSize: Pair;
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Extra rows/columns at the bottom/right, each below its stride. Default null (none). */
  outputPadding?: Pair | null;
  /** Only 'channels_last' (NHWC). */
  dataFormat?: 'channels_last';
  /** Only 1. */
  dilationRate?: Pair;
}

/**
 * Keras 3's Conv2DTranspose (dilation 1, channels last).
 * @example
 * const layer = new nn.layers.Conv2DTranspose({ filters: 4, kernelSize: 3 });
 */
export class Conv2DTranspose extends KernelLayer {
  readonly className = 'Conv2DTranspose';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;
  readonly outputPadding: [number, number] | null;

  constructor(args: Conv2DTransposeArgs) {
    super(args);
    const where = `Conv2DTranspose '${this.name}'`;
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
    const op = args.outputPadding;
    this.outputPadding =
      op === null || op === undefined ? null : pair(op, 'outputPadding', where, 0);
    if (
      this.outputPadding &&
      (this.outputPadding[0] >= this.strides[0] || this.outputPadding[1] >= this.strides[1])
    ) {
      throw new ValueError(
        `${where}: outputPadding [${this.outputPadding.join(',')}] must be smaller than strides [${this.strides.join(',')}]`,
      );
    }
    const dil = pair(args.dilationRate ?? 1, 'dilationRate', where);
    if (dil[0] !== 1 || dil[1] !== 1) {
      throw new ValueError(
        `${where}: only dilationRate 1 is supported, received ${JSON.stringify(args.dilationRate)}`,
      );
    }
  }

  override build(inputShape: ShapeSpec): void {
    const channels = inputShape[3];
    if (inputShape.length !== 4 || channels === null || channels === undefined) {
      throw new ShapeError(
        `Conv2DTranspose '${this.name}': expected input of shape [batch, height, width, channels] with known channels, received ${fmtSpecJson(inputShape)}`,
      );
    }
    const [kh, kw] = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [kh, kw, this.filters, channels],
      this.kernelInitializer,
      { regularizer: this.kernelRegularizer },
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const channels = this.kernel!.shape[3]!;
    if (shape.length !== 4 || (shape[3] !== null && shape[3] !== channels)) {
      throw new ShapeError(
        `Conv2DTranspose '${this.name}': expected input of shape [batch, height, width, ${channels}], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    let y = conv2dTranspose(x, this.kernel!, {
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
    });
    if (this.bias) y = add(y, this.bias);
    y = this.activation(y);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const side = (i: 0 | 1): number | null => {
      const size = inputShape[i + 1];
      if (size === null || size === undefined) return null;
      const op = this.outputPadding ? this.outputPadding[i] : null;
      return convTransposeLength(size, this.kernelSize[i], this.strides[i], this.padding, op);
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
      outputPadding: this.outputPadding ? [...this.outputPadding] : null,
      dataFormat: 'channels_last',
      dilationRate: [1, 1],
    };
  }
}
