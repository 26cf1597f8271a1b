/**
 * Constant tensors of an ONNX file (initializers, Constant nodes, folded shape arithmetic):
 * decoding a TensorProto with every size checked before anything is allocated, and the
 * attribute accessors the op converters use. Nothing here reads outside the file's bytes:
 * external data is refused.
 */
import { ONNX_ATTRIBUTE, type OnnxAttribute, type OnnxTensor } from '../proto.js';
import { ModelIOError } from '../../model-io-error.js';

/** The largest rank a tensor in an imported file may have. */
export const MAX_RANK = 8;
/** The most elements one constant may hold (2^28 floats is 1 GiB). */
export const MAX_ELEMENTS = 2 ** 28;

/**
 * A constant. Floats are kept as float32 (weights), integers and booleans as float64 (exact
 * to 2^53). `unknown` marks entries of an integer vector computed from a dynamic dimension
 * (the batch size given by `Shape`): they fold on, but only a Reshape's batch entry may use
 * them.
 */
export interface ConstTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array | Float64Array;
  readonly isFloat: boolean;
  readonly unknown?: readonly boolean[];
}

/** Bytes per element, by TensorProto.DataType. */
const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  1: 4, // FLOAT
  2: 1, // UINT8
  3: 1, // INT8
  4: 2, // UINT16
  5: 2, // INT16
  6: 4, // INT32
  7: 8, // INT64
  9: 1, // BOOL
  10: 2, // FLOAT16
  11: 8, // DOUBLE
  12: 4, // UINT32
  13: 8, // UINT64
};
const DTYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'UNDEFINED',
  1: 'FLOAT',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  8: 'STRING',
  9: 'BOOL',
  10: 'FLOAT16',
  11: 'DOUBLE',
  12: 'UINT32',
  13: 'UINT64',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BFLOAT16',
};

/** `FLOAT (1)`, for messages. */
export function dtypeName(t: number | undefined): string {
  return `${DTYPE_NAMES[t ?? 0] ?? 'unknown'} (${t ?? 0})`;
}

const isFloatType = (t: number): boolean => t === 1 || t === 10 || t === 11;

/** Checks dims (rank, non-negative safe integers) and returns the element count. */
export function checkDims(dims: readonly unknown[], where: string, what: string): number {
  if (dims.length > MAX_RANK) {
    throw new ModelIOError(
      `${where}: ${what} has rank ${dims.length}, more than the ${MAX_RANK} Neurite imports`,
      { file: where },
    );
  }
  let n = 1;
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ModelIOError(
        `${where}: ${what} has dims [${dims.join(',')}]: expected non-negative integers`,
        { file: where },
      );
    }
    n *= d;
  }
  if (n > MAX_ELEMENTS) {
    throw new ModelIOError(
      `${where}: ${what} has dims [${dims.join(',')}] (${n} values), more than the ${MAX_ELEMENTS} Neurite loads in one tensor`,
      { file: where },
    );
  }
  return n;
}

/** float16 bits → number. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Reads `n` elements of type `t` from little-endian raw bytes. */
function fromRaw(raw: Uint8Array, t: number, n: number): Float32Array | Float64Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = isFloatType(t) ? new Float32Array(n) : new Float64Array(n);
  const size = ELEMENT_BYTES[t]!;
  for (let i = 0; i < n; i++) {
    const o = i * size;
    switch (t) {
      case 1:
        out[i] = view.getFloat32(o, true);
        break;
      case 2:
        out[i] = view.getUint8(o);
        break;
      case 3:
        out[i] = view.getInt8(o);
        break;
      case 4:
        out[i] = view.getUint16(o, true);
        break;
      case 5:
        out[i] = view.getInt16(o, true);
        break;
      case 6:
        out[i] = view.getInt32(o, true);
        break;
      case 7:
        out[i] = Number(view.getBigInt64(o, true));
        break;
      case 9:
        out[i] = view.getUint8(o) ? 1 : 0;
        break;
      case 10:
        out[i] = halfToFloat(view.getUint16(o, true));
        break;
      case 11:
        out[i] = view.getFloat64(o, true);
        break;
      case 12:
        out[i] = view.getUint32(o, true);
        break;
      default:
        out[i] = Number(view.getBigUint64(o, true));
        break;
    }
  }
  return out;
}

/**
 * Decodes a TensorProto: dims checked, then the byte length of `raw_data` (or the length of
 * the typed field) against dims × the element size, before the values are copied.
 */
export function decodeTensor(t: OnnxTensor, where: string, what: string): ConstTensor {
  const dims = t.dims ?? [];
  const n = checkDims(dims, where, what);
  const type = t.dataType ?? 0;
  if ((t.dataLocation ?? 0) !== 0 || (t.externalData?.length ?? 0) > 0) {
    throw new ModelIOError(
      `${where}: ${what} keeps its values in an external file; Neurite reads only what is inside the .onnx file (save the model with its weights inside, e.g. onnx.save(model, path, save_as_external_data=False))`,
      { file: where },
    );
  }
  const size = ELEMENT_BYTES[type];
  if (size === undefined) {
    throw new ModelIOError(
      `${where}: ${what} has data type ${dtypeName(type)}; Neurite imports FLOAT, FLOAT16, DOUBLE and integer/bool tensors`,
      { file: where },
    );
  }
  const raw = t.rawData;
  if (raw !== undefined && raw.length > 0) {
    if (raw.length !== n * size) {
      throw new ModelIOError(
        `${where}: ${what} has dims [${dims.join(',')}] of ${dtypeName(type)}: expected ${n * size} bytes of raw_data, received ${raw.length}`,
        { file: where },
      );
    }
    return { dims: [...dims], data: fromRaw(raw, type, n), isFloat: isFloatType(type) };
  }
  // The typed fields: floats in float_data, doubles in double_data, int64 in int64_data,
  // the other integer types (and float16 bits) in int32_data.
  const field: readonly number[] | undefined =
    type === 1
      ? t.floatData
      : type === 11
        ? t.doubleData
        : type === 7
          ? t.int64Data
          : type === 13
            ? undefined
            : t.int32Data;
  const values = field ?? [];
  if (values.length !== n) {
    throw new ModelIOError(
      `${where}: ${what} has dims [${dims.join(',')}] (${n} values) of ${dtypeName(type)}, but its data field holds ${values.length}`,
      { file: where },
    );
  }
  const out = isFloatType(type) ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = type === 10 ? halfToFloat(values[i]!) : values[i]!;
  return { dims: [...dims], data: out, isFloat: isFloatType(type) };
}

/** A scalar or vector constant. */
export function constOf(
  values: readonly number[],
  dims: readonly number[],
  isFloat: boolean,
): ConstTensor {
  return {
    dims: [...dims],
    data: isFloat ? Float32Array.from(values) : Float64Array.from(values),
    isFloat,
  };
}

/** A node's attributes by name, with typed accessors whose errors name the node. */
export class Attributes {
  readonly #byName = new Map<string, OnnxAttribute>();
  constructor(
    attrs: readonly OnnxAttribute[],
    private readonly where: string,
    private readonly node: string,
  ) {
    for (const a of attrs) if (a.name) this.#byName.set(a.name, a);
  }
  has(name: string): boolean {
    return this.#byName.has(name);
  }
  #fail(name: string, expected: string): never {
    throw new ModelIOError(
      `${this.where}: node ${this.node}: attribute '${name}' must be ${expected}`,
      { file: this.where },
    );
  }
  int(name: string, fallback: number): number {
    const a = this.#byName.get(name);
    if (!a) return fallback;
    if (a.type !== ONNX_ATTRIBUTE.INT || !Number.isSafeInteger(a.i ?? 0))
      this.#fail(name, 'an integer');
    return a.i ?? 0;
  }
  float(name: string, fallback: number): number {
    const a = this.#byName.get(name);
    if (!a) return fallback;
    if (a.type !== ONNX_ATTRIBUTE.FLOAT) this.#fail(name, 'a float');
    return a.f ?? 0;
  }
  ints(name: string): number[] | undefined {
    const a = this.#byName.get(name);
    if (!a) return undefined;
    const v = a.ints ?? [];
    if (a.type !== ONNX_ATTRIBUTE.INTS || v.length > 64 || v.some((x) => !Number.isSafeInteger(x)))
      this.#fail(name, 'a list of at most 64 integers');
    return [...v];
  }
  floats(name: string): number[] | undefined {
    const a = this.#byName.get(name);
    if (!a) return undefined;
    if (a.type !== ONNX_ATTRIBUTE.FLOATS) this.#fail(name, 'a list of floats');
    return [...(a.floats ?? [])];
  }
  string(name: string, fallback: string): string {
    const a = this.#byName.get(name);
    if (!a) return fallback;
    if (a.type !== ONNX_ATTRIBUTE.STRING || (a.s?.length ?? 0) > 256)
      this.#fail(name, 'a short string');
    return new TextDecoder().decode(a.s ?? new Uint8Array());
  }
  tensor(name: string, what: string): ConstTensor | undefined {
    const a = this.#byName.get(name);
    if (!a) return undefined;
    if (a.type !== ONNX_ATTRIBUTE.TENSOR || !a.t) this.#fail(name, 'a tensor');
    return decodeTensor(a.t, this.where, what);
  }
}
