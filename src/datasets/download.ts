/**
 * Downloads a data set file into a cache folder on Node: fetched and verified in memory
 * first, then written atomically (a temporary file in the same folder, fsync, rename), so
 * a failed or interrupted download never leaves a partial file behind. Node-only: load it
 * with a dynamic `import()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fetchFromMirrors, type FetchMirrorsArgs } from './fetch-mirrors.js';
import { isGzip } from './idx.js';
import type { DatasetFile } from './spec.js';

/**
 * Writes `bytes` to `path` atomically: readers see the old file (or none) or the whole new
 * one. The temporary file sits next to the target so the rename stays on one file system.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  // Make the rename itself durable; not every platform lets a folder be fsynced.
  try {
    const d = await open(dir, 'r');
    await d.sync().finally(() => d.close());
  } catch {
    // best effort
  }
}

/** Where a download landed and its verified, uncompressed contents. */
export interface Downloaded {
  readonly path: string;
  readonly url: string;
  readonly data: Uint8Array;
}

/**
 * Fetches `file` from the mirrors, verifies its uncompressed SHA-256 and stores it in `dir`
 * as `name.gz` (or `name` when the server already decompressed it).
 *
 * @throws NeuriteError listing the URLs tried when no mirror served it intact.
 */
export async function downloadFile(
  file: DatasetFile,
  dir: string,
  args: FetchMirrorsArgs,
): Promise<Downloaded> {
  const fetched = await fetchFromMirrors(file, args);
  const path = join(dir, isGzip(fetched.raw) ? `${file.name}.gz` : file.name);
  await writeFileAtomic(path, fetched.raw);
  return { path, url: fetched.url, data: fetched.data };
}
