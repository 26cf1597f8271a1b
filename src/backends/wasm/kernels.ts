/**
 * Loads the compiled kernels (asm/, built into generated/kernels-wasm.ts) and gives them
 * types. Knows nothing of tensors: every function takes byte pointers into `memory` and
 * element counts. Op codes come from the module's exported `<kind>_<op>` globals, so an op
 * the module does not implement is simply absent from the code tables.
 */
import { NeuriteError } from '../../errors.js';
import { KERNELS_WASM_BASE64 } from './generated/kernels-wasm.js';

type Fn = (...args: number[]) => number;

/** The module's exports. Booleans are passed as 0 or 1. */
export interface Kernels {
  readonly memory: WebAssembly.Memory;
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
  /** Op name → code, for the ops the module implements. */
  readonly unaryCodes: ReadonlyMap<string, number>;
  readonly binaryCodes: ReadonlyMap<string, number>;
  readonly reduceCodes: ReadonlyMap<string, number>;
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
export async function loadKernels(): Promise<Kernels> {
  if (!simdSupported()) {
    throw new NeuriteError(
      "wasm backend: this runtime lacks WebAssembly SIMD (128-bit); use the 'js' backend (Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4 have it)",
    );
  }
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, col: number): never {
        throw new NeuriteError(`internal: wasm kernel aborted at ${line}:${col}`);
      },
    },
  };
  const module = await WebAssembly.compile(decodeBase64(KERNELS_WASM_BASE64));
  const ex = (await WebAssembly.instantiate(module, imports)).exports;
  const memory = ex.memory;
  if (!(memory instanceof WebAssembly.Memory))
    throw new Error("internal: wasm kernels lack the export 'memory'");
  return {
    memory,
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
    adamStep: fn(ex, 'adamStep'),
    unaryCodes: codes(ex, 'unary_'),
    binaryCodes: codes(ex, 'binary_'),
    reduceCodes: codes(ex, 'reduce_'),
  };
}
