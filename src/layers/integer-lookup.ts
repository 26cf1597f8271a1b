/**
 * IntegerLookup (Keras 3 `keras.layers.IntegerLookup`): integer category values (any
 * integers, e.g. ids or years) to contiguous vocabulary indices, or vectors by output mode;
 * the vocabulary given or learned by `adapt`. Unlike StringLookup it works on tensors, so
 * it can sit inside a model; `'int'` mode returns int32 (Keras returns int64).
 *
 * With several OOV indices an unknown value v goes to OOV index `floormod(v, numOovIndices)`
 * (Keras's default `oov_method`).
 *
 * @example
 * const lookup = nn.layers.integerLookup({vocabulary: [12, 36, 1138, 42]});
 * lookup.apply(nn.tensor([[12, 1138, 42], [42, 1000, 36]], undefined, 'int32'));
 * // int32 [[1, 3, 4], [4, 0, 2]]
 */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../ops/index.js';
import type { CallOptions, LayerConfig } from './layer.js';
import { IndexLookup, type IndexLookupArgs } from './index-lookup.js';
import { flatten } from './text/strings.js';
import { describe, isAsyncIterable } from './string-lookup.js';

/** IntegerLookup's config (Keras's defaults: oovToken -1, no mask token). */
export interface IntegerLookupArgs extends IndexLookupArgs<number> {
  /** Keras's dtype of the vocabulary; only integer types ('int64', 'int32'). */
  vocabularyDtype?: string;
}

/** Integer data for `adapt`: a tensor or nested arrays of integers. */
export type IntegerData = Tensor | readonly unknown[];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The `IntegerLookup` layer (Keras `keras.layers.IntegerLookup`): see {@link layers.integerLookup}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.IntegerLookup({ vocabulary: [3, 7, 9] });
 */
export class IntegerLookup extends IndexLookup<number> {
  readonly className = 'IntegerLookup';

  constructor(args: IntegerLookupArgs = {}) {
    super(args, { oovToken: -1 });
    if (args.vocabularyDtype !== undefined && !/^u?int(8|16|32|64)$/.test(args.vocabularyDtype)) {
      throw new ValueError(
        `${this.where}: vocabularyDtype must be an integer type, received ${JSON.stringify(args.vocabularyDtype)}`,
      );
    }
    for (const [k, v] of [
      ['maskToken', this.maskToken],
      ['oovToken', this.oovToken],
    ] as const) {
      if (v !== null && !isInt(v))
        throw new ValueError(
          `${this.where}: ${k} must be an integer, received ${JSON.stringify(v)}`,
        );
    }
  }

  protected checkTokens(tokens: readonly unknown[], what: string): void {
    const bad = tokens.findIndex((t) => !isInt(t));
    if (bad >= 0) {
      throw new ValueError(
        `${this.where}: ${what} must hold integers, found ${JSON.stringify(tokens[bad])} at ${bad}`,
      );
    }
  }

  protected oovBucket(token: number, n: number): number {
    return ((token % n) + n) % n;
  }

  call(x: Tensor, _opts: CallOptions): Tensor {
    const values = this.valuesOf(x);
    if (this.invert) return tensor(Int32Array.from(this.tokensOf(values)), [...x.shape], 'int32');
    return this.encode(this.lookupIndices(Array.from(values)), x.shape);
  }

  private valuesOf(x: Tensor): ArrayLike<number> {
    const v = x.dataSync();
    for (let i = 0; i < v.length; i++) {
      if (!Number.isInteger(v[i])) {
        throw new ValueError(
          `${this.where}: inputs must be integers, found ${v[i]} in a ${x.dtype} tensor`,
        );
      }
    }
    return v;
  }

  /**
   * Learns the vocabulary from integers: a tensor or nested array (rank 1: one document;
   * rank 2: one per row), or an async iterable of such batches (an `nn.data` dataset).
   */
  adapt(data: IntegerData): void;
  adapt(data: AsyncIterable<IntegerData>): Promise<void>;
  adapt(data: IntegerData | AsyncIterable<IntegerData>): void | Promise<void> {
    this.resetAdaptState();
    if (isAsyncIterable<IntegerData>(data)) {
      return (async () => {
        for await (const batch of data) this.adaptBatch(batch);
        this.finalizeAdaptState();
      })();
    }
    this.adaptBatch(data);
    this.finalizeAdaptState();
  }

  private adaptBatch(batch: unknown): void {
    let flat: { values: number[]; shape: number[] };
    if (batch instanceof Tensor)
      flat = { values: Array.from(this.valuesOf(batch)), shape: [...batch.shape] };
    else if (Array.isArray(batch)) flat = flatten(batch, isInt, 'integers', this.where);
    else
      throw new ValueError(
        `${this.where}: adapt takes integers (a tensor or nested arrays), received ${describe(batch)}`,
      );
    this.updateAdaptState(IndexLookup.rowsOf(flat));
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), vocabularyDtype: 'int64' };
  }
}
