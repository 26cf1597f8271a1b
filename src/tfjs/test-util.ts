/**
 * `tf.test_util`: TF.js's test assertions with its tolerances and messages
 * (`expectArraysClose` within 1e-3 by default, `expectArraysEqual`, …). They throw an
 * Error on a mismatch, so they work under any test runner or none.
 */
import { Tensor } from '../tensor/tensor.js';
import {
  arraysEqual,
  flatten,
  isTypedArray,
  type RecursiveArray,
  type TypedArray,
} from './util.js';

const TEST_EPSILON_FLOAT32 = 1e-3;

/**
 * The tolerance `expectArraysClose` uses by default (TF.js's float32 value, 1e-3).
 * @example
 * tf.test_util.testEpsilon(); // 0.001
 */
export function testEpsilon(): number {
  return TEST_EPSILON_FLOAT32;
}

type Comparable = TypedArray | RecursiveArray<number | boolean | string>;

function flat(x: Comparable | Tensor): (number | boolean | string)[] {
  if (x instanceof Tensor) return Array.from(x.dataSync());
  if (isTypedArray(x)) return Array.from(x);
  if (Array.isArray(x)) return flatten(x as RecursiveArray<number>);
  return [x];
}

function shapeOf(x: unknown): number[] {
  const shape: number[] = [];
  let cur = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

function areClose(a: number, e: number, epsilon: number): boolean {
  if (!Number.isFinite(a) && !Number.isFinite(e)) return true;
  return !(Number.isNaN(a) || Number.isNaN(e) || Math.abs(a - e) > epsilon);
}

function expectArraysPredicate(
  actual: Comparable | Tensor,
  expected: Comparable | Tensor,
  predicate: (a: number | boolean | string, e: number | boolean | string) => boolean,
): void {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const as = shapeOf(actual);
    const es = shapeOf(expected);
    if (!arraysEqual(as, es)) {
      throw new Error(`Arrays have different shapes. Actual: [${as}]. Expected: [${es}]`);
    }
  }
  const a = flat(actual);
  const e = flat(expected);
  if (a.length !== e.length) {
    throw new Error(
      `Arrays have different lengths actual: ${a.length} vs expected: ${e.length}.\nActual:   ${a}.\nExpected: ${e}.`,
    );
  }
  for (let i = 0; i < e.length; ++i) {
    if (!predicate(a[i]!, e[i]!)) {
      throw new Error(
        `Arrays differ: actual[${i}] = ${a[i]}, expected[${i}] = ${e[i]}.\nActual:   ${a}.\nExpected: ${e}.`,
      );
    }
  }
}

/**
 * Throws unless the values are within `epsilon` (default 1e-3) of each other, elementwise
 * (TF.js's message on failure). Takes typed arrays, nested arrays, numbers, or tensors.
 * @example
 * tf.test_util.expectArraysClose(tf.tensor1d([1, 2]), [1, 2.0001]); // passes
 */
export function expectArraysClose(
  actual: Comparable | Tensor,
  expected: Comparable | Tensor,
  epsilon = testEpsilon(),
): void {
  expectArraysPredicate(actual, expected, (a, b) => areClose(Number(a), Number(b), epsilon));
}

/**
 * Throws unless the values are equal, elementwise.
 * @example
 * tf.test_util.expectArraysEqual(tf.tensor1d([1, 2], 'int32'), [1, 2]); // passes
 */
export function expectArraysEqual(
  actual: Comparable | Tensor,
  expected: Comparable | Tensor,
): void {
  const exp =
    typeof expected === 'string' || typeof expected === 'number' || typeof expected === 'boolean'
      ? [expected]
      : expected;
  expectArraysPredicate(actual, exp, (a, b) =>
    typeof a === 'string' || typeof b === 'string' ? a === b : areClose(Number(a), Number(b), 0),
  );
}

/**
 * Throws unless two numbers are within `epsilon` (default 1e-3).
 * @example
 * tf.test_util.expectNumbersClose(0.1 + 0.2, 0.3); // passes
 */
export function expectNumbersClose(a: number, e: number, epsilon = testEpsilon()): void {
  if (!areClose(a, e, epsilon))
    throw new Error(`Numbers differ: actual === ${a}, expected === ${e}`);
}

/**
 * Throws unless every value lies in `[low, high]`.
 * @example
 * tf.test_util.expectValuesInRange([0.2, 0.7], 0, 1); // passes
 */
export function expectValuesInRange(actual: ArrayLike<number>, low: number, high: number): void {
  for (let i = 0; i < actual.length; i++) {
    if (actual[i]! < low || actual[i]! > high) {
      throw new Error(`Value out of range:${actual[i]} low: ${low}, high: ${high}`);
    }
  }
}

/**
 * Throws unless two buffers hold the same float32 values.
 * @example
 * const a = new Float32Array([1, 2]).buffer;
 * tf.test_util.expectArrayBuffersEqual(a, new Float32Array([1, 2]).buffer); // passes
 */
export function expectArrayBuffersEqual(actual: ArrayBuffer, expected: ArrayBuffer): void {
  const a = new Float32Array(actual);
  const e = new Float32Array(expected);
  if (a.length !== e.length) {
    throw new Error(`Expected ArrayBuffer to be of length ${e.length}, but it was ${a.length}`);
  }
  for (let i = 0; i < e.length; i++) {
    if (a[i] !== e[i]) {
      throw new Error(`Expected ArrayBuffer value at ${i} to be ${e[i]} but got ${a[i]} instead`);
    }
  }
}
