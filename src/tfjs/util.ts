/**
 * `tf.util` and `tf.test_util`: TF.js's plain-JavaScript helpers (shapes, arrays,
 * shuffling, assertions, string encoding) and its test assertions, with TF.js's
 * signatures and messages. They touch no tensor machinery; `shuffle` uses `Math.random`
 * as TF.js does (not Neurite's seeded generator).
 */
import { NeuriteError } from '../errors.js';
import type { DataArray, DType } from '../tensor/dtype.js';

/** A number array nested to any depth. */
export type RecursiveArray<T> = T | RecursiveArray<T>[];
/** The typed arrays TF.js calls `TypedArray`. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;
/** An array or typed array whose entries can be reordered in place. */
export interface MutableArrayLike {
  readonly length: number;
  [index: number]: unknown;
}

/**
 * Throws an Error with `msg()` when `expr` is false.
 * @example
 * tf.util.assert(1 + 1 === 2, () => 'arithmetic is broken');
 */
export function assert(expr: boolean, msg: () => string): asserts expr {
  if (!expr) throw new Error(typeof msg === 'string' ? msg : msg());
}

/**
 * Whether two shapes are equal.
 * @example
 * tf.util.arraysEqual([1, 2], new Float32Array([1, 2])); // true
 */
export function arraysEqual(n1: ArrayLike<number>, n2: ArrayLike<number>): boolean {
  if (n1 === n2) return true;
  if (n1 == null || n2 == null || n1.length !== n2.length) return false;
  for (let i = 0; i < n1.length; i++) if (n1[i] !== n2[i]) return false;
  return true;
}

/**
 * Throws unless the shapes are equal.
 * @example
 * tf.util.assertShapesMatch([2, 3], [2, 3], 'shapes: '); // passes
 */
export function assertShapesMatch(
  shapeA: number[],
  shapeB: number[],
  errorMessagePrefix = '',
): void {
  assert(
    arraysEqual(shapeA, shapeB),
    () => errorMessagePrefix + ` Shapes ${shapeA} and ${shapeB} must match`,
  );
}

/**
 * Throws unless `a` is neither null nor undefined.
 * @example
 * tf.util.assertNonNull(tf.scalar(1)); // passes; null or undefined throws
 */
export function assertNonNull(a: unknown): void {
  assert(a != null, () => `The input to the tensor constructor must be a non-null value.`);
}

/**
 * The number of elements of a shape.
 * @example
 * tf.util.sizeFromShape([2, 3, 4]); // 24
 */
export function sizeFromShape(shape: readonly number[]): number {
  if (shape.length === 0) return 1;
  let size = shape[0]!;
  for (let i = 1; i < shape.length; i++) size *= shape[i]!;
  return size;
}

/**
 * Whether a shape is a scalar's (`[]`).
 * @example
 * tf.util.isScalarShape([]); // true
 */
export function isScalarShape(shape: readonly number[]): boolean {
  return shape.length === 0;
}

/**
 * Shuffles an array in place (Fisher–Yates, `Math.random`).
 * @example
 * const order = [1, 2, 3, 4];
 * tf.util.shuffle(order); // in place
 */
export function shuffle(array: MutableArrayLike): void {
  let counter = array.length;
  while (counter > 0) {
    const index = (Math.random() * counter) | 0;
    counter--;
    swap(array, counter, index);
  }
}

/**
 * Shuffles two arrays of one length in place with the same permutation.
 * @example
 * const xs = [1, 2, 3];
 * const ys = ['a', 'b', 'c'];
 * tf.util.shuffleCombo(xs, ys); // the same permutation for both
 */
export function shuffleCombo(array: MutableArrayLike, array2: MutableArrayLike): void {
  if (array.length !== array2.length) {
    throw new Error(
      `Array sizes must match to be shuffled together First array length was ${array.length}Second array length was ${array2.length}`,
    );
  }
  let counter = array.length;
  while (counter > 0) {
    const index = (Math.random() * counter) | 0;
    counter--;
    swap(array, counter, index);
    swap(array2, counter, index);
  }
}

/**
 * Swaps two entries of an array.
 * @example
 * const a = [1, 2, 3];
 * tf.util.swap(a, 0, 2); // a is [3, 2, 1]
 */
export function swap(array: MutableArrayLike, left: number, right: number): void {
  const temp = array[left];
  array[left] = array[right];
  array[right] = temp;
}

/**
 * The numbers `0 … n−1` in random order.
 * @example
 * tf.util.createShuffledIndices(5); // a Uint32Array permutation of 0..4
 */
export function createShuffledIndices(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  shuffle(out);
  return out;
}

/**
 * Whether `a` is one of the typed arrays tensors hold.
 * @example
 * tf.util.isTypedArray(new Float32Array(2)); // true
 */
export function isTypedArray(a: unknown): a is TypedArray {
  return (
    a instanceof Float32Array ||
    a instanceof Int32Array ||
    a instanceof Uint8Array ||
    a instanceof Uint8ClampedArray
  );
}

/**
 * Flattens nested arrays (and typed arrays unless `skipTypedArray`) into `result`.
 * @example
 * tf.util.flatten([[1, 2], [3, [4]]]); // [1, 2, 3, 4]
 */
export function flatten<T extends number | boolean | string>(
  arr: RecursiveArray<T> | TypedArray,
  result: T[] = [],
  skipTypedArray = false,
): T[] {
  if (Array.isArray(arr) || (isTypedArray(arr) && !skipTypedArray)) {
    const list = arr as ArrayLike<RecursiveArray<T>>;
    for (let i = 0; i < list.length; ++i) flatten(list[i]!, result, skipTypedArray);
  } else {
    result.push(arr as T);
  }
  return result;
}

/**
 * `x` clamped to `[min, max]`.
 * @example
 * tf.util.clamp(0, 5, 3); // 3
 */
export function clamp(min: number, x: number, max: number): number {
  return Math.max(min, Math.min(x, max));
}

/**
 * The nearest even number at or above `val`.
 * @example
 * tf.util.nearestLargerEven(3); // 4
 */
export function nearestLargerEven(val: number): number {
  return val % 2 === 0 ? val : val + 1;
}

/**
 * The sum of the numbers.
 * @example
 * tf.util.sum([1, 2, 3]); // 6
 */
export function sum(arr: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < arr.length; i++) s += arr[i]!;
  return s;
}

/**
 * A uniform random number in `[a, b)`.
 * @example
 * tf.util.randUniform(0, 10); // a number in [0, 10)
 */
export function randUniform(a: number, b: number): number {
  const r = Math.random();
  return b * r + (1 - r) * a;
}

/**
 * The squared Euclidean distance of two vectors.
 * @example
 * tf.util.distSquared([0, 0], [3, 4]); // 25
 */
export function distSquared(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let result = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Number(a[i]) - Number(b[i]);
    result += diff * diff;
  }
  return result;
}

/**
 * Whether `a` is an integer.
 * @example
 * tf.util.isInt(3); // true
 */
export function isInt(a: number): boolean {
  return a % 1 === 0;
}

/**
 * The hyperbolic tangent.
 * @example
 * tf.util.tanh(0); // 0
 */
export function tanh(x: number): number {
  return Math.tanh(x);
}

/**
 * `a` padded with spaces on the right to `size` characters.
 * @example
 * tf.util.rightPad('ab', 4); // 'ab  '
 */
export function rightPad(a: string, size: number): string {
  return size <= a.length ? a : a + ' '.repeat(size - a.length);
}

/**
 * Axes as a list of non-negative numbers (all axes when `axis` is null).
 * @example
 * tf.util.parseAxisParam(-1, [2, 3]); // [1]
 * tf.util.parseAxisParam(null, [2, 3]); // [0, 1]
 */
export function parseAxisParam(
  axis: number | number[] | null | undefined,
  shape: number[],
): number[] {
  const rank = shape.length;
  const list = axis == null ? shape.map((_, i) => i) : ([] as number[]).concat(axis);
  assert(
    list.every((ax) => ax >= -rank && ax < rank),
    () => `All values in axis param must be in range [-${rank}, ${rank}) but got axis ${list}`,
  );
  assert(list.every(isInt), () => `All values in axis param must be integers but got axis ${list}`);
  return list.map((a) => (a < 0 ? rank + a : a));
}

/**
 * The strides of a shape (TF.js's: one per dimension but the last).
 * @example
 * tf.util.computeStrides([2, 3, 4]); // [12, 4]
 */
export function computeStrides(shape: readonly number[]): number[] {
  const rank = shape.length;
  if (rank < 2) return [];
  const strides = new Array<number>(rank - 1);
  strides[rank - 2] = shape[rank - 1]!;
  for (let i = rank - 3; i >= 0; --i) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/**
 * The flat index of a location.
 * @example
 * tf.util.locToIndex([1, 2], 2, [3]); // 5
 */
export function locToIndex(locs: number[], rank: number, strides: number[]): number {
  if (rank === 0) return 0;
  if (rank === 1) return locs[0]!;
  let index = locs[locs.length - 1]!;
  for (let i = 0; i < locs.length - 1; ++i) index += strides[i]! * locs[i]!;
  return index;
}

/**
 * The location of a flat index.
 * @example
 * tf.util.indexToLoc(5, 2, [3]); // [1, 2]
 */
export function indexToLoc(index: number, rank: number, strides: number[]): number[] {
  if (rank === 0) return [];
  if (rank === 1) return [index];
  const locs = new Array<number>(rank);
  for (let i = 0; i < locs.length - 1; ++i) {
    locs[i] = Math.floor(index / strides[i]!);
    index -= locs[i]! * strides[i]!;
  }
  locs[locs.length - 1] = index;
  return locs;
}

/**
 * Flat values as nested arrays of `shape`.
 * @example
 * tf.util.toNestedArray([2, 2], [1, 2, 3, 4]); // [[1, 2], [3, 4]]
 */
export function toNestedArray(shape: number[], a: ArrayLike<number>): RecursiveArray<number> {
  if (shape.length === 0) return a[0]!;
  const size = sizeFromShape(shape);
  if (size === 0) return [];
  if (size !== a.length) {
    throw new Error(`[${shape}] does not match the input size ${a.length}.`);
  }
  const build = (offset: number, dims: number[]): RecursiveArray<number>[] => {
    const out: RecursiveArray<number>[] = [];
    if (dims.length === 1) {
      for (let i = 0; i < dims[0]!; i++) out.push(a[offset + i]!);
      return out;
    }
    const [first, ...rest] = dims;
    const len = sizeFromShape(rest);
    for (let i = 0; i < first!; i++) out.push(build(offset + i * len, rest));
    return out;
  };
  return build(0, shape);
}

/**
 * Whether `value` is a string.
 * @example
 * tf.util.isString('a'); // true
 */
export function isString(value: unknown): value is string {
  return typeof value === 'string' || value instanceof String;
}
/**
 * Whether `value` is a boolean.
 * @example
 * tf.util.isBoolean(false); // true
 */
export function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}
/**
 * Whether `value` is a number.
 * @example
 * tf.util.isNumber(1.5); // true
 */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}
/**
 * Whether `f` is a function.
 * @example
 * tf.util.isFunction(() => 1); // true
 */
export function isFunction(f: unknown): f is (...args: unknown[]) => unknown {
  return typeof f === 'function';
}
/**
 * Whether `object` looks like a Promise.
 * @example
 * tf.util.isPromise(Promise.resolve()); // true
 */
export function isPromise(object: unknown): object is Promise<unknown> {
  return (
    object !== null &&
    typeof object === 'object' &&
    typeof (object as { then?: unknown }).then === 'function'
  );
}

/**
 * The dtype TF.js infers for values: int32 for an Int32Array, bool for booleans, else float32.
 * @example
 * tf.util.inferDtype([true, false]); // 'bool'
 * tf.util.inferDtype(new Int32Array(2)); // 'int32'
 */
export function inferDtype(values: unknown): DType | 'string' {
  if (Array.isArray(values)) return inferDtype(values[0]);
  if (values instanceof Float32Array) return 'float32';
  if (
    values instanceof Int32Array ||
    values instanceof Uint8Array ||
    values instanceof Uint8ClampedArray
  ) {
    return 'int32';
  }
  if (isNumber(values)) return 'float32';
  if (isString(values)) return 'string';
  if (isBoolean(values)) return 'bool';
  return 'float32';
}

/**
 * Whether `dtype` is one TF.js knows.
 * @example
 * tf.util.isValidDtype('int32'); // true
 */
export function isValidDtype(dtype: string): boolean {
  return ['complex64', 'float32', 'int32', 'bool', 'string'].includes(dtype);
}

/**
 * Bytes per element of a dtype.
 * @example
 * tf.util.bytesPerElement('float32'); // 4
 */
export function bytesPerElement(dtype: DType): number {
  if (dtype === 'float32' || dtype === 'int32') return 4;
  if (dtype === 'bool') return 1;
  throw new Error(`Unknown dtype ${String(dtype)}`);
}

/**
 * The typed array class of a dtype, allocated with `size` zeros.
 * @example
 * tf.util.getTypedArrayFromDType('int32', 3); // Int32Array [0, 0, 0]
 */
export function getTypedArrayFromDType(dtype: DType, size: number): DataArray {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  if (dtype === 'bool') return new Uint8Array(size);
  throw new Error(`Unknown data type ${String(dtype)}`);
}

/**
 * `size` zeros of `dtype`.
 * @example
 * tf.util.makeZerosTypedArray(2, 'float32'); // Float32Array [0, 0]
 */
export function makeZerosTypedArray(size: number, dtype: DType): DataArray {
  return getTypedArrayFromDType(dtype, size);
}

/**
 * `size` ones of `dtype`.
 * @example
 * tf.util.makeOnesTypedArray(2, 'int32'); // Int32Array [1, 1]
 */
export function makeOnesTypedArray(size: number, dtype: DType): DataArray {
  return getTypedArrayFromDType(dtype, size).fill(1);
}

/**
 * Values as the typed array of `dtype`.
 * @example
 * tf.util.toTypedArray([[1, 2], [3, 4]], 'float32'); // Float32Array [1, 2, 3, 4]
 */
export function toTypedArray(a: RecursiveArray<number> | TypedArray, dtype: DType): DataArray {
  const flat = isTypedArray(a) ? Array.from(a) : flatten(a as RecursiveArray<number>);
  const out = getTypedArrayFromDType(dtype, flat.length);
  for (let i = 0; i < flat.length; i++) out[i] = Number(flat[i]);
  return out;
}

/**
 * Milliseconds, sub-millisecond when the platform allows (`performance.now`).
 * @example
 * const start = tf.util.now();
 * // … work …
 * const ms = tf.util.now() - start;
 */
export function now(): number {
  return performance.now();
}

/**
 * A string as bytes (UTF-8 by default).
 * @example
 * tf.util.encodeString('hé'); // Uint8Array [104, 195, 169]
 */
export function encodeString(s: string, encoding = 'utf-8'): Uint8Array {
  if (encoding.toLowerCase().replace('-', '') !== 'utf8') {
    throw new NeuriteError(`tf.util.encodeString: only UTF-8 is available, received '${encoding}'`);
  }
  return new TextEncoder().encode(s);
}

/**
 * Bytes as a string (UTF-8 by default).
 * @example
 * tf.util.decodeString(new Uint8Array([104, 105])); // 'hi'
 */
export function decodeString(bytes: Uint8Array, encoding = 'utf-8'): string {
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * The platform's `fetch`.
 * @example
 * const response = await tf.util.fetch('https://example.com/model.json');
 */
export function fetch(path: string, requestInits?: RequestInit): Promise<Response> {
  return globalThis.fetch(path, requestInits);
}
