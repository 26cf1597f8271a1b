/**
 * MaxPooling1D and AveragePooling1D (Keras 3) over channels-last sequences
 * [batch, steps, channels]. Max pooling is the `maxPool` op on a height-1 view; average
 * pooling sums gathered window taps, and with 'same' padding leaves the padded positions
 * out of each mean, as Keras and TF do.
 */
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, gather, maxPool, pad, reshape, tensor } from '../ops/index.js';
import { tidy } from '../engine/tidy.js';
import { checkFits, checkPadding, convAxis, type ConvPadding } from '../ops/conv.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';
import { type Single, single } from './conv1d.js';

/**
 * Options of {@link layers.maxPooling1d} and {@link layers.averagePooling1d}.
 */
export interface Pooling1DArgs extends LayerArgs {
  /** Window length. Default 2. */
  poolSize?: Single;
  /** Default: the pool size. */
  strides?: Single | null;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

/** What the two 1-D pooling layers share: arguments, shapes and config. */
abstract class Pooling1D extends Layer {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: ConvPadding;

  constructor(args: Pooling1DArgs, kind: string) {
    super(args);
    const where = `${kind} '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.poolSize = single(args.poolSize ?? 2, 'poolSize', where);
    this.strides = single(args.strides ?? this.poolSize, 'strides', where);
    this.padding = checkPadding(args.padding ?? 'valid', where);
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 3) {
      throw new ShapeError(
        `${this.className} '${this.name}': expected input of shape [batch, steps, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const size = inputShape[1];
    checkFits(
      [1, size ?? 0],
      [1, this.poolSize],
      this.padding,
      () => `${this.className} '${this.name}': the input ${fmtSpecJson(inputShape)}`,
    );
    const out =
      size === null || size === undefined
        ? null
        : convAxis(size, this.poolSize, this.strides, this.padding).out;
    return [inputShape[0] ?? null, out, inputShape[2] ?? null];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      poolSize: [this.poolSize],
      strides: [this.strides],
      padding: this.padding,
      dataFormat: 'channels_last',
    };
  }
}

/**
 * Keras 3's MaxPooling1D: the largest value of each window of each channel.
 * @example
 * const layer = new nn.layers.MaxPooling1D({ poolSize: 2 });
 */
export class MaxPooling1D extends Pooling1D {
  readonly className = 'MaxPooling1D';

  constructor(args: Pooling1DArgs = {}) {
    super(args ?? {}, 'MaxPooling1D');
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const [n, t, c] = x.shape as [number, number, number];
    this.computeOutputShape([n, t, c]);
    return tidy(() => {
      const y = maxPool(
        reshape(x, [n, 1, t, c]),
        [1, this.poolSize],
        [1, this.strides],
        this.padding,
      );
      return reshape(y, [n, y.shape[2]!, c]);
    });
  }
}

/**
 * Keras 3's AveragePooling1D: the mean of each window of each channel.
 * @example
 * const layer = new nn.layers.AveragePooling1D({ poolSize: 2 });
 */
export class AveragePooling1D extends Pooling1D {
  readonly className = 'AveragePooling1D';

  constructor(args: Pooling1DArgs = {}) {
    super(args ?? {}, 'AveragePooling1D');
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const [n, t, c] = x.shape as [number, number, number];
    this.computeOutputShape([n, t, c]);
    const k = this.poolSize;
    const s = this.strides;
    const axis = convAxis(t, k, s, this.padding);
    return tidy(() => {
      const padded =
        this.padding === 'same'
          ? pad(x, [
              [0, 0],
              [axis.before, axis.after],
              [0, 0],
            ])
          : x;
      let total: Tensor | null = null;
      for (let a = 0; a < k; a++) {
        const idx = Int32Array.from({ length: axis.out }, (_, i) => a + s * i);
        const tap = gather(padded, tensor(idx, [axis.out], 'int32'), 1);
        total = total === null ? tap : add(total, tap);
      }
      if (this.padding === 'valid') return div(total!, k);
      const counts = Float32Array.from({ length: axis.out }, (_, i) => {
        const lo = i * s - axis.before;
        return Math.min(lo + k, t) - Math.max(lo, 0);
      });
      return div(total!, tensor(counts, [1, axis.out, 1]));
    });
  }
}
