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
import type { BufferLimits } from './alloc-limits.js';

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

/**
 * Activations the fused dense kernels implement (a backend's kernel codes follow this
 * order). Each is computed exactly as its unary kernel computes it.
 */
export const FUSED_ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all';
export type ArgReduceOp = 'argMax' | 'argMin';

/** Elements left when `axes` of `shape` are reduced. */
export function reducedSize(shape: readonly number[], axes: readonly number[]): number {
  let size = 1;
  shape.forEach((d, i) => {
    if (!axes.includes(i)) size *= d;
  });
  return size;
}

/**
 * Where the windows of a 2-D window op (convolution, pooling) fall on NHWC images: input
 * [n, h, w, c], windows of kh x kw taps `dh`/`dw` apart, stepping by `sh`/`sw`, giving an
 * output of ho x wo positions per image. Tap (a, e) of output position (i, j) reads input
 * row `i·sh + a·dh − padTop` and column `j·sw + e·dw − padLeft`; a tap outside the image
 * reads padding. The ops work it out and check it (ops/conv.ts); kernels trust it.
 */
export interface WindowGeometry {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly dh: number;
  readonly dw: number;
  readonly ho: number;
  readonly wo: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/**
 * The names of the Backend's optional methods: the fused kernels (see the end of the
 * interface). A method added there is a fused kernel by this definition.
 */
export type FusedKernel = {
  [K in keyof Backend]-?: undefined extends Backend[K]
    ? NonNullable<Backend[K]> extends (...args: never[]) => unknown
      ? K
      : never
    : never;
}[keyof Backend];

/**
 * Every fused kernel by name, so that a test can check each has its fused op (a Record, so
 * that leaving a new optional method out of it is a compile error).
 */
export const FUSED_KERNELS: Readonly<Record<FusedKernel, true>> = {
  binaryScalar: true,
  denseForward: true,
  activationBackward: true,
  crossEntropyProbs: true,
  crossEntropyProbsGrad: true,
  adamStep: true,
};

/**
 * Which inputs of an in-place kernel (see `adamStep`) may become its outputs: those whose
 * buffer nothing else holds, when no two inputs share a buffer.
 */
export function reusableInputs(inputs: readonly TensorInfo[]): (t: TensorInfo) => boolean {
  const distinct = new Set(inputs.map((t) => t.storage)).size === inputs.length;
  return (t) => distinct && t.storage.refCount === 1;
}

/**
 * The interface a compute backend implements (Neurite ships `js` and `wasm`): buffer allocation
 * and reference counts, reads and writes, and one method per kernel. Register one with
 * `nn.registerBackend`; most programs only choose with `nn.setBackend`.
 */
export interface Backend {
  readonly name: string;
  /**
   * The most one buffer may hold (DEFAULT_LIMITS of alloc-limits.ts when absent). Ops check
   * their outputs against it before running a kernel; a backend also refuses, with an
   * AllocationError and before reserving anything, any buffer past it or past the memory
   * it has left.
   */
  readonly limits?: BufferLimits;

  // ---- storage --------------------------------------------------------------------------
  /** A new buffer holding a copy of `values`. */
  upload(values: DataArray, dtype: DType): DataHandle;
  /**
   * Copies `values` into the buffer `h` from element `offset` on, converting to the
   * buffer's dtype as `TypedArray.prototype.set` does (for filling large tensors in chunks).
   */
  write(h: DataHandle, values: DataArray, offset: number): void;
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
  /**
   * 2-D convolution (cross-correlation) of float32 images `x` ([n, h, w, c], see
   * `WindowGeometry`; zero padding) with `filter` [kh, kw, c, outC] → [n, ho, wo, outC]:
   * out[b, i, j, o] = Σ over in-image taps (a, e) and channels ch of
   * x[b, i·sh + a·dh − padTop, j·sw + e·dw − padLeft, ch] · filter[a, e, ch, o].
   */
  conv2d(x: TensorInfo, filter: TensorInfo, g: WindowGeometry): DataHandle;
  /**
   * The gradient of conv2d with respect to `x` for the output gradient `dy`
   * ([n, ho, wo, outC]) → [n, h, w, c]: each pixel gets Σ dy·filter over the (position,
   * tap) pairs that read it.
   */
  conv2dBackpropInput(dy: TensorInfo, filter: TensorInfo, g: WindowGeometry): DataHandle;
  /**
   * The gradient of conv2d with respect to the filter for images `x` and output gradient
   * `dy` ([n, ho, wo, outC]) → [kh, kw, c, outC]: Σ over output positions of x·dy.
   */
  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, g: WindowGeometry): DataHandle;
  /**
   * Max pooling of `x` ([n, h, w, c], float32 or int32) → [n, ho, wo, c]: each window's
   * largest in-image value per channel (NaN wins, as `reduce('max')`); padding never wins.
   */
  maxPool(x: TensorInfo, g: WindowGeometry): DataHandle;
  /**
   * The gradient of `maxPool` for float32 `x` and output gradient `dy` ([n, ho, wo, c]):
   * [n, h, w, c] where each window's `dy` goes to the window's first maximum in-image tap
   * (taps in row-major order; a NaN is a maximum), as `argReduce('argMax')` picks it.
   */
  maxPoolGrad(x: TensorInfo, dy: TensorInfo, g: WindowGeometry): DataHandle;
  /** Softmax and log-softmax along the last axis. */
  softmax(x: TensorInfo): DataHandle;
  logSoftmax(x: TensorInfo): DataHandle;

  // ---- optional fused kernels ---------------------------------------------------------------
  // Ops never call these directly: each is the kernel of one fused op declared with
  // `defineFused` (ops/fused.ts), which names when it applies, the composition of public ops
  // that runs otherwise, its gradient and its samples, and runs it through the op runner.
  // Each returns exactly what that composition returns on the same backend (unless it says
  // otherwise; test/ops/fused-parity.test.ts holds every fused op to its declared parity),
  // so a backend may implement any of them or none without changing results. Kernels see
  // their inputs on this backend, alive, and checked by the fused op's eligibility.

  /**
   * `binary(op, x, s)` (or `binary(op, s, x)` when `scalarFirst`) for a float32 `x` and a
   * scalar `value` taken as a float32 scalar tensor would be, without uploading one.
   */
  binaryScalar?(
    op: BinaryOp,
    x: TensorInfo,
    value: number,
    scalarFirst: boolean,
    outDtype: DType,
  ): DataHandle;
  /**
   * The dense layer's forward: `activation(x · kernel + bias)` for float32 `x` [m, k],
   * `kernel` [k, n] and `bias` [n] (or null), as matMul, add and the activation compute it
   * (softmax along the last axis).
   */
  denseForward?(
    x: TensorInfo,
    kernel: TensorInfo,
    bias: TensorInfo | null,
    activation: FusedActivation,
  ): DataHandle;
  /**
   * The backward of an activation from its output `y` (both [..., n], float32): `dz`, the
   * gradient of the activation's input for the output gradient `dy` (as the activation's
   * gradient ops compute it: reluGrad, sigmoidGrad, tanhGrad, softmax's
   * `y·(dy − Σ dy·y)`…), and with `withBias` the bias gradient `Σ dz` over all axes but the
   * last (as sum computes it). Returns `[dz, db or null]`.
   */
  activationBackward?(
    dy: TensorInfo,
    y: TensorInfo,
    activation: FusedActivation,
    withBias: boolean,
  ): [DataHandle, DataHandle | null];
  /**
   * Per-row cross-entropy of probabilities `p` [rows, n]: `−Σⱼ tⱼ·log(clip(pⱼ / Σₖ pₖ, lo,
   * hi))`, as sum, div, clipByValue, log, mul, sum and neg compute it. `target` holds the
   * float32 targets [rows, n], or with `sparse` the int32 labels [rows] (each in [0, n)) of
   * one-hot targets. Returns [rows].
   */
  crossEntropyProbs?(
    p: TensorInfo,
    target: TensorInfo,
    sparse: boolean,
    lo: number,
    hi: number,
  ): DataHandle;
  /**
   * The gradient of crossEntropyProbs with respect to `p`, for `g` [rows] (the gradient of
   * each row's value): with s = Σp, q = p / s, mⱼ = [lo ≤ qⱼ ≤ hi], aⱼ = −tⱼ·mⱼ / qⱼ and
   * T = Σⱼ tⱼ·mⱼ, `dpⱼ = g·(aⱼ + T) / s`. The composition's gradient in fewer roundings (so
   * equal to it within float32 rounding, not bit for bit). Returns [rows, n].
   */
  crossEntropyProbsGrad?(
    p: TensorInfo,
    target: TensorInfo,
    sparse: boolean,
    g: TensorInfo,
    lo: number,
    hi: number,
  ): DataHandle;
  /**
   * One Adam step over a float32 variable `x` with gradient `g` and moments `m`, `v` (all the
   * same size), in one pass; `alpha`, the step size, is a float32 scalar buffer (so that a
   * compiled step, src/compile/, computes it anew each step). Returns new buffers `[x', m', v']` with
   * m' = m + (g − m)·(1 − beta1), v' = v + (g² − v)·(1 − beta2) and
   * x' = x − (m'·alpha) / (√v' + epsilon), each step rounded to float32 in that order, as the
   * unfused ops round it.
   *
   * A backend may build an output in the memory of its input (x' in x's, m' in m's, v' in
   * v's) when nothing else holds that input: its refCount is 1 and it is none of the other
   * arguments (see `reusableInputs`). That input's handle is then spent (as if freed), and
   * the caller must replace the input by the output at once: the `adamStep` fused op
   * (ops/adam-step.ts) declares x, m and v as the variables it `updates`, and its runner
   * assigns the outputs to them before anything else runs. Updating in place halves the
   * step's memory traffic.
   */
  adamStep?(
    x: TensorInfo,
    g: TensorInfo,
    m: TensorInfo,
    v: TensorInfo,
    alpha: TensorInfo,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): [DataHandle, DataHandle, DataHandle];
}
