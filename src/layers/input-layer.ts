/** InputLayer and `nn.input()`: the entry points of a Functional graph. */
import { ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { Layer, type LayerConfig } from './layer.js';
import { Node, type SymbolicTensor } from './symbolic.js';

/**
 * Options of {@link layers.inputLayer} (Keras `InputLayer`'s arguments, in camelCase).
 */
export interface InputLayerArgs {
  /** Shape without the batch dimension. */
  inputShape?: readonly (number | null)[];
  /** Shape with the batch dimension (null: unknown size). */
  batchInputShape?: readonly (number | null)[];
  batchSize?: number;
  dtype?: DType;
  name?: string;
}

/**
 * The `InputLayer` layer (Keras `keras.layers.InputLayer`): see {@link layers.inputLayer}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.InputLayer({ inputShape: [4] });
 */
export class InputLayer extends Layer {
  readonly className = 'InputLayer';
  /** The symbolic tensor this layer produces. */
  readonly output: SymbolicTensor;

  constructor(args: InputLayerArgs) {
    if (!args.inputShape && !args.batchInputShape) {
      throw new ValueError('InputLayer: give inputShape (without batch) or batchInputShape');
    }
    super({ ...args, name: args.name ?? undefined });
    const shape = this.batchInputShape!;
    this.built = true;
    this.lastOutputShapes = [shape];
    this.output = new Node(this, [], [shape], this.dtype).outputs[0]!;
  }

  call(x: Tensor): Tensor {
    return x;
  }

  override getConfig(): LayerConfig {
    return {
      name: this.name,
      dtype: this.dtype,
      batchInputShape: [...this.batchInputShape!],
      sparse: false,
    };
  }
}

/**
 * Options of {@link input}: the shape without the batch dimension (or `batchShape` with it).
 */
export interface InputArgs {
  /** Shape without the batch dimension, e.g. `[784]`. */
  shape?: readonly (number | null)[];
  batchShape?: readonly (number | null)[];
  batchSize?: number;
  name?: string;
  dtype?: DType;
}

/**
 * A symbolic input for the Functional API: `const x = nn.input({shape: [784]})`.
 * @throws ValueError when neither `shape` nor `batchShape` is given.
 * @example
 * const x = nn.input({ shape: [4] });
 * const y = nn.layers.dense({ units: 1 }).apply(x);
 * const m = nn.model({ inputs: x, outputs: y });
 */
export function input(args: InputArgs): SymbolicTensor {
  if (!args || (!args.shape && !args.batchShape)) {
    throw new ValueError(
      'input: give shape (without the batch dimension), e.g. nn.input({shape: [784]})',
    );
  }
  const layer = new InputLayer({
    inputShape: args.shape,
    batchInputShape: args.batchShape,
    batchSize: args.batchSize,
    name: args.name,
    dtype: args.dtype,
  });
  return layer.output;
}
