/**
 * Writing an HDF5 tree (hdf5.ts) as the bytes of a file, through h5wasm's in-memory file
 * system: nothing touches the disk.
 */
import { ModelIOError } from '../model-io-error.js';
import {
  type H5Attr,
  type H5Group,
  type H5NumericType,
  h5wasm,
  memoryFileName,
  message,
} from './hdf5.js';

function fail(where: string, text: string, cause?: unknown): never {
  throw new ModelIOError(
    `${where}: ${text}`,
    { file: where },
    cause === undefined ? undefined : { cause },
  );
}

const WRITE_DTYPES: Partial<Record<H5NumericType, string>> = {
  float32: '<f',
  float64: '<d',
  int8: '|b',
  uint8: '|B',
  int16: '<h',
  uint16: '<H',
  int32: '<i',
  uint32: '<I',
  int64: '<q',
  uint64: '<Q',
};

type Writable = {
  create_attribute(
    name: string,
    data: unknown,
    shape?: number[] | null,
    dtype?: string | null,
  ): void;
};
type WritableGroup = Writable & {
  create_group(name: string): WritableGroup;
  create_dataset(args: {
    name: string;
    data: unknown;
    shape?: number[] | null;
    dtype?: string | null;
  }): Writable;
};

function writeAttrs(obj: Writable, attrs: Record<string, H5Attr>): void {
  for (const [name, a] of Object.entries(attrs)) {
    if (a.kind === 'string') {
      if (a.fixed) {
        // Fixed-length byte strings, as h5py writes numpy `S` arrays (`layer_names` in Keras 2).
        const list = Array.isArray(a.value) ? a.value : [a.value];
        const width = Math.max(1, ...list.map((s) => new TextEncoder().encode(s).length));
        obj.create_attribute(
          name,
          a.value,
          Array.isArray(a.value) ? [list.length] : [],
          `S${width}`,
        );
      } else obj.create_attribute(name, a.value);
    } else if (a.kind === 'number') {
      const dt = WRITE_DTYPES[a.dtype] ?? '<d';
      if (Array.isArray(a.value)) obj.create_attribute(name, a.value, [a.value.length], dt);
      else obj.create_attribute(name, a.value, [], dt);
    }
  }
}

function writeGroup(g: WritableGroup, node: H5Group): void {
  writeAttrs(g, node.attrs);
  for (const [name, child] of node.children) {
    if (child.kind === 'group') writeGroup(g.create_group(name), child);
    else {
      if (!child.data || child.dtype === 'other' || child.dtype === 'float16')
        throw new Error(`internal: dataset '${name}' has no values to write`);
      const ds = g.create_dataset({
        name,
        data: child.data,
        shape: child.shape,
        dtype: WRITE_DTYPES[child.dtype] ?? null,
      });
      writeAttrs(ds, child.attrs);
    }
  }
}

/**
 * Writes a tree as the bytes of an HDF5 file (in memory; nothing touches the disk).
 * Children are written in their map order; readers see them in HDF5's name order.
 */
export async function writeH5(root: H5Group, where: string): Promise<Uint8Array> {
  const { h5, fs } = await h5wasm();
  const name = memoryFileName('write');
  try {
    const file = new h5.File(name, 'w');
    try {
      writeGroup(file as unknown as WritableGroup, root);
    } finally {
      file.close();
    }
    return fs.readFile(name).slice();
  } catch (e) {
    return fail(where, `could not write the HDF5 data: ${message(e)}`, e);
  } finally {
    try {
      fs.unlink(name);
    } catch {
      // never created
    }
  }
}
