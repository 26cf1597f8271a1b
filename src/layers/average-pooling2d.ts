/**
 * AveragePooling2D (Keras 3): the mean of each window of each channel (channels-last
 * images). With 'same' padding the padded positions are left out of each mean, as Keras and
 * TF do. Built from gathers of the window offsets, so its gradient comes from theirs.
 */
import { ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, gather, pad, tensor } from '../ops/index.js';
import { tidy } from '../engine/tidy.js';
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
 * Options of {@link layers.averagePooling2d} (Keras `AveragePooling2D`'s arguments, in camelCase).
 */
export interface AveragePooling2DArgs extends LayerArgs {
  /** Window height and width. Default 2. */
  poolSize?: Pair;
  /** Default: the pool size. */
  strides?: Pair | null;
  /** Default 'valid'. */
  padding?: ConvPadding;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

/** Input index `start + stride·i` for each output i along one axis. */
function offsets(start: number, stride: number, count: number): Tensor {
  return tensor(
    Int32Array.from({ length: count }, (_, i) => start + stride * i),
    [count],
    'int32',
  );
}

/**
 * The `AveragePooling2D` layer (Keras `keras.layers.AveragePooling2D`): see {@link layers.averagePooling2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.AveragePooling2D({ poolSize: 2 });
 */
export class AveragePooling2D extends Layer {
  readonly className = 'AveragePooling2D';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: ConvPadding;

  constructor(args: AveragePooling2DArgs = {}) {
    super(args);
    const where = `AveragePooling2D '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.poolSize = pair(args.poolSize ?? 2, 'poolSize', where);
    this.strides = pair(args.strides ?? this.poolSize, 'strides', where);
    this.padding = checkPadding(args.padding ?? 'valid', where);
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `AveragePooling2D '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    this.computeOutputShape([x.shape[0]!, x.shape[1]!, x.shape[2]!, x.shape[3]!]);
    const [h, w] = [x.shape[1]!, x.shape[2]!];
    const [ph, pw] = this.poolSize;
    const [sh, sw] = this.strides;
    const rows = convAxis(h, ph, sh, this.padding);
    const cols = convAxis(w, pw, sw, this.padding);
    return tidy(() => {
      const padded =
        this.padding === 'same'
          ? pad(x, [
              [0, 0],
              [rows.before, rows.after],
              [cols.before, cols.after],
              [0, 0],
            ])
          : x;
      let total: Tensor | null = null;
      for (let a = 0; a < ph; a++) {
        const r = gather(padded, offsets(a, sh, rows.out), 1);
        for (let b = 0; b < pw; b++) {
          const win = gather(r, offsets(b, sw, cols.out), 2);
          total = total === null ? win : add(total, win);
        }
      }
      if (this.padding === 'valid') return div(total!, ph * pw);
      // The number of real (unpadded) positions in each window.
      const count = (axis: { out: number; before: number }, size: number, k: number, s: number) =>
        Array.from({ length: axis.out }, (_, i) => {
          const lo = i * s - axis.before;
          return Math.min(lo + k, size) - Math.max(lo, 0);
        });
      const cr = count(rows, h, ph, sh);
      const cc = count(cols, w, pw, sw);
      const counts = new Float32Array(rows.out * cols.out);
      cr.forEach((n, i) => cc.forEach((m, j) => (counts[i * cols.out + j] = n * m)));
      return div(total!, tensor(counts, [1, rows.out, cols.out, 1]));
    });
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    checkFits(
      [inputShape[1] ?? 0, inputShape[2] ?? 0],
      this.poolSize,
      this.padding,
      () => `AveragePooling2D '${this.name}': the input ${fmtSpecJson(inputShape)}`,
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
