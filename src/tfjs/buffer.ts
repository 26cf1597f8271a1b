/**
 * `tf.buffer` and `TensorBuffer`: a mutable host array with a shape, filled element by
 * element and turned into a tensor (TF.js's API). Neurite tensors are immutable values, so
 * the buffer is plain typed-array code; `toTensor()` copies it into a tensor.
 */
import { ValueError } from '../errors.js';
import { tensor } from '../ops/creation.js';
import { allocArray, type DataArray, type DType } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(Math.max(0, shape.length - 1));
  let acc = 1;
  for (let i = shape.length - 2; i >= 0; i--) {
    acc *= shape[i + 1]!;
    strides[i] = acc;
  }
  return strides;
}

/**
 * A mutable array of values with a shape and dtype (TF.js `tf.TensorBuffer`).
 * @example
 * const b = tf.buffer([2, 2]);
 * b.set(5, 0, 1);
 * b.get(0, 1); // 5
 * b.toTensor(); // [[0, 5], [0, 0]]
 */
export class TensorBuffer {
  readonly shape: number[];
  readonly dtype: DType;
  readonly size: number;
  /** Elements to step over per index of each dimension but the last (TF.js `strides`). */
  readonly strides: number[];
  /** The values in row-major order. */
  readonly values: DataArray;

  constructor(shape: Shape, dtype: DType = 'float32', values?: DataArray) {
    this.shape = [...shape];
    this.dtype = dtype;
    this.size = shape.reduce((a, b) => a * b, 1);
    this.strides = stridesOf(shape);
    if (values !== undefined && values.length !== this.size) {
      throw new ValueError(
        `buffer: length of values (${values.length}) does not match the size (${this.size}) inferred from the shape [${shape.join(',')}]`,
      );
    }
    this.values = values ?? allocArray(dtype, this.size);
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Sets the value at the location given by one index per dimension. */
  set(value: number | boolean, ...locs: number[]): void {
    const loc = locs.length === 0 ? [0] : locs;
    if (loc.length !== this.rank && this.rank > 0) {
      throw new ValueError(
        `TensorBuffer.set: the number of indices (${loc.length}) must match the rank (${this.rank})`,
      );
    }
    this.values[this.locToIndex(loc)] = Number(value);
  }

  /** The value at the location given by one index per dimension. */
  get(...locs: number[]): number {
    const loc = locs.length === 0 ? [0] : locs;
    for (let i = 0; i < loc.length; i++) {
      const l = loc[i]!;
      if (l < 0 || l >= this.shape[i]!) {
        throw new ValueError(
          `TensorBuffer.get: requested out of range element at [${loc.join(',')}] of shape [${this.shape.join(',')}]`,
        );
      }
    }
    return this.values[this.locToIndex(loc)]!;
  }

  /** The flat (row-major) index of a location. */
  locToIndex(locs: readonly number[]): number {
    if (this.rank === 0) return 0;
    if (this.rank === 1) return locs[0]!;
    let index = locs[locs.length - 1]!;
    for (let i = 0; i < locs.length - 1; i++) index += this.strides[i]! * locs[i]!;
    return index;
  }

  /** The location of a flat (row-major) index. */
  indexToLoc(index: number): number[] {
    if (this.rank === 0) return [];
    if (this.rank === 1) return [index];
    const locs = new Array<number>(this.rank);
    for (let i = 0; i < locs.length - 1; i++) {
      locs[i] = Math.floor(index / this.strides[i]!);
      index -= locs[i]! * this.strides[i]!;
    }
    locs[locs.length - 1] = index;
    return locs;
  }

  /** A new tensor holding a copy of the values. */
  toTensor(): Tensor {
    return tensor(this.values.slice(), this.shape, this.dtype);
  }
}

/**
 * A buffer of `shape` (zeros, or `values`) to fill with `set` and turn into a tensor
 * with `toTensor()` (TF.js `tf.buffer`).
 *
 * @example
 * const b = tf.buffer([2, 2]);
 * b.set(3, 0, 0);
 * b.toTensor().print();
 */
export function buffer(shape: Shape, dtype: DType = 'float32', values?: DataArray): TensorBuffer {
  return new TensorBuffer(shape, dtype, values);
}
