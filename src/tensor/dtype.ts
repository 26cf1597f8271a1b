/** Dtypes, their storage arrays and the upcasting rules of binary ops. */
import { DTypeError } from '../errors.js';

/**
 * A tensor's element type: 32-bit float, 32-bit integer, or boolean (stored as one byte).
 */
export type DType = 'float32' | 'int32' | 'bool';

/** The typed array that holds each dtype: bool is one byte per element. */
export type DataArray = Float32Array | Int32Array | Uint8Array;

export interface DataArrayOf {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
}

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

export function isDType(x: unknown): x is DType {
  return x === 'float32' || x === 'int32' || x === 'bool';
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

export function allocArray(dtype: DType, size: number): DataArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
    default:
      return assertNever(dtype);
  }
}

/** The dtype a typed array stores. */
export function dtypeOfArray(a: DataArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/** The common dtype of two operands: bool < int32 < float32. */
export function upcast(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

export function assertDType(op: string, arg: string, got: DType, allowed: readonly DType[]): void {
  if (!allowed.includes(got)) {
    throw new DTypeError(`${op}: '${arg}' must be ${allowed.join(' or ')}, received ${got}`);
  }
}

export function assertNever(x: never): never {
  throw new Error(`internal: unexpected value ${String(x)}`);
}
