/**
 * The backend interface: storage and a small set of kernels that ops call.
 *
 * A backend owns tensor storage ({@link DataHandle}); the front end never touches the bytes
 * directly, so a backend may keep them anywhere (JS typed arrays, WebAssembly memory).
 * Kernels take {@link TensorInfo}s and return a handle to freshly allocated output; shapes
 * are worked out by the ops, which also validate every argument. This module must not
 * import ops, autograd or the engine.
 */
import type { DataArray, DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

/** Backend-owned storage of one buffer. The engine keeps `refCount`. */
export interface DataHandle {
  readonly backend: Backend;
  readonly dtype: DType;
  readonly size: number;
  refCount: number;
}

/** What a kernel needs to know of a tensor. `Tensor` implements it. */
export interface TensorInfo {
  readonly storage: DataHandle;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly size: number;
}

/** Elementwise functions of one argument. `attr` parameterises a few (alpha, threshold). */
export const UNARY_OPS = [
  'neg',
  'abs',
  'exp',
  'expm1',
  'log',
  'log1p',
  'sqrt',
  'rsqrt',
  'square',
  'reciprocal',
  'sign',
  'floor',
  'ceil',
  'round',
  'sin',
  'cos',
  'erf',
  'relu',
  'relu6',
  'leakyRelu',
  'elu',
  'selu',
  'sigmoid',
  'tanh',
  'softplus',
  'softsign',
  'geluErf',
  'geluTanh',
  'silu',
  'step',
  'hardSigmoid',
  'mish',
  'logicalNot',
  'isNaN',
  'isFinite',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Elementwise functions of two broadcast arguments. */
export const BINARY_OPS = [
  'add',
  'sub',
  'mul',
  'div',
  'floorDiv',
  'mod',
  'pow',
  'maximum',
  'minimum',
  'atan2',
  'equal',
  'notEqual',
  'greater',
  'greaterEqual',
  'less',
  'lessEqual',
  'logicalAnd',
  'logicalOr',
  'logicalXor',
  // Activation gradients (dy, saved) fused into one pass; internal to ops/.
  'reluGrad',
  'relu6Grad',
  'sigmoidGrad',
  'tanhGrad',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all';
export type ArgReduceOp = 'argMax' | 'argMin';

export interface Backend {
  readonly name: string;

  // ---- storage --------------------------------------------------------------------------
  /** A new buffer holding a copy of `values`. */
  upload(values: DataArray, dtype: DType): DataHandle;
  /** A new buffer of `size` elements, each `value`. */
  fill(size: number, value: number, dtype: DType): DataHandle;
  /** A copy of the buffer's contents. */
  readSync(h: DataHandle): DataArray;
  read(h: DataHandle): Promise<DataArray>;
  /** Releases a buffer whose refCount reached 0. */
  free(h: DataHandle): void;

  // ---- kernels --------------------------------------------------------------------------
  cast(x: TensorInfo, dtype: DType): DataHandle;
  /** `attr`: leakyRelu alpha, elu alpha, step threshold... */
  unary(op: UnaryOp, x: TensorInfo, outDtype: DType, attr: number): DataHandle;
  /** `a` and `b` have the same dtype; the output has `outShape` (their broadcast). */
  binary(op: BinaryOp, a: TensorInfo, b: TensorInfo, outShape: Shape, outDtype: DType): DataHandle;
  /** `cond` bool; `a`, `b` same dtype; all broadcast to `outShape`. */
  where(cond: TensorInfo, a: TensorInfo, b: TensorInfo, outShape: Shape): DataHandle;
  clip(x: TensorInfo, min: number, max: number): DataHandle;
  /** Reduces the sorted, unique `axes`; the output drops them. sum/prod keep the dtype. */
  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outDtype: DType): DataHandle;
  /** int32 indices along `axis`; the first index wins ties. */
  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number): DataHandle;
  /**
   * Batched matrix product of rank-3 float32 operands `[ba, m, k] x [bb, k, n]` (before
   * transposes), where `ba` and `bb` are equal or one of them is 1.
   */
  matMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): DataHandle;
  transpose(x: TensorInfo, perm: readonly number[]): DataHandle;
  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataHandle;
  pad(x: TensorInfo, paddings: readonly (readonly [number, number])[], value: number): DataHandle;
  /** Inputs share dtype and all dims but `axis`. */
  concat(xs: readonly TensorInfo[], axis: number): DataHandle;
  tile(x: TensorInfo, reps: readonly number[]): DataHandle;
  /** `indices` int32, each in [0, x.shape[axis]) (checked by the op). */
  gather(x: TensorInfo, indices: TensorInfo, axis: number): DataHandle;
  /**
   * The adjoint of gather: an output with `x.shape` but `axis` of length `numSegments`, where
   * slice `i` of `x` along `axis` is added to slice `segmentIds[i]`.
   */
  unsortedSegmentSum(
    x: TensorInfo,
    segmentIds: TensorInfo,
    numSegments: number,
    axis: number,
  ): DataHandle;
  oneHot(indices: TensorInfo, depth: number, onValue: number, offValue: number): DataHandle;
  /** Softmax and log-softmax along the last axis. */
  softmax(x: TensorInfo): DataHandle;
  logSoftmax(x: TensorInfo): DataHandle;

  // ---- optional fused kernels: callers test for them and otherwise compose ops -------------
  /**
   * One Adam step over a float32 variable `x` with gradient `g` and moments `m`, `v` (all the
   * same size), in one pass. Returns fresh buffers `[x', m', v']` with
   * m' = m + (g − m)·(1 − beta1), v' = v + (g² − v)·(1 − beta2) and
   * x' = x − (m'·alpha) / (√v' + epsilon), each step rounded to float32 in that order, as the
   * unfused ops round it.
   */
  adamStep?(
    x: TensorInfo,
    g: TensorInfo,
    m: TensorInfo,
    v: TensorInfo,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): [DataHandle, DataHandle, DataHandle];
}
