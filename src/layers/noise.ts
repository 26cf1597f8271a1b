/**
 * Training-time noise layers of Keras 3, identities at inference: `SpatialDropout1D`/`2D`
 * (drop whole feature maps: one mask value per sample and channel) and `GaussianNoise`
 * (adds N(0, stddev²) noise). Seeded as Dropout: a `seed` makes the draws reproducible,
 * else they come from the global stream (`nn.setSeed`).
 */
import { classNameOf } from '../serialization/class-names.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul } from '../ops/index.js';
import { hostRandom } from '../ops/host-op.js';
import { Random, rngFor } from '../random/prng.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.spatialDropout1d} (and, with `dataFormat`, {@link layers.spatialDropout2d}).
 */
export interface SpatialDropoutArgs extends LayerArgs {
  /** Fraction of channels to drop, in [0, 1). */
  rate: number;
  seed?: number | null;
}

/**
 * Options of {@link layers.spatialDropout2d} (Keras `SpatialDropout2D`'s arguments, in camelCase).
 */
export interface SpatialDropout2DArgs extends SpatialDropoutArgs {
  /** Where the channels are. Default 'channels_last'. */
  dataFormat?: 'channels_last' | 'channels_first';
}

abstract class SpatialDropout extends Layer {
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly rate: number;
  readonly seed: number | null;
  #rng: Random | null = null;
  protected abstract readonly rank: number;
  /** The mask's shape for an input of `shape`: 1 on the spatial axes. */
  protected abstract maskShape(shape: readonly number[]): number[];

  constructor(args: SpatialDropoutArgs) {
    super(args);
    const rate: unknown = args?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
      throw new ValueError(
        `${classNameOf(new.target)} '${this.name}': rate must be a number in [0, 1), received ${JSON.stringify(rate)}`,
      );
    this.rate = rate;
    this.seed = args.seed ?? null;
  }
  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== this.rank)
      throw new ShapeError(
        `${this.className} '${this.name}': expected inputs of rank ${this.rank}, received ${fmtSpecJson(shape)}`,
      );
  }
  call(x: Tensor, opts: CallOptions): Tensor {
    if (!opts.training || this.rate === 0) return x;
    const shape = this.maskShape(x.shape);
    const n = shape.reduce((a, b) => a * b, 1);
    const scale = 1 / (1 - this.rate);
    // Drawn through hostRandom so a compiled step draws a fresh mask at every replay.
    const draw = (): Float32Array => {
      const rng = (this.#rng ??= this.seed === null ? rngFor() : new Random(this.seed));
      const mask = new Float32Array(n);
      for (let i = 0; i < n; i++) mask[i] = rng.next() >= this.rate ? scale : 0;
      return mask;
    };
    return mul(x, hostRandom('spatialDropout', draw, shape, 'float32'));
  }
  /** Keras 3's keys: its spatial dropouts take no `trainable` (they have no weights). */
  override getConfig(): LayerConfig {
    const { trainable: _trainable, ...base } = super.getConfig();
    return { ...base, rate: this.rate, seed: this.seed };
  }
}

/**
 * SpatialDropout1D: for `[batch, steps, channels]`, drops whole channels per sample.
 * @example
 * const layer = new nn.layers.SpatialDropout1D({ rate: 0.1 });
 */
export class SpatialDropout1D extends SpatialDropout {
  readonly className = 'SpatialDropout1D';
  protected readonly rank = 3;
  constructor(args: SpatialDropoutArgs) {
    super(args);
  }
  protected maskShape(shape: readonly number[]): number[] {
    return [shape[0]!, 1, shape[2]!];
  }
}

/**
 * SpatialDropout2D: for `[batch, h, w, channels]` (or channels first), drops whole channels.
 * @example
 * const layer = new nn.layers.SpatialDropout2D({ rate: 0.1 });
 */
export class SpatialDropout2D extends SpatialDropout {
  readonly className = 'SpatialDropout2D';
  protected readonly rank = 4;
  readonly dataFormat: 'channels_last' | 'channels_first';
  constructor(args: SpatialDropout2DArgs) {
    super(args);
    const f = args.dataFormat ?? 'channels_last';
    if (f !== 'channels_last' && f !== 'channels_first')
      throw new ValueError(
        `SpatialDropout2D '${this.name}': dataFormat must be 'channels_last' or 'channels_first', received ${JSON.stringify(f)}`,
      );
    this.dataFormat = f;
  }
  protected maskShape(shape: readonly number[]): number[] {
    return this.dataFormat === 'channels_last'
      ? [shape[0]!, 1, 1, shape[3]!]
      : [shape[0]!, shape[1]!, 1, 1];
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}

/**
 * Options of {@link layers.gaussianNoise} (Keras `GaussianNoise`'s arguments, in camelCase).
 */
export interface GaussianNoiseArgs extends LayerArgs {
  /** Standard deviation of the noise, in [0, 1] (Keras's bounds). */
  stddev: number;
  seed?: number | null;
}

/**
 * GaussianNoise: adds zero-mean Gaussian noise in training (a regularizer); identity otherwise.
 * @example
 * const layer = new nn.layers.GaussianNoise({ stddev: 0.1 });
 */
export class GaussianNoise extends Layer {
  readonly className = 'GaussianNoise';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly stddev: number;
  readonly seed: number | null;
  #rng: Random | null = null;
  constructor(args: GaussianNoiseArgs) {
    super(args);
    const s: unknown = args?.stddev;
    if (typeof s !== 'number' || !(s >= 0 && s <= 1))
      throw new ValueError(
        `GaussianNoise '${this.name}': stddev must be a number in [0, 1], received ${JSON.stringify(s)}`,
      );
    this.stddev = s;
    this.seed = args.seed ?? null;
  }
  call(x: Tensor, opts: CallOptions): Tensor {
    if (!opts.training || this.stddev === 0) return x;
    const size = x.size;
    const draw = (): Float32Array => {
      const rng = (this.#rng ??= this.seed === null ? rngFor() : new Random(this.seed));
      const noise = new Float32Array(size);
      for (let i = 0; i < size; i++) noise[i] = this.stddev * rng.normal();
      return noise;
    };
    return add(x, hostRandom('gaussianNoise', draw, [...x.shape], 'float32'));
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }
}
