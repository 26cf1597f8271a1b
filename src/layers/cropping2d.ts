/** Cropping2D (Keras 3): removes rows and columns at the edges of channels-last images. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { slice } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/** One number for every side, [rows, cols] on both sides, or [[top, bottom], [left, right]]. */
export type Cropping2DValue =
  | number
  | readonly [number, number]
  | readonly [readonly [number, number], readonly [number, number]];

/**
 * Options of {@link layers.cropping2d} (Keras `Cropping2D`'s arguments, in camelCase).
 */
export interface Cropping2DArgs extends LayerArgs {
  /** Default 0 (nothing cropped). */
  cropping?: Cropping2DValue;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
}

function sides(p: Cropping2DValue, where: string): [[number, number], [number, number]] {
  const ok = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  const pairOf = (q: unknown): q is [number, number] =>
    Array.isArray(q) && q.length === 2 && ok(q[0]) && ok(q[1]);
  if (ok(p)) return [[p, p], [p, p]]; // prettier-ignore
  if (Array.isArray(p) && p.length === 2) {
    const [a, b] = p as readonly unknown[];
    if (ok(a) && ok(b)) return [[a, a], [b, b]]; // prettier-ignore
    if (pairOf(a) && pairOf(b)) return [[a[0], a[1]], [b[0], b[1]]]; // prettier-ignore
  }
  throw new ValueError(
    `${where}: cropping must be a non-negative integer, [rows, cols] or [[top, bottom], [left, right]], received ${JSON.stringify(p)}`,
  );
}

/**
 * Keras 3's Cropping2D.
 * @example
 * const layer = new nn.layers.Cropping2D({ cropping: [1, 2] });
 */
export class Cropping2D extends Layer {
  readonly className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];

  constructor(args: Cropping2DArgs = {}) {
    super(args);
    const where = `Cropping2D '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.cropping = sides(args.cropping ?? 0, where);
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `Cropping2D '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const [ho, wo] = this.computeOutputShape([n, h, w, c]).slice(1, 3) as [number, number];
    return slice(x, [0, this.cropping[0][0], this.cropping[1][0], 0], [n, ho, wo, c]);
  }

  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    const side = (i: 0 | 1): number | null => {
      const d = s[i + 1];
      if (d === null || d === undefined) return null;
      const [a, b] = this.cropping[i];
      if (a + b >= d) {
        throw new ShapeError(
          `Cropping2D '${this.name}': cropping ${a}+${b} leaves nothing of the ${i === 0 ? 'height' : 'width'} ${d} of the input ${fmtSpecJson(s)}`,
        );
      }
      return d - a - b;
    };
    return [s[0] ?? null, side(0), side(1), s[3] ?? null];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      cropping: [[...this.cropping[0]], [...this.cropping[1]]],
      dataFormat: 'channels_last',
    };
  }
}
