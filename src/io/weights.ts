/**
 * The binary weight layout of the TF.js format: each weight's values back to back, in
 * manifest order, little-endian, no headers or padding (float32/int32 4 bytes, bool 1 byte),
 * the concatenated bytes cut into shards of 4 MiB (`group1-shard1of2.bin`, …).
 *
 * Decoding trusts nothing: specs are checked (names, shapes, dtypes, quantization) and
 * sized before any allocation, so a manifest claiming a 10^12-value weight, or more bytes
 * than the shards hold, is refused up front. Pure functions on bytes; no files, no tensors.
 */
import type { DataArray, DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { isObject, isShape, own, show } from './json.js';
import { checkCount, MAX_SHARDS, MAX_WEIGHTS } from './limits.js';
import { ModelIOError } from './model-io-error.js';
import type { WeightGroup, WeightQuantization, WeightSpec } from './types.js';

/** Shard size, as the TF.js converter cuts them (4 MiB). */
export const SHARD_BYTES = 4 * 1024 * 1024;

/** The most values one weight may have in a file Neurite loads (2^31 − 1). */
export const MAX_WEIGHT_VALUES = 2 ** 31 - 1;

const WHY_WEIGHTS = 'the largest models have a few thousand, optimizer slots included';
const WHY_SHARDS = 'a group per weight file set; a model has one or a few';

/** A decoded weight: plain values, no tensor yet. */
export interface DecodedWeight {
  name: string;
  shape: number[];
  dtype: DType;
  values: DataArray;
  /** `'optimizer'` for optimizer state. */
  group: 'model' | 'optimizer';
}

/** A tensor to encode, under a manifest name. */
export interface NamedWeight {
  name: string;
  tensor: Tensor;
  group?: 'optimizer';
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Encodes tensors into manifest specs and one buffer of their bytes, in order. */
export function encodeWeights(weights: readonly NamedWeight[]): {
  specs: WeightSpec[];
  data: ArrayBuffer;
} {
  const specs: WeightSpec[] = [];
  const arrays: DataArray[] = [];
  let total = 0;
  for (const w of weights) {
    const values = w.tensor.dataSync();
    const spec: WeightSpec = { name: w.name, shape: [...w.tensor.shape], dtype: w.tensor.dtype };
    if (w.group) spec.group = w.group;
    specs.push(spec);
    arrays.push(values);
    total += values.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const a of arrays) {
    if (LITTLE_ENDIAN || a instanceof Uint8Array) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    } else {
      const view = new DataView(out.buffer, offset, a.byteLength);
      const float = a instanceof Float32Array;
      for (let i = 0; i < a.length; i++) {
        if (float) view.setFloat32(i * 4, a[i]!, true);
        else view.setInt32(i * 4, a[i]!, true);
      }
    }
    offset += a.byteLength;
  }
  return { specs, data: out.buffer };
}

/** Cuts `data` into shards of at most `shardBytes`, named `group1-shard<i>of<n>.bin`. */
export function splitShards(
  data: ArrayBuffer,
  shardBytes = SHARD_BYTES,
  prefix = 'group1',
): { path: string; bytes: Uint8Array }[] {
  const n = Math.ceil(data.byteLength / shardBytes);
  const out: { path: string; bytes: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) {
    const start = i * shardBytes;
    const end = Math.min(data.byteLength, start + shardBytes);
    out.push({
      path: `${prefix}-shard${i + 1}of${n}.bin`,
      bytes: new Uint8Array(data, start, end - start),
    });
  }
  return out;
}

/** The concatenation of several buffers (TF.js allows `weightData` to be a list). */
export function concatBuffers(
  data: ArrayBuffer | readonly ArrayBuffer[] | readonly Uint8Array[],
): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const parts = (data as readonly (ArrayBuffer | Uint8Array)[]).map((p) =>
    p instanceof Uint8Array ? p : new Uint8Array(p),
  );
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

function fail(where: string, message: string, weight?: string): never {
  throw new ModelIOError(`${where}: ${message}`, { file: where, weight });
}

function parseQuantization(q: unknown, where: string, name: string): WeightQuantization {
  if (!isObject(q))
    fail(where, `weight '${name}': quantization must be an object, received ${show(q)}`, name);
  const dtype = own(q, 'dtype');
  if (dtype !== 'uint8' && dtype !== 'uint16' && dtype !== 'float16') {
    fail(
      where,
      `weight '${name}': quantization dtype must be 'uint8', 'uint16' or 'float16', received ${show(dtype)}`,
      name,
    );
  }
  if (dtype === 'float16') return { dtype };
  const scale = own(q, 'scale');
  const min = own(q, 'min');
  if (
    typeof scale !== 'number' ||
    !Number.isFinite(scale) ||
    typeof min !== 'number' ||
    !Number.isFinite(min)
  ) {
    fail(
      where,
      `weight '${name}': ${dtype} quantization needs finite numbers scale and min, received ${show(q)}`,
      name,
    );
  }
  return { dtype, scale, min };
}

/** Checks one manifest entry and returns it typed. */
export function parseWeightSpec(x: unknown, where: string, index: number): WeightSpec {
  if (!isObject(x))
    fail(
      where,
      `weightsManifest entry ${index} must be an object {name, shape, dtype}, received ${show(x)}`,
    );
  const name = own(x, 'name');
  if (typeof name !== 'string' || name === '') {
    fail(
      where,
      `weightsManifest entry ${index} needs a non-empty string name, received ${show(name)}`,
    );
  }
  const shape = own(x, 'shape');
  if (!isShape(shape)) {
    fail(
      where,
      `weight '${name}': shape must be a list of non-negative integers, received ${show(shape)}`,
      name,
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > MAX_WEIGHT_VALUES) {
    fail(
      where,
      `weight '${name}' claims shape [${shape.join(',')}] (${count.toExponential(2)} values), more than the ${MAX_WEIGHT_VALUES} values Neurite loads for one weight; the file is damaged or not a model`,
      name,
    );
  }
  const dtype = own(x, 'dtype');
  if (dtype === 'string' || dtype === 'complex64') {
    fail(
      where,
      `weight '${name}' has dtype ${dtype}, which Neurite does not support (float32, int32 or bool)`,
      name,
    );
  }
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') {
    fail(
      where,
      `weight '${name}': dtype must be 'float32', 'int32' or 'bool', received ${show(dtype)}`,
      name,
    );
  }
  const spec: WeightSpec = { name, shape: [...shape], dtype };
  const group = own(x, 'group');
  if (group === 'optimizer') spec.group = 'optimizer';
  else if (group !== undefined && group !== null && group !== 'model') {
    fail(
      where,
      `weight '${name}': group must be 'model' or 'optimizer', received ${show(group)}`,
      name,
    );
  }
  const q = own(x, 'quantization');
  if (q !== undefined && q !== null) {
    if (dtype === 'bool') fail(where, `weight '${name}': a bool weight cannot be quantized`, name);
    spec.quantization = parseQuantization(q, where, name);
  }
  return spec;
}

/** Checks a `weightsManifest` (a list of `{paths, weights}` groups). */
export function parseManifest(x: unknown, where: string): WeightGroup[] {
  if (!Array.isArray(x))
    fail(where, `weightsManifest must be a list of {paths, weights} groups, received ${show(x)}`);
  // Bounded before any entry is checked: each costs work here and on the disk.
  checkCount(x.length, MAX_SHARDS, where, 'weightsManifest', 'groups', WHY_SHARDS);
  const count = x.reduce<number>((n, g) => {
    const w = isObject(g) ? own(g, 'weights') : undefined;
    return n + (Array.isArray(w) ? w.length : 0);
  }, 0);
  checkCount(count, MAX_WEIGHTS, where, 'weightsManifest', 'weights', WHY_WEIGHTS);
  let index = 0;
  return x.map((g, gi): WeightGroup => {
    if (!isObject(g))
      fail(
        where,
        `weightsManifest group ${gi} must be an object {paths, weights}, received ${show(g)}`,
      );
    const paths = own(g, 'paths');
    const weights = own(g, 'weights');
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      fail(
        where,
        `weightsManifest group ${gi}: paths must be a list of file names, received ${show(paths)}`,
      );
    }
    if (!Array.isArray(weights)) {
      fail(where, `weightsManifest group ${gi}: weights must be a list, received ${show(weights)}`);
    }
    return {
      paths: [...paths] as string[],
      weights: weights.map((w) => parseWeightSpec(w, where, index++)),
    };
  });
}

/** Checks a list of specs (an artifacts' `weightSpecs`): each entry, and names unique per group. */
export function parseWeightSpecs(x: unknown, where: string): WeightSpec[] {
  if (!Array.isArray(x)) fail(where, `weightSpecs must be a list, received ${show(x)}`);
  checkCount(x.length, MAX_WEIGHTS, where, 'weightSpecs', 'weights', WHY_WEIGHTS);
  const specs = x.map((s, i) => parseWeightSpec(s, where, i));
  checkUniqueNames(specs, where);
  return specs;
}

/** Refuses two entries of one group with the same name (which one would be meant?). */
export function checkUniqueNames(specs: readonly WeightSpec[], where: string): void {
  const seen = new Set<string>();
  for (const s of specs) {
    const key = `${s.group ?? 'model'}:${s.name}`;
    if (seen.has(key)) fail(where, `weight '${s.name}' appears twice in the manifest`, s.name);
    seen.add(key);
  }
}

/** Bytes a spec takes in the shards. */
export function specBytes(spec: WeightSpec): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  return count * BYTES[spec.quantization?.dtype ?? spec.dtype]!;
}

/** Bytes all specs take. */
export function totalBytes(specs: readonly WeightSpec[]): number {
  return specs.reduce((s, w) => s + specBytes(w), 0);
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

function decodeOne(bytes: Uint8Array, spec: WeightSpec): DataArray {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.dtype as DType;
  const q = spec.quantization;
  if (q) {
    const out = dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const round = dtype === 'int32';
    for (let i = 0; i < count; i++) {
      let v: number;
      if (q.dtype === 'float16') v = halfToFloat(view.getUint16(i * 2, true));
      else {
        const raw = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true);
        v = raw * q.scale! + q.min!;
      }
      out[i] = round ? Math.round(v) : v;
    }
    return out;
  }
  if (dtype === 'bool') return bytes.slice();
  if (LITTLE_ENDIAN) {
    const copy = bytes.slice().buffer;
    return dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = dtype === 'float32' ? new Float32Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = dtype === 'float32' ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true);
  }
  return out;
}

/**
 * Decodes the concatenated bytes of `specs` (already checked by `parseWeightSpec`). The byte
 * count must be exact: fewer means a truncated or missing shard, more a damaged manifest.
 */
export function decodeWeights(
  data: Uint8Array,
  specs: readonly WeightSpec[],
  where: string,
): DecodedWeight[] {
  const expected = totalBytes(specs);
  if (data.byteLength < expected) {
    fail(
      where,
      `the weight data holds ${data.byteLength} bytes but the manifest describes ${expected}; a shard is truncated or missing`,
    );
  }
  if (data.byteLength > expected) {
    fail(
      where,
      `the weight data holds ${data.byteLength} bytes but the manifest describes only ${expected}; the manifest does not match the shards`,
    );
  }
  const out: DecodedWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    const n = specBytes(spec);
    out.push({
      name: spec.name,
      shape: [...spec.shape],
      dtype: spec.dtype as DType,
      values: decodeOne(data.subarray(offset, offset + n), spec),
      group: spec.group === 'optimizer' ? 'optimizer' : 'model',
    });
    offset += n;
  }
  return out;
}
