/**
 * Tensor creation: from values, constants, ranges, identity matrices and variables. Each
 * checks its output's size against the backend's limits (assertFits) before building
 * anything, so that a shape too large fails with an AllocationError naming the op rather
 * than a RangeError, an abort of the process or a wrapped size.
 */
import { assertFits } from '../backends/alloc-limits.js';
import { ENGINE } from '../engine/engine.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { type DType, allocArray, isDType } from '../tensor/dtype.js';
import { type Shape, assertValidShape, sizeOf } from '../tensor/shape.js';
import { makeTensor, Tensor, Variable } from '../tensor/tensor.js';
import { checkIntegral, convert, fromValues, type TensorLike } from './core.js';

/**
 * A tensor from nested arrays, a typed array or a number. `shape` reshapes flat values (or
 * repeats a single value); `dtype` defaults to what the values hold.
 * @throws ValueError when `shape` does not match the number of values, or the nested arrays
 *   are ragged or hold something other than numbers and booleans.
 * @example
 * const a = nn.tensor([[1, 2], [3, 4]]); // float32 [2, 2]
 * const b = nn.tensor([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
 */
export function tensor(values: TensorLike, shape?: Shape, dtype?: DType): Tensor {
  return fromValues(values, shape, dtype, 'tensor');
}

/**
 * A rank-0 tensor holding one number or boolean.
 * @throws ValueError when `value` is not a number or boolean.
 * @example
 * const s = nn.scalar(3.5);
 * s.dataSync()[0]; // 3.5
 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new ValueError(`scalar: expected a number or boolean, received ${typeof value}`);
  }
  return fromValues(value, [], dtype, 'scalar');
}

function ranked(
  op: string,
  rank: number,
  values: TensorLike,
  shape?: Shape,
  dtype?: DType,
): Tensor {
  const t = fromValues(values, shape, dtype, op);
  if (t.rank !== rank) {
    t.dispose();
    throw new ShapeError(
      `${op}: expected values of rank ${rank}, received rank ${t.rank} ([${t.shape.join(',')}])`,
    );
  }
  return t;
}

/**
 * A rank-1 tensor (TF.js's `tensor1d`): as {@link tensor}, checking the rank.
 * @throws ShapeError when the values are not one-dimensional.
 * @example
 * nn.tensor1d([1, 2, 3]); // shape [3]
 */
export const tensor1d = (values: TensorLike, dtype?: DType): Tensor =>
  ranked('tensor1d', 1, values, undefined, dtype);
/**
 * A rank-2 tensor (TF.js's `tensor2d`): as {@link tensor}, checking the rank.
 * @throws ShapeError when the values (or `shape`) are not two-dimensional.
 * @example
 * nn.tensor2d([[1, 2], [3, 4]]); // shape [2, 2]
 * nn.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]); // shape [3, 2]
 */
export const tensor2d = (values: TensorLike, shape?: Shape, dtype?: DType): Tensor =>
  ranked('tensor2d', 2, values, shape, dtype);
/**
 * A rank-3 tensor (TF.js's `tensor3d`): as {@link tensor}, checking the rank.
 * @throws ShapeError when the values (or `shape`) are not three-dimensional.
 * @example
 * nn.tensor3d([1, 2, 3, 4], [1, 2, 2]); // shape [1, 2, 2]
 */
export const tensor3d = (values: TensorLike, shape?: Shape, dtype?: DType): Tensor =>
  ranked('tensor3d', 3, values, shape, dtype);
/**
 * A rank-4 tensor (TF.js's `tensor4d`), e.g. a batch of images [n, h, w, c].
 * @throws ShapeError when the values (or `shape`) are not four-dimensional.
 * @example
 * nn.tensor4d(new Float32Array(12), [1, 2, 2, 3]); // shape [1, 2, 2, 3]
 */
export const tensor4d = (values: TensorLike, shape?: Shape, dtype?: DType): Tensor =>
  ranked('tensor4d', 4, values, shape, dtype);

/**
 * A tensor of `shape` with every element `value`.
 * @example
 * nn.fill([2, 3], 7); // [[7, 7, 7], [7, 7, 7]]
 */
export function fill(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  return filled('fill', shape, value, dtype);
}

function filled(op: string, shape: Shape, value: number, dtype: DType): Tensor {
  if (!Array.isArray(shape))
    throw new ValueError(`${op}: shape must be an array, received ${JSON.stringify(shape)}`);
  assertValidShape(shape, op);
  if (!isDType(dtype)) throw new DTypeError(`${op}: unknown dtype '${String(dtype)}'`);
  checkIntegral([value], dtype, op);
  assertFits(op, 'output', shape, dtype, ENGINE.backend);
  // A bool tensor holds 0 or 1 only (fill([2], 2, 'bool') is true, and must equal true).
  const v = dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
  return makeTensor(ENGINE.backend.fill(sizeOf(shape), v, dtype), shape, dtype);
}

/**
 * A tensor of `shape` filled with 0 (dtype default float32).
 * @example
 * nn.zeros([2, 3]);
 * nn.zeros([4], 'int32');
 */
export const zeros = (shape: Shape, dtype: DType = 'float32'): Tensor =>
  filled('zeros', shape, 0, dtype);
/**
 * A tensor of `shape` filled with 1 (dtype default float32).
 * @example
 * nn.ones([3]); // [1, 1, 1]
 */
export const ones = (shape: Shape, dtype: DType = 'float32'): Tensor =>
  filled('ones', shape, 1, dtype);
/**
 * Zeros with the shape and dtype of `x`.
 * @example
 * nn.zerosLike(nn.tensor([[1, 2]])); // [[0, 0]]
 */
export const zerosLike = (x: TensorLike): Tensor => {
  const t = convert(x, 'x', 'zerosLike');
  return fill(t.shape, 0, t.dtype);
};
/**
 * Ones with the shape and dtype of `x`.
 * @example
 * nn.onesLike(nn.tensor([[1, 2]])); // [[1, 1]]
 */
export const onesLike = (x: TensorLike): Tensor => {
  const t = convert(x, 'x', 'onesLike');
  return fill(t.shape, 1, t.dtype);
};

/**
 * Numbers from `start` up to (not including) `stop` by `step`. With one argument: [0, start).
 * @throws ValueError when `step` is 0 or not finite.
 * @example
 * nn.range(4); // [0, 1, 2, 3]
 * nn.range(1, 2, 0.25); // [1, 1.25, 1.5, 1.75]
 */
export function range(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError(`range: step must be a non-zero finite number, received ${step}`);
  if (!Number.isFinite(start) || !Number.isFinite(stop))
    throw new ValueError(
      `range: start and stop must be finite numbers, received ${start}, ${stop}`,
    );
  if (!isDType(dtype)) throw new DTypeError(`range: unknown dtype '${String(dtype)}'`);
  // A tiny step makes n huge (range(0, 1, 1e-12) has 10^12 values): checked before any
  // array exists. n is exact as a double far beyond any size that fits.
  const n = Math.max(0, Math.ceil((stop - start) / step));
  assertFits('range', 'output', [n], dtype, ENGINE.backend);
  const at = (i: number): number => start + i * step;
  // The values in between lie between the ends: checking those checks every int32.
  if (n > 0) checkIntegral([at(0), at(n - 1)], dtype, 'range');
  const values = allocArray(dtype, n);
  if (dtype === 'int32') for (let i = 0; i < n; i++) values[i] = Math.trunc(at(i));
  else if (dtype === 'bool') for (let i = 0; i < n; i++) values[i] = at(i) !== 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) values[i] = at(i);
  return makeTensor(ENGINE.backend.upload(values, dtype), [n], dtype);
}

/**
 * `num` evenly spaced numbers from `start` to `stop`, both included.
 * @example
 * nn.linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ValueError(`linspace: num must be a non-negative integer, received ${num}`);
  assertFits('linspace', 'output', [num], 'float32', ENGINE.backend);
  const values = new Float32Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) values[i] = start + i * step;
  if (num > 1) values[num - 1] = stop;
  return makeTensor(ENGINE.backend.upload(values, 'float32'), [num], 'float32');
}

/**
 * The identity matrix (n x m, ones on the diagonal).
 * @example
 * nn.eye(3); // 3 x 3 identity
 * nn.eye(2, 3); // [[1, 0, 0], [0, 1, 0]]
 */
export function eye(numRows: number, numColumns = numRows, dtype: DType = 'float32'): Tensor {
  const shape = [numRows, numColumns];
  assertValidShape(shape, 'eye');
  if (!isDType(dtype)) throw new DTypeError(`eye: unknown dtype '${String(dtype)}'`);
  assertFits('eye', 'output', shape, dtype, ENGINE.backend);
  // Zeros from the backend and the diagonal written in: no n·m array of JS numbers (an
  // eye(40000) built that way exhausted Node's heap).
  const be = ENGINE.backend;
  const h = be.fill(numRows * numColumns, 0, dtype);
  const one = allocArray(dtype, 1);
  one[0] = 1;
  for (let i = 0; i < Math.min(numRows, numColumns); i++) be.write(h, one, i * numColumns + i);
  return makeTensor(h, shape, dtype);
}

let variableCounter = 0;
const usedNames = new Map<string, number>();

/**
 * A unique name: `base`, then `base_1`, `base_2`, … as Keras and TF.js do.
 * @example
 * nn.uniqueVariableName('w'); // 'w', then 'w_1', 'w_2', … on later calls
 */
export function uniqueVariableName(base: string): string {
  const n = usedNames.get(base);
  usedNames.set(base, (n ?? 0) + 1);
  return n === undefined ? base : `${base}_${n}`;
}

/**
 * A mutable tensor holding state (weights). Trainable variables are watched by every
 * gradient tape; `assign` replaces the value.
 * `trainable` defaults to true; `name` defaults to a unique `Variable`, `Variable_1`, ….
 * @throws ValueError when `dtype` differs from the initial value's dtype.
 * @example
 * const w = nn.variable(nn.zeros([2]), true, 'w');
 * w.assign(nn.tensor([1, 2]));
 */
export function variable(
  initial: TensorLike,
  trainable = true,
  name?: string,
  dtype?: DType,
): Variable {
  const t = initial instanceof Tensor ? initial : fromValues(initial, undefined, dtype, 'variable');
  const init = dtype && t.dtype !== dtype ? null : t;
  if (!init)
    throw new ValueError(
      `variable: initial value is ${t.dtype}, requested ${dtype}; cast it first`,
    );
  const v = new Variable(
    init,
    trainable,
    uniqueVariableName(name ?? `Variable_${variableCounter++}`),
  );
  if (!(initial instanceof Tensor)) t.dispose();
  return v;
}
