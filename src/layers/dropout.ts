/**
 * Dropout (inverted): in training, each element is zeroed with probability `rate` and the
 * survivors scaled by 1/(1 − rate); at inference it is the identity.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { mul } from '../ops/index.js';
import { hostRandom } from '../ops/host-op.js';
import { Random, rngFor } from '../random/prng.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.dropout} (Keras `Dropout`'s arguments, in camelCase).
 */
export interface DropoutArgs extends LayerArgs {
  /** Fraction of inputs to drop, in [0, 1). */
  rate: number;
  /** Shape of the mask, broadcast over the input (null entries take the input's). */
  noiseShape?: readonly (number | null)[];
  seed?: number;
}

/**
 * The `Dropout` layer (Keras `keras.layers.Dropout`): see {@link layers.dropout}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Dropout({ rate: 0.2 });
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly rate: number;
  readonly noiseShape: readonly (number | null)[] | null;
  readonly seed: number | null;
  #rng: Random | null = null;

  constructor(args: DropoutArgs) {
    super(args);
    if (!args || typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new ValueError(`Dropout: rate must be a number in [0, 1), received ${args?.rate}`);
    }
    this.rate = args.rate;
    if (
      args.noiseShape !== undefined &&
      args.noiseShape !== null &&
      !Array.isArray(args.noiseShape)
    ) {
      throw new ValueError(
        `Dropout: noiseShape must be an array, received ${JSON.stringify(args.noiseShape)}`,
      );
    }
    this.noiseShape = args.noiseShape ? [...(args.noiseShape as readonly (number | null)[])] : null;
    this.seed = args.seed ?? null;
  }

  call(x: Tensor, opts: CallOptions): Tensor {
    if (!opts.training || this.rate === 0) return x;
    const shape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? x.shape[i]!) : [...x.shape];
    const n = shape.reduce((a, b) => a * b, 1);
    const scale = 1 / (1 - this.rate);
    // A compiled step draws the mask again at every replay, from the same stream.
    const draw = (): Float32Array => {
      // The stream starts at first use, so nn.setSeed before training makes masks reproducible.
      const rng = (this.#rng ??= this.seed === null ? rngFor() : new Random(this.seed));
      const mask = new Float32Array(n);
      for (let i = 0; i < n; i++) mask[i] = rng.next() >= this.rate ? scale : 0;
      return mask;
    };
    return mul(x, hostRandom('dropout', draw, shape, 'float32'));
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      rate: this.rate,
      noiseShape: this.noiseShape ? [...this.noiseShape] : null,
      seed: this.seed,
    };
  }
}
