/** ZeroPadding2D: rows and columns of zeros around channels-last images. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { pad } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/** One number for every side, [rows, cols] on both sides, or [[top, bottom], [left, right]]. */
export type Padding2D =
  | number
  | readonly [number, number]
  | readonly [readonly [number, number], readonly [number, number]];

/**
 * Options of {@link layers.zeroPadding2d} (Keras `ZeroPadding2D`'s arguments, in camelCase).
 */
export interface ZeroPadding2DArgs extends LayerArgs {
  /** Default 1. */
  padding?: Padding2D;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

function sides(p: Padding2D, where: string): [[number, number], [number, number]] {
  const ok = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (ok(p))
    return [
      [p, p],
      [p, p],
    ];
  if (Array.isArray(p) && p.length === 2) {
    const [a, b] = p as readonly unknown[];
    if (ok(a) && ok(b))
      return [
        [a, a],
        [b, b],
      ];
    const pairOf = (q: unknown): q is [number, number] =>
      Array.isArray(q) && q.length === 2 && ok(q[0]) && ok(q[1]);
    if (pairOf(a) && pairOf(b))
      return [
        [a[0], a[1]],
        [b[0], b[1]],
      ];
  }
  throw new ValueError(
    `${where}: padding must be a non-negative integer, [rows, cols] or [[top, bottom], [left, right]], received ${JSON.stringify(p)}`,
  );
}

/**
 * The `ZeroPadding2D` layer (Keras `keras.layers.ZeroPadding2D`): see {@link layers.zeroPadding2d}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.ZeroPadding2D({ padding: 1 });
 */
export class ZeroPadding2D extends Layer {
  readonly className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    const where = `ZeroPadding2D '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.padding = sides(args.padding ?? 1, where);
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `ZeroPadding2D '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const [rows, cols] = this.padding;
    return pad(x, [[0, 0], rows, cols, [0, 0]]);
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    const grow = (d: number | null | undefined, [a, b]: [number, number]): number | null =>
      d === null || d === undefined ? null : d + a + b;
    return [
      inputShape[0] ?? null,
      grow(inputShape[1], this.padding[0]),
      grow(inputShape[2], this.padding[1]),
      inputShape[3] ?? null,
    ];
  }

  override getConfig(): LayerConfig {
    const [rows, cols] = this.padding;
    return {
      ...super.getConfig(),
      padding: [[...rows], [...cols]],
      dataFormat: 'channels_last',
    };
  }
}
