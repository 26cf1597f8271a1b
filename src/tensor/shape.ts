/** Shapes: sizes, strides, NumPy broadcasting and axis normalisation. Pure functions. */
import { ShapeError, ValueError, fmtShape } from '../errors.js';

/**
 * A tensor's dimensions, outermost first: `[]` for a scalar, `[2, 3]` for a 2×3 matrix.
 */
export type Shape = readonly number[];

/**
 * The most dimensions a tensor may have (NumPy 2 allows as many). Code that walks a
 * tensor's dimensions one call per dimension (nested arrays in and out) relies on it to
 * stay well inside the call stack.
 */
export const MAX_RANK = 64;

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Checks that every dimension is a non-negative integer, and the rank at most MAX_RANK. */
export function assertValidShape(shape: Shape, op: string): void {
  // Callers in JS may pass anything; `for...of` over a number would throw a TypeError.
  if (!Array.isArray(shape)) {
    throw new ShapeError(
      `${op}: shape must be an array of non-negative integers, received ${String(shape)}`,
    );
  }
  if (shape.length > MAX_RANK) {
    throw new ShapeError(
      `${op}: shape has ${shape.length} dimensions; a tensor has at most ${MAX_RANK}`,
    );
  }
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: shape ${fmtShape(shape)} must hold non-negative integers`);
    }
  }
}

/** NumPy broadcasting of two shapes; names the op and both shapes when they do not fit. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast (axis ${i - n}: ${da} vs ${db})`,
      );
    }
  }
  return out;
}

/** Axes of `outShape` along which `inShape` was broadcast (to sum a gradient back). */
export function broadcastedAxes(inShape: Shape, outShape: Shape): number[] {
  const axes: number[] = [];
  const offset = outShape.length - inShape.length;
  for (let i = 0; i < outShape.length; i++) {
    const dIn = i < offset ? 1 : inShape[i - offset]!;
    if (dIn === 1 && outShape[i] !== 1) axes.push(i);
    else if (i < offset) axes.push(i);
  }
  return axes;
}

/** Resolves a possibly negative axis against a rank. */
export function normAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `axis` (one, several or all) to sorted, unique, non-negative axes. */
export function normAxes(
  axis: number | readonly number[] | undefined | null,
  rank: number,
  op: string,
): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = [...new Set(list.map((a) => normAxis(a, rank, op)))];
  return out.sort((x, y) => x - y);
}

/** The shape left after reducing `axes`, with or without the size-1 dims kept. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** Resolves one `-1` in a reshape target. */
export function inferReshape(size: number, target: Shape, op: string, from: Shape): number[] {
  if (target.length > MAX_RANK) {
    throw new ShapeError(
      `${op}: shape has ${target.length} dimensions; a tensor has at most ${MAX_RANK}`,
    );
  }
  const out = [...target];
  let neg = -1;
  let known = 1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i]!;
    if (d === -1) {
      if (neg >= 0)
        throw new ShapeError(`${op}: only one dimension may be -1, received ${fmtShape(target)}`);
      neg = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: invalid dimension ${d} in ${fmtShape(target)}`);
    } else known *= d;
  }
  if (neg >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(
        `${op}: cannot reshape ${fmtShape(from)} (size ${size}) to ${fmtShape(target)}`,
      );
    }
    out[neg] = size / known;
  }
  if (sizeOf(out) !== size) {
    throw new ShapeError(
      `${op}: cannot reshape ${fmtShape(from)} (size ${size}) to ${fmtShape(target)}`,
    );
  }
  return out;
}
