/**
 * The recurrent layer base (Keras 3 `RNN` with a built-in cell): the time loop shared by
 * `simpleRNN`, `lstm` and `gru`. The input projection `x · kernel (+ bias)` of every time
 * step is one matMul before the loop; each step then adds `h · recurrentKernel` and applies
 * the cell's gates (subclasses' `step`). Masked steps keep the previous state and output
 * (or output zeros with `zeroOutputForMask`), as Keras's backend `rnn` does. Built from ops,
 * so autograd gives the gradients.
 */
import { classNameOf } from '../serialization/class-names.js';
import { ShapeError, ValueError } from '../errors.js';
import { Tensor, type Variable } from '../tensor/tensor.js';
import {
  add,
  cast,
  expandDims,
  matMul,
  mul,
  reshape,
  split,
  stack,
  sub,
  tensor,
  transpose,
  unstack,
  zeros,
} from '../ops/index.js';
import { keep } from '../engine/tidy.js';
import { type Activation, get as getActivation } from '../activations/index.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import {
  get as getRegularizer,
  type Regularizer,
  type RegularizerIdentifier,
} from '../regularizers/index.js';
import { hostRandom } from '../ops/host-op.js';
import { Random, rngFor } from '../random/prng.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { serializeInitializer, serializeRegularizer } from './serialize.js';

/** Options every recurrent layer takes (Keras 3 names). */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the state (positive integer). */
  units: number;
  /** Default 'tanh'. */
  activation?: string | Activation | null;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'orthogonal'. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  /** Fraction of the inputs dropped in training (one mask for all steps). Default 0. */
  dropout?: number;
  /** Fraction of the state dropped in training (one mask for all steps). Default 0. */
  recurrentDropout?: number;
  /** Seed of the dropout masks. */
  seed?: number | null;
  /** Return the output of every step `[batch, time, units]`, not only the last. Default false. */
  returnSequences?: boolean;
  /** Also return the final state(s): `[output, h]` (LSTM `[output, h, c]`). Default false. */
  returnState?: boolean;
  /** Process the sequence backwards (outputs in processing order, as Keras). Default false. */
  goBackwards?: boolean;
  /** Keep the final state of each batch as the next batch's initial state. Default false. */
  stateful?: boolean;
  /** Accepted and ignored (the loop is always the same). */
  unroll?: boolean;
  /** Masked steps output zeros instead of the previous output. Default false. */
  zeroOutputForMask?: boolean;
}

const reg = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

/** What one step of the cell gets and gives. */
export interface StepResult {
  /** The step's output (the new hidden state). */
  output: Tensor;
  /** The new states (h first; LSTM also c). */
  states: Tensor[];
}

/**
 * The base class of the recurrent layers ({@link layers.simpleRNN}, {@link layers.lstm}, {@link layers.gru}): the
 * loop over time steps, masks, dropout masks, `returnSequences`, `returnState`,
 * `goBackwards` and `stateful`. Each subclass gives one step.
 *
 * @example
 * const rnn: nn.layers.Recurrent = nn.layers.lstm({ units: 4, returnState: true });
 * const [out, h, c] = rnn.apply([nn.zeros([1, 3, 2])]) as nn.Tensor[]; // [1, 4] each
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerIdentifier;
  readonly recurrentInitializer: InitializerIdentifier;
  readonly biasInitializer: InitializerIdentifier;
  readonly kernelRegularizer: Regularizer | null;
  readonly recurrentRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  zeroOutputForMask: boolean;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;
  /** Number of gate blocks in the kernel (SimpleRNN 1, LSTM 4, GRU 3). */
  protected abstract readonly gates: number;
  /** Number of states (LSTM 2, else 1). */
  protected abstract readonly stateCount: number;
  #states: Tensor[] | null = null;
  #rng: Random | null = null;

  constructor(args: RecurrentArgs) {
    super(args);
    const cls = classNameOf(new.target);
    if (!args || !Number.isInteger(args.units) || args.units <= 0) {
      throw new ValueError(`${cls}: units must be a positive integer, received ${args?.units}`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation === undefined ? 'tanh' : args.activation);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.recurrentInitializer = args.recurrentInitializer ?? 'orthogonal';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    this.kernelRegularizer = reg(args.kernelRegularizer);
    this.recurrentRegularizer = reg(args.recurrentRegularizer);
    this.biasRegularizer = reg(args.biasRegularizer);
    this.activityRegularizer = reg(args.activityRegularizer);
    const rate = (key: 'dropout' | 'recurrentDropout'): number => {
      const v = args[key] ?? 0;
      if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
        throw new ValueError(`${cls}: ${key} must be a number in [0, 1), received ${String(v)}`);
      }
      return v;
    };
    this.dropout = rate('dropout');
    this.recurrentDropout = rate('recurrentDropout');
    this.seed = args.seed ?? null;
    const flag = (key: keyof RecurrentArgs): boolean => {
      const v = args[key] ?? false;
      if (typeof v !== 'boolean')
        throw new ValueError(`${cls}: ${key} must be a boolean, received ${JSON.stringify(v)}`);
      return v;
    };
    this.returnSequences = flag('returnSequences');
    this.returnState = flag('returnState');
    this.goBackwards = flag('goBackwards');
    this.stateful = flag('stateful');
    this.unroll = flag('unroll');
    this.zeroOutputForMask = flag('zeroOutputForMask');
  }

  /** The bias shape (GRU with `resetAfter` has two rows). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The bias initializer (LSTM with `unitForgetBias` overrides it). */
  protected biasInit(): InitializerIdentifier {
    return this.biasInitializer;
  }

  override build(inputShape: ShapeSpec): void {
    const inDim = inputShape[2];
    if (inputShape.length !== 3 || inDim === null || inDim === undefined) {
      throw new ShapeError(
        `${this.className} '${this.name}': expected input of shape [batch, time, features] with known features, received ${fmtSpecJson(inputShape)}`,
      );
    }
    const n = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [inDim, n], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [this.units, n],
      this.recurrentInitializer,
      { regularizer: this.recurrentRegularizer },
    );
    if (this.useBias)
      this.bias = this.addWeight('bias', this.biasShape(), this.biasInit(), {
        regularizer: this.biasRegularizer,
      });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const inDim = this.kernel!.shape[0]!;
    if (shape.length !== 3 || (shape[2] !== null && shape[2] !== inDim)) {
      throw new ShapeError(
        `${this.className} '${this.name}': expected input of shape [batch, time, ${inDim}], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  /** The bias added to the input projection (all of it, but GRU `resetAfter`'s first row). */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  /** One step: `xp` is the step's input projection (bias included), `states` the previous. */
  protected abstract step(
    xp: Tensor,
    states: readonly Tensor[],
    recMask: Tensor | null,
  ): StepResult;

  /** A [batch, 1…] dropout mask (inverted scaling) drawn from the layer's stream. */
  #dropMask(rate: number, shape: number[]): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    const draw = (): Float32Array => {
      const rng = (this.#rng ??= this.seed === null ? rngFor() : new Random(this.seed));
      const m = new Float32Array(n);
      for (let i = 0; i < n; i++) m[i] = rng.next() >= rate ? 1 / (1 - rate) : 0;
      return m;
    };
    return hostRandom('recurrentDropout', draw, shape, 'float32');
  }

  /** Runs the sequence: the last output or all of them, then the final states. */
  #run(x: Tensor, opts: CallOptions): Tensor[] {
    const [batch, time, inDim] = x.shape as [number, number, number];
    if (time === 0) {
      throw new ShapeError(`${this.className} '${this.name}': the input has no time steps`);
    }
    const mask = opts.mask instanceof Tensor ? opts.mask : null;
    if (mask && (mask.rank !== 2 || mask.shape[0] !== batch || mask.shape[1] !== time)) {
      throw new ShapeError(
        `${this.className} '${this.name}': the mask must have shape [${batch},${time}], received ${fmtSpecJson(mask.shape)}`,
      );
    }
    let input = x;
    if (opts.training && this.dropout > 0) {
      input = mul(input, this.#dropMask(this.dropout, [batch, 1, inDim]));
    }
    const recMask =
      opts.training && this.recurrentDropout > 0
        ? this.#dropMask(this.recurrentDropout, [batch, this.units])
        : null;
    // The input projection of all steps at once, time-major.
    let proj = matMul(reshape(input, [batch * time, inDim]), this.kernel!);
    const ib = this.inputBias();
    if (ib) proj = add(proj, ib);
    const width = this.gates * this.units;
    let steps = unstack(transpose(reshape(proj, [batch, time, width]), [1, 0, 2]), 0);
    let maskSteps = mask
      ? unstack(transpose(expandDims(cast(mask, 'float32'), -1), [1, 0, 2]), 0)
      : null;
    if (this.goBackwards) {
      steps = steps.reverse();
      maskSteps = maskSteps ? maskSteps.reverse() : null;
    }
    let states = this.#initialStates(batch);
    let prev: Tensor | null = null;
    const outputs: Tensor[] = [];
    steps.forEach((xp, t) => {
      const r = this.step(xp, states, recMask);
      let out = r.output;
      const m = maskSteps?.[t];
      if (m) {
        const keepOld = sub(1, m);
        states = r.states.map((s, i) => add(mul(m, s), mul(keepOld, states[i]!)));
        out = this.zeroOutputForMask
          ? mul(m, out)
          : prev
            ? add(mul(m, out), mul(keepOld, prev))
            : mul(m, out);
      } else states = r.states;
      prev = out;
      if (this.returnSequences) outputs.push(out);
    });
    if (this.stateful) this.#keepStates(states);
    const y = this.returnSequences ? stack(outputs, 1) : prev!;
    this.recordActivityLoss(this.activityRegularizer, y);
    return this.returnState ? [y, ...states] : [y];
  }

  #initialStates(batch: number): Tensor[] {
    const kept = this.#states;
    if (this.stateful && kept && !kept.some((s) => s.isDisposed)) {
      if (kept[0]!.shape[0] !== batch) {
        throw new ShapeError(
          `${this.className} '${this.name}': stateful layer got a batch of ${batch}, its state holds ${kept[0]!.shape[0]}; call resetStates() first`,
        );
      }
      return kept;
    }
    return Array.from({ length: this.stateCount }, () => zeros([batch, this.units]));
  }

  /** Keeps copies of the final states (detached: no gradient flows between batches). */
  #keepStates(states: readonly Tensor[]): void {
    const old = this.#states;
    this.#states = states.map((s) => keep(tensor(s.dataSync() as Float32Array, s.shape)));
    old?.forEach((s) => s.dispose());
  }

  /** Clears a stateful layer's kept states (the next batch starts from zeros). */
  resetStates(): void {
    this.#states?.forEach((s) => s.dispose());
    this.#states = null;
  }

  /** The kept states of a stateful layer (null before the first batch or after a reset). */
  get states(): Tensor[] | null {
    return this.#states ? [...this.#states] : null;
  }

  call(x: Tensor, opts: CallOptions): Tensor {
    return this.#run(x, opts)[0]!;
  }

  override invoke(inputs: readonly Tensor[], opts: CallOptions): Tensor[] {
    return this.#run(inputs[0]!, opts);
  }

  /**
   * No output mask: the layer uses its input's mask but, as in Keras 3 (whose `RNN` sets
   * `supports_masking = False`), does not pass it on, even with `returnSequences`. A
   * recurrent layer stacked on another sees no mask unless given one in `apply`.
   */
  override computeMask(
    _inputs: readonly Tensor[],
    _masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    return [];
  }

  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    const s = shapes[0]!;
    const y: ShapeSpec = this.returnSequences ? [s[0]!, s[1]!, this.units] : [s[0]!, this.units];
    const state: ShapeSpec = [s[0]!, this.units];
    return this.returnState ? [y, ...Array.from({ length: this.stateCount }, () => state)] : [y];
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return this.computeOutputShapes([inputShape])[0]!;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.id,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      kernelRegularizer: serializeRegularizer(this.kernelRegularizer),
      recurrentRegularizer: serializeRegularizer(this.recurrentRegularizer),
      biasRegularizer: serializeRegularizer(this.biasRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      kernelConstraint: null,
      recurrentConstraint: null,
      biasConstraint: null,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      seed: this.seed,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zeroOutputForMask: this.zeroOutputForMask,
    };
  }
}

/** Splits the last axis of `[batch, k·units]` into k `[batch, units]` blocks. */
export function splitGates(t: Tensor, k: number): Tensor[] {
  return split(t, k, -1);
}
