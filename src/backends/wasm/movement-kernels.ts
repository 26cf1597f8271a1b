/**
 * The wasm backend's data-movement kernels: cast, where, transpose, slice, pad, concat,
 * tile, gather, unsortedSegmentSum and oneHot, which move, select or convert elements and
 * do no arithmetic beyond segmentSum's adds. Long contiguous runs are copied with one
 * memmove each, 2-D transposes and casts run in the wasm module, and everything else runs
 * the js backend's loops on views of wasm memory.
 *
 * The abstract base of WasmBackend (wasm-backend.ts), which supplies the storage: these
 * methods are its own methods, so a call costs what it did when they lived there.
 */
import { type DataHandle, type TensorInfo, reducedSize } from '../backend.js';
import { type DataArray, type DType, bytesPerElement } from '../../tensor/dtype.js';
import { type Shape, sizeOf } from '../../tensor/shape.js';
import { whereLoop } from '../js/kernels/elementwise.js';
import {
  concatLoop,
  gatherLoop,
  oneHotLoop,
  placeLoop,
  segmentSumLoop,
  sliceLoop,
  tileLoop,
  transposeLoop,
} from '../js/kernels/transform.js';
import { forEachBoxRun } from './copy-runs.js';
import { planTranspose } from './kernel-plans.js';
import type { Kernels } from './kernels.js';
import type { WasmData } from './wasm-data.js';
import type { WasmHeap } from './wasm-heap.js';

// Data movement copies runs at least this long with one memmove, shorter ones element-wise.
const MIN_RUN_BYTES = 64;

/** The data-movement half of the wasm backend's kernels; WasmBackend adds the rest. */
export abstract class WasmMovementKernels {
  readonly #k: Kernels;
  /** The backend's memory. */
  abstract readonly heap: WasmHeap;

  protected constructor(kernels: Kernels) {
    this.#k = kernels;
  }

  /** A new buffer of `size` elements of `dtype` (its contents undefined). */
  protected abstract out(dtype: DType, size: number): WasmData;
  /** The byte address of a tensor's data. */
  protected abstract ptr(t: TensorInfo): number;
  /** A view of a tensor's data; valid until the next allocation. */
  protected abstract view(t: TensorInfo): DataArray;
  /** A view of a handle's data; valid until the next allocation. */
  abstract values(h: DataHandle): DataArray;

  cast(x: TensorInfo, dtype: DType): DataHandle {
    const h = this.out(dtype, x.size);
    const [src, dst, n] = [this.ptr(x), h.ptr, x.size];
    const k = this.#k;
    if (x.dtype === dtype) k.copy(dst, src, this.values(h).byteLength);
    else if (x.dtype === 'float32') (dtype === 'int32' ? k.castF32I32 : k.castF32Bool)(src, dst, n);
    else if (x.dtype === 'int32') (dtype === 'float32' ? k.castI32F32 : k.castI32Bool)(src, dst, n);
    else (dtype === 'float32' ? k.castBoolF32 : k.castBoolI32)(src, dst, n);
    return h;
  }

  where(cond: TensorInfo, a: TensorInfo, b: TensorInfo, outShape: Shape): DataHandle {
    const h = this.out(a.dtype, sizeOf(outShape));
    const out = this.values(h);
    whereLoop(
      this.view(cond),
      cond.shape,
      this.view(a),
      a.shape,
      this.view(b),
      b.shape,
      out,
      outShape,
    );
    return h;
  }

  transpose(x: TensorInfo, perm: readonly number[]): DataHandle {
    const h = this.out(x.dtype, x.size);
    const plan = x.dtype === 'bool' ? null : planTranspose(x.shape, perm);
    if (x.size === 0) return h;
    if (plan?.batch === 0) this.#k.copy(h.ptr, this.ptr(x), x.size * 4);
    else if (plan) this.#k.transpose2d(this.ptr(x), h.ptr, plan.batch, plan.rows, plan.cols);
    else transposeLoop(this.view(x), x.shape, perm, this.values(h));
    return h;
  }

  slice(x: TensorInfo, begin: readonly number[], size: readonly number[]): DataHandle {
    const h = this.out(x.dtype, sizeOf(size));
    const bpe = bytesPerElement(x.dtype);
    if ((size[size.length - 1] ?? 1) * bpe >= MIN_RUN_BYTES) {
      const [src, dst] = [this.ptr(x), h.ptr];
      forEachBoxRun(x.shape, begin, size, (bo, o, n) =>
        this.heap.move(dst + bo * bpe, src + o * bpe, n * bpe),
      );
    } else {
      sliceLoop(this.view(x), x.shape, begin, size, this.values(h));
    }
    return h;
  }

  pad(x: TensorInfo, paddings: readonly (readonly [number, number])[], value: number): DataHandle {
    const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
    const h = this.out(x.dtype, sizeOf(outShape));
    const out = this.values(h);
    out.fill(value);
    const begin = paddings.map((p) => p[0]);
    const bpe = bytesPerElement(x.dtype);
    if ((x.shape[x.shape.length - 1] ?? 1) * bpe >= MIN_RUN_BYTES) {
      // The input is the box of the output at `begin`.
      const [src, dst] = [this.ptr(x), h.ptr];
      forEachBoxRun(outShape, begin, x.shape, (bo, o, n) =>
        this.heap.move(dst + o * bpe, src + bo * bpe, n * bpe),
      );
    } else {
      placeLoop(this.view(x), x.shape, outShape, begin, out);
    }
    return h;
  }

  concat(xs: readonly TensorInfo[], axis: number): DataHandle {
    const total = xs.reduce((s, x) => s + x.size, 0);
    const h = this.out(xs[0]!.dtype, total);
    const bpe = bytesPerElement(xs[0]!.dtype);
    const inners = xs.map((x) => sizeOf(x.shape.slice(axis)) * bpe);
    if (Math.min(...inners) >= MIN_RUN_BYTES) {
      const outer = sizeOf(xs[0]!.shape.slice(0, axis));
      const ptrs = xs.map((x) => this.ptr(x));
      let dst = h.ptr;
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < xs.length; k++) {
          const run = inners[k]!;
          this.heap.move(dst, ptrs[k]! + o * run, run);
          dst += run;
        }
      }
    } else {
      const parts = xs.map((x) => ({ data: this.view(x), shape: x.shape }));
      concatLoop(parts, axis, this.values(h));
    }
    return h;
  }

  tile(x: TensorInfo, reps: readonly number[]): DataHandle {
    const h = this.out(x.dtype, x.size * reps.reduce((a, b) => a * b, 1));
    tileLoop(this.view(x), x.shape, reps, this.values(h));
    return h;
  }

  gather(x: TensorInfo, indices: TensorInfo, axis: number): DataHandle {
    const h = this.out(x.dtype, reducedSize(x.shape, [axis]) * indices.size);
    const idx = this.view(indices) as Int32Array;
    const bpe = bytesPerElement(x.dtype);
    const run = sizeOf(x.shape.slice(axis + 1)) * bpe;
    if (run >= MIN_RUN_BYTES) {
      // Whole rows (say, a batch of images): one memmove each.
      const outer = sizeOf(x.shape.slice(0, axis));
      const dim = x.shape[axis]!;
      const src = this.ptr(x);
      let dst = h.ptr;
      for (let a = 0; a < outer; a++) {
        for (let j = 0; j < idx.length; j++) {
          this.heap.move(dst, src + (a * dim + idx[j]!) * run, run);
          dst += run;
        }
      }
    } else {
      gatherLoop(this.view(x), x.shape, idx, axis, this.values(h));
    }
    return h;
  }

  unsortedSegmentSum(
    x: TensorInfo,
    segmentIds: TensorInfo,
    numSegments: number,
    axis: number,
  ): DataHandle {
    const h = this.out(x.dtype, reducedSize(x.shape, [axis]) * numSegments);
    const out = this.values(h);
    out.fill(0);
    const ids = this.view(segmentIds) as Int32Array;
    segmentSumLoop(this.view(x), x.shape, ids, numSegments, axis, out);
    return h;
  }

  oneHot(indices: TensorInfo, depth: number, onValue: number, offValue: number): DataHandle {
    const h = this.out('float32', indices.size * depth);
    oneHotLoop(this.view(indices) as Int32Array, depth, onValue, offValue, this.values(h));
    return h;
  }
}
