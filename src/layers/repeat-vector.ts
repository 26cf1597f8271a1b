/** RepeatVector (Keras 3 `keras.layers.RepeatVector`): `[batch, features]` → `[batch, n, features]`. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape, tile } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';

/**
 * Options of {@link layers.repeatVector} (Keras `RepeatVector`'s arguments, in camelCase).
 */
export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat each sample (positive integer). */
  n: number;
}

/**
 * The `RepeatVector` layer (Keras `keras.layers.RepeatVector`): see {@link layers.repeatVector}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.RepeatVector({ n: 3 });
 */
export class RepeatVector extends Layer {
  readonly className = 'RepeatVector';
  readonly n: number;
  constructor(args: RepeatVectorArgs) {
    super(args);
    if (!args || !Number.isInteger(args.n) || args.n <= 0)
      throw new ValueError(
        `RepeatVector '${this.name}': n must be a positive integer, received ${JSON.stringify(args?.n)}`,
      );
    this.n = args.n;
  }
  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length !== 2)
      throw new ShapeError(
        `RepeatVector '${this.name}': expected inputs [batch, features], received ${fmtSpecJson(shape)}`,
      );
  }
  call(x: Tensor, _opts: CallOptions): Tensor {
    const [b, f] = x.shape as [number, number];
    return tile(reshape(x, [b, 1, f]), [1, this.n, 1]);
  }
  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    this.checkInputShape(inputShape);
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), n: this.n };
  }
}
