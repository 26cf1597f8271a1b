/**
 * UpSampling2D (Keras 3): repeats the rows and columns of channels-last images `size`
 * times ('nearest'), or resizes them by bilinear interpolation with half-pixel centres
 * ('bilinear', as Keras's `ops.image.resize` on TensorFlow). Nearest is two gathers;
 * bilinear two matMuls with interpolation matrices, so the gradients are theirs.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { gather, matMul, reshape, tensor, transpose } from '../ops/index.js';
import { tidy } from '../engine/tidy.js';
import { type Pair, pair } from '../ops/conv.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { checkChannelsLast } from './conv2d.js';

/** UpSampling2D's interpolations. */
export type UpSamplingInterpolation = 'nearest' | 'bilinear';

/**
 * Options of {@link layers.upSampling2d} (Keras `UpSampling2D`'s arguments, in camelCase).
 */
export interface UpSampling2DArgs extends LayerArgs {
  /** Row and column factors (one number for both). Default 2. */
  size?: Pair;
  /** Only 'channels_last'. */
  dataFormat?: 'channels_last';
  /** Default 'nearest'. */
  interpolation?: UpSamplingInterpolation;
}

/** [out, in] weights of bilinear resizing with half-pixel centres, clamped at the edges. */
function bilinearMatrix(size: number, factor: number): Tensor {
  const out = size * factor;
  const m = new Float32Array(out * size);
  for (let o = 0; o < out; o++) {
    const src = Math.min(Math.max((o + 0.5) / factor - 0.5, 0), size - 1);
    const lo = Math.floor(src);
    const hi = Math.min(lo + 1, size - 1);
    const f = src - lo;
    m[o * size + lo]! += 1 - f;
    m[o * size + hi]! += f;
  }
  return tensor(m, [out, size]);
}

/**
 * Keras 3's UpSampling2D.
 * @example
 * const layer = new nn.layers.UpSampling2D({ size: 2 });
 */
export class UpSampling2D extends Layer {
  readonly className = 'UpSampling2D';
  readonly size: [number, number];
  readonly interpolation: UpSamplingInterpolation;

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    const where = `UpSampling2D '${this.name}'`;
    checkChannelsLast(args.dataFormat, where);
    this.size = pair(args.size ?? 2, 'size', where);
    const i = args.interpolation ?? 'nearest';
    if (i !== 'nearest' && i !== 'bilinear') {
      throw new ValueError(
        `${where}: interpolation must be 'nearest' or 'bilinear', received ${JSON.stringify(i)}`,
      );
    }
    this.interpolation = i;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 4) {
      throw new ShapeError(
        `UpSampling2D '${this.name}': expected input of shape [batch, height, width, channels], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const [sh, sw] = this.size;
    return tidy(() => {
      if (this.interpolation === 'nearest') {
        const idx = (len: number, f: number): Tensor =>
          tensor(
            Int32Array.from({ length: len * f }, (_, i) => Math.floor(i / f)),
            [len * f],
            'int32',
          );
        return gather(gather(x, idx(h, sh), 1), idx(w, sw), 2);
      }
      // Rows: [h, n·w·c] ← A_h [ho, h]; then columns the same way.
      const rows = reshape(transpose(x, [1, 0, 2, 3]), [h, n * w * c]);
      const ho = h * sh;
      const r = transpose(
        reshape(matMul(bilinearMatrix(h, sh), rows), [ho, n, w, c]),
        [1, 0, 2, 3],
      );
      const cols = reshape(transpose(r, [2, 0, 1, 3]), [w, n * ho * c]);
      const wo = w * sw;
      return transpose(reshape(matMul(bilinearMatrix(w, sw), cols), [wo, n, ho, c]), [1, 2, 0, 3]);
    });
  }

  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    const times = (d: number | null | undefined, f: number): number | null =>
      d === null || d === undefined ? null : d * f;
    return [s[0] ?? null, times(s[1], this.size[0]), times(s[2], this.size[1]), s[3] ?? null];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      size: [...this.size],
      dataFormat: 'channels_last',
      interpolation: this.interpolation,
    };
  }
}
