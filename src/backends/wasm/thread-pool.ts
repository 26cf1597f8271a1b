/**
 * Worker threads for the wasm backend. Each worker instantiates the kernels' module on the
 * same shared memory; a large kernel (matMul, Adam, convolution, pooling) is cut into
 * chunks (row or column blocks, element, position or image ranges) that the main thread
 * and the workers claim one at a time from a shared counter, so a worker that is asleep
 * or descheduled by the OS simply claims fewer chunks (the main thread does the rest) and
 * a late thread holds up at most the one chunk it is running.
 *
 * Jobs go through a control block in the shared memory, with Atomics: the main thread
 * writes the job, opens it by storing the claim word (the job's sequence number, the next
 * chunk from the front and one past the last unclaimed chunk from the back), rings a
 * doorbell, claims chunks itself from the front, and waits until the done count reaches
 * the number of chunks. Workers claim from the back, by compare-exchange on that word, and
 * read the job only after a successful claim, so a worker never runs a chunk of a job that
 * is closed. Claiming from both ends keeps each thread on the same part of every kernel
 * from one step to the next (the main thread the first rows, columns or elements, the
 * worker the last), so a weight gradient, the Adam update of those weights and their
 * moments stay in the cache of the core that wrote them: on a two-core machine, updates
 * that moved between cores ran at a third of the speed. Workers poll for a moment after each job
 * (kernels of a training step come every few hundred microseconds), then sleep in
 * Atomics.wait. Workers never allocate: the main thread gives each its buffers. The worker's
 * program is one function's source, started by Node's worker_threads or by a browser's Web
 * Worker (from a Blob URL, on a cross-origin isolated page); the main thread never blocks
 * in Atomics.wait, so a browser's main thread may run jobs too.
 */

import { ADAM, MATMUL, RANGE, RANGE_ARGS, RANGE_KERNELS, type RangeKernel } from './job-layout.js';

/** Adam's float arguments' slots, in the kernels' order. */
const ADAM_FLOATS = [ADAM.alpha, ADAM.c1, ADAM.c2, ADAM.eps];
/** Slots before a range job's kernel arguments. */
const RANGE_ARGS_LENGTH = RANGE_ARGS.length;

/** Int32 slots of the job block (shared by every thread). */
const DOORBELL = 0;
const OP = 1;
const CHUNKS = 2;
const NEXT = 3;
const DONE = 4;
const FAILED = 5;
const ARGS = 6;
export const JOB_INTS = 32;
/**
 * The claim word (slot NEXT): the job's sequence number (1..SEQ_MAX) in bits 20-30, the next
 * chunk from the front in bits 10-19, and one past the last unclaimed chunk in bits 0-9; a
 * chunk is left while front < back. Between jobs it is CLOSED (nothing left, no job).
 */
const CLOSED = 0;
const FRONT_ONE = 1 << 10;
const SEQ_SHIFT = 20;
const SEQ_MAX = 0x7ff;
/** The most chunks a job may have (the claim word's 10-bit fields). */
export const MAX_CHUNKS = 1023;

/** Int32 slots of each worker's own block. */
const READY = 0;
const SLEEPING = 1;
const PACK_A = 2;
const PACK_B = 3;
const TILE = 4;
const SCRATCH = 5;
export const WORKER_INTS = 8;

/** Job kinds. */
export const JOB_MATMUL = 1;
export const JOB_ADAM = 2;
export const JOB_RANGE = 3;

/**
 * How long (ms) a worker polls for the next job before it sleeps: long enough to catch the
 * next kernel of a training step, short enough to leave the core to V8's compiler and
 * garbage collector threads between steps.
 */
const SPIN_MS = 0.05;

// The workers run the job from source (below); the main thread runs the same steps from
// the TypeScript twins that follow. The threads test checks that both give the
// single-threaded results.

/** Chunk i of `count` covers [cut(i), cut(i + 1)) of `len`, in whole units. */
export function chunkCut(len: number, count: number, unit: number, i: number): number {
  return i >= count ? len : Math.round((len * i) / count / unit) * unit;
}
const CUT_SOURCE = `(len, count, unit, i) =>
  i >= count ? len : Math.round((len * i) / count / unit) * unit`;

/** The buffers of a thread's chunks (matMul, convolution), from its own block `w`. */
type Buffers = Int32Array;

/**
 * Runs chunk `i` of the job in `c` (Int32Array of the job block, `f` Float32Array over
 * it) with this thread's buffers `w`; `ex` the module's exports.
 *
 * The job's arguments are laid out as job-layout.ts names them (MATMUL, RANGE, ADAM).
 */
const CHUNK_SOURCE = `(ex, c, f, w, i) => {
  const cut = ${CUT_SOURCE};
  const a = ${ARGS};
  const count = c[${CHUNKS}];
  const op = c[${OP}];
  if (op === ${JOB_MATMUL}) {
    const rows = c[a + ${MATMUL.rows}], n = c[a + ${MATMUL.n}];
    const byCols = c[a + ${MATMUL.byCols}] === 1, unit = c[a + ${MATMUL.unit}];
    const len = byCols ? n : rows;
    const lo = cut(len, count, unit, i), hi = cut(len, count, unit, i + 1);
    ex.matMulPart(c[a + ${MATMUL.a}], c[a + ${MATMUL.b}], c[a + ${MATMUL.c}],
      c[a + ${MATMUL.batchA}], c[a + ${MATMUL.batchB}], c[a + ${MATMUL.m}], c[a + ${MATMUL.k}], n,
      c[a + ${MATMUL.transA}], c[a + ${MATMUL.transB}],
      byCols ? 0 : lo, byCols ? rows : hi, byCols ? lo : 0, byCols ? hi : n,
      w[${PACK_A}], w[${PACK_B}], w[${TILE}]);
  } else if (op === ${JOB_RANGE}) {
    const len = c[a + ${RANGE.len}], unit = c[a + ${RANGE.unit}], argc = c[a + ${RANGE.argc}];
    const args = Array.from({ length: argc }, (_, j) => c[a + ${RANGE_ARGS_LENGTH} + j]);
    const fn = ex[${JSON.stringify(RANGE_KERNELS)}[c[a + ${RANGE.kernel}]]];
    fn(...args, cut(len, count, unit, i), cut(len, count, unit, i + 1),
      w[${SCRATCH}], w[${PACK_A}], w[${PACK_B}], w[${TILE}]);
  } else {
    const n = c[a + ${ADAM.n}];
    const lo = cut(n, count, 4, i), hi = cut(n, count, 4, i + 1), o = 4 * lo;
    ex.adamStep(c[a + ${ADAM.x}] + o, c[a + ${ADAM.g}] + o, c[a + ${ADAM.m}] + o,
      c[a + ${ADAM.v}] + o, c[a + ${ADAM.xOut}] + o, c[a + ${ADAM.mOut}] + o,
      c[a + ${ADAM.vOut}] + o, hi - lo,
      f[a + ${ADAM.alpha}], f[a + ${ADAM.c1}], f[a + ${ADAM.c2}], f[a + ${ADAM.eps}]);
  }
}`;

type KernelFn = (...args: number[]) => void;

type ChunkKernels = { matMulPart: KernelFn; adamStep: KernelFn } & Record<RangeKernel, KernelFn>;

function runChunk(ex: ChunkKernels, c: Int32Array, f: Float32Array, w: Buffers, i: number): void {
  const a = ARGS;
  const count = c[CHUNKS]!;
  const at = (k: number): number => c[a + k]!;
  const op = c[OP];
  if (op === JOB_MATMUL) {
    const [rows, n, byCols, unit] = [
      at(MATMUL.rows),
      at(MATMUL.n),
      at(MATMUL.byCols) === 1,
      at(MATMUL.unit),
    ];
    const len = byCols ? n : rows;
    const lo = chunkCut(len, count, unit, i);
    const hi = chunkCut(len, count, unit, i + 1);
    ex.matMulPart(
      at(MATMUL.a),
      at(MATMUL.b),
      at(MATMUL.c),
      at(MATMUL.batchA),
      at(MATMUL.batchB),
      at(MATMUL.m),
      at(MATMUL.k),
      n,
      at(MATMUL.transA),
      at(MATMUL.transB),
      byCols ? 0 : lo,
      byCols ? rows : hi,
      byCols ? lo : 0,
      byCols ? hi : n,
      w[PACK_A]!,
      w[PACK_B]!,
      w[TILE]!,
    );
  } else if (op === JOB_RANGE) {
    const [len, unit, argc] = [at(RANGE.len), at(RANGE.unit), at(RANGE.argc)];
    const args = Array.from({ length: argc }, (_, j) => at(RANGE_ARGS_LENGTH + j));
    const fn = ex[RANGE_KERNELS[at(RANGE.kernel)]!];
    const [lo, hi] = [chunkCut(len, count, unit, i), chunkCut(len, count, unit, i + 1)];
    fn(...args, lo, hi, w[SCRATCH]!, w[PACK_A]!, w[PACK_B]!, w[TILE]!);
  } else {
    const n = at(ADAM.n);
    const lo = chunkCut(n, count, 4, i);
    const hi = chunkCut(n, count, 4, i + 1);
    const ptrs = [ADAM.x, ADAM.g, ADAM.m, ADAM.v, ADAM.xOut, ADAM.mOut, ADAM.vOut].map(
      (k) => at(k) + 4 * lo,
    );
    const fl = (k: number): number => f[a + k]!;
    ex.adamStep(...ptrs, hi - lo, ...ADAM_FLOATS.map(fl));
  }
}

/**
 * Claims and runs chunks of the open job until none is left, from the back (workers). A
 * claim is a compare-exchange of the claim word, so it fails once the job is closed or
 * replaced (the main thread closes the last job before it writes the next); the job and the
 * buffers are read only after it succeeds.
 */
const DRAIN_SOURCE = `(ex, c, f, w, chunk) => {
  for (;;) {
    const v = Atomics.load(c, ${NEXT});
    const back = v & 0x3ff;
    if (((v >> 10) & 0x3ff) >= back) return;
    if (Atomics.compareExchange(c, ${NEXT}, v, v - 1) !== v) continue;
    try {
      chunk(ex, c, f, w, back - 1);
    } catch (e) {
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.add(c, ${DONE}, 1);
  }
}`;

/** The main thread's drain: as DRAIN_SOURCE, claiming from the front. */
function drain(ex: ChunkKernels, c: Int32Array, f: Float32Array, w: Buffers): void {
  for (;;) {
    const v = Atomics.load(c, NEXT);
    const front = (v >> 10) & 0x3ff;
    if (front >= (v & 0x3ff)) return;
    if (Atomics.compareExchange(c, NEXT, v, v + FRONT_ONE) !== v) continue;
    try {
      runChunk(ex, c, f, w, front);
    } catch {
      Atomics.store(c, FAILED, 1);
    }
    Atomics.add(c, DONE, 1);
  }
}

// The worker's program: one function of its start data, with no imports of our own code.
const WORKER_MAIN = `({ module, memory, job, own, spinMs }) => {
const c = new Int32Array(memory.buffer, job, ${JOB_INTS});
const f = new Float32Array(memory.buffer, job, ${JOB_INTS});
const w = new Int32Array(memory.buffer, own, ${WORKER_INTS});
const chunk = ${CHUNK_SOURCE};
const drain = ${DRAIN_SOURCE};
let ex;
try {
  ex = new WebAssembly.Instance(module, {
    env: { memory, abort() { throw new Error('wasm kernel aborted'); } },
  }).exports;
  Atomics.store(w, ${READY}, 1);
} catch (e) {
  Atomics.store(w, ${READY}, -1);
  throw e;
}
let last = Atomics.load(c, ${DOORBELL});
for (;;) {
  let s = Atomics.load(c, ${DOORBELL});
  let i = 0;
  let since = performance.now();
  while (s === last) {
    if ((++i & 255) === 0 && performance.now() - since > spinMs) {
      Atomics.store(w, ${SLEEPING}, 1);
      Atomics.wait(c, ${DOORBELL}, last);
      Atomics.store(w, ${SLEEPING}, 0);
      since = performance.now();
    }
    s = Atomics.load(c, ${DOORBELL});
  }
  last = s;
  drain(ex, c, f, w, chunk);
}
}`;

/** What the pool keeps of a started worker. */
export interface WorkerLike {
  terminate(): unknown;
}

/** What a worker starts with: the kernels' module, the shared memory and its blocks. */
export interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  job: number;
  own: number;
  spinMs: number;
}

/** Starts a worker that runs `main` (a function expression's source) on `data`. */
export type SpawnWorker = (main: string, data: WorkerStart) => WorkerLike;

/** worker_threads' Worker as the pool needs it. */
interface NodeWorker extends WorkerLike {
  unref(): void;
  on(event: 'error', listener: (e: unknown) => void): void;
}
type NodeWorkerCtor = new (
  source: string,
  options: { eval: true; workerData: WorkerStart },
) => NodeWorker;

/** Spawns with Node's worker_threads where this runtime has them, else null. */
export async function nodeWorkerSpawner(): Promise<SpawnWorker | null> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) return null;
  try {
    // A computed name keeps bundlers for the browser from resolving it.
    const name = 'node:worker_threads';
    const { Worker } = (await import(/* @vite-ignore */ name)) as { Worker?: NodeWorkerCtor };
    if (!Worker) return null;
    return (main, data) => {
      const source = `(${main})(require('node:worker_threads').workerData);`;
      const worker = new Worker(source, { eval: true, workerData: data });
      // Never keep the process alive, and never crash it: a failed worker is not used.
      worker.unref();
      worker.on('error', () => undefined);
      return worker;
    };
  } catch {
    return null;
  }
}

/** The parts of a browser's Worker, Blob and URL the spawner uses. */
interface WebWorker {
  postMessage(data: unknown): void;
  terminate(): void;
  onerror: ((e: unknown) => void) | null;
}
interface WebGlobals {
  Worker?: new (url: string) => WebWorker;
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

/** Spawns Web Workers from a Blob URL where this runtime has them (browsers), else null. */
export function webWorkerSpawner(): SpawnWorker | null {
  const { Worker, Blob, URL } = globalThis as WebGlobals;
  if (!Worker || !Blob || typeof URL?.createObjectURL !== 'function') return null;
  return (main, data) => {
    const source = `self.onmessage = (e) => { self.onmessage = null; (${main})(e.data); };`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    // A worker that fails never reports ready, and the pool is then never used.
    worker.onerror = () => undefined;
    worker.postMessage(data);
    return {
      terminate: () => {
        worker.terminate();
        URL.revokeObjectURL(url);
      },
    };
  };
}

/**
 * A thread's buffers, grown on demand by the caller: matMul's pack buffers and edge tile,
 * and the scratch of the convolution kernels (bytes held in each `…Cap`).
 */
export interface PackBuffers {
  packA: number;
  packACap: number;
  packB: number;
  packBCap: number;
  tile: number;
  scratch: number;
  scratchCap: number;
}

/** One worker, its block and its buffers. */
class Lane implements PackBuffers {
  readonly own: Int32Array;
  packA = 0;
  packACap = 0;
  packB = 0;
  packBCap = 0;
  tile = 0;
  scratch = 0;
  scratchCap = 0;
  constructor(
    readonly worker: WorkerLike,
    memory: WebAssembly.Memory,
    ptr: number,
  ) {
    this.own = new Int32Array(memory.buffer, ptr, WORKER_INTS);
  }
}

/** The arguments of a job (int32 slots, then float32 slots from `floatsAt`). */
export interface Job {
  op: number;
  chunks: number;
  ints: readonly number[];
  floats?: readonly number[];
  floatsAt?: number;
}

/**
 * `workers` threads over the shared `memory`, started at once and used once each has
 * instantiated the module (`ready`, checked without waiting). `jobBlock` (JOB_INTS int32)
 * and `workerBlocks` (WORKER_INTS each) are zeroed memory the pool owns from now on.
 */
export class ThreadPool {
  readonly #lanes: Lane[] = [];
  readonly #c: Int32Array;
  readonly #f: Float32Array;
  readonly #ex: ChunkKernels;
  /** This thread's buffers, as a worker's block holds them. */
  readonly #mainBuffers = new Int32Array(WORKER_INTS);
  #seq = 0;
  #ready = false;

  constructor(
    spawn: SpawnWorker,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    exports: ChunkKernels,
    jobBlock: number,
    workerBlocks: readonly number[],
  ) {
    this.#c = new Int32Array(memory.buffer, jobBlock, JOB_INTS);
    this.#f = new Float32Array(memory.buffer, jobBlock, JOB_INTS);
    this.#ex = exports;
    try {
      for (const own of workerBlocks) {
        const worker = spawn(WORKER_MAIN, { module, memory, job: jobBlock, own, spinMs: SPIN_MS });
        this.#lanes.push(new Lane(worker, memory, own));
      }
    } catch (e) {
      // A runtime that refuses workers (a permission model, a browser policy): none stays.
      this.terminate();
      throw e;
    }
  }

  /** Number of workers (the main thread is one more). */
  get size(): number {
    return this.#lanes.length;
  }

  /** True once every worker has instantiated the module. */
  get ready(): boolean {
    if (!this.#ready) this.#ready = this.#lanes.every((l) => Atomics.load(l.own, READY) === 1);
    return this.#ready;
  }

  /** The workers' buffers, for the caller to grow before a job (see `run`). */
  get lanes(): readonly PackBuffers[] {
    return this.#lanes;
  }

  /**
   * Runs a job's chunks on this thread and the workers, with this thread's buffers `main`
   * (each worker's are its lane's, which the caller has grown to fit any chunk). Returns
   * once every chunk is done. Throws if one failed.
   */
  run(job: Job, main: PackBuffers): void {
    const c = this.#c;
    const { op, chunks, ints, floats, floatsAt } = job;
    if (chunks <= 0) return;
    if (chunks > MAX_CHUNKS)
      throw new Error(`internal: a job of ${chunks} chunks (at most ${MAX_CHUNKS})`);
    // Close the last job for good (no claim on its counter can succeed now), then write.
    Atomics.store(c, NEXT, CLOSED);
    c[OP] = op;
    c[CHUNKS] = chunks;
    c.set(ints, ARGS);
    if (floats && floatsAt !== undefined) this.#f.set(floats, ARGS + floatsAt);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    for (const lane of this.#lanes) {
      lane.own[PACK_A] = lane.packA;
      lane.own[PACK_B] = lane.packB;
      lane.own[TILE] = lane.tile;
      lane.own[SCRATCH] = lane.scratch;
    }
    // Open the job: all of chunks [0, chunks) of job `seq` are left.
    this.#seq = (this.#seq % SEQ_MAX) + 1;
    Atomics.store(c, NEXT, (this.#seq << SEQ_SHIFT) | chunks);
    Atomics.add(c, DOORBELL, 1);
    if (this.#lanes.some((lane) => Atomics.load(lane.own, SLEEPING) === 1))
      Atomics.notify(c, DOORBELL);
    const mb = this.#mainBuffers;
    [mb[PACK_A], mb[PACK_B], mb[TILE], mb[SCRATCH]] = [
      main.packA,
      main.packB,
      main.tile,
      main.scratch,
    ];
    drain(this.#ex, c, this.#f, mb);
    while (Atomics.load(c, DONE) < chunks) {
      // Spin: the chunks still running on workers are short and need no event loop.
    }
    if (Atomics.load(c, FAILED) !== 0) throw new Error('internal: a wasm kernel chunk failed');
  }

  /** Stops the workers. */
  terminate(): void {
    for (const lane of this.#lanes) lane.worker.terminate();
    this.#lanes.length = 0;
  }
}
