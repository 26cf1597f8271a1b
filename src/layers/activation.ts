/** Activation: applies an activation function as a layer. */
import type { Tensor } from '../tensor/tensor.js';
import { type Activation as ActivationFn, get as getActivation } from '../activations/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

/**
 * Options of {@link layers.activation} (Keras `Activation`'s arguments, in camelCase).
 */
export interface ActivationArgs extends LayerArgs {
  /** Activation id (`'relu'`, `'step'`, …) or function. */
  activation: string | ActivationFn;
}

/**
 * The `Activation` layer (Keras `keras.layers.Activation`): see {@link layers.activation}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Activation({ activation: 'relu' });
 */
export class Activation extends Layer {
  readonly className = 'Activation';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly activation: ActivationFn;
  constructor(args: ActivationArgs) {
    super(args);
    this.activation = getActivation(args.activation);
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    return this.activation(x);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), activation: this.activation.id };
  }
}
