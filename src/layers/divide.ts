/**
 * Divide: the first of two same-shaped inputs divided by the second, elementwise. Keras has
 * no such layer (Subtract and Multiply are its neighbours); it is what an imported ONNX `Div`
 * of two computed tensors becomes.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { div } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

export class Divide extends Layer {
  readonly className = 'Divide';
  constructor(args: LayerArgs = {}) {
    super(args);
  }
  override get inputArity(): number | null {
    return 2;
  }
  call(_x: Tensor, _opts: CallOptions): Tensor {
    throw new ValueError(`Divide '${this.name}': expects exactly 2 inputs, received 1`);
  }
  override invoke(inputs: readonly Tensor[], _opts: CallOptions): Tensor[] {
    return [div(inputs[0]!, inputs[1]!)];
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
        `Divide '${this.name}': input 1 has shape ${fmtSpecJson(b)}, input 0 has ${fmtSpecJson(a)}`,
      );
    }
    return [a.map((d, k) => d ?? b[k] ?? null)];
  }
}
