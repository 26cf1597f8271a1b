/**
 * How large a buffer a backend can hold, and the one check every allocation goes through.
 *
 * Sizes are computed in JS numbers (exact up to 2^53), never in 32-bit arithmetic, and
 * checked before anything is reserved: a byte count that wraps at 2^32 on its way into
 * WebAssembly reserves a few bytes for a kernel that then writes gigabytes (over other
 * tensors), and a typed array or JS array too large for the runtime throws a bare
 * RangeError or aborts the process. This module must not import the engine or ops.
 */
import { AllocationError, fmtShape } from '../errors.js';
import { type DType, bytesPerElement } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

export { AllocationError };

/** The most one buffer of a backend may hold. */
export interface BufferLimits {
  /** Elements of one buffer (any dtype). */
  readonly maxElements: number;
  /** Bytes of one buffer. */
  readonly maxBytes: number;
  /** Why the limit is what it is, for error messages. */
  readonly reason: string;
}

/** 2^31 − 1: element indices stay int32 (argMax and gather indices, kernels' loops). */
export const MAX_INT32_ELEMENTS = 2 ** 31 - 1;

/** The limits a backend that declares none is held to (those of the js backend). */
export const DEFAULT_LIMITS: BufferLimits = {
  maxElements: MAX_INT32_ELEMENTS,
  maxBytes: 4 * 2 ** 30,
  reason: "the most one typed array holds in every runtime Neurite supports (Node 20's limit)",
};

/** Bytes of `size` elements of `dtype`, exactly (a double; no 32-bit wrap). */
export function bufferBytes(size: number, dtype: DType): number {
  return size * bytesPerElement(dtype);
}

/** `1536` → `1.5 KiB`; small counts in bytes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes / 1024;
  let u = 0;
  // Up a unit while the rounded figure would read 1024.0 or more.
  while (v >= 1023.95 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/**
 * What stops one buffer of `size` elements of `dtype` from fitting `limits` (phrased to
 * follow a description of the buffer), or null when it fits.
 */
export function limitProblem(
  backendName: string,
  limits: BufferLimits,
  size: number,
  dtype: DType,
): string | null {
  // (An infinite product of dimensions is a count too large, handled below.)
  if (!(size >= 0) || (Number.isFinite(size) && !Number.isInteger(size))) {
    return `has ${size} elements, which is not a count of elements`;
  }
  const bytes = bufferBytes(size, dtype);
  if (bytes > limits.maxBytes) {
    return `needs ${formatBytes(bytes)} (${bytes} bytes); the ${backendName} backend holds at most ${formatBytes(limits.maxBytes)} (${limits.maxBytes} bytes) in one tensor: ${limits.reason}`;
  }
  if (size > limits.maxElements) {
    return `has ${size} elements; the ${backendName} backend holds at most ${limits.maxElements} in one tensor (element indices are int32)`;
  }
  return null;
}

/**
 * Throws an {@link AllocationError} naming `op` when a buffer of `shape` and `dtype` does
 * not fit the backend. `what` says which buffer (`output`, `values`).
 */
export function assertFits(
  op: string,
  what: string,
  shape: Shape,
  dtype: DType,
  backend: { readonly name: string; readonly limits?: BufferLimits },
): void {
  let size = 1;
  for (const d of shape) size *= d;
  const problem = limitProblem(backend.name, backend.limits ?? DEFAULT_LIMITS, size, dtype);
  if (problem !== null) {
    throw new AllocationError(`${op}: ${what} of shape ${fmtShape(shape)} (${dtype}) ${problem}`);
  }
}

/**
 * The backends' own check, for allocations that reach them without an op's (the op
 * runner adds the op name to this error).
 */
export function assertBufferFits(
  backendName: string,
  limits: BufferLimits,
  size: number,
  dtype: DType,
): void {
  const problem = limitProblem(backendName, limits, size, dtype);
  if (problem !== null) {
    throw new AllocationError(
      `${backendName} backend: a buffer of ${size} ${dtype} elements ${problem}`,
    );
  }
}
