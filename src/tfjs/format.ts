/**
 * TF.js's text form of a tensor (`tensor.print()`, `tensor.toString()`), so that programs
 * ported to `neurite/tfjs` print what they printed before:
 *
 * ```
 * Tensor
 *     [[1, 2],
 *      [3, 4]]
 * ```
 *
 * A port of `tensorToString` in tfjs-core's `tensor_format.ts` (Apache-2.0): 7 significant
 * decimals, columns padded to their widest value from rank 2 up, the first and last 3
 * entries of any dimension longer than 20 around `...`, `true`/`false` for bool tensors and
 * the raw float of a scalar. Only the dtypes Neurite has (no strings, no complex numbers).
 */
import type { DataArray, DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

/** Dimensions longer than this show their first and last few entries. */
const FORMAT_LIMIT_NUM_VALS = 20;
/** Entries shown at each end of a long dimension. */
const FORMAT_NUM_FIRST_LAST_VALS = 3;
/** Decimals kept (TF.js calls them significant digits; `toFixed` keeps decimals). */
const FORMAT_NUM_SIG_DIGITS = 7;

function computeStrides(shape: Shape): number[] {
  const rank = shape.length;
  if (rank < 2) return [];
  const strides = new Array<number>(rank - 1);
  strides[rank - 2] = shape[rank - 1]!;
  for (let i = rank - 3; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

function rightPad(s: string, size: number): string {
  return size <= s.length ? s : s + ' '.repeat(size - s.length);
}

function valToString(val: number, pad: number, dtype: DType): string {
  const s =
    dtype === 'bool'
      ? boolNumToString(val)
      : parseFloat(val.toFixed(FORMAT_NUM_SIG_DIGITS)).toString();
  return rightPad(s, pad);
}

function boolNumToString(v: number): string {
  return v === 0 ? 'false' : 'true';
}

function computeMaxSizePerColumn(
  vals: DataArray,
  shape: Shape,
  dtype: DType,
  strides: readonly number[],
): number[] {
  const n = shape.reduce((a, b) => a * b, 1);
  const numCols = strides[strides.length - 1] ?? 0;
  const padPerCol = new Array<number>(numCols).fill(0);
  if (shape.length > 1) {
    for (let row = 0; row < n / numCols; row++) {
      const offset = row * numCols;
      for (let j = 0; j < numCols; j++) {
        padPerCol[j] = Math.max(padPerCol[j]!, valToString(vals[offset + j]!, 0, dtype).length);
      }
    }
  }
  return padPerCol;
}

function subTensorToString(
  vals: DataArray,
  shape: Shape,
  dtype: DType,
  strides: readonly number[],
  padPerCol: readonly number[],
  isLast = true,
): string[] {
  const size = shape[0]!;
  const rank = shape.length;
  if (rank === 0) return [dtype === 'bool' ? boolNumToString(vals[0]!) : vals[0]!.toString()];
  if (rank === 1) {
    if (size > FORMAT_LIMIT_NUM_VALS) {
      const first = Array.from(vals.slice(0, FORMAT_NUM_FIRST_LAST_VALS));
      const last = Array.from(vals.slice(size - FORMAT_NUM_FIRST_LAST_VALS, size));
      return [
        '[' +
          first.map((x, i) => valToString(x, padPerCol[i] ?? 0, dtype)).join(', ') +
          ', ..., ' +
          last
            .map((x, i) =>
              valToString(x, padPerCol[size - FORMAT_NUM_FIRST_LAST_VALS + i] ?? 0, dtype),
            )
            .join(', ') +
          ']',
      ];
    }
    return [
      '[' +
        Array.from(vals)
          .map((x, i) => valToString(x, padPerCol[i] ?? 0, dtype))
          .join(', ') +
        ']',
    ];
  }
  const subshape = shape.slice(1);
  const substrides = strides.slice(1);
  const stride = strides[0]!;
  const lines: string[] = [];
  const row = (i: number, last: boolean): void => {
    const start = i * stride;
    lines.push(
      ...subTensorToString(
        vals.slice(start, start + stride),
        subshape,
        dtype,
        substrides,
        padPerCol,
        last,
      ),
    );
  };
  if (size > FORMAT_LIMIT_NUM_VALS) {
    for (let i = 0; i < FORMAT_NUM_FIRST_LAST_VALS; i++) row(i, false);
    lines.push('...');
    for (let i = size - FORMAT_NUM_FIRST_LAST_VALS; i < size; i++) row(i, i === size - 1);
  } else {
    for (let i = 0; i < size; i++) row(i, i === size - 1);
  }
  const sep = rank === 2 ? ',' : '';
  lines[0] = '[' + (size > 0 ? lines[0]! + sep : '');
  for (let i = 1; i < lines.length - 1; i++) lines[i] = ' ' + lines[i]! + sep;
  let newLineSep = ',\n';
  for (let i = 2; i < rank; i++) newLineSep += '\n';
  lines[lines.length - 1] = ' ' + lines[lines.length - 1]! + ']' + (isLast ? '' : newLineSep);
  return lines;
}

/**
 * The TF.js text of a tensor's values: `Tensor` then the values indented by 4 spaces; with
 * `verbose`, also its dtype, rank and shape (as TF.js's `toString(true)`).
 */
export function tensorToString(
  vals: DataArray,
  shape: Shape,
  dtype: DType,
  verbose: boolean,
): string {
  const strides = computeStrides(shape);
  const padPerCol = computeMaxSizePerColumn(vals, shape, dtype, strides);
  const valsLines = subTensorToString(vals, shape, dtype, strides, padPerCol);
  const lines = ['Tensor'];
  if (verbose) {
    lines.push(`  dtype: ${dtype}`);
    lines.push(`  rank: ${shape.length}`);
    lines.push(`  shape: [${shape.join(',')}]`);
    lines.push('  values:');
  }
  lines.push(valsLines.map((l) => '    ' + l).join('\n'));
  return lines.join('\n');
}
