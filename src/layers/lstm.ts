/**
 * LSTM (Keras 3): gates in Keras's order i, f, c, o along the kernels' last axis.
 * `z = x·W + h·U + b`; `i = σ(z_i)`, `f = σ(z_f)`, `c' = f·c + i·tanh(z_c)`, `o = σ(z_o)`,
 * `h' = o·tanh(c')` (σ is `recurrentActivation`, tanh is `activation`).
 */
import type { Tensor } from '../tensor/tensor.js';
import { add, matMul, mul } from '../ops/index.js';
import { type Activation, get as getActivation } from '../activations/index.js';
import { get as getInitializer, type InitializerIdentifier } from '../initializers/index.js';
import { Initializer, type InitializerConfig } from '../initializers/initializer.js';
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { concat, ones } from '../ops/index.js';
import type { LayerConfig } from './layer.js';
import { Recurrent, type RecurrentArgs, splitGates, type StepResult } from './recurrent.js';

/**
 * Options of {@link layers.lstm} (Keras `LSTM`'s arguments, in camelCase).
 */
export interface LSTMArgs extends RecurrentArgs {
  /** The gates' activation. Default 'sigmoid'. */
  recurrentActivation?: string | Activation | null;
  /** Initialize the forget gate's bias to 1 (the others by `biasInitializer`). Default true. */
  unitForgetBias?: boolean;
}

/**
 * The `LSTM` layer (Keras `keras.layers.LSTM`): see {@link layers.lstm}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.LSTM({ units: 8 });
 */
export class LSTM extends Recurrent {
  readonly className = 'LSTM';
  readonly recurrentActivation: Activation;
  readonly unitForgetBias: boolean;
  protected readonly gates = 4;
  protected readonly stateCount = 2;

  constructor(args: LSTMArgs) {
    super(args);
    this.recurrentActivation = getActivation(args.recurrentActivation ?? 'sigmoid');
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  /** With `unitForgetBias`: the bias initializer's values, with ones in the forget block. */
  protected override biasInit(): InitializerIdentifier {
    if (!this.unitForgetBias) return this.biasInitializer;
    return new ForgetBiasInitializer(getInitializer(this.biasInitializer), this.units);
  }

  protected step(xp: Tensor, states: readonly Tensor[], recMask: Tensor | null): StepResult {
    const [hPrev, cPrev] = states as [Tensor, Tensor];
    const h = recMask ? mul(hPrev, recMask) : hPrev;
    const z = add(xp, matMul(h, this.recurrentKernel!));
    const [zi, zf, zc, zo] = splitGates(z, 4) as [Tensor, Tensor, Tensor, Tensor];
    const sig = this.recurrentActivation;
    const c = add(mul(sig(zf), cPrev), mul(sig(zi), this.activation(zc)));
    const out = mul(sig(zo), this.activation(c));
    return { output: out, states: [out, c] };
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      recurrentActivation: this.recurrentActivation.id,
      unitForgetBias: this.unitForgetBias,
    };
  }
}

/** Keras's LSTM bias with `unit_forget_bias`: `[init(units), ones(units), init(2·units)]`. */
class ForgetBiasInitializer extends Initializer {
  readonly className = 'ForgetBias';
  constructor(
    readonly base: Initializer,
    readonly units: number,
  ) {
    super();
  }
  call(_shape: Shape, dtype: DType = 'float32'): Tensor {
    const u = this.units;
    return concat(
      [this.base.call([u], dtype), ones([u], dtype), this.base.call([2 * u], dtype)],
      0,
    );
  }
  getConfig(): InitializerConfig {
    return {};
  }
}
