/**
 * The single-file model formats Neurite reads and writes, in one list. Adding a format:
 * its module under `src/io/<format>/` exporting a {@link ModelFileFormat}, and one line
 * in `FILE_FORMATS` below.
 */
import type { ModelFileFormat } from './file-format.js';
import { H5_FORMAT } from './keras/h5-format.js';
import { KERAS_FORMAT } from './keras/keras-format.js';
import { ModelIOError } from './model-io-error.js';
import { ONNX_FORMAT } from './onnx/onnx-format.js';

/** Every single-file format; sniffing tries them in this order. */
export const FILE_FORMATS: readonly ModelFileFormat[] = [KERAS_FORMAT, H5_FORMAT, ONNX_FORMAT];

/** The lower-case extension of a path (`'.keras'`), or `''`. */
export function extensionOf(path: string): string {
  const base =
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The format whose extensions include `path`'s, or undefined. */
export function formatForPath(path: string): ModelFileFormat | undefined {
  const ext = extensionOf(path);
  return ext === '' ? undefined : FILE_FORMATS.find((f) => f.extensions.includes(ext));
}

/** The format with this short name (`'keras'`), or undefined. */
export function formatByName(name: string): ModelFileFormat | undefined {
  return FILE_FORMATS.find((f) => f.name === name);
}

/** What the registered formats are, for messages: `Keras 3 (.keras), …`. */
export function formatList(): string {
  return FILE_FORMATS.map((f) => f.description).join(', ');
}

/**
 * The format of a file's bytes: its magic bytes first (a `.keras` name on an HDF5 file is
 * read as HDF5, as Keras does), then its name's extension.
 * @throws ModelIOError naming `where` when neither identifies a format.
 */
export function formatForBytes(bytes: Uint8Array, where: string): ModelFileFormat {
  const sniffed = FILE_FORMATS.find((f) => f.sniff(bytes));
  if (sniffed) return sniffed;
  const byName = formatForPath(where);
  if (byName) return byName;
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ModelIOError(
    `${where}: not a model file Neurite reads: expected one of ${formatList() || '(none registered)'} or a TF.js layers folder, received ${bytes.length} bytes starting ${head === '' ? '(empty)' : head}`,
    { file: where },
  );
}
