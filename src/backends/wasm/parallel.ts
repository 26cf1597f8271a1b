/**
 * Splitting large kernels across worker threads over the wasm backend's shared memory:
 * matMuls by rows or columns (in whole register tiles) or, for a layer's forward product,
 * by the k blocks the kernel sums in turn; Adam steps by ranges of vectors;
 * the window kernels (convolution, pooling) by ranges of rows, chunks or images. Every
 * element is computed exactly as the single-thread kernel computes it, so results never
 * depend on the number of threads. Small kernels, a memory that is not shared, or a pool
 * still starting: the kernel runs on the calling thread.
 */
import type { Kernels } from './kernels.js';
import {
  chunkCut,
  JOB_ADAM,
  JOB_INTS,
  JOB_MATMUL,
  JOB_RANGE,
  type PackBuffers,
  ThreadPool,
  WORKER_INTS,
  type SpawnWorker,
} from './thread-pool.js';
import type { WasmHeap } from './wasm-heap.js';
import { ADAM, MATMUL_ARGS, pack, RANGE_KERNELS, type RangeKernel } from './job-layout.js';

// Kernels at least this large are split across the worker threads (multiply-adds of a
// matMul, elements of an Adam step): below, posting the parts costs more than it saves.
export const PARALLEL_MATMUL_MACS = 1 << 19;
const PARALLEL_ADAM_ELEMENTS = 1 << 15;
// Chunks per thread: more balance the threads better (a late one holds up less); each
// matMul chunk packs its own copy of the shared operand.
const CHUNKS_PER_THREAD = 2;
/** The most k blocks a product is split into (see #matMulByK); more go by rows or columns. */
const MAX_K_BLOCKS = 16;
/** The most floats of partial sums a k split may keep (4 MiB); larger go by rows or columns. */
const MAX_PART_FLOATS = 1 << 20;

/** How the backend may use threads. */
export interface WasmThreads {
  /** Worker threads to split large kernels over (0: none). */
  workers: number;
  /** Starts a worker (Node's worker_threads, a browser's Web Worker), or null. */
  spawn: SpawnWorker | null;
}

/** The fused Adam kernel's pointers: x, g, m, v in; x, m, v out. */
export type AdamPointers = [number, number, number, number, number, number, number];
/** The fused Adam kernel's constants: alpha, 1 - beta1, 1 - beta2, epsilon. */
export type AdamConstants = [number, number, number, number];

export class ParallelKernels {
  readonly #k: Kernels;
  readonly #heap: WasmHeap;
  readonly #threads: WasmThreads;
  /** Started on the first kernel large enough to split; used once its workers are ready. */
  #pool: ThreadPool | null = null;
  /** The main thread's buffers for its part of a split matMul. */
  readonly #mainPacks: PackBuffers = {
    packA: 0,
    packACap: 0,
    packB: 0,
    packBCap: 0,
    tile: 0,
    scratch: 0,
    scratchCap: 0,
  };

  constructor(kernels: Kernels, heap: WasmHeap, threads: WasmThreads) {
    this.#k = kernels;
    this.#heap = heap;
    this.#threads = kernels.shared ? threads : { workers: 0, spawn: null };
  }

  /** Set when the runtime refused to start workers: single-threaded from then on. */
  #refused = false;

  /** Worker threads that split large kernels (0 when single-threaded). */
  get threads(): number {
    return this.#threads.spawn && !this.#refused ? this.#threads.workers : 0;
  }

  /** Starts the pool now; true once its workers take work, false if single-threaded or late. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.threads === 0) return false;
    const start = performance.now();
    while (!this.#poolReady()) {
      if (performance.now() - start > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }

  /** The thread pool when it is ready to take work (starting it on first call). */
  #poolReady(): ThreadPool | null {
    const { workers, spawn } = this.#threads;
    if (workers <= 0 || !spawn || this.#refused) return null;
    if (!this.#pool) {
      const block = (ints: number): number => {
        const p = this.#heap.alloc('int32', ints);
        this.#heap.i32(p, ints).fill(0);
        return p;
      };
      const job = block(JOB_INTS);
      const own = Array.from({ length: workers }, () => block(WORKER_INTS));
      try {
        this.#pool = new ThreadPool(spawn, this.#k.module, this.#k.memory, this.#k, job, own);
      } catch {
        // Workers cannot start here: run every kernel on this thread, and stop trying.
        this.#refused = true;
        for (const p of [job, ...own]) this.#heap.free(p);
      }
      return null;
    }
    return this.#pool.ready ? this.#pool : null;
  }

  /** Grows a thread's matMul buffers to what a part of `rows` x `cols` over k needs. */
  #reserve(p: PackBuffers, rows: number, k: number, cols: number): void {
    const a = this.#k.packABytes(rows, k);
    const b = this.#k.packBBytes(cols, k);
    if (p.tile === 0) p.tile = this.#heap.alloc('float32', 32);
    if (a > p.packACap) {
      this.#heap.free(p.packA);
      p.packA = 0;
      p.packA = this.#heap.alloc('float32', a / 4);
      p.packACap = a;
    }
    if (b > p.packBCap) {
      this.#heap.free(p.packB);
      p.packB = 0;
      p.packB = this.#heap.alloc('float32', b / 4);
      p.packBCap = b;
    }
  }

  /**
   * C = op(A) · op(B) into `pc` (see Kernels.matMul), split across the worker threads by
   * rows or columns when it is large enough.
   */
  matMul(
    pa: number,
    pb: number,
    pc: number,
    ba: number,
    bb: number,
    m: number,
    k: number,
    n: number,
    tA: number,
    tB: number,
  ): void {
    const merged = bb === 1 && ba > 1 && tA === 0;
    const rows = merged ? m * ba : m;
    const batch = merged ? 1 : Math.max(ba, bb);
    const pool = batch * rows * n * k >= PARALLEL_MATMUL_MACS ? this.#poolReady() : null;
    if (pool && batch === 1 && tA === 0 && tB === 0 && rows <= n) {
      const blocks = Math.ceil(k / this.#k.kBlockLength(k));
      // A few blocks and small parts only: the parts are (blocks − 1) copies of C, kept.
      if (blocks >= 2 && blocks <= MAX_K_BLOCKS && (blocks - 1) * rows * n <= MAX_PART_FLOATS) {
        this.#matMulByK(pool, pa, pb, pc, rows, k, n);
        return;
      }
    }
    // Chunks of the longer side, in whole register tiles (4 rows or 8 columns).
    const byCols = n >= rows;
    const [len, unit] = byCols ? [n, 8] : [rows, 4];
    const chunks = pool ? this.#chunks(pool, len, unit) : 1;
    if (!pool || chunks < 2) {
      this.#k.matMul(pa, pb, pc, ba, bb, m, k, n, tA, tB);
      return;
    }
    let most = 0;
    for (let i = 0; i < chunks; i++)
      most = Math.max(most, chunkCut(len, chunks, unit, i + 1) - chunkCut(len, chunks, unit, i));
    // Every buffer is allocated before any thread starts (allocation may grow the memory).
    for (const p of [this.#mainPacks, ...pool.lanes])
      this.#reserve(p, byCols ? rows : most, k, byCols ? most : n);
    const ints = pack(MATMUL_ARGS, {
      a: pa,
      b: pb,
      c: pc,
      batchA: ba,
      batchB: bb,
      m,
      k,
      n,
      transA: tA,
      transB: tB,
      rows,
      byCols: byCols ? 1 : 0,
      unit,
    });
    pool.run({ op: JOB_MATMUL, chunks, ints }, this.#mainPacks);
  }

  /**
   * C = A · B (A [rows, k], B [k, n], row-major) split by the k blocks the kernel sums one
   * after another: block 0 into C, each later block into a part of its own, then the parts
   * added to C in block order, which is the single-thread kernel's sum bit for bit. Chosen
   * for products whose B (a layer's weights) is at least as large as A: each thread reads
   * only its rows of the weights (the main thread the first, as it claims chunks from the
   * front), the rows its share of the weight gradient (split by rows) and of the Adam update
   * (by ranges) wrote, so the weights never move between cores' caches. On a two-core
   * machine, weights read by one core and updated by the other made the update 3-4x slower.
   */
  #matMulByK(
    pool: ThreadPool,
    pa: number,
    pb: number,
    pc: number,
    rows: number,
    k: number,
    n: number,
  ): void {
    const kc = this.#k.kBlockLength(k);
    const blocks = Math.ceil(k / kc);
    const partFloats = (blocks - 1) * rows * n;
    if (partFloats > this.#partsFloats) {
      this.#heap.free(this.#parts);
      this.#parts = 0;
      this.#partsFloats = 0;
      this.#parts = this.#heap.alloc('float32', partFloats);
      this.#partsFloats = partFloats;
    }
    for (const p of [this.#mainPacks, ...pool.lanes]) this.#reserve(p, rows, kc, n);
    const args = [pa, pb, pc, this.#parts, rows, k, n];
    const ints = [RANGE_KERNELS.indexOf('matMulKBlocks'), blocks, 1, args.length, ...args];
    pool.run({ op: JOB_RANGE, chunks: blocks, ints }, this.#mainPacks);
    this.#k.matMulKSum(pc, this.#parts, rows * n, blocks - 1);
  }

  /** The parts of a product split by k blocks (see #matMulByK), grown on demand. */
  #parts = 0;
  #partsFloats = 0;

  /**
   * Runs the range kernel `kernel` with `args` over [0, len), split across the worker
   * threads in whole `unit`s when `split` (the caller judges it large enough).
   * With `buffers`, every thread's scratch and product buffers are grown first to what one
   * block needs. The kernel must compute each element of its range as it would in one call.
   */
  range(
    kernel: RangeKernel,
    args: readonly number[],
    len: number,
    unit: number,
    split: boolean,
    buffers?: RangeBuffers,
  ): void {
    const pool = split ? this.#poolReady() : null;
    const chunks = pool ? this.#chunks(pool, len, unit) : 1;
    const threads = pool && chunks >= 2 ? [this.#mainPacks, ...pool.lanes] : [this.#mainPacks];
    if (buffers) {
      // Every buffer is allocated before any thread starts (allocation may grow the memory).
      for (const p of threads) {
        this.#reserve(p, buffers.rows, buffers.k, buffers.cols);
        if (buffers.scratchFloats * 4 > p.scratchCap) {
          this.#heap.free(p.scratch);
          p.scratch = 0;
          p.scratchCap = 0;
          p.scratch = this.#heap.alloc('float32', buffers.scratchFloats);
          p.scratchCap = buffers.scratchFloats * 4;
        }
      }
    }
    if (threads.length === 1) {
      const m = this.#mainPacks;
      const fn: (...a: number[]) => void = this.#k[kernel];
      fn(...args, 0, len, m.scratch, m.packA, m.packB, m.tile);
      return;
    }
    const ints = [RANGE_KERNELS.indexOf(kernel), len, unit, args.length, ...args];
    pool!.run({ op: JOB_RANGE, chunks, ints }, this.#mainPacks);
  }

  /** One fused Adam step over `n` elements, split by ranges of whole vectors of 4. */
  adamStep(ptrs: AdamPointers, n: number, consts: AdamConstants): void {
    const pool = n >= PARALLEL_ADAM_ELEMENTS ? this.#poolReady() : null;
    if (!pool) {
      this.#k.adamStep(...ptrs, n, ...consts);
      return;
    }
    const chunks = Math.min(Math.floor(n / 4), 4 * (pool.size + 1));
    pool.run(
      { op: JOB_ADAM, chunks, ints: [...ptrs, n], floats: consts, floatsAt: ADAM.alpha },
      this.#mainPacks,
    );
  }

  /** Chunks of `len` in whole `unit`s for a split kernel (a few per thread). */
  #chunks(pool: ThreadPool, len: number, unit: number): number {
    return Math.min(Math.floor(len / unit), CHUNKS_PER_THREAD * (pool.size + 1));
  }
}

/** What one block of a range kernel with a product needs: scratch, and the product's size. */
export interface RangeBuffers {
  readonly scratchFloats: number;
  /** The product's rows, k and columns (for its pack buffers). */
  readonly rows: number;
  readonly k: number;
  readonly cols: number;
}
