/**
 * TF.js ops whose name, signature or default differs from the core's, and the few TF.js
 * ops the core lacks that are one line of core ops. Everything else under TF.js's name is
 * the core op itself (re-exported by the entry point).
 *
 * Adapted: `oneHot` (TF.js returns int32 by default), `step` (TF.js: 1 where x > 0, else
 * `alpha`), `eye` (TF.js's third argument is `batchShape`), `variable` (TF.js casts to
 * `dtype`), `print`. Composed from core ops: `addN moments outerProduct norm euclideanNorm
 * logSigmoid divNoNan isInf dropout randomStandardNormal randomUniformInt tensor5d tensor6d
 * concat1d…4d slice1d…4d pad1d…4d nextFrame`.
 */
import { ShapeError, ValueError } from '../errors.js';
import { add, div, equal, greater, greaterEqual, logicalAnd, mul, sub } from '../ops/binary.js';
import { cast } from '../ops/cast.js';
import type { TensorLike } from '../ops/core.js';
import { eye as coreEye, tensor, variable as coreVariable, zerosLike } from '../ops/creation.js';
import { concat, oneHot as coreOneHot, pad, slice } from '../ops/gather-slice.js';
import { matMul } from '../ops/matmul.js';
import { softplus } from '../ops/nonlinear.js';
import { randomNormal, randomUniform } from '../ops/random.js';
import { type Axis, max, mean, min, sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { abs, floor, isFinite, isNaN, logicalNot, neg, sqrt, square } from '../ops/unary.js';
import { where } from '../ops/where.js';
import { tidy } from '../engine/tidy.js';
import type { DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import { Tensor, type Variable } from '../tensor/tensor.js';

function asTensor(x: TensorLike, dtype?: DType): Tensor {
  return x instanceof Tensor ? x : tensor(x, undefined, dtype);
}

/**
 * One-hot rows for integer `indices` (TF.js: `dtype` defaults to `'int32'`, where the
 * core's `oneHot` gives float32).
 * @example
 * tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3); // int32 [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(
  indices: TensorLike,
  depth: number,
  onValue = 1,
  offValue = 0,
  dtype: DType = 'int32',
): Tensor {
  return tidy(() => {
    const t = coreOneHot(indices, depth, onValue, offValue);
    return t.dtype === dtype ? t : cast(t, dtype);
  });
}

/**
 * TF.js's step: 1 where `x > 0`, else `alpha` (the core's `step` is Keras's Heaviside
 * function, 1 where `x >= 0`). Its gradient is zero.
 * @example
 * tf.step(tf.tensor1d([-1, 0, 2])); // [0, 0, 1]: 0 at x = 0, unlike nn.step
 */
export function step(x: TensorLike, alpha = 0): Tensor {
  return tidy(() => where(greater(x, 0), 1, alpha));
}

/**
 * An identity matrix (TF.js signature `eye(numRows, numColumns?, batchShape?, dtype?)`);
 * a non-empty `batchShape` is not supported.
 * @throws ValueError for a non-empty `batchShape`.
 * @example
 * tf.eye(2); // [[1, 0], [0, 1]]
 */
export function eye(
  numRows: number,
  numColumns?: number,
  batchShape?: readonly number[],
  dtype: DType = 'float32',
): Tensor {
  if (batchShape && batchShape.length > 0) {
    throw new ValueError('tf.eye: batchShape is not available in neurite/tfjs; tile the matrix');
  }
  return coreEye(numRows, numColumns ?? numRows, dtype);
}

/**
 * A variable (TF.js signature `variable(initialValue, trainable?, name?, dtype?)`): as in
 * TF.js, the initial value is cast to `dtype` when it has another one.
 */
export function variable(
  initialValue: TensorLike,
  trainable = true,
  name?: string,
  dtype?: DType,
): Variable {
  if (dtype === undefined || !(initialValue instanceof Tensor) || initialValue.dtype === dtype) {
    return coreVariable(initialValue, trainable, name, dtype);
  }
  const t = cast(initialValue, dtype);
  try {
    return coreVariable(t, trainable, name, dtype);
  } finally {
    t.dispose();
  }
}

/**
 * Prints a tensor in TF.js's format (`tf.print(x, verbose?)`).
 * @example
 * tf.print(tf.tensor2d([[1, 2], [3, 4]]));
 * // Tensor
 * //     [[1, 2],
 * //      [3, 4]]
 */
export function print(x: Tensor, verbose = false): void {
  console.log(x.toString(verbose));
}

/**
 * The elementwise sum of tensors of one shape and dtype.
 * @throws ShapeError when the shapes differ.
 * @example
 * tf.addN([tf.tensor1d([1, 2]), tf.tensor1d([3, 4]), tf.tensor1d([5, 6])]); // [9, 12]
 */
export function addN(tensors: readonly TensorLike[]): Tensor {
  const given: unknown = tensors;
  if (!Array.isArray(given) || given.length === 0) {
    throw new ValueError('tf.addN: expected a non-empty array of tensors');
  }
  const ts = tensors.map((t) => asTensor(t));
  const shape = ts[0]!.shape;
  ts.forEach((t, i) => {
    if (t.shape.join(',') !== shape.join(',')) {
      throw new ShapeError(
        `tf.addN: all tensors must have the same shape; tensors[0] has [${shape.join(',')}], tensors[${i}] has [${t.shape.join(',')}]`,
      );
    }
  });
  return tidy(() => ts.slice(1).reduce<Tensor>((acc, t) => add(acc, t), ts[0]!));
}

/**
 * Mean and variance of `x` over `axis` (all axes by default).
 * @example
 * const { mean, variance } = tf.moments(tf.tensor1d([1, 2, 3, 4])); // 2.5 and 1.25
 */
export function moments(
  x: TensorLike,
  axis?: Axis,
  keepDims = false,
): { mean: Tensor; variance: Tensor } {
  return tidy(() => {
    const t = cast(asTensor(x), 'float32');
    const m = mean(t, axis, true);
    const variance = mean(square(sub(t, m)), axis, keepDims);
    return { mean: keepDims ? m : reshape(m, variance.shape), variance };
  });
}

/**
 * The outer product of two vectors: `[m] × [n] → [m, n]`.
 * @throws ShapeError unless both are vectors.
 * @example
 * tf.outerProduct(tf.tensor1d([1, 2]), tf.tensor1d([3, 4, 5])); // [[3, 4, 5], [6, 8, 10]]
 */
export function outerProduct(v1: TensorLike, v2: TensorLike): Tensor {
  return tidy(() => {
    const a = asTensor(v1);
    const b = asTensor(v2);
    if (a.rank !== 1 || b.rank !== 1) {
      throw new ShapeError(
        `tf.outerProduct: expects vectors, received shapes [${a.shape.join(',')}] and [${b.shape.join(',')}]`,
      );
    }
    return matMul(reshape(a, [a.size, 1]), reshape(b, [1, b.size]));
  });
}

/** Vector norms: `'euclidean'`/`'fro'`/2 (default), 1, `Infinity`, `-Infinity`. */
export type NormOrder = 'euclidean' | 'fro' | number;

/**
 * A vector norm of `x` over `axis` (all elements by default), TF.js's `tf.norm` for vector
 * orders. Matrix norms other than Frobenius are not available.
 * @throws ValueError for a matrix order other than Frobenius.
 * @example
 * tf.norm(tf.tensor1d([3, 4])); // 5
 * tf.norm(tf.tensor1d([3, -4]), 1); // 7
 * tf.norm(tf.tensor1d([3, -4]), Infinity); // 4
 */
export function norm(
  x: TensorLike,
  ord: NormOrder = 'euclidean',
  axis: Axis | null = null,
  keepDims = false,
): Tensor {
  const ax = axis ?? undefined;
  const matrix = Array.isArray(axis) && axis.length === 2;
  return tidy(() => {
    const t = cast(asTensor(x), 'float32');
    if (ord === 'euclidean' || ord === 'fro' || (ord === 2 && !matrix)) {
      return sqrt(sum(square(t), ax, keepDims));
    }
    if (!matrix) {
      if (ord === 1) return sum(abs(t), ax, keepDims);
      if (ord === Infinity) return max(abs(t), ax, keepDims);
      if (ord === -Infinity) return min(abs(t), ax, keepDims);
    }
    throw new ValueError(
      `tf.norm: order ${String(ord)}${matrix ? ' over two axes (a matrix norm)' : ''} is not available in neurite/tfjs; use 'euclidean', 1, Infinity or -Infinity`,
    );
  });
}

/**
 * The Euclidean norm over `axis` (TF.js `tf.euclideanNorm`).
 * @example
 * tf.euclideanNorm(tf.tensor2d([[3, 4], [6, 8]]), 1); // [5, 10]
 */
export function euclideanNorm(x: TensorLike, axis: Axis | null = null, keepDims = false): Tensor {
  return norm(x, 'euclidean', axis, keepDims);
}

/**
 * `log(sigmoid(x))`, computed stably as `-softplus(-x)`.
 * @example
 * tf.logSigmoid(tf.tensor1d([0])); // [-0.6931472]
 */
export function logSigmoid(x: TensorLike): Tensor {
  return tidy(() => neg(softplus(neg(x))));
}

/**
 * `a / b`, with 0 where `b` is 0.
 * @example
 * tf.divNoNan(tf.tensor1d([1, 2]), tf.tensor1d([0, 4])); // [0, 0.5]
 */
export function divNoNan(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => {
    const q = div(a, b);
    return where(equal(b, 0), zerosLike(q), q);
  });
}

/**
 * True where `x` is +∞ or −∞.
 * @example
 * tf.isInf(tf.tensor1d([1, Infinity, -Infinity, NaN])); // [false, true, true, false]
 */
export function isInf(x: TensorLike): Tensor {
  return tidy(() => logicalAnd(logicalNot(isFinite(x)), logicalNot(isNaN(x))));
}

/**
 * Inverted dropout of `x` (TF.js's op): each element (or each slice along `noiseShape`)
 * is zeroed with probability `rate`, the rest scaled by `1 / (1 - rate)`.
 * @throws ValueError when `rate` is outside [0, 1).
 * @example
 * tf.dropout(tf.ones([2, 4]), 0.5); // about half 0, the rest 2
 */
export function dropout(
  x: TensorLike,
  rate: number,
  noiseShape?: readonly number[],
  seed?: number,
): Tensor {
  if (!(rate >= 0 && rate < 1)) {
    throw new ValueError(`tf.dropout: rate must be in [0, 1), received ${rate}`);
  }
  const t = asTensor(x);
  if (rate === 0) return t.clone();
  return tidy(() => {
    const keep = cast(
      greaterEqual(randomUniform([...(noiseShape ?? t.shape)], 0, 1, 'float32', seed), rate),
      'float32',
    );
    return div(mul(t, keep), 1 - rate);
  });
}

/**
 * Standard normal values (mean 0, deviation 1).
 * @example
 * tf.randomStandardNormal([2, 3]);
 */
export function randomStandardNormal(shape: Shape, dtype?: DType, seed?: number): Tensor {
  return randomNormal(shape, 0, 1, dtype, seed);
}

/**
 * Uniform integers in `[minval, maxval)`, int32.
 * @example
 * tf.randomUniformInt([5], 0, 10); // int32 values in 0..9
 */
export function randomUniformInt(
  shape: Shape,
  minval: number,
  maxval: number,
  seed?: number,
): Tensor {
  return tidy(() => cast(floor(randomUniform(shape, minval, maxval, 'float32', seed)), 'int32'));
}

function ranked(
  op: string,
  rank: number,
  values: TensorLike,
  shape?: Shape,
  dtype?: DType,
): Tensor {
  const t = tensor(values, shape, dtype);
  if (t.rank !== rank) {
    t.dispose();
    throw new ShapeError(`${op}: expected values of rank ${rank}, received rank ${t.rank}`);
  }
  return t;
}

/**
 * A rank-5 tensor.
 * @throws ShapeError when the values are not five-dimensional.
 * @example
 * tf.tensor5d([1, 2, 3, 4], [1, 1, 1, 2, 2]);
 */
export const tensor5d = (values: TensorLike, shape?: Shape, dtype?: DType): Tensor =>
  ranked('tensor5d', 5, values, shape, dtype);
/**
 * A rank-6 tensor.
 * @throws ShapeError when the values are not six-dimensional.
 * @example
 * tf.tensor6d([1, 2], [1, 1, 1, 1, 1, 2]);
 */
export const tensor6d = (values: TensorLike, shape?: Shape, dtype?: DType): Tensor =>
  ranked('tensor6d', 6, values, shape, dtype);

/**
 * `concat` of rank-1 tensors.
 * @example
 * tf.concat1d([tf.tensor1d([1]), tf.tensor1d([2, 3])]); // [1, 2, 3]
 */
export const concat1d = (tensors: readonly TensorLike[]): Tensor => concat(tensors, 0);
/**
 * `concat` of rank-2 tensors.
 * @example
 * tf.concat2d([tf.tensor2d([[1]]), tf.tensor2d([[2]])], 1); // [[1, 2]]
 */
export const concat2d = (tensors: readonly TensorLike[], axis = 0): Tensor => concat(tensors, axis);
/**
 * `concat` of rank-3 tensors.
 * @example
 * tf.concat3d([tf.zeros([1, 2, 2]), tf.ones([1, 2, 2])], 0); // shape [2, 2, 2]
 */
export const concat3d = (tensors: readonly TensorLike[], axis = 0): Tensor => concat(tensors, axis);
/**
 * `concat` of rank-4 tensors.
 * @example
 * tf.concat4d([tf.zeros([1, 2, 2, 1]), tf.ones([1, 2, 2, 1])], 3); // shape [1, 2, 2, 2]
 */
export const concat4d = (tensors: readonly TensorLike[], axis = 0): Tensor => concat(tensors, axis);

/**
 * `slice` of a rank-1 tensor.
 * @example
 * tf.slice1d(tf.tensor1d([1, 2, 3, 4]), 1, 2); // [2, 3]
 */
export const slice1d = (x: TensorLike, begin: number, size: number): Tensor =>
  slice(x, [begin], [size]);
/**
 * `slice` of a rank-2 tensor.
 * @example
 * tf.slice2d(tf.tensor2d([[1, 2], [3, 4]]), [1, 0], [1, 2]); // [[3, 4]]
 */
export const slice2d = (x: TensorLike, begin: readonly number[], size: readonly number[]): Tensor =>
  slice(x, begin, size);
/**
 * `slice` of a rank-3 tensor.
 * @example
 * tf.slice3d(tf.zeros([2, 3, 4]), [0, 1, 0], [2, 1, 4]); // shape [2, 1, 4]
 */
export const slice3d = slice2d;
/**
 * `slice` of a rank-4 tensor.
 * @example
 * tf.slice4d(tf.zeros([1, 4, 4, 3]), [0, 0, 0, 0], [1, 2, 2, 3]); // shape [1, 2, 2, 3]
 */
export const slice4d = slice2d;

/**
 * `pad` of a rank-1 tensor.
 * @example
 * tf.pad1d(tf.tensor1d([1, 2]), [1, 2]); // [0, 1, 2, 0, 0]
 */
export const pad1d = (
  x: TensorLike,
  paddings: readonly [number, number],
  constantValue = 0,
): Tensor => pad(x, [paddings], constantValue);
/**
 * `pad` of a rank-2 tensor.
 * @example
 * tf.pad2d(tf.tensor2d([[1]]), [[1, 1], [0, 0]]); // [[0], [1], [0]]
 */
export const pad2d = (
  x: TensorLike,
  paddings: readonly (readonly [number, number])[],
  constantValue = 0,
): Tensor => pad(x, paddings, constantValue);
/**
 * `pad` of a rank-3 tensor.
 * @example
 * tf.pad3d(tf.ones([1, 1, 1]), [[0, 0], [1, 1], [1, 1]]); // shape [1, 3, 3]
 */
export const pad3d = pad2d;
/**
 * `pad` of a rank-4 tensor.
 * @example
 * tf.pad4d(tf.ones([1, 2, 2, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]]); // shape [1, 4, 4, 1]
 */
export const pad4d = pad2d;

/**
 * Resolves on the next animation frame in a browser, or after the pending I/O callbacks
 * in Node (TF.js `tf.nextFrame`): lets the page or the event loop breathe in long loops.
 * @example
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // … one training step …
 *   await tf.nextFrame();
 * }
 */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 0);
  });
}
