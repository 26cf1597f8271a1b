/**
 * StringLookup (Keras 3 `keras.layers.StringLookup`): strings to vocabulary indices (or
 * vectors, by output mode), with the vocabulary given or learned by `adapt`.
 *
 * Strings stay on the host: Neurite tensors hold numbers only. `apply` takes a plain
 * JavaScript array of strings (`['a', 'b']`, or `[['a', 'c'], ['d', 'z']]` for a batch of
 * rows) and returns a tensor; with `invert: true`, `lookupTokens(ids)` turns an index
 * tensor back into nested string arrays. Use it before a model (`model.predict(
 * lookup.apply(strings))`), not inside one.
 *
 * @example
 * const lookup = nn.layers.stringLookup({vocabulary: ['a', 'b', 'c', 'd']});
 * lookup.apply([['a', 'c', 'd'], ['d', 'z', 'b']]); // int32 [[1, 3, 4], [4, 0, 2]]
 */
import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { CallOptions, LayerConfig } from './layer.js';
import type { SymbolicTensor } from './symbolic.js';
import { IndexLookup, type IndexLookupArgs } from './index-lookup.js';
import {
  flatten,
  isNestedStrings,
  isString,
  type NestedStrings,
  unflatten,
} from './text/strings.js';

/** StringLookup's config (Keras's defaults: oovToken `'[UNK]'`, no mask token). */
export interface StringLookupArgs extends IndexLookupArgs<string> {
  /** Keras's text encoding; only `'utf-8'` (JavaScript strings are Unicode). */
  encoding?: string;
}

/** An async iterable of string batches (e.g. an `nn.data` dataset). */
export type StringBatches = AsyncIterable<NestedStrings>;

/**
 * The `StringLookup` layer (Keras `keras.layers.StringLookup`): see {@link layers.stringLookup}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.StringLookup({ vocabulary: ['a', 'b'] });
 */
export class StringLookup extends IndexLookup<string> {
  readonly className = 'StringLookup';

  constructor(args: StringLookupArgs = {}) {
    super(args, { oovToken: '[UNK]' });
    if (args.encoding !== undefined && args.encoding.toLowerCase().replace('-', '') !== 'utf8') {
      throw new ValueError(
        `${this.where}: encoding must be 'utf-8', received ${JSON.stringify(args.encoding)}`,
      );
    }
    if (this.numOovIndices > 1) {
      throw new ValueError(
        `${this.where}: numOovIndices > 1 is not supported for strings (Keras hashes them into OOV buckets with FarmHash64, which Neurite does not implement); use 0 or 1`,
      );
    }
  }

  protected checkTokens(tokens: readonly unknown[], what: string): void {
    const bad = tokens.findIndex((t) => typeof t !== 'string');
    if (bad >= 0) {
      throw new ValueError(
        `${this.where}: ${what} must hold strings, found ${JSON.stringify(tokens[bad])} at ${bad}`,
      );
    }
  }

  protected oovBucket(): number {
    return 0;
  }

  /** Looks up strings (nested as a tensor would be); returns int32 ids or float32 vectors. */
  override apply(inputs: NestedStrings, opts?: CallOptions): Tensor;
  override apply(inputs: Tensor, opts?: CallOptions): Tensor;
  override apply(inputs: SymbolicTensor, opts?: CallOptions): SymbolicTensor;
  override apply(inputs: readonly Tensor[], opts?: CallOptions): Tensor | Tensor[];
  override apply(
    inputs: readonly SymbolicTensor[],
    opts?: CallOptions,
  ): SymbolicTensor | SymbolicTensor[];
  override apply(
    inputs: NestedStrings | Tensor | SymbolicTensor | readonly Tensor[] | readonly SymbolicTensor[],
    opts: CallOptions = {},
  ): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    if (typeof inputs === 'string' || isNestedStrings(inputs)) {
      if (this.invert) {
        throw new ValueError(
          `${this.where}: with invert: true the layer maps indices to strings; call lookupTokens(ids)`,
        );
      }
      const flat = flatten(inputs, isString, 'strings', this.where);
      return this.encode(this.lookupIndices(flat.values), flat.shape);
    }
    return super.apply(inputs as Tensor, opts);
  }

  call(x: Tensor): Tensor {
    throw new ValueError(
      `${this.where}: takes JavaScript string arrays (Neurite tensors hold no strings), received a ${x.dtype} tensor of shape [${x.shape.join(',')}]; call layer.apply(['a', 'b']) outside the model${this.invert ? ', or lookupTokens(ids) with invert: true' : ''}`,
    );
  }

  /** With `invert: true`: index tensor (or nested numbers) → nested strings of its shape. */
  lookupTokens(ids: Tensor | readonly unknown[]): NestedStrings {
    if (!this.invert) {
      throw new ValueError(`${this.where}: lookupTokens needs invert: true`);
    }
    const flat =
      ids instanceof Tensor
        ? { values: Array.from(ids.dataSync(), Number), shape: [...ids.shape] }
        : flatten(ids, (v): v is number => typeof v === 'number', 'indices', this.where);
    return unflatten(this.tokensOf(flat.values), flat.shape) as NestedStrings;
  }

  /**
   * Learns the vocabulary from strings (a nested array: a rank-1 array is one document, rows
   * of a rank-2 array are documents) or from an async iterable of such batches.
   */
  adapt(data: NestedStrings): void;
  adapt(data: StringBatches): Promise<void>;
  adapt(data: NestedStrings | StringBatches): void | Promise<void> {
    this.resetAdaptState();
    if (isAsyncIterable(data)) {
      return (async () => {
        for await (const batch of data) this.adaptBatch(batch);
        this.finalizeAdaptState();
      })();
    }
    this.adaptBatch(data);
    this.finalizeAdaptState();
  }

  private adaptBatch(batch: unknown): void {
    if (!isNestedStrings(batch)) {
      throw new ValueError(
        `${this.where}: adapt takes strings (nested arrays of strings, or batches of them), received ${describe(batch)}`,
      );
    }
    this.updateAdaptState(IndexLookup.rowsOf(flatten(batch, isString, 'strings', this.where)));
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), encoding: 'utf-8' };
  }
}

/** True for an object with `Symbol.asyncIterator` (an `nn.data` dataset). */
export function isAsyncIterable<T>(x: unknown): x is AsyncIterable<T> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Symbol.asyncIterator in x;
}

/** A short description of a value for messages. */
export function describe(x: unknown): string {
  if (x instanceof Tensor) return `a ${x.dtype} tensor of shape [${x.shape.join(',')}]`;
  if (Array.isArray(x))
    return x.length === 0 ? 'an empty array' : `an array holding ${describe(x[0])}`;
  return x === null ? 'null' : typeof x === 'string' ? 'a string' : typeof x;
}
