/**
 * Gets one verified, uncompressed data set file. On Node: from the first local folder that
 * has it (see locate.ts), else downloaded into the cache. Elsewhere (browsers): fetched
 * from the mirrors into memory. Node modules are loaded with dynamic `import()` only on
 * the Node path, so this module is safe in a browser bundle.
 */
import { NeuriteError, ValueError } from '../errors.js';
import { fetchFromMirrors } from './fetch-mirrors.js';
import { gunzip, maybeGunzip } from './idx.js';
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

  const [{ readFile }, { join }, locate, { downloadFile }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('./locate.js'),
    import('./download.js'),
  ]);
  const cacheDir = args.cacheDir ?? locate.defaultCacheDir();
  const dirs = locate.searchDirs(dataset, args.dataDir, cacheDir);
  const path = await locate.findLocal(file, dirs);
  if (path !== null) {
    const bytes = new Uint8Array(await readFile(path));
    const data = path.endsWith('.gz') ? gunzip(bytes, path) : maybeGunzip(bytes, path);
    if (verify) {
      const sum = await sha256Hex(data);
      if (sum !== file.sha256) {
        throw new ValueError(
          `${dataset}: '${path}' is not the expected ${file.name}: its uncompressed SHA-256 is ${sum}, expected ${file.sha256}. ` +
            `Delete the file to download it again, or pass verify: false to use it anyway.`,
        );
      }
    }
    return { path, data };
  }

  const searched = dirs.map((d) => `  ${d}`).join('\n');
  if (!download) {
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
