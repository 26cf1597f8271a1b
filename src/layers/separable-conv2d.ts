/**
 * SeparableConv2D (Keras 3): a depthwise convolution (each channel with its own
 * `depthMultiplier` filters) followed by a 1x1 pointwise convolution to `filters` channels,
 * `activation(pointwise(depthwise(x)) + bias)`. Weights as Keras 3 names and shapes them:
 * depthwise_kernel [kh, kw, channels, depthMultiplier], pointwise_kernel
 * [1, 1, channels·depthMultiplier, filters], bias [filters].
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor, Variable } from '../tensor/tensor.js';
import { add, conv2d } from '../ops/index.js';
import { checkPadding, type ConvPadding, type Pair, pair } from '../ops/conv.js';
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
import { convGeometry, depthwiseConv2d } from './depthwise-conv2d.js';
import { serializeInitializer, serializeRegularizer } from './serialize.js';

/**
 * Options of {@link layers.separableConv2d} (Keras `SeparableConv2D`'s arguments, in camelCase).
 */
export interface SeparableConv2DArgs extends LayerArgs {
  /** Output channels (positive integer). */
  filters: number;
  /** Window height and width (one number for both). */
  kernelSize: Pair;
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Default 1. */
  dilationRate?: Pair;
  /** Depthwise filters per input channel. Default 1. */
  depthMultiplier?: number;
  /** Activation id or function. Default linear (none). */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default 'glorotUniform'. */
  pointwiseInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  pointwiseRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
}

const regularizer = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

/**
 * Keras 3's SeparableConv2D (channels last).
 * @example
 * const layer = new nn.layers.SeparableConv2D({ filters: 8, kernelSize: 3 });
 */
export class SeparableConv2D extends Layer {
  readonly className = 'SeparableConv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;
  readonly dilationRate: [number, number];
  readonly depthMultiplier: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly depthwiseInitializer: InitializerIdentifier;
  readonly pointwiseInitializer: InitializerIdentifier;
  readonly biasInitializer: InitializerIdentifier;
  readonly depthwiseRegularizer: Regularizer | null;
  readonly pointwiseRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  depthwiseKernel: Variable | null = null;
  pointwiseKernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(args: SeparableConv2DArgs) {
    super(args);
    const where = `SeparableConv2D '${this.name}'`;
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
    this.pointwiseInitializer = args.pointwiseInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    this.depthwiseRegularizer = regularizer(args.depthwiseRegularizer);
    this.pointwiseRegularizer = regularizer(args.pointwiseRegularizer);
    this.biasRegularizer = regularizer(args.biasRegularizer);
    this.activityRegularizer = regularizer(args.activityRegularizer);
  }

  override build(inputShape: ShapeSpec): void {
    const channels = inputShape[3];
    if (inputShape.length !== 4 || channels === null || channels === undefined) {
      throw new ShapeError(
        `SeparableConv2D '${this.name}': expected input of shape [batch, height, width, channels] with known channels, received ${fmtSpecJson(inputShape)}`,
      );
    }
    const [kh, kw] = this.kernelSize;
    const m = this.depthMultiplier;
    this.depthwiseKernel = this.addWeight(
      'depthwise_kernel',
      [kh, kw, channels, m],
      this.depthwiseInitializer,
      { regularizer: this.depthwiseRegularizer },
    );
    this.pointwiseKernel = this.addWeight(
      'pointwise_kernel',
      [1, 1, channels * m, this.filters],
      this.pointwiseInitializer,
      { regularizer: this.pointwiseRegularizer },
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const channels = this.depthwiseKernel!.shape[2]!;
    if (shape.length !== 4 || (shape[3] !== null && shape[3] !== channels)) {
      throw new ShapeError(
        `SeparableConv2D '${this.name}': expected input of shape [batch, height, width, ${channels}], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const d = depthwiseConv2d(
      x,
      this.depthwiseKernel!,
      this.strides,
      this.padding,
      this.dilationRate,
    );
    let y = conv2d(d, this.pointwiseKernel!, 1, 'valid');
    if (this.bias) y = add(y, this.bias);
    y = this.activation(y);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [
      ...convGeometry(this, inputShape, this.kernelSize, this.strides, this.dilationRate),
      this.filters,
    ];
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
      depthMultiplier: this.depthMultiplier,
      activation: this.activation.id,
      useBias: this.useBias,
      depthwiseInitializer: serializeInitializer(this.depthwiseInitializer),
      pointwiseInitializer: serializeInitializer(this.pointwiseInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      depthwiseRegularizer: serializeRegularizer(this.depthwiseRegularizer),
      pointwiseRegularizer: serializeRegularizer(this.pointwiseRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      depthwiseConstraint: null,
      pointwiseConstraint: null,
      biasConstraint: null,
    };
  }
}
