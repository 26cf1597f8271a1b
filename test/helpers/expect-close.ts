/**
 * Compares a tensor with independently computed values: shape, dtype (when given) and
 * every element within `atol + rtol·|expected|`. NaN must meet NaN and ±Infinity must be
 * exact, so a kernel that turns NaN into a number fails.
 */
import { expect } from 'vitest';
import type * as nn from 'neurite';

/** Nested arrays of numbers or booleans (the expected values). */
export type Expected = number | boolean | readonly Expected[];

export interface CloseArgs {
  /** Absolute tolerance. Default 1e-6. */
  atol?: number;
  /** Relative tolerance. Default 1e-5 (a few float32 ulps). */
  rtol?: number;
  /** Expected dtype; unchecked when omitted. */
  dtype?: nn.DType;
}

/** The shape and flat values of nested arrays. */
export function flattenExpected(x: Expected): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  let v: Expected = x;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = (v as readonly Expected[])[0]!;
  }
  const values: number[] = [];
  const walk = (e: Expected): void => {
    if (Array.isArray(e)) for (const c of e as readonly Expected[]) walk(c);
    else values.push(typeof e === 'boolean' ? (e ? 1 : 0) : (e as number));
  };
  walk(x);
  return { shape, values };
}

/** Whether `a` is within tolerance of `e` (NaN only matches NaN, infinities exactly). */
export function close(a: number, e: number, atol: number, rtol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

/** Asserts `t` holds `expected` (nested arrays; its nesting gives the expected shape). */
export function expectTensor(t: nn.Tensor, expected: Expected, args: CloseArgs = {}): void {
  const { atol = 1e-6, rtol = 1e-5, dtype } = args;
  const { shape, values } = flattenExpected(expected);
  expect([...t.shape], 'shape').toEqual(shape);
  if (dtype) expect(t.dtype, 'dtype').toBe(dtype);
  expectValues(Array.from(t.dataSync()), values, { atol, rtol });
}

/** Asserts two flat lists match element by element within tolerance. */
export function expectValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  args: CloseArgs = {},
): void {
  const { atol = 1e-6, rtol = 1e-5 } = args;
  expect(actual.length, 'number of values').toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!close(a, e, atol, rtol)) bad.push(`[${i}] got ${a}, expected ${e}`);
  }
  expect(bad, `values differ beyond atol ${atol}, rtol ${rtol}`).toEqual([]);
}
