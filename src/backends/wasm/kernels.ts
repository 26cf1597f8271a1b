/**
 * Loads the compiled kernels (asm/, built into generated/kernels-wasm.ts) and gives them
 * types. Knows nothing of tensors: every function takes byte pointers into `memory` and
 * element counts. Op codes come from the module's exported `<kind>_<op>` globals, so an op
 * the module does not implement is simply absent from the code tables.
 */
import { NeuriteError } from '../../errors.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels-wasm.js';
import { sharedMemoryVariant } from './shared-module.js';

type Fn = (...args: number[]) => number;

/** The module's exports. Booleans are passed as 0 or 1. */
export interface Kernels {
  readonly memory: WebAssembly.Memory;
  /** The compiled module (with a shared memory: other threads instantiate it too). */
  readonly module: WebAssembly.Module;
  /** Whether `memory` is shared (then it never detaches and other threads may use it). */
  readonly shared: boolean;
  /** A 16-byte aligned block of at least `bytes` bytes (may grow `memory`). */
  readonly alloc: (bytes: number) => number;
  readonly free: (ptr: number) => void;
  readonly copy: (dst: number, src: number, bytes: number) => void;
  readonly fill32: (ptr: number, bits: number, n: number) => void;
  readonly fill8: (ptr: number, value: number, n: number) => void;
  readonly castF32I32: (x: number, out: number, n: number) => void;
  readonly castI32F32: (x: number, out: number, n: number) => void;
  readonly castF32Bool: (x: number, out: number, n: number) => void;
  readonly castI32Bool: (x: number, out: number, n: number) => void;
  readonly castBoolF32: (x: number, out: number, n: number) => void;
  readonly castBoolI32: (x: number, out: number, n: number) => void;
  readonly clipF32: (x: number, out: number, n: number, lo: number, hi: number) => void;
  readonly unary: (op: number, x: number, out: number, n: number, attr: number) => void;
  readonly binary: (
    op: number,
    a: number,
    aRow: number,
    aVec: number,
    b: number,
    bRow: number,
    bVec: number,
    out: number,
    rows: number,
    cols: number,
  ) => void;
  readonly reduceInner: (op: number, x: number, out: number, outer: number, n: number) => void;
  readonly reduceOuter: (
    op: number,
    x: number,
    out: number,
    outer: number,
    rows: number,
    n: number,
  ) => void;
  readonly softmax: (x: number, out: number, rows: number, n: number, log: number) => void;
  readonly transpose2d: (x: number, out: number, batch: number, rows: number, cols: number) => void;
  /** Rows [r0, r1) and columns [c0, c1) of matMul's products, with the caller's buffers. */
  readonly matMulPart: (
    a: number,
    b: number,
    c: number,
    batchA: number,
    batchB: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
    r0: number,
    r1: number,
    c0: number,
    c1: number,
    packA: number,
    packB: number,
    tile: number,
  ) => void;
  readonly packABytes: (rows: number, k: number) => number;
  readonly packBBytes: (cols: number, k: number) => number;
  /** The length of the k blocks a matMul over `k` sums one after another. */
  readonly kBlockLength: (k: number) => number;
  /**
   * Blocks [lo, hi) of A·B's k blocks (A [m, k], B [k, n], both row-major): block 0 into c,
   * block i > 0 into parts + (i − 1)·m·n floats (a range job's kernel: then its buffers).
   */
  readonly matMulKBlocks: (
    a: number,
    b: number,
    c: number,
    parts: number,
    m: number,
    k: number,
    n: number,
    lo: number,
    hi: number,
    scratch: number,
    packA: number,
    packB: number,
    tile: number,
  ) => void;
  /** c += parts[0], then += parts[1], … (`count` parts of `size` floats), in that order. */
  readonly matMulKSum: (c: number, parts: number, size: number, count: number) => void;
  readonly matMul: (
    a: number,
    b: number,
    c: number,
    batchA: number,
    batchB: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
  ) => void;
  readonly adamStep: (
    x: number,
    g: number,
    m: number,
    v: number,
    xOut: number,
    mOut: number,
    vOut: number,
    n: number,
    alpha: number,
    c1: number,
    c2: number,
    eps: number,
  ) => void;
  /** In place over z [rows, cols]: z = act(z + bias); bias 0 for none. */
  readonly biasActivation: (
    z: number,
    bias: number,
    rows: number,
    cols: number,
    act: number,
  ) => void;
  /** dz = act'(y)·dy over [rows, cols]; db (non-zero, rows and cols > 1) = Σ rows of dz. */
  readonly activationBackward: (
    dy: number,
    y: number,
    dz: number,
    db: number,
    rows: number,
    cols: number,
    act: number,
  ) => void;
  /** Per-row cross-entropy of probabilities; t = 0: int32 labels at `labels`. */
  readonly crossEntropyProbs: (
    p: number,
    t: number,
    labels: number,
    out: number,
    rows: number,
    n: number,
    lo: number,
    hi: number,
  ) => void;
  readonly crossEntropyProbsGrad: (
    p: number,
    t: number,
    labels: number,
    g: number,
    dp: number,
    rows: number,
    n: number,
    lo: number,
    hi: number,
  ) => void;
  // The window kernels (geometry: WINDOW_GEOMETRY int32): each takes its range, then a
  // scratch block and matMulPart's buffers (pack A, pack B, tile) for its products.
  /** Output positions [r0, r1) of conv2d (filter [K, outC]), blockRows rows at a time. */
  readonly conv2dForward: (
    x: number,
    f: number,
    out: number,
    geometry: number,
    outC: number,
    blockRows: number,
    r0: number,
    r1: number,
    scratch: number,
    packA: number,
    packB: number,
    tile: number,
  ) => void;
  /** Chunks [q0, q1) (chunkRows positions each) of conv2d's filter gradient. */
  readonly conv2dFilter: (
    x: number,
    dy: number,
    df: number,
    partials: number,
    geometry: number,
    outC: number,
    blockRows: number,
    chunkRows: number,
    q0: number,
    q1: number,
    scratch: number,
    packA: number,
    packB: number,
    tile: number,
  ) => void;
  /** Images [b0, b1) of conv2d's input gradient. */
  readonly conv2dInput: (
    dy: number,
    f: number,
    dx: number,
    geometry: number,
    outC: number,
    blockRows: number,
    b0: number,
    b1: number,
    scratch: number,
    packA: number,
    packB: number,
    tile: number,
  ) => void;
  /** Output positions [r0, r1) of a float32 max pool. */
  readonly maxPool: (x: number, out: number, geometry: number, r0: number, r1: number) => void;
  /** Images [b0, b1) of the max pool's input gradient (zeroed, then summed into). */
  readonly maxPoolGrad: (
    x: number,
    dy: number,
    dx: number,
    geometry: number,
    b0: number,
    b1: number,
  ) => void;
  /** Op name → code, for the ops the module implements. */
  readonly unaryCodes: ReadonlyMap<string, number>;
  readonly binaryCodes: ReadonlyMap<string, number>;
  readonly reduceCodes: ReadonlyMap<string, number>;
  /** Fused activation name → code. */
  readonly actCodes: ReadonlyMap<string, number>;
}

// The smallest module using a v128 instruction (the probe of the wasm-feature-detect package).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

/** True when this runtime runs WebAssembly with 128-bit SIMD. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function fn(ex: WebAssembly.Exports, name: string): Fn {
  const f = ex[name];
  if (typeof f !== 'function') throw new Error(`internal: wasm kernels lack the export '${name}'`);
  return f as Fn;
}

function codes(ex: WebAssembly.Exports, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, v] of Object.entries(ex)) {
    if (name.startsWith(prefix) && v instanceof WebAssembly.Global) {
      out.set(name.slice(prefix.length), Number(v.value));
    }
  }
  return out;
}

/**
 * Compiles and instantiates the kernels. Throws a NeuriteError when WebAssembly or its SIMD
 * extension is unavailable, so that `ready()` falls back to the js backend.
 */
/** Most pages of a shared memory: 4 GiB, the most a 32-bit wasm memory may address. */
const SHARED_MAX_PAGES = 65536;

/** True when this runtime has shared WebAssembly memories (threads), usable here. */
export function sharedMemorySupported(): boolean {
  try {
    if (typeof SharedArrayBuffer === 'undefined') return false;
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    if (isolated === false) return false;
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

export interface LoadKernelsArgs {
  /** A shared memory, for worker threads (throws where shared memory is unavailable). */
  shared?: boolean;
  /**
   * With `shared`: the most 64 KiB pages the memory may grow to (default and at most 65536,
   * 4 GiB). A smaller cap bounds the backend's memory; allocations past it fail with an
   * AllocationError, as they do where the runtime cannot grow the memory.
   */
  maxPages?: number;
}

/**
 * Compiles and instantiates the kernels. With `shared`, the module's memory is a shared
 * memory (for worker threads); this throws where shared memory is unavailable. Throws a
 * NeuriteError when WebAssembly or its SIMD extension is unavailable, so that `ready()`
 * falls back to the js backend.
 */
export async function loadKernels({
  shared = false,
  maxPages = SHARED_MAX_PAGES,
}: LoadKernelsArgs = {}): Promise<Kernels> {
  if (!simdSupported()) {
    throw new NeuriteError(
      "wasm backend: this runtime lacks WebAssembly SIMD (128-bit); use the 'js' backend (Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4 have it)",
    );
  }
  const env: WebAssembly.ModuleImports = {
    abort(_msg: number, _file: number, line: number, col: number): never {
      throw new NeuriteError(`internal: wasm kernel aborted at ${line}:${col}`);
    },
  };
  let bytes = decodeBase64(KERNELS_WASM_BASE64);
  if (shared) {
    if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > SHARED_MAX_PAGES) {
      throw new NeuriteError(
        `wasm backend: maxPages must be an integer in [1, ${SHARED_MAX_PAGES}], received ${maxPages}`,
      );
    }
    const variant = sharedMemoryVariant(bytes, maxPages);
    bytes = variant.bytes;
    env.memory = new WebAssembly.Memory({
      initial: variant.initialPages,
      maximum: maxPages,
      shared: true,
    });
  }
  const module = await WebAssembly.compile(bytes);
  const ex = (await WebAssembly.instantiate(module, { env })).exports;
  const memory = ex.memory;
  if (!(memory instanceof WebAssembly.Memory))
    throw new Error("internal: wasm kernels lack the export 'memory'");
  return {
    memory,
    module,
    shared,
    alloc: fn(ex, 'alloc'),
    free: fn(ex, 'free'),
    copy: fn(ex, 'copy'),
    fill32: fn(ex, 'fill32'),
    fill8: fn(ex, 'fill8'),
    castF32I32: fn(ex, 'castF32I32'),
    castI32F32: fn(ex, 'castI32F32'),
    castF32Bool: fn(ex, 'castF32Bool'),
    castI32Bool: fn(ex, 'castI32Bool'),
    castBoolF32: fn(ex, 'castBoolF32'),
    castBoolI32: fn(ex, 'castBoolI32'),
    clipF32: fn(ex, 'clipF32'),
    unary: fn(ex, 'unary'),
    binary: fn(ex, 'binary'),
    reduceInner: fn(ex, 'reduceInner'),
    reduceOuter: fn(ex, 'reduceOuter'),
    softmax: fn(ex, 'softmax'),
    transpose2d: fn(ex, 'transpose2d'),
    matMul: fn(ex, 'matMul'),
    matMulPart: fn(ex, 'matMulPart'),
    packABytes: fn(ex, 'packABytes'),
    packBBytes: fn(ex, 'packBBytes'),
    kBlockLength: fn(ex, 'kBlockLength'),
    matMulKBlocks: fn(ex, 'matMulKBlocks'),
    matMulKSum: fn(ex, 'matMulKSum'),
    adamStep: fn(ex, 'adamStep'),
    biasActivation: fn(ex, 'biasActivation'),
    activationBackward: fn(ex, 'activationBackward'),
    crossEntropyProbs: fn(ex, 'crossEntropyProbs'),
    crossEntropyProbsGrad: fn(ex, 'crossEntropyProbsGrad'),
    conv2dForward: fn(ex, 'conv2dForward'),
    conv2dFilter: fn(ex, 'conv2dFilter'),
    conv2dInput: fn(ex, 'conv2dInput'),
    maxPool: fn(ex, 'maxPool'),
    maxPoolGrad: fn(ex, 'maxPoolGrad'),
    unaryCodes: codes(ex, 'unary_'),
    binaryCodes: codes(ex, 'binary_'),
    reduceCodes: codes(ex, 'reduce_'),
    actCodes: codes(ex, 'act_'),
  };
}
