/**
 * What the Keras readers share: weights read from an HDF5 tree, as named values, turned
 * into artifacts' weight specs and bytes; and a model's weights and optimizer state read as
 * plain arrays for the writers.
 */
import { savedWeightNames } from '../artifacts.js';
import type { Model } from '../../models/model.js';
import type { Variable } from '../../tensor/tensor.js';
import { ModelIOError } from '../model-io-error.js';
import type { WeightSpec } from '../types.js';
import type { H5Dataset } from './hdf5.js';

/** One weight read from a file, under the name the artifacts give it. */
export interface FileWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
  group?: 'optimizer';
}

/** Weight specs and one buffer of their values, in order. */
export function toArtifactWeights(weights: readonly FileWeight[]): {
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
} {
  const total = weights.reduce((s, w) => s + w.values.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  const weightSpecs = weights.map((w): WeightSpec => {
    data.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), at);
    at += w.values.byteLength;
    const spec: WeightSpec = { name: w.name, shape: w.shape, dtype: w.dtype };
    if (w.group) spec.group = w.group;
    return spec;
  });
  return { weightSpecs, weightData: data.buffer };
}

/** A dataset's values as float32 (Keras weights are float32; float64 and integers are converted). */
export function floatValues(ds: H5Dataset, where: string, path: string): Float32Array {
  const d = ds.data;
  if (!d) fail(where, `'${path}' is a dataset of ${ds.dtype} values, expected numbers`);
  if (d instanceof Float32Array) return d;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array)
    return Float32Array.from(d, (x) => Number(x));
  return Float32Array.from(d);
}

/** A scalar step count (int64 in Keras files) as an int32, checked. */
export function stepCount(ds: H5Dataset, where: string, path: string): Int32Array {
  const d = ds.data;
  const v = d && d.length === 1 ? Number(d[0]) : NaN;
  if (!Number.isSafeInteger(v) || v < 0 || v > 2 ** 31 - 1) {
    fail(
      where,
      `'${path}' must be one step count (a non-negative integer), received ${d ? `${d.length} values` : ds.dtype}`,
    );
  }
  return Int32Array.of(v);
}

function fail(where: string, message: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where });
}

/** Refuses a dataset whose shape is not the variable's. */
export function checkShape(
  ds: H5Dataset,
  expected: readonly number[],
  where: string,
  path: string,
  what: string,
): void {
  const same = ds.shape.length === expected.length && ds.shape.every((d, i) => d === expected[i]);
  if (!same) {
    throw new ModelIOError(
      `${where}: '${path}' has shape [${ds.shape.join(',')}], but ${what} has shape [${expected.join(',')}] in the model's config; the config and the weights disagree`,
      { file: where, weight: path },
    );
  }
}

/** A model's variables' values, by variable. */
export function variableValues(v: Variable): Float32Array {
  const d = v.dataSync();
  return d instanceof Float32Array ? d : Float32Array.from(d as ArrayLike<number>);
}

/** The names a built model's variables are saved under (as the TF.js format names them). */
export function savedNames(model: Model): Map<Variable, string> {
  return savedWeightNames(model.weights);
}

/** A dataset's values as an int32 variable holds them (Keras keeps counts as int64), checked. */
function intValues(ds: H5Dataset, where: string, path: string): Int32Array {
  const d = ds.data;
  if (!d) fail(where, `'${path}' is a dataset of ${ds.dtype} values, expected integers`);
  const out = new Int32Array(d.length);
  for (let i = 0; i < d.length; i++) {
    const x = Number(d[i]);
    if (!Number.isInteger(x) || x < -(2 ** 31) || x > 2 ** 31 - 1)
      fail(where, `'${path}' value ${String(d[i])} at ${i} is not an int32 integer`);
    out[i] = x;
  }
  return out;
}

/** One file weight for variable `v`, read from `ds` in the variable's dtype (float32 or int32). */
export function weightFor(
  v: Variable,
  name: string,
  ds: H5Dataset,
  where: string,
  path: string,
): FileWeight {
  const int = v.dtype === 'int32';
  return {
    name,
    shape: [...v.shape],
    dtype: int ? 'int32' : 'float32',
    values: int ? intValues(ds, where, path) : floatValues(ds, where, path),
  };
}

/** A variable's values as Keras stores them: float32, or int64 for an integer variable (a count). */
export function storedValues(v: Variable): Float32Array | BigInt64Array {
  if (v.dtype !== 'int32') return variableValues(v);
  return BigInt64Array.from(v.dataSync() as ArrayLike<number>, (x) => BigInt(x));
}
