/**
 * Permute (Keras 3 `keras.layers.Permute`): reorders the axes of each sample. `dims` counts
 * from 1 (the batch axis stays first): `[2, 1]` swaps the two axes of a [batch, a, b] input.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { transpose } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.permute} (Keras `Permute`'s arguments, in camelCase).
 */
export interface PermuteArgs extends LayerArgs {
  /** A permutation of 1..rank−1: output axis i+1 is input axis dims[i]. */
  dims: readonly number[];
}

/**
 * The `Permute` layer (Keras `keras.layers.Permute`): see {@link layers.permute}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Permute({ dims: [2, 1] });
 */
export class Permute extends Layer {
  readonly className = 'Permute';
  readonly dims: readonly number[];
  constructor(args: PermuteArgs) {
    super(args);
    const d: unknown = args?.dims;
    const ok =
      Array.isArray(d) &&
      d.length > 0 &&
      [...(d as unknown[])].sort((a, b) => Number(a) - Number(b)).every((v, i) => v === i + 1);
    if (!ok) {
      throw new ValueError(
        `Permute '${this.name}': dims must be a permutation of 1..${Array.isArray(d) ? d.length : 'n'} (axis 0, the batch, stays), received ${JSON.stringify(d)}`,
      );
    }
    this.dims = [...(d as readonly number[])];
  }
  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== this.dims.length + 1) {
      throw new ShapeError(
        `Permute '${this.name}': dims [${this.dims.join(',')}] need inputs of rank ${this.dims.length + 1}, received ${fmtSpecJson(shape)}`,
      );
    }
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    return transpose(x, [0, ...this.dims]);
  }
  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}
