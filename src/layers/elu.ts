/** ELU layer (Keras 3 `keras.layers.ELU`): `x` for x > 0, else `alpha·(eˣ − 1)`. */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { elu } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

export interface ELUArgs extends LayerArgs {
  /** Scale of the negative part. Default 1. */
  alpha?: number;
}

export class ELU extends Layer {
  readonly className = 'ELU';
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
