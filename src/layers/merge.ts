/** Merge layers: combine several inputs of a Functional graph into one. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, concat, div, mul } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { normAxis } from '../tensor/shape.js';

abstract class Merge extends Layer {
  override get inputArity(): number | null {
    return null;
  }
  /** Combines the inputs. */
  protected abstract merge(xs: readonly Tensor[]): Tensor;
  call(x: Tensor, _opts: CallOptions): Tensor {
    return this.merge([x]);
  }
  override invoke(inputs: readonly Tensor[], _opts: CallOptions): Tensor[] {
    return [this.merge(inputs)];
  }
  override buildFrom(shapes: readonly ShapeSpec[]): void {
    if (shapes.length < 2)
      throw new ValueError(
        `${this.className} '${this.name}': expects at least 2 inputs, received ${shapes.length}`,
      );
    this.computeOutputShapes(shapes);
    this.built = true;
  }
}

/** Elementwise merges (Add, Multiply, Average): inputs of one shape. */
abstract class ElementwiseMerge extends Merge {
  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
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

export class Add extends ElementwiseMerge {
  readonly className = 'Add';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected merge(xs: readonly Tensor[]): Tensor {
    return xs.slice(1).reduce((a, b) => add(a, b), xs[0]!);
  }
}

export class Multiply extends ElementwiseMerge {
  readonly className = 'Multiply';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected merge(xs: readonly Tensor[]): Tensor {
    return xs.slice(1).reduce((a, b) => mul(a, b), xs[0]!);
  }
}

export class Average extends ElementwiseMerge {
  readonly className = 'Average';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  protected merge(xs: readonly Tensor[]): Tensor {
    return div(
      xs.slice(1).reduce((a, b) => add(a, b), xs[0]!),
      xs.length,
    );
  }
}

export interface ConcatenateArgs extends LayerArgs {
  /** Default -1. */
  axis?: number;
}

export class Concatenate extends Merge {
  readonly className = 'Concatenate';
  readonly axis: number;
  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }
  protected merge(xs: readonly Tensor[]): Tensor {
    return concat(xs, this.axis);
  }
  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
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
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}
