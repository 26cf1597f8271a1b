/**
 * Gets one verified, uncompressed data set file. On Node: from the first local folder that
 * has it (see locate.ts), else downloaded into the cache. Elsewhere (browsers): fetched
 * from the mirrors into memory. Node modules are loaded with dynamic `import()` only on
 * the Node path, so this module is safe in a browser bundle.
 */
import { NeuriteError, ValueError } from '../errors.js';
import { fetchFromMirrors } from './fetch-mirrors.js';
import { gunzip, isGzip, maybeGunzip } from './idx.js';
import { sha256Hex } from './sha256.js';
import type { DatasetFile } from './spec.js';

/** Where to find files and how to fetch missing ones. */
export interface ReadFileArgs {
  /** Folder searched first: holding the files, or a subfolder named after the data set. */
  dataDir?: string;
  /** Download cache. Default `NEURITE_CACHE`, else `~/.cache/neurite/datasets`. */
  cacheDir?: string;
  /** Mirror base URLs tried in order for missing files. Default: the data set's own. */
  mirrors?: readonly string[];
  /** Check each local file's SHA-256 (downloads are always checked). Default true. */
  verify?: boolean;
  /** Download files found nowhere locally. Default true. */
  download?: boolean;
  /** Time allowed per download request, in milliseconds. Default 120000. */
  timeoutMs?: number;
}

/** A file's verified, uncompressed bytes and where they came from. */
export interface ReadFileResult {
  readonly path: string;
  readonly data: Uint8Array;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Reads `file` of `dataset`, uncompressed, its SHA-256 checked.
 *
 * @param dataset the data set's folder name (`mnist`), for paths and messages.
 * @param mirrors the data set's default mirrors, used unless `args.mirrors` is given.
 * @throws ValueError when a local file is damaged (bad gzip, wrong SHA-256).
 * @throws NeuriteError when the file is nowhere locally and cannot be downloaded.
 */
export async function readDatasetFile(
  dataset: string,
  file: DatasetFile,
  mirrors: readonly string[],
  args: ReadFileArgs = {},
): Promise<ReadFileResult> {
  const { verify = true, download = true, timeoutMs } = args;
  const fetchArgs = { mirrors: args.mirrors ?? mirrors, timeoutMs };
  if (!isNode) {
    if (!download) {
      throw new NeuriteError(`${dataset}: '${file.name}' needs downloading, but download is false`);
    }
    const fetched = await fetchFromMirrors(file, fetchArgs);
    return { path: fetched.url, data: fetched.data };
  }

  const found = await findOrDownload(dataset, file, fetchArgs, args);
  if ('data' in found) return found;
  const path = found.local;
  const [{ readFile }] = await Promise.all([import('node:fs/promises')]);
  // The Buffer as a plain Uint8Array over the same memory (no copy of the file).
  const buf = await readFile(path);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const data = path.endsWith('.gz') ? gunzip(bytes, path) : maybeGunzip(bytes, path);
  if (verify) checkSum(dataset, path, file, await sha256Hex(data));
  return { path, data };
}

function checkSum(dataset: string, path: string, file: DatasetFile, sum: string): void {
  if (sum !== file.sha256) {
    throw new ValueError(
      `${dataset}: '${path}' is not the expected ${file.name}: its uncompressed SHA-256 is ${sum}, expected ${file.sha256}. ` +
        `Delete the file to download it again, or pass verify: false to use it anyway.`,
    );
  }
}

/** Node only: the local copy of `file`, else the verified download. */
async function findOrDownload(
  dataset: string,
  file: DatasetFile,
  fetchArgs: { mirrors: readonly string[]; timeoutMs: number | undefined },
  args: ReadFileArgs,
): Promise<{ local: string } | ReadFileResult> {
  const [{ join }, locate, { downloadFile }] = await Promise.all([
    import('node:path'),
    import('./locate.js'),
    import('./download.js'),
  ]);
  const cacheDir = args.cacheDir ?? locate.defaultCacheDir();
  const dirs = locate.searchDirs(dataset, args.dataDir, cacheDir);
  const path = await locate.findLocal(file, dirs);
  if (path !== null) return { local: path };
  const searched = dirs.map((d) => `  ${d}`).join('\n');
  if (args.download === false) {
    throw new NeuriteError(
      `${dataset}: '${file.name}(.gz)' not found in:\n${searched}\nand download is false`,
    );
  }
  try {
    return await downloadFile(file, join(cacheDir, dataset), fetchArgs);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new NeuriteError(
      `${dataset}: '${file.name}(.gz)' not found in:\n${searched}\nand ${why}`,
    );
  }
}

/**
 * Receives a file's uncompressed bytes in order, a piece at a time, from
 * {@link readDatasetFileInto}. The pieces are only valid during the call.
 */
export interface ByteSink {
  /**
   * Called once, before any bytes: the uncompressed length as the file states it (its size,
   * or a gzip file's trailer), or null where it is not known beforehand. A damaged file may
   * state a wrong length: the bytes that arrive are what counts.
   */
  begin(length: number | null): void;
  write(bytes: Uint8Array): void;
}

/** Bytes read from a local file per step while streaming. */
const READ_CHUNK = 1 << 20;

/**
 * As {@link readDatasetFile}, but hands the uncompressed bytes to `sink` piece by piece
 * instead of returning them: a local file on Node is read and decompressed in small pieces,
 * so the whole file is never in memory at once (elsewhere, and for a download, the bytes
 * come in one piece). The SHA-256 is checked once all bytes have gone to `sink`, so a sink
 * defers its own format errors until this resolves: a wrong file is reported as such.
 *
 * @returns the path (or URL) the bytes came from.
 * @throws as {@link readDatasetFile}.
 */
export async function readDatasetFileInto(
  dataset: string,
  file: DatasetFile,
  mirrors: readonly string[],
  args: ReadFileArgs,
  sink: ByteSink,
): Promise<string> {
  const whole = async (): Promise<string> => {
    const r = await readDatasetFile(dataset, file, mirrors, args);
    sink.begin(r.data.length);
    sink.write(r.data);
    return r.path;
  };
  if (!isNode) return whole();
  const fetchArgs = { mirrors: args.mirrors ?? mirrors, timeoutMs: args.timeoutMs };
  const found = await findOrDownload(dataset, file, fetchArgs, args);
  if ('data' in found) {
    sink.begin(found.data.length);
    sink.write(found.data);
    return found.path;
  }
  const path = found.local;
  const [{ open }, { createGunzip }, { pipeline }, { createHash }] = await Promise.all([
    import('node:fs/promises'),
    import('node:zlib'),
    import('node:stream/promises'),
    import('node:crypto'),
  ]);
  const handle = await open(path, 'r');
  let sum: string;
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(size, 2));
    await handle.read(head, 0, head.length, 0);
    const gz = isGzip(head);
    // A .gz that is not gzip: the same error as the whole-file path.
    if (!gz && path.endsWith('.gz')) gunzip(head, path);
    let length: number | null = size;
    if (gz) {
      // ISIZE, the gzip trailer's last four bytes: the length modulo 2^32.
      const tail = new Uint8Array(4);
      length = null;
      if (size >= 18 && (await handle.read(tail, 0, 4, size - 4)).bytesRead === 4)
        length = new DataView(tail.buffer).getUint32(0, true);
    }
    sink.begin(length);
    const hash = createHash('sha256');
    const source = handle.createReadStream({
      highWaterMark: READ_CHUNK,
      start: 0,
      autoClose: false,
    });
    const consume = async (chunks: AsyncIterable<Uint8Array>): Promise<void> => {
      for await (const chunk of chunks) {
        hash.update(chunk);
        sink.write(chunk);
      }
    };
    try {
      if (gz) await pipeline(source, createGunzip({ chunkSize: 1 << 16 }), consume);
      else await pipeline(source, consume);
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && code.startsWith('Z_')) {
        throw new ValueError(
          `gunzip '${path}': damaged or truncated gzip data (${(e as Error).message})`,
        );
      }
      throw e;
    }
    sum = hash.digest('hex');
  } finally {
    await handle.close();
  }
  if (args.verify !== false) checkSum(dataset, path, file, sum);
  return path;
}
