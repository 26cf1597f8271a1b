/**
 * Model paths on the command line: what a path given to `convert` or `summary` holds (a
 * single file in one of the registered formats, recognised by its bytes; a TF.js layers
 * folder or its `model.json`; a run folder of `neurite train`), and where an output path
 * goes (a format chosen by its extension, or a TF.js layers folder). Nothing here loads a
 * model: these checks run first, so a mistake is reported before any work.
 */
import type { ModelFileFormat } from '../io/file-format.js';
import { extensionOf, FILE_FORMATS, formatForBytes, formatForPath } from '../io/formats.js';
import { CliError } from './errors.js';

/** How the TF.js layers format is called in messages. */
export const FOLDER_FORMAT = 'TF.js layers folder';

/** Bytes read to recognise a file (every format's `sniff` needs at most 16). */
const HEAD_BYTES = 64;

/** A model to read. */
export interface ModelSource {
  /** The path as given. */
  given: string;
  /** What `loadModel` takes: a file, a folder, or a folder's JSON file. */
  load: string;
  /** The file or folder that holds the model (a run folder's `model/`). */
  location: string;
  /** The single-file format, or null for a TF.js layers folder. */
  format: ModelFileFormat | null;
  /** The format in words: `Keras 3 (.keras)`, `TF.js layers folder`. */
  description: string;
}

/** Where a model is written. */
export interface ModelDestination {
  /** The path as given. */
  given: string;
  /** What `saveModel` takes: the file, or the folder. */
  save: string;
  /** The single-file format, or null for a TF.js layers folder. */
  format: ModelFileFormat | null;
  /** The format in words. */
  description: string;
}

function systemMessage(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return e instanceof Error ? e.message : String(e);
}

/** A format's description without its extensions: `Keras 3`. */
export function plainName(f: ModelFileFormat): string {
  return f.description.replace(/ \(.*\)$/, '');
}

/** The formats Neurite writes, for messages: `Keras 3 (.keras), …, or a TF.js layers folder (…)`. */
export function writableFormats(): string {
  const files = FILE_FORMATS.map((f) => `${plainName(f)} (${f.extensions.join(', ')})`);
  return `${files.join(', ')}, or a ${FOLDER_FORMAT} (a path without a model file extension, or ending in model.json)`;
}

/** The formats in a sentence: `Keras 3 (.keras), Keras HDF5 (.h5), ONNX (.onnx) and a TF.js layers folder`. */
export function formatNames(): string {
  return `${FILE_FORMATS.map((f) => f.description).join(', ')} and a ${FOLDER_FORMAT}`;
}

/** Every single-file format's main extension: `.keras, .h5, .onnx`. */
export function fileExtensions(): string {
  return FILE_FORMATS.map((f) => f.extensions[0] ?? '').join(', ');
}

/** The formats as help text lines: extensions, then the format. */
export function formatTable(): string {
  const rows: [string, string][] = [
    ...FILE_FORMATS.map((f): [string, string] => [f.extensions.join(', '), plainName(f)]),
    ['other, model.json', `${FOLDER_FORMAT} (model.json + weight shards)`],
  ];
  const width = Math.max(...rows.map(([e]) => e.length));
  return rows.map(([e, d]) => `  ${e.padEnd(width)}  ${d}`).join('\n');
}

/**
 * What `path` holds. A folder is a TF.js layers folder (its `model.json`) or a run folder
 * (`model/model.json`); a `.json` file is a layers folder's JSON file; any other file is
 * recognised by its first bytes, then its extension.
 *
 * @throws CliError when the path is missing or unreadable or holds no model Neurite reads.
 */
export async function modelSource(path: string): Promise<ModelSource> {
  const fs = await import('node:fs/promises');
  const { join, dirname } = await import('node:path');
  const info = await fs.stat(path).catch((e: unknown) => {
    throw new CliError(`cannot read '${path}': ${systemMessage(e)}`);
  });
  const isFile = async (p: string): Promise<boolean> =>
    fs.stat(p).then(
      (s) => s.isFile(),
      () => false,
    );
  if (info.isDirectory()) {
    const run = join(path, 'model');
    if (await isFile(join(run, 'model.json')))
      return { given: path, load: run, location: run, format: null, description: FOLDER_FORMAT };
    if (await isFile(join(path, 'model.json')))
      return { given: path, load: path, location: path, format: null, description: FOLDER_FORMAT };
    throw new CliError(
      `'${path}' is a folder without a model.json (nor model/model.json): not a ${FOLDER_FORMAT} or a run folder of neurite train`,
    );
  }
  if (!info.isFile()) throw new CliError(`cannot read '${path}': not a file or a folder`);
  if (/\.json$/i.test(path)) {
    return {
      given: path,
      load: path,
      location: dirname(path),
      format: null,
      description: FOLDER_FORMAT,
    };
  }
  const head = await readHead(path);
  // Throws a ModelIOError naming the file and its first bytes when no format knows them.
  const format = formatForBytes(head, path);
  return { given: path, load: path, location: path, format, description: format.description };
}

/** The first bytes of a file (fewer when it is shorter). */
async function readHead(path: string): Promise<Uint8Array> {
  const fs = await import('node:fs/promises');
  const head = new Uint8Array(HEAD_BYTES);
  try {
    const fh = await fs.open(path, 'r');
    try {
      const { bytesRead } = await fh.read(head, 0, HEAD_BYTES, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new CliError(`cannot read '${path}': ${systemMessage(e)}`);
  }
}

/**
 * Where `path` goes: a registered format's extension writes that format; `model.json` or a
 * path without an extension, or ending in a separator, writes a TF.js layers folder.
 *
 * @throws CliError for an extension no format has (listing the formats), a JSON file
 *   name other than model.json, or a format's extension followed by a separator.
 */
export async function modelDestination(path: string): Promise<ModelDestination> {
  const { basename, dirname } = await import('node:path');
  const folder = (save: string): ModelDestination => ({
    given: path,
    save,
    format: null,
    description: FOLDER_FORMAT,
  });
  const ext = extensionOf(path);
  const format = formatForPath(path);
  if (/[\\/]$/.test(path)) {
    if (format) {
      throw new CliError(
        `'${path}' ends with a separator (a folder) but has the extension of ${format.description}: drop the separator to write that file, or choose a folder name without ${ext}`,
      );
    }
    return folder(path.replace(/[\\/]+$/, '') || path);
  }
  if (format) return { given: path, save: path, format, description: format.description };
  if (ext === '.json') {
    if (basename(path) !== 'model.json') {
      throw new CliError(
        `'${path}': a ${FOLDER_FORMAT} keeps its topology in model.json; write to the folder ('${dirname(path)}') or to ${dirname(path)}/model.json`,
      );
    }
    return folder(dirname(path));
  }
  // A word-like extension is taken for a file format Neurite lacks (`.pb`, `.pt`); a dotted
  // folder name such as `model-1.2` is a folder. An existing folder is always a folder.
  if (/^\.[a-z][a-z0-9_-]*$/i.test(ext) && !(await isFolder(path))) {
    throw new CliError(
      `unknown output extension '${ext}' in '${path}': Neurite writes ${writableFormats()}; end the path with '/' to write a folder of that name`,
    );
  }
  return folder(path);
}

async function isFolder(path: string): Promise<boolean> {
  const fs = await import('node:fs/promises');
  return fs.stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** A path with links and `..` resolved as far as it exists, for telling two paths apart. */
export async function canonicalPath(path: string): Promise<string> {
  const fs = await import('node:fs/promises');
  const { basename, dirname, join, resolve } = await import('node:path');
  const full = resolve(path);
  const real = await fs.realpath(full).catch(() => null);
  if (real !== null) return real;
  const parent = await fs.realpath(dirname(full)).catch(() => null);
  return parent === null ? full : join(parent, basename(full));
}
