/**
 * What every op shares: turning arguments into tensors, running a kernel on the current
 * backend, and recording the op for autograd.
 */
import { AllocationError, assertFits } from '../backends/alloc-limits.js';
import type { Backend, DataHandle } from '../backends/backend.js';
import { type BackwardFn, ENGINE, recordOp } from '../engine/engine.js';
import { DTypeError, fmtShape, NeuriteError, ShapeError, ValueError } from '../errors.js';
import { type DataArray, type DType, allocArray, isDType } from '../tensor/dtype.js';
import { type Shape, MAX_RANK, sizeOf } from '../tensor/shape.js';
import { makeTensor, moveToBackend, type NestedArray, Tensor } from '../tensor/tensor.js';

/** What ops accept where a tensor is expected. */
export type TensorLike = Tensor | NestedArray | DataArray;

/**
 * Runs a kernel producing one output and records it for autograd. `inputs` are checked
 * alive and moved to the current backend first. The output's size is checked against the
 * backend's limits before anything is moved or allocated, so an output too large fails
 * with an AllocationError naming the op and its shape, and the backend stays usable.
 */
export function run(
  name: string,
  inputs: readonly Tensor[],
  compute: (b: Backend) => DataHandle,
  shape: Shape,
  dtype: DType,
  backward?: BackwardFn,
): Tensor {
  for (const t of inputs) t.assertAlive(name);
  const be = ENGINE.backend;
  checkOutput(name, shape, dtype, be);
  for (const t of inputs) moveToBackend(t, be, name);
  let h: DataHandle;
  try {
    h = compute(be);
  } catch (e) {
    throw withOpName(e, name, `output of shape ${fmtShape(shape)} (${dtype})`);
  }
  const out = makeTensor(h, shape, dtype);
  if (backward && ENGINE.tapes.length > 0) recordOp(name, inputs, [out], backward);
  return out;
}

/** The shape and dtype of one output of a kernel. */
export interface OutputSpec {
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * `run` for a kernel with several outputs (the fused kernels of ops/fused.ts): the same
 * checks (inputs alive and moved, every output's size checked before the kernel runs), and
 * the kernel must return one handle per entry of `outputs`, each of that size.
 */
export function runMany(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly OutputSpec[],
  compute: (b: Backend) => readonly DataHandle[],
  backward?: BackwardFn,
): Tensor[] {
  for (const t of inputs) t.assertAlive(name);
  const be = ENGINE.backend;
  for (const o of outputs) checkOutput(name, o.shape, o.dtype, be);
  for (const t of inputs) moveToBackend(t, be, name);
  let hs: readonly DataHandle[];
  try {
    hs = compute(be);
  } catch (e) {
    const what = outputs.map((o) => `${fmtShape(o.shape)} (${o.dtype})`).join(', ');
    throw withOpName(e, name, `outputs of shapes ${what}`);
  }
  // A kernel and its op's declared outputs disagreeing is a bug here, not a user error:
  // caught before a tensor is made with the wrong size.
  let sizesMatch = hs.length === outputs.length;
  for (let i = 0; sizesMatch && i < hs.length; i++) {
    sizesMatch = hs[i]!.size === sizeOf(outputs[i]!.shape);
  }
  if (!sizesMatch) {
    throw new NeuriteError(
      `internal: ${name}: the kernel returned buffers of sizes [${hs.map((h) => h.size).join(', ')}] for outputs of shapes ${outputs.map((o) => fmtShape(o.shape)).join(', ')}`,
    );
  }
  const outs: Tensor[] = [];
  for (let i = 0; i < hs.length; i++) {
    outs.push(makeTensor(hs[i]!, outputs[i]!.shape, outputs[i]!.dtype));
  }
  if (backward && ENGINE.tapes.length > 0) recordOp(name, inputs, outs, backward);
  return outs;
}

/** Refuses an output of too many dimensions or too many bytes for `be`, naming the op. */
function checkOutput(name: string, shape: Shape, dtype: DType, be: Backend): void {
  if (shape.length > MAX_RANK) {
    throw new ShapeError(
      `${name}: output of shape with ${shape.length} dimensions; a tensor has at most ${MAX_RANK}`,
    );
  }
  assertFits(name, 'output', shape, dtype, be);
}

/** A backend's own refusal (say, its memory cannot grow) does not know the op: name it. */
function withOpName(e: unknown, name: string, what: string): unknown {
  if (e instanceof AllocationError && !e.message.startsWith(`${name}: `)) {
    return new AllocationError(`${name}: ${what}: ${e.message}`);
  }
  return e;
}

/** Records an op whose output was made without a kernel (reshape, identity). */
export function record(
  name: string,
  inputs: readonly Tensor[],
  out: Tensor,
  backward: BackwardFn,
): Tensor {
  if (ENGINE.tapes.length > 0) recordOp(name, inputs, [out], backward);
  return out;
}

/** Infers shape and flat values of nested arrays, checking they are rectangular. */
function flatten(
  values: NestedArray,
  op: string,
): { shape: number[]; flat: number[]; sawBool: boolean } {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    // Capped, so that the walk below (one call per level) stays far from the stack's limit,
    // and an array that contains itself fails rather than looping forever.
    if (shape.length === MAX_RANK) {
      throw new ShapeError(
        `${op}: nested arrays more than ${MAX_RANK} levels deep; a tensor has at most ${MAX_RANK} dimensions`,
      );
    }
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  const flat: number[] = [];
  let sawBool = false;
  const walk = (x: NestedArray, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (Array.isArray(x))
        throw new ValueError(`${op}: ragged nested array at ${path || 'top'}: expected a number`);
      if (typeof x === 'boolean') {
        sawBool = true;
        flat.push(x ? 1 : 0);
      } else if (typeof x === 'number') flat.push(x);
      else
        throw new ValueError(
          `${op}: expected numbers or booleans, received ${typeof x} at ${path || 'top'}`,
        );
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[dim]) {
      throw new ValueError(
        `${op}: ragged nested array at ${path || 'top'}: expected length ${shape[dim]}, received ${Array.isArray(x) ? x.length : 'a scalar'}`,
      );
    }
    x.forEach((e, i) => walk(e, dim + 1, `${path}[${i}]`));
  };
  walk(values, 0, '');
  return { shape, flat, sawBool };
}

/**
 * Checks that values fit an integer dtype: NaN and ±Infinity have no int32 or bool value,
 * and int32 values must lie in [-2³¹, 2³¹) (a typed array would silently wrap them).
 */
export function checkIntegral(values: ArrayLike<number>, dtype: DType, op: string): void {
  if (dtype === 'float32') return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new ValueError(`${op}: cannot store ${v} in a ${dtype} tensor (element ${i})`);
    }
    if (dtype === 'int32' && (v < -2147483648 || v >= 2147483648)) {
      throw new ValueError(
        `${op}: ${v} is outside the int32 range [-2147483648, 2147483647] (element ${i})`,
      );
    }
  }
}

/** Builds a tensor from JS values (the implementation of `nn.tensor`). */
export function fromValues(
  values: TensorLike,
  shape: Shape | undefined,
  dtype: DType | undefined,
  op: string,
): Tensor {
  if (dtype !== undefined && !isDType(dtype)) {
    throw new DTypeError(
      `${op}: unknown dtype '${String(dtype)}'; use 'float32', 'int32' or 'bool'`,
    );
  }
  if (values instanceof Tensor)
    throw new ValueError(`${op}: values is already a Tensor; use clone() or cast()`);
  let flat: ArrayLike<number>;
  let inferred: number[];
  let inferredDtype: DType = 'float32';
  if (
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array
  ) {
    flat = values;
    inferred = [values.length];
    inferredDtype =
      values instanceof Int32Array ? 'int32' : values instanceof Uint8Array ? 'bool' : 'float32';
    if (values instanceof Uint8Array && dtype === undefined) inferredDtype = 'int32';
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [typeof values === 'boolean' ? (values ? 1 : 0) : values];
    inferred = [];
    if (typeof values === 'boolean') inferredDtype = 'bool';
  } else if (Array.isArray(values)) {
    const f = flatten(values, op);
    flat = f.flat;
    inferred = f.shape;
    if (f.sawBool) inferredDtype = 'bool';
  } else {
    throw new ValueError(
      `${op}: expected a number, a nested array or a typed array, received ${typeof values}`,
    );
  }
  const dt = dtype ?? inferredDtype;
  let finalShape: Shape = inferred;
  if (shape !== undefined) {
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ValueError(
        `${op}: shape must be an array of non-negative integers, received ${JSON.stringify(shape)}`,
      );
    }
    if (shape.length > MAX_RANK) {
      throw new ShapeError(
        `${op}: shape has ${shape.length} dimensions; a tensor has at most ${MAX_RANK}`,
      );
    }
    const n = sizeOf(shape);
    if (flat.length === 1 && n !== 1) {
      // One value repeated: filled by the backend, with no array of n values in JS.
      checkIntegral(flat, dt, op);
      assertFits(op, 'output', shape, dt, ENGINE.backend);
      const v = flat[0]!;
      const value = dt === 'int32' ? Math.trunc(v) : dt === 'bool' ? (v ? 1 : 0) : v;
      return makeTensor(ENGINE.backend.fill(n, value, dt), shape, dt);
    } else if (n !== flat.length) {
      throw new ValueError(
        `${op}: shape [${shape.join(',')}] holds ${n} values, but ${flat.length} were given`,
      );
    }
    finalShape = shape;
  }
  // (JS arrays and typed arrays are far smaller than 2^53 elements: this is exact.)
  assertFits(op, 'output', finalShape, dt, ENGINE.backend);
  // Typed arrays that need no conversion go to the backend as they are (one copy, not two).
  if (
    (flat instanceof Float32Array && dt === 'float32') ||
    (flat instanceof Int32Array && dt === 'int32') ||
    (flat instanceof Uint8Array && dt !== 'bool')
  ) {
    return makeTensor(ENGINE.backend.upload(flat, dt), finalShape, dt);
  }
  checkIntegral(flat, dt, op);
  const arr = allocArray(dt, flat.length);
  if (dt === 'int32') for (let i = 0; i < flat.length; i++) arr[i] = Math.trunc(flat[i]!);
  else if (dt === 'bool') for (let i = 0; i < flat.length; i++) arr[i] = flat[i] ? 1 : 0;
  else arr.set(flat);
  return makeTensor(ENGINE.backend.upload(arr, dt), finalShape, dt);
}

/**
 * Converts an op argument to a tensor. A plain number takes `like`'s dtype when it fits
 * (so `intTensor.add(1)` stays int32), else float32.
 */
export function convert(x: TensorLike, arg: string, op: string, like?: DType): Tensor {
  if (x instanceof Tensor) {
    x.assertAlive(`${op} (argument '${arg}')`);
    // Moved now rather than only in run: an op may hand the backend a view of the
    // tensor's storage taken before it calls run (matMul's rank-3 views do).
    moveToBackend(x, ENGINE.backend, op);
    return x;
  }
  if (typeof x === 'number') {
    const dt: DType =
      like === 'int32' && Number.isInteger(x)
        ? 'int32'
        : like === 'bool' && (x === 0 || x === 1)
          ? 'bool'
          : 'float32';
    return fromValues(x, undefined, dt, op);
  }
  if (typeof x === 'boolean') return fromValues(x, undefined, 'bool', op);
  try {
    return fromValues(x, undefined, undefined, op);
  } catch (e) {
    if (e instanceof ValueError) {
      const reason = e.message.startsWith(`${op}: `) ? e.message.slice(op.length + 2) : e.message;
      throw new ValueError(`${op}: argument '${arg}': ${reason}`);
    }
    throw e;
  }
}
