/**
 * GRU (Keras 3): gates in Keras's order z (update), r (reset), h (candidate).
 * `resetAfter` (default true, cuDNN-compatible) applies the reset gate after the recurrent
 * matMul and keeps two bias rows (input, recurrent):
 * `z = σ(x·W_z + b_z + h·U_z + b'_z)`, `r = σ(…)`, `ĥ = tanh(x·W_h + b_h + r·(h·U_h + b'_h))`;
 * without it, `ĥ = tanh(x·W_h + b_h + (r·h)·U_h)` with one bias row. `h' = z·h + (1−z)·ĥ`.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, matMul, mul, slice, squeeze, sub } from '../ops/index.js';
import { type Activation, get as getActivation } from '../activations/index.js';
import type { LayerConfig } from './layer.js';
import { Recurrent, type RecurrentArgs, splitGates, type StepResult } from './recurrent.js';

/**
 * Options of {@link layers.gru} (Keras `GRU`'s arguments, in camelCase).
 */
export interface GRUArgs extends RecurrentArgs {
  /** The gates' activation. Default 'sigmoid'. */
  recurrentActivation?: string | Activation | null;
  /** Reset gate after the recurrent matMul (two bias rows). Default true. */
  resetAfter?: boolean;
}

/**
 * The `GRU` layer (Keras `keras.layers.GRU`): see {@link layers.gru}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.GRU({ units: 8 });
 */
export class GRU extends Recurrent {
  readonly className = 'GRU';
  readonly recurrentActivation: Activation;
  readonly resetAfter: boolean;
  protected readonly gates = 3;
  protected readonly stateCount = 1;

  constructor(args: GRUArgs) {
    super(args);
    this.recurrentActivation = getActivation(args.recurrentActivation ?? 'sigmoid');
    const ra = args.resetAfter ?? true;
    if (typeof ra !== 'boolean')
      throw new ValueError(`GRU: resetAfter must be a boolean, received ${String(ra)}`);
    this.resetAfter = ra;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  #biasRow(row: number): Tensor {
    const n = 3 * this.units;
    return squeeze(slice(this.bias!, [row, 0], [1, n]), 0);
  }

  protected override inputBias(): Tensor | null {
    if (!this.bias) return null;
    return this.resetAfter ? this.#biasRow(0) : this.bias;
  }

  protected step(xp: Tensor, states: readonly Tensor[], recMask: Tensor | null): StepResult {
    const hPrev = states[0]!;
    const h = recMask ? mul(hPrev, recMask) : hPrev;
    const [xz, xr, xh] = splitGates(xp, 3) as [Tensor, Tensor, Tensor];
    const sig = this.recurrentActivation;
    const u = this.units;
    let hh: Tensor;
    let z: Tensor;
    if (this.resetAfter) {
      let rec = matMul(h, this.recurrentKernel!);
      if (this.bias) rec = add(rec, this.#biasRow(1));
      const [rz, rr, rh] = splitGates(rec, 3) as [Tensor, Tensor, Tensor];
      z = sig(add(xz, rz));
      const r = sig(add(xr, rr));
      hh = this.activation(add(xh, mul(r, rh)));
    } else {
      const uk = this.recurrentKernel!;
      const uzr = slice(uk, [0, 0], [u, 2 * u]);
      const uh = slice(uk, [0, 2 * u], [u, u]);
      const [rz, rr] = splitGates(matMul(h, uzr), 2) as [Tensor, Tensor];
      z = sig(add(xz, rz));
      const r = sig(add(xr, rr));
      hh = this.activation(add(xh, matMul(mul(r, h), uh)));
    }
    const out = add(mul(z, h), mul(sub(1, z), hh));
    return { output: out, states: [out] };
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      recurrentActivation: this.recurrentActivation.id,
      resetAfter: this.resetAfter,
    };
  }
}
