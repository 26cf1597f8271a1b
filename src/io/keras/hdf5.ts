/**
 * HDF5 files as plain trees, through h5wasm (the HDF5 C library compiled to WebAssembly).
 * `readH5` turns a file's bytes into a {@link H5Group} tree (groups, datasets with their
 * values, attributes); `writeH5` turns such a tree back into bytes. The Keras formats work
 * on these trees only, so they never touch h5wasm and their structure can be compared.
 *
 * h5wasm is imported lazily (`await import('h5wasm')`): the core bundle loads it only when
 * a Keras file is read or written. Its ES module build keeps files in an in-memory file
 * system in Node and in browsers alike; nothing here touches the disk (the `h5wasm/node`
 * build would). A file is checked before h5wasm sees it (the HDF5 signature), every
 * dataset's size is checked before its values are read, and any failure inside h5wasm
 * becomes a ModelIOError naming the file and the HDF5 path.
 */
import { ModelIOError } from '../model-io-error.js';

/** Numeric dtypes of datasets and attributes. */
export type H5NumericType =
  | 'float16'
  | 'float32'
  | 'float64'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64';

/** A dataset's values (float16 is widened to float32 when read). */
export type H5Array =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * An attribute: a string or list of strings (`vlen` UTF-8 strings as h5py writes `str`, or
 * fixed-length byte strings as it writes `bytes`), or numbers.
 */
export type H5Attr =
  | { kind: 'string'; value: string | string[]; fixed?: boolean }
  | { kind: 'number'; dtype: H5NumericType; value: number | number[] }
  | { kind: 'other'; dtype: string };

/** A dataset: its dtype, shape and values in C order. */
export interface H5Dataset {
  kind: 'dataset';
  dtype: H5NumericType | 'other';
  shape: number[];
  /** The values; null for a dtype Neurite does not read (compound, strings, …). */
  data: H5Array | null;
  attrs: Record<string, H5Attr>;
}

/** A group: attributes and children by name (in the order written, or HDF5's name order when read). */
export interface H5Group {
  kind: 'group';
  attrs: Record<string, H5Attr>;
  children: Map<string, H5Node>;
}

/** A node of the tree. */
export type H5Node = H5Group | H5Dataset;

/** The 8 bytes every HDF5 file starts with (at offset 0 for the files Keras writes). */
export const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether `bytes` start with the HDF5 signature. */
export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && HDF5_MAGIC.every((b, i) => bytes[i] === b);
}

/** Limits of what `readH5` reads, so a hostile file cannot make it allocate or walk without end. */
export interface H5Limits {
  /** Groups, datasets and attributes in all. */
  maxNodes: number;
  /** Nesting of groups. */
  maxDepth: number;
  /** Bytes of all dataset values together. */
  maxBytes: number;
}

/** Defaults: far above any Keras model file, far below what would hurt. */
export const H5_LIMITS: H5Limits = { maxNodes: 1_000_000, maxDepth: 64, maxBytes: 2 ** 31 - 1 };

/** The largest attribute read (model_config of the largest Keras models is a few MiB). */
const MAX_ATTR_BYTES = 64 * 1024 * 1024;
/** Deflate expands at most ~1032×: a filtered dataset claiming more than this per file byte is damaged. */
const MAX_FILTER_RATIO = 1100;

// ---- the h5wasm module, loaded once -------------------------------------------------------

/** What this file uses of h5wasm (its own types are looser than these, or stricter in places). */
export type H5wasm = typeof import('h5wasm');

/** The part of Emscripten's in-memory file system used here. */
export interface MemFs {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
}

function isMemFs(x: unknown): x is MemFs {
  if (typeof x !== 'object' || x === null) return false;
  return ['writeFile', 'readFile', 'unlink'].every(
    (k) => typeof (x as Record<string, unknown>)[k] === 'function',
  );
}

let loaded: Promise<{ h5: H5wasm; fs: MemFs }> | null = null;
let counter = 0;

/** A fresh name in h5wasm's in-memory file system. */
export function memoryFileName(kind: string): string {
  return `/neurite-${kind}-${++counter}.h5`;
}

/** h5wasm, ready, with HDF5's diagnostic printing to stderr silenced (errors are thrown here instead). */
export function h5wasm(): Promise<{ h5: H5wasm; fs: MemFs }> {
  loaded ??= (async () => {
    const h5 = await import('h5wasm');
    const module = await h5.ready;
    const fs: unknown = module.FS;
    if (!isMemFs(fs)) throw new Error('internal: h5wasm has no in-memory file system');
    silenceStderr(fs);
    return { h5, fs };
  })();
  return loaded;
}

/**
 * HDF5 prints an error stack to stderr for every failed call (a missing attribute is one):
 * point the module's stderr (file descriptor 2) at /dev/null.
 */
function silenceStderr(fs: unknown): void {
  const f = fs as {
    streams?: unknown[];
    close?: (s: unknown) => void;
    open?: (p: string, m: string) => { fd: number };
  };
  if (!Array.isArray(f.streams) || typeof f.close !== 'function' || typeof f.open !== 'function')
    return;
  const err = f.streams[2];
  if (!err) return;
  f.close(err);
  const opened = f.open('/dev/null', 'w');
  if (opened.fd !== 2) f.close(opened); // should not happen: 2 was the lowest free descriptor
}

function fail(where: string, message: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${message}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- reading ------------------------------------------------------------------------------

interface Metadata {
  type: number;
  size: number;
  signed?: boolean;
  vlen?: boolean;
  littleEndian?: boolean;
  shape?: number[] | null;
  total_size?: number;
}

/** HDF5 type classes (H5T_class_t). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;

function numericType(m: Metadata): H5NumericType | null {
  if (m.type === H5T_FLOAT) {
    return m.size === 2 ? 'float16' : m.size === 4 ? 'float32' : m.size === 8 ? 'float64' : null;
  }
  if (m.type === H5T_INTEGER) {
    const bits = m.size * 8;
    if (![8, 16, 32, 64].includes(bits)) return null;
    return `${m.signed ? 'int' : 'uint'}${bits}` as H5NumericType;
  }
  return null;
}

/** Element count of a shape, or -1 when it is not a list of safe non-negative integers. */
function elements(shape: readonly unknown[]): number {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) return -1;
    n *= d;
    if (!Number.isSafeInteger(n)) return -1;
  }
  return n;
}

/** float16 bits → float32 values. */
function halfToFloat(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    out[i] =
      e === 0
        ? s * 2 ** -14 * (f / 1024)
        : e === 31
          ? f
            ? NaN
            : s * Infinity
          : s * 2 ** (e - 15) * (1 + f / 1024);
  }
  return out;
}

function typedArrayFor(dtype: H5NumericType, value: unknown): H5Array | null {
  const ctor: Record<H5NumericType, new (...a: never[]) => H5Array> = {
    float16: Uint16Array,
    float32: Float32Array,
    float64: Float64Array,
    int8: Int8Array,
    uint8: Uint8Array,
    int16: Int16Array,
    uint16: Uint16Array,
    int32: Int32Array,
    uint32: Uint32Array,
    int64: BigInt64Array,
    uint64: BigUint64Array,
  };
  const C = ctor[dtype];
  if (value instanceof C) return dtype === 'float16' ? halfToFloat(value as Uint16Array) : value;
  if (typeof value === 'number' || typeof value === 'bigint') {
    // A scalar dataset: h5wasm returns the bare value.
    if (dtype === 'int64' || dtype === 'uint64') {
      const big = typeof value === 'bigint' ? value : BigInt(value);
      return dtype === 'int64' ? BigInt64Array.of(big) : BigUint64Array.of(big);
    }
    const n = Number(value);
    if (dtype === 'float16') return Float32Array.of(n);
    const arr: H5Array = new ctor[dtype](1 as never);
    (arr as Float64Array)[0] = n;
    return arr;
  }
  return null;
}

function isNumberArray(v: unknown): v is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

interface ReadState {
  where: string;
  fileBytes: number;
  nodes: number;
  bytes: number;
  limits: H5Limits;
}

type H5Object = {
  attrs: Record<string, { metadata: Metadata; value: unknown }>;
};

function readAttrs(obj: H5Object, path: string, st: ReadState): Record<string, H5Attr> {
  const out: Record<string, H5Attr> = Object.create(null) as Record<string, H5Attr>;
  for (const [name, attr] of Object.entries(obj.attrs)) {
    if (++st.nodes > st.limits.maxNodes)
      fail(
        st.where,
        `more than ${st.limits.maxNodes} HDF5 objects; the file is damaged or not a model`,
      );
    const m = attr.metadata;
    const count = elements(m.shape ?? []);
    const bytes = count * (m.vlen ? 16 : m.size);
    if (count < 0 || bytes > MAX_ATTR_BYTES) {
      fail(
        st.where,
        `HDF5 attribute '${name}' of '${path}' has shape ${JSON.stringify(m.shape)} (${bytes} bytes), more than the ${MAX_ATTR_BYTES} bytes an attribute may have`,
      );
    }
    if (m.type === H5T_STRING) {
      const v = attr.value;
      const fixed = m.vlen !== true;
      if (typeof v === 'string') out[name] = { kind: 'string', value: v, fixed };
      else if (Array.isArray(v) && v.every((s): s is string => typeof s === 'string'))
        out[name] = { kind: 'string', value: v, fixed };
      else out[name] = { kind: 'other', dtype: 'string' };
      continue;
    }
    const dtype = numericType(m);
    const v = attr.value;
    if (dtype && (typeof v === 'number' || typeof v === 'bigint'))
      out[name] = { kind: 'number', dtype, value: Number(v) };
    else if (dtype && isNumberArray(v)) {
      const arr = Array.from(v, Number);
      out[name] = { kind: 'number', dtype, value: arr };
    } else out[name] = { kind: 'other', dtype: `class ${m.type}` };
  }
  return out;
}

interface H5DatasetLike extends H5Object {
  metadata: Metadata & { chunks?: number[] | null };
  filters: unknown[];
  value: unknown;
}
interface H5GroupLike extends H5Object {
  keys(): string[];
  get(name: string): unknown;
}

function readDataset(ds: H5DatasetLike, path: string, st: ReadState): H5Dataset {
  const m = ds.metadata;
  const shape = m.shape ?? [];
  const count = elements(shape);
  const dtype = numericType(m);
  if (count < 0)
    fail(st.where, `HDF5 dataset '${path}' has an invalid shape ${JSON.stringify(shape)}`);
  const attrs = readAttrs(ds, path, st);
  if (!dtype) return { kind: 'dataset', dtype: 'other', shape, data: null, attrs };
  if (m.littleEndian === false && m.size > 1)
    fail(
      st.where,
      `HDF5 dataset '${path}' is big-endian ${dtype}; Neurite reads little-endian data`,
    );
  const bytes = count * m.size;
  const filtered = Array.isArray(ds.filters) && ds.filters.length > 0;
  const cap = filtered ? st.fileBytes * MAX_FILTER_RATIO : st.fileBytes;
  if (bytes > cap || st.bytes + bytes > st.limits.maxBytes) {
    fail(
      st.where,
      `HDF5 dataset '${path}' has shape [${shape.join(',')}] (${bytes} bytes of ${dtype}), more than ${bytes > cap ? `a ${st.fileBytes}-byte file can hold` : `the ${st.limits.maxBytes} bytes of weights Neurite reads`}; the file is damaged or not a model`,
    );
  }
  st.bytes += bytes;
  const data = typedArrayFor(dtype, ds.value);
  if (!data || data.length !== count)
    fail(st.where, `HDF5 dataset '${path}': could not read its ${count} ${dtype} values`);
  return { kind: 'dataset', dtype: dtype === 'float16' ? 'float32' : dtype, shape, data, attrs };
}

function readGroup(
  g: H5GroupLike,
  path: string,
  depth: number,
  st: ReadState,
  h5: H5wasm,
): H5Group {
  if (depth > st.limits.maxDepth)
    fail(st.where, `HDF5 groups nested more than ${st.limits.maxDepth} deep at '${path}'`);
  const out: H5Group = { kind: 'group', attrs: readAttrs(g, path, st), children: new Map() };
  for (const name of g.keys()) {
    if (++st.nodes > st.limits.maxNodes)
      fail(
        st.where,
        `more than ${st.limits.maxNodes} HDF5 objects; the file is damaged or not a model`,
      );
    const child = g.get(name);
    const p = path === '/' ? `/${name}` : `${path}/${name}`;
    if (child instanceof h5.Group) out.children.set(name, readGroup(child, p, depth + 1, st, h5));
    else if (child instanceof h5.Dataset) out.children.set(name, readDataset(child, p, st));
    // Links, named datatypes and references are not part of a Keras file: skipped.
  }
  return out;
}

/**
 * Reads a whole HDF5 file into a tree. `where` names it in errors (`model.keras
 * (model.weights.h5)`).
 *
 * @throws ModelIOError for bytes that are not HDF5, a damaged file, or a dataset larger
 *   than the file or the limits allow.
 */
export async function readH5(
  bytes: Uint8Array,
  where: string,
  limits: H5Limits = H5_LIMITS,
): Promise<H5Group> {
  if (!isHdf5(bytes)) {
    const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    fail(
      where,
      `not an HDF5 file: expected the signature 89 48 44 46 0d 0a 1a 0a, received ${head || '(empty)'}`,
    );
  }
  const { h5, fs } = await h5wasm();
  const name = memoryFileName('read');
  fs.writeFile(name, bytes);
  let file: InstanceType<H5wasm['File']> | null = null;
  try {
    try {
      file = new h5.File(name, 'r');
    } catch (e) {
      fail(where, `damaged HDF5 file: ${message(e)}`, e);
    }
    if (file.file_id < 0n)
      fail(where, 'damaged HDF5 file: HDF5 cannot open it (truncated or corrupted)');
    const st: ReadState = { where, fileBytes: bytes.length, nodes: 0, bytes: 0, limits };
    try {
      return readGroup(file, '/', 0, st, h5);
    } catch (e) {
      if (e instanceof ModelIOError) throw e;
      return fail(where, `damaged HDF5 file: ${message(e)}`, e);
    }
  } finally {
    try {
      if (file && file.file_id >= 0n) file.close();
    } catch {
      // closing a damaged file may fail too; the memory file is removed below
    }
    fs.unlink(name);
  }
}

// ---- building trees -----------------------------------------------------------------------

/** A new empty group. */
export function group(attrs: Record<string, H5Attr> = {}): H5Group {
  return { kind: 'group', attrs, children: new Map() };
}

/** A child group of `parent` (created when missing). `path` may have several `/`-separated parts. */
export function groupAt(parent: H5Group, path: string): H5Group {
  let g = parent;
  for (const part of path.split('/').filter((p) => p !== '')) {
    const c = g.children.get(part);
    if (c?.kind === 'group') g = c;
    else {
      const n = group();
      g.children.set(part, n);
      g = n;
    }
  }
  return g;
}

/** The node at `path` below `g`, or undefined. */
export function nodeAt(g: H5Group, path: string): H5Node | undefined {
  let n: H5Node = g;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (n.kind !== 'group') return undefined;
    const c = n.children.get(part);
    if (!c) return undefined;
    n = c;
  }
  return n;
}

/** A string attribute (vlen UTF-8 as h5py writes Python `str`). */
export function strAttr(value: string | string[], fixed = false): H5Attr {
  return { kind: 'string', value, fixed };
}

/** An attribute's strings (a single string as a list of one), or undefined when it holds none. */
export function attrStrings(a: H5Attr | undefined): string[] | undefined {
  if (!a) return undefined;
  if (a.kind === 'string') return Array.isArray(a.value) ? a.value : [a.value];
  // h5py writes an empty list of names as an empty float64 array.
  if (a.kind === 'number' && Array.isArray(a.value) && a.value.length === 0) return [];
  return undefined;
}

/** A list attribute, joined from its `name0, name1, …` chunks when split. */
export function listAttr(g: H5Group, name: string): string[] {
  const whole = attrStrings(g.attrs[name]);
  if (whole) return whole;
  const out: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    const part = attrStrings(g.attrs[`${name}${i}`]);
    if (!part) break;
    out.push(...part);
  }
  return out;
}
