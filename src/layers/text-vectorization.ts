/**
 * TextVectorization (Keras 3 `keras.layers.TextVectorization`): strings → standardized →
 * split into tokens → n-grams → vocabulary indices (`'int'`, padded or cut to
 * `outputSequenceLength`) or one vector per text (`'multi_hot'`, `'count'`, `'tf_idf'`).
 * The vocabulary is given or learned with `adapt(texts)`; index 0 is the padding/mask token
 * `''` and index 1 the OOV token `'[UNK]'` in `'int'` mode, as in Keras.
 *
 * Strings, a design note: Neurite tensors have no string dtype (a tensor is numbers in a
 * backend's memory, shared with WebAssembly kernels). Text therefore stays on the host as
 * plain JavaScript arrays, and this layer is the boundary: `apply(['some text', …])`
 * returns an int32 (or float32) tensor that a model takes. Use it in front of the model:
 *
 * ```ts
 * const vectorize = nn.layers.textVectorization({maxTokens: 2000, outputSequenceLength: 40});
 * vectorize.adapt(trainTexts);
 * await model.fit(vectorize.apply(trainTexts), labels, {epochs: 5});
 * model.predict(vectorize.apply(['a new review']));
 * ```
 *
 * Inside a model (a Sequential's first layer, or after `nn.input`) it refuses tensors with
 * a message saying so. The vocabulary is part of the layer's config, so saving the layer's
 * config (or a model that holds it) keeps it.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../ops/index.js';
import type { CallOptions, LayerConfig } from './layer.js';
import type { ShapeSpec, SymbolicTensor } from './symbolic.js';
import { encodeCategorical } from './category-encoding.js';
import { IndexLookup, type LookupOutputMode } from './index-lookup.js';
import type { LayerArgs } from './layer.js';
import { describe, isAsyncIterable } from './string-lookup.js';
import { flatten, isNestedStrings, isString, type NestedStrings } from './text/strings.js';
import { ngrams, type Split, type Standardize, split, standardize } from './text/tokenize.js';

/**
 * Options of {@link layers.textVectorization} (Keras `TextVectorization`'s arguments, in camelCase).
 */
export interface TextVectorizationArgs extends LayerArgs {
  /** Most vocabulary entries, the mask and OOV tokens included; null: no cap. Default null. */
  maxTokens?: number | null;
  /** Default `'lower_and_strip_punctuation'` (ASCII lowercasing, as `tf.strings.lower`). */
  standardize?: Standardize;
  /** Default `'whitespace'`. */
  split?: Split;
  /** n-grams to add: n gives widths 1..n, a list gives those widths; null: none. Default null. */
  ngrams?: number | readonly number[] | null;
  /** Default `'int'`. */
  outputMode?: Exclude<LookupOutputMode, 'one_hot'>;
  /** `'int'` only: pad with 0 or cut each row to this length. Default null (longest row). */
  outputSequenceLength?: number | null;
  /** Non-int outputs have `maxTokens` columns. Default false. */
  padToMaxTokens?: boolean;
  /** The vocabulary (without or with the leading `''`/`'[UNK]'`); else use `adapt`. */
  vocabulary?: readonly string[] | null;
  /** `'tf_idf'` with a vocabulary: its idf weights. */
  idfWeights?: readonly number[] | null;
  /** Keras's sparse/ragged outputs; only `false` is supported. */
  sparse?: boolean;
  ragged?: boolean;
  /** Only `'utf-8'`. */
  encoding?: string;
}

const STANDARDIZE: readonly unknown[] = [
  'lower_and_strip_punctuation',
  'lower',
  'strip_punctuation',
  null,
];
const SPLIT: readonly unknown[] = ['whitespace', 'character', null];

/**
 * The `TextVectorization` layer (Keras `keras.layers.TextVectorization`): see {@link layers.textVectorization}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.TextVectorization({ maxTokens: 1000 });
 */
export class TextVectorization extends IndexLookup<string> {
  readonly className = 'TextVectorization';
  readonly standardize: Standardize;
  readonly split: Split;
  readonly ngrams: number | number[] | null;
  readonly outputSequenceLength: number | null;
  readonly #widths: number[] | null;

  constructor(args: TextVectorizationArgs = {}) {
    const mode = args.outputMode ?? 'int';
    super(
      {
        ...args,
        outputMode: mode,
        maskToken: '',
        oovToken: '[UNK]',
        numOovIndices: 1,
        invert: false,
      },
      { oovToken: '[UNK]' },
    );
    const where = this.where;
    if ((mode as string) === 'one_hot') {
      throw new ValueError(
        `${where}: outputMode must be 'int', 'multi_hot', 'count' or 'tf_idf', received 'one_hot'`,
      );
    }
    this.standardize =
      args.standardize === undefined ? 'lower_and_strip_punctuation' : args.standardize;
    if (!STANDARDIZE.includes(this.standardize)) {
      throw new ValueError(
        `${where}: standardize must be 'lower_and_strip_punctuation', 'lower', 'strip_punctuation' or null, received ${JSON.stringify(args.standardize)} (a function cannot be saved; standardize the strings before calling the layer)`,
      );
    }
    this.split = args.split === undefined ? 'whitespace' : args.split;
    if (!SPLIT.includes(this.split)) {
      throw new ValueError(
        `${where}: split must be 'whitespace', 'character' or null, received ${JSON.stringify(args.split)}`,
      );
    }
    const ng = args.ngrams ?? null;
    const okWidth = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1;
    if (
      ng !== null &&
      !(okWidth(ng) || (Array.isArray(ng) && ng.length > 0 && ng.every(okWidth)))
    ) {
      throw new ValueError(
        `${where}: ngrams must be null, an integer >= 1 or a list of them, received ${JSON.stringify(ng)}`,
      );
    }
    this.ngrams = ng === null ? null : typeof ng === 'number' ? ng : [...ng];
    this.#widths =
      ng === null
        ? null
        : typeof ng === 'number'
          ? Array.from({ length: ng }, (_, i) => i + 1)
          : [...ng];
    if (this.#widths !== null && this.split === null) {
      throw new ValueError(`${where}: ngrams needs a split ('whitespace' or 'character')`);
    }
    const len = args.outputSequenceLength ?? null;
    if (len !== null && mode !== 'int') {
      throw new ValueError(
        `${where}: outputSequenceLength is only used with outputMode 'int', not '${mode}'`,
      );
    }
    if (len !== null && !(Number.isInteger(len) && len >= 1)) {
      throw new ValueError(
        `${where}: outputSequenceLength must be null or an integer >= 1, received ${len}`,
      );
    }
    this.outputSequenceLength = len;
    if (args.ragged) throw new ValueError(`${where}: ragged outputs are not supported`);
    if (args.encoding !== undefined && args.encoding.toLowerCase().replace('-', '') !== 'utf8') {
      throw new ValueError(
        `${where}: encoding must be 'utf-8', received ${JSON.stringify(args.encoding)}`,
      );
    }
  }

  protected checkTokens(tokens: readonly unknown[], what: string): void {
    const bad = tokens.findIndex((t) => typeof t !== 'string');
    if (bad >= 0)
      throw new ValueError(
        `${this.where}: ${what} must hold strings, found ${JSON.stringify(tokens[bad])} at ${bad}`,
      );
  }

  protected oovBucket(): number {
    return 0;
  }

  /**
   * Standardizes, splits and makes n-grams: the token rows of the input (one per text with
   * a split; with `split: null`, the standardized strings in the input's shape).
   */
  tokenize(texts: NestedStrings): { rows: string[][]; shape: number[] } {
    const flat = flatten(texts, isString, 'strings', this.where);
    const std = flat.values.map((t) => standardize(t, this.standardize));
    if (this.split === null) return { rows: [std], shape: flat.shape };
    let shape = flat.shape;
    if (shape.length > 1) {
      if (shape.length > 2 || shape[1] !== 1) {
        throw new ValueError(
          `${this.where}: to split strings the input must be a list of strings or a list of one-string lists ([n] or [n, 1]), received shape [${shape.join(',')}]`,
        );
      }
      shape = [shape[0]!];
    }
    const rows = std.map((t) => {
      const toks = split(t, this.split as 'whitespace' | 'character');
      return this.#widths ? ngrams(toks, this.#widths) : toks;
    });
    return { rows, shape };
  }

  /** Vectorizes strings: `['text', …]` (or `[['text'], …]`) → int32 `[n, length]` or float32 `[n, columns]`. */
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
    if (typeof inputs === 'string' || isNestedStrings(inputs)) return this.vectorize(inputs);
    return super.apply(inputs as Tensor, opts);
  }

  call(x: Tensor): Tensor {
    throw new ValueError(
      `${this.where}: takes JavaScript strings (Neurite tensors hold no strings), received a ${x.dtype} tensor of shape [${x.shape.join(',')}]; vectorize outside the model: model.predict(layer.apply(['some text']))`,
    );
  }

  private vectorize(texts: NestedStrings): Tensor {
    const { rows, shape } = this.tokenize(texts);
    if (this.split === null) return this.encode(this.lookupIndices(rows[0]!), shape);
    const scalar = shape.length === 0;
    const ids = rows.map((r) => this.lookupIndices(r));
    const longest = ids.reduce((m, r) => Math.max(m, r.length), 0);
    if (this.outputMode === 'int') {
      const width = this.outputSequenceLength ?? longest;
      const out = new Int32Array(ids.length * width);
      ids.forEach((r, i) => out.set(r.subarray(0, width), i * width));
      return tensor(out, scalar ? [width] : [ids.length, width], 'int32');
    }
    // Rows padded with -1 (skipped) to one width; the encoder drops -1 as it drops the mask.
    const padded = new Int32Array(ids.length * longest).fill(-1);
    ids.forEach((r, i) => padded.set(r, i * longest));
    return this.encodeRows(padded, scalar ? [longest] : [ids.length, longest]);
  }

  private encodeRows(ids: Int32Array, shape: number[]): Tensor {
    if (!this.padToMaxTokens && this.vocabularySize() <= this.tokenStart) {
      return this.encode(ids, shape); // throws: the vocabulary is not set
    }
    const idf = this.getIdfWeights() ?? undefined;
    const depth = this.padToMaxTokens ? this.maxTokens! : this.vocabularySize();
    const mode = this.outputMode as 'multi_hot' | 'count' | 'tf_idf';
    return encodeCategorical(ids, shape, mode, depth, this.where, {
      skip: -1,
      ...(idf ? { idf } : {}),
    });
  }

  /**
   * Learns the vocabulary (and idf weights) from texts: an array of strings, or an async
   * iterable of such batches (an `nn.data` dataset). Each text is one document.
   */
  adapt(data: NestedStrings): void;
  adapt(data: AsyncIterable<NestedStrings>): Promise<void>;
  adapt(data: NestedStrings | AsyncIterable<NestedStrings>): void | Promise<void> {
    this.resetAdaptState();
    if (isAsyncIterable<NestedStrings>(data)) {
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
        `${this.where}: adapt takes texts (an array of strings, or batches of them), received ${describe(batch)}`,
      );
    }
    const { rows, shape } = this.tokenize(batch);
    if (this.split === null) {
      this.updateAdaptState(IndexLookup.rowsOf({ values: rows[0]!, shape }));
    } else this.updateAdaptState(rows);
  }

  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    if (this.outputMode === 'int') return [s[0] ?? null, this.outputSequenceLength];
    return [s[0] ?? null, this.padToMaxTokens ? this.maxTokens : this.vocabularySize()];
  }

  override getConfig(): LayerConfig {
    const c = super.getConfig();
    return {
      name: c.name!,
      trainable: c.trainable!,
      dtype: c.dtype!,
      ...(c.batchInputShape ? { batchInputShape: c.batchInputShape } : {}),
      maxTokens: this.maxTokens,
      standardize: this.standardize,
      split: this.split,
      ngrams: this.ngrams,
      outputMode: this.outputMode,
      outputSequenceLength: this.outputSequenceLength,
      padToMaxTokens: this.padToMaxTokens,
      sparse: false,
      ragged: false,
      vocabulary: c.vocabulary!,
      idfWeights: c.idfWeights!,
      encoding: 'utf-8',
      vocabularySize: c.vocabularySize!,
    };
  }
}
