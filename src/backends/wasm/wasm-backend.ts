/**
 * The `wasm` backend: tensor data in WebAssembly memory, hot kernels in SIMD WebAssembly
 * (asm/, loaded by kernels.ts). Kernels the module lacks (other dtypes, rare ops, shapes a
 * plan cannot collapse) run the js backend's pure loops directly on views of the same
 * memory, so nothing is copied in or out. With a shared memory, large matMuls, Adam steps,
 * convolutions and pools are cut into chunks that worker threads share (parallel.ts,
 * window-kernels.ts); every element is computed as on one thread, so results do not
 * depend on the number of threads. This class allocates outputs (WasmData, wasm-data.ts),
 * plans shapes and dispatches; it does no math itself. Its data-movement kernels (cast,
 * where, slice, pad, concat, gather, …) are in its base class, WasmMovementKernels
 * (movement-kernels.ts).
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
import type { DataArray, DType } from '../../tensor/dtype.js';
import { type Shape, sizeOf } from '../../tensor/shape.js';
import { binaryLoop, clipLoop, unaryLoop } from '../js/kernels/elementwise.js';
import { maxPoolLoop } from '../js/kernels/pool.js';
import { argReduceLoop, reduceLoop } from '../js/kernels/reduce.js';
import { BINARY_FNS, UNARY_FNS } from '../js/kernels/scalar-math.js';
import { planBinary, planReduce } from './kernel-plans.js';
import type { Kernels } from './kernels.js';
import { WasmMovementKernels } from './movement-kernels.js';
import {
  type AdamConstants,
  type AdamPointers,
  ParallelKernels,
  type WasmThreads,
} from './parallel.js';
import { WasmData } from './wasm-data.js';
import { WASM_LIMITS, WasmHeap } from './wasm-heap.js';
import { WindowKernels } from './window-kernels.js';

// The handle's class, where it was before it had a file of its own.
export { WasmData };

const IDENTITY: Partial<Record<ReduceOp, number>> = { sum: 0, max: -Infinity, min: Infinity };

export class WasmBackend extends WasmMovementKernels implements Backend {
  readonly name = 'wasm';
  /** Less than 1 GiB in one buffer (the heap's largest block); see WASM_LIMITS. */
  readonly limits = WASM_LIMITS;
  readonly #k: Kernels;
  readonly heap: WasmHeap;
  /** The compiled module (its op tables say which ops run in SIMD). */
  get kernels(): Kernels {
    return this.#k;
  }
  // Scratch to convert a number as a typed-array store would (fill's int32 and bool values).
  readonly #scratchI32 = new Int32Array(1);
  readonly #scratchF32 = new Float32Array(this.#scratchI32.buffer);
  readonly #scratchU8 = new Uint8Array(1);

  /** 16 bytes of scratch for binaryScalar's operand. */
  readonly #scalarPtr: number;
  /** Splits large matMuls and Adam steps across worker threads. */
  readonly #parallel: ParallelKernels;
  /** Convolution and max pooling. */
  readonly #windows: WindowKernels;

  constructor(kernels: Kernels, threads: WasmThreads = { workers: 0, spawn: null }) {
    super(kernels);
    this.#k = kernels;
    this.heap = new WasmHeap(kernels);
    this.#scalarPtr = this.heap.alloc('float32', 4);
    this.#parallel = new ParallelKernels(kernels, this.heap, threads);
    this.#windows = new WindowKernels(kernels, this.heap, this.#parallel);
  }

  /** Worker threads that split large kernels (0 when single-threaded). */
  get threads(): number {
    return this.#parallel.threads;
  }

  /**
   * Starts the worker threads now (they otherwise start with the first kernel large enough
   * to split) and resolves when they take work: true, or false when the backend is
   * single-threaded or the workers failed to start within `timeoutMs`.
   */
  whenThreadsReady(timeoutMs = 10_000): Promise<boolean> {
    return this.#parallel.whenReady(timeoutMs);
  }

  // ---- storage ----------------------------------------------------------------------------

  /** The handle as this backend's buffer, checked. */
  data(h: DataHandle): WasmData {
    if (!(h instanceof WasmData) || h.backend !== this)
      throw new Error(`internal: wasm backend given a ${h.backend.name} buffer`);
    if (!h.live) throw new Error('internal: wasm buffer used after it was freed');
    return h;
  }
  protected ptr(t: TensorInfo): number {
    return this.data(t.storage).ptr;
  }
  /** A view of a handle's data; valid until the next allocation. */
  values(h: DataHandle): DataArray {
    const d = this.data(h);
    return this.heap.view(d.ptr, d.dtype, d.size);
  }
  protected view(t: TensorInfo): DataArray {
    return this.values(t.storage);
  }
  protected out(dtype: DType, size: number): WasmData {
    return new WasmData(this, this.heap.alloc(dtype, size), dtype, size);
  }

  upload(values: DataArray, dtype: DType): DataHandle {
    // A view of our own memory would be detached if the allocation grows it.
    const src = this.heap.owns(values) ? values.slice() : values;
    const h = this.out(dtype, src.length);
    this.values(h).set(src);
    return h;
  }
  write(h: DataHandle, values: DataArray, offset: number): void {
    const src = this.heap.owns(values) ? values.slice() : values;
    this.values(h).set(src, offset);
  }
  fill(size: number, value: number, dtype: DType): DataHandle {
    const h = this.out(dtype, size);
    if (dtype === 'bool') {
      const u8 = this.#scratchU8;
      u8[0] = value;
      this.#k.fill8(h.ptr, u8[0] ?? 0, size);
    } else {
      if (dtype === 'float32') this.#scratchF32[0] = value;
      else this.#scratchI32[0] = value;
      this.#k.fill32(h.ptr, this.#scratchI32[0] ?? 0, size);
    }
    return h;
  }
  readSync(h: DataHandle): DataArray {
    return this.values(h).slice();
  }
  read(h: DataHandle): Promise<DataArray> {
    return Promise.resolve(this.readSync(h));
  }
  free(h: DataHandle): void {
    // Idempotent: this may run from a FinalizationRegistry callback, where a throw is fatal.
    if (!(h instanceof WasmData) || h.backend !== this || !h.live) return;
    h.kill();
    this.heap.free(h.ptr);
  }

  // ---- kernels ----------------------------------------------------------------------------

  unary(op: UnaryOp, x: TensorInfo, outDtype: DType, attr: number): DataHandle {
    const h = this.out(outDtype, x.size);
    const code = this.#k.unaryCodes.get(op);
    if (code !== undefined && x.dtype === 'float32' && outDtype === 'float32') {
      this.#k.unary(code, this.ptr(x), h.ptr, x.size, attr);
    } else {
      unaryLoop(this.view(x), this.values(h), UNARY_FNS[op], attr);
    }
    return h;
  }

  binary(op: BinaryOp, a: TensorInfo, b: TensorInfo, outShape: Shape, outDtype: DType): DataHandle {
    const size = sizeOf(outShape);
    const h = this.out(outDtype, size);
    const code = this.#k.binaryCodes.get(op);
    if (code === undefined || a.dtype !== 'float32' || outDtype !== 'float32') {
      binaryLoop(
        this.view(a),
        a.shape,
        this.view(b),
        b.shape,
        this.values(h),
        outShape,
        BINARY_FNS[op],
      );
      return h;
    }
    if (size === 0) return h;
    const plan = planBinary(a.shape, b.shape, outShape);
    const [pa, pb] = [this.ptr(a), this.ptr(b)];
    const { rows, cols, aRow, bRow } = plan;
    const [aVec, bVec] = [plan.aVec ? 1 : 0, plan.bVec ? 1 : 0];
    const outer = plan.outer;
    if (outer.length === 0) {
      this.#k.binary(code, pa, aRow, aVec, pb, bRow, bVec, h.ptr, rows, cols);
      return h;
    }
    // Odometer over the outer loops, tracking each operand's element offset.
    const idx = new Array<number>(outer.length).fill(0);
    let [oa, ob, oo] = [0, 0, 0];
    const calls = outer.reduce((s, l) => s * l.n, 1);
    for (let c = 0; c < calls; c++) {
      this.#k.binary(
        code,
        pa + 4 * oa,
        aRow,
        aVec,
        pb + 4 * ob,
        bRow,
        bVec,
        h.ptr + 4 * oo,
        rows,
        cols,
      );
      for (let d = outer.length - 1; d >= 0; d--) {
        const l = outer[d]!;
        idx[d]!++;
        oa += l.a;
        ob += l.b;
        oo += l.out;
        if (idx[d]! < l.n) break;
        oa -= l.a * l.n;
        ob -= l.b * l.n;
        oo -= l.out * l.n;
        idx[d] = 0;
      }
    }
    return h;
  }

  clip(x: TensorInfo, min: number, max: number): DataHandle {
    const h = this.out(x.dtype, x.size);
    if (x.dtype === 'float32') {
      this.#k.clipF32(this.ptr(x), h.ptr, x.size, min, max);
      return h;
    }
    clipLoop(this.view(x), this.values(h), min, max);
    return h;
  }

  reduce(op: ReduceOp, x: TensorInfo, axes: readonly number[], outDtype: DType): DataHandle {
    const outSize = reducedSize(x.shape, axes);
    const h = this.out(outDtype, outSize);
    const code = this.#k.reduceCodes.get(op);
    const plan = code === undefined ? null : planReduce(x.shape, axes);
    if (plan && code !== undefined && x.dtype === 'float32' && outDtype === 'float32') {
      if (x.size === 0) {
        if (outSize > 0) this.values(h).fill(IDENTITY[op]!);
      } else if (plan.kind === 'inner') {
        this.#k.reduceInner(code, this.ptr(x), h.ptr, plan.outer, plan.n);
      } else {
        this.#k.reduceOuter(code, this.ptr(x), h.ptr, plan.outer, plan.rows, plan.n);
      }
      return h;
    }
    reduceLoop(op, this.view(x), x.shape, axes, this.values(h));
    return h;
  }

  argReduce(op: ArgReduceOp, x: TensorInfo, axis: number): DataHandle {
    const h = this.out('int32', reducedSize(x.shape, [axis]));
    argReduceLoop(op, this.view(x), x.shape, axis, this.values(h) as Int32Array);
    return h;
  }

  matMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): DataHandle {
    const [ba, a1, a2] = a.shape as [number, number, number];
    const [bb, b1, b2] = b.shape as [number, number, number];
    const [m, k] = transposeA ? [a2, a1] : [a1, a2];
    const n = transposeB ? b1 : b2;
    const h = this.out('float32', Math.max(ba, bb) * m * n);
    if (h.size === 0) return h;
    const [pa, pb] = [this.ptr(a), this.ptr(b)];
    this.#parallel.matMul(pa, pb, h.ptr, ba, bb, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0);
    return h;
  }

  conv2d(x: TensorInfo, filter: TensorInfo, g: WindowGeometry): DataHandle {
    const outC = filter.shape[3]!;
    const h = this.out('float32', g.n * g.ho * g.wo * outC);
    if (h.size > 0) this.#windows.conv2d(this.ptr(x), this.ptr(filter), h.ptr, g, outC);
    return h;
  }

  conv2dBackpropInput(dy: TensorInfo, filter: TensorInfo, g: WindowGeometry): DataHandle {
    const h = this.out('float32', g.n * g.h * g.w * g.c);
    const outC = filter.shape[3]!;
    if (h.size > 0) this.#windows.conv2dInput(this.ptr(dy), this.ptr(filter), h.ptr, g, outC);
    return h;
  }

  conv2dBackpropFilter(x: TensorInfo, dy: TensorInfo, g: WindowGeometry): DataHandle {
    const outC = dy.shape[3]!;
    const h = this.out('float32', g.kh * g.kw * g.c * outC);
    if (h.size > 0) this.#windows.conv2dFilter(this.ptr(x), this.ptr(dy), h.ptr, g, outC);
    return h;
  }

  maxPool(x: TensorInfo, g: WindowGeometry): DataHandle {
    const h = this.out(x.dtype, g.n * g.ho * g.wo * g.c);
    if (h.size === 0) return h;
    if (x.dtype === 'float32') this.#windows.maxPool(this.ptr(x), h.ptr, g);
    else maxPoolLoop(this.view(x), g, -(2 ** 31), this.values(h));
    return h;
  }

  maxPoolGrad(x: TensorInfo, dy: TensorInfo, g: WindowGeometry): DataHandle {
    const h = this.out('float32', x.size);
    if (h.size > 0) this.#windows.maxPoolGrad(this.ptr(x), this.ptr(dy), h.ptr, g);
    return h;
  }

  softmax(x: TensorInfo): DataHandle {
    return this.#softmax(x, false);
  }

  logSoftmax(x: TensorInfo): DataHandle {
    return this.#softmax(x, true);
  }

  #softmax(x: TensorInfo, log: boolean): DataHandle {
    const h = this.out('float32', x.size);
    const n = x.shape[x.shape.length - 1] ?? 1;
    if (x.size > 0) this.#k.softmax(this.ptr(x), h.ptr, x.size / n, n, log ? 1 : 0);
    return h;
  }

  // ---- fused kernels ------------------------------------------------------------------------

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
    const n = x.size;
    const inputs = [this.ptr(x), this.ptr(g), this.ptr(m), this.ptr(v)] as const;
    // An input nothing else holds becomes its output in place (see Backend.adamStep).
    const reusable = reusableInputs([x, g, m, v]);
    const take = (t: TensorInfo): WasmData => {
      if (!reusable(t)) return this.out('float32', n);
      const d = this.data(t.storage);
      d.kill();
      return new WasmData(this, d.ptr, 'float32', n);
    };
    const [xo, mo, vo] = [take(x), take(m), take(v)];
    const ptrs: AdamPointers = [...inputs, xo.ptr, mo.ptr, vo.ptr];
    const consts: AdamConstants = [
      this.heap.getF32(this.ptr(alpha)),
      1 - beta1,
      1 - beta2,
      epsilon,
    ];
    this.#parallel.adamStep(ptrs, n, consts);
    return [xo, mo, vo];
  }

  binaryScalar(
    op: BinaryOp,
    x: TensorInfo,
    value: number,
    scalarFirst: boolean,
    outDtype: DType,
  ): DataHandle {
    const code = this.#k.binaryCodes.get(op);
    if (code === undefined || x.dtype !== 'float32' || outDtype !== 'float32') {
      const h = this.out(outDtype, x.size);
      const s = Float32Array.of(value);
      const [v, out, fn] = [this.view(x), this.values(h), BINARY_FNS[op]];
      if (scalarFirst) binaryLoop(s, [], v, x.shape, out, x.shape, fn);
      else binaryLoop(v, x.shape, s, [], out, x.shape, fn);
      return h;
    }
    const h = this.out('float32', x.size);
    if (x.size === 0) return h;
    const sp = this.#scalarPtr;
    this.heap.setF32(sp, value);
    const px = this.ptr(x);
    if (scalarFirst) this.#k.binary(code, sp, 0, 0, px, 0, 1, h.ptr, 1, x.size);
    else this.#k.binary(code, px, 0, 1, sp, 0, 0, h.ptr, 1, x.size);
    return h;
  }

  #act(activation: FusedActivation): number {
    const code = this.#k.actCodes.get(activation);
    if (code === undefined)
      throw new Error(`internal: wasm kernels lack activation '${activation}'`);
    return code;
  }

  denseForward(
    x: TensorInfo,
    kernel: TensorInfo,
    bias: TensorInfo | null,
    activation: FusedActivation,
  ): DataHandle {
    const [m, k] = x.shape as [number, number];
    const n = kernel.shape[1]!;
    const h = this.out('float32', m * n);
    if (h.size === 0) return h;
    this.#parallel.matMul(this.ptr(x), this.ptr(kernel), h.ptr, 1, 1, m, k, n, 0, 0);
    const pb = bias ? this.ptr(bias) : 0;
    this.#k.biasActivation(h.ptr, pb, m, n, this.#act(activation));
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
    const dz = this.out('float32', y.size);
    // The bias gradient in the pass when sum would reduce across rows; otherwise (one row
    // or one column) by the reduce kernel, which sums those differently.
    const fusedDb = withBias && rows > 1 && cols > 1;
    const db = fusedDb ? this.out('float32', cols) : null;
    if (y.size > 0) {
      this.#k.activationBackward(
        this.ptr(dy),
        this.ptr(y),
        dz.ptr,
        db ? db.ptr : 0,
        rows,
        cols,
        this.#act(activation),
      );
    }
    if (!withBias || db) return [dz, db];
    const info = { storage: dz, shape: [rows, cols], dtype: 'float32' as const, size: y.size };
    return [dz, this.reduce('sum', info, [0], 'float32')];
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
    const h = this.out('float32', rows);
    if (rows === 0) return h;
    const pt = this.ptr(target);
    this.#k.crossEntropyProbs(
      this.ptr(p),
      sparse ? 0 : pt,
      sparse ? pt : 0,
      h.ptr,
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
    const h = this.out('float32', p.size);
    if (p.size === 0) return h;
    const rows = p.size / n;
    const pt = this.ptr(target);
    this.#k.crossEntropyProbsGrad(
      this.ptr(p),
      sparse ? 0 : pt,
      sparse ? pt : 0,
      this.ptr(g),
      h.ptr,
      rows,
      n,
      lo,
      hi,
    );
    return h;
  }
}
