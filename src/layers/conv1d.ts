/**
 * Conv1D (Keras 3): 1-D convolution over channels-last sequences [batch, steps, channels],
 * `activation(conv1d(x, kernel) + bias)`, computed as a 2-D convolution of a height-1 view
 * (so its gradients are conv2d's). Padding 'causal' pads the start of the sequence only, so
 * output step t sees input steps up to t.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, conv2d, pad, reshape } from '../ops/index.js';
import { checkFits, convAxis } from '../ops/conv.js';
import type { CallOptions, LayerArgs, LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';
import { checkChannelsLast } from './conv2d.js';

/** A 1-D size: a number or Keras's one-element list. */
export type Single = number | readonly [number];

/** Reads a positive (or, with `min` 0, non-negative) 1-D size, naming the layer. */
export function single(v: Single, what: string, where: string, min = 1): number {
  const n: unknown = typeof v === 'number' ? v : Array.isArray(v) && v.length === 1 ? v[0] : NaN;
  if (!Number.isInteger(n) || (n as number) < min) {
    throw new ValueError(
      `${where}: ${what} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer (or a list of one), received ${JSON.stringify(v)}`,
    );
  }
  return n as number;
}

/** Conv1D's paddings: Conv2D's and 'causal'. */
export type Conv1DPadding = 'valid' | 'same' | 'causal';

/**
 * Options of {@link layers.conv1d} (Keras `Conv1D`'s arguments, in camelCase).
 */
export interface Conv1DArgs extends LayerArgs, KernelLayerArgs {
  /** Number of output channels (positive integer). */
  filters: number;
  /** Window length. */
  kernelSize: Single;
  /** Default 1. */
  strides?: Single;
  /** Default 'valid'. */
  padding?: Conv1DPadding;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Default 1. */
  dilationRate?: Single;
  /** Only 1 (grouped 1-D convolutions are not supported). */
  groups?: number;
}

/**
 * Keras 3's Conv1D; kernel [kernelSize, channels, filters].
 * @example
 * const layer = new nn.layers.Conv1D({ filters: 4, kernelSize: 3 });
 */
export class Conv1D extends KernelLayer {
  readonly className = 'Conv1D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: Conv1DPadding;
  readonly dilationRate: number;

  constructor(args: Conv1DArgs) {
    super(args);
    const where = `Conv1D '${this.name}'`;
    if (!args || !Number.isInteger(args.filters) || args.filters <= 0) {
      throw new ValueError(
        `${where}: filters must be a positive integer, received ${args?.filters}`,
      );
    }
    checkChannelsLast(args.dataFormat, where);
    this.filters = args.filters;
    this.kernelSize = single(args.kernelSize, 'kernelSize', where);
    this.strides = single(args.strides ?? 1, 'strides', where);
    this.dilationRate = single(args.dilationRate ?? 1, 'dilationRate', where);
    const p = args.padding ?? 'valid';
    if (p !== 'valid' && p !== 'same' && p !== 'causal') {
      throw new ValueError(
        `${where}: padding must be 'valid', 'same' or 'causal', received ${JSON.stringify(p)}`,
      );
    }
    this.padding = p;
    if (this.strides > 1 && this.dilationRate > 1)
      throw new ValueError(`${where}: strides and dilationRate cannot both be above 1`);
    if (args.groups !== undefined && args.groups !== 1) {
      throw new ValueError(
        `${where}: only groups 1 is supported for Conv1D, received ${JSON.stringify(args.groups)}`,
      );
    }
  }

  override build(inputShape: ShapeSpec): void {
    const channels = inputShape[2];
    if (inputShape.length !== 3 || channels === null || channels === undefined) {
      throw new ShapeError(
        `Conv1D '${this.name}': expected input of shape [batch, steps, channels] with known channels, received ${fmtSpecJson(inputShape)}`,
      );
    }
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, channels, this.filters],
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
    const channels = this.kernel!.shape[1]!;
    if (shape.length !== 3 || (shape[2] !== null && shape[2] !== channels)) {
      throw new ShapeError(
        `Conv1D '${this.name}': expected input of shape [batch, steps, ${channels}], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const [n, t, c] = x.shape as [number, number, number];
    this.computeOutputShape([n, t, c]);
    const span = (this.kernelSize - 1) * this.dilationRate;
    let x4 = reshape(x, [n, 1, t, c]);
    if (this.padding === 'causal')
      x4 = pad(x4, [
        [0, 0],
        [0, 0],
        [span, 0],
        [0, 0],
      ]);
    const k4 = reshape(this.kernel!, [1, ...this.kernel!.shape]);
    const mode = this.padding === 'same' ? 'same' : 'valid';
    let y = conv2d(x4, k4, [1, this.strides], mode, 'NHWC', [1, this.dilationRate]);
    y = reshape(y, [n, y.shape[2]!, this.filters]);
    if (this.bias) y = add(y, this.bias);
    y = this.activation(y);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const span = (this.kernelSize - 1) * this.dilationRate + 1;
    const size = inputShape[1];
    let out: number | null = null;
    if (size !== null && size !== undefined) {
      const len = this.padding === 'causal' ? size + span - 1 : size;
      const mode = this.padding === 'same' ? 'same' : 'valid';
      checkFits(
        [1, len],
        [1, span],
        mode,
        () => `Conv1D '${this.name}': the input ${fmtSpecJson(inputShape)}`,
      );
      out = convAxis(len, span, this.strides, mode).out;
    }
    return [inputShape[0] ?? null, out, this.filters];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [this.kernelSize],
      strides: [this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
      dilationRate: [this.dilationRate],
      groups: 1,
    };
  }
}
