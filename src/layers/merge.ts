/**
 * Merge layers: combine several inputs of a Functional graph into one (Add, Subtract,
 * Multiply, Divide, Average, Minimum, Maximum: elementwise; Concatenate: along an axis).
 * Their output masks are Keras 3's.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  add,
  any,
  broadcastTo,
  concat,
  div,
  expandDims,
  logicalOr,
  maximum,
  minimum,
  mul,
  ones,
  sub,
  where,
} from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { normAxis } from '../tensor/shape.js';

/**
 * What every merge layer shares: two or more inputs (`arity` exactly, where set), and the
 * output mask Keras 3 gives merges: none unless every input has a mask, then their OR.
 */
export abstract class Merge extends Layer {
  /** Exactly this many inputs (Subtract, Divide), or null: two or more. */
  protected get arity(): number | null {
    return null;
  }
  override get inputArity(): number | null {
    return this.arity;
  }
  /** Combines the inputs; `masks` holds each input's mask (null: none). */
  protected abstract merge(xs: readonly Tensor[], masks: readonly (Tensor | null)[]): Tensor;
  call(_x: Tensor, _opts: CallOptions): Tensor {
    throw new ValueError(`${this.className} '${this.name}': ${this.#expected()}, received 1`);
  }
  override invoke(inputs: readonly Tensor[], opts: CallOptions): Tensor[] {
    this.computeOutputShapes(inputs.map((t) => t.shape));
    const given = opts.mask;
    const masks = inputs.map((_, i) =>
      Array.isArray(given) ? ((given as (Tensor | null)[])[i] ?? null) : null,
    );
    return [this.merge(inputs, masks)];
  }
  override buildFrom(shapes: readonly ShapeSpec[]): void {
    this.computeOutputShapes(shapes);
    this.built = true;
  }
  /** Checks the number of inputs (named, with what was received). */
  protected checkCount(shapes: readonly ShapeSpec[]): void {
    const n = shapes.length;
    if (this.arity === null ? n < 2 : n !== this.arity)
      throw new ValueError(`${this.className} '${this.name}': ${this.#expected()}, received ${n}`);
  }
  #expected(): string {
    return this.arity === null
      ? 'expects at least 2 inputs'
      : `expects exactly ${this.arity} inputs`;
  }
  override computeMask(
    _inputs: readonly Tensor[],
    masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    if (masks.length === 0 || masks.some((m) => m === null)) return [null];
    return [masks.slice(1).reduce((a, b) => logicalOr(a!, b!), masks[0]!)];
  }
}

/** Elementwise merges: inputs of one shape (null dims match anything), folded pairwise. */
export abstract class ElementwiseMerge extends Merge {
  /** Combines two inputs; more are folded left to right. */
  protected abstract pair(a: Tensor, b: Tensor): Tensor;
  protected merge(xs: readonly Tensor[], _masks: readonly (Tensor | null)[]): Tensor {
    return xs.slice(1).reduce((a, b) => this.pair(a, b), xs[0]!);
  }
  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    this.checkCount(shapes);
    const first = shapes[0]!;
    for (const [i, s] of shapes.entries()) {
      const ok =
        s.length === first.length &&
        s.every((d, k) => d === null || first[k] === null || d === first[k]);
      if (!ok)
        throw new ShapeError(
          `${this.className} '${this.name}': input ${i} has shape ${fmtSpecJson(s)}, input 0 has ${fmtSpecJson(first)}`,
        );
    }
    return [first.map((d, k) => d ?? shapes.find((s) => s[k] !== null)?.[k] ?? null)];
  }
}

/** A sequence mask `[batch, steps]` broadcast to its input's shape (Keras: expand, broadcast). */
function widen(mask: Tensor, x: Tensor): Tensor {
  return mask.rank < x.rank ? broadcastTo(expandDims(mask, -1), x.shape) : mask;
}

/**
 * Keras 3's fold for merges without an identity element (Minimum, Maximum): where an input
 * is masked off, the running result stands in for it, and where the running result is
 * masked off, the input does; so masked-off values never win.
 */
function maskedFold(
  xs: readonly Tensor[],
  masks: readonly (Tensor | null)[],
  op: (a: Tensor, b: Tensor) => Tensor,
): Tensor {
  let out = xs[0]!;
  let outMask = masks[0] ? widen(masks[0], out) : null;
  for (let i = 1; i < xs.length; i++) {
    let x = xs[i]!;
    const mk = masks[i] ? widen(masks[i]!, x) : null;
    if (mk) x = where(mk, x, out);
    if (outMask) out = where(outMask, out, x);
    outMask = mk && outMask ? logicalOr(outMask, mk) : null;
    out = op(out, x);
  }
  return out;
}

/**
 * The `Add` layer (Keras `keras.layers.Add`): see {@link layers.add}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Add();
 */
export class Add extends ElementwiseMerge {
  readonly className = 'Add';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
}

/**
 * The `Multiply` layer (Keras `keras.layers.Multiply`): see {@link layers.multiply}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Multiply();
 */
export class Multiply extends ElementwiseMerge {
  readonly className = 'Multiply';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return mul(a, b);
  }
  /**
   * Keras 3: a masked input counts as 1 where its mask is off; when every input has a mask,
   * the product is 0 where none of them is on.
   */
  protected override merge(xs: readonly Tensor[], masks: readonly (Tensor | null)[]): Tensor {
    if (masks.every((mk) => mk === null)) return super.merge(xs, masks);
    const wide = masks.map((mk, i) => (mk === null ? null : widen(mk, xs[i]!)));
    const ys = xs.map((x, i) => (wide[i] ? where(wide[i], x, 1) : x));
    const out = super.merge(ys, masks);
    if (wide.some((w) => w === null)) return out;
    return where(
      wide.slice(1).reduce((a, b) => logicalOr(a!, b!), wide[0]!)!,
      out,
      0,
    );
  }
}

/**
 * The `Average` layer (Keras `keras.layers.Average`): see {@link layers.average}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Average();
 */
export class Average extends ElementwiseMerge {
  readonly className = 'Average';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return add(a, b);
  }
  protected override merge(xs: readonly Tensor[], masks: readonly (Tensor | null)[]): Tensor {
    return div(super.merge(xs, masks), xs.length);
  }
}

/**
 * The `Subtract` layer (Keras `keras.layers.Subtract`): see {@link layers.subtract}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Subtract();
 */
export class Subtract extends ElementwiseMerge {
  readonly className = 'Subtract';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected override get arity(): number {
    return 2;
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return sub(a, b);
  }
}

/**
 * The `Divide` layer: the first of two same-shaped inputs divided by the second,
 * elementwise. Keras has no such layer (Subtract and Multiply are its neighbours); it is
 * what an imported ONNX `Div` of two computed tensors becomes. See {@link layers.divide}.
 *
 * @example
 * const layer = new nn.layers.Divide();
 */
export class Divide extends ElementwiseMerge {
  readonly className = 'Divide';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected override get arity(): number {
    return 2;
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return div(a, b);
  }
}

/**
 * Minimum (Keras 3 `keras.layers.Minimum`): the elementwise minimum of its inputs.
 * @example
 * const layer = new nn.layers.Minimum();
 */
export class Minimum extends ElementwiseMerge {
  readonly className = 'Minimum';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return minimum(a, b);
  }
  protected override merge(xs: readonly Tensor[], masks: readonly (Tensor | null)[]): Tensor {
    return maskedFold(xs, masks, (a, b) => this.pair(a, b));
  }
}

/**
 * Maximum (Keras 3 `keras.layers.Maximum`): the elementwise maximum of its inputs.
 * @example
 * const layer = new nn.layers.Maximum();
 */
export class Maximum extends ElementwiseMerge {
  readonly className = 'Maximum';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected pair(a: Tensor, b: Tensor): Tensor {
    return maximum(a, b);
  }
  protected override merge(xs: readonly Tensor[], masks: readonly (Tensor | null)[]): Tensor {
    return maskedFold(xs, masks, (a, b) => this.pair(a, b));
  }
}

/**
 * Options of {@link layers.concatenate} (Keras `Concatenate`'s arguments, in camelCase).
 */
export interface ConcatenateArgs extends LayerArgs {
  /** Default -1. */
  axis?: number;
}

/**
 * The `Concatenate` layer (Keras `keras.layers.Concatenate`): see {@link layers.concatenate}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Concatenate({ axis: 1 });
 */
export class Concatenate extends Merge {
  readonly className = 'Concatenate';
  readonly axis: number;
  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }
  protected merge(xs: readonly Tensor[], _masks: readonly (Tensor | null)[]): Tensor {
    return concat(xs, this.axis);
  }
  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    this.checkCount(shapes);
    const first = shapes[0]!;
    const ax = normAxis(this.axis, first.length, `Concatenate '${this.name}'`);
    let total: number | null = 0;
    for (const [i, s] of shapes.entries()) {
      if (
        s.length !== first.length ||
        s.some((d, k) => k !== ax && d !== null && first[k] !== null && d !== first[k])
      ) {
        throw new ShapeError(
          `Concatenate '${this.name}': input ${i} has shape ${fmtSpecJson(s)}, incompatible with ${fmtSpecJson(first)} except on axis ${this.axis}`,
        );
      }
      total = total === null || s[ax] === null ? null : total + s[ax]!;
    }
    return [first.map((d, k) => (k === ax ? total : d))];
  }
  /**
   * Keras 3: none when no input has a mask; else each input's mask (all true where it has
   * none) widened to the input's shape, concatenated along the axis, then `any` over the
   * last axis.
   */
  override computeMask(
    inputs: readonly Tensor[],
    masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    if (masks.every((m) => m === null)) return [null];
    const full = inputs.map((x, i) => {
      const m = masks[i] ?? null;
      if (m === null) return ones(x.shape, 'bool');
      return widen(m, x);
    });
    return [any(concat(full, this.axis), -1)];
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
