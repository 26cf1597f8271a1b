/** Subtract (Keras 3 `keras.layers.Subtract`): the first of two same-shaped inputs minus the second. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { sub } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

export class Subtract extends Layer {
  readonly className = 'Subtract';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  override get inputArity(): number | null {
    return 2;
  }
  call(_x: Tensor, _opts: CallOptions): Tensor {
    throw new ValueError(`Subtract '${this.name}': expects exactly 2 inputs, received 1`);
  }
  override invoke(inputs: readonly Tensor[], _opts: CallOptions): Tensor[] {
    return [sub(inputs[0]!, inputs[1]!)];
  }
  override buildFrom(shapes: readonly ShapeSpec[]): void {
    this.computeOutputShapes(shapes);
    this.built = true;
  }
  override computeOutputShapes(shapes: readonly ShapeSpec[]): ShapeSpec[] {
    const [a, b] = shapes as [ShapeSpec, ShapeSpec];
    const ok =
      a.length === b.length && a.every((d, k) => d === null || b[k] === null || d === b[k]);
    if (!ok) {
      throw new ShapeError(
        `Subtract '${this.name}': input 1 has shape ${fmtSpecJson(b)}, input 0 has ${fmtSpecJson(a)}`,
      );
    }
    return [a.map((d, k) => d ?? b[k] ?? null)];
  }
}
