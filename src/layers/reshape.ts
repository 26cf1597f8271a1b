/** Reshape: the per-sample shape becomes `targetShape` (one entry may be -1). */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from '../ops/index.js';
import { type CallOptions, knownSize, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.reshape} (Keras `Reshape`'s arguments, in camelCase).
 */
export interface ReshapeArgs extends LayerArgs {
  /** Per-sample target shape, without the batch dimension. */
  targetShape: readonly number[];
}

/**
 * The `Reshape` layer (Keras `keras.layers.Reshape`): see {@link layers.reshape}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Reshape({ targetShape: [4, 4] });
 */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: readonly number[];
  constructor(args: ReshapeArgs) {
    super(args);
    const t = args?.targetShape;
    if (
      !Array.isArray(t) ||
      t.some((d) => !Number.isInteger(d) || d < -1) ||
      t.filter((d) => d === -1).length > 1
    ) {
      throw new ValueError(
        `Reshape: targetShape must hold positive integers and at most one -1, received ${JSON.stringify(t)}`,
      );
    }
    this.targetShape = [...(t as readonly number[])];
  }
  private resolve(inputShape: ShapeSpec): ShapeSpec {
    const n = knownSize(inputShape.slice(1));
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (n === null)
      return [inputShape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const out = this.targetShape.map((d) => (d === -1 ? n / known : d));
    if (out.some((d) => !Number.isInteger(d)) || out.reduce((a, b) => a * b, 1) !== n) {
      throw new ShapeError(
        `Reshape '${this.name}': cannot reshape input ${fmtSpecJson(inputShape)} (${n} values per sample) to [${this.targetShape.join(',')}]`,
      );
    }
    return [inputShape[0] ?? null, ...out];
  }
  protected override checkInputShape(shape: ShapeSpec): void {
    this.resolve(shape);
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    const s = this.resolve([x.shape[0] ?? null, ...x.shape.slice(1)]);
    return reshape(x, [x.shape[0]!, ...(s.slice(1) as number[])]);
  }
  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return this.resolve(inputShape);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
