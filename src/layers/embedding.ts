/**
 * Embedding: integer ids → rows of a trainable `[inputDim, outputDim]` table (Keras 3
 * `Embedding`). The lookup is a `gather`, whose gradient is a segment sum of the output
 * gradient into the rows that were looked up (no one-hot product with the whole table).
 * With `maskZero`, id 0 is padding: the output carries a mask (`id != 0`) that recurrent
 * and pooling layers downstream use.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { cast, gather, notEqual } from '../ops/index.js';
import type { InitializerIdentifier } from '../initializers/index.js';
import {
  get as getRegularizer,
  type Regularizer,
  type RegularizerIdentifier,
} from '../regularizers/index.js';
import type { Variable } from '../tensor/tensor.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { fmtSpecJson, type ShapeSpec } from './symbolic.js';
import { serializeInitializer, serializeRegularizer } from './serialize.js';

/**
 * Options of {@link layers.embedding} (Keras `Embedding`'s arguments, in camelCase).
 */
export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids are in `0 .. inputDim - 1`. */
  inputDim: number;
  /** Length of each embedding vector. */
  outputDim: number;
  /** Default `randomUniform` in [-0.05, 0.05], as Keras (`'uniform'`). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  /** Whether id 0 is padding (the output then carries a mask). Default false. */
  maskZero?: boolean;
  /** Accepted for Keras 2 files and ignored (Keras 3 infers the length). */
  inputLength?: number | null;
}

const reg = (r: RegularizerIdentifier | null | undefined): Regularizer | null =>
  r ? getRegularizer(r) : null;

/**
 * The `Embedding` layer (Keras `keras.layers.Embedding`): see {@link layers.embedding}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.Embedding({ inputDim: 1000, outputDim: 16 });
 */
export class Embedding extends Layer {
  readonly className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly maskZero: boolean;
  readonly embeddingsInitializer: InitializerIdentifier;
  readonly embeddingsRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  embeddings: Variable | null = null;

  constructor(args: EmbeddingArgs) {
    // `inputDim` is the vocabulary size here, not the base layers' input-shape shorthand;
    // a Keras 2 `inputLength` gives the input shape.
    const len = args?.inputLength;
    super({
      ...args,
      inputDim: undefined,
      ...(Number.isInteger(len) &&
      args.inputShape === undefined &&
      args.batchInputShape === undefined
        ? { inputShape: [len as number] }
        : {}),
    });
    for (const key of ['inputDim', 'outputDim'] as const) {
      const v = args?.[key];
      if (!Number.isInteger(v) || v <= 0) {
        throw new ValueError(`Embedding: ${key} must be a positive integer, received ${v}`);
      }
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    if (args.maskZero !== undefined && typeof args.maskZero !== 'boolean') {
      throw new ValueError(`Embedding: maskZero must be a boolean, received ${args.maskZero}`);
    }
    this.maskZero = args.maskZero ?? false;
    this.embeddingsInitializer = args.embeddingsInitializer ?? {
      className: 'RandomUniform',
      config: { minval: -0.05, maxval: 0.05 },
    };
    this.embeddingsRegularizer = reg(args.embeddingsRegularizer);
    this.activityRegularizer = reg(args.activityRegularizer);
  }

  override build(_inputShape: ShapeSpec): void {
    this.embeddings = this.addWeight(
      'embeddings',
      [this.inputDim, this.outputDim],
      this.embeddingsInitializer,
      { regularizer: this.embeddingsRegularizer },
    );
    this.built = true;
  }

  /** Masks flow through: the mask is recomputed from the ids. */
  override get supportsMasking(): boolean {
    return true;
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    if (x.dtype === 'bool') {
      throw new ValueError(
        `Embedding '${this.name}': expected integer ids, received a bool tensor`,
      );
    }
    const ids = x.dataSync();
    for (let i = 0; i < ids.length; i++) {
      const k = ids[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= this.inputDim) {
        throw new ValueError(
          `Embedding '${this.name}': id ${k} at position ${i} of input ${fmtSpecJson(x.shape)} is not an integer in [0, ${this.inputDim - 1}] (inputDim ${this.inputDim})`,
        );
      }
    }
    const y = gather(this.embeddings!, x.dtype === 'int32' ? x : cast(x, 'int32'), 0);
    this.recordActivityLoss(this.activityRegularizer, y);
    return y;
  }

  /** With `maskZero`, `ids != 0`; else none (Keras `compute_mask`). */
  override computeMask(
    inputs: readonly Tensor[],
    _masks: readonly (Tensor | null)[],
  ): (Tensor | null)[] {
    return this.maskZero ? [notEqual(inputs[0]!, 0)] : [null];
  }

  protected override checkInputShape(shape: ShapeSpec): void {
    if (shape.length < 1) {
      throw new ShapeError(
        `Embedding '${this.name}': expected ids of shape [batch, ...], received ${fmtSpecJson(shape)}`,
      );
    }
  }

  override computeOutputShape(inputShape: ShapeSpec): ShapeSpec {
    return [...inputShape, this.outputDim];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: serializeRegularizer(this.embeddingsRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      embeddingsConstraint: null,
      maskZero: this.maskZero,
    };
  }
}
