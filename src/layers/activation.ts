/** Activation: applies an activation function as a layer. */
import type { Tensor } from '../tensor/tensor.js';
import { type Activation as ActivationFn, get as getActivation } from '../activations/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';

export interface ActivationArgs extends LayerArgs {
  /** Activation id (`'relu'`, `'step'`, …) or function. */
  activation: string | ActivationFn;
}

export class Activation extends Layer {
  readonly className = 'Activation';
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
