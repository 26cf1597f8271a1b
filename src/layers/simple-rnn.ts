/** SimpleRNN (Keras 3): `h_t = activation(x_t · kernel + h_{t-1} · recurrentKernel + bias)`. */
import type { Tensor } from '../tensor/tensor.js';
import { add, matMul, mul } from '../ops/index.js';
import { Recurrent, type RecurrentArgs, type StepResult } from './recurrent.js';

/** SimpleRNN's options: those of every recurrent layer. */
export type SimpleRNNArgs = RecurrentArgs;

/**
 * The `SimpleRNN` layer (Keras `keras.layers.SimpleRNN`): see {@link layers.simpleRNN}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.SimpleRNN({ units: 8 });
 */
export class SimpleRNN extends Recurrent {
  readonly className = 'SimpleRNN';
  protected readonly gates = 1;
  protected readonly stateCount = 1;

  constructor(args: SimpleRNNArgs) {
    super(args);
  }

  protected step(xp: Tensor, states: readonly Tensor[], recMask: Tensor | null): StepResult {
    const h = recMask ? mul(states[0]!, recMask) : states[0]!;
    const out = this.activation(add(xp, matMul(h, this.recurrentKernel!)));
    return { output: out, states: [out] };
  }
}
