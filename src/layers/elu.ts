/** ELU layer (Keras 3 `keras.layers.ELU`): `x` for x > 0, else `alpha·(eˣ − 1)`. */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { elu } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.elu} (Keras `ELU`'s arguments, in camelCase).
 */
export interface ELUArgs extends LayerArgs {
  /** Scale of the negative part. Default 1. */
  alpha?: number;
}

/**
 * The `ELU` layer (Keras `keras.layers.ELU`): see {@link layers.elu}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.ELU({ alpha: 0.5 });
 */
export class ELU extends Layer {
  readonly className = 'ELU';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly alpha: number;
  constructor(args: ELUArgs = {}) {
    super(args);
    this.alpha = args.alpha ?? 1;
    if (typeof this.alpha !== 'number' || !Number.isFinite(this.alpha)) {
      throw new ValueError(
        `ELU '${this.name}': alpha must be a finite number, received ${this.alpha}`,
      );
    }
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    return elu(x, this.alpha);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
