/**
 * The reference `js` backend: plain TypeScript over typed arrays. Simple and obviously
 * correct; other backends are tested against it. The loops live in kernels/ as pure
 * functions; this class only allocates outputs and unwraps handles.
 */
import {
  type ArgReduceOp,
  type Backend,
  type BinaryOp,
  type DataHandle,
  type FusedActivation,
  type ReduceOp,
  type TensorInfo,
  type UnaryOp,
  type WindowGeometry,
  reducedSize,
  reusableInputs,
} from '../backend.js';
import {
  AllocationError,
  assertBufferFits,
  type BufferLimits,
  bufferBytes,
  DEFAULT_LIMITS,
  formatBytes,
} from '../alloc-limits.js';
import { type DataArray, type DType, allocArray } from '../../tensor/dtype.js';
import { type Shape, sizeOf } from '../../tensor/shape.js';
import { binaryLoop, clipLoop, unaryLoop, whereLoop } from './kernels/elementwise.js';
import {
  activationBackwardLoop,
  adamStepLoop,
  biasActivationLoop,
  crossEntropyProbsGradLoop,
  crossEntropyProbsLoop,
} from './kernels/fused.js';
import { conv2dBackpropFilterLoop, conv2dBackpropInputLoop, conv2dLoop } from './kernels/conv.js';
import { matMulLoop } from './kernels/matmul.js';
import { maxPoolGradLoop, maxPoolLoop } from './kernels/pool.js';
import { argReduceLoop, reduceLoop } from './kernels/reduce.js';
import { BINARY_FNS, UNARY_FNS } from './kernels/scalar-math.js';
import { softmaxLoop } from './kernels/softmax.js';
import {
  concatLoop,
  gatherLoop,
  oneHotLoop,
  placeLoop,
  segmentSumLoop,
  sliceLoop,
  tileLoop,
  transposeLoop,
} from './kernels/transform.js';

export class JsData implements DataHandle {
  refCount = 1;
  constructor(
    readonly backend: JsBackend,
    readonly dtype: DType,
    readonly values: DataArray,
  ) {}
  get size(): number {
    return this.values.length;
  }
}

export class JsBackend implements Backend {
  readonly name: string = 'js';
  /**
   * One buffer holds at most 2^31 − 1 elements and 4 GiB (DEFAULT_LIMITS): what a typed
   * array may hold in every runtime Neurite supports (Node 20's ArrayBuffers stop at 4 GiB).
   * Pass other limits to allow less (or, where the runtime allows it, more).
   */
  readonly limits: BufferLimits;

  constructor(limits: BufferLimits = DEFAULT_LIMITS) {
    this.limits = limits;
  }

  /** The typed array behind a handle (the handle may come from this backend only). */
  values(h: DataHandle): DataArray {
    if (!(h instanceof JsData))
      throw new Error(`internal: js backend given a ${h.backend.name} buffer`);
    return h.values;
  }
  private v(t: TensorInfo): DataArray {
    return this.values(t.storage);
  }
  private f32(t: TensorInfo): Float32Array {
    const v = this.values(t.storage);
    if (!(v instanceof Float32Array))
      throw new Error(`internal: expected float32 data, got ${t.dtype}`);
    return v;
  }
  private i32(t: TensorInfo): Int32Array {
    const v = this.values(t.storage);
    if (!(v instanceof Int32Array))
      throw new Error(`internal: expected int32 data, got ${t.dtype}`);
    return v;
  }
  /**
   * Every new array of this backend: checked against the limits first, since a typed array
   * past the runtime's cap throws a bare RangeError and one under it may still exhaust
   * the process's memory.
   */
  private alloc(dtype: DType, size: number): DataArray {
    assertBufferFits(this.name, this.limits, size, dtype);
    try {
      return allocArray(dtype, size);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new AllocationError(
        `${this.name} backend: out of memory allocating ${size} ${dtype} elements (${formatBytes(bufferBytes(size, dtype))}); dispose tensors you no longer need (${e.message})`,
      );
    }
  }
  private out(dtype: DType, size: number): [JsData, DataArray] {
    const arr = this.alloc(dtype, size);
    return [new JsData(this, dtype, arr), arr];
  }

  upload(values: DataArray, dtype: DType): DataHandle {
    const arr = this.alloc(dtype, values.length);
    arr.set(values);
    return new JsData(this, dtype, arr);
  }
  write(h: DataHandle, values: DataArray, offset: number): void {
    this.values(h).set(values, offset);
  }
  /** Wraps an array without copying; the caller gives up ownership. */
  adopt(values: DataArray, dtype: DType): DataHandle {
    return new JsData(this, dtype, values);
  }
  fill(size: number, value: number, dtype: DType): DataHandle {
    const [h, arr] = this.out(dtype, size);
    if (value !== 0) arr.fill(value);
    return h;
  }
  readSync(h: DataHandle): DataArray {
    return this.values(h).slice();
  }
  read(h: DataHandle): Promise<DataArray> {
    return Promise.resolve(this.readSync(h));
  }
  free(_h: DataHandle): void {
    // Typed arrays are reclaimed by the garbage collector.
  }

  cast(x: TensorInfo, dtype: DType): DataHandle {
    const [h, arr] = this.out(dtype, x.size);
    const src = this.v(x);
    // NaN is truthy, as in NumPy and TF: only 0 becomes false.
    if (dtype === 'bool') for (let i = 0; i < src.length; i++) arr[i] = src[i] !== 0 ? 1 : 0;
    else if (dtype === 'int32') for (let i = 0; i < src.length; i++) arr[i] = Math.trunc(src[i]!);
    else arr.set(src);
    return h;
  }
  unary(op: UnaryOp, x: TensorInfo, outDtype: DType, attr: number): DataHandle {
    const [h, arr] = this.out(outDtype, x.size);
    unaryLoop(this.v(x), arr, UNARY_FNS[op], attr);
    return h;
  }
  binary(op: BinaryOp, a: TensorInfo, b: TensorInfo, outShape: Shape, outDtype: DType): DataHandle {
    const [h, arr] = this.out(outDtype, sizeOf(outShape));
    binaryLoop(this.v(a), a.shape, this.v(b), b.shape, arr, outShape, BINARY_FNS[op]);
    return h;
  }
  where(cond: TensorInfo, a: TensorInfo, b: TensorInfo, outShape: Shape): DataHandle {
    const [h, arr] = this.out(a.dtype, sizeOf(outShape));
    whereLoop(this.v(cond), cond.shape, this.v(a), a.shape, this.v(b), b.shape, arr, outShape);
    return h;
  }
  clip(x: TensorInfo, min: number, max: number): DataHandle {
    const [h, arr] = this.out(x.dtype, x.size);
    clipLoop(this.v(x), arr, min, max);
    return h;
  }
  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outDtype: DType): DataHandle {
    const [h, arr] = this.out(outDtype, reducedSize(x.shape, axes));
    reduceLoop(op, this.v(x), x.shape, axes, arr);
    return h;
  }
  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number): DataHandle {
    const [h, arr] = this.out('int32', reducedSize(x.shape, [axis]));
    argReduceLoop(op, this.v(x), x.shape, axis, arr as Int32Array);
    return h;
  }
  matMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): DataHandle {
    const [ba, a1, a2] = a.shape as [number, number, number];
    const [bb, b1, b2] = b.shape as [number, number, number];
    const [m, k] = transposeA ? [a2, a1] : [a1, a2];
    const n = transposeB ? b1 : b2;
    const batch = Math.max(ba, bb);
    const [h, arr] = this.out('float32', batch * m * n);
    matMulLoop(
      this.f32(a),
      this.f32(b),
      arr as Float32Array,
      ba,
      bb,
      m,
      k,
      n,
      transposeA,
      transposeB,
    );
    return h;
  }
  transpose(x: TensorInfo, perm: readonly number[]): DataHandle {
    const [h, arr] = this.out(x.dtype, x.size);
    transposeLoop(this.v(x), x.shape, perm, arr);
    return h;
  }
  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataHandle {
    const [h, arr] = this.out(x.dtype, sizeOf(size));
    sliceLoop(this.v(x), x.shape, begin, size, arr);
    return h;
  }
  pad(x: TensorInfo, paddings: readonly (readonly [number, number])[], value: number): DataHandle {
    const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
    const [h, arr] = this.out(x.dtype, sizeOf(outShape));
    if (value !== 0) arr.fill(value);
    placeLoop(
      this.v(x),
      x.shape,
      outShape,
      paddings.map((p) => p[0]),
      arr,
    );
    return h;
  }
  concat(xs: readonly TensorInfo[], axis: number): DataHandle {
    const total = xs.reduce((s, x) => s + x.size, 0);
    const [h, arr] = this.out(xs[0]!.dtype, total);
    concatLoop(
      xs.map((x) => ({ data: this.v(x), shape: x.shape })),
      axis,
      arr,
    );
    return h;
  }
  tile(x: TensorInfo, reps: readonly number[]): DataHandle {
    const [h, arr] = this.out(x.dtype, x.size * reps.reduce((a, b) => a * b, 1));
    tileLoop(this.v(x), x.shape, reps, arr);
    return h;
  }
  gather(x: TensorInfo, indices: TensorInfo, axis: number): DataHandle {
    const [h, arr] = this.out(x.dtype, reducedSize(x.shape, [axis]) * indices.size);
    gatherLoop(this.v(x), x.shape, this.i32(indices), axis, arr);
    return h;
  }
  unsortedSegmentSum(
    x: TensorInfo,
    segmentIds: TensorInfo,
    numSegments: number,
    axis: number,
  ): DataHandle {
    const [h, arr] = this.out(x.dtype, reducedSize(x.shape, [axis]) * numSegments);
    segmentSumLoop(this.v(x), x.shape, this.i32(segmentIds), numSegments, axis, arr);
    return h;
  }
  oneHot(indices: TensorInfo, depth: number, onValue: number, offValue: number): DataHandle {
    const [h, arr] = this.out('float32', indices.size * depth);
    oneHotLoop(this.i32(indices), depth, onValue, offValue, arr);
    return h;
  }
  conv2d(x: TensorInfo, filter: TensorInfo, g: WindowGeometry): DataHandle {
    const outC = filter.shape[3]!;
    const [h, arr] = this.out('float32', g.n * g.ho * g.wo * outC);
    conv2dLoop(this.f32(x), this.f32(filter), g, outC, arr as Float32Array);
    return h;
  }
  conv2dBackpropInput(dy: TensorInfo, filter: TensorInfo, g: WindowGeometry): DataHandle {
    const [h, arr] = this.out('float32', g.n * g.h * g.w * g.c);
    const outC = filter.shape[3]!;
    conv2dBackpropInputLoop(this.f32(dy), this.f32(filter), g, outC, arr as Float32Array);
    return h;
  }
  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, g: WindowGeometry): DataHandle {
    const outC = dy.shape[3]!;
    const [h, arr] = this.out('float32', g.kh * g.kw * g.c * outC);
    conv2dBackpropFilterLoop(this.f32(x), this.f32(dy), g, outC, arr as Float32Array);
    return h;
  }
  maxPool(x: TensorInfo, g: WindowGeometry): DataHandle {
    const [h, arr] = this.out(x.dtype, g.n * g.ho * g.wo * g.c);
    maxPoolLoop(this.v(x), g, x.dtype === 'int32' ? -(2 ** 31) : -Infinity, arr);
    return h;
  }
  maxPoolGrad(x: TensorInfo, dy: TensorInfo, g: WindowGeometry): DataHandle {
    const [h, arr] = this.out('float32', x.size);
    maxPoolGradLoop(this.f32(x), this.f32(dy), g, arr);
    return h;
  }
  softmax(x: TensorInfo): DataHandle {
    const [h, arr] = this.out('float32', x.size);
    softmaxLoop(this.f32(x), x.shape[x.shape.length - 1] ?? 1, arr as Float32Array, false);
    return h;
  }
  logSoftmax(x: TensorInfo): DataHandle {
    const [h, arr] = this.out('float32', x.size);
    softmaxLoop(this.f32(x), x.shape[x.shape.length - 1] ?? 1, arr as Float32Array, true);
    return h;
  }

  // ---- fused kernels ------------------------------------------------------------------------

  binaryScalar(
    op: BinaryOp,
    x: TensorInfo,
    value: number,
    scalarFirst: boolean,
    outDtype: DType,
  ): DataHandle {
    const [h, arr] = this.out(outDtype, x.size);
    // The value as a float32 scalar tensor would hold it.
    const s = Float32Array.of(value);
    const fn = BINARY_FNS[op];
    if (scalarFirst) binaryLoop(s, [], this.v(x), x.shape, arr, x.shape, fn);
    else binaryLoop(this.v(x), x.shape, s, [], arr, x.shape, fn);
    return h;
  }
  denseForward(
    x: TensorInfo,
    kernel: TensorInfo,
    bias: TensorInfo | null,
    activation: FusedActivation,
  ): DataHandle {
    const [m, k] = x.shape as [number, number];
    const n = kernel.shape[1]!;
    const [h, arr] = this.out('float32', m * n);
    const z = arr as Float32Array;
    matMulLoop(this.f32(x), this.f32(kernel), z, 1, 1, m, k, n, false, false);
    biasActivationLoop(z, bias ? this.f32(bias) : null, m, n, activation);
    return h;
  }
  activationBackward(
    dy: TensorInfo,
    y: TensorInfo,
    activation: FusedActivation,
    withBias: boolean,
  ): [DataHandle, DataHandle | null] {
    const cols = y.shape[y.shape.length - 1] ?? 1;
    const rows = cols === 0 ? 0 : y.size / cols;
    const [h, dz] = this.out('float32', y.size);
    const [hb, db] = withBias ? this.out('float32', cols) : [null, null];
    activationBackwardLoop(
      this.f32(dy),
      this.f32(y),
      dz as Float32Array,
      db as Float32Array | null,
      rows,
      cols,
      activation,
    );
    return [h, hb];
  }
  crossEntropyProbs(
    p: TensorInfo,
    target: TensorInfo,
    sparse: boolean,
    lo: number,
    hi: number,
  ): DataHandle {
    const n = p.shape[p.shape.length - 1] ?? 1;
    const rows = n === 0 ? (p.shape[0] ?? 0) : p.size / n;
    const [h, out] = this.out('float32', rows);
    crossEntropyProbsLoop(
      this.f32(p),
      sparse ? null : this.f32(target),
      sparse ? this.i32(target) : null,
      out as Float32Array,
      rows,
      n,
      lo,
      hi,
    );
    return h;
  }
  crossEntropyProbsGrad(
    p: TensorInfo,
    target: TensorInfo,
    sparse: boolean,
    g: TensorInfo,
    lo: number,
    hi: number,
  ): DataHandle {
    const n = p.shape[p.shape.length - 1] ?? 1;
    const rows = n === 0 ? (p.shape[0] ?? 0) : p.size / n;
    const [h, dp] = this.out('float32', p.size);
    crossEntropyProbsGradLoop(
      this.f32(p),
      sparse ? null : this.f32(target),
      sparse ? this.i32(target) : null,
      this.f32(g),
      dp as Float32Array,
      rows,
      n,
      lo,
      hi,
    );
    return h;
  }
  adamStep(
    x: TensorInfo,
    g: TensorInfo,
    m: TensorInfo,
    v: TensorInfo,
    alpha: TensorInfo,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): [DataHandle, DataHandle, DataHandle] {
    // An input nothing else holds becomes its output in place (see Backend.adamStep).
    const reusable = reusableInputs([x, g, m, v]);
    const take = (t: TensorInfo): [JsData, DataArray] => {
      if (!reusable(t)) return this.out('float32', x.size);
      const arr = this.values(t.storage);
      return [new JsData(this, 'float32', arr), arr];
    };
    const [hx, xo] = take(x);
    const [hm, mo] = take(m);
    const [hv, vo] = take(v);
    adamStepLoop(
      this.f32(x),
      this.f32(g),
      this.f32(m),
      this.f32(v),
      xo as Float32Array,
      mo as Float32Array,
      vo as Float32Array,
      this.f32(alpha)[0]!,
      beta1,
      beta2,
      epsilon,
    );
    return [hx, hm, hv];
  }
}
