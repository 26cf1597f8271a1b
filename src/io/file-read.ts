/**
 * Reading a whole single-file model into memory, its size checked first: from a path
 * (Node), a Blob or File (browser and Node), an ArrayBuffer or a Uint8Array.
 */
import { show } from './json.js';
import { MAX_MODEL_FILE_BYTES } from './limits.js';
import { ModelIOError } from './model-io-error.js';
import { nodeModules, toPath } from './node-fs.js';

/** A model file's contents as a caller may hand them over. */
export type ModelBytes = Blob | ArrayBuffer | Uint8Array;

/** Whether `x` is file contents (rather than a path or an IOHandler). */
export function isModelBytes(x: unknown): x is ModelBytes {
  return (
    x instanceof Uint8Array ||
    x instanceof ArrayBuffer ||
    (typeof Blob !== 'undefined' && x instanceof Blob)
  );
}

function checkSize(n: number, where: string): void {
  if (n > MAX_MODEL_FILE_BYTES) {
    throw new ModelIOError(
      `${where}: the file holds ${n} bytes; Neurite reads model files of at most ${MAX_MODEL_FILE_BYTES} bytes (2 GiB)`,
      { file: where },
    );
  }
}

/** What to call bytes in messages: a File's name, else their kind. */
export function bytesName(x: ModelBytes): string {
  if (typeof File !== 'undefined' && x instanceof File && x.name !== '') return x.name;
  if (x instanceof Uint8Array) return 'Uint8Array';
  if (x instanceof ArrayBuffer) return 'ArrayBuffer';
  return 'Blob';
}

/** The bytes of `x`, checked against the size limit before they are copied. */
export async function bytesOf(x: ModelBytes, where: string): Promise<Uint8Array> {
  if (x instanceof Uint8Array) return x;
  if (x instanceof ArrayBuffer) return new Uint8Array(x);
  checkSize(x.size, where);
  return new Uint8Array(await x.arrayBuffer());
}

/** What `p` names (Node): a folder, a file (or anything else that is not a folder), nothing. */
export async function pathKind(p: string): Promise<'folder' | 'file' | 'missing'> {
  const { fs } = await nodeModules(p);
  const st = await fs.stat(await toPath(p)).catch(() => null);
  return st === null ? 'missing' : st.isDirectory() ? 'folder' : 'file';
}

/** Reads the file at `file`, refusing folders and files over the limit before reading. */
export async function readModelFile(file: string): Promise<Uint8Array> {
  const { fs } = await nodeModules(file);
  const p = await toPath(file);
  let st;
  try {
    st = await fs.stat(p);
  } catch (e) {
    throw new ModelIOError(
      `${file}: cannot be read (${(e as Error).message})`,
      { file },
      { cause: e },
    );
  }
  if (!st.isFile()) {
    throw new ModelIOError(
      `${file}: expected a model file, received ${show(st.isDirectory() ? 'a folder' : 'something else')}`,
      { file },
    );
  }
  checkSize(st.size, file);
  try {
    return new Uint8Array(await fs.readFile(p));
  } catch (e) {
    throw new ModelIOError(
      `${file}: cannot be read (${(e as Error).message})`,
      { file },
      { cause: e },
    );
  }
}
