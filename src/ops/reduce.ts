/** Reductions: sum, mean, prod, max, min, any, all, argMax, argMin, logSumExp. */
import type { ArgReduceOp, ReduceOp } from '../backends/backend.js';
import { DTypeError } from '../errors.js';
import { type DType } from '../tensor/dtype.js';
import {
  broadcastedAxes,
  normAxes,
  normAxis,
  reducedShape,
  type Shape,
  shapesEqual,
} from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { convert, run, type TensorLike } from './core.js';
import { reshape } from './shape-ops.js';
import { broadcastTo } from './broadcast.js';
import { cast } from './cast.js';
import { div, mul, equal, sub, add } from './binary.js';
import { exp, isFinite, log } from './unary.js';
import { where } from './where.js';
import { zerosLike } from './creation.js';

/**
 * One axis or several (negative counts from the end); omitted, a reduction covers every axis.
 */
export type Axis = number | readonly number[];

function reduceOp(
  op: ReduceOp,
  name: string,
  x: TensorLike,
  axis: Axis | undefined,
  keepDims: boolean,
): Tensor {
  let $x = convert(x, 'x', name);
  if ((op === 'any' || op === 'all') && $x.dtype !== 'bool') {
    throw new DTypeError(`${name}: expected a bool tensor, received ${$x.dtype}`);
  }
  if ($x.dtype === 'bool' && op !== 'any' && op !== 'all') $x = cast($x, 'int32');
  const axes = normAxes(axis, $x.rank, name);
  const outShape = reducedShape($x.shape, axes, keepDims);
  const outDtype: DType = $x.dtype;
  const src = $x;
  return run(
    name,
    [src],
    (b) => b.reduce(op, src, axes, outDtype),
    outShape,
    outDtype,
    (dys, [xi], [y]) => {
      const dy = reshape(dys[0]!, reducedShape(src.shape, axes, true));
      switch (op) {
        case 'sum':
          return [broadcastTo(dy, src.shape)];
        case 'max':
        case 'min': {
          // Tied extremes share the gradient equally (as TF and JAX do), so the gradient
          // of max(x) still sums to one.
          const yk = reshape(y!, reducedShape(src.shape, axes, true));
          const mask = cast(equal(xi!, yk), 'float32');
          return [mul(div(mask, sum(mask, axes, true)), dy)];
        }
        case 'prod':
          return [mul(dy, prodOfOthers(xi!, axes))];
        default:
          return [null];
      }
    },
  );
}

/**
 * For each element, the product of the other elements of its reduced block: y / x where
 * the block has no zero, the product of the non-zeros at a block's single zero, and 0
 * elsewhere (so zeros do not turn the gradient into NaN).
 */
function prodOfOthers(x: Tensor, axes: readonly number[]): Tensor {
  const isZero = equal(x, 0);
  const nonZero = where(isZero, 1, x);
  const p = prod(nonZero, axes, true);
  const zeros = sum(cast(isZero, 'float32'), axes, true);
  const z = zerosLike(p);
  return where(isZero, where(equal(zeros, 1), p, z), where(equal(zeros, 0), div(p, nonZero), z));
}

/**
 * Sum along `axis` (all axes by default), dropping the reduced dimensions unless `keepDims`.
 * @example
 * const x = nn.tensor([[1, 2], [3, 4]]);
 * nn.sum(x); // 10
 * nn.sum(x, 0); // [4, 6]
 * nn.sum(x, 1, true); // [[3], [7]]
 */
export const sum = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceOp('sum', 'sum', x, axis, keepDims);
/**
 * Product along `axis` (all axes by default).
 * @example
 * nn.prod(nn.tensor([[1, 2], [3, 4]]), 1); // [2, 12]
 */
export const prod = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceOp('prod', 'prod', x, axis, keepDims);
/**
 * Largest value along `axis` (all axes by default).
 * @example
 * nn.max(nn.tensor([[1, 5], [3, 4]]), 0); // [3, 5]
 */
export const max = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceOp('max', 'max', x, axis, keepDims);
/**
 * Smallest value along `axis` (all axes by default).
 * @example
 * nn.min(nn.tensor([[1, 5], [3, 4]]), 1); // [1, 3]
 */
export const min = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceOp('min', 'min', x, axis, keepDims);
/**
 * Logical OR along `axis` of a bool tensor (all axes by default).
 * @throws DTypeError when `x` is not bool.
 * @example
 * nn.any(nn.tensor([[true, false], [false, false]]), 1); // [true, false]
 */
export const any = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceOp('any', 'any', x, axis, keepDims);
/**
 * Logical AND along `axis` of a bool tensor (all axes by default).
 * @throws DTypeError when `x` is not bool.
 * @example
 * nn.all(nn.tensor([[true, true], [true, false]]), 1); // [true, false]
 */
export const all = (x: TensorLike, axis?: Axis, keepDims = false): Tensor =>
  reduceOp('all', 'all', x, axis, keepDims);

/**
 * Arithmetic mean (float32, whatever the input dtype).
 * @example
 * nn.mean(nn.tensor([[1, 2], [3, 4]])); // 2.5
 * nn.mean(nn.tensor([[1, 2], [3, 4]]), -1); // [1.5, 3.5]
 */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const $x = convert(x, 'x', 'mean');
  const f = $x.dtype === 'float32' ? $x : cast($x, 'float32');
  const axes = normAxes(axis, f.rank, 'mean');
  let n = 1;
  for (const a of axes) n *= f.shape[a]!;
  return div(sum(f, axes, keepDims), n);
}

function argOp(op: ArgReduceOp, x: TensorLike, axis: number): Tensor {
  let $x = convert(x, 'x', op);
  if ($x.rank === 0)
    throw new DTypeError(`${op}: expected a tensor of rank >= 1, received a scalar`);
  if ($x.dtype === 'bool') $x = cast($x, 'int32');
  const ax = normAxis(axis, $x.rank, op);
  const src = $x;
  return run(
    op,
    [src],
    (b) => b.argReduce(op, src, ax),
    reducedShape(src.shape, [ax], false),
    'int32',
  );
}

/**
 * Index of the largest value along `axis` (default 0, as TF.js); the first wins ties.
 * @throws DTypeError for a scalar (rank 0).
 * @example
 * nn.argMax(nn.tensor([[1, 9, 3], [7, 2, 5]]), 1); // int32 [1, 0]
 */
export const argMax = (x: TensorLike, axis = 0): Tensor => argOp('argMax', x, axis);
/**
 * Index of the smallest value along `axis` (default 0, as TF.js); the first wins ties.
 * @throws DTypeError for a scalar (rank 0).
 * @example
 * nn.argMin(nn.tensor([[1, 9, 3], [7, 2, 5]]), 1); // int32 [0, 1]
 */
export const argMin = (x: TensorLike, axis = 0): Tensor => argOp('argMin', x, axis);

/**
 * log(sum(exp(x))) computed stably (shifted by the max).
 * @example
 * nn.logSumExp(nn.tensor([0, 0])); // log 2 = 0.6931472
 */
export function logSumExp(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  const $x = convert(x, 'x', 'logSumExp', 'float32');
  const f = $x.dtype === 'float32' ? $x : cast($x, 'float32');
  const axes = normAxes(axis, f.rank, 'logSumExp');
  const m = max(f, axes, true);
  // Shifting by the max keeps exp() in range; its gradient cancels out exactly. A
  // non-finite max (a row of -Infinity) shifts by 0 instead.
  const shift = where(isFinite(m), m, zerosLike(m));
  const s = log(sum(exp(sub(f, shift)), axes, true));
  const out = add(s, shift);
  return keepDims ? out : reshape(out, reducedShape(f.shape, axes, false));
}

/** Sums `dy` over the axes along which `shape` was broadcast, back to `shape`. */
export function sumTo(dy: Tensor, shape: Shape): Tensor {
  if (shapesEqual(dy.shape, shape)) return dy;
  const axes = broadcastedAxes(shape, dy.shape);
  const s = axes.length ? sum(dy, axes, true) : dy;
  return reshape(s, shape);
}
