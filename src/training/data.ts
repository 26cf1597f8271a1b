/** Batching for fit/evaluate/predict: argument checks, splits, shuffles and batch slices. */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { gather, slice, tensor } from '../ops/index.js';
import { Tensor } from '../tensor/tensor.js';

/** One tensor or one per model input/output. */
export type TensorOrList = Tensor | readonly Tensor[];

export function toList(x: TensorOrList, arg: string, where: string): Tensor[] {
  const list = x instanceof Tensor ? [x] : Array.isArray(x) ? [...(x as readonly Tensor[])] : null;
  if (!list || list.length === 0 || list.some((t) => !(t instanceof Tensor))) {
    throw new ValueError(`${where}: '${arg}' must be a Tensor or an array of Tensors`);
  }
  for (const t of list) t.assertAlive(`${where} ('${arg}')`);
  return list;
}

/** The common number of samples (first dimension) of every tensor, checked. */
export function numSamples(
  groups: Readonly<Record<string, readonly Tensor[]>>,
  where: string,
): number {
  let n: number | null = null;
  let first = '';
  for (const [arg, ts] of Object.entries(groups)) {
    for (const [i, t] of ts.entries()) {
      if (t.rank === 0)
        throw new ShapeError(`${where}: '${arg}' must have a batch dimension, received a scalar`);
      const name = ts.length > 1 ? `${arg}[${i}]` : arg;
      if (n === null) {
        n = t.shape[0]!;
        first = name;
      } else if (t.shape[0] !== n) {
        throw new ShapeError(
          `${where}: '${first}' has ${n} samples but '${name}' has ${t.shape[0]} (shape ${fmtShape(t.shape)}); they must match`,
        );
      }
    }
  }
  return n ?? 0;
}

/** Rows [start, start+size) of each tensor. */
export function sliceRows(ts: readonly Tensor[], start: number, size: number): Tensor[] {
  return ts.map((t) => slice(t, [start], [size]));
}

/** The given rows of each tensor. */
export function takeRows(ts: readonly Tensor[], rows: Int32Array): Tensor[] {
  const idx = tensor(rows, [rows.length], 'int32');
  return ts.map((t) => gather(t, idx, 0));
}

export function checkBatchSize(batchSize: number, where: string): void {
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`${where}: batchSize must be a positive integer, received ${batchSize}`);
  }
}
