/**
 * CategoryEncoding (Keras 3 `keras.layers.CategoryEncoding`): integer category ids in
 * `[0, numTokens)` to one-hot, multi-hot or count vectors of length `numTokens`. Also the
 * encoder behind the lookup and text layers' non-`'int'` output modes (`encodeCategorical`).
 *
 * Shapes, as Keras: `'one_hot'` maps `[..., 1]` or `[...]` to `[..., numTokens]`;
 * `'multi_hot'` and `'count'` map a rank-1 input (one sample) to `[numTokens]` and a rank-2
 * input `[batch, n]` to `[batch, numTokens]`. The encoding runs on the host (ids are read
 * back); it has no gradient with respect to the ids, as in Keras.
 */
import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { tensor } from '../ops/index.js';
import { type CallOptions, Layer, type LayerArgs, type LayerConfig } from './layer.js';
import type { ShapeSpec, SymbolicTensor } from './symbolic.js';

/** Output modes of CategoryEncoding (Keras's spellings; `'binary'` is read as `'multi_hot'`). */
export type CategoryOutputMode = 'one_hot' | 'multi_hot' | 'count';

/**
 * Options of {@link layers.categoryEncoding} (Keras `CategoryEncoding`'s arguments, in camelCase).
 */
export interface CategoryEncodingArgs extends LayerArgs {
  /** Number of categories; inputs must lie in `[0, numTokens)`. Required. */
  numTokens?: number;
  /** Default `'multi_hot'`. */
  outputMode?: CategoryOutputMode | 'binary';
  /** Keras's sparse output; only `false` is supported. */
  sparse?: boolean;
}

/** Call options of CategoryEncoding. */
export interface CategoryEncodingCallOptions extends CallOptions {
  /** Per-id weights summed instead of 1 in `'count'` mode; same shape as the input. */
  countWeights?: Tensor;
}

/** The most output values one call may produce. */
const MAX_OUTPUT = 1 << 28;

/**
 * Encodes integer ids (row-major `ids` of `shape`) as Keras's `encode_categorical_inputs`:
 * one_hot, multi_hot or count (with optional per-id `weights`), then multiplied by `idf` per
 * category for tf-idf. Ids equal to `skip` (a dropped mask) are ignored. Returns a float32
 * tensor.
 */
export function encodeCategorical(
  ids: ArrayLike<number>,
  shape: readonly number[],
  mode: CategoryOutputMode | 'tf_idf',
  depth: number,
  where: string,
  opts: { weights?: ArrayLike<number>; idf?: ArrayLike<number>; skip?: number } = {},
): Tensor {
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i]!;
    if (v === opts.skip) continue;
    if (!Number.isInteger(v) || v < 0 || v >= depth) {
      throw new ValueError(
        `${where}: input values must be integers in [0, ${depth}) (numTokens ${depth}), received ${v}`,
      );
    }
  }
  let outShape: number[];
  let rows: number;
  let perRow: number;
  if (mode === 'one_hot') {
    const s = shape.length > 1 && shape[shape.length - 1] === 1 ? shape.slice(0, -1) : [...shape];
    outShape = [...s, depth];
    rows = ids.length;
    perRow = 1;
  } else {
    if (shape.length > 2) {
      throw new ShapeError(
        `${where}: output_mode '${mode}' takes inputs of rank 1 or 2 (one sample, or [batch, ids]), received shape [${shape.join(',')}]`,
      );
    }
    rows = shape.length === 2 ? shape[0]! : 1;
    perRow = shape.length === 0 ? 1 : shape[shape.length - 1]!;
    outShape = shape.length === 2 ? [rows, depth] : [depth];
  }
  if (rows * depth > MAX_OUTPUT) {
    throw new ValueError(
      `${where}: the output would hold ${rows * depth} values, over ${MAX_OUTPUT}`,
    );
  }
  const out = new Float32Array(rows * depth);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < perRow; j++) {
      const k = r * perRow + j;
      const v = ids[k]!;
      if (v === opts.skip) continue;
      const o = r * depth + v;
      if (mode === 'count' || mode === 'tf_idf') out[o]! += opts.weights ? opts.weights[k]! : 1;
      else out[o] = 1;
    }
  }
  if (mode === 'tf_idf' && opts.idf) {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < depth; c++) out[r * depth + c]! *= opts.idf[c]!;
  }
  return tensor(out, outShape, 'float32');
}

/**
 * The `CategoryEncoding` layer (Keras `keras.layers.CategoryEncoding`): see {@link layers.categoryEncoding}, its factory, for what it computes.
 *
 * @example
 * const layer = new nn.layers.CategoryEncoding({ numTokens: 10 });
 */
export class CategoryEncoding extends Layer {
  readonly className = 'CategoryEncoding';
  readonly numTokens: number;
  readonly outputMode: CategoryOutputMode;

  constructor(args: CategoryEncodingArgs = {}) {
    super(args);
    const where = `CategoryEncoding '${this.name}'`;
    const mode = args.outputMode === 'binary' ? 'multi_hot' : (args.outputMode ?? 'multi_hot');
    if (!['one_hot', 'multi_hot', 'count'].includes(mode)) {
      throw new ValueError(
        `${where}: outputMode must be 'one_hot', 'multi_hot' or 'count', received ${JSON.stringify(args.outputMode)}`,
      );
    }
    if (args.numTokens === undefined || args.numTokens === null) {
      throw new ValueError(
        `${where}: numTokens is required (the number of categories); if it is unknown, use an integerLookup layer instead`,
      );
    }
    if (!Number.isInteger(args.numTokens) || args.numTokens < 1) {
      throw new ValueError(
        `${where}: numTokens must be an integer >= 1, received ${args.numTokens}`,
      );
    }
    if (args.sparse) throw new ValueError(`${where}: sparse outputs are not supported`);
    this.numTokens = args.numTokens;
    this.outputMode = mode;
  }

  /** Encodes `inputs`; `opts.countWeights` weights each id in `'count'` mode. */
  override apply(inputs: Tensor, opts?: CategoryEncodingCallOptions): Tensor;
  override apply(inputs: SymbolicTensor, opts?: CallOptions): SymbolicTensor;
  override apply(inputs: readonly Tensor[], opts?: CallOptions): Tensor | Tensor[];
  override apply(
    inputs: readonly SymbolicTensor[],
    opts?: CallOptions,
  ): SymbolicTensor | SymbolicTensor[];
  override apply(
    inputs: Tensor | SymbolicTensor | readonly Tensor[] | readonly SymbolicTensor[],
    opts: CategoryEncodingCallOptions = {},
  ): Tensor | SymbolicTensor | Tensor[] | SymbolicTensor[] {
    return super.apply(inputs as Tensor, opts);
  }

  call(x: Tensor, opts: CategoryEncodingCallOptions): Tensor {
    const where = `CategoryEncoding '${this.name}'`;
    const w = opts.countWeights;
    if (w !== undefined) {
      if (this.outputMode !== 'count') {
        throw new ValueError(
          `${where}: countWeights is only used when outputMode is 'count', not '${this.outputMode}'`,
        );
      }
      if (!(w instanceof Tensor) || w.shape.join() !== x.shape.join()) {
        throw new ShapeError(
          `${where}: countWeights must be a tensor of the input's shape [${x.shape.join(',')}], received ${w instanceof Tensor ? `[${w.shape.join(',')}]` : typeof w}`,
        );
      }
    }
    return encodeCategorical(x.dataSync(), x.shape, this.outputMode, this.numTokens, where, {
      weights: w?.dataSync(),
    });
  }

  override computeOutputShape(s: ShapeSpec): ShapeSpec {
    if (s.length === 0) return [this.numTokens];
    if (this.outputMode === 'one_hot' && (s.length === 1 || s[s.length - 1] !== 1)) {
      return [...s, this.numTokens];
    }
    return [...s.slice(0, -1), this.numTokens];
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      numTokens: this.numTokens,
      outputMode: this.outputMode,
      sparse: false,
    };
  }
}
