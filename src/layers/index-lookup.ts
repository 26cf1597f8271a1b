/**
 * The vocabulary lookup shared by StringLookup, IntegerLookup and TextVectorization (Keras 3
 * `IndexLookup`): tokens to indices (or back, with `invert`), a vocabulary given or learned
 * by `adapt`, and the output modes `'int'`, `'one_hot'`, `'multi_hot'`, `'count'`,
 * `'tf_idf'`.
 *
 * Index order, as Keras: in `'int'` mode with a mask token, index 0 is the mask; then
 * `numOovIndices` OOV indices; then the vocabulary. `adapt` orders tokens by count (most
 * frequent first), ties by the token, descending. The idf of a token is
 * `log(1 + documents / (1 + documents holding it))`; the OOV indices get the mean idf.
 *
 * The vocabulary lives on the host (a Map), not in a tensor, and is saved in the config
 * (`vocabulary`, with the special tokens first; `idfWeights` likewise), so a saved model
 * keeps it in every format without asset files.
 */
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../ops/index.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';
import type { ShapeSpec } from './symbolic.js';
import { encodeCategorical } from './category-encoding.js';
import { byCountThenToken, type Flat } from './text/strings.js';

/** Output modes of the lookup and text layers (Keras's spellings). */
export type LookupOutputMode = 'int' | 'one_hot' | 'multi_hot' | 'count' | 'tf_idf';
/** Array.isArray without narrowing a typed list to any[]. */
const isList = (x: unknown): boolean => Array.isArray(x);
const MODES: readonly string[] = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];

/** Config shared by StringLookup and IntegerLookup; `K` is the token type. */
export interface IndexLookupArgs<K> extends LayerArgs {
  /** Most indices, special ones included; null: no cap. Must be > 1. Default null. */
  maxTokens?: number | null;
  /** OOV indices (0: an unknown token is an error). Default 1. */
  numOovIndices?: number;
  /** The token that maps to index 0 in `'int'` mode (dropped in other modes). Default null. */
  maskToken?: K | null;
  /** The token `invert` returns for OOV indices. */
  oovToken?: K;
  /** The vocabulary (special tokens may lead, in Keras's order); else use `adapt`. */
  vocabulary?: readonly K[] | null;
  /** The idf weight of each vocabulary entry; required with a vocabulary in `'tf_idf'` mode. */
  idfWeights?: readonly number[] | null;
  /** Map indices back to tokens. Only with `outputMode: 'int'`. Default false. */
  invert?: boolean;
  /** Default `'int'`. `'binary'` is read as `'multi_hot'`, `'tf-idf'` as `'tf_idf'`. */
  outputMode?: LookupOutputMode | 'binary' | 'tf-idf';
  /** Non-int outputs have `maxTokens` columns, not the vocabulary size. Default false. */
  padToMaxTokens?: boolean;
  /** Keras's sparse output; only `false` is supported. */
  sparse?: boolean;
}

/** Tokens per row of data fed to `adapt` (one document per row). */
export type TokenRows<K> = readonly (readonly K[])[];

export abstract class IndexLookup<K extends string | number> extends Layer {
  readonly maxTokens: number | null;
  readonly numOovIndices: number;
  readonly maskToken: K | null;
  readonly oovToken: K;
  readonly invert: boolean;
  readonly outputMode: LookupOutputMode;
  readonly padToMaxTokens: boolean;
  /** Whether the vocabulary was given (then `adapt` is refused, as in Keras). */
  readonly hasInputVocabulary: boolean;
  #tokens: K[] = [];
  #index = new Map<K, number>();
  #idf: Float32Array | null = null;
  // adapt state
  #counts = new Map<K, number>();
  #docCounts = new Map<K, number>();
  #documents = 0;

  constructor(args: IndexLookupArgs<K>, defaults: { oovToken: K }) {
    super(args);
    const where = this.where;
    let mode = args.outputMode ?? 'int';
    if (mode === 'binary') mode = 'multi_hot';
    if (mode === 'tf-idf') mode = 'tf_idf';
    if (!MODES.includes(mode)) {
      throw new ValueError(
        `${where}: outputMode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, received ${JSON.stringify(args.outputMode)}`,
      );
    }
    this.outputMode = mode;
    this.maxTokens = args.maxTokens ?? null;
    if (this.maxTokens !== null && !(Number.isInteger(this.maxTokens) && this.maxTokens > 1)) {
      throw new ValueError(
        `${where}: maxTokens must be null or an integer > 1, received ${this.maxTokens}`,
      );
    }
    this.numOovIndices = args.numOovIndices ?? 1;
    if (!Number.isInteger(this.numOovIndices) || this.numOovIndices < 0) {
      throw new ValueError(
        `${where}: numOovIndices must be an integer >= 0, received ${this.numOovIndices}`,
      );
    }
    this.maskToken = args.maskToken ?? null;
    this.oovToken = args.oovToken ?? defaults.oovToken;
    this.invert = args.invert ?? false;
    this.padToMaxTokens = args.padToMaxTokens ?? false;
    if (this.padToMaxTokens && this.maxTokens === null) {
      throw new ValueError(`${where}: padToMaxTokens needs maxTokens to be set`);
    }
    if (this.invert && mode !== 'int') {
      throw new ValueError(
        `${where}: invert is only supported with outputMode 'int', not '${mode}'`,
      );
    }
    if (args.sparse) throw new ValueError(`${where}: sparse outputs are not supported`);
    const idf = args.idfWeights ?? null;
    if (idf !== null && mode !== 'tf_idf') {
      throw new ValueError(
        `${where}: idfWeights is only used with outputMode 'tf_idf', not '${mode}'`,
      );
    }
    const vocab = args.vocabulary ?? null;
    this.hasInputVocabulary = vocab !== null;
    if (vocab !== null) {
      if (mode === 'tf_idf' && idf === null) {
        throw new ValueError(
          `${where}: with a vocabulary and outputMode 'tf_idf', idfWeights must be given too`,
        );
      }
      this.setVocabulary(vocab, idf);
    }
  }

  /** `ClassName 'name'`, for messages. */
  protected get where(): string {
    return `${this.className} '${this.name}'`;
  }

  /** Index of the first OOV index. */
  protected get oovStart(): number {
    return this.maskToken !== null && this.outputMode === 'int' ? 1 : 0;
  }
  /** Index of the first vocabulary token. */
  protected get tokenStart(): number {
    return this.oovStart + this.numOovIndices;
  }

  /** Indices in use: special tokens plus the vocabulary. */
  vocabularySize(): number {
    return this.#tokens.length + this.tokenStart;
  }

  /** The vocabulary; with `includeSpecialTokens` (default) position i is index i. */
  getVocabulary(includeSpecialTokens = true): K[] {
    if (!includeSpecialTokens) return [...this.#tokens];
    return [...this.specialTokens(), ...this.#tokens];
  }

  /** The idf weight per output column (tf_idf mode), or null. */
  getIdfWeights(): number[] | null {
    return this.#idf ? Array.from(this.#idf) : null;
  }

  private specialTokens(): K[] {
    const out: K[] = [];
    if (this.oovStart === 1) out.push(this.maskToken as K);
    for (let i = 0; i < this.numOovIndices; i++) out.push(this.oovToken);
    return out;
  }

  /**
   * Sets the vocabulary (and the idf weights in `'tf_idf'` mode), as Keras's
   * `set_vocabulary`: special tokens may lead in Keras's order, tokens must be unique.
   */
  setVocabulary(vocabulary: readonly K[], idfWeights: readonly number[] | null = null): void {
    const where = this.where;
    if (!isList(vocabulary) || vocabulary.length === 0) {
      throw new ValueError(`${where}: the vocabulary must be a non-empty array`);
    }
    this.checkTokens(vocabulary, 'vocabulary');
    if (this.outputMode === 'tf_idf' && idfWeights === null) {
      throw new ValueError(`${where}: idfWeights must be set when outputMode is 'tf_idf'`);
    }
    const special = this.specialTokens();
    const found =
      special.every((t, i) => vocabulary[i] === t) && vocabulary.length >= special.length;
    const tokens = found ? vocabulary.slice(special.length) : [...vocabulary];
    const seen = new Set<K>();
    const repeated = new Set<K>();
    for (const t of tokens) (seen.has(t) ? repeated : seen).add(t);
    if (repeated.size > 0) {
      throw new ValueError(
        `${where}: the vocabulary repeats ${[...repeated].map((t) => JSON.stringify(t)).join(', ')}; tokens must be unique`,
      );
    }
    if (this.maskToken !== null && seen.has(this.maskToken)) {
      throw new ValueError(
        `${where}: the mask token ${JSON.stringify(this.maskToken)} is in the vocabulary; leave it out (or put the special tokens first, in this order: ${JSON.stringify(special)})`,
      );
    }
    if (this.invert && seen.has(this.oovToken)) {
      throw new ValueError(
        `${where}: the OOV token ${JSON.stringify(this.oovToken)} is in the vocabulary; leave it out`,
      );
    }
    const size = this.tokenStart + tokens.length;
    if (this.maxTokens !== null && size > this.maxTokens) {
      throw new ValueError(
        `${where}: the vocabulary has ${size} entries (special tokens included), over maxTokens ${this.maxTokens}`,
      );
    }
    let idf: Float32Array | null = null;
    if (this.outputMode === 'tf_idf' && idfWeights !== null) {
      if (
        !isList(idfWeights) ||
        idfWeights.length !== vocabulary.length ||
        idfWeights.some((w) => typeof w !== 'number' || !Number.isFinite(w))
      ) {
        throw new ValueError(
          `${where}: idfWeights must hold one finite number per vocabulary entry (${vocabulary.length}), received ${isList(idfWeights) ? `${idfWeights.length} values` : typeof idfWeights}`,
        );
      }
      const front = found ? 0 : this.tokenStart;
      const mean = idfWeights.reduce((a, b) => a + b, 0) / idfWeights.length;
      const width = this.padToMaxTokens ? this.maxTokens! : front + idfWeights.length;
      idf = new Float32Array(width);
      idf.fill(mean, 0, front);
      idf.set(idfWeights, front);
    }
    this.#tokens = tokens;
    this.#index = new Map(tokens.map((t, i) => [t, i + this.tokenStart]));
    this.#idf = idf;
  }

  /** Throws unless every token has this layer's token type. */
  protected abstract checkTokens(tokens: readonly unknown[], what: string): void;

  /** Clears what `adapt` has counted. */
  protected resetAdaptState(): void {
    if (this.hasInputVocabulary) {
      throw new ValueError(
        `${this.where}: cannot adapt a layer whose vocabulary was given (the vocabulary argument); build a new layer to learn one`,
      );
    }
    this.#counts = new Map();
    this.#docCounts = new Map();
    this.#documents = 0;
  }

  /** Counts the tokens of one batch of documents (one row each). */
  protected updateAdaptState(rows: TokenRows<K>): void {
    for (const row of rows) {
      for (const t of row) this.#counts.set(t, (this.#counts.get(t) ?? 0) + 1);
      if (this.outputMode === 'tf_idf') {
        for (const t of new Set(row)) this.#docCounts.set(t, (this.#docCounts.get(t) ?? 0) + 1);
      }
    }
    this.#documents += rows.length;
  }

  /** Builds the vocabulary (and idf weights) from the counts, as Keras's finalize_state. */
  protected finalizeAdaptState(): void {
    const counts = this.#counts;
    if (this.maskToken !== null) counts.delete(this.maskToken);
    counts.delete(this.oovToken);
    if (counts.size === 0) {
      throw new ValueError(
        `${this.where}: adapt found no tokens in the data (it is empty, or holds only mask/OOV tokens)`,
      );
    }
    let tokens = byCountThenToken(counts);
    if (this.maxTokens !== null)
      tokens = tokens.slice(0, Math.max(0, this.maxTokens - this.tokenStart));
    this.#tokens = tokens;
    this.#index = new Map(tokens.map((t, i) => [t, i + this.tokenStart]));
    if (this.outputMode === 'tf_idf') {
      const n = this.#documents;
      const w = tokens.map((t) => Math.log(1 + n / (1 + (this.#docCounts.get(t) ?? 0))));
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      const width = this.padToMaxTokens ? this.maxTokens! : this.tokenStart + w.length;
      const idf = new Float32Array(width);
      idf.fill(mean, 0, this.tokenStart);
      idf.set(w, this.tokenStart);
      this.#idf = idf;
    }
    this.#counts = new Map();
    this.#docCounts = new Map();
    this.#documents = 0;
  }

  /** Indices of `tokens` (mask → 0 in int mode, -1 elsewhere; unknown → an OOV index). */
  protected lookupIndices(tokens: readonly K[]): Int32Array {
    const out = new Int32Array(tokens.length);
    const nOov = this.numOovIndices;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (this.maskToken !== null && t === this.maskToken) {
        out[i] = this.outputMode === 'int' ? 0 : -1;
        continue;
      }
      const k = this.#index.get(t);
      if (k !== undefined) out[i] = k;
      else if (nOov === 0) {
        throw new ValueError(
          `${this.where}: ${JSON.stringify(t)} is not in the vocabulary and numOovIndices is 0; set numOovIndices: 1 to map unknown tokens to an OOV index`,
        );
      } else out[i] = this.oovStart + this.oovBucket(t, nOov);
    }
    return out;
  }

  /** The OOV bucket in `[0, n)` of an unknown token (n > 0). */
  protected abstract oovBucket(token: K, n: number): number;

  /** Tokens of `indices` (invert): the mask at 0, the OOV token for OOV or unknown indices. */
  protected tokensOf(indices: ArrayLike<number>): K[] {
    const out: K[] = [];
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i]!;
      if (this.maskToken !== null && k === 0) out.push(this.maskToken);
      else out.push(this.#tokens[k - this.tokenStart] ?? this.oovToken);
    }
    return out;
  }

  /** Output columns of the non-int modes. */
  protected get depth(): number {
    return this.padToMaxTokens ? this.maxTokens! : this.vocabularySize();
  }

  /** Encodes looked-up indices of `shape` in the output mode: int32 ids or float32 vectors. */
  protected encode(indices: Int32Array, shape: readonly number[]): Tensor {
    if (this.outputMode === 'int') return tensor(indices, [...shape], 'int32');
    if (!this.padToMaxTokens && this.#tokens.length === 0) {
      throw new ValueError(
        `${this.where}: with outputMode '${this.outputMode}' the vocabulary must be set (the vocabulary argument or adapt) before calling the layer`,
      );
    }
    const idf = this.#idf ?? undefined;
    return encodeCategorical(indices, shape, this.outputMode, this.depth, this.where, {
      skip: -1,
      ...(idf ? { idf } : {}),
    });
  }

  /** Output shape for input shape `s` (Keras's compute_output_shape). */
  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    if (this.outputMode === 'int') return s;
    const d = this.depth;
    if (this.outputMode === 'one_hot' && !(s.length > 1 && s[s.length - 1] === 1)) return [...s, d];
    return [...s.slice(0, -1), d];
  }

  /** Flattened tokens and shape → token rows for adapt (rank 0/1: one document). */
  protected static rowsOf<T>(flat: Flat<T>): T[][] {
    if (flat.shape.length <= 1) return [flat.values];
    const width = flat.shape[flat.shape.length - 1]!;
    const rows: T[][] = [];
    for (let i = 0; i < flat.values.length; i += width) rows.push(flat.values.slice(i, i + width));
    return rows;
  }

  /** Keras's IndexLookup config keys (camelCase); the vocabulary with its special tokens. */
  override getConfig(): LayerConfig {
    const vocab = this.#tokens.length > 0 ? this.getVocabulary(true) : null;
    let idf: number[] | null = null;
    if (this.#idf && vocab) idf = Array.from(this.#idf.subarray(0, vocab.length));
    return {
      ...super.getConfig(),
      invert: this.invert,
      maxTokens: this.maxTokens,
      numOovIndices: this.numOovIndices,
      oovToken: this.oovToken,
      maskToken: this.maskToken,
      outputMode: this.outputMode,
      sparse: false,
      padToMaxTokens: this.padToMaxTokens,
      vocabulary: vocab,
      idfWeights: idf,
      vocabularySize: vocab ? this.vocabularySize() : null,
    };
  }
}
