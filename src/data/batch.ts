/**
 * `Dataset.batch`: groups consecutive elements and stacks them, as tf.data does. Each leaf
 * of the elements' common structure becomes one batched value: tensors of one shape stack
 * into a tensor with a new first dimension, numbers into a float32 vector, booleans into a
 * bool vector, arrays of numbers (and typed arrays) into a tensor as `nn.tensor` would read
 * them, strings into an array of strings (there are no string tensors). Plain objects and
 * arrays holding anything else (tensors, objects, strings) are containers: their entries
 * are batched one by one, so `{xs, ys}` and `[x, y]` elements batch into `{xs, ys}` and
 * `[x, y]` batches.
 */
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { tensor } from '../ops/index.js';
import { type DataArray, type DType, allocArray } from '../tensor/dtype.js';
import { type NestedArray, Tensor } from '../tensor/tensor.js';
import { tidy } from '../engine/tidy.js';
import { disposeElement, isPlainObject, tensorsIn } from './elements.js';

/**
 * Arrays of numbers (or of booleans), at any depth: leaves that batch into one tensor.
 *
 * @example
 * const row: nn.data.NumericArray = [[1, 2], [3, 4]]; // batches into a [n, 2, 2] tensor
 */
export type NumericArray = readonly number[] | readonly boolean[] | readonly NumericArray[];

/**
 * The type of a batch of elements of type `T`: tensors, numbers, booleans and arrays of
 * numbers become Tensors, strings string arrays, and containers are batched entry by entry.
 *
 * @example
 * type B = nn.data.Batched<{ xs: number[]; ys: number; id: string }>;
 * // {xs: Tensor; ys: Tensor; id: string[]}
 */
export type Batched<T> = T extends Tensor | number | boolean | DataArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends NumericArray
      ? Tensor
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Batched<T[K]> }
        : T extends object
          ? { -readonly [K in keyof T]: Batched<T[K]> }
          : never;

function isDataArray(x: unknown): x is DataArray {
  return x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array;
}

/** A leaf that is a (nested) array of numbers or booleans: stacked, not recursed into. */
function isNumericArray(x: unknown, depth = 0): boolean {
  if (!Array.isArray(x) || depth > 64) return false;
  const a = x as unknown[];
  if (a.length === 0) return true;
  const first = a[0];
  if (typeof first === 'number' || typeof first === 'boolean')
    return a.every((v) => typeof v === typeof first);
  return a.every((v) => isNumericArray(v, depth + 1));
}

/** The kind of a value, as error messages name it. */
function kindOf(x: unknown): string {
  if (x instanceof Tensor) return `a Tensor of shape ${fmtShape(x.shape)} (${x.dtype})`;
  if (x === undefined) return 'no value (undefined)';
  if (x === null) return 'null';
  if (isDataArray(x)) return `a ${x.constructor.name} of length ${x.length}`;
  if (Array.isArray(x)) {
    return isNumericArray(x)
      ? `an array of numbers of shape ${fmtShape(nestedShape(x as NestedArray))}`
      : `an array of ${(x as unknown[]).length} entries`;
  }
  if (isPlainObject(x)) return `an object with keys {${Object.keys(x).join(', ')}}`;
  return typeof x === 'object' ? `a ${x.constructor.name}` : `a ${typeof x}`;
}

function nestedShape(x: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = x;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

/** Where in the element a leaf sits: `xs.pixels`, `[1]`, or `the element` for the root. */
function at(path: string): string {
  return path === '' ? '' : ` at '${path}'`;
}

/** Positions of the batch's rows in the stream, for messages. */
interface Rows {
  values: unknown[];
  /** Stream index (0-based) of values[0]. */
  first: number;
}

function mismatch(rows: Rows, i: number, path: string, what: string): ShapeError {
  return new ShapeError(
    `batch: element ${rows.first + i} has ${what}${at(path)} but element ${rows.first}, the first of its batch, has ${kindOf(rows.values[0])}; the elements of a batch must have one structure and shape`,
  );
}

/** Stacks same-shape tensors by copying their values into one buffer (no gradients here). */
function stackTensors(rows: Rows, path: string): Tensor {
  const first = rows.values[0] as Tensor;
  const shape = first.shape;
  const dtype = first.dtype;
  const size = first.size;
  const out = allocArray(dtype, size * rows.values.length);
  rows.values.forEach((v, i) => {
    if (!(v instanceof Tensor)) throw mismatch(rows, i, path, kindOf(v));
    if (v.dtype !== dtype || v.rank !== shape.length || v.shape.some((d, k) => d !== shape[k])) {
      throw new ShapeError(
        `batch: element ${rows.first + i} has shape ${fmtShape(v.shape)} (${v.dtype})${at(path)} but element ${rows.first}, the first of its batch, has shape ${fmtShape(shape)} (${dtype}); the elements of a batch must have one structure and shape`,
      );
    }
    out.set(v.dataSync(), i * size);
  });
  return tensor(out, [rows.values.length, ...shape], dtype);
}

function stackScalars(rows: Rows, path: string, type: 'number' | 'boolean'): Tensor {
  const dtype: DType = type === 'number' ? 'float32' : 'bool';
  const out = allocArray(dtype, rows.values.length);
  rows.values.forEach((v, i) => {
    if (typeof v !== type) throw mismatch(rows, i, path, kindOf(v));
    out[i] = typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
  });
  return tensor(out, [rows.values.length], dtype);
}

/** Flattens a numeric leaf (nested array or typed array) after checking its shape. */
function flatLeaf(v: unknown): { shape: number[]; flat: ArrayLike<number>; bool: boolean } | null {
  if (isDataArray(v)) return { shape: [v.length], flat: v, bool: false };
  if (!isNumericArray(v)) return null;
  const shape = nestedShape(v as NestedArray);
  const flat: number[] = [];
  let bool = false;
  const walk = (x: NestedArray, d: number): boolean => {
    if (!Array.isArray(x)) {
      if (typeof x === 'boolean') bool = true;
      flat.push(typeof x === 'boolean' ? (x ? 1 : 0) : x);
      return d === shape.length;
    }
    return x.length === shape[d] && x.every((e) => walk(e, d + 1));
  };
  return walk(v as NestedArray, 0) ? { shape, flat, bool } : null;
}

function stackArrays(rows: Rows, path: string): Tensor {
  const leaves = rows.values.map((v, i) => {
    const leaf = flatLeaf(v);
    if (!leaf) {
      throw isNumericArray(v)
        ? new ShapeError(
            `batch: element ${rows.first + i}${at(path)} is a ragged array of numbers; every level must have one length`,
          )
        : mismatch(rows, i, path, kindOf(v));
    }
    return leaf;
  });
  const { shape, bool } = leaves[0]!;
  const dtype: DType = bool ? 'bool' : rows.values[0] instanceof Int32Array ? 'int32' : 'float32';
  leaves.forEach((l, i) => {
    if (l.shape.length !== shape.length || l.shape.some((d, k) => d !== shape[k])) {
      throw new ShapeError(
        `batch: element ${rows.first + i} has shape ${fmtShape(l.shape)}${at(path)} but element ${rows.first}, the first of its batch, has shape ${fmtShape(shape)}; the elements of a batch must have one structure and shape`,
      );
    }
  });
  const size = shape.reduce((a, b) => a * b, 1);
  const out = allocArray(dtype, size * leaves.length);
  leaves.forEach((l, i) => out.set(l.flat, i * size));
  return tensor(out, [leaves.length, ...shape], dtype);
}

/** One level of the structure: a leaf stacked, or a container batched entry by entry. */
function stackLevel(rows: Rows, path: string, depth: number): unknown {
  if (depth > 32) {
    throw new ValueError(`batch: element ${rows.first} is nested more than 32 levels deep`);
  }
  const first = rows.values[0];
  if (first instanceof Tensor) return stackTensors(rows, path);
  if (typeof first === 'number' || typeof first === 'boolean')
    return stackScalars(rows, path, typeof first === 'boolean' ? 'boolean' : 'number');
  if (typeof first === 'string') {
    return rows.values.map((v, i) => {
      if (typeof v !== 'string') throw mismatch(rows, i, path, kindOf(v));
      return v;
    });
  }
  if (isDataArray(first) || isNumericArray(first)) return stackArrays(rows, path);
  if (Array.isArray(first)) {
    const n = (first as unknown[]).length;
    rows.values.forEach((v, i) => {
      if (!Array.isArray(v) || v.length !== n || isNumericArray(v))
        throw mismatch(rows, i, path, kindOf(v));
    });
    return Array.from({ length: n }, (_, k) =>
      stackLevel(
        { values: rows.values.map((v) => (v as unknown[])[k]), first: rows.first },
        `${path}[${k}]`,
        depth + 1,
      ),
    );
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    rows.values.forEach((v, i) => {
      if (
        !isPlainObject(v) ||
        Object.keys(v).length !== keys.length ||
        !keys.every((k) => Object.hasOwn(v, k))
      )
        throw mismatch(rows, i, path, kindOf(v));
    });
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      out[k] = stackLevel(
        { values: rows.values.map((v) => (v as Record<string, unknown>)[k]), first: rows.first },
        path === '' ? k : `${path}.${k}`,
        depth + 1,
      );
    }
    return out;
  }
  const hint =
    first === undefined
      ? '; a CSV column with missing values needs a default (columnConfigs: {name: {default: 0}}) or required: true'
      : '';
  throw new ValueError(
    `batch: element ${rows.first} has ${kindOf(first)}${at(path)}, which cannot be batched; elements hold tensors, numbers, booleans, strings, arrays and plain objects${hint}`,
  );
}

/**
 * Stacks `elements` (stream indices from `first`) into one batch and disposes their
 * tensors. On a mismatch the elements are disposed too, and the partial batch with them.
 */
export function stackElements<T>(elements: readonly T[], first: number): Batched<T> {
  let out: unknown;
  try {
    // In a tidy so that a mismatch found late (in `ys`) frees what was stacked before it (`xs`).
    tidy(() => {
      out = stackLevel({ values: [...elements], first }, '', 0);
      return [...tensorsIn(out)];
    });
  } finally {
    // Each input tensor is now copied into the batch (or the batch failed): free them all.
    for (const e of elements) disposeElement(e);
  }
  return out as Batched<T>;
}

/** Groups of `size` consecutive elements, stacked; a short last group unless dropped. */
export async function* batchElements<T>(
  source: AsyncIterable<T>,
  size: number,
  smallLastBatch: boolean,
): AsyncGenerator<Batched<T>, void, undefined> {
  let group: T[] = [];
  let first = 0;
  try {
    for await (const x of source) {
      group.push(x);
      if (group.length === size) {
        const g = group;
        group = [];
        yield stackElements(g, first);
        first += size;
      }
    }
    if (group.length > 0 && smallLastBatch) {
      const g = group;
      group = [];
      yield stackElements(g, first);
    }
  } finally {
    for (const x of group) disposeElement(x);
  }
}
