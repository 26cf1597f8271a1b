/**
 * GELU layer: `x·Φ(x)`, exact (`½x(1 + erf(x/√2))`) or, with `approximate`, the tanh form
 * `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`. Keras has the function only
 * (`keras.activations.gelu(x, approximate)`); this is its layer, as PyTorch's `nn.GELU`, so
 * that a model using the tanh form (which `Activation('gelu')`, the exact form, is not)
 * can be built, saved and loaded.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { gelu } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.gelu} (Keras `GELU`'s arguments, in camelCase).
 */
export interface GELUArgs extends LayerArgs {
  /** Use the tanh approximation. Default false (exact, as Keras's activation). */
  approximate?: boolean;
}

/**
 * The `GELU` layer (Keras `keras.layers.GELU`): see {@link layers.gelu}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.GELU();
 */
export class GELU extends Layer {
  readonly className = 'GELU';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly approximate: boolean;
  constructor(args: GELUArgs = {}) {
    super(args);
    this.approximate = args.approximate ?? false;
    if (typeof this.approximate !== 'boolean')
      throw new ValueError(
        `GELU '${this.name}': approximate must be true or false, received ${JSON.stringify(this.approximate)}`,
      );
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    return gelu(x, this.approximate);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), approximate: this.approximate };
  }
}
