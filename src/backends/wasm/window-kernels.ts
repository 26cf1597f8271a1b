/**
 * The wasm backend's window kernels: 2-D convolution (forward, input gradient, filter
 * gradient; asm/conv.ts) and max pooling (asm/pool.ts). Writes the geometry where the
 * kernels read it, sizes the blocks a convolution goes through (so that a block's window
 * matrix stays in cache, and no whole window matrix is ever allocated), and runs each
 * kernel over its range, split across the worker threads when it is large enough
 * (parallel.ts). Takes pointers into the backend's memory; allocates only its own blocks.
 */
import type { WindowGeometry } from '../backend.js';
import type { Kernels } from './kernels.js';
import { WINDOW_GEOMETRY } from './job-layout.js';
import { PARALLEL_MATMUL_MACS, type ParallelKernels } from './parallel.js';
import type { WasmHeap } from './wasm-heap.js';

/** Floats of window matrix one block holds (256 KiB): in L2 with the product's buffers. */
const BLOCK_FLOATS = 1 << 16;
/** Chunks of positions the filter gradient sums separately, then adds in order. */
const FILTER_CHUNKS = 8;
/** The most floats of partial sums the filter gradient keeps (16 MiB)… */
const PARTIAL_FLOATS = 1 << 22;
/** …and keeps between calls (1 MiB); a larger block is freed after its call. */
const KEPT_PARTIAL_FLOATS = 1 << 18;
/** Pooling kernels touching at least this many elements are split across threads. */
const PARALLEL_POOL_ELEMENTS = 1 << 15;

/** Rows of a block of the window matrix of `g`: whole register tiles (4), at least one. */
export function blockRows(g: WindowGeometry): number {
  const k = Math.max(1, g.kh * g.kw * g.c);
  return Math.max(4, Math.floor(BLOCK_FLOATS / k / 4) * 4);
}

/**
 * How the filter gradient of `g` (with `outC` output channels) cuts its output positions:
 * `chunks` chunks of `rows` positions (the last may be shorter), each summed on its own,
 * at most FILTER_CHUNKS and PARTIAL_FLOATS of partial sums. Depends on the shape only,
 * never on the threads, so the sums are the same on any number of threads.
 */
export function filterChunks(g: WindowGeometry, outC: number): { chunks: number; rows: number } {
  const m = g.n * g.ho * g.wo;
  if (m === 0) return { chunks: 1, rows: 0 };
  const block = blockRows(g);
  const size = Math.max(1, g.kh * g.kw * g.c * outC);
  const most = Math.min(
    FILTER_CHUNKS,
    Math.floor(m / block),
    1 + Math.floor(PARTIAL_FLOATS / size),
  );
  const chunks = Math.max(1, most);
  const rows = Math.ceil(m / chunks);
  return { chunks: Math.ceil(m / rows), rows };
}

export class WindowKernels {
  readonly #k: Kernels;
  readonly #heap: WasmHeap;
  readonly #parallel: ParallelKernels;
  /** The geometry block (WINDOW_GEOMETRY.length int32), rewritten by every call. */
  readonly #geometry: number;
  /** The filter gradient's partial sums (grown on demand), and the floats it holds. */
  #partials = 0;
  #partialsCap = 0;

  constructor(kernels: Kernels, heap: WasmHeap, parallel: ParallelKernels) {
    this.#k = kernels;
    this.#heap = heap;
    this.#parallel = parallel;
    this.#geometry = heap.alloc('int32', WINDOW_GEOMETRY.length);
  }

  /** Writes `g` into the geometry block and returns its pointer. */
  #put(g: WindowGeometry): number {
    const block = this.#heap.i32(this.#geometry, WINDOW_GEOMETRY.length);
    WINDOW_GEOMETRY.forEach((name, i) => (block[i] = g[name]));
    return this.#geometry;
  }

  /** conv2d of float32 images at `x` with filter `f` ([K, outC]) into `out` ([m, outC]). */
  conv2d(x: number, f: number, out: number, g: WindowGeometry, outC: number): void {
    const [m, k, rows] = [g.n * g.ho * g.wo, g.kh * g.kw * g.c, blockRows(g)];
    const args = [x, f, out, this.#put(g), outC, rows];
    const buffers = { scratchFloats: rows * k, rows, k, cols: outC };
    this.#parallel.range(
      'conv2dForward',
      args,
      m,
      4,
      m * k * outC >= PARALLEL_MATMUL_MACS,
      buffers,
    );
  }

  /** conv2d's input gradient for `dy` ([m, outC]) into images at `dx`. */
  conv2dInput(dy: number, f: number, dx: number, g: WindowGeometry, outC: number): void {
    const [m, k, rows] = [g.n * g.ho * g.wo, g.kh * g.kw * g.c, blockRows(g)];
    const args = [dy, f, dx, this.#put(g), outC, rows];
    const buffers = { scratchFloats: rows * k, rows, k: outC, cols: k };
    this.#parallel.range(
      'conv2dInput',
      args,
      g.n,
      1,
      m * k * outC >= PARALLEL_MATMUL_MACS,
      buffers,
    );
  }

  /** conv2d's filter gradient for images `x` and `dy` ([m, outC]) into `df` ([K, outC]). */
  conv2dFilter(x: number, dy: number, df: number, g: WindowGeometry, outC: number): void {
    const [m, k, rows] = [g.n * g.ho * g.wo, g.kh * g.kw * g.c, blockRows(g)];
    const { chunks, rows: chunkRows } = filterChunks(g, outC);
    const floats = (chunks - 1) * k * outC;
    if (floats > this.#partialsCap) {
      this.#heap.free(this.#partials);
      this.#partials = 0;
      this.#partialsCap = 0;
      this.#partials = this.#heap.alloc('float32', floats);
      this.#partialsCap = floats;
    }
    const partials = this.#partials;
    const args = [x, dy, df, partials, this.#put(g), outC, rows, chunkRows];
    // (A direct filter gradient keeps K·⌈outC/4⌉ vectors of sums in the scratch.)
    const scratchFloats = Math.max(rows * k, k * 16);
    const buffers = { scratchFloats, rows: k, k: rows, cols: outC };
    const split = m * k * outC >= PARALLEL_MATMUL_MACS;
    this.#parallel.range('conv2dFilter', args, chunks, 1, split, buffers);
    const add = this.#k.binaryCodes.get('add')!;
    const size = k * outC;
    for (let q = 1; q < chunks; q++) {
      this.#k.binary(add, df, 0, 1, partials + 4 * (q - 1) * size, 0, 1, df, 1, size);
    }
    if (this.#partialsCap > KEPT_PARTIAL_FLOATS) {
      this.#heap.free(this.#partials);
      this.#partials = 0;
      this.#partialsCap = 0;
    }
  }

  /** The float32 max pool of `x` into `out` (see Backend.maxPool). */
  maxPool(x: number, out: number, g: WindowGeometry): void {
    const rows = g.n * g.ho * g.wo;
    const split = rows * g.kh * g.kw * g.c >= PARALLEL_POOL_ELEMENTS;
    this.#parallel.range('maxPool', [x, out, this.#put(g)], rows, 1, split);
  }

  /** The max pool's input gradient into `dx` (see Backend.maxPoolGrad). */
  maxPoolGrad(x: number, dy: number, dx: number, g: WindowGeometry): void {
    const split = g.n * g.ho * g.wo * g.kh * g.kw * g.c >= PARALLEL_POOL_ELEMENTS;
    this.#parallel.range('maxPoolGrad', [x, dy, dx, this.#put(g)], g.n, 1, split);
  }
}
