/**
 * DepthwiseConv2D (Keras 3): each input channel convolved with its own `depthMultiplier`
 * filters, `activation(depthwise(x, kernel) + bias)`, kernel [kh, kw, channels,
 * depthMultiplier]; output channel c·depthMultiplier + m. Computed as one conv2d per
 * channel (a grouped convolution), so its gradients are conv2d's.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { add, concat, conv2d, reshape, split } from '../ops/index.js';
import {
  checkFits,
  checkPadding,
  convAxis,
  type ConvPadding,
  type Pair,
  pair,
  windowSpan,
} from '../ops/conv.js';
import { type Activation, get as getActivation } from '../activations/index.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import {
  type Regularizer,
  type RegularizerIdentifier,
  get as getRegularizer,
} from '../regularizers/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';
import { serializeInitializer, serializeRegularizer } from './serialize.js';

/**
 * The depthwise convolution of `x` [n, h, w, c] with `kernel` [kh, kw, c, m]: channel c
 * convolved with its m filters gives output channels c·m … c·m + m − 1.
 */
export function depthwiseConv2d(
  x: Tensor,
  kernel: Tensor,
  strides: [number, number],
  padding: ConvPadding,
  dilationRate: [number, number],
): Tensor {
  const [kh, kw, c, m] = kernel.shape as [number, number, number, number];
  const k = reshape(kernel, [kh, kw, 1, c * m]);
  if (c === 1) return conv2d(x, k, strides, padding, 'NHWC', dilationRate);
  const xs = split(x, c, 3);
  const ks = split(k, c, 3);
  return concat(
    xs.map((xi, i) => conv2d(xi, ks[i]!, strides, padding, 'NHWC', dilationRate)),
    3,
  );
}

/**
 * Options of {@link layers.depthwiseConv2d} (Keras `DepthwiseConv2D`'s arguments, in camelCase).
 */
export interface DepthwiseConv2DArgs extends LayerArgs {
  /** Window height and width (one number for both). */
  kernelSize: Pair;
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Filters per input channel. Default 1. */
  depthMultiplier?: number;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Default 1. */
  dilationRate?: Pair;
  /** Activation id or function. Default linear (none). */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
}

/**
 * [batch, rows, cols] of a convolution's output (Conv2D's geometry), refusing a window
 * larger than a 'valid' input with the layer's name.
 */
export function convGeometry(
  layer: { className: string; name: string; padding: ConvPadding },
  inputShape: ShapeSpec,
  kernelSize: [number, number],
  strides: [number, number],
  dilationRate: [number, number],
): [number | null, number | null, number | null] {
  const span = windowSpan(kernelSize, dilationRate);
  checkFits(
    [inputShape[1] ?? 0, inputShape[2] ?? 0],
    span,
    layer.padding,
    () => `${layer.className} '${layer.name}': the input ${fmtSpecJson(inputShape)}`,
  );
  const side = (i: 0 | 1): number | null => {
    const size = inputShape[i + 1];
    if (size === null || size === undefined) return null;
    return convAxis(size, span[i], strides[i], layer.padding).out;
  };
  return [inputShape[0] ?? null, side(0), side(1)];
}

const regularizer = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

/**
 * Keras 3's DepthwiseConv2D (channels last).
 * @example
 * const layer = new nn.layers.DepthwiseConv2D({ kernelSize: 3 });
 */
export class DepthwiseConv2D extends Layer {
  readonly className = 'DepthwiseConv2D';
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;
  readonly depthMultiplier: number;
  readonly dilationRate: [number, number];
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly depthwiseInitializer: InitializerIdentifier;
  readonly biasInitializer: InitializerIdentifier;
  readonly depthwiseRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: DepthwiseConv2DArgs) {
    super(args);
    const where = `DepthwiseConv2D '${this.name}'`;
    if (!args) throw new ValueError(`${where}: kernelSize is required`);
    checkChannelsLast(args.dataFormat, where);
    this.kernelSize = pair(args.kernelSize, 'kernelSize', where);
    this.strides = pair(args.strides ?? 1, 'strides', where);
    this.padding = checkPadding(args.padding ?? 'valid', where);
    this.dilationRate = pair(args.dilationRate ?? 1, 'dilationRate', where);
    this.depthMultiplier = args.depthMultiplier ?? 1;
    if (!Number.isInteger(this.depthMultiplier) || this.depthMultiplier <= 0) {
      throw new ValueError(
        `${where}: depthMultiplier must be a positive integer, received ${JSON.stringify(args.depthMultiplier)}`,
      );
    }
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1)
      throw new ValueError(`${where}: strides and dilationRate cannot both be above 1`);
    this.activation = getActivation(args.activation);
    this.useBias = args.useBias ?? true;
    this.depthwiseInitializer = args.depthwiseInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    this.depthwiseRegularizer = regularizer(args.depthwiseRegularizer);
    this.biasRegularizer = regularizer(args.biasRegularizer);
    this.activityRegularizer = regularizer(args.activityRegularizer);
  }

  override build(inputShape: ShapeSpec): void {
    const channels = inputShape[3];
    if (inputShape.length !== 4 || channels === null || channels === undefined) {
      throw new ShapeError(
        `DepthwiseConv2D '${this.name}': expected input of shape [batch, height, width, channels] with known channels, received ${fmtSpecJson(inputShape)}`,
      );
    }
    const [kh, kw] = this.kernelSize;
    this.kernel = this.addWeight(
      'kernel',
      [kh, kw, channels, this.depthMultiplier],
      this.depthwiseInitializer,
      { regularizer: this.depthwiseRegularizer },
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [channels * this.depthMultiplier], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const channels = this.kernel!.shape[2]!;
    if (shape.length !== 4 || (shape[3] !== null && shape[3] !== channels)) {
      throw new ShapeError(
        `DepthwiseConv2D '${this.name}': expected input of shape [batch, height, width, ${channels}], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    let y = depthwiseConv2d(x, this.kernel!, this.strides, this.padding, this.dilationRate);
    if (this.bias) y = add(y, this.bias);
    y = this.activation(y);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const c = inputShape[3];
    return [
      ...convGeometry(this, inputShape, this.kernelSize, this.strides, this.dilationRate),
      c === null || c === undefined ? null : c * this.depthMultiplier,
    ];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      depthMultiplier: this.depthMultiplier,
      dataFormat: 'channels_last',
      dilationRate: [...this.dilationRate],
      activation: this.activation.id,
      useBias: this.useBias,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      depthwiseConstraint: null,
      biasConstraint: null,
    };
  }
}
