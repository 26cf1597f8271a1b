/**
 * Dot (Keras 3 `keras.layers.Dot`): the batchwise dot product of two inputs along one axis
 * each, optionally of L2-normalized inputs (cosine similarity). No output mask, as Keras.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { matMul, maximum, mul, reshape, rsqrt, square, sum, transpose } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.dot} (Keras `Dot`'s arguments, in camelCase).
 */
export interface DotArgs extends LayerArgs {
  /** The axis of each input to sum over (one number for both, or `[a0, a1]`); not 0. */
  axes: number | readonly [number, number];
  /** L2-normalize both inputs along their axis first (the output is cosine similarity). */
  normalize?: boolean;
}

/** Keras's `backend.epsilon()`: the squared norm is clamped to epsilon² before rsqrt. */
const EPSILON = 1e-7;

/**
 * Dot (Keras 3 `keras.layers.Dot`): `batch_dot(x, y, axes)`. The output shape is x's shape
 * without its axis, then y's without the batch and its axis; a rank-1 result becomes
 * `[batch, 1]`.
 * @example
 * const layer = new nn.layers.Dot({ axes: 1, normalize: true });
 */
export class Dot extends Layer {
  readonly className = 'Dot';
  readonly axes: number | readonly [number, number];
  readonly normalize: boolean;
  constructor(args: DotArgs) {
    super(args);
    const ax: unknown = args?.axes;
    const okInt = (v: unknown): boolean => Number.isInteger(v);
    if (!(okInt(ax) || (Array.isArray(ax) && ax.length === 2 && ax.every(okInt))))
      throw new ValueError(
        `Dot '${this.name}': axes must be an integer or a list of two integers, received ${JSON.stringify(ax)}`,
      );
    this.axes = Array.isArray(ax) ? [ax[0] as number, ax[1] as number] : (ax as number);
    this.normalize = args.normalize ?? false;
    if (typeof this.normalize !== 'boolean')
      throw new ValueError(
        `Dot '${this.name}': normalize must be a boolean, received ${JSON.stringify(args.normalize)}`,
      );
  }
  override get inputArity(): number | null {
    return 2;
  }
  /** The two axes, made non-negative for inputs of ranks r0 and r1. */
  #axes(r0: number, r1: number): [number, number] {
    const [a0, a1] = typeof this.axes === 'number' ? [this.axes, this.axes] : this.axes;
    const n0 = a0 < 0 ? a0 + r0 : a0;
    const n1 = a1 < 0 ? a1 + r1 : a1;
    if (n0 <= 0 || n0 >= r0 || n1 <= 0 || n1 >= r1)
      throw new ValueError(
        `Dot '${this.name}': axes ${JSON.stringify(this.axes)} must name a non-batch axis of inputs of rank ${r0} and ${r1}`,
      );
    return [n0, n1];
  }
  call(_x: Tensor, _opts: CallOptions): Tensor {
    throw new ValueError(`Dot '${this.name}': expects exactly 2 inputs, received 1`);
  }
  override buildFrom(shapes: readonly ShapeSpec[]): void {
    this.computeOutputShapes(shapes);
    this.built = true;
  }
  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    const [s0, s1] = shapes as [ShapeSpec, ShapeSpec];
    if (s0.length < 2 || s1.length < 2)
      throw new ShapeError(
        `Dot '${this.name}': inputs need rank >= 2 (a batch axis and more), received ${fmtSpecJson(s0)} and ${fmtSpecJson(s1)}`,
      );
    const [a0, a1] = this.#axes(s0.length, s1.length);
    const d0 = s0[a0]!;
    const d1 = s1[a1]!;
    const b0 = s0[0];
    const b1 = s1[0];
    if ((d0 !== null && d1 !== null && d0 !== d1) || (b0 != null && b1 != null && b0 !== b1))
      throw new ShapeError(
        `Dot '${this.name}': cannot take the dot product of ${fmtSpecJson(s0)} (axis ${a0}) and ${fmtSpecJson(s1)} (axis ${a1})`,
      );
    const out = [...s0.filter((_, k) => k !== a0), ...s1.filter((_, k) => k !== a1 && k !== 0)];
    return [out.length === 1 ? [out[0]!, 1] : out];
  }
  override invoke(inputs: readonly Tensor[], _opts: CallOptions): Tensor[] {
    const [shape] = this.computeOutputShapes(inputs.map((t) => t.shape));
    let [x, y] = inputs as [Tensor, Tensor];
    const [a0, a1] = this.#axes(x.rank, y.rank);
    if (this.normalize) {
      x = l2Normalize(x, a0);
      y = l2Normalize(y, a1);
    }
    // x → [B, rest0, K]; y → [B, K, rest1]; one batched matMul; then the output shape.
    const B = x.shape[0]!;
    const K = x.shape[a0]!;
    const p0 = [...x.shape.keys()].filter((k) => k !== a0);
    const p1 = [...y.shape.keys()].filter((k) => k !== a1 && k !== 0);
    const xt = reshape(transpose(x, [...p0, a0]), [B, -1, K]);
    const yt = reshape(transpose(y, [0, a1, ...p1]), [B, K, -1]);
    return [
      reshape(
        matMul(xt, yt),
        shape!.map((d) => d ?? B),
      ),
    ];
  }
  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axes: typeof this.axes === 'number' ? this.axes : [...this.axes],
      normalize: this.normalize,
    };
  }
}

/** x · rsqrt(max(Σx², ε²)) along `axis` (Keras's `ops.normalize` for order 2). */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, rsqrt(maximum(sum(square(x), axis, true), EPSILON * EPSILON)));
}
