/** Dense: the fully connected layer, `activation(x · kernel + bias)`. */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, matMul, reshape } from '../ops/index.js';
import { denseForward, type FusedActivation, isFusedActivation } from '../ops/fused-dense.js';
import { get as getActivation } from '../activations/index.js';
import type { CallOptions, LayerArgs, LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { KernelLayer, type KernelLayerArgs } from './kernel-layer.js';

/**
 * Options of {@link layers.dense} (Keras `Dense`'s arguments, in camelCase).
 */
export interface DenseArgs extends LayerArgs, KernelLayerArgs {
  /** Output dimension (positive integer). */
  units: number;
}

/**
 * The `Dense` layer (Keras `keras.layers.Dense`): see {@link layers.dense}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Dense({ units: 4 });
 */
export class Dense extends KernelLayer {
  readonly className = 'Dense';
  /** Passes its input's mask on unchanged (Keras 3 `supports_masking`). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly units: number;

  constructor(args: DenseArgs) {
    super(args);
    if (!args || !Number.isInteger(args.units) || args.units <= 0) {
      throw new ValueError(`Dense: units must be a positive integer, received ${args?.units}`);
    }
    this.units = args.units;
  }

  override build(inputShape: ShapeSpec): void {
    const inDim = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || inDim === null || inDim === undefined) {
      throw new ShapeError(
        `Dense '${this.name}': expected an input of rank >= 2 with a known last dimension, received ${fmtSpecJson(inputShape)}`,
      );
    }
    this.kernel = this.addWeight('kernel', [inDim, this.units], this.kernelInitializer, {
      regularizer: this.kernelRegularizer,
    });
    if (this.useBias)
      this.bias = this.addWeight('bias', [this.units], this.biasInitializer, {
        regularizer: this.biasRegularizer,
      });
    this.built = true;
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    const inDim = this.kernel!.shape[0]!;
    const last = shape[shape.length - 1];
    if (shape.length < 2 || (last !== null && last !== inDim)) {
      const hint = shape.length > 2 ? ' Add a Flatten layer before it.' : '';
      throw new ShapeError(
        `Dense '${this.name}': expected input with last dimension ${inDim}, received shape ${fmtSpecJson(shape)}.${hint}`,
      );
    }
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const kernel = this.kernel!;
    const flat = x.rank === 2 ? x : reshape(x, [-1, x.shape[x.rank - 1]!]);
    let y: Tensor;
    const fused = this.#fusedActivation();
    if (fused !== null) {
      // matMul, bias and activation as one op (the same numbers as the three).
      y = denseForward(flat, kernel, this.bias, fused);
    } else {
      y = matMul(flat, kernel);
      if (this.bias) y = add(y, this.bias);
      y = this.activation(y);
    }
    if (x.rank !== 2) y = reshape(y, [...x.shape.slice(0, -1), this.units]);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  /** The activation's id when it is a built-in one the fused dense op implements. */
  #fusedActivation(): FusedActivation | null {
    const a = this.activation;
    return isFusedActivation(a.id) && getActivation(a.id) === a ? a.id : null;
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [...inputShape.slice(0, -1), this.units];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
    };
  }
}
