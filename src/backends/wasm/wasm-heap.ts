/**
 * Tensor storage in the kernels' WebAssembly memory: allocation (the module's TLSF heap,
 * 16-byte aligned, coalescing) and typed-array views. Growing a memory detaches every view
 * made before (a shared memory's views stay valid but do not reach the new pages), so
 * views are made fresh for each kernel, after its output is allocated, and never kept.
 */
import { type DataArray, type DType } from '../../tensor/dtype.js';
import {
  AllocationError,
  assertBufferFits,
  type BufferLimits,
  bufferBytes,
  formatBytes,
  MAX_INT32_ELEMENTS,
} from '../alloc-limits.js';
import type { Kernels } from './kernels.js';

/**
 * One buffer of the wasm backend. The AssemblyScript TLSF heap refuses (aborts on) blocks
 * of 2^30 − 4 bytes or more; 2^30 − 16 keeps the limit a multiple of every element size.
 * The memory as a whole stops at 4 GiB (32-bit addresses), or sooner where the runtime
 * cannot grow it: alloc reports that as an AllocationError too.
 */
export const WASM_LIMITS: BufferLimits = {
  maxElements: MAX_INT32_ELEMENTS,
  maxBytes: 2 ** 30 - 16,
  reason:
    "the largest block its WebAssembly heap allocates (the heap holds at most 4 GiB in all); use the 'js' backend for larger tensors",
};

export class WasmHeap {
  readonly #k: Kernels;
  #buffer: ArrayBufferLike;
  #f32: Float32Array;
  #i32: Int32Array;
  #u8: Uint8Array;

  constructor(kernels: Kernels) {
    this.#k = kernels;
    this.#buffer = kernels.memory.buffer;
    this.#f32 = new Float32Array(this.#buffer);
    this.#i32 = new Int32Array(this.#buffer);
    this.#u8 = new Uint8Array(this.#buffer);
  }

  /** Bytes of WebAssembly memory reserved so far (it only grows). */
  get memoryBytes(): number {
    return this.#k.memory.buffer.byteLength;
  }

  /**
   * A block for `size` elements of `dtype`; 0 for an empty buffer. Throws an
   * AllocationError, reserving nothing, for a buffer past {@link WASM_LIMITS} or when the
   * memory cannot grow to hold it.
   */
  alloc(dtype: DType, size: number): number {
    // Checked in JS numbers before the byte count goes to the module as an i32, where 2^32
    // bytes and more would wrap to a small block the kernels then overrun.
    assertBufferFits('wasm', WASM_LIMITS, size, dtype);
    if (size === 0) return 0;
    const bytes = bufferBytes(size, dtype);
    let ptr: number;
    try {
      // The module returns an i32: addresses at 2 GiB and above come back negative.
      ptr = this.#k.alloc(bytes) >>> 0;
    } catch (e) {
      // The heap traps when memory.grow fails, before it changes any of its state: the
      // heap and every live block stay as they were.
      throw new AllocationError(
        `wasm backend: out of memory allocating ${formatBytes(bytes)} (${size} ${dtype} elements): the WebAssembly memory (${formatBytes(this.memoryBytes)} now) cannot grow further (it holds at most 4 GiB, and the runtime may allow less); dispose tensors you no longer need, or use the 'js' backend for data this large (${String(e)})`,
      );
    }
    // Past the views' end: the memory grew (a detached buffer has length 0 and lands here too).
    if (ptr + bytes > this.#buffer.byteLength) this.#remake();
    return ptr;
  }

  free(ptr: number): void {
    if (ptr !== 0) this.#k.free(ptr);
  }

  #refresh(): void {
    // Growing a (non-shared) memory detaches the old buffer: a cheap test, unlike the getter.
    // (A shared memory's growth is caught by alloc, the only way to reach the new pages.)
    if (this.#buffer.byteLength === 0) this.#remake();
  }

  #remake(): void {
    const buf = this.#k.memory.buffer;
    this.#buffer = buf;
    this.#f32 = new Float32Array(buf);
    this.#i32 = new Int32Array(buf);
    this.#u8 = new Uint8Array(buf);
  }

  /** Whether `a` is a view of this memory (it would be detached by the next growth). */
  owns(a: DataArray): boolean {
    this.#refresh();
    return a.buffer === this.#buffer;
  }

  /** memmove of `bytes` bytes within the memory. */
  move(dst: number, src: number, bytes: number): void {
    // memory.copy: copyWithin is as fast on a plain buffer but much slower on a shared one.
    this.#k.copy(dst, src, bytes);
  }

  /** Stores one float32 at `ptr` (rounded as a Float32Array rounds). */
  setF32(ptr: number, value: number): void {
    this.#refresh();
    this.#f32[ptr >>> 2] = value;
  }

  /** The float32 at `ptr`. */
  getF32(ptr: number): number {
    this.#refresh();
    return this.#f32[ptr >>> 2]!;
  }

  f32(ptr: number, size: number): Float32Array {
    this.#refresh();
    return this.#f32.subarray(ptr >>> 2, (ptr >>> 2) + size);
  }

  i32(ptr: number, size: number): Int32Array {
    this.#refresh();
    return this.#i32.subarray(ptr >>> 2, (ptr >>> 2) + size);
  }

  u8(ptr: number, size: number): Uint8Array {
    this.#refresh();
    return this.#u8.subarray(ptr, ptr + size);
  }

  /** A view of `size` elements of `dtype` at `ptr`, valid until the next allocation. */
  view(ptr: number, dtype: DType, size: number): DataArray {
    return dtype === 'float32'
      ? this.f32(ptr, size)
      : dtype === 'int32'
        ? this.i32(ptr, size)
        : this.u8(ptr, size);
  }
}
